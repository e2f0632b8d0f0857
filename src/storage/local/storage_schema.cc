// storage.db schema and column encodings: see storage_schema.h and
// docs/formats/storage-metadata.md.
#include "storage/local/storage_schema.h"

#include <cstring>

namespace sluice::storage {

namespace {

constexpr meta::Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE state (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE buckets (
  name TEXT PRIMARY KEY,
  owner_account TEXT NOT NULL,
  region TEXT NOT NULL,
  created_micros INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE objects (
  bucket TEXT NOT NULL,
  key BLOB NOT NULL,
  blob INTEGER NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  modified_micros INTEGER NOT NULL,
  checksum_algorithm INTEGER NOT NULL,
  checksum_type INTEGER NOT NULL,
  checksum BLOB,
  parts_count INTEGER NOT NULL,
  headers BLOB,
  part_sizes BLOB,
  PRIMARY KEY (bucket, key)
) WITHOUT ROWID;

CREATE TABLE uploads (
  upload_id TEXT PRIMARY KEY,
  bucket TEXT NOT NULL,
  key BLOB NOT NULL,
  initiated_micros INTEGER NOT NULL,
  last_activity_micros INTEGER NOT NULL,
  owner_account TEXT NOT NULL,
  checksum_algorithm INTEGER NOT NULL,
  checksum_type INTEGER NOT NULL,
  headers BLOB
) WITHOUT ROWID;
CREATE INDEX uploads_by_key ON uploads (bucket, key, initiated_micros, upload_id);

CREATE TABLE parts (
  upload_id TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  blob INTEGER NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  modified_micros INTEGER NOT NULL,
  checksum BLOB,
  PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
)sql"},
};

}  // namespace

std::span<const meta::Migration> StorageMigrations() { return kMigrations; }

std::string EncodeHeaders(const StoredHeaders& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    out += name;
    out += '\0';
    out += value;
    out += '\0';
  }
  return out;
}

StoredHeaders DecodeHeaders(std::string_view bytes) {
  StoredHeaders headers;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t name_end = bytes.find('\0', pos);
    if (name_end == std::string_view::npos) break;
    size_t value_end = bytes.find('\0', name_end + 1);
    if (value_end == std::string_view::npos) break;
    headers.emplace_back(std::string(bytes.substr(pos, name_end - pos)),
                         std::string(bytes.substr(name_end + 1, value_end - name_end - 1)));
    pos = value_end + 1;
  }
  return headers;
}

std::string EncodePartSizes(std::span<const uint64_t> sizes) {
  std::string out(sizes.size() * 8, '\0');
  for (size_t i = 0; i < sizes.size(); ++i) {
    for (int b = 0; b < 8; ++b) out[i * 8 + b] = static_cast<char>((sizes[i] >> (8 * b)) & 0xff);
  }
  return out;
}

std::vector<uint64_t> DecodePartSizes(std::string_view bytes) {
  std::vector<uint64_t> sizes(bytes.size() / 8);
  for (size_t i = 0; i < sizes.size(); ++i) {
    uint64_t value = 0;
    for (int b = 7; b >= 0; --b) value = (value << 8) | static_cast<unsigned char>(bytes[i * 8 + b]);
    sizes[i] = value;
  }
  return sizes;
}

void ReadObjectRow(const meta::Cursor& row, bool full, ObjectInfo* info, uint64_t* blob) {
  info->key = row.Text(0);
  if (blob) *blob = static_cast<uint64_t>(row.Int(1));
  info->size = static_cast<uint64_t>(row.Int(2));
  info->etag = row.Text(3);
  info->modified_micros = row.Int(4);
  info->checksum.algorithm = static_cast<ChecksumAlgorithm>(row.Int(5));
  info->checksum.type = static_cast<ChecksumType>(row.Int(6));
  info->checksum.value = row.Text(7);
  info->parts_count = static_cast<int>(row.Int(8));
  if (info->checksum.type == ChecksumType::kComposite) info->checksum.parts = info->parts_count;
  if (full) {
    info->headers = DecodeHeaders(row.View(9));
    info->part_sizes = DecodePartSizes(row.View(10));
  }
}

}  // namespace sluice::storage
