// The table-or-partition decision: see table_layout.h.
#include "crawler/crawl/table_layout.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "common/encoding.h"
#include "crawler/crawl/schema_merge.h"

namespace sluice::crawler {

namespace {

struct Node {
  std::string name;  // the folder's own name ("" for the include path)
  std::string path;  // relative to the include path, with a trailing '/' ("" for the include path)
  int depth = 0;
  std::vector<size_t> files;  // files directly in this folder
  std::map<std::string, std::unique_ptr<Node>> children;
};

// What lies under a folder, for the decision.
struct Summary {
  std::map<std::string, std::string> formats;  // compatibility key → description
  std::set<int> depths;                 // depths of files relative to the folder
  std::vector<const Node*> leaves;      // folders that hold files, in path order
  std::string non_uniform_leaf;         // a leaf whose own files cannot share a table
};

class Layout {
 public:
  Layout(const LayoutInput& input, const std::vector<CrawledFile>& files, std::vector<std::string>* log)
      : input_(input), files_(files), log_(log) {}

  std::vector<TableLayout> Run() {
    Node root;
    for (size_t i = 0; i < files_.size(); ++i) Insert(&root, i);
    Assign(root);
    return std::move(tables_);
  }

 private:
  void Insert(Node* root, size_t index) {
    std::string_view relative = files_[index].relative;
    Node* node = root;
    size_t start = 0;
    while (true) {
      size_t slash = relative.find('/', start);
      if (slash == std::string_view::npos) break;
      std::string component(relative.substr(start, slash - start));
      auto& child = node->children[component];
      if (!child) {
        child = std::make_unique<Node>();
        child->name = component;
        child->path = node->path + component + "/";
        child->depth = node->depth + 1;
      }
      node = child.get();
      start = slash + 1;
    }
    node->files.push_back(index);
  }

  std::string Location(const std::string& relative_folder) const {
    return fmt::format("s3://{}/{}{}", input_.bucket, input_.prefix, relative_folder);
  }

  bool combine() const { return input_.config && input_.config->combine_compatible_schemas; }

  // The merged columns of a folder's own files, and whether they can share a table.
  bool LeafUniform(const Node& leaf, std::string* why) const {
    std::set<std::string> formats;
    std::vector<catalog::Column> all;
    for (size_t i : leaf.files) {
      formats.insert(files_[i].schema.CompatibilityKey());
      MergeColumnsInto(files_[i].schema.columns, &all);
    }
    if (formats.size() > 1) {
      *why = fmt::format("its {} files have {} different formats", leaf.files.size(), formats.size());
      return false;
    }
    if (!combine()) {
      for (size_t i : leaf.files) {
        double ratio = ColumnMatchRatio(files_[i].schema.columns, all);
        if (ratio <= kSimilarityThreshold) {
          *why = fmt::format("file {} has only {:.0f}% of the folder's columns", FileName(files_[i].key), ratio * 100);
          return false;
        }
      }
    }
    return true;
  }

  static std::string_view FileName(std::string_view key) {
    size_t slash = key.rfind('/');
    return slash == std::string_view::npos ? key : key.substr(slash + 1);
  }

  void Summarize(const Node& node, int base_depth, Summary* summary) const {
    if (!node.files.empty()) {
      summary->depths.insert(node.depth - base_depth);
      summary->leaves.push_back(&node);
      for (size_t i : node.files) {
        summary->formats.emplace(files_[i].schema.CompatibilityKey(), files_[i].schema.FormatDescription());
      }
      std::string why;
      if (summary->non_uniform_leaf.empty() && !LeafUniform(node, &why)) {
        summary->non_uniform_leaf = fmt::format("{} ({})", node.path.empty() ? "the include path" : node.path, why);
      }
    }
    for (const auto& [name, child] : node.children) Summarize(*child, base_depth, summary);
  }

  // Whether everything under `node` can be one table; `why` explains either way.
  bool Uniform(const Node& node, const Summary& summary, std::string* why) const {
    if (summary.formats.size() > 1) {
      std::string formats;
      for (const auto& [key, description] : summary.formats) formats += (formats.empty() ? "" : "; ") + description;
      *why = fmt::format("its files have {} different formats ({})", summary.formats.size(), formats);
      return false;
    }
    if (summary.depths.size() > 1) {
      std::string depths;
      for (int d : summary.depths) depths += (depths.empty() ? "" : ", ") + std::to_string(d);
      *why = fmt::format("its files sit at different folder depths ({}), so the partition structure differs", depths);
      return false;
    }
    if (!summary.non_uniform_leaf.empty()) {
      *why = "folder " + summary.non_uniform_leaf;
      return false;
    }
    std::vector<catalog::Column> all;
    for (const Node* leaf : summary.leaves) {
      for (size_t i : leaf->files) MergeColumnsInto(files_[i].schema.columns, &all);
    }
    if (summary.leaves.size() > 1) {
      double lowest = 1.0;
      const Node* lowest_leaf = nullptr;
      for (const Node* leaf : summary.leaves) {
        std::vector<catalog::Column> columns;
        for (size_t i : leaf->files) MergeColumnsInto(files_[i].schema.columns, &columns);
        double ratio = ColumnMatchRatio(columns, all);
        if (ratio < lowest) {
          lowest = ratio;
          lowest_leaf = leaf;
        }
      }
      if (lowest <= kSimilarityThreshold && !combine()) {
        *why = fmt::format("schemas are not similar: folder {} has {:.0f}% of the {} columns found under it (more than "
                           "70% needed)",
                           lowest_leaf->path, lowest * 100, all.size());
        return false;
      }
      *why = fmt::format("{} folders at depth {}, one format ({}), {}", summary.leaves.size(), *summary.depths.begin(),
                         summary.formats.begin()->second,
                         combine() ? "schemas combined (CombineCompatibleSchemas)"
                                   : fmt::format("schemas similar (each folder has at least {:.0f}% of the columns)",
                                                 lowest * 100));
    } else {
      *why = fmt::format("{} file{} of one format ({})", summary.leaves.empty() ? 0 : summary.leaves[0]->files.size(),
                         summary.leaves.empty() || summary.leaves[0]->files.size() == 1 ? "" : "s",
                         summary.formats.empty() ? "" : summary.formats.begin()->second);
    }
    (void)node;
    return true;
  }

  std::string NameOf(const Node& node) const {
    if (!node.name.empty()) return node.name;
    std::string_view prefix = input_.prefix;
    while (prefix.ends_with('/')) prefix.remove_suffix(1);
    if (prefix.empty()) return input_.bucket;
    size_t slash = prefix.rfind('/');
    return std::string(slash == std::string_view::npos ? prefix : prefix.substr(slash + 1));
  }

  void Assign(const Node& node) {
    Summary summary;
    Summarize(node, node.depth, &summary);
    if (summary.leaves.empty()) return;
    std::string display = node.path.empty() ? Location("") : Location(node.path);
    if (input_.single_object) {
      for (size_t i : node.files) FileTable(i, "the include path names this object");
      for (const auto& [name, child] : node.children) Assign(*child);
      return;
    }
    if (input_.config && input_.config->table_level) {
      int level = 1;  // the bucket
      for (char c : input_.prefix + node.path) level += c == '/' ? 1 : 0;
      int wanted = *input_.config->table_level;
      if (level < wanted) {
        for (size_t i : node.files) {
          FileTable(i, fmt::format("it lies above table level {} (folder {} is level {})", wanted, display, level));
        }
        for (const auto& [name, child] : node.children) Assign(*child);
        return;
      }
      std::string why;
      if (Uniform(node, summary, &why) || (summary.formats.size() == 1 && summary.depths.size() == 1)) {
        log_->push_back(fmt::format("{}: table root at table level {}: {}", display, wanted, why));
        FolderTable(node, summary, fmt::format("table level {}", wanted));
        return;
      }
      log_->push_back(fmt::format("{}: cannot be one table at table level {} because {}", display, wanted, why));
    } else {
      std::string why;
      if (Uniform(node, summary, &why)) {
        log_->push_back(fmt::format("{}: table root: {}", display, why));
        FolderTable(node, summary, why);
        return;
      }
      log_->push_back(fmt::format("{}: not one table because {}; {}", display, why,
                                  node.children.empty() ? "each file becomes a table of its own"
                                                        : "its subfolders are considered separately"));
    }
    for (size_t i : node.files) FileTable(i, fmt::format("it cannot share a table with its folder {}", display));
    for (const auto& [name, child] : node.children) Assign(*child);
  }

  void FileTable(size_t index, const std::string& why) {
    const CrawledFile& file = files_[index];
    TableLayout table;
    table.name = std::string(FileName(file.key));
    std::string_view relative = file.relative;
    table.root = std::string(relative);
    table.location = fmt::format("s3://{}/{}", input_.bucket, file.key);
    table.schema = file.schema;
    table.statistics.Add(file);
    table.reason = "one-file table: " + why;
    log_->push_back(fmt::format("{}: table of its own ({})", table.location, why));
    tables_.push_back(std::move(table));
  }

  void FolderTable(const Node& node, const Summary& summary, const std::string& why) {
    TableLayout table;
    table.name = NameOf(node);
    table.root = node.path;
    table.location = Location(node.path);
    table.reason = why;
    int depth = summary.depths.empty() ? 0 : *summary.depths.rbegin();
    bool first = true;
    for (const Node* leaf : summary.leaves) {
      for (size_t i : leaf->files) {
        const CrawledFile& file = files_[i];
        if (first) {
          table.schema = file.schema;
          table.schema.columns.clear();
          first = false;
        }
        MergeColumnsInto(file.schema.columns, &table.schema.columns);
        table.statistics.Add(file);
      }
    }
    if (depth > 0) {
      // Partition keys, level by level.
      std::vector<std::vector<std::string>> components;
      for (const Node* leaf : summary.leaves) {
        std::vector<std::string> parts;
        std::string_view rest = std::string_view(leaf->path).substr(node.path.size());
        size_t start = 0;
        while (start < rest.size()) {
          size_t slash = rest.find('/', start);
          parts.emplace_back(rest.substr(start, slash - start));
          start = slash + 1;
        }
        components.push_back(std::move(parts));
      }
      std::vector<bool> named(depth, true);
      for (int level = 0; level < depth; ++level) {
        std::string key;
        for (const auto& parts : components) {
          const std::string& part = parts[level];
          size_t eq = part.find('=');
          std::string this_key = eq == std::string::npos || eq == 0 ? "" : AsciiLower(part.substr(0, eq));
          if (this_key.empty() || (!key.empty() && key != this_key)) {
            named[level] = false;
            break;
          }
          key = this_key;
        }
        table.partition_keys.push_back({named[level] ? key : fmt::format("partition_{}", level), "string", {}, {}});
      }
      for (size_t l = 0; l < summary.leaves.size(); ++l) {
        const Node* leaf = summary.leaves[l];
        PartitionLayout partition;
        for (int level = 0; level < depth; ++level) {
          const std::string& part = components[l][level];
          partition.values.push_back(named[level] ? part.substr(part.find('=') + 1) : part);
        }
        partition.folder = leaf->path;
        partition.location = Location(leaf->path);
        bool first_file = true;
        for (size_t i : leaf->files) {
          if (first_file) {
            partition.schema = files_[i].schema;
            partition.schema.columns.clear();
            first_file = false;
          }
          MergeColumnsInto(files_[i].schema.columns, &partition.schema.columns);
          partition.statistics.Add(files_[i]);
        }
        table.partitions.push_back(std::move(partition));
      }
    }
    tables_.push_back(std::move(table));
  }

  const LayoutInput& input_;
  const std::vector<CrawledFile>& files_;
  std::vector<std::string>* log_;
  std::vector<TableLayout> tables_;
};

}  // namespace

void DataStatistics::Add(const CrawledFile& file) {
  objects += 1;
  bytes += static_cast<int64_t>(file.size);
  if (file.sampled) {
    sampled_records += file.schema.sampled_records;
    sampled_bytes += file.schema.sampled_bytes;
  }
}

void DataStatistics::Add(const DataStatistics& other) {
  objects += other.objects;
  bytes += other.bytes;
  sampled_records += other.sampled_records;
  sampled_bytes += other.sampled_bytes;
}

int64_t DataStatistics::AverageRecordSize() const {
  if (sampled_records <= 0) return 0;
  return std::max<int64_t>(1, sampled_bytes / sampled_records);
}

int64_t DataStatistics::EstimatedRecords() const {
  int64_t average = AverageRecordSize();
  if (average <= 0) return 0;
  return bytes / average;
}

std::string SanitizeTableName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    unsigned char byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte: its character has its '_' already
    char lower = static_cast<char>(std::tolower(byte));
    out += (byte < 0x80 && std::isalnum(byte)) || lower == '_' ? lower : '_';
  }
  return out;
}

std::vector<TableLayout> LayoutTables(const LayoutInput& input, const std::vector<CrawledFile>& files,
                                      std::vector<std::string>* log) {
  return Layout(input, files, log).Run();
}

}  // namespace sluice::crawler
