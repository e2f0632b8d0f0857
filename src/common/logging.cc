// Logging: see logging.h.
#include "common/logging.h"

#include <boost/json/serialize.hpp>
#include <spdlog/sinks/stdout_sinks.h>

#include "common/clock.h"

namespace sluice {

Status InitLogging(std::string_view level) {
  auto parsed = spdlog::level::from_str(std::string(level));
  if (parsed == spdlog::level::off && level != "off") {
    return InvalidArgument(fmt::format("unknown log level '{}' (use debug, info, warn, error or off)", level));
  }
  auto logger = spdlog::stderr_logger_mt("sluice");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  logger->set_level(parsed);
  spdlog::set_default_logger(logger);
  return Status::Ok();
}

Result<std::unique_ptr<JsonLinesLog>> JsonLinesLog::Open(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "ae");
  if (!file) return ErrnoError("opening " + path, errno);
  return std::unique_ptr<JsonLinesLog>(new JsonLinesLog(file));
}

JsonLinesLog::~JsonLinesLog() {
  if (file_) std::fclose(file_);
}

void JsonLinesLog::Write(const boost::json::object& record) {
  boost::json::object line;
  line["time"] = FormatIso8601(NowMicros());
  for (const auto& [key, value] : record) line[key] = value;
  std::string text = boost::json::serialize(line);
  text += '\n';
  std::lock_guard lock(mutex_);
  std::fwrite(text.data(), 1, text.size(), file_);
  std::fflush(file_);
}

}  // namespace sluice
