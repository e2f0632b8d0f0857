// The HTTP/1.1 server: accepts connections on one port and serves each on its own thread with
// blocking I/O through Boost.Beast's parser (keep-alive, pipelining, chunked request bodies,
// Expect: 100-continue, streamed bodies in both directions).
//
// Why a thread per connection: handlers block (metadata transactions, file I/O, long polls)
// and read request bodies as streams; a thread per connection keeps that straightforward,
// and the connection cap bounds it. A reaper thread enforces idle and I/O timeouts by shutting
// down stalled sockets, which also wakes idle connections for a graceful shutdown.
//
// Thread safety: Start/Shutdown from one thread; the Handler is called concurrently from many
// connection threads and must be thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>

#include "common/status.h"
#include "http/request.h"
#include "http/response.h"

namespace sluice::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 4566;              // 0 picks a free port (see Server::port())
  size_t max_header_bytes = 64 << 10;  // request line plus header fields
  size_t max_connections = 4096;     // beyond this, new connections get 503 and are closed
  int idle_timeout_seconds = 75;     // keep-alive connection with no request
  int io_timeout_seconds = 120;      // a read or write making no progress
  int shutdown_grace_seconds = 30;   // in-flight requests get this long to finish on shutdown

  // InvalidArgument naming the bad field.
  Status Validate() const;
};

// Facts about one finished exchange, for metrics and the access log.
struct Completion {
  uint64_t bytes_received = 0;  // header and body bytes read
  uint64_t bytes_sent = 0;      // header and body bytes written
  int64_t duration_micros = 0;  // from the request header to the last byte written
  bool write_failed = false;
};

class Handler {
 public:
  virtual ~Handler() = default;
  // Produces the response. May read request.body; what it leaves unread is drained or the
  // connection is closed.
  virtual Response Handle(Request& request) = 0;
  // Called after the response was written (or the write failed).
  virtual void Completed(const Request& request, const Response& response, const Completion& completion) {}
};

class Server {
 public:
  // Binds, listens and starts accepting. `handler` must outlive the server.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, Handler* handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (useful when options.port was 0).
  uint16_t port() const { return port_; }
  // Stops accepting, closes idle connections, lets in-flight requests finish (up to the grace
  // period, then closes everything) and returns when every connection is gone. Idempotent.
  void Shutdown();
  size_t open_connections() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  uint16_t port_ = 0;
};

}  // namespace sluice::http
