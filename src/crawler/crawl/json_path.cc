// JsonPath subset: see json_path.h.
#include "crawler/crawl/json_path.h"

#include <charconv>

#include <fmt/format.h>

namespace sluice::crawler {

Result<JsonPath> JsonPath::Parse(std::string_view text) {
  JsonPath path;
  path.text_ = std::string(text);
  if (text.empty() || text[0] != '$') return InvalidArgument(fmt::format("JsonPath '{}' must start with $", text));
  size_t i = 1;
  auto bad = [&](std::string_view why) {
    return InvalidArgument(fmt::format("JsonPath '{}' is not supported: {} at position {}", text, why, i));
  };
  while (i < text.size()) {
    if (text[i] == '.') {
      ++i;
      if (i < text.size() && text[i] == '*') {
        path.steps_.push_back({Step::Kind::kWildcard, "", 0});
        ++i;
        continue;
      }
      size_t start = i;
      while (i < text.size() && text[i] != '.' && text[i] != '[') ++i;
      if (i == start) return bad("empty member name");
      path.steps_.push_back({Step::Kind::kMember, std::string(text.substr(start, i - start)), 0});
    } else if (text[i] == '[') {
      size_t close = text.find(']', i);
      if (close == std::string_view::npos) return bad("unclosed [");
      std::string_view inside = text.substr(i + 1, close - i - 1);
      if (inside == "*") {
        path.steps_.push_back({Step::Kind::kWildcard, "", 0});
      } else if (inside.size() >= 2 && (inside.front() == '\'' || inside.front() == '"') && inside.back() == inside.front()) {
        path.steps_.push_back({Step::Kind::kMember, std::string(inside.substr(1, inside.size() - 2)), 0});
      } else {
        size_t index = 0;
        auto [end, error] = std::from_chars(inside.data(), inside.data() + inside.size(), index);
        if (inside.empty() || error != std::errc() || end != inside.data() + inside.size()) return bad("bad index");
        path.steps_.push_back({Step::Kind::kIndex, "", index});
      }
      i = close + 1;
    } else {
      return bad("unexpected character");
    }
  }
  return path;
}

void JsonPath::Select(simdjson::dom::element root, std::vector<simdjson::dom::element>* out) const {
  SelectFrom(root, 0, out);
}

void JsonPath::SelectFrom(simdjson::dom::element value, size_t step, std::vector<simdjson::dom::element>* out) const {
  if (step == steps_.size()) {
    out->push_back(value);
    return;
  }
  const Step& s = steps_[step];
  switch (s.kind) {
    case Step::Kind::kMember: {
      simdjson::dom::object object;
      if (value.get_object().get(object) != simdjson::SUCCESS) return;
      simdjson::dom::element member;
      if (object.at_key(s.name).get(member) == simdjson::SUCCESS) SelectFrom(member, step + 1, out);
      return;
    }
    case Step::Kind::kIndex: {
      simdjson::dom::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS) return;
      simdjson::dom::element item;
      if (array.at(s.index).get(item) == simdjson::SUCCESS) SelectFrom(item, step + 1, out);
      return;
    }
    case Step::Kind::kWildcard: {
      simdjson::dom::array array;
      simdjson::dom::object object;
      if (value.get_array().get(array) == simdjson::SUCCESS) {
        for (simdjson::dom::element item : array) SelectFrom(item, step + 1, out);
      } else if (value.get_object().get(object) == simdjson::SUCCESS) {
        for (auto field : object) SelectFrom(field.value, step + 1, out);
      }
      return;
    }
  }
}

}  // namespace sluice::crawler
