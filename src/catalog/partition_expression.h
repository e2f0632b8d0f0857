// The GetPartitions `Expression` filter language: an SQL WHERE-like predicate over a table's
// partition keys, parsed here by a small recursive-descent parser and evaluated against each
// partition's values.
//
//   expr      := term { OR term }
//   term      := factor { AND factor }
//   factor    := NOT factor | '(' expr ')' | predicate
//   predicate := operand op operand                       (one side a key, the other a literal)
//              | key [NOT] BETWEEN literal AND literal    (inclusive)
//              | key [NOT] IN '(' literal {',' literal} ')'
//              | key [NOT] LIKE 'pattern'                 (% and _ wildcards)
//              | key IS [NOT] NULL
//   op        := = | <> | != | < | <= | > | >=
//   literal   := 'text' ('' is a quote) | number
//   key       := name | "name" | `name`                   (case-insensitive)
//
// Comparisons are typed by the key's Hive type (string, char, varchar, tinyint, smallint, int,
// bigint, long, date, timestamp, decimal): the literal is converted to that type when parsed,
// and each stored value when compared. Errors, as Glue reports them: a syntax error, an unknown
// key, an unsupported key type, LIKE on a non-string key, or a literal that does not convert →
// InvalidInputException; a stored value that does not convert → InvalidStateException. A blank
// expression (empty or only spaces, as Spark's metastore client sends) matches every partition.
//
// Thread safety: a parsed expression is immutable; Matches may be called concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"

namespace sluice::catalog {

class PartitionExpression {
 public:
  // Parses `text` for a table with these partition keys.
  static Result<PartitionExpression> Parse(std::string_view text, const std::vector<Column>& partition_keys);

  // True when the partition with these values (one per key, in key order) satisfies the
  // expression. InvalidStateException when a stored value does not convert to its key's type.
  Result<bool> Matches(std::span<const std::string_view> values) const;

  // True for a blank expression.
  bool matches_everything() const { return root_ < 0; }

  PartitionExpression(PartitionExpression&&) noexcept;
  PartitionExpression& operator=(PartitionExpression&&) noexcept;
  ~PartitionExpression();

  // Parsed form; public so that the parser (in the .cc) can build it.
  struct Node;
  enum class KeyKind : unsigned char { kString, kInteger, kDate, kTimestamp, kDecimal };
  struct Key {
    std::string name;
    KeyKind kind = KeyKind::kString;
  };

 private:
  PartitionExpression();
  Result<bool> Evaluate(int node, std::span<const std::string_view> values) const;

  std::vector<Key> keys_;
  std::vector<Node> nodes_;
  int root_ = -1;
};

// The kind of comparison a Hive partition key type gets; InvalidInputException for types the
// expression language cannot compare.
Result<PartitionExpression::KeyKind> PartitionKeyKind(std::string_view hive_type);

// SQL LIKE with % (any run) and _ (one character, UTF-8 aware).
bool SqlLikeMatches(std::string_view pattern, std::string_view text);

}  // namespace sluice::catalog
