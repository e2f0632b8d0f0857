// One crawl: see crawl_run.h.
#include "crawler/crawl/crawl_run.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/thread_pool.h"
#include "crawler/crawl/catalog_sync.h"
#include "crawler/crawl/exclusion_glob.h"
#include "crawler/crawl/file_classifier.h"
#include "crawler/crawl/table_layout.h"
#include "formats/io.h"

namespace sluice::crawler {

namespace {

// An object opened in the store, read through its blob file; counts the bytes read.
class ObjectFile final : public formats::InputFile {
 public:
  ObjectFile(storage::ReadableObject object, std::string name) : object_(std::move(object)), name_(std::move(name)) {}
  int64_t bytes_read() const { return bytes_read_.load(std::memory_order_relaxed); }
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return object_.info.size; }
  Result<size_t> ReadAt(uint64_t offset, size_t length, char* out) const override {
    if (offset >= object_.info.size) return size_t{0};
    length = static_cast<size_t>(std::min<uint64_t>(length, object_.info.size - offset));
    size_t done = 0;
    while (done < length) {
      ASSIGN_OR_RETURN(size_t n, object_.file.PRead(offset + done, out + done, length - done));
      if (n == 0) break;
      done += n;
    }
    bytes_read_.fetch_add(static_cast<int64_t>(done), std::memory_order_relaxed);
    return done;
  }

 private:
  storage::ReadableObject object_;
  std::string name_;
  mutable std::atomic<int64_t> bytes_read_{0};
};

struct TargetScan {
  const S3Target* target = nullptr;
  std::string bucket;
  std::string prefix;  // the include folder ("" or ending in '/'), or the object's key
  bool single_object = false;
  std::string location;  // s3://bucket/prefix
  bool listed = false;
  std::vector<CrawledFile> files;       // every file not excluded (in key order)
  std::vector<size_t> to_read;          // files to classify
  std::vector<bool> in_new_folder;      // incremental crawls: whether the file's folder is new
  std::vector<std::string> exclusions;  // patterns that compiled
};

std::string FolderOf(std::string_view key) {
  size_t slash = key.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(key.substr(0, slash + 1));
}

std::string Plural(int64_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

Status Cancelled(const CrawlRequest& request) {
  if (request.cancelled && request.cancelled()) return sluice::Cancelled("the crawl was stopped");
  return Status::Ok();
}

// Lists one target; fills scan->files.
Status ScanTarget(storage::ObjectStore* objects, const CrawlRequest& request, TargetScan* scan, CrawlLog* log,
                  CrawlStatistics* stats) {
  const S3Target& target = *scan->target;
  RETURN_IF_ERROR(SplitS3Path(target.path, &scan->bucket, &scan->prefix));
  if (!scan->prefix.empty() && !scan->prefix.ends_with('/')) {
    auto head = objects->HeadObject(scan->bucket, scan->prefix);
    if (head.ok()) {
      scan->single_object = true;
    } else {
      scan->prefix += '/';
    }
  }
  scan->location = fmt::format("s3://{}/{}", scan->bucket, scan->prefix);

  std::vector<ExclusionGlob> globs;
  for (const auto& pattern : target.exclusions) {
    auto glob = ExclusionGlob::Compile(pattern);
    if (!glob.ok()) {
      log->Warn(fmt::format("{}: exclusion pattern ignored: {}", scan->location, glob.status().message()));
      continue;
    }
    scan->exclusions.push_back(pattern);
    globs.push_back(std::move(*glob));
  }

  storage::ListOptions options;
  options.prefix = scan->prefix;
  options.max_keys = 1000;
  int64_t listed = 0, excluded = 0, markers = 0;
  while (true) {
    RETURN_IF_ERROR(Cancelled(request));
    auto page = objects->ListObjects(scan->bucket, options);
    if (!page.ok()) {
      log->Warn(fmt::format("{}: cannot be listed: {} ({}); its tables are left as they are", scan->location,
                            page.status().message(), page.status().aws_code()));
      return Status::Ok();
    }
    for (const auto& object : page->objects) {
      ++listed;
      if (scan->single_object && object.key != scan->prefix) continue;
      std::string relative = scan->single_object ? object.key.substr(FolderOf(object.key).size())
                                                 : object.key.substr(scan->prefix.size());
      if (object.key.ends_with('/') || object.key.ends_with("_$folder$")) {
        ++markers;
        continue;
      }
      const ExclusionGlob* matched = nullptr;
      for (const auto& glob : globs) {
        if (glob.Matches(relative)) {
          matched = &glob;
          break;
        }
      }
      if (matched) {
        ++excluded;
        log->Info(fmt::format("s3://{}/{}: excluded by pattern '{}'", scan->bucket, object.key, matched->pattern()));
        continue;
      }
      CrawledFile file;
      file.key = object.key;
      file.relative = std::move(relative);
      file.size = object.size;
      scan->files.push_back(std::move(file));
    }
    if (!page->truncated || page->last.empty()) break;
    options.start_after = page->last;
  }
  scan->listed = true;
  if (scan->single_object) scan->prefix = FolderOf(scan->prefix);
  stats->files_examined += static_cast<int64_t>(scan->files.size());
  log->Info(fmt::format("{}: listed {}, {} excluded, {} folder markers ignored, {} to consider", scan->location,
                        Plural(listed, "object"), excluded, markers, Plural(static_cast<int64_t>(scan->files.size()), "file")));
  return Status::Ok();
}

// Chooses the files to read: SampleSize per folder, and only new folders for incremental crawls.
void ChooseFiles(const CrawlRequest& request, bool incremental, TargetScan* scan, CrawlLog* log,
                 CrawlStatistics* stats) {
  std::map<std::string, std::vector<size_t>> folders;  // folder URL → files, in key order
  for (size_t i = 0; i < scan->files.size(); ++i) {
    folders[fmt::format("s3://{}/{}", scan->bucket, FolderOf(scan->files[i].key))].push_back(i);
  }
  stats->folders_examined += static_cast<int64_t>(folders.size());
  scan->in_new_folder.assign(scan->files.size(), true);
  int64_t old_folders = 0;
  std::optional<int64_t> sample = scan->target->sample_size;
  for (const auto& [folder, indexes] : folders) {
    if (incremental && request.crawled_folders.contains(folder)) {
      ++old_folders;
      for (size_t i : indexes) scan->in_new_folder[i] = false;
      continue;
    }
    size_t limit = sample ? static_cast<size_t>(*sample) : indexes.size();
    for (size_t n = 0; n < indexes.size(); ++n) {
      if (n < limit) scan->to_read.push_back(indexes[n]);
      else scan->files[indexes[n]].sampled = false;
    }
    if (indexes.size() > limit) {
      log->Info(fmt::format("{}: reading {} of its {} (SampleSize {}); the others are taken to have the same schema",
                            folder, limit, Plural(static_cast<int64_t>(indexes.size()), "file"), *sample));
    }
  }
  if (incremental) {
    log->Info(fmt::format("{}: {} crawled before skipped, {} new (CRAWL_NEW_FOLDERS_ONLY)", scan->location,
                          Plural(old_folders, "folder"), static_cast<int64_t>(folders.size()) - old_folders));
  }
}

}  // namespace

Result<CrawlOutcome> RunCrawl(const CrawlRequest& request, storage::ObjectStore* objects, catalog::Catalog* catalog,
                              CrawlLog* log) {
  const CrawlerDefinition& d = request.crawler;
  CrawlOutcome outcome;
  CrawlStatistics& stats = outcome.statistics;
  CrawlerConfiguration config;
  if (d.configuration) {
    ASSIGN_OR_RETURN(config, ParseCrawlerConfiguration(*d.configuration));
  }
  std::string database = d.database_name.value_or("default");
  log->Info(fmt::format("Crawl of crawler {} started: {}, database {}, UpdateBehavior {}, DeleteBehavior {}, "
                        "RecrawlBehavior {}{}{}",
                        d.name, Plural(static_cast<int64_t>(d.s3_targets.size()), "S3 target"), database,
                        UpdateBehaviorName(d.update_behavior), DeleteBehaviorName(d.delete_behavior),
                        RecrawlBehaviorName(d.recrawl_behavior),
                        config.combine_compatible_schemas ? ", grouping CombineCompatibleSchemas" : "",
                        config.table_level ? fmt::format(", table level {}", *config.table_level) : ""));
  for (const auto& entry : d.other_targets) {
    log->Warn(fmt::format("{} are not crawled by Sluice: only S3 targets are", entry.key()));
  }
  if (objects == nullptr) return Unavailable("the object store is not available, so S3 targets cannot be crawled");

  SyncContext context;
  context.catalog = catalog;
  context.catalog_id = request.catalog_id;
  context.database = database;
  context.crawler_name = d.name;
  context.crawl_id = request.crawl_id;
  context.definition = &d;
  context.config = &config;
  context.now_micros = request.now_micros;
  context.log = [log](const std::string& line) { log->Info(line); };
  context.warn = [log](const std::string& line) { log->Warn(line); };
  context.statistics = &stats;
  CatalogSync sync(std::move(context));
  RETURN_IF_ERROR(sync.Prepare());

  std::vector<std::string> warnings;
  ClassifierSet classifiers = ClassifierSet::Build(request.classifiers, &warnings);
  for (const auto& warning : warnings) log->Warn(warning);
  if (!classifiers.custom().empty()) {
    std::string names;
    for (const auto& c : classifiers.custom()) names += (names.empty() ? "" : ", ") + c.name;
    log->Info("Custom classifiers, tried in order before the built-in ones: " + names);
  }

  bool incremental = d.recrawl_behavior == RecrawlBehavior::kCrawlNewFoldersOnly && !request.crawled_folders.empty();
  if (d.recrawl_behavior == RecrawlBehavior::kCrawlNewFoldersOnly && !incremental) {
    log->Info("No folders were crawled before: this first crawl reads everything (CRAWL_NEW_FOLDERS_ONLY)");
  }

  // List.
  std::vector<TargetScan> scans(d.s3_targets.size());
  for (size_t t = 0; t < d.s3_targets.size(); ++t) {
    scans[t].target = &d.s3_targets[t];
    RETURN_IF_ERROR(ScanTarget(objects, request, &scans[t], log, &stats));
    if (scans[t].listed) ChooseFiles(request, incremental, &scans[t], log, &stats);
  }

  // Classify, in parallel.
  std::vector<std::pair<size_t, size_t>> work;  // (target, file)
  for (size_t t = 0; t < scans.size(); ++t) {
    for (size_t i : scans[t].to_read) work.emplace_back(t, i);
  }
  std::atomic<bool> stop{false};
  std::atomic<int64_t> bytes_read{0};
  ParallelFor(work.size(), std::max<size_t>(1, request.parallelism), [&](size_t w) {
    if (stop.load(std::memory_order_relaxed)) return;
    if (request.cancelled && request.cancelled()) {
      stop = true;
      return;
    }
    auto [t, i] = work[w];
    TargetScan& scan = scans[t];
    CrawledFile& file = scan.files[i];
    auto object = objects->OpenObject(scan.bucket, file.key);
    if (!object.ok()) {
      file.schema.explanation = "could not be opened: " + object.status().message();
      return;
    }
    auto input = std::make_shared<ObjectFile>(std::move(*object), fmt::format("s3://{}/{}", scan.bucket, file.key));
    file.schema = ClassifyFile(input, file.key, classifiers);
    bytes_read.fetch_add(input->bytes_read(), std::memory_order_relaxed);
  });
  RETURN_IF_ERROR(Cancelled(request));
  stats.files_read = static_cast<int64_t>(work.size());
  stats.bytes_read = bytes_read.load();

  // Explain each file; give unread files their folder's schema.
  std::vector<TargetTables> targets;
  std::vector<std::string> crawled_locations;
  size_t unknown_files = 0, known_files = 0;
  std::vector<std::vector<CrawledFile>> new_files(scans.size());
  for (auto& scan : scans) {
    if (!scan.listed) continue;
    std::map<std::string, const FileSchema*> folder_schema;
    for (size_t i : scan.to_read) {
      const CrawledFile& file = scan.files[i];
      std::string url = fmt::format("s3://{}/{}", scan.bucket, file.key);
      if (file.schema.known()) {
        log->Info(fmt::format("{}: classification {}{} — {}", url, file.schema.classification,
                              file.schema.compression == "none" ? "" : " (" + file.schema.compression + ")",
                              file.schema.explanation));
        folder_schema.emplace(FolderOf(file.key), &file.schema);
      } else {
        log->Warn(fmt::format("{}: skipped, not classified: {}", url, file.schema.explanation));
      }
    }
    std::vector<CrawledFile> known;
    for (size_t i = 0; i < scan.files.size(); ++i) {
      CrawledFile& file = scan.files[i];
      if (!scan.in_new_folder[i]) continue;
      if (!file.sampled) {
        auto it = folder_schema.find(FolderOf(file.key));
        if (it != folder_schema.end()) {
          file.schema = *it->second;
          file.schema.explanation = "not read (SampleSize): the folder's schema";
        }
      }
      if (file.schema.known()) {
        known.push_back(file);
        ++known_files;
      } else {
        ++unknown_files;
      }
    }
    crawled_locations.push_back(scan.location);
    for (size_t i = 0; i < scan.files.size(); ++i) {
      std::string folder = fmt::format("s3://{}/{}", scan.bucket, FolderOf(scan.files[i].key));
      if (outcome.folders.empty() || outcome.folders.back() != folder) outcome.folders.push_back(folder);
    }
    if (incremental) {
      new_files[&scan - scans.data()] = std::move(known);
      continue;
    }
    LayoutInput input;
    input.bucket = scan.bucket;
    input.prefix = scan.prefix;
    input.single_object = scan.single_object;
    input.config = &config;
    std::vector<std::string> decisions;
    TargetTables tables;
    tables.location = scan.location;
    tables.exclusions = scan.exclusions;
    tables.tables = LayoutTables(input, known, &decisions);
    for (const auto& line : decisions) log->Info(line);
    targets.push_back(std::move(tables));
  }
  RETURN_IF_ERROR(Cancelled(request));

  if (incremental) {
    for (size_t t = 0; t < scans.size(); ++t) {
      if (!scans[t].listed || new_files[t].empty()) continue;
      std::vector<CrawledFile> uncovered;
      RETURN_IF_ERROR(sync.ApplyNewFolders(scans[t].bucket, new_files[t], &uncovered));
      if (uncovered.empty()) continue;
      LayoutInput input;
      input.bucket = scans[t].bucket;
      input.prefix = scans[t].prefix;
      input.single_object = scans[t].single_object;
      input.config = &config;
      std::vector<std::string> decisions;
      TargetTables tables;
      tables.location = scans[t].location;
      tables.exclusions = scans[t].exclusions;
      tables.tables = LayoutTables(input, uncovered, &decisions);
      for (const auto& line : decisions) log->Info(line);
      targets.push_back(std::move(tables));
    }
  }

  size_t table_count = 0;
  for (const auto& target : targets) table_count += target.tables.size();
  RETURN_IF_ERROR(sync.CheckThreshold(table_count));
  RETURN_IF_ERROR(sync.ApplyTables(targets));
  RETURN_IF_ERROR(sync.HandleVanishedTables(crawled_locations));

  if (table_count == 0 && stats.partitions_created == 0 && !incremental) {
    std::string why;
    if (stats.files_examined == 0) {
      why = "no objects were found under the targets (after exclusions)";
    } else if (known_files == 0) {
      why = fmt::format("none of the {} could be classified (see the lines above)", Plural(static_cast<int64_t>(unknown_files), "file"));
    } else {
      why = "no table could be formed";
    }
    log->Warn("The crawl found no tables: " + why);
  }
  return outcome;
}

}  // namespace sluice::crawler
