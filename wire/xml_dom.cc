#include "wire/xml_dom.h"

#include "wire/schema.h"
#include "wire/soap_version.h"

namespace vi::wire::dom {

std::string_view LocalName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view ResolvePrefix(pugi::xml_node scope, std::string_view qualified, bool is_attribute) {
  std::size_t colon = qualified.find(':');
  if (colon == std::string_view::npos && is_attribute) return {};  // unprefixed attributes: no ns
  std::string attr = colon == std::string_view::npos ? std::string("xmlns")
                                                     : "xmlns:" + std::string(qualified.substr(0, colon));
  if (attr == "xmlns:xml") return schema::kXmlNs;
  for (pugi::xml_node n = scope; n && n.type() == pugi::node_element; n = n.parent()) {
    if (pugi::xml_attribute a = n.attribute(attr.c_str())) return a.value();
  }
  return {};
}

std::string_view NamespaceOf(const pugi::xml_node& n) { return ResolvePrefix(n, n.name(), false); }

bool IsNil(const pugi::xml_node& n) {
  for (pugi::xml_attribute a : n.attributes()) {
    std::string_view name = a.name();
    std::size_t colon = name.find(':');
    if (colon == std::string_view::npos || name.substr(colon + 1) != "nil") continue;
    if (ResolvePrefix(n, name, true) != kXsiNs) continue;
    std::string_view v = a.value();
    return v == "true" || v == "1";
  }
  return false;
}

std::string TextOf(const pugi::xml_node& n) {
  std::string out;
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return out;
}

}  // namespace vi::wire::dom
