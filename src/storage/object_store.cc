// Backend-independent parts of the object store: see object_store.h.
#include "storage/object_store.h"

namespace sluice::storage {

Result<ObjectInfo> ObjectStore::PutObject(std::string_view bucket, std::string_view key, ByteSource& body,
                                          PutOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<ObjectWriter> writer, NewObjectWriter(bucket, key, std::move(options)));
  RETURN_IF_ERROR(writer->AppendFrom(body));
  return writer->Commit();
}

bool IsValidBucketName(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  auto is_letter_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!is_letter_or_digit(name.front()) || !is_letter_or_digit(name.back())) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!is_letter_or_digit(c) && c != '-' && c != '.') return false;
    if (c == '.' && i + 1 < name.size() && name[i + 1] == '.') return false;
  }
  // Not formatted as an IPv4 address (four dot-separated groups of digits).
  int groups = 1;
  bool only_digits_and_dots = true;
  for (char c : name) {
    if (c == '.') ++groups;
    else if (c < '0' || c > '9') only_digits_and_dots = false;
  }
  if (only_digits_and_dots && groups == 4) return false;
  for (std::string_view prefix : {"xn--", "sthree-", "amzn-s3-demo-"}) {
    if (name.starts_with(prefix)) return false;
  }
  for (std::string_view suffix : {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}) {
    if (name.ends_with(suffix)) return false;
  }
  return true;
}

}  // namespace sluice::storage
