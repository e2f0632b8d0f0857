// Crawler state in SQLite: see crawler_store.h; the schema is described in
// docs/formats/catalog-metadata.md.
#include "crawler/crawler_store.h"

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "common/json.h"

namespace sluice::crawler {

namespace json = boost::json;

namespace {

// Never edit a released migration; add a new one.
constexpr meta::Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE crawlers (
  name TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  state TEXT NOT NULL,
  schedule_active INTEGER NOT NULL,
  version INTEGER NOT NULL,
  creation_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  last_crawl TEXT,
  current_crawl_id TEXT,
  crawl_start INTEGER NOT NULL DEFAULT 0,
  tags TEXT NOT NULL
);
CREATE TABLE crawls (
  crawl_id TEXT PRIMARY KEY,
  crawler TEXT NOT NULL,
  state TEXT NOT NULL,
  start_time INTEGER NOT NULL,
  end_time INTEGER NOT NULL,
  error_message TEXT,
  statistics TEXT NOT NULL,
  work_id TEXT NOT NULL
);
CREATE INDEX crawls_by_crawler ON crawls (crawler, start_time);
CREATE TABLE crawled_folders (
  crawler TEXT NOT NULL,
  folder TEXT NOT NULL,
  PRIMARY KEY (crawler, folder)
) WITHOUT ROWID;
CREATE TABLE classifiers (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  spec TEXT NOT NULL,
  creation_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  version INTEGER NOT NULL
);
)sql"},
};

Status CrawlerNotFound(std::string_view name) {
  return AwsError("EntityNotFoundException", 400, fmt::format("Crawler with name {} not found.", name));
}
Status ClassifierNotFound(std::string_view name) {
  return AwsError("EntityNotFoundException", 400, fmt::format("Classifier with name {} not found.", name));
}

Result<json::object> ParseObject(std::string_view text) {
  ASSIGN_OR_RETURN(json::value value, ParseJson(text));
  if (!value.is_object()) return DataLoss("crawlers.db holds a document that is not a JSON object");
  return std::move(value.get_object());
}

std::optional<CrawlerState> ParseState(std::string_view text) {
  for (auto state : {CrawlerState::kReady, CrawlerState::kRunning, CrawlerState::kStopping}) {
    if (CrawlerStateName(state) == text) return state;
  }
  return std::nullopt;
}

std::string LastCrawlToJson(const LastCrawl& last) {
  json::object out{{"Status", last.status},
                   {"LogGroup", last.log_group},
                   {"LogStream", last.log_stream},
                   {"MessagePrefix", last.message_prefix},
                   {"StartTime", last.start_micros}};
  if (last.error_message) out["ErrorMessage"] = *last.error_message;
  return ToJson(out);
}

LastCrawl LastCrawlFromJson(const json::object& object) {
  LastCrawl last;
  last.status = std::string(GetString(object, "Status").value_or("FAILED"));
  if (auto message = GetString(object, "ErrorMessage")) last.error_message = std::string(*message);
  last.log_group = std::string(GetString(object, "LogGroup").value_or(""));
  last.log_stream = std::string(GetString(object, "LogStream").value_or(""));
  last.message_prefix = std::string(GetString(object, "MessagePrefix").value_or(""));
  last.start_micros = GetInt(object, "StartTime").value_or(0);
  return last;
}

std::string StatisticsToJson(const CrawlStatistics& s) {
  return ToJson(json::object{{"tables_created", s.tables_created},
                             {"tables_updated", s.tables_updated},
                             {"tables_deleted", s.tables_deleted},
                             {"tables_deprecated", s.tables_deprecated},
                             {"partitions_created", s.partitions_created},
                             {"partitions_updated", s.partitions_updated},
                             {"partitions_deleted", s.partitions_deleted},
                             {"folders_examined", s.folders_examined},
                             {"files_examined", s.files_examined},
                             {"files_read", s.files_read},
                             {"bytes_read", s.bytes_read}});
}

CrawlStatistics StatisticsFromJson(const json::object& o) {
  CrawlStatistics s;
  s.tables_created = GetInt(o, "tables_created").value_or(0);
  s.tables_updated = GetInt(o, "tables_updated").value_or(0);
  s.tables_deleted = GetInt(o, "tables_deleted").value_or(0);
  s.tables_deprecated = GetInt(o, "tables_deprecated").value_or(0);
  s.partitions_created = GetInt(o, "partitions_created").value_or(0);
  s.partitions_updated = GetInt(o, "partitions_updated").value_or(0);
  s.partitions_deleted = GetInt(o, "partitions_deleted").value_or(0);
  s.folders_examined = GetInt(o, "folders_examined").value_or(0);
  s.files_examined = GetInt(o, "files_examined").value_or(0);
  s.files_read = GetInt(o, "files_read").value_or(0);
  s.bytes_read = GetInt(o, "bytes_read").value_or(0);
  return s;
}

constexpr std::string_view kCrawlerColumns =
    "name, definition, state, schedule_active, version, creation_time, update_time, last_crawl, current_crawl_id, "
    "crawl_start, tags";

Result<CrawlerRecord> CrawlerFromRow(meta::Cursor& rows) {
  CrawlerRecord record;
  ASSIGN_OR_RETURN(json::object definition, ParseObject(rows.View(1)));
  record.definition = CrawlerDefinitionFromJson(definition);
  record.definition.name = rows.Text(0);
  auto state = ParseState(rows.View(2));
  if (!state) return DataLoss(fmt::format("crawlers.db: unknown crawler state '{}'", rows.View(2)));
  record.state = *state;
  record.schedule_active = rows.Int(3) != 0;
  record.version = rows.Int(4);
  record.creation_micros = rows.Int(5);
  record.updated_micros = rows.Int(6);
  if (!rows.IsNull(7)) {
    ASSIGN_OR_RETURN(json::object last, ParseObject(rows.View(7)));
    record.last_crawl = LastCrawlFromJson(last);
  }
  record.current_crawl_id = rows.OptionalText(8);
  record.crawl_start_micros = rows.Int(9);
  ASSIGN_OR_RETURN(json::object tags, ParseObject(rows.View(10)));
  for (const auto& tag : tags) {
    if (tag.value().is_string()) record.tags[std::string(tag.key())] = std::string(tag.value().get_string());
  }
  return record;
}

Status WriteCrawler(meta::Transaction& txn, const CrawlerRecord& r, bool insert) {
  json::object tags;
  for (const auto& [key, value] : r.tags) tags[key] = value;
  std::optional<std::string> last;
  if (r.last_crawl) last = LastCrawlToJson(*r.last_crawl);
  std::string sql = insert ? fmt::format("INSERT INTO crawlers ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                         kCrawlerColumns)
                           : "UPDATE crawlers SET name = ?, definition = ?, state = ?, schedule_active = ?, "
                             "version = ?, creation_time = ?, update_time = ?, last_crawl = ?, current_crawl_id = ?, "
                             "crawl_start = ?, tags = ? WHERE name = ?1";
  return txn.Exec(sql, r.definition.name, ToJson(CrawlerDefinitionToJson(r.definition)),
                  CrawlerStateName(r.state), r.schedule_active, r.version, r.creation_micros, r.updated_micros, last,
                  r.current_crawl_id, r.crawl_start_micros, ToJson(tags));
}

Result<CrawlerRecord> LoadCrawler(meta::Transaction& txn, std::string_view name) {
  auto rows = txn.Query(fmt::format("SELECT {} FROM crawlers WHERE name = ?", kCrawlerColumns), name);
  if (!rows.Next()) {
    RETURN_IF_ERROR(rows.status());
    return CrawlerNotFound(name);
  }
  return CrawlerFromRow(rows);
}

constexpr std::string_view kCrawlColumns =
    "crawl_id, crawler, state, start_time, end_time, error_message, statistics, work_id";

Result<CrawlRecord> CrawlFromRow(meta::Cursor& rows) {
  CrawlRecord crawl;
  crawl.crawl_id = rows.Text(0);
  crawl.crawler_name = rows.Text(1);
  crawl.state = rows.Text(2);
  crawl.start_micros = rows.Int(3);
  crawl.end_micros = rows.Int(4);
  crawl.error_message = rows.OptionalText(5);
  ASSIGN_OR_RETURN(json::object statistics, ParseObject(rows.View(6)));
  crawl.statistics = StatisticsFromJson(statistics);
  crawl.work_id = rows.Text(7);
  return crawl;
}

Status SaveCrawl(meta::Transaction& txn, const CrawlRecord& c) {
  return txn.Exec(fmt::format("INSERT OR REPLACE INTO crawls ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", kCrawlColumns),
                  c.crawl_id, c.crawler_name, c.state, c.start_micros, c.end_micros, c.error_message,
                  StatisticsToJson(c.statistics), c.work_id);
}

Result<ClassifierRecord> ClassifierFromRow(meta::Cursor& rows) {
  ClassifierRecord record;
  record.definition.name = rows.Text(0);
  auto kind = ParseClassifierKind(rows.View(1));
  if (!kind) return DataLoss(fmt::format("crawlers.db: unknown classifier kind '{}'", rows.View(1)));
  record.definition.kind = *kind;
  ASSIGN_OR_RETURN(record.definition.spec, ParseObject(rows.View(2)));
  record.creation_micros = rows.Int(3);
  record.updated_micros = rows.Int(4);
  record.version = rows.Int(5);
  return record;
}

}  // namespace

std::string_view CrawlerStateName(CrawlerState state) {
  switch (state) {
    case CrawlerState::kReady: return "READY";
    case CrawlerState::kRunning: return "RUNNING";
    case CrawlerState::kStopping: return "STOPPING";
  }
  return "READY";
}

Result<std::unique_ptr<CrawlerStore>> CrawlerStore::Open(const std::string& path, const Clock* clock) {
  ASSIGN_OR_RETURN(auto db, meta::Database::Open(path, kMigrations));
  return std::unique_ptr<CrawlerStore>(new CrawlerStore(std::move(db), clock));
}

Status CrawlerStore::CreateCrawler(const CrawlerRecord& record) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(auto existing, txn.QueryInt("SELECT 1 FROM crawlers WHERE name = ?", record.definition.name));
    if (existing) {
      return AwsError("AlreadyExistsException", 400,
                      fmt::format("Crawler with name {} already exists.", record.definition.name));
    }
    return WriteCrawler(txn, record, /*insert=*/true);
  });
}

Result<CrawlerRecord> CrawlerStore::GetCrawler(std::string_view name) {
  std::optional<CrawlerRecord> record;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(record, LoadCrawler(txn, name));
    return Status::Ok();
  }));
  return std::move(*record);
}

Result<std::vector<CrawlerRecord>> CrawlerStore::ListCrawlers(std::string_view after, int limit) {
  std::vector<CrawlerRecord> out;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query(fmt::format("SELECT {} FROM crawlers WHERE name > ? ORDER BY name LIMIT ?", kCrawlerColumns),
                          after, limit);
    while (rows.Next()) {
      ASSIGN_OR_RETURN(CrawlerRecord record, CrawlerFromRow(rows));
      out.push_back(std::move(record));
    }
    return rows.status();
  }));
  return out;
}

Status CrawlerStore::MutateCrawler(std::string_view name, absl::FunctionRef<Status(CrawlerRecord&)> fn) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(CrawlerRecord record, LoadCrawler(txn, name));
    RETURN_IF_ERROR(fn(record));
    return WriteCrawler(txn, record, /*insert=*/false);
  });
}

Status CrawlerStore::DeleteCrawler(std::string_view name, absl::FunctionRef<Status(const CrawlerRecord&)> check) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(CrawlerRecord record, LoadCrawler(txn, name));
    RETURN_IF_ERROR(check(record));
    RETURN_IF_ERROR(txn.Exec("DELETE FROM crawlers WHERE name = ?", name));
    RETURN_IF_ERROR(txn.Exec("DELETE FROM crawls WHERE crawler = ?", name));
    return txn.Exec("DELETE FROM crawled_folders WHERE crawler = ?", name);
  });
}

Status CrawlerStore::BeginCrawl(std::string_view name, const CrawlRecord& crawl,
                                absl::FunctionRef<Status(CrawlerRecord&)> fn) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(CrawlerRecord record, LoadCrawler(txn, name));
    RETURN_IF_ERROR(fn(record));
    RETURN_IF_ERROR(WriteCrawler(txn, record, /*insert=*/false));
    return SaveCrawl(txn, crawl);
  });
}

Status CrawlerStore::EndCrawl(const CrawlRecord& crawl, absl::FunctionRef<Status(CrawlerRecord&)> fn) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    RETURN_IF_ERROR(SaveCrawl(txn, crawl));
    auto record = LoadCrawler(txn, crawl.crawler_name);
    if (!record.ok()) {
      // The crawler was deleted meanwhile; the history row goes with it.
      if (record.status().code() == StatusCode::kNotFound || record.status().aws_code() == "EntityNotFoundException") {
        return txn.Exec("DELETE FROM crawls WHERE crawl_id = ?", crawl.crawl_id);
      }
      return record.status();
    }
    RETURN_IF_ERROR(fn(*record));
    return WriteCrawler(txn, *record, /*insert=*/false);
  });
}

Status CrawlerStore::SetCrawlWorkId(std::string_view crawl_id, std::string_view work_id) {
  return db_->Write([&](meta::Transaction& txn) {
    return txn.Exec("UPDATE crawls SET work_id = ? WHERE crawl_id = ?", work_id, crawl_id);
  });
}

Result<std::optional<CrawlRecord>> CrawlerStore::GetCrawl(std::string_view crawl_id) {
  std::optional<CrawlRecord> out;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query(fmt::format("SELECT {} FROM crawls WHERE crawl_id = ?", kCrawlColumns), crawl_id);
    if (rows.Next()) {
      ASSIGN_OR_RETURN(out, CrawlFromRow(rows));
    }
    return rows.status();
  }));
  return out;
}

Result<std::vector<CrawlRecord>> CrawlerStore::ListCrawls(std::string_view crawler, int64_t before_start, int limit) {
  std::vector<CrawlRecord> out;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query(fmt::format("SELECT {} FROM crawls WHERE crawler = ? AND start_time < ? "
                                      "ORDER BY start_time DESC LIMIT ?",
                                      kCrawlColumns),
                          crawler, before_start > 0 ? before_start : INT64_MAX, limit);
    while (rows.Next()) {
      ASSIGN_OR_RETURN(CrawlRecord crawl, CrawlFromRow(rows));
      out.push_back(std::move(crawl));
    }
    return rows.status();
  }));
  return out;
}

Result<std::vector<CrawlRecord>> CrawlerStore::RunningCrawls() {
  std::vector<CrawlRecord> out;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query(fmt::format("SELECT {} FROM crawls WHERE state = 'RUNNING'", kCrawlColumns));
    while (rows.Next()) {
      ASSIGN_OR_RETURN(CrawlRecord crawl, CrawlFromRow(rows));
      out.push_back(std::move(crawl));
    }
    return rows.status();
  }));
  return out;
}

Result<std::set<std::string>> CrawlerStore::CrawledFolders(std::string_view crawler) {
  std::set<std::string> out;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query("SELECT folder FROM crawled_folders WHERE crawler = ?", crawler);
    while (rows.Next()) out.insert(rows.Text(0));
    return rows.status();
  }));
  return out;
}

Status CrawlerStore::AddCrawledFolders(std::string_view crawler, const std::vector<std::string>& folders) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    for (const auto& folder : folders) {
      RETURN_IF_ERROR(txn.Exec("INSERT OR IGNORE INTO crawled_folders (crawler, folder) VALUES (?, ?)", crawler, folder));
    }
    return Status::Ok();
  });
}

Status CrawlerStore::CreateClassifier(const ClassifierDefinition& definition) {
  int64_t now = clock_->NowMicros();
  return db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(auto existing, txn.QueryInt("SELECT 1 FROM classifiers WHERE name = ?", definition.name));
    if (existing) {
      return AwsError("AlreadyExistsException", 400,
                      fmt::format("Classifier with name {} already exists.", definition.name));
    }
    return txn.Exec(
        "INSERT INTO classifiers (name, kind, spec, creation_time, update_time, version) VALUES (?, ?, ?, ?, ?, 1)",
        definition.name, ClassifierKindName(definition.kind), ToJson(definition.spec), now, now);
  });
}

Result<ClassifierRecord> CrawlerStore::GetClassifier(std::string_view name) {
  std::optional<ClassifierRecord> out;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query("SELECT name, kind, spec, creation_time, update_time, version FROM classifiers WHERE name = ?",
                          name);
    if (!rows.Next()) {
      RETURN_IF_ERROR(rows.status());
      return ClassifierNotFound(name);
    }
    ASSIGN_OR_RETURN(out, ClassifierFromRow(rows));
    return Status::Ok();
  }));
  return std::move(*out);
}

Result<std::vector<ClassifierRecord>> CrawlerStore::ListClassifiers(std::string_view after, int limit) {
  std::vector<ClassifierRecord> out;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query(
        "SELECT name, kind, spec, creation_time, update_time, version FROM classifiers WHERE name > ? "
        "ORDER BY name LIMIT ?",
        after, limit);
    while (rows.Next()) {
      ASSIGN_OR_RETURN(ClassifierRecord record, ClassifierFromRow(rows));
      out.push_back(std::move(record));
    }
    return rows.status();
  }));
  return out;
}

Status CrawlerStore::UpdateClassifier(const ClassifierDefinition& update) {
  int64_t now = clock_->NowMicros();
  return db_->Write([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query("SELECT name, kind, spec, creation_time, update_time, version FROM classifiers WHERE name = ?",
                          update.name);
    if (!rows.Next()) {
      RETURN_IF_ERROR(rows.status());
      return ClassifierNotFound(update.name);
    }
    ASSIGN_OR_RETURN(ClassifierRecord record, ClassifierFromRow(rows));
    RETURN_IF_ERROR(MergeClassifierUpdate(update, &record.definition));
    RETURN_IF_ERROR(ValidateClassifier(record.definition));
    return txn.Exec("UPDATE classifiers SET spec = ?, update_time = ?, version = version + 1 WHERE name = ?",
                    ToJson(record.definition.spec), now, update.name);
  });
}

Status CrawlerStore::DeleteClassifier(std::string_view name) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    RETURN_IF_ERROR(txn.Exec("DELETE FROM classifiers WHERE name = ?", name));
    if (txn.changes() == 0) return ClassifierNotFound(name);
    return Status::Ok();
  });
}

}  // namespace sluice::crawler
