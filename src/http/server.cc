// HTTP/1.1 server on Boost.Beast with a thread per connection: see server.h.
// This file and json_service-free parts of router.cc are the only places that include Beast
// and Asio headers, which keeps the build fast.
#include "http/server.h"

#include <pthread.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/clock.h"
#include "common/encoding.h"
#include "common/ids.h"
#include "http/aws_error.h"

namespace sluice::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr int64_t kNoDeadline = INT64_MAX;
constexpr size_t kDrainLimit = 64 << 20;  // unread body bytes we read and discard to keep a connection

// One connection as the reaper sees it.
struct Slot {
  int fd = -1;
  std::atomic<int64_t> deadline{kNoDeadline};  // monotonic micros; past it the socket is shut down
  std::atomic<bool> idle{true};                // waiting for the first byte of a request
};

// A blocking socket that arms the reaper's deadline around every read and write, and counts
// bytes. Models Beast's SyncReadStream and SyncWriteStream.
class TimedStream {
 public:
  TimedStream(tcp::socket& socket, Slot& slot) : socket_(socket), slot_(slot) {}

  void set_timeout_seconds(int seconds) { timeout_micros_ = int64_t{seconds} * 1000000; }

  template <typename MutableBuffers>
  size_t read_some(const MutableBuffers& buffers, boost::system::error_code& ec) {
    Arm();
    size_t n = socket_.read_some(buffers, ec);
    Disarm();
    bytes_read += n;
    return n;
  }
  template <typename MutableBuffers>
  size_t read_some(const MutableBuffers& buffers) {
    boost::system::error_code ec;
    size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }
  template <typename ConstBuffers>
  size_t write_some(const ConstBuffers& buffers, boost::system::error_code& ec) {
    Arm();
    size_t n = socket_.write_some(buffers, ec);
    Disarm();
    bytes_written += n;
    return n;
  }
  template <typename ConstBuffers>
  size_t write_some(const ConstBuffers& buffers) {
    boost::system::error_code ec;
    size_t n = write_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

  // Sends `length` bytes of `file` from `offset` with sendfile(2).
  bool SendFile(const File& file, uint64_t offset, uint64_t length) {
    off_t position = static_cast<off_t>(offset);
    while (length > 0) {
      Arm();
      ssize_t n = ::sendfile(socket_.native_handle(), file.fd(), &position,
                             static_cast<size_t>(std::min<uint64_t>(length, 1u << 30)));
      Disarm();
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      length -= static_cast<uint64_t>(n);
      bytes_written += static_cast<uint64_t>(n);
    }
    return true;
  }

  uint64_t bytes_read = 0;
  uint64_t bytes_written = 0;

 private:
  void Arm() { slot_.deadline.store(MonotonicMicros() + timeout_micros_, std::memory_order_relaxed); }
  void Disarm() { slot_.deadline.store(kNoDeadline, std::memory_order_relaxed); }

  tcp::socket& socket_;
  Slot& slot_;
  int64_t timeout_micros_ = 60'000'000;
};

using RequestParser = bhttp::request_parser<bhttp::buffer_body>;

// The request body, pulled from Beast's parser into the caller's buffer.
class ParserBodyReader final : public BodyReader {
 public:
  ParserBodyReader(TimedStream& stream, beast::flat_buffer& buffer, RequestParser& parser, bool expect_continue)
      : stream_(stream), buffer_(buffer), parser_(parser), continue_pending_(expect_continue) {}

  Result<size_t> Read(char* out, size_t size) override {
    if (size == 0 || parser_.is_done()) return size_t{0};
    if (continue_pending_) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      boost::system::error_code ec;
      asio::write(stream_, asio::buffer(kContinue.data(), kContinue.size()), ec);
      continue_pending_ = false;
      if (ec) return IoError("writing 100 Continue: " + ec.message());
    }
    while (!parser_.is_done()) {
      auto& body = parser_.get().body();
      body.data = out;
      body.size = size;
      body.more = true;
      boost::system::error_code ec;
      bhttp::read_some(stream_, buffer_, parser_, ec);
      size_t got = size - body.size;
      body.data = nullptr;
      body.size = 0;
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec) {
        failed_ = true;
        return AwsError("IncompleteBody", 400,
                        "The request body terminated unexpectedly (" + ec.message() + ")");
      }
      if (got > 0) return got;
    }
    return size_t{0};
  }

  // Reads and discards up to `limit` more bytes; true when the body ended.
  bool Drain(size_t limit) {
    if (continue_pending_ || failed_) return false;
    char scratch[16 * 1024];
    size_t drained = 0;
    while (!parser_.is_done()) {
      auto n = Read(scratch, sizeof(scratch));
      if (!n.ok() || *n == 0) return parser_.is_done();
      drained += *n;
      if (drained > limit) return false;
    }
    return true;
  }

  bool continue_pending() const { return continue_pending_; }

 private:
  TimedStream& stream_;
  beast::flat_buffer& buffer_;
  RequestParser& parser_;
  bool continue_pending_;
  bool failed_ = false;
};

// Removes CR and LF so that no header value can split the response.
std::string SafeHeaderValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c != '\r' && c != '\n') out += c;
  }
  return out;
}

bool IsDisconnect(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::shut_down || ec == asio::error::operation_aborted ||
         ec == bhttp::error::partial_message;
}

}  // namespace

Status ServerOptions::Validate() const {
  if (host.empty()) return InvalidArgument("listen host is empty");
  if (max_header_bytes < 1024) return InvalidArgument("max_header_bytes must be at least 1024");
  if (max_connections < 1) return InvalidArgument("max_connections must be at least 1");
  if (idle_timeout_seconds < 1 || io_timeout_seconds < 1) return InvalidArgument("timeouts must be at least 1 second");
  return Status::Ok();
}

struct Server::Impl {
  ServerOptions options;
  Handler* handler = nullptr;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread accept_thread;
  std::thread reaper_thread;
  std::atomic<bool> stopping{false};

  mutable std::mutex mutex;
  std::condition_variable changed;
  std::unordered_set<Slot*> slots;  // guarded by mutex
  bool reaper_stop = false;         // guarded by mutex

  void AcceptLoop();
  void ReaperLoop();
  void Serve(tcp::socket& socket, Slot& slot);
  bool WriteResponse(TimedStream& stream, const Request& request, Response& response, bool keep_alive,
                     bool http10);
};

void Server::Impl::AcceptLoop() {
  for (;;) {
    tcp::socket socket(io);
    boost::system::error_code ec;
    acceptor.accept(socket, ec);
    if (stopping.load()) return;
    if (ec) {
      if (ec == asio::error::bad_descriptor || ec == asio::error::invalid_argument) return;
      spdlog::warn("accept failed: {}", ec.message());
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // EMFILE and friends: back off
      continue;
    }
    auto slot = std::make_unique<Slot>();
    slot->fd = socket.native_handle();
    {
      std::lock_guard lock(mutex);
      if (slots.size() >= options.max_connections) {
        static constexpr std::string_view kBusy =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        boost::system::error_code ignored;
        asio::write(socket, asio::buffer(kBusy.data(), kBusy.size()), ignored);
        socket.close(ignored);
        continue;
      }
      slots.insert(slot.get());
    }
    // The socket is owned through a pointer and destroyed before the slot is released, so
    // nothing of the connection outlives the server once Shutdown() has seen it go.
    auto owned = std::make_unique<tcp::socket>(std::move(socket));
    std::thread([this, owned = std::move(owned), slot = std::move(slot)]() mutable {
      pthread_setname_np(pthread_self(), "http-conn");
      Serve(*owned, *slot);
      owned.reset();
      std::lock_guard lock(mutex);
      slots.erase(slot.get());
      changed.notify_all();
    }).detach();
  }
}

void Server::Impl::ReaperLoop() {
  std::unique_lock lock(mutex);
  while (!reaper_stop) {
    changed.wait_for(lock, std::chrono::milliseconds(200));
    int64_t now = MonotonicMicros();
    bool closing_idle = stopping.load();
    for (Slot* slot : slots) {
      if (slot->deadline.load(std::memory_order_relaxed) < now || (closing_idle && slot->idle.load())) {
        ::shutdown(slot->fd, SHUT_RDWR);
      }
    }
  }
}

void Server::Impl::Serve(tcp::socket& socket, Slot& slot) {
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  std::string remote;
  {
    auto endpoint = socket.remote_endpoint(ec);
    if (!ec) remote = fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
  }
  TimedStream stream(socket, slot);
  beast::flat_buffer buffer;

  for (;;) {
    slot.idle.store(true);
    if (stopping.load() && buffer.size() == 0) break;
    RequestParser parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(boost::none);  // handlers enforce their own limits while streaming
    stream.set_timeout_seconds(buffer.size() > 0 ? options.io_timeout_seconds : options.idle_timeout_seconds);
    uint64_t read_before = stream.bytes_read;
    uint64_t written_before = stream.bytes_written;
    bhttp::read_header(stream, buffer, parser, ec);
    slot.idle.store(false);
    stream.set_timeout_seconds(options.io_timeout_seconds);
    if (ec) {
      if (!IsDisconnect(ec) && ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) {
        Response response = ec == bhttp::error::header_limit
                                ? EncodeS3Error(AwsError("RequestHeaderSectionTooLarge", 400,
                                                         "Your request header section exceeds the maximum allowed size."),
                                                "", NewRequestId())
                                : EncodeS3Error(AwsError("BadRequest", 400, "Malformed HTTP request: " + ec.message()),
                                                "", NewRequestId());
        Request dummy;
        dummy.method = "GET";
        WriteResponse(stream, dummy, response, /*keep_alive=*/false, /*http10=*/false);
      }
      break;
    }

    int64_t started = MonotonicMicros();
    auto& message = parser.get();
    Request request;
    request.received_micros = NowMicros();
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.remote_address = remote;
    for (const auto& field : message) request.headers.Add(field.name_string(), field.value());
    if (auto length = parser.content_length()) request.content_length = *length;
    else if (!parser.chunked()) request.content_length = 0;

    std::string_view target = request.target;
    // Absolute-form targets (sent through proxies): drop scheme and authority.
    if (target.starts_with("http://") || target.starts_with("https://")) {
      size_t slash = target.find('/', target.find("//") + 2);
      target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
    size_t question = target.find('?');
    request.raw_path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) request.raw_query = std::string(target.substr(question + 1));

    bool expect_continue = EqualsIgnoreCase(request.headers.GetOr("expect", ""), "100-continue");
    // With an empty body the reader never sends 100 Continue; it goes out before the final
    // response instead, as S3 does: botocore otherwise pairs its next request on this connection
    // with this response's status line.
    bool continue_before_response = expect_continue && parser.is_done();
    ParserBodyReader reader(stream, buffer, parser, expect_continue && !parser.is_done());
    request.body = &reader;

    Response response;
    auto decoded_path = UriDecode(request.raw_path);
    auto query = QueryParams::Parse(request.raw_query);
    if (request.raw_path.empty() || request.raw_path.front() != '/' || !decoded_path || !query.ok()) {
      response = EncodeS3Error(AwsError("InvalidURI", 400, "Couldn't parse the specified URI."), request.raw_path,
                               NewRequestId());
    } else {
      request.path = std::move(*decoded_path);
      request.query = std::move(*query);
      try {
        response = handler->Handle(request);
      } catch (const std::exception& e) {
        spdlog::error("handler threw for {} {}: {}", request.method, request.target, e.what());
        response = EncodeS3Error(AwsError("InternalError", 500, "We encountered an internal error. Please try again."),
                                 request.raw_path, request.request_id.empty() ? NewRequestId() : request.request_id);
      }
    }

    bool keep_alive = message.keep_alive() && !response.close_connection && !stopping.load();
    if (!parser.is_done() && !reader.Drain(kDrainLimit)) keep_alive = false;
    bool http10 = message.version() == 10;
    boost::system::error_code continue_error;
    if (continue_before_response) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::write(stream, asio::buffer(kContinue.data(), kContinue.size()), continue_error);
    }
    bool written = !continue_error && WriteResponse(stream, request, response, keep_alive, http10);

    Completion completion;
    completion.bytes_received = stream.bytes_read - read_before;
    completion.bytes_sent = stream.bytes_written - written_before;
    completion.duration_micros = MonotonicMicros() - started;
    completion.write_failed = !written;
    handler->Completed(request, response, completion);
    if (!written || !keep_alive) break;
  }
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

bool Server::Impl::WriteResponse(TimedStream& stream, const Request& request, Response& response, bool keep_alive,
                                 bool http10) {
  const int status = response.status;
  const bool no_body_status = status < 200 || status == 204 || status == 304;
  const bool head = request.method == "HEAD";
  std::string head_text = fmt::format("HTTP/1.1 {} {}\r\n", status,
                                      std::string_view(bhttp::obsolete_reason(static_cast<bhttp::status>(status))));
  if (!no_body_status && !response.headers.Has("Content-Length")) {
    head_text += fmt::format("Content-Length: {}\r\n", response.body_size());
  }
  for (const auto& [name, value] : response.headers.items()) {
    head_text += SafeHeaderValue(name);
    head_text += ": ";
    head_text += SafeHeaderValue(value);
    head_text += "\r\n";
  }
  if (!response.headers.Has("Date")) head_text += fmt::format("Date: {}\r\n", FormatHttpDate(NowMicros()));
  if (!response.headers.Has("Server")) head_text += "Server: Sluice\r\n";
  if (!keep_alive) head_text += "Connection: close\r\n";
  else if (http10) head_text += "Connection: keep-alive\r\n";
  head_text += "\r\n";

  boost::system::error_code ec;
  if (head || no_body_status) {
    asio::write(stream, asio::buffer(head_text), ec);
    return !ec;
  }
  if (!response.source) {
    std::array<asio::const_buffer, 2> buffers = {asio::buffer(head_text), asio::buffer(response.body)};
    asio::write(stream, buffers, ec);
    return !ec;
  }
  asio::write(stream, asio::buffer(head_text), ec);
  if (ec) return false;
  BodySource& source = *response.source;
  if (const File* file = source.file()) return stream.SendFile(*file, source.file_offset(), source.size());
  std::vector<char> chunk(256 * 1024);
  uint64_t left = source.size();
  while (left > 0) {
    auto n = source.Read(chunk.data(), static_cast<size_t>(std::min<uint64_t>(left, chunk.size())));
    if (!n.ok() || *n == 0) {
      spdlog::error("response body for {} ended early: {}", request.target, n.ok() ? "short source" : n.status().ToString());
      return false;  // the client sees a truncated body and the connection closes
    }
    asio::write(stream, asio::buffer(chunk.data(), *n), ec);
    if (ec) return false;
    left -= *n;
  }
  return true;
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Shutdown(); }

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Handler* handler) {
  RETURN_IF_ERROR(options.Validate());
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->handler = handler;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(options.host == "localhost" ? "127.0.0.1" : options.host, ec);
  if (ec) return InvalidArgument(fmt::format("cannot listen on '{}': not an IP address", options.host));
  tcp::endpoint endpoint(address, options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return IoError(fmt::format("cannot listen on {}:{}: {}", options.host, options.port, ec.message()));
  uint16_t port = impl->acceptor.local_endpoint().port();
  Impl* raw = impl.get();
  raw->accept_thread = std::thread([raw] {
    pthread_setname_np(pthread_self(), "http-accept");
    raw->AcceptLoop();
  });
  raw->reaper_thread = std::thread([raw] {
    pthread_setname_np(pthread_self(), "http-reaper");
    raw->ReaperLoop();
  });
  std::unique_ptr<Server> server(new Server(std::move(impl)));
  server->port_ = port;
  return server;
}

void Server::Shutdown() {
  if (!impl_ || impl_->stopping.exchange(true)) return;
  // Wake the blocked accept() and stop listening.
  ::shutdown(impl_->acceptor.native_handle(), SHUT_RDWR);
  if (impl_->accept_thread.joinable()) impl_->accept_thread.join();
  boost::system::error_code ec;
  impl_->acceptor.close(ec);
  {
    std::unique_lock lock(impl_->mutex);
    impl_->changed.notify_all();  // the reaper closes idle connections on its next pass
    bool drained = impl_->changed.wait_for(lock, std::chrono::seconds(impl_->options.shutdown_grace_seconds),
                                           [&] { return impl_->slots.empty(); });
    if (!drained) {
      spdlog::warn("{} connections still busy after {} s; closing them", impl_->slots.size(),
                   impl_->options.shutdown_grace_seconds);
      for (Slot* slot : impl_->slots) ::shutdown(slot->fd, SHUT_RDWR);
      impl_->changed.wait(lock, [&] { return impl_->slots.empty(); });
    }
    impl_->reaper_stop = true;
    impl_->changed.notify_all();
  }
  if (impl_->reaper_thread.joinable()) impl_->reaper_thread.join();
}

size_t Server::open_connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->slots.size();
}

}  // namespace sluice::http
