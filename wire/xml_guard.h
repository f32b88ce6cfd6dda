// The XML input guard: reads untrusted request bytes into a pugixml document,
// refusing what .NET's XmlReader (as ASMX configures it) refuses and pugixml
// would let through, plus limits of ours. The SOAP envelope reader
// (wire/request_reader.h) reads only what passed it.
#ifndef VI_WIRE_XML_GUARD_H_
#define VI_WIRE_XML_GUARD_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

namespace pugi {
class xml_document;
class xml_node;
}  // namespace pugi

namespace vi::wire {

struct ReadLimits {
  std::size_t max_depth = 64;                         // element nesting, root = 1
  std::size_t max_elements = 20'000;                  // elements in the whole document
  std::size_t max_name_bytes = 1024;                  // one element or attribute name, prefix included
  std::size_t max_attributes = 64;                    // attributes (xmlns included) on one element
  std::size_t max_attribute_value_bytes = 16 * 1024;  // one attribute value, as decoded
};

// Why the guard refused a document.
struct XmlRefusal {
  std::size_t offset;  // byte offset into the text where the problem is
  std::string reason;  // XmlReader's words (ours for the limits)
  // False when .NET's XmlException carries no position (an empty document:
  // "Root element is missing.").
  bool positioned = true;
};

// Parses `text` (UTF-8; the caller has removed any BOM, and offsets count
// from after it) into `doc` and returns its one root element. Checks run in
// this order; the first that fails is the refusal (offset: reason):
//  - only whitespace (0: "Root element is missing.");
//  - a byte that is not well-formed UTF-8 (base/utf8.h: "Invalid character
//    in the given encoding.") or a character that is not an XML Char
//    (wire/xml_text.h), control characters included ("'C', hexadecimal
//    value 0x01, is an invalid character."), at the sequence's first byte;
//  - text before the first markup (its first byte: "Data at the root level
//    is invalid.", as for a form-encoded body);
//  - a character reference &#N; / &#xH; that is unterminated, empty, longer
//    than 8 digits, not a number or not an XML Char, such as &#0; (which
//    pugixml turns into a NUL that silently truncates the text), &#xD800;
//    or &#x110000; (its '&': "Invalid character reference.");
//  - an XML declaration (`<?xml` followed by white space or `?>`) that is
//    not the very first thing, after a comment or white space, say (the
//    byte after `<?`: "Unexpected XML declaration. The XML declaration must
//    be the first node in the document, and no white space characters are
//    allowed to appear before it."), outside comments and CDATA;
//  - "<!DOCTYPE" anywhere (its '<': "For security reasons DTD is prohibited
//    in this XML document. To enable DTD processing set the DtdProcessing
//    property on XmlReaderSettings to Parse."), so no entity is declared;
//  - an end tag that does not match the open start tag (at the end tag's
//    name: "The 'a' start tag on line 1 position 2 does not match the end
//    tag of 'b'."), elements still open at the end of the text (at the end:
//    "Unexpected end of file has occurred. The following elements are not
//    closed: b, a."), and anything else pugixml finds malformed (its offset
//    and description);
//  - a second root element ("There are multiple root elements."), text or
//    CDATA beside the root ("Data at the root level is invalid."), no root
//    ("Root element is missing."), all at the end of the text;
//  - more than `limits.max_elements` elements or deeper than
//    `limits.max_depth` (the first element over: "The document exceeds the
//    emulator's limits (N levels, M elements)."), or an element with a name
//    longer than `limits.max_name_bytes`, more than `limits.max_attributes`
//    attributes, or an attribute whose name or value is too long (at the
//    element's name: "The document exceeds the emulator's limits (names of
//    N bytes, M attributes per element, attribute values of K bytes).");
//  - an attribute named twice on one element (at the second one's name:
//    "'a' is a duplicate attribute name.");
//  - an element or attribute name with an empty prefix or local part, a
//    second colon ("The name 'a:b:c' is not a valid qualified name.") or a
//    prefix no xmlns declaration in scope binds ("'p' is an undeclared
//    prefix."); xml: and xmlns: need no declaration.
// Element problems are placed at the element's name (the byte after '<').
// Trees are walked without recursion. On failure `doc` holds whatever was
// parsed and must not be used. Thread-safe (no shared state).
Result<pugi::xml_node, XmlRefusal> ParseGuardedXml(std::string_view text, const ReadLimits& limits,
                                                   pugi::xml_document& doc);

// The message .NET gives for a problem at byte `offset` of `text`:
// "There is an error in XML document (line, column). ---> reason". Both
// count from 1 as .NET's XmlReader counts them: a line ends at LF, CR LF or
// a lone CR; a column is a UTF-16 unit (a UTF-8 sequence is one, a character
// outside the BMP two).
std::string XmlErrorAt(std::string_view text, std::size_t offset, std::string_view reason);

// The message of the XmlException .NET's reader throws for `refusal` of
// `text`: "reason Line l, position c." (line and column as XmlErrorAt
// counts them), or the bare reason when the refusal is not positioned.
// This is what ASMX quotes when the exception reaches a fault unwrapped.
std::string XmlExceptionMessage(std::string_view text, const XmlRefusal& refusal);

}  // namespace vi::wire

#endif  // VI_WIRE_XML_GUARD_H_
