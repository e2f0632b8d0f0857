// Parses S3's XML request bodies (CreateBucketConfiguration, Delete, CompleteMultipartUpload,
// AccessControlPolicy) with pugixml. Element names are matched without namespace prefixes;
// anything that is not well-formed XML with the expected root is MalformedXML.
//
// Thread safety: an XmlDocument belongs to one thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace pugi {
class xml_document;
class xml_node;
}  // namespace pugi

namespace sluice::s3 {

// The MalformedXML error S3 returns for bodies it cannot use.
Status MalformedXml();

// A read-only view of one element.
class XmlElement {
 public:
  XmlElement() = default;
  explicit operator bool() const { return node_ != nullptr; }
  // The first child element named `name`, or an empty element.
  XmlElement Child(std::string_view name) const;
  // Every child element named `name`, in order.
  std::vector<XmlElement> Children(std::string_view name) const;
  // The concatenated text content (entities decoded).
  std::string Text() const;
  // The text of child `name`, when present.
  std::optional<std::string> ChildText(std::string_view name) const;
  std::string_view name() const;

 private:
  friend class XmlDocument;
  explicit XmlElement(const void* node) : node_(node) {}
  const void* node_ = nullptr;  // pugi::xml_node_struct
};

class XmlDocument {
 public:
  // Parses `body`; MalformedXML unless it is well-formed with root element `root`.
  static Result<XmlDocument> Parse(std::string_view body, std::string_view root);
  XmlDocument(XmlDocument&&) noexcept;
  XmlDocument& operator=(XmlDocument&&) noexcept;
  ~XmlDocument();

  XmlElement root() const;

 private:
  XmlDocument();
  std::unique_ptr<pugi::xml_document> document_;
};

}  // namespace sluice::s3
