// Byte encodings used across the wire protocols: hex, base64, and URI percent-encoding as AWS
// defines it for SigV4 (RFC 3986 unreserved characters stay, everything else is %XX uppercase).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice {

// Lowercase hex of the bytes.
std::string HexEncode(std::string_view bytes);
// Decodes hex (either case). nullopt on odd length or a non-hex character.
std::optional<std::string> HexDecode(std::string_view hex);

std::string Base64Encode(std::string_view bytes);
// Standard alphabet with padding; nullopt when malformed.
std::optional<std::string> Base64Decode(std::string_view text);

// AWS URI-encoding: A-Z a-z 0-9 - _ . ~ are kept; '/' is kept when keep_slash; every other byte
// becomes %XX (uppercase hex).
std::string UriEncode(std::string_view bytes, bool keep_slash);
// Decodes %XX sequences; when plus_as_space, '+' becomes ' ' (form encoding). nullopt when a
// '%' is not followed by two hex digits.
std::optional<std::string> UriDecode(std::string_view text, bool plus_as_space = false);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// ASCII lowercase copy.
std::string AsciiLower(std::string_view text);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// Removes leading and trailing spaces and tabs.
std::string_view TrimSpaces(std::string_view text);

}  // namespace sluice
