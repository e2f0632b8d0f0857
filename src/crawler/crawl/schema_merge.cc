// Schema merging: see schema_merge.h.
#include "crawler/crawl/schema_merge.h"

#include <unordered_map>
#include <unordered_set>

#include "columnar/type.h"
#include "common/encoding.h"
#include "formats/inference/type_unification.h"

namespace sluice::crawler {

std::string WidenHiveTypes(const std::string& a, const std::string& b) {
  if (a == b) return a;
  auto left = columnar::ParseGlueType(a);
  auto right = columnar::ParseGlueType(b);
  if (!left.ok() || !right.ok()) return "string";
  return formats::inference::ResolveNullType(formats::inference::UnifyTypes(*left, *right))->ToGlueType();
}

void MergeColumnsInto(const std::vector<catalog::Column>& from, std::vector<catalog::Column>* into) {
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < into->size(); ++i) index.emplace(AsciiLower((*into)[i].name), i);
  for (const auto& column : from) {
    auto it = index.find(AsciiLower(column.name));
    if (it == index.end()) {
      index.emplace(AsciiLower(column.name), into->size());
      into->push_back(column);
    } else {
      catalog::Column& existing = (*into)[it->second];
      existing.type = WidenHiveTypes(existing.type, column.type);
    }
  }
}

double ColumnMatchRatio(const std::vector<catalog::Column>& some, const std::vector<catalog::Column>& all) {
  if (all.empty()) return 1.0;
  std::unordered_set<std::string> names;
  for (const auto& column : some) names.insert(AsciiLower(column.name));
  size_t shared = 0;
  for (const auto& column : all) shared += names.contains(AsciiLower(column.name)) ? 1 : 0;
  return static_cast<double>(shared) / static_cast<double>(all.size());
}

}  // namespace sluice::crawler
