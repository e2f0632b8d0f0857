// s3_load: the closed-loop S3 load generator of bench/s3/run. Each of --connections threads keeps
// one keep-alive connection and sends requests back to back, SigV4-signed per request as an SDK
// does (or unsigned, for nginx serving the same bytes from disk), then prints one JSON line:
// requests, errors, ops/s, MB/s and latency percentiles.
//
//   s3_load --port 4566 --mode get --bucket b --prefix obj/ --keys 1000 --connections 32 --seconds 10
//   s3_load --port 4566 --mode put --bucket b --prefix obj/ --keys 1000000 --size 16 --requests 1000000
//   s3_load --port 4566 --mode list --bucket b --prefix k/ --keys 1000000 --seconds 10
//   s3_load --port 4566 --mode bucket --bucket b      (creates the bucket)
//
// Keys are <prefix><index, 8 digits>. PUT bodies are UNSIGNED-PAYLOAD (what SDKs send over TLS
// and current SDKs send with trailing checksums) unless --signed-payload. Single-threaded per
// connection; thread-safe by construction (threads share only atomics and their own results).
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/crypto.h"
#include "common/encoding.h"
#include "http/sigv4/signing.h"

namespace {

struct Options {
  std::string host = "127.0.0.1";
  int port = 4566;
  std::string mode = "get";
  std::string bucket = "bench";
  std::string prefix = "obj/";
  uint64_t keys = 1000;
  uint64_t size = 4096;
  int connections = 32;
  double seconds = 10;
  uint64_t requests = 0;  // total, instead of a duration
  bool sign = true;
  bool signed_payload = false;
  std::string access_key = "sluice";
  std::string secret_key = "sluicesecret";
};

struct ThreadResult {
  uint64_t requests = 0;
  uint64_t errors = 0;
  uint64_t bytes = 0;
  std::vector<uint32_t> latency_micros;
  std::string first_error;
};

class Connection {
 public:
  explicit Connection(const Options& options) : options_(options) {}
  ~Connection() { Close(); }

  bool Send(const std::string& head, const std::string* body) {
    if (fd_ < 0 && !Open()) return false;
    if (!WriteAll(head.data(), head.size())) return false;
    if (body && !WriteAll(body->data(), body->size())) return false;
    return true;
  }

  // Reads one response; returns the status (0 on failure) and counts body bytes.
  int Receive(uint64_t* body_bytes, std::string* error_body) {
    std::string head;
    size_t end;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return 0;
    }
    head = pending_.substr(0, end + 4);
    pending_.erase(0, end + 4);
    int status = std::atoi(head.c_str() + 9);
    uint64_t length = 0;
    bool close = false;
    std::string lower = sluice::AsciiLower(head);
    size_t at = lower.find("\r\ncontent-length:");
    if (at != std::string::npos) length = std::strtoull(lower.c_str() + at + 17, nullptr, 10);
    if (lower.find("\r\nconnection: close") != std::string::npos) close = true;
    if (status == 100) return Receive(body_bytes, error_body);
    if (options_.mode == "head" || status == 204 || status == 304) length = 0;
    uint64_t left = length;
    while (left > 0) {
      if (pending_.empty() && !Fill()) return 0;
      size_t take = static_cast<size_t>(std::min<uint64_t>(left, pending_.size()));
      if (status >= 300 && error_body && error_body->size() < 2048) error_body->append(pending_.data(), take);
      pending_.erase(0, take);
      left -= take;
    }
    *body_bytes = length;
    if (close) Close();
    return status;
  }

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    pending_.clear();
  }

 private:
  bool Open() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(options_.port));
    ::inet_pton(AF_INET, options_.host.c_str(), &address.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      Close();
      return false;
    }
    return true;
  }
  bool WriteAll(const char* data, size_t size) {
    while (size > 0) {
      ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
      if (n <= 0) {
        Close();
        return false;
      }
      data += n;
      size -= static_cast<size_t>(n);
    }
    return true;
  }
  bool Fill() {
    char buffer[1 << 16];
    ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n <= 0) {
      Close();
      return false;
    }
    pending_.append(buffer, static_cast<size_t>(n));
    return true;
  }

  const Options& options_;
  int fd_ = -1;
  std::string pending_;
};

std::string KeyOf(const Options& options, uint64_t index) { return fmt::format("{}{:08d}", options.prefix, index); }

// The request head for one operation (and whether it carries the PUT body).
std::string BuildRequest(const Options& options, uint64_t index, const std::string& payload_hash,
                         std::mt19937_64& random) {
  std::string method = options.mode == "put" || options.mode == "bucket" ? "PUT"
                       : options.mode == "head"                          ? "HEAD"
                                                                         : "GET";
  std::string path;
  std::string query;
  if (options.mode == "bucket") {
    path = "/" + options.bucket;
  } else if (options.mode == "list") {
    path = "/" + options.bucket;
    std::string after = KeyOf(options, random() % options.keys);
    query = "list-type=2&max-keys=1000&prefix=" + sluice::UriEncode(options.prefix, false) +
            "&start-after=" + sluice::UriEncode(after, false);
  } else {
    path = "/" + options.bucket + "/" + sluice::UriEncode(KeyOf(options, index), true);
  }
  std::string host = fmt::format("{}:{}", options.host, options.port);
  std::vector<std::pair<std::string, std::string>> headers = {{"host", host}};
  if (options.mode == "put") headers.emplace_back("content-length", std::to_string(options.size));
  if (options.mode == "bucket") headers.emplace_back("content-length", "0");
  if (options.sign) {
    sluice::http::sigv4::SigningCredentials credentials{options.access_key, options.secret_key, "us-east-1"};
    sluice::http::sigv4::SignHeaders(method, path, query, headers, payload_hash, credentials, "s3",
                                     sluice::NowMicros());
  }
  std::string head = method + " " + path + (query.empty() ? "" : "?" + query) + " HTTP/1.1\r\n";
  for (const auto& [name, value] : headers) head += name + ": " + value + "\r\n";
  head += "\r\n";
  return head;
}

void Run(const Options& options, int thread, std::atomic<uint64_t>* issued, int64_t deadline_micros,
         const std::string* body, const std::string& payload_hash, ThreadResult* result) {
  Connection connection(options);
  std::mt19937_64 random(static_cast<uint64_t>(thread) * 7919 + 17);
  for (;;) {
    uint64_t n = issued->fetch_add(1);
    if (options.requests > 0 ? n >= options.requests : sluice::MonotonicMicros() >= deadline_micros) break;
    uint64_t index = options.mode == "put" && options.requests > 0 ? n % options.keys : random() % options.keys;
    int64_t started = sluice::MonotonicMicros();
    std::string head = BuildRequest(options, index, payload_hash, random);
    uint64_t received = 0;
    int status = 0;
    std::string error_body;
    if (connection.Send(head, options.mode == "put" ? body : nullptr)) status = connection.Receive(&received, &error_body);
    result->latency_micros.push_back(static_cast<uint32_t>(std::min<int64_t>(sluice::MonotonicMicros() - started, UINT32_MAX)));
    ++result->requests;
    if (status < 200 || status >= 300) {
      ++result->errors;
      if (result->first_error.empty()) result->first_error = fmt::format("status {} {}", status, error_body.substr(0, 300));
      connection.Close();
    } else {
      result->bytes += options.mode == "put" ? options.size : received;
    }
  }
}

bool ParseOptions(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (flag == "--host") options->host = next();
    else if (flag == "--port") options->port = std::atoi(next().c_str());
    else if (flag == "--mode") options->mode = next();
    else if (flag == "--bucket") options->bucket = next();
    else if (flag == "--prefix") options->prefix = next();
    else if (flag == "--keys") options->keys = std::strtoull(next().c_str(), nullptr, 10);
    else if (flag == "--size") options->size = std::strtoull(next().c_str(), nullptr, 10);
    else if (flag == "--connections") options->connections = std::atoi(next().c_str());
    else if (flag == "--seconds") options->seconds = std::atof(next().c_str());
    else if (flag == "--requests") options->requests = std::strtoull(next().c_str(), nullptr, 10);
    else if (flag == "--unsigned") options->sign = false;
    else if (flag == "--signed-payload") options->signed_payload = true;
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return false;
    }
  }
  return options->keys > 0 && options->connections > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, &options)) return 2;
  if (options.mode == "bucket") {
    options.connections = 1;
    options.requests = 1;
  }
  std::string body;
  std::string payload_hash(sluice::http::sigv4::kUnsignedPayload);
  if (options.mode == "put") {
    body.resize(options.size);
    std::mt19937_64 random(42);
    for (char& c : body) c = static_cast<char>(random());
    if (options.signed_payload) payload_hash = sluice::Sha256Hex(body);
  } else {
    payload_hash = std::string(sluice::http::sigv4::kEmptySha256);
  }
  std::atomic<uint64_t> issued{0};
  std::vector<ThreadResult> results(options.connections);
  std::vector<std::thread> threads;
  int64_t started = sluice::MonotonicMicros();
  int64_t deadline = started + static_cast<int64_t>(options.seconds * 1e6);
  for (int t = 0; t < options.connections; ++t) {
    threads.emplace_back(Run, std::cref(options), t, &issued, deadline, &body, std::cref(payload_hash), &results[t]);
  }
  for (auto& thread : threads) thread.join();
  double elapsed = static_cast<double>(sluice::MonotonicMicros() - started) / 1e6;

  uint64_t requests = 0, errors = 0, bytes = 0;
  std::vector<uint32_t> latencies;
  std::string first_error;
  for (auto& result : results) {
    requests += result.requests;
    errors += result.errors;
    bytes += result.bytes;
    latencies.insert(latencies.end(), result.latency_micros.begin(), result.latency_micros.end());
    if (first_error.empty()) first_error = result.first_error;
  }
  std::sort(latencies.begin(), latencies.end());
  auto percentile = [&](double p) -> double {
    if (latencies.empty()) return 0;
    return latencies[std::min(latencies.size() - 1, static_cast<size_t>(p * latencies.size()))] / 1000.0;
  };
  for (char& c : first_error) {
    if (c == '"' || c == '\n' || c == '\r' || c == '\\') c = ' ';
  }
  std::printf(
      "{\"mode\": \"%s\", \"connections\": %d, \"requests\": %llu, \"errors\": %llu, \"seconds\": %.3f, "
      "\"ops_per_second\": %.1f, \"mb_per_second\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, "
      "\"first_error\": \"%s\"}\n",
      options.mode.c_str(), options.connections, static_cast<unsigned long long>(requests),
      static_cast<unsigned long long>(errors), elapsed, requests / elapsed, bytes / elapsed / 1e6, percentile(0.5),
      percentile(0.99), latencies.empty() ? 0.0 : latencies.back() / 1000.0, first_error.c_str());
  return errors > 0 ? 1 : 0;
}
