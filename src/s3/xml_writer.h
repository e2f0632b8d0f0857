// Writes S3's XML response documents straight into a string: the declaration, a root element
// in S3's namespace, nested elements with escaped text. Listings of a thousand keys are
// rendered without building a DOM.
//
// Thread safety: an XmlWriter belongs to one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::s3 {

inline constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

class XmlWriter {
 public:
  // Starts the document with <root xmlns="..."> (no namespace when `with_namespace` is false).
  explicit XmlWriter(std::string_view root, bool with_namespace = true);

  void Open(std::string_view name);
  void Close(std::string_view name);
  // <name>text</name>, text escaped.
  void Element(std::string_view name, std::string_view text);
  void Element(std::string_view name, const char* text) { Element(name, std::string_view(text)); }
  void Element(std::string_view name, uint64_t value);
  void Element(std::string_view name, int64_t value) { Element(name, static_cast<uint64_t>(value)); }
  void Element(std::string_view name, int value) { Element(name, static_cast<uint64_t>(value)); }
  void Element(std::string_view name, bool value) { Element(name, value ? "true" : "false"); }
  // <name>text</name> for text that needs no escaping (digits, hex, timestamps, enum names).
  void VerbatimElement(std::string_view name, std::string_view text);
  // Raw markup (already well-formed).
  void Raw(std::string_view markup) { out_ += markup; }
  // Reserves room for a document of about `bytes`.
  void Reserve(size_t bytes) { out_.reserve(bytes); }

  // Closes the root and returns the document.
  std::string Finish();

  // Escapes text content: & < > " and CR (as &#13;, which XML parsers would otherwise turn
  // into LF).
  static void AppendEscaped(std::string& out, std::string_view text);

 private:
  std::string out_;
  std::string root_;
};

}  // namespace sluice::s3
