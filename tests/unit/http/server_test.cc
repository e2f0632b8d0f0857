// The HTTP server over real loopback sockets: keep-alive, pipelining, chunked bodies,
// Expect: 100-continue, limits, and graceful shutdown with a request in flight.
#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace sluice::http {
namespace {

// Answers "<METHOD> <path> <body bytes>"; a request to /slow waits for `release`.
class EchoHandler final : public Handler {
 public:
  Response Handle(Request& request) override {
    if (request.path == "/slow") {
      slow_started.set_value();
      release.get_future().wait();
    }
    size_t body_bytes = 0;
    if (request.path != "/ignore-body") {
      auto body = ReadAll(*request.body, 1 << 20);
      if (!body.ok()) return TextResponse(400, "text/plain", body.status().message());
      body_bytes = body->size();
    }
    return TextResponse(200, "text/plain", request.method + " " + request.path + " " + std::to_string(body_bytes));
  }
  std::promise<void> slow_started;
  std::promise<void> release;
};

class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~Client() { ::close(fd_); }
  bool connected() const { return connected_; }
  void Send(const std::string& data) { ASSERT_EQ(::send(fd_, data.data(), data.size(), MSG_NOSIGNAL), (ssize_t)data.size()); }
  // Reads until `count` complete responses (by Content-Length) have arrived or the peer closes.
  std::string ReadResponses(int count) {
    std::string data;
    char buffer[4096];
    while (CountComplete(data) < count) {
      ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      data.append(buffer, static_cast<size_t>(n));
    }
    return data;
  }
  // Reads byte by byte until `marker` has arrived (or the peer closes).
  std::string ReadUntil(const std::string& marker) {
    std::string data;
    char c;
    while (data.find(marker) == std::string::npos && ::recv(fd_, &c, 1, 0) == 1) data += c;
    return data;
  }
  bool ClosedByPeer() {
    char c;
    return ::recv(fd_, &c, 1, 0) == 0;
  }

 private:
  static int CountComplete(const std::string& data) {
    int complete = 0;
    size_t pos = 0;
    for (;;) {
      size_t end = data.find("\r\n\r\n", pos);
      if (end == std::string::npos) return complete;
      std::string head = data.substr(pos, end - pos);
      size_t length = 0;
      if (auto cl = head.find("Content-Length: "); cl != std::string::npos) length = std::stoul(head.substr(cl + 16));
      if (head.starts_with("HTTP/1.1 100")) length = 0;
      if (data.size() < end + 4 + length) return complete;
      if (!head.starts_with("HTTP/1.1 100")) ++complete;
      pos = end + 4 + length;
    }
  }
  int fd_;
  bool connected_ = false;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.max_header_bytes = 4096;
    options.shutdown_grace_seconds = 10;
    server_ = *Server::Start(options, &handler_);
  }
  EchoHandler handler_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, KeepAliveAndPipelining) {
  Client client(server_->port());
  ASSERT_TRUE(client.connected());
  client.Send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPUT /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
  std::string responses = client.ReadResponses(2);
  EXPECT_NE(responses.find("GET /a 0"), std::string::npos) << responses;
  EXPECT_NE(responses.find("PUT /b 3"), std::string::npos) << responses;
  client.Send("GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(client.ReadResponses(1).find("GET /c 0"), std::string::npos);
}

TEST_F(ServerTest, ChunkedRequestBody) {
  Client client(server_->port());
  client.Send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n");
  EXPECT_NE(client.ReadResponses(1).find("POST /up 7"), std::string::npos);
}

TEST_F(ServerTest, ExpectContinueIsAnsweredBeforeTheBody) {
  Client client(server_->port());
  client.Send("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  // The interim response arrives before we send any of the body.
  EXPECT_EQ(client.ReadUntil("\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
  client.Send("hello");
  std::string response = client.ReadResponses(1);
  EXPECT_NE(response.find("PUT /x 5"), std::string::npos) << response;
}

TEST_F(ServerTest, OversizedHeadersGetAnErrorAndTheServerKeepsServing) {
  Client client(server_->port());
  std::string request = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 400; ++i) request += "X-Filler-" + std::to_string(i) + ": some value here\r\n";
  request += "\r\n";
  client.Send(request);
  std::string response = client.ReadResponses(1);
  EXPECT_NE(response.find("400"), std::string::npos);
  EXPECT_NE(response.find("RequestHeaderSectionTooLarge"), std::string::npos);
  Client again(server_->port());
  again.Send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(again.ReadResponses(1).find("GET /ok 0"), std::string::npos);
}

TEST_F(ServerTest, GarbageRequestLineIsRefused) {
  Client client(server_->port());
  client.Send("NOT HTTP AT ALL\r\n\r\n");
  std::string response = client.ReadResponses(1);
  EXPECT_NE(response.find("HTTP/1.1 400"), std::string::npos) << response;
}

TEST_F(ServerTest, UnreadBodyIsDrainedSoTheConnectionStaysUsable) {
  Client client(server_->port());
  client.Send("PUT /ignore-body HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string responses = client.ReadResponses(2);
  EXPECT_NE(responses.find("PUT /ignore-body 0"), std::string::npos);
  EXPECT_NE(responses.find("GET /next 0"), std::string::npos);
}

TEST_F(ServerTest, GracefulShutdownFinishesInFlightRequests) {
  Client idle(server_->port());
  idle.Send("GET /warm HTTP/1.1\r\nHost: x\r\n\r\n");
  idle.ReadResponses(1);
  Client busy(server_->port());
  busy.Send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  handler_.slow_started.get_future().wait();
  std::thread stopper([&] { server_->Shutdown(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(idle.ClosedByPeer());  // idle keep-alive connections are closed at once
  handler_.release.set_value();
  std::string response = busy.ReadResponses(1);
  stopper.join();
  EXPECT_NE(response.find("GET /slow 0"), std::string::npos);
  EXPECT_NE(response.find("Connection: close"), std::string::npos);
  EXPECT_EQ(server_->open_connections(), 0u);
}

}  // namespace
}  // namespace sluice::http
