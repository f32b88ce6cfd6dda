#include "wire/xml_guard.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "base/ascii.h"
#include "base/utf8.h"
#include "wire/asmx_texts.h"
#include "wire/xml_text.h"

namespace vi::wire {
namespace {

Unexpected<XmlRefusal> Refuse(std::size_t offset, std::string reason) {
  return MakeUnexpected(XmlRefusal{offset, std::move(reason)});
}

struct LineColumn {
  std::size_t line;
  std::size_t column;
};

// Lines and columns as .NET's XmlReader counts them (both from 1): a line
// ends at LF, CR LF or a lone CR (XML's end-of-line handling); a column is a
// UTF-16 unit, so a UTF-8 sequence is one column and a character outside the
// BMP (a 4-byte sequence) two.
LineColumn LineColumnOf(std::string_view text, std::size_t offset) {
  LineColumn at{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n' || (byte == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++at.line;
      at.column = 1;
    } else if (byte == '\r' || (byte & 0xC0) == 0x80) {
      // The CR of a CR LF, or a UTF-8 continuation byte: no column of its own.
    } else {
      at.column += byte >= 0xF0 ? 2 : 1;
    }
  }
  return at;
}

// Offset of the first byte that is not valid UTF-8 or not an XML character,
// or npos. XmlReader rejects both; pugixml would pass them through.
std::size_t FirstBadByte(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    // Printable ASCII, tab, LF and CR (almost every byte of a request) are
    // XML characters on their own.
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c >= 0x20 && c < 0x80) || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    const Utf8Sequence seq = DecodeUtf8(s.substr(i));
    if (!seq.valid || !IsXmlChar(seq.code_point)) return i;
    i += seq.size;
  }
  return std::string_view::npos;
}

// Offset of the first character reference (&#N; or &#xH;) that does not
// name an XML character, or npos.
std::size_t FirstBadCharRef(std::string_view s) {
  for (std::size_t at = s.find("&#"); at != std::string_view::npos; at = s.find("&#", at + 2)) {
    std::size_t i = at + 2;
    int base = 10;
    if (i < s.size() && s[i] == 'x') {
      base = 16;
      ++i;
    }
    std::size_t end = s.find(';', i);
    if (end == std::string_view::npos || end == i || end - i > 8) return at;
    std::uint32_t value = 0;
    auto [ptr, ec] = std::from_chars(s.data() + i, s.data() + end, value, base);
    if (ec != std::errc() || ptr != s.data() + end || !IsXmlChar(value)) return at;
  }
  return std::string_view::npos;
}

// XmlReader's words for the character at `at`, which FirstBadByte found:
// invalid UTF-8 is an encoding error; a well-formed character that XML does
// not allow is named with its code ("'\x01', hexadecimal value 0x01, is an
// invalid character.").
std::string BadCharacterReason(std::string_view text, std::size_t at) {
  const Utf8Sequence seq = DecodeUtf8(text.substr(at));
  if (!seq.valid) return "Invalid character in the given encoding.";
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(seq.code_point));
  return "'" + std::string(text.substr(at, seq.size)) + "', hexadecimal value " + hex +
         ", is an invalid character.";
}

std::size_t SkipPast(std::string_view text, std::size_t from, std::string_view end) {
  std::size_t at = text.find(end, from);
  return at == std::string_view::npos ? text.size() : at + end.size();
}

// The offset of the target of an XML declaration (`<?xml` then white space
// or `?>`) that is not at the very start of `text`, outside comments and
// CDATA, or npos. pugixml skips a declaration anywhere as a processing
// instruction; XmlReader accepts one only as the first node.
std::size_t MisplacedDeclaration(std::string_view text) {
  for (std::size_t i = text.find('<'); i != std::string_view::npos && i < text.size();
       i = text.find('<', i)) {
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("<!--")) {
      i = SkipPast(text, i + 4, "-->");
    } else if (rest.starts_with("<![CDATA[")) {
      i = SkipPast(text, i + 9, "]]>");
    } else if (rest.starts_with("<?xml") && rest.size() > 5 &&
               (rest[5] == ' ' || rest[5] == '\t' || rest[5] == '\r' || rest[5] == '\n' ||
                rest.substr(5).starts_with("?>"))) {
      if (i > 0) return i + 2;
      i = SkipPast(text, i + 2, "?>");
    } else {
      ++i;
    }
  }
  return std::string_view::npos;
}

// The byte-level checks, before pugixml sees the text: the first problem, or
// nullopt.
std::optional<XmlRefusal> CheckBytes(std::string_view text) {
  if (TrimAsciiSpace(text).empty()) return XmlRefusal{0, "Root element is missing.", false};
  if (std::size_t bad = FirstBadByte(text); bad != std::string_view::npos) {
    return XmlRefusal{bad, BadCharacterReason(text, bad)};
  }
  if (std::size_t first = text.find_first_not_of(" \t\r\n"); text[first] != '<') {
    return XmlRefusal{first, "Data at the root level is invalid."};
  }
  if (std::size_t bad = FirstBadCharRef(text); bad != std::string_view::npos) {
    return XmlRefusal{bad, "Invalid character reference."};
  }
  if (std::size_t at = MisplacedDeclaration(text); at != std::string_view::npos) {
    return XmlRefusal{at,
                      "Unexpected XML declaration. The XML declaration must be the first node in the "
                      "document, and no white space characters are allowed to appear before it."};
  }
  if (std::size_t at = text.find("<!DOCTYPE"); at != std::string_view::npos) {
    return XmlRefusal{at,
                      "For security reasons DTD is prohibited in this XML document. To enable DTD "
                      "processing set the DtdProcessing property on XmlReaderSettings to Parse."};
  }
  return std::nullopt;
}

struct OpenTag {
  std::string_view name;
  std::size_t offset;  // of the name
};

std::string_view TagName(std::string_view text, std::size_t from) {
  std::size_t end = text.find_first_of(" \t\r\n/>", from);
  return text.substr(from, (end == std::string_view::npos ? text.size() : end) - from);
}

// .NET's words for an end tag that does not match its start tag, or for
// elements still open at the end of the text, found by following the tags of
// `text` (which pugixml refused as mismatched): the refusal, or nullopt
// when the tags agree after all.
std::optional<XmlRefusal> TagMismatch(std::string_view text) {
  std::vector<OpenTag> open;
  for (std::size_t i = text.find('<'); i != std::string_view::npos && i < text.size();
       i = text.find('<', i)) {
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("<!--")) {
      i = SkipPast(text, i + 4, "-->");
    } else if (rest.starts_with("<![CDATA[")) {
      i = SkipPast(text, i + 9, "]]>");
    } else if (rest.starts_with("<?")) {
      i = SkipPast(text, i + 2, "?>");
    } else if (rest.starts_with("<!")) {
      i = SkipPast(text, i + 2, ">");
    } else if (rest.starts_with("</")) {
      const std::string_view name = TagName(text, i + 2);
      if (open.empty() || open.back().name != name) {
        if (open.empty()) return std::nullopt;
        const OpenTag& start = open.back();
        const LineColumn at = LineColumnOf(text, start.offset);
        return XmlRefusal{i + 2, "The '" + std::string(start.name) + "' start tag on line " +
                                     std::to_string(at.line) + " position " + std::to_string(at.column) +
                                     " does not match the end tag of '" + std::string(name) + "'."};
      }
      open.pop_back();
      i = SkipPast(text, i + 2, ">");
    } else {
      const std::string_view name = TagName(text, i + 1);
      // The end of the start tag, past quoted attribute values.
      std::size_t j = i + 1 + name.size();
      char quote = 0;
      for (; j < text.size(); ++j) {
        if (quote != 0) {
          if (text[j] == quote) quote = 0;
        } else if (text[j] == '"' || text[j] == '\'') {
          quote = text[j];
        } else if (text[j] == '>') {
          break;
        }
      }
      if (j >= text.size()) break;
      if (text[j - 1] != '/') open.push_back({name, i + 1});
      i = j + 1;
    }
  }
  if (open.empty()) return std::nullopt;
  std::string names;
  for (auto it = open.rbegin(); it != open.rend(); ++it) {
    if (!names.empty()) names += ", ";
    names += std::string(it->name);
  }
  return XmlRefusal{
      text.size(),
      "Unexpected end of file has occurred. The following elements are not closed: " + names + "."};
}

// The one root element, with nothing but whitespace beside it (pugixml's
// parse_fragment keeps top-level text so that trailing garbage is seen).
Result<pugi::xml_node, XmlRefusal> SoleRoot(const pugi::xml_document& doc, std::string_view text) {
  pugi::xml_node root;
  for (pugi::xml_node n : doc.children()) {
    if (n.type() == pugi::node_element) {
      if (root) return Refuse(text.size(), "There are multiple root elements.");
      root = n;
    } else if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      return Refuse(text.size(), "Data at the root level is invalid.");
    }
  }
  if (!root) return Refuse(text.size(), "Root element is missing.");
  return root;
}

// Why `qualified` (an element's or attribute's name, in scope at `scope`)
// is not a usable namespaced name, or "" when it is. XmlReader rejects all
// of these; pugixml does not look.
std::string QNameProblem(pugi::xml_node scope, std::string_view qualified, bool is_attribute) {
  std::size_t colon = qualified.find(':');
  if (colon == std::string_view::npos) return {};
  std::string_view prefix = qualified.substr(0, colon);
  std::string_view local = qualified.substr(colon + 1);
  if (prefix.empty() || local.empty() || local.find(':') != std::string_view::npos) {
    return "The name '" + std::string(qualified) + "' is not a valid qualified name.";
  }
  if (prefix == "xml" || (is_attribute && prefix == "xmlns")) return {};
  std::string decl = "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = scope; n && n.type() == pugi::node_element; n = n.parent()) {
    if (n.attribute(decl.c_str())) return {};
  }
  return "'" + std::string(prefix) + "' is an undeclared prefix.";
}

// The problem with the names of element `n` and its attributes, or "".
std::string NamesProblem(pugi::xml_node n) {
  std::string problem = QNameProblem(n, n.name(), false);
  for (pugi::xml_attribute a = n.first_attribute(); a && problem.empty(); a = a.next_attribute()) {
    problem = QNameProblem(n, a.name(), true);
  }
  return problem;
}

pugi::xml_node FirstElementFrom(pugi::xml_node n) {
  while (n && n.type() != pugi::node_element) n = n.next_sibling();
  return n;
}

// Offsets of the attribute names in the start tag whose name starts at
// `name_offset`, in order, from a lexical scan of a tag pugixml accepted.
std::vector<std::size_t> AttributeOffsets(std::string_view text, std::size_t name_offset) {
  std::vector<std::size_t> out;
  std::size_t i = text.find_first_of(" \t\r\n/>", name_offset);
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size() || text[i] == '/' || text[i] == '>') break;
    out.push_back(i);
    i = text.find('=', i);
    if (i == std::string_view::npos) break;
    i = text.find_first_of("\"'", i);
    if (i == std::string_view::npos) break;
    const std::size_t close = text.find(text[i], i + 1);
    if (close == std::string_view::npos) break;
    i = close + 1;
  }
  return out;
}

std::string LimitsReason(const ReadLimits& limits) {
  return "The document exceeds the emulator's limits (names of " + std::to_string(limits.max_name_bytes) +
         " bytes, " + std::to_string(limits.max_attributes) +
         " attributes per element, attribute values of " + std::to_string(limits.max_attribute_value_bytes) +
         " bytes).";
}

// The size limits on element `n`'s name and attributes, then a repeated
// attribute name: the first problem, or nullopt. `at` is the offset of the
// element's name in `text`.
std::optional<XmlRefusal> CheckAttributes(pugi::xml_node n, std::size_t at, std::string_view text,
                                          const ReadLimits& limits) {
  std::size_t count = 0;
  bool too_big = std::char_traits<char>::length(n.name()) > limits.max_name_bytes;
  for (pugi::xml_attribute a = n.first_attribute(); a && !too_big; a = a.next_attribute()) {
    too_big = ++count > limits.max_attributes ||
              std::char_traits<char>::length(a.name()) > limits.max_name_bytes ||
              std::char_traits<char>::length(a.value()) > limits.max_attribute_value_bytes;
  }
  if (too_big) return XmlRefusal{at, LimitsReason(limits)};
  std::size_t index = 0;
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute(), ++index) {
    const std::string_view name = a.name();
    for (pugi::xml_attribute b = n.first_attribute(); b != a; b = b.next_attribute()) {
      if (name != b.name()) continue;
      const std::vector<std::size_t> offsets = AttributeOffsets(text, at);
      return XmlRefusal{index < offsets.size() ? offsets[index] : at,
                        "'" + std::string(name) + "' is a duplicate attribute name."};
    }
  }
  return std::nullopt;
}

// Every element under `root`, in document order and without recursion: the
// limits and the names. The first problem, or nullopt.
std::optional<XmlRefusal> CheckTree(pugi::xml_node root, std::string_view text, const ReadLimits& limits) {
  std::size_t elements = 0, depth = 1;
  for (pugi::xml_node n = root; n;) {
    const auto at = static_cast<std::size_t>(n.offset_debug());
    if (++elements > limits.max_elements || depth > limits.max_depth) {
      return XmlRefusal{at, "The document exceeds the emulator's limits (" +
                                std::to_string(limits.max_depth) + " levels, " +
                                std::to_string(limits.max_elements) + " elements)."};
    }
    if (std::optional<XmlRefusal> bad = CheckAttributes(n, at, text, limits)) return bad;
    if (std::string problem = NamesProblem(n); !problem.empty()) return XmlRefusal{at, std::move(problem)};
    if (pugi::xml_node child = FirstElementFrom(n.first_child())) {
      n = child;
      ++depth;
      continue;
    }
    // Climb until an element has a next sibling element; stop at the root.
    while (true) {
      if (n == root) return std::nullopt;
      if (pugi::xml_node next = FirstElementFrom(n.next_sibling())) {
        n = next;
        break;
      }
      n = n.parent();
      --depth;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<pugi::xml_node, XmlRefusal> ParseGuardedXml(std::string_view text, const ReadLimits& limits,
                                                   pugi::xml_document& doc) {
  if (std::optional<XmlRefusal> bad = CheckBytes(text)) return MakeUnexpected(std::move(*bad));
  pugi::xml_parse_result parsed = doc.load_buffer(
      text.data(), text.size(), pugi::parse_default | pugi::parse_fragment, pugi::encoding_utf8);
  if (!parsed) {
    if (parsed.status == pugi::status_end_element_mismatch) {
      if (std::optional<XmlRefusal> bad = TagMismatch(text)) return MakeUnexpected(std::move(*bad));
    }
    return Refuse(static_cast<std::size_t>(parsed.offset), parsed.description());
  }
  Result<pugi::xml_node, XmlRefusal> root = SoleRoot(doc, text);
  if (!root) return root;
  if (std::optional<XmlRefusal> bad = CheckTree(*root, text, limits)) return MakeUnexpected(std::move(*bad));
  return root;
}

std::string XmlErrorAt(std::string_view text, std::size_t offset, std::string_view reason) {
  const LineColumn at = LineColumnOf(text, offset);
  return asmx::XmlDocumentError(at.line, at.column, reason);
}

std::string XmlExceptionMessage(std::string_view text, const XmlRefusal& refusal) {
  if (!refusal.positioned) return refusal.reason;
  const LineColumn at = LineColumnOf(text, refusal.offset);
  return refusal.reason + " Line " + std::to_string(at.line) + ", position " + std::to_string(at.column) +
         ".";
}

}  // namespace vi::wire
