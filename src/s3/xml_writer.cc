// XML response writing: see xml_writer.h.
#include "s3/xml_writer.h"

#include <array>
#include <charconv>

namespace sluice::s3 {

XmlWriter::XmlWriter(std::string_view root, bool with_namespace) : root_(root) {
  out_.reserve(512);
  out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<";
  out_ += root;
  if (with_namespace) {
    out_ += " xmlns=\"";
    out_ += kS3Namespace;
    out_ += '"';
  }
  out_ += '>';
}

void XmlWriter::Open(std::string_view name) {
  out_ += '<';
  out_ += name;
  out_ += '>';
}

void XmlWriter::Close(std::string_view name) {
  out_ += "</";
  out_ += name;
  out_ += '>';
}

void XmlWriter::Element(std::string_view name, std::string_view text) {
  Open(name);
  AppendEscaped(out_, text);
  Close(name);
}

void XmlWriter::VerbatimElement(std::string_view name, std::string_view text) {
  Open(name);
  out_ += text;
  Close(name);
}

void XmlWriter::Element(std::string_view name, uint64_t value) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  Open(name);
  out_.append(digits, end);
  Close(name);
}

std::string XmlWriter::Finish() {
  Close(root_);
  return std::move(out_);
}

void XmlWriter::AppendEscaped(std::string& out, std::string_view text) {
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> special{};
    for (unsigned char c : std::string_view("&<>\"\r")) special[c] = true;
    return special;
  }();
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!kSpecial[static_cast<unsigned char>(text[i])]) continue;
    out.append(text.data() + start, i - start);
    switch (text[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += "&#13;"; break;
    }
    start = i + 1;
  }
  out.append(text.data() + start, text.size() - start);
}

}  // namespace sluice::s3
