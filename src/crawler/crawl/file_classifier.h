// Classifies one file the way a Glue crawler does: the crawler's custom classifiers first, in
// order (the first certain match wins; otherwise the best partial one), then the built-ins.
// Binary formats are recognised by their magic bytes before anything reads text (Parquet by
// its footer; Avro and ORC are recognised but not supported); whole-file compression (gzip,
// bzip2, zstd) is detected by magic bytes and the sample decompressed. Text classifiers see
// at most the first 1 MB (uncompressed) of a file. Every decision comes with its reason.
//
// Thread safety: a ClassifierSet is immutable once built; ClassifyFile may run concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/classifier_definition.h"
#include "crawler/crawl/csv_classifier.h"
#include "crawler/crawl/file_schema.h"
#include "crawler/crawl/grok_pattern.h"
#include "crawler/crawl/json_path.h"
#include "formats/io.h"

namespace sluice::crawler {

struct CustomClassifier {
  std::string name;
  ClassifierKind kind = ClassifierKind::kCsv;
  std::string classification;
  std::optional<GrokPattern> grok;
  std::string grok_text;             // the pattern and custom patterns as defined (SerDe parameters)
  std::string grok_custom_patterns;
  std::optional<JsonPath> json_path;
  CsvOptions csv;
};

class ClassifierSet {
 public:
  // Compiles the crawler's custom classifiers, in the crawler's order. A classifier that no
  // longer compiles is left out with a warning.
  static ClassifierSet Build(const std::vector<ClassifierRecord>& records, std::vector<std::string>* warnings);
  const std::vector<CustomClassifier>& custom() const { return custom_; }

 private:
  std::vector<CustomClassifier> custom_;
};

inline constexpr size_t kTextSampleBytes = 1 << 20;

// Classifies `file` (named `key` for extension checks). An unrecognised file comes back with
// classification UNKNOWN and the reasons in its explanation.
FileSchema ClassifyFile(const formats::InputFilePtr& file, std::string_view key, const ClassifierSet& classifiers);

// The Grok classifier on a text sample: certainty 1 when every non-empty line matches, the
// matching share otherwise.
std::optional<FileSchema> ClassifyGrok(std::string_view sample, bool truncated, const CustomClassifier& classifier,
                                       double* certainty, std::string* reason);

}  // namespace sluice::crawler
