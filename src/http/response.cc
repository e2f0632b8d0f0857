// Response pieces: see response.h.
#include "http/response.h"

namespace sluice::http {

Result<size_t> FileRangeSource::Read(char* buffer, size_t size) {
  uint64_t left = length_ - position_;
  if (left == 0) return size_t{0};
  size_t want = static_cast<size_t>(std::min<uint64_t>(left, size));
  ASSIGN_OR_RETURN(size_t n, file_.PRead(offset_ + position_, buffer, want));
  if (n == 0) return DataLoss("file " + file_.path() + " is shorter than its recorded size");
  position_ += n;
  return n;
}

Response TextResponse(int status, std::string content_type, std::string body) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace sluice::http
