// Map's ItemReader (distributed mode): where the items come from when they are not in the
// state input — one S3 object (CSV, JSON array, JSON Lines) read with s3:getObject, or the
// objects under a prefix listed with s3:listObjectsV2. The Map state performs the S3 calls
// through the interpreter; this file parses the configuration and turns responses into items.
//
// Thread safety: immutable after parsing; the functions are pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "common/status.h"
#include "states/asl/payload_template.h"
#include "states/integrations/resource.h"

namespace sluice::states {

class StateParser;

struct ItemReaderConfig {
  enum class InputType { kListing, kCsv, kJson, kJsonLines };
  ResourceInfo resource;  // s3:getObject or s3:listObjectsV2
  std::optional<PayloadTemplate> parameters;
  InputType input_type = InputType::kListing;
  bool headers_given = false;  // CSVHeaderLocation GIVEN
  std::vector<std::string> headers;
  char delimiter = ',';
  std::optional<int64_t> max_items;
  std::optional<JsonPath> max_items_path;
};

// Parses "ItemReader" at `location`; problems go to the parser's diagnostics.
std::optional<ItemReaderConfig> ParseItemReader(StateParser& parser, const boost::json::value& spec,
                                                const std::string& location);

// Items from the text of an object (CSV rows as objects keyed by header, a JSON array's
// elements, or one JSON value per line). States.ItemReaderFailed when the text does not parse.
Result<boost::json::array> ItemsFromObject(const ItemReaderConfig& config, std::string_view body);
// Items from a ListObjectsV2 response: one {Key, Size, Etag, LastModified, StorageClass} each.
boost::json::array ItemsFromListing(const boost::json::value& response);

}  // namespace sluice::states
