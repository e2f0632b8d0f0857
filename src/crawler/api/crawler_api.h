// The Glue crawler and classifier API, added to the shared Glue JSON service: crawler
// management (Create/Get/GetCrawlers/BatchGet/List/Update/Delete), runs (Start/Stop,
// GetCrawlerMetrics, ListCrawls), schedules (UpdateCrawlerSchedule, Start/StopCrawlerSchedule)
// and custom classifiers (Create/Get/GetClassifiers/Update/Delete). Crawler operations live in
// crawler_operations.cc, classifier operations in classifier_operations.cc.
//
// Thread safety: register during set-up; the handlers are thread-safe.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "catalog/api/glue_operation.h"
#include "catalog/page_token.h"
#include "common/clock.h"
#include "crawler/crawler_service.h"
#include "crawler/crawler_store.h"
#include "http/json_service.h"

namespace sluice::crawler {

// Adds every crawler and classifier operation to `glue`. The arguments must outlive it.
void RegisterCrawlerOperations(http::JsonService& glue, CrawlerStore* store, CrawlerService* service,
                               const Clock* clock);
void RegisterClassifierOperations(http::JsonService& glue, CrawlerStore* store);

// One page of a list ordered by name (GetCrawlers, GetClassifiers): MaxResults and NextToken
// from `input`, `list(after, limit)` reading records after a name, `name(record)` and
// `to_json(record)`; the items go in member `member`.
template <typename List, typename Name, typename ToJson>
Result<boost::json::value> NamePage(const boost::json::object& input, std::string_view kind, std::string_view member,
                                     List list, Name name, ToJson to_json) {
  catalog::PageRequest page = catalog::PageRequestOf(input, 100);
  std::string after;
  if (page.token) {
    ASSIGN_OR_RETURN(auto token, catalog::DecodePageToken(*page.token, kind, 0));
    after = token.position;
  }
  ASSIGN_OR_RETURN(auto records, list(after, page.limit + 1));
  boost::json::object out;
  boost::json::array items;
  for (size_t i = 0; i < records.size(); ++i) {
    if (static_cast<int>(i) == page.limit) {
      out["NextToken"] = catalog::EncodePageToken({std::string(kind), name(records[i - 1]), 0});
      break;
    }
    items.emplace_back(to_json(records[i]));
  }
  out[member] = std::move(items);
  return out;
}

}  // namespace sluice::crawler
