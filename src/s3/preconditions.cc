// Preconditions: see preconditions.h.
#include "s3/preconditions.h"

#include "common/clock.h"
#include "common/encoding.h"
#include "storage/errors.h"

namespace sluice::s3 {

namespace {

std::string_view Unquote(std::string_view etag) {
  etag = TrimSpaces(etag);
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return etag;
}

// True when the object changed after the date in `header`; nullopt when the date is unusable.
std::optional<bool> ModifiedSince(std::string_view header, const storage::ObjectInfo& object) {
  auto date = ParseHttpDate(header);
  if (!date) return std::nullopt;
  return object.modified_micros / 1000000 > *date / 1000000;
}

}  // namespace

bool EtagListMatches(std::string_view header, std::string_view etag) {
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t comma = header.find(',', pos);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view item = Unquote(header.substr(pos, comma - pos));
    if (item == "*" || (!item.empty() && EqualsIgnoreCase(item, etag))) return true;
    pos = comma + 1;
  }
  return false;
}

ReadPrecondition EvaluateReadPreconditions(const http::Headers& headers, const storage::ObjectInfo& object) {
  if (auto if_match = headers.Get("if-match")) {
    if (!EtagListMatches(*if_match, object.etag)) return {ReadOutcome::kPreconditionFailed, "If-Match"};
  } else if (auto if_unmodified = headers.Get("if-unmodified-since")) {
    if (ModifiedSince(*if_unmodified, object).value_or(false)) {
      return {ReadOutcome::kPreconditionFailed, "If-Unmodified-Since"};
    }
  }
  if (auto if_none_match = headers.Get("if-none-match")) {
    if (EtagListMatches(*if_none_match, object.etag)) return {ReadOutcome::kNotModified, ""};
  } else if (auto if_modified = headers.Get("if-modified-since")) {
    if (!ModifiedSince(*if_modified, object).value_or(true)) return {ReadOutcome::kNotModified, ""};
  }
  return {};
}

Status CheckCopySourcePreconditions(const http::Headers& headers, const storage::ObjectInfo& source) {
  if (auto if_match = headers.Get("x-amz-copy-source-if-match")) {
    if (!EtagListMatches(*if_match, source.etag)) return storage::PreconditionFailed("x-amz-copy-source-If-Match");
  } else if (auto if_unmodified = headers.Get("x-amz-copy-source-if-unmodified-since")) {
    if (ModifiedSince(*if_unmodified, source).value_or(false)) {
      return storage::PreconditionFailed("x-amz-copy-source-If-Unmodified-Since");
    }
  }
  if (auto if_none_match = headers.Get("x-amz-copy-source-if-none-match")) {
    if (EtagListMatches(*if_none_match, source.etag)) {
      return storage::PreconditionFailed("x-amz-copy-source-If-None-Match");
    }
  }
  if (auto if_modified = headers.Get("x-amz-copy-source-if-modified-since")) {
    if (!ModifiedSince(*if_modified, source).value_or(true)) {
      return storage::PreconditionFailed("x-amz-copy-source-If-Modified-Since");
    }
  }
  return Status::Ok();
}

Result<storage::WriteConditions> ParseWriteConditions(const http::Headers& headers) {
  storage::WriteConditions conditions;
  if (auto if_none_match = headers.Get("if-none-match")) {
    if (TrimSpaces(*if_none_match) != "*") {
      return AwsError("NotImplemented", 501, "A header you provided implies functionality that is not implemented")
          .WithDetail("Header", "If-None-Match");
    }
    conditions.if_none_match = true;
  }
  if (auto if_match = headers.Get("if-match")) {
    std::string_view value = Unquote(*if_match);
    if (value.empty()) return storage::InvalidArgumentFor("If-Match must name an ETag", "If-Match", *if_match);
    conditions.if_match = AsciiLower(value);
  }
  return conditions;
}

}  // namespace sluice::s3
