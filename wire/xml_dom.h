// Namespace-aware reading of a pugixml tree, shared by the two readers of
// the wire (request_reader for the server, response_reader for the client).
// pugixml keeps names as written ("soap:Body"); these helpers resolve a
// prefix against the xmlns declarations in scope, as XmlReader does.
// Internal to vi::wire (pugixml is its private dependency). Stateless and
// thread-safe; every result views memory owned by the pugixml document.
#ifndef VI_WIRE_XML_DOM_H_
#define VI_WIRE_XML_DOM_H_

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace vi::wire::dom {

// The part of the element's name after its prefix ("soap:Body" -> "Body").
std::string_view LocalName(const pugi::xml_node& n);

// The namespace URI of `qualified` (an element or attribute name as
// written), resolved against the declarations in scope at `scope`: the
// default namespace for an unprefixed element, none for an unprefixed
// attribute, the XML namespace for `xml:`, "" for an undeclared prefix.
std::string_view ResolvePrefix(pugi::xml_node scope, std::string_view qualified, bool is_attribute);

// The namespace URI of element `n`.
std::string_view NamespaceOf(const pugi::xml_node& n);

// True when `n` carries xsi:nil="true" (or "1"), the xsi prefix resolved.
bool IsNil(const pugi::xml_node& n);

// Text content: all text and CDATA children concatenated (comments and
// processing instructions are not kept by the parser, so "555<!-- -->1234567"
// reads as "5551234567", as XmlReader reads it).
std::string TextOf(const pugi::xml_node& n);

}  // namespace vi::wire::dom

#endif  // VI_WIRE_XML_DOM_H_
