// XML request bodies through pugixml: see xml_reader.h.
#include "s3/xml_reader.h"

#include <pugixml.hpp>

namespace sluice::s3 {

namespace {

// The element name without a namespace prefix ("s3:Delete" → "Delete").
std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Node(const void* node) {
  return pugi::xml_node(static_cast<pugi::xml_node_struct*>(const_cast<void*>(node)));
}

}  // namespace

Status MalformedXml() {
  return AwsError("MalformedXML", 400,
                  "The XML you provided was not well-formed or did not validate against our published schema");
}

XmlElement XmlElement::Child(std::string_view name) const {
  if (!node_) return XmlElement();
  for (pugi::xml_node child : Node(node_).children()) {
    if (child.type() == pugi::node_element && LocalName(child) == name) return XmlElement(child.internal_object());
  }
  return XmlElement();
}

std::vector<XmlElement> XmlElement::Children(std::string_view name) const {
  std::vector<XmlElement> out;
  if (!node_) return out;
  for (pugi::xml_node child : Node(node_).children()) {
    if (child.type() == pugi::node_element && LocalName(child) == name) out.push_back(XmlElement(child.internal_object()));
  }
  return out;
}

std::string XmlElement::Text() const {
  if (!node_) return "";
  std::string out;
  for (pugi::xml_node child : Node(node_).children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  }
  return out;
}

std::optional<std::string> XmlElement::ChildText(std::string_view name) const {
  XmlElement child = Child(name);
  if (!child) return std::nullopt;
  return child.Text();
}

std::string_view XmlElement::name() const { return node_ ? LocalName(Node(node_)) : std::string_view(); }

XmlDocument::XmlDocument() : document_(std::make_unique<pugi::xml_document>()) {}
XmlDocument::XmlDocument(XmlDocument&&) noexcept = default;
XmlDocument& XmlDocument::operator=(XmlDocument&&) noexcept = default;
XmlDocument::~XmlDocument() = default;

Result<XmlDocument> XmlDocument::Parse(std::string_view body, std::string_view root) {
  XmlDocument document;
  // parse_default keeps entity decoding and drops whitespace-only text; parse_ws_pcdata_single
  // keeps a key that is nothing but spaces.
  pugi::xml_parse_result result = document.document_->load_buffer(
      body.data(), body.size(), pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
  if (!result) return MalformedXml();
  pugi::xml_node element = document.document_->document_element();
  if (!element || LocalName(element) != root) return MalformedXml();
  return document;
}

XmlElement XmlDocument::root() const { return XmlElement(document_->document_element().internal_object()); }

}  // namespace sluice::s3
