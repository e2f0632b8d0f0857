// Logging: human-readable diagnostics through spdlog on stderr, and structured JSON-lines logs
// (the HTTP access log, the event log) written to files in the data dir.
//
// Thread safety: all functions and JsonLinesLog methods are thread-safe.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <spdlog/spdlog.h>

#include "common/status.h"

namespace sluice {

// Configures the default spdlog logger: stderr, level by name ("debug", "info", "warn",
// "error", "off"). Unknown names give InvalidArgument.
Status InitLogging(std::string_view level);

// An append-only file of one JSON object per line. Lines are written whole (no interleaving)
// and flushed at once, so `tail -f` and crash recovery see complete records.
class JsonLinesLog {
 public:
  // Opens (creating or appending to) `path`.
  static Result<std::unique_ptr<JsonLinesLog>> Open(const std::string& path);
  ~JsonLinesLog();
  JsonLinesLog(const JsonLinesLog&) = delete;
  JsonLinesLog& operator=(const JsonLinesLog&) = delete;

  // Appends `record` with a "time" member (ISO-8601, UTC) added first.
  void Write(const boost::json::object& record);

 private:
  explicit JsonLinesLog(std::FILE* file) : file_(file) {}
  std::mutex mutex_;
  std::FILE* file_;  // guarded by mutex_
};

}  // namespace sluice
