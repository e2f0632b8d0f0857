// LIKE patterns: see like_pattern.h.
#include "engine/functions/like_pattern.h"

#include <fmt/format.h>

#include "engine/functions/utf8_text.h"

namespace sluice::engine {

Result<LikePattern> LikePattern::Compile(std::string_view pattern, char escape, bool case_insensitive) {
  LikePattern out;
  out.case_insensitive_ = case_insensitive;
  std::string lowered;
  if (case_insensitive) {
    AppendLower(pattern, lowered);
    pattern = lowered;
  }
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == escape) {
      if (i + 1 == pattern.size()) {
        return InvalidArgument(fmt::format("LIKE pattern '{}' ends with the escape character", pattern));
      }
      c = pattern[++i];
    } else if (c == '%') {
      if (out.tokens_.empty() || out.tokens_.back().kind != Token::kAnyMany) out.tokens_.push_back({Token::kAnyMany, {}});
      continue;
    } else if (c == '_') {
      out.tokens_.push_back({Token::kAnyOne, {}});
      continue;
    }
    if (out.tokens_.empty() || out.tokens_.back().kind != Token::kLiteral) out.tokens_.push_back({Token::kLiteral, {}});
    out.tokens_.back().literal += c;
  }
  const auto& t = out.tokens_;
  auto is = [&](size_t i, Token::Kind kind) { return t[i].kind == kind; };
  if (t.empty()) {
    out.shape_ = Shape::kExact;
  } else if (t.size() == 1 && is(0, Token::kLiteral)) {
    out.shape_ = Shape::kExact;
    out.literal_ = t[0].literal;
  } else if (t.size() == 2 && is(0, Token::kLiteral) && is(1, Token::kAnyMany)) {
    out.shape_ = Shape::kPrefix;
    out.literal_ = t[0].literal;
  } else if (t.size() == 2 && is(0, Token::kAnyMany) && is(1, Token::kLiteral)) {
    out.shape_ = Shape::kSuffix;
    out.literal_ = t[1].literal;
  } else if (t.size() == 3 && is(0, Token::kAnyMany) && is(1, Token::kLiteral) && is(2, Token::kAnyMany)) {
    out.shape_ = Shape::kContains;
    out.literal_ = t[1].literal;
  } else if (t.size() == 1 && is(0, Token::kAnyMany)) {
    out.shape_ = Shape::kContains;  // '%' matches everything
  }
  return out;
}

bool LikePattern::Matches(std::string_view text) const {
  std::string lowered;
  if (case_insensitive_) {
    AppendLower(text, lowered);
    text = lowered;
  }
  switch (shape_) {
    case Shape::kExact: return text == literal_;
    case Shape::kPrefix: return text.substr(0, literal_.size()) == literal_;
    case Shape::kSuffix:
      return text.size() >= literal_.size() && text.substr(text.size() - literal_.size()) == literal_;
    case Shape::kContains: return text.find(literal_) != std::string_view::npos;
    case Shape::kGeneral: return MatchesGeneral(text);
  }
  return false;
}

bool LikePattern::MatchesGeneral(std::string_view text) const {
  // Greedy matching with backtracking to the last '%': linear in practice, never exponential.
  size_t ti = 0, pos = 0;
  size_t star_token = SIZE_MAX, star_pos = 0;
  const size_t n = tokens_.size();
  while (pos < text.size() || ti < n) {
    if (ti < n) {
      const Token& token = tokens_[ti];
      if (token.kind == Token::kAnyMany) {
        star_token = ti++;
        star_pos = pos;
        continue;
      }
      if (token.kind == Token::kAnyOne && pos < text.size()) {
        pos += Utf8SequenceLength(static_cast<unsigned char>(text[pos]));
        if (pos > text.size()) pos = text.size();
        ++ti;
        continue;
      }
      if (token.kind == Token::kLiteral && text.substr(pos, token.literal.size()) == token.literal) {
        pos += token.literal.size();
        ++ti;
        continue;
      }
    }
    if (star_token != SIZE_MAX && star_pos < text.size()) {
      star_pos += Utf8SequenceLength(static_cast<unsigned char>(text[star_pos]));
      if (star_pos > text.size()) star_pos = text.size();
      pos = star_pos;
      ti = star_token + 1;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace sluice::engine
