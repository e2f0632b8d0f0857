// The schema of DIR/meta/storage.db and the encodings of its packed columns
// (docs/formats/storage-metadata.md). Object keys are stored as BLOBs so that SQLite compares
// them byte-wise (memcmp), which is S3's listing order; every statement binds keys as
// meta::Blob.
//
// Thread safety: pure data and functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "meta/database.h"
#include "storage/object_store.h"

namespace sluice::storage {

// Numbered migrations; never edit a released one, append a new one.
std::span<const meta::Migration> StorageMigrations();

// Stored headers as "name\0value\0" pairs.
std::string EncodeHeaders(const StoredHeaders& headers);
StoredHeaders DecodeHeaders(std::string_view bytes);

// Part sizes as consecutive little-endian uint64 values.
std::string EncodePartSizes(std::span<const uint64_t> sizes);
std::vector<uint64_t> DecodePartSizes(std::string_view bytes);

// The columns of an objects row read by ReadObjectRow, in this order.
inline constexpr std::string_view kObjectColumns =
    "key, blob, size, etag, modified_micros, checksum_algorithm, checksum_type, checksum, parts_count, headers, "
    "part_sizes";

// Fills `info` (and the blob id) from a row selected with kObjectColumns; headers and part
// sizes only when `full`.
void ReadObjectRow(const meta::Cursor& row, bool full, ObjectInfo* info, uint64_t* blob);

}  // namespace sluice::storage
