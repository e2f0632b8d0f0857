// The Glue crawler and classifier API, added to the shared Glue JSON service: crawler
// management (Create/Get/GetCrawlers/BatchGet/List/Update/Delete), runs (Start/Stop,
// GetCrawlerMetrics, ListCrawls), schedules (UpdateCrawlerSchedule, Start/StopCrawlerSchedule)
// and custom classifiers (Create/Get/GetClassifiers/Update/Delete). Crawler operations live in
// crawler_operations.cc, classifier operations in classifier_operations.cc.
//
// Thread safety: register during set-up; the handlers are thread-safe.
#pragma once

#include "common/clock.h"
#include "crawler/crawler_service.h"
#include "crawler/crawler_store.h"
#include "http/json_service.h"

namespace sluice::crawler {

// Adds every crawler and classifier operation to `glue`. The arguments must outlive it.
void RegisterCrawlerOperations(http::JsonService& glue, CrawlerStore* store, CrawlerService* service,
                               const Clock* clock);
void RegisterClassifierOperations(http::JsonService& glue, CrawlerStore* store);

}  // namespace sluice::crawler
