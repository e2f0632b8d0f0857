// Listing a source's objects: see object_listing.h.
#include "jobs/data/object_listing.h"

#include <set>

#include <fmt/format.h>

#include "crawler/crawl/exclusion_glob.h"
#include "jobs/data/s3_location.h"

namespace sluice::jobs {

namespace {

// Whether a name or folder below the listed path starts with '_' or '.'.
bool IsHidden(std::string_view relative) {
  size_t start = 0;
  while (start < relative.size()) {
    if (relative[start] == '_' || relative[start] == '.') return true;
    size_t slash = relative.find('/', start);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

Status BucketMissing(const S3Location& location) {
  return AwsError("EntityNotFoundException", 400,
                  fmt::format("{}: the bucket {} does not exist", location.ToString(), location.bucket));
}

}  // namespace

Result<std::vector<SourceObject>> ListSourceObjects(storage::ObjectStore& store, const std::vector<std::string>& paths,
                                                    const ReadSpec& read, bool require_objects) {
  std::vector<crawler::ExclusionGlob> exclusions;
  for (const auto& pattern : read.exclusions) {
    auto glob = crawler::ExclusionGlob::Compile(pattern);
    if (!glob.ok()) return InvalidArgument(fmt::format("exclusion '{}': {}", pattern, glob.status().message()));
    exclusions.push_back(*std::move(glob));
  }
  std::vector<SourceObject> objects;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& path : paths) {
    ASSIGN_OR_RETURN(S3Location location, ParseS3Location(path));
    size_t found = 0;
    auto add = [&](const storage::ObjectInfo& info) {
      if (!seen.insert({location.bucket, info.key}).second) return;
      objects.push_back({location.bucket, info.key, info.size, info.modified_micros, {}});
      ++found;
    };
    // A path naming one object.
    if (!location.key.empty() && location.key.back() != '/') {
      auto head = store.HeadObject(location.bucket, location.key);
      if (head.ok()) {
        add(*head);
        continue;
      }
      if (head.status().aws_code() == "NoSuchBucket") return BucketMissing(location);
    }
    // A folder.
    storage::ListOptions options;
    options.prefix = location.FolderPrefix();
    if (!read.recurse) options.delimiter.push_back('/');  // assigning a literal here trips a false g++ 12 -Wrestrict warning
    while (true) {
      auto page = store.ListObjects(location.bucket, options);
      if (!page.ok()) {
        if (page.status().aws_code() == "NoSuchBucket") return BucketMissing(location);
        return page.status();
      }
      for (const auto& info : page->objects) {
        std::string_view relative = std::string_view(info.key).substr(options.prefix.size());
        if (relative.empty() || info.key.back() == '/' || IsHidden(relative)) continue;
        bool excluded = false;
        for (const auto& glob : exclusions) excluded = excluded || glob.Matches(relative);
        if (!excluded) add(info);
      }
      if (!page->truncated) break;
      options.start_after = page->last;
    }
    if (found == 0 && require_objects) {
      return AwsError("EntityNotFoundException", 400, fmt::format("Path does not exist: {}", path));
    }
  }
  return objects;
}

}  // namespace sluice::jobs
