// Glue crawler operations: CreateCrawler, GetCrawler, GetCrawlers, BatchGetCrawlers,
// ListCrawlers, UpdateCrawler, DeleteCrawler, StartCrawler, StopCrawler, GetCrawlerMetrics,
// ListCrawls, UpdateCrawlerSchedule, StartCrawlerSchedule, StopCrawlerSchedule.
#include <algorithm>
#include <cmath>
#include <map>

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "catalog/api/glue_operation.h"
#include "catalog/model_json.h"
#include "catalog/page_token.h"
#include "common/json.h"
#include "crawler/api/crawler_api.h"
#include "crawler/crawl/exclusion_glob.h"

namespace sluice::crawler {

namespace json = boost::json;
using catalog::AddGlueOperation;
using catalog::EpochSeconds;
using catalog::StringMember;

namespace {

json::object CrawlerToJson(const CrawlerRecord& r, int64_t now_micros) {
  json::object out = CrawlerDefinitionToJson(r.definition);
  out.erase("Schedule");
  if (r.definition.schedule) {
    out["Schedule"] = json::object{{"ScheduleExpression", *r.definition.schedule},
                                   {"State", r.schedule_active ? "SCHEDULED" : "NOT_SCHEDULED"}};
  }
  out["State"] = CrawlerStateName(r.state);
  out["CrawlElapsedTime"] =
      r.state == CrawlerState::kReady ? int64_t{0} : std::max<int64_t>(0, (now_micros - r.crawl_start_micros) / 1000);
  out["CreationTime"] = EpochSeconds(r.creation_micros);
  out["LastUpdated"] = EpochSeconds(r.updated_micros);
  if (r.last_crawl) {
    json::object last{{"Status", r.last_crawl->status},
                      {"LogGroup", r.last_crawl->log_group},
                      {"LogStream", r.last_crawl->log_stream},
                      {"MessagePrefix", r.last_crawl->message_prefix},
                      {"StartTime", EpochSeconds(r.last_crawl->start_micros)}};
    if (r.last_crawl->error_message) last["ErrorMessage"] = *r.last_crawl->error_message;
    out["LastCrawl"] = std::move(last);
  }
  out["Version"] = r.version;
  return out;
}

std::string SummaryOf(const CrawlStatistics& s) {
  json::object summary;
  auto add = [&](const char* kind, const char* action, int64_t count) {
    if (count == 0) return;
    if (!summary.contains(kind)) summary[kind] = json::object();
    summary[kind].as_object()[action] = json::object{{"Count", count}};
  };
  add("TABLE", "ADD", s.tables_created);
  add("TABLE", "UPDATE", s.tables_updated + s.tables_deprecated);
  add("TABLE", "DELETE", s.tables_deleted);
  add("PARTITION", "ADD", s.partitions_created);
  add("PARTITION", "UPDATE", s.partitions_updated);
  add("PARTITION", "DELETE", s.partitions_deleted);
  return ToJson(summary);
}

double DpuHours(const CrawlRecord& c, int64_t now) {
  int64_t end = c.end_micros > 0 ? c.end_micros : now;
  return std::round(static_cast<double>(std::max<int64_t>(0, end - c.start_micros)) / 3.6e9 * 1e6) / 1e6;
}

json::object CrawlToJson(const CrawlRecord& c, int64_t now) {
  json::object out{{"CrawlId", c.crawl_id},
                   {"State", c.state},
                   {"StartTime", EpochSeconds(c.start_micros)},
                   {"Summary", SummaryOf(c.statistics)},
                   {"LogGroup", "/aws-glue/crawlers"},
                   {"LogStream", c.crawler_name},
                   {"MessagePrefix", c.crawl_id},
                   {"DPUHour", DpuHours(c, now)}};
  if (c.end_micros > 0) out["EndTime"] = EpochSeconds(c.end_micros);
  if (c.error_message) out["ErrorMessage"] = *c.error_message;
  return out;
}

// ListCrawls filters: FieldName (CRAWL_ID, STATE, START_TIME, END_TIME, DPU_HOUR),
// FilterOperator (GT, GE, LT, LE, EQ, NE), FieldValue.
Result<bool> CrawlMatches(const CrawlRecord& c, const json::object& filter, int64_t now) {
  std::string field(GetString(filter, "FieldName").value_or(""));
  std::string op(GetString(filter, "FilterOperator").value_or("EQ"));
  std::string value(GetString(filter, "FieldValue").value_or(""));
  int comparison = 0;
  if (field == "CRAWL_ID" || field == "STATE") {
    const std::string& actual = field == "CRAWL_ID" ? c.crawl_id : c.state;
    comparison = actual < value ? -1 : actual > value ? 1 : 0;
  } else {
    double wanted = 0;
    if (field == "DPU_HOUR") {
      try {
        wanted = std::stod(value);
      } catch (...) {
        return AwsError("InvalidInputException", 400, fmt::format("FieldValue '{}' is not a number", value));
      }
      double actual = DpuHours(c, now);
      comparison = actual < wanted ? -1 : actual > wanted ? 1 : 0;
    } else {
      auto micros = catalog::TimestampMicros(json::value(value));
      if (!micros) {
        try {
          micros = static_cast<int64_t>(std::stod(value) * 1e6);
        } catch (...) {
          return AwsError("InvalidInputException", 400, fmt::format("FieldValue '{}' is not a time", value));
        }
      }
      int64_t actual = field == "START_TIME" ? c.start_micros : c.end_micros;
      comparison = actual < *micros ? -1 : actual > *micros ? 1 : 0;
    }
  }
  if (op == "GT") return comparison > 0;
  if (op == "GE") return comparison >= 0;
  if (op == "LT") return comparison < 0;
  if (op == "LE") return comparison <= 0;
  if (op == "NE") return comparison != 0;
  return comparison == 0;
}

Status CheckExclusions(const CrawlerDefinition& definition) {
  for (const auto& target : definition.s3_targets) {
    for (const auto& pattern : target.exclusions) {
      auto glob = ExclusionGlob::Compile(pattern);
      if (!glob.ok()) return AwsError("InvalidInputException", 400, glob.status().message());
    }
  }
  return Status::Ok();
}

}  // namespace

void RegisterCrawlerOperations(http::JsonService& glue, CrawlerStore* store, CrawlerService* service,
                               const Clock* clock) {
  AddGlueOperation(glue, "CreateCrawler", [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
    CrawlerRecord record;
    ApplyCrawlerInput(input, &record.definition);
    RETURN_IF_ERROR(ValidateCrawlerDefinition(record.definition));
    RETURN_IF_ERROR(CheckExclusions(record.definition));
    record.creation_micros = record.updated_micros = clock->NowMicros();
    record.schedule_active = record.definition.schedule.has_value();
    if (const json::object* tags = GetObject(input, "Tags")) {
      for (const auto& tag : *tags) {
        if (tag.value().is_string()) record.tags[std::string(tag.key())] = std::string(tag.value().get_string());
      }
    }
    RETURN_IF_ERROR(store->CreateCrawler(record));
    service->Reschedule(record.definition.name);
    return json::object();
  });

  AddGlueOperation(glue, "GetCrawler", [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
    ASSIGN_OR_RETURN(CrawlerRecord record, store->GetCrawler(StringMember(input, "Name")));
    return json::object{{"Crawler", CrawlerToJson(record, clock->NowMicros())}};
  });

  AddGlueOperation(glue, "GetCrawlers", [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
    int64_t now = clock->NowMicros();
    return NamePage(
        input, "crawlers", "Crawlers", [store](const std::string& after, int limit) { return store->ListCrawlers(after, limit); },
        [](const CrawlerRecord& r) { return r.definition.name; },
        [now](const CrawlerRecord& r) { return CrawlerToJson(r, now); });
  });

  AddGlueOperation(glue, "BatchGetCrawlers",
                   [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
                     json::array found, missing;
                     int64_t now = clock->NowMicros();
                     for (const auto& name : catalog::StringListMember(input, "CrawlerNames")) {
                       auto record = store->GetCrawler(name);
                       if (record.ok()) {
                         found.emplace_back(CrawlerToJson(*record, now));
                       } else if (record.status().aws_code() == "EntityNotFoundException") {
                         missing.emplace_back(name);
                       } else {
                         return record.status();
                       }
                     }
                     return json::object{{"Crawlers", std::move(found)}, {"CrawlersNotFound", std::move(missing)}};
                   });

  AddGlueOperation(glue, "ListCrawlers", [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
    catalog::PageRequest page = catalog::PageRequestOf(input, 100);
    std::map<std::string, std::string> wanted_tags;
    if (const json::object* tags = GetObject(input, "Tags")) {
      for (const auto& tag : *tags) {
        if (tag.value().is_string()) wanted_tags[std::string(tag.key())] = std::string(tag.value().get_string());
      }
    }
    uint64_t query = 0;
    for (const auto& [k, v] : wanted_tags) query = catalog::Fingerprint(k + "=" + v + "\n", query + 1);
    std::string after;
    if (page.token) {
      ASSIGN_OR_RETURN(auto token, catalog::DecodePageToken(*page.token, "crawler-names", query));
      after = token.position;
    }
    json::array names;
    json::object out;
    std::string last;
    while (true) {
      ASSIGN_OR_RETURN(auto records, store->ListCrawlers(after, 200));
      if (records.empty()) break;
      for (const auto& record : records) {
        after = record.definition.name;
        bool match = std::all_of(wanted_tags.begin(), wanted_tags.end(), [&](const auto& tag) {
          auto it = record.tags.find(tag.first);
          return it != record.tags.end() && it->second == tag.second;
        });
        if (!match) continue;
        if (static_cast<int>(names.size()) == page.limit) {
          out["NextToken"] = catalog::EncodePageToken({"crawler-names", last, query});
          out["CrawlerNames"] = std::move(names);
          return out;
        }
        names.emplace_back(record.definition.name);
        last = record.definition.name;
      }
    }
    out["CrawlerNames"] = std::move(names);
    return out;
  });

  AddGlueOperation(glue, "UpdateCrawler", [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
    std::string name = StringMember(input, "Name");
    RETURN_IF_ERROR(store->MutateCrawler(name, [&](CrawlerRecord& record) -> Status {
      if (record.state != CrawlerState::kReady) {
        return AwsError("CrawlerRunningException", 400, fmt::format("Crawler with name {} has already started", name));
      }
      std::optional<std::string> old_schedule = record.definition.schedule;
      ApplyCrawlerInput(input, &record.definition);
      record.definition.name = name;
      RETURN_IF_ERROR(ValidateCrawlerDefinition(record.definition));
      RETURN_IF_ERROR(CheckExclusions(record.definition));
      if (record.definition.schedule != old_schedule) record.schedule_active = record.definition.schedule.has_value();
      record.version += 1;
      record.updated_micros = clock->NowMicros();
      return Status::Ok();
    }));
    service->Reschedule(name);
    return json::object();
  });

  AddGlueOperation(glue, "DeleteCrawler", [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
    std::string name = StringMember(input, "Name");
    RETURN_IF_ERROR(store->DeleteCrawler(name, [&](const CrawlerRecord& record) -> Status {
      if (record.state != CrawlerState::kReady) {
        return AwsError("CrawlerRunningException", 400,
                        fmt::format("Crawler with name {} is running and cannot be deleted", name));
      }
      return Status::Ok();
    }));
    service->Reschedule(name);
    return json::object();
  });

  AddGlueOperation(glue, "StartCrawler", [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
    RETURN_IF_ERROR(service->StartCrawl(StringMember(input, "Name"), "StartCrawler"));
    return json::object();
  });

  AddGlueOperation(glue, "StopCrawler", [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
    RETURN_IF_ERROR(service->StopCrawl(StringMember(input, "Name")));
    return json::object();
  });

  AddGlueOperation(glue, "GetCrawlerMetrics",
                   [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
                     catalog::PageRequest page = catalog::PageRequestOf(input, 100);
                     std::vector<std::string> names = catalog::StringListMember(input, "CrawlerNameList");
                     std::vector<CrawlerRecord> records;
                     if (names.empty()) {
                       std::string after;
                       while (true) {
                         ASSIGN_OR_RETURN(auto batch, store->ListCrawlers(after, 200));
                         if (batch.empty()) break;
                         after = batch.back().definition.name;
                         for (auto& r : batch) records.push_back(std::move(r));
                       }
                     } else {
                       for (const auto& name : names) {
                         auto record = store->GetCrawler(name);
                         if (record.ok()) records.push_back(std::move(*record));
                         else if (record.status().aws_code() != "EntityNotFoundException") return record.status();
                       }
                     }
                     size_t offset = 0;
                     if (page.token) {
                       ASSIGN_OR_RETURN(auto token, catalog::DecodePageToken(*page.token, "crawler-metrics", 0));
                       offset = static_cast<size_t>(std::stoull(token.position.empty() ? "0" : token.position));
                     }
                     json::array list;
                     json::object out;
                     int64_t now = clock->NowMicros();
                     for (size_t i = offset; i < records.size(); ++i) {
                       if (static_cast<int>(list.size()) == page.limit) {
                         out["NextToken"] = catalog::EncodePageToken({"crawler-metrics", std::to_string(i), 0});
                         break;
                       }
                       const CrawlerRecord& r = records[i];
                       ASSIGN_OR_RETURN(auto crawls, store->ListCrawls(r.definition.name, 0, 1000));
                       std::vector<double> runtimes;
                       const CrawlRecord* last = nullptr;
                       for (const auto& crawl : crawls) {
                         if (crawl.end_micros == 0) continue;
                         runtimes.push_back(static_cast<double>(crawl.end_micros - crawl.start_micros) / 1e6);
                         if (!last) last = &crawl;
                       }
                       double median = 0;
                       if (!runtimes.empty()) {
                         std::vector<double> sorted = runtimes;
                         std::sort(sorted.begin(), sorted.end());
                         size_t n = sorted.size();
                         median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
                       }
                       bool running = r.state != CrawlerState::kReady;
                       double elapsed = running ? static_cast<double>(now - r.crawl_start_micros) / 1e6 : 0;
                       json::object metrics{
                           {"CrawlerName", r.definition.name},
                           {"TimeLeftSeconds", running ? std::max(0.0, median - elapsed) : 0.0},
                           {"StillEstimating", running && runtimes.empty()},
                           {"LastRuntimeSeconds", runtimes.empty() ? 0.0 : runtimes.front()},
                           {"MedianRuntimeSeconds", median},
                           {"TablesCreated", last ? last->statistics.tables_created : 0},
                           {"TablesUpdated",
                            last ? last->statistics.tables_updated + last->statistics.tables_deprecated : 0},
                           {"TablesDeleted", last ? last->statistics.tables_deleted : 0}};
                       list.emplace_back(std::move(metrics));
                     }
                     out["CrawlerMetricsList"] = std::move(list);
                     return out;
                   });

  AddGlueOperation(glue, "ListCrawls", [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
    std::string name = StringMember(input, "CrawlerName");
    RETURN_IF_ERROR(store->GetCrawler(name).status());
    catalog::PageRequest page = catalog::PageRequestOf(input, 20);
    const json::array* filters = GetArray(input, "Filters");
    uint64_t query = catalog::Fingerprint(filters ? ToJson(*filters) : "", catalog::Fingerprint(name));
    int64_t before = 0;
    if (page.token) {
      ASSIGN_OR_RETURN(auto token, catalog::DecodePageToken(*page.token, "crawls", query));
      before = std::stoll(token.position.empty() ? "0" : token.position);
    }
    json::array crawls;
    json::object out;
    int64_t now = clock->NowMicros();
    while (true) {
      ASSIGN_OR_RETURN(auto batch, store->ListCrawls(name, before, 200));
      if (batch.empty()) break;
      for (const auto& crawl : batch) {
        before = crawl.start_micros;
        bool keep = true;
        for (const auto& filter : filters ? *filters : json::array()) {
          if (!filter.is_object()) continue;
          ASSIGN_OR_RETURN(bool match, CrawlMatches(crawl, filter.get_object(), now));
          keep = keep && match;
        }
        if (!keep) continue;
        crawls.emplace_back(CrawlToJson(crawl, now));
        if (static_cast<int>(crawls.size()) == page.limit) {
          out["NextToken"] = catalog::EncodePageToken({"crawls", std::to_string(crawl.start_micros), query});
          out["Crawls"] = std::move(crawls);
          return out;
        }
      }
    }
    out["Crawls"] = std::move(crawls);
    return out;
  });

  AddGlueOperation(glue, "UpdateCrawlerSchedule",
                   [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
                     std::string name = StringMember(input, "CrawlerName");
                     std::optional<std::string> schedule;
                     if (auto text = GetString(input, "Schedule"); text && !text->empty()) schedule = std::string(*text);
                     if (schedule) RETURN_IF_ERROR(ValidateSchedule(*schedule));
                     RETURN_IF_ERROR(store->MutateCrawler(name, [&](CrawlerRecord& record) {
                       record.definition.schedule = schedule;
                       record.schedule_active = schedule.has_value();
                       record.updated_micros = clock->NowMicros();
                       return Status::Ok();
                     }));
                     service->Reschedule(name);
                     return json::object();
                   });

  AddGlueOperation(glue, "StartCrawlerSchedule",
                   [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
                     std::string name = StringMember(input, "CrawlerName");
                     RETURN_IF_ERROR(store->MutateCrawler(name, [&](CrawlerRecord& record) -> Status {
                       if (!record.definition.schedule) {
                         return AwsError("NoScheduleException", 400,
                                         fmt::format("Crawler with name {} has no schedule", name));
                       }
                       if (record.schedule_active) {
                         return AwsError("SchedulerRunningException", 400,
                                         fmt::format("The schedule of crawler {} is already running", name));
                       }
                       record.schedule_active = true;
                       return Status::Ok();
                     }));
                     service->Reschedule(name);
                     return json::object();
                   });

  AddGlueOperation(glue, "StopCrawlerSchedule",
                   [=](const json::object& input, const http::CallContext&) -> Result<json::value> {
                     std::string name = StringMember(input, "CrawlerName");
                     RETURN_IF_ERROR(store->MutateCrawler(name, [&](CrawlerRecord& record) -> Status {
                       if (!record.definition.schedule || !record.schedule_active) {
                         return AwsError("SchedulerNotRunningException", 400,
                                         fmt::format("The schedule of crawler {} is not running", name));
                       }
                       record.schedule_active = false;
                       return Status::Ok();
                     }));
                     service->Reschedule(name);
                     return json::object();
                   });
}

}  // namespace sluice::crawler
