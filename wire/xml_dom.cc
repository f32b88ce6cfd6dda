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
  // The declaring attribute is "xmlns" or "xmlns:<prefix>"; compared as
  // views (this runs for every element a request's reader looks at).
  const bool prefixed = colon != std::string_view::npos;
  const std::string_view prefix = prefixed ? qualified.substr(0, colon) : std::string_view();
  if (prefixed && prefix == "xml") return schema::kXmlNs;
  const std::size_t wanted_size = prefixed ? 6 + prefix.size() : 5;
  for (pugi::xml_node n = scope; n && n.type() == pugi::node_element; n = n.parent()) {
    // The first attribute of that name on the nearest element declaring it.
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      const std::string_view name = a.name();
      if (name.size() != wanted_size || name.substr(0, 5) != "xmlns") continue;
      if (!prefixed || (name[5] == ':' && name.substr(6) == prefix)) return a.value();
    }
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
