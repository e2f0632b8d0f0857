// SearchTables: tables across every database of a catalog, filtered by property predicates
// and free text, sorted, and paged. Part of CatalogTransaction (catalog.h).
//
// Predicates follow Glue's documented rules: time fields (CreateTime, UpdateTime,
// LastAccessTime, LastAnalyzedTime) compare with the Comparator; string fields are split into
// tokens on punctuation and match when a token equals the value (case-insensitive), so
// Name=link finds customer-link but not xxlinkyy. Free text matches a substring of the name,
// database, description, owner, location, parameters and columns; a quoted text must equal
// one of them. Pages are offsets into the sorted result, fingerprinted with the query.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "catalog/catalog.h"
#include "catalog/model_json.h"
#include "catalog/page_token.h"
#include "common/encoding.h"
#include "common/json.h"

namespace sluice::catalog {

namespace {

bool IsTimeField(std::string_view key) {
  return key == "CreateTime" || key == "UpdateTime" || key == "LastAccessTime" || key == "LastAnalyzedTime";
}

std::optional<int64_t> TimeField(const Table& table, std::string_view key) {
  if (key == "CreateTime") return table.create_time_micros;
  if (key == "UpdateTime") return table.update_time_micros;
  if (key == "LastAccessTime") return table.definition.last_access_time_micros;
  if (key == "LastAnalyzedTime") return table.definition.last_analyzed_time_micros;
  return std::nullopt;
}

// A predicate's time value: epoch seconds or milliseconds, or ISO-8601.
std::optional<int64_t> ParseTimeValue(std::string_view text) {
  try {
    size_t used = 0;
    double number = std::stod(std::string(text), &used);
    if (used == text.size() && std::isfinite(number)) {
      // Values above 1e11 can only be milliseconds (1e11 seconds is the year 5138).
      return static_cast<int64_t>(number > 1e11 ? number * 1000 : number * 1e6);
    }
  } catch (...) {
  }
  return ParseIso8601(text);
}

std::optional<std::string> StringField(const Table& table, std::string_view key) {
  const TableDefinition& d = table.definition;
  if (key == "Name") return d.name;
  if (key == "DatabaseName") return table.database_name;
  if (key == "Description") return d.description;
  if (key == "TableType") return d.table_type;
  if (key == "Owner") return d.owner;
  if (key == "CreatedBy") return table.created_by;
  if (key == "Location" && d.storage_descriptor) return d.storage_descriptor->location;
  std::string_view parameter = key;
  if (parameter.starts_with("Parameters.")) parameter.remove_prefix(std::string_view("Parameters.").size());
  auto it = d.parameters.find(std::string(parameter));
  if (it != d.parameters.end()) return it->second;
  return std::nullopt;
}

bool TokenMatches(std::string_view field, std::string_view value) {
  if (EqualsIgnoreCase(field, value)) return true;
  size_t start = 0;
  for (size_t i = 0; i <= field.size(); ++i) {
    bool boundary = i == field.size() || (!std::isalnum(static_cast<unsigned char>(field[i])) && field[i] != '_' &&
                                          static_cast<unsigned char>(field[i]) < 0x80);
    if (!boundary) continue;
    if (i > start && EqualsIgnoreCase(field.substr(start, i - start), value)) return true;
    start = i + 1;
  }
  return false;
}

bool PredicateMatches(const Table& table, const SearchQuery::Filter& filter) {
  if (IsTimeField(filter.key)) {
    auto field = TimeField(table, filter.key);
    auto value = ParseTimeValue(filter.value);
    if (!field || !value) return false;
    // Compare at second precision, as the API shows times.
    int64_t a = *field / 1000000, b = *value / 1000000;
    const std::string& c = filter.comparator;
    if (c == "GREATER_THAN") return a > b;
    if (c == "LESS_THAN") return a < b;
    if (c == "GREATER_THAN_EQUALS") return a >= b;
    if (c == "LESS_THAN_EQUALS") return a <= b;
    return a == b;
  }
  auto field = StringField(table, filter.key);
  return field && TokenMatches(*field, filter.value);
}

// Every text a free-text search looks at.
std::vector<std::string_view> SearchableTexts(const Table& table) {
  const TableDefinition& d = table.definition;
  std::vector<std::string_view> texts = {d.name, table.database_name};
  if (d.description) texts.push_back(*d.description);
  if (d.owner) texts.push_back(*d.owner);
  if (d.table_type) texts.push_back(*d.table_type);
  for (const auto& [key, value] : d.parameters) {
    texts.push_back(key);
    texts.push_back(value);
  }
  auto add_columns = [&texts](const std::vector<Column>& columns) {
    for (const auto& column : columns) {
      texts.push_back(column.name);
      if (column.comment) texts.push_back(*column.comment);
    }
  };
  add_columns(d.partition_keys);
  if (d.storage_descriptor) {
    add_columns(d.storage_descriptor->columns);
    if (d.storage_descriptor->location) texts.push_back(*d.storage_descriptor->location);
  }
  return texts;
}

bool TextMatches(const Table& table, std::string_view search) {
  bool exact = search.size() >= 2 && search.front() == '"' && search.back() == '"';
  std::string needle = AsciiLower(exact ? search.substr(1, search.size() - 2) : search);
  for (std::string_view text : SearchableTexts(table)) {
    std::string lower = AsciiLower(text);
    if (exact ? lower == needle : lower.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

Result<Page<Table>> CatalogTransaction::SearchTables(const SearchQuery& query) {
  std::vector<Table> matches;
  auto rows = txn_.Query(
      "SELECT d.name, t.definition, t.create_time, t.update_time, t.created_by, t.version FROM tables t "
      "JOIN databases d ON d.id = t.database_id WHERE d.catalog_id = ? ORDER BY d.name, t.name",
      catalog_id_);
  while (rows.Next()) {
    ASSIGN_OR_RETURN(Table table, TableFromRow(rows, rows.Text(0), 1));
    bool keep = true;
    for (const auto& filter : query.filters) keep = keep && PredicateMatches(table, filter);
    if (keep && query.search_text) keep = TextMatches(table, *query.search_text);
    if (keep) matches.push_back(std::move(table));
  }
  RETURN_IF_ERROR(rows.status());

  if (query.sort_field) {
    const std::string& field = *query.sort_field;
    auto key_less = [&](const Table& a, const Table& b) {
      if (IsTimeField(field)) return TimeField(a, field).value_or(0) < TimeField(b, field).value_or(0);
      return StringField(a, field).value_or("") < StringField(b, field).value_or("");
    };
    std::stable_sort(matches.begin(), matches.end(), [&](const Table& a, const Table& b) {
      return query.sort_descending ? key_less(b, a) : key_less(a, b);
    });
  }

  std::string fingerprint_text = fmt::format("{}\n{}\n{}", query.search_text.value_or(""),
                                             query.sort_field.value_or(""), query.sort_descending);
  for (const auto& filter : query.filters) {
    fingerprint_text += fmt::format("\n{}\n{}\n{}", filter.key, filter.value, filter.comparator);
  }
  uint64_t fingerprint = Fingerprint(fingerprint_text);
  size_t offset = 0;
  if (query.page.token) {
    ASSIGN_OR_RETURN(PageToken token, DecodePageToken(*query.page.token, "search", fingerprint));
    try {
      offset = std::stoull(token.position);
    } catch (...) {
      return AwsError("InvalidInputException", 400, "Invalid pagination token");
    }
  }
  Page<Table> out;
  size_t end = std::min(matches.size(), offset + static_cast<size_t>(query.page.limit));
  for (size_t i = offset; i < end; ++i) out.items.push_back(std::move(matches[i]));
  if (end < matches.size()) out.next_token = EncodePageToken({"search", std::to_string(end), fingerprint});
  return out;
}

}  // namespace sluice::catalog
