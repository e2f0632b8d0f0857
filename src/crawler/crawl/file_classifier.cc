// File classification: see file_classifier.h.
#include "crawler/crawl/file_classifier.h"

#include <fmt/format.h>

#include "common/encoding.h"
#include "common/json.h"
#include "crawler/crawl/json_classifier.h"
#include "crawler/crawl/parquet_classifier.h"
#include "formats/compression/input_stream.h"
#include "formats/compression/stream_compression.h"

namespace sluice::crawler {

namespace {

constexpr size_t kMaxGrokLines = 1000;

std::string_view FileName(std::string_view key) {
  size_t slash = key.rfind('/');
  return slash == std::string_view::npos ? key : key.substr(slash + 1);
}

// Whole-file compressions Glue knows that Sluice cannot read, by extension.
std::optional<std::string_view> UnsupportedCompression(std::string_view key) {
  std::string name = AsciiLower(FileName(key));
  for (std::string_view extension : {".snappy", ".lz4", ".zip", ".lzo", ".deflate", ".xz", ".br"}) {
    if (name.ends_with(extension) && !name.ends_with(".parquet")) return extension.substr(1);
  }
  return std::nullopt;
}

}  // namespace

ClassifierSet ClassifierSet::Build(const std::vector<ClassifierRecord>& records, std::vector<std::string>* warnings) {
  ClassifierSet set;
  for (const auto& record : records) {
    const ClassifierDefinition& d = record.definition;
    CustomClassifier c;
    c.name = d.name;
    c.kind = d.kind;
    c.classification = std::string(GetString(d.spec, "Classification").value_or(""));
    switch (d.kind) {
      case ClassifierKind::kGrok: {
        auto grok = GrokPattern::Compile(GetString(d.spec, "GrokPattern").value_or(""),
                                         GetString(d.spec, "CustomPatterns").value_or(""));
        if (!grok.ok()) {
          warnings->push_back(fmt::format("custom classifier {} is left out: {}", d.name, grok.status().message()));
          continue;
        }
        c.grok = std::move(*grok);
        c.grok_text = std::string(GetString(d.spec, "GrokPattern").value_or(""));
        c.grok_custom_patterns = std::string(GetString(d.spec, "CustomPatterns").value_or(""));
        break;
      }
      case ClassifierKind::kJson: {
        auto path = JsonPath::Parse(GetString(d.spec, "JsonPath").value_or(""));
        if (!path.ok()) {
          warnings->push_back(fmt::format("custom classifier {} is left out: {}", d.name, path.status().message()));
          continue;
        }
        c.json_path = std::move(*path);
        c.classification = "json";
        break;
      }
      case ClassifierKind::kCsv:
        c.csv = CsvOptionsFromClassifier(d.spec);
        c.classification = "csv";
        break;
      case ClassifierKind::kXml:
        warnings->push_back(fmt::format("custom classifier {} is an XML classifier, which Sluice's crawler does not "
                                        "support; it never matches",
                                        d.name));
        break;
    }
    set.custom_.push_back(std::move(c));
  }
  return set;
}

std::optional<FileSchema> ClassifyGrok(std::string_view sample, bool truncated, const CustomClassifier& classifier,
                                       double* certainty, std::string* reason) {
  *certainty = 0;
  size_t lines = 0, matched = 0, consumed = 0;
  std::vector<std::string_view> values;
  size_t start = 0;
  while (start < sample.size() && lines < kMaxGrokLines) {
    size_t end = sample.find('\n', start);
    if (end == std::string_view::npos) {
      if (truncated) break;  // an incomplete last line
      end = sample.size();
    }
    std::string_view line = sample.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = end + 1;
    if (line.empty()) continue;
    ++lines;
    if (classifier.grok->Match(line, &values)) ++matched;
    consumed = std::min(start, sample.size());
  }
  if (lines == 0) {
    *reason = "no lines to match";
    return std::nullopt;
  }
  *certainty = static_cast<double>(matched) / static_cast<double>(lines);
  if (matched == 0) {
    *reason = fmt::format("the Grok pattern matches none of {} lines", lines);
    return std::nullopt;
  }
  FileSchema schema;
  schema.classification = classifier.classification;
  schema.classifier = classifier.name;
  schema.grok_pattern = classifier.grok_text;
  schema.grok_custom_patterns = classifier.grok_custom_patterns;
  for (const auto& field : classifier.grok->fields()) schema.columns.push_back({field.name, field.hive_type, {}, {}});
  schema.sampled_records = static_cast<int64_t>(matched);
  schema.sampled_bytes = static_cast<int64_t>(consumed);
  schema.explanation = fmt::format("the Grok pattern matches {} of {} lines", matched, lines);
  return schema;
}

FileSchema ClassifyFile(const formats::InputFilePtr& file, std::string_view key, const ClassifierSet& classifiers) {
  FileSchema unknown;
  uint64_t size = file->size();
  if (size == 0) {
    unknown.explanation = "empty object";
    return unknown;
  }
  // The first bytes decide binary formats and compression before any text is read.
  std::string head(std::min<uint64_t>(size, 16), '\0');
  auto got = file->ReadAt(0, head.size(), head.data());
  if (!got.ok()) {
    unknown.explanation = "could not be read: " + got.status().message();
    return unknown;
  }
  head.resize(*got);
  if (LooksLikeParquet(head)) {
    std::string reason;
    auto schema = ClassifyParquet(file, &reason);
    if (!schema) {
      unknown.explanation = "looks like Parquet but " + reason;
      return unknown;
    }
    schema->explanation = "built-in classifier parquet: " + schema->explanation;
    return std::move(*schema);
  }
  if (head.starts_with(std::string_view("Obj\x01", 4))) {
    unknown.explanation = "Avro data file (classification avro), which Sluice's crawler does not read";
    return unknown;
  }
  if (head.starts_with("ORC")) {
    unknown.explanation = "ORC file (classification orc), which Sluice's crawler does not read";
    return unknown;
  }

  // Whole-file compression.
  formats::StreamCompression compression = formats::StreamCompressionFromMagic(head);
  if (compression == formats::StreamCompression::kNone) {
    if (auto unsupported = UnsupportedCompression(key)) {
      unknown.explanation = fmt::format("{} compression (by its extension) is not supported", *unsupported);
      return unknown;
    }
  }
  std::string sample;
  bool truncated = false;
  if (compression == formats::StreamCompression::kNone) {
    sample.resize(std::min<uint64_t>(size, kTextSampleBytes));
    auto read = file->ReadAt(0, sample.size(), sample.data());
    if (!read.ok()) {
      unknown.explanation = "could not be read: " + read.status().message();
      return unknown;
    }
    sample.resize(*read);
    truncated = size > sample.size();
  } else {
    auto stream = formats::OpenInputStream(file, compression);
    if (!stream.ok()) {
      unknown.explanation = "could not open the compressed stream: " + stream.status().message();
      return unknown;
    }
    sample.resize(kTextSampleBytes);
    size_t filled = 0;
    Status error;
    while (filled < sample.size()) {
      auto n = (*stream)->Read(sample.data() + filled, sample.size() - filled);
      if (!n.ok()) {
        error = n.status();
        break;
      }
      if (*n == 0) break;
      filled += *n;
    }
    if (!error.ok() && filled == 0) {
      unknown.compression = std::string(formats::StreamCompressionName(compression));
      unknown.explanation = fmt::format("{} data could not be decompressed: {}",
                                        formats::StreamCompressionName(compression), error.message());
      return unknown;
    }
    // Full buffer: there may be more; an error after some data: treat what we have as a prefix.
    truncated = filled == sample.size() || !error.ok();
    sample.resize(filled);
  }
  std::string compression_name(formats::StreamCompressionName(compression));

  std::vector<std::string> rejections;
  std::optional<FileSchema> best_partial;
  double best_certainty = 0;
  for (const CustomClassifier& classifier : classifiers.custom()) {
    std::string reason;
    std::optional<FileSchema> schema;
    double certainty = 0;
    switch (classifier.kind) {
      case ClassifierKind::kGrok:
        schema = ClassifyGrok(sample, truncated, classifier, &certainty, &reason);
        break;
      case ClassifierKind::kJson:
        schema = ClassifyJson(sample, truncated, &*classifier.json_path, &reason);
        certainty = schema ? 1.0 : 0.0;
        break;
      case ClassifierKind::kCsv:
        schema = ClassifyCsv(sample, truncated, classifier.csv, &reason);
        certainty = schema ? 1.0 : 0.0;
        break;
      case ClassifierKind::kXml:
        reason = "XML classifiers are not supported";
        break;
    }
    if (schema) {
      schema->classifier = classifier.name;
      if (!classifier.classification.empty()) schema->classification = classifier.classification;
      schema->compression = compression_name;
    }
    if (schema && certainty >= 1.0) {
      schema->explanation = fmt::format("custom classifier {} ({}): {}", classifier.name,
                                        ClassifierKindName(classifier.kind), schema->explanation);
      return std::move(*schema);
    }
    if (schema && certainty > best_certainty) {
      best_certainty = certainty;
      best_partial = std::move(schema);
      best_partial->explanation = fmt::format("custom classifier {} with certainty {:.2f}: {}", classifier.name,
                                              certainty, best_partial->explanation);
    }
    rejections.push_back(fmt::format("custom classifier {} did not match ({})", classifier.name,
                                     schema ? fmt::format("certainty {:.2f}", certainty) : reason));
  }

  std::string json_reason, csv_reason;
  FileSchema result;
  if (auto schema = ClassifyJson(sample, truncated, nullptr, &json_reason)) {
    result = std::move(*schema);
    result.compression = compression_name;
    result.explanation = "built-in classifier json: " + result.explanation;
  } else if (auto csv = ClassifyCsv(sample, truncated, CsvOptions{}, &csv_reason)) {
    result = std::move(*csv);
    result.compression = compression_name;
    result.explanation = "built-in classifier csv: " + result.explanation;
  } else if (best_partial) {
    result = std::move(*best_partial);
  } else {
    unknown.compression = compression_name;
    rejections.push_back("json: " + json_reason);
    rejections.push_back("csv: " + csv_reason);
    std::string text;
    for (const auto& r : rejections) text += (text.empty() ? "" : "; ") + r;
    unknown.explanation = "no classifier recognised it: " + text;
    return unknown;
  }
  for (const auto& r : rejections) result.explanation += "; " + r;
  return result;
}

}  // namespace sluice::crawler
