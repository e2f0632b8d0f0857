// Helpers shared by the CSV unit tests: read a whole CSV text through CsvReader and get rows
// of printed values back.
#pragma once

#include <string>
#include <vector>

#include "formats/csv/reader.h"

namespace sluice::formats::csv::testing {

struct ReadOutcome {
  Status status;
  columnar::SchemaPtr schema;
  std::vector<std::vector<std::string>> rows;  // Column::ValueToString of each value
  int64_t skipped = 0;
  std::vector<std::string> messages;
  CsvSniffResult sniffed;
};

inline ReadOutcome ReadCsv(std::string text, CsvReadOptions options = {}, std::string name = "test.csv") {
  ReadOutcome outcome;
  auto reader = CsvReader::Open(InputFileFromString(std::move(text), std::move(name)), options);
  if (!reader.ok()) {
    outcome.status = reader.status();
    return outcome;
  }
  outcome.schema = (*reader)->schema();
  outcome.sniffed = (*reader)->sniffed();
  while (true) {
    auto batch = (*reader)->Next();
    if (!batch.ok()) {
      outcome.status = batch.status();
      break;
    }
    if (!*batch) break;
    EXPECT_TRUE((*batch)->Validate().ok());
    for (int64_t r = 0; r < (*batch)->num_rows(); ++r) {
      std::vector<std::string> row;
      for (const auto& column : (*batch)->columns()) row.push_back(column->ValueToString(r));
      outcome.rows.push_back(std::move(row));
    }
  }
  outcome.skipped = (*reader)->skipped();
  outcome.messages = (*reader)->skipped_messages();
  return outcome;
}

inline std::string TypesOf(const columnar::Schema& schema) {
  std::string out;
  for (const auto& field : schema.fields()) {
    if (!out.empty()) out += ",";
    out += field.type->ToGlueType();
  }
  return out;
}

}  // namespace sluice::formats::csv::testing
