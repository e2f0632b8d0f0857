// JSON text the way Step Functions writes it: compact, object members in document order,
// numbers in their shortest round-trip form ("1.5", not Boost.JSON's "1.5E0"; integral doubles
// keep their ".0"), non-ASCII UTF-8 passed through, control characters escaped.
//
// Every payload Sluice shows (history events, execution output, States.JsonToString,
// States.Format) goes through here so that the same value always prints the same way.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace sluice::states {

// Appends the JSON text of `value` to `out`.
void AppendJson(const boost::json::value& value, std::string& out);
// The JSON text of `value`.
std::string JsonText(const boost::json::value& value);
// The text of a number value (int64, uint64 or double) as AppendJson writes it.
void AppendNumber(const boost::json::value& value, std::string& out);
// The bytes AppendJson would produce, without producing them (for size limits).
size_t JsonTextSize(const boost::json::value& value);

}  // namespace sluice::states
