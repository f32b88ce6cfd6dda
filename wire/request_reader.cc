#include "wire/request_reader.h"

#include <charconv>
#include <cstring>
#include <pugixml.hpp>

#include "base/ascii.h"

namespace vi::wire {
namespace {

constexpr std::string_view kXmlError = "There is an error in XML document (";

struct Position {
  std::size_t line = 1;
  std::size_t column = 1;
};

Position PositionOf(std::string_view text, std::size_t offset) {
  Position p;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

Unexpected<ReadError> Fail(ReadFailure kind, std::string message) {
  return MakeUnexpected(ReadError{kind, std::string(kUnableToRead) + std::move(message)});
}

Unexpected<ReadError> XmlFail(ReadFailure kind, std::string_view text, std::size_t offset,
                              std::string_view why) {
  Position p = PositionOf(text, offset);
  return Fail(kind, std::string(kXmlError) + std::to_string(p.line) + ", " +
                        std::to_string(p.column) + "). ---> " + std::string(why));
}

bool IsXmlChar(std::uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// Offset of the first byte that is not valid UTF-8 or not an XML character,
// or npos. XmlReader rejects both; pugixml would pass them through.
std::size_t FirstBadByte(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if (!IsXmlChar(c)) return i;
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms and surrogates are not valid UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        !IsXmlChar(cp)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

// Offset of the first character reference (&#N; or &#xH;) that does not
// name an XML character (e.g. &#0;, which pugixml turns into a NUL that
// silently truncates the text), or npos.
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

std::string_view LocalName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The namespace URI of an element or attribute name, resolved against the
// xmlns declarations in scope at `scope`.
std::string_view ResolvePrefix(pugi::xml_node scope, std::string_view qualified, bool is_attribute) {
  std::size_t colon = qualified.find(':');
  if (colon == std::string_view::npos && is_attribute) return {};  // unprefixed attributes: no ns
  std::string attr = colon == std::string_view::npos
                         ? std::string("xmlns")
                         : "xmlns:" + std::string(qualified.substr(0, colon));
  if (attr == "xmlns:xml") return "http://www.w3.org/XML/1998/namespace";
  for (pugi::xml_node n = scope; n && n.type() == pugi::node_element; n = n.parent()) {
    if (pugi::xml_attribute a = n.attribute(attr.c_str())) return a.value();
  }
  return {};
}

std::string_view NamespaceOf(const pugi::xml_node& n) { return ResolvePrefix(n, n.name(), false); }

// Why `qualified` (an element's or attribute's name, in scope at `scope`)
// is not a usable namespaced name, or "" when it is: an empty prefix or
// local part, a second colon, or a prefix no xmlns declaration binds.
// XmlReader rejects all of these; pugixml does not look.
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

// Text content: all text and CDATA children concatenated (comments and
// processing instructions are not kept by the parser, so "555<!-- -->1234567"
// reads as "5551234567", as XmlReader reads it).
std::string TextOf(const pugi::xml_node& n) {
  std::string out;
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return out;
}

// xsd:int as XmlConvert.ToInt32 reads it: optional surrounding whitespace,
// optional sign, decimal digits, within Int32.
Result<int, ReadError> ParseInt32(std::string_view text) {
  std::string_view t = TrimAsciiSpace(text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  int v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ptr != t.data() + t.size() || ec == std::errc::invalid_argument) {
    return Fail(ReadFailure::kClient,
                std::string(kXmlError) + "1, 1). ---> Input string was not in a correct format.");
  }
  if (ec == std::errc::result_out_of_range) {
    return Fail(ReadFailure::kClient, std::string(kXmlError) +
                                          "1, 1). ---> Value was either too large or too small "
                                          "for an Int32.");
  }
  return v;
}

}  // namespace

struct SoapRequest::Impl {
  pugi::xml_document doc;
  pugi::xml_node op;
  // Children of the operation element in the target namespace.
  std::vector<std::pair<std::string, pugi::xml_node>> fields;
  std::vector<std::string> ignored;

  pugi::xml_node Field(std::string_view name) const {
    for (const auto& [n, node] : fields) {
      if (n == name) return node;
    }
    return {};
  }
};

SoapRequest::SoapRequest() : impl_(std::make_unique<Impl>()) {}
SoapRequest::SoapRequest(SoapRequest&&) noexcept = default;
SoapRequest& SoapRequest::operator=(SoapRequest&&) noexcept = default;
SoapRequest::~SoapRequest() = default;

Result<SoapRequest, ReadError> SoapRequest::Parse(std::string_view body, const ReadLimits& limits) {
  constexpr ReadFailure kBad = ReadFailure::kUnreadable;
  if (body.size() >= 3 && std::memcmp(body.data(), "\xEF\xBB\xBF", 3) == 0) body.remove_prefix(3);
  if (TrimAsciiSpace(body).empty()) return XmlFail(kBad, body, 0, "Root element is missing.");
  if (std::size_t bad = FirstBadByte(body); bad != std::string_view::npos) {
    return XmlFail(kBad, body, bad, "Invalid character in the given encoding.");
  }
  if (std::size_t bad = FirstBadCharRef(body); bad != std::string_view::npos) {
    return XmlFail(kBad, body, bad, "Invalid character reference.");
  }
  if (std::size_t at = body.find("<!DOCTYPE"); at != std::string_view::npos) {
    return XmlFail(kBad, body, at,
                   "For security reasons DTD is prohibited in this XML document. To enable DTD "
                   "processing set the DtdProcessing property on XmlReaderSettings to Parse.");
  }

  SoapRequest req;
  Impl& impl = *req.impl_;
  // parse_fragment keeps top-level text so trailing garbage can be seen.
  pugi::xml_parse_result parsed = impl.doc.load_buffer(
      body.data(), body.size(), pugi::parse_default | pugi::parse_fragment, pugi::encoding_utf8);
  if (!parsed) {
    return XmlFail(kBad, body, static_cast<std::size_t>(parsed.offset), parsed.description());
  }

  // One root element, nothing but whitespace beside it; depth and count
  // limits checked without recursion.
  pugi::xml_node root;
  for (pugi::xml_node n : impl.doc.children()) {
    if (n.type() == pugi::node_element) {
      if (root) return XmlFail(kBad, body, body.size(), "There are multiple root elements.");
      root = n;
    } else if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      return XmlFail(kBad, body, body.size(), "Data at the root level is invalid.");
    }
  }
  if (!root) return XmlFail(kBad, body, body.size(), "Root element is missing.");
  std::size_t elements = 0, depth = 1;
  for (pugi::xml_node n = root; n;) {
    if (++elements > limits.max_elements || depth > limits.max_depth) {
      return XmlFail(kBad, body, static_cast<std::size_t>(n.offset_debug()),
                     "The document exceeds the emulator's limits (" +
                         std::to_string(limits.max_depth) + " levels, " +
                         std::to_string(limits.max_elements) + " elements).");
    }
    std::string problem = QNameProblem(n, n.name(), false);
    for (pugi::xml_attribute a = n.first_attribute(); a && problem.empty(); a = a.next_attribute()) {
      problem = QNameProblem(n, a.name(), true);
    }
    if (!problem.empty()) {
      return XmlFail(kBad, body, static_cast<std::size_t>(n.offset_debug()), problem);
    }
    pugi::xml_node child = n.first_child();
    while (child && child.type() != pugi::node_element) child = child.next_sibling();
    if (child) {
      n = child;
      ++depth;
      continue;
    }
    // Climb until an element has a next sibling element; stop at the root.
    while (true) {
      if (n == root) {
        n = pugi::xml_node();
        break;
      }
      pugi::xml_node next = n.next_sibling();
      while (next && next.type() != pugi::node_element) next = next.next_sibling();
      if (next) {
        n = next;
        break;
      }
      n = n.parent();
      --depth;
    }
  }

  // The envelope.
  std::string_view env_ns = NamespaceOf(root);
  if (LocalName(root) != "Envelope") {
    return XmlFail(kBad, body, static_cast<std::size_t>(root.offset_debug()),
                   "<" + std::string(LocalName(root)) + " xmlns='" + std::string(env_ns) +
                       "'> was not expected: not a SOAP envelope.");
  }
  if (env_ns == kSoap11EnvelopeNs) {
    req.version_ = SoapVersion::k11;
  } else if (env_ns == kSoap12EnvelopeNs) {
    req.version_ = SoapVersion::k12;
  } else {
    return MakeUnexpected(ReadError{
        ReadFailure::kVersionMismatch,
        "Possible SOAP version mismatch: Envelope namespace " + std::string(env_ns) +
            " was unexpected. Expecting " + std::string(kSoap11EnvelopeNs) + "."});
  }
  pugi::xml_node header, soap_body;
  for (pugi::xml_node c : root.children()) {
    if (c.type() != pugi::node_element) {
      if (c.type() == pugi::node_pcdata && !TrimAsciiSpace(c.value()).empty()) {
        return XmlFail(kBad, body, static_cast<std::size_t>(c.offset_debug()),
                       "Text is not allowed inside the Envelope.");
      }
      continue;
    }
    std::string_view name = LocalName(c);
    bool in_env = NamespaceOf(c) == env_ns;
    if (in_env && name == "Header" && !header && !soap_body) {
      header = c;
    } else if (in_env && name == "Body" && !soap_body) {
      soap_body = c;
    } else {
      return XmlFail(kBad, body, static_cast<std::size_t>(c.offset_debug()),
                     "Unexpected element <" + std::string(c.name()) + "> in the Envelope.");
    }
  }
  if (!soap_body) {
    return XmlFail(kBad, body, body.size(), "The Envelope has no Body.");
  }
  for (pugi::xml_node h : header.children()) {
    if (h.type() != pugi::node_element) continue;
    for (pugi::xml_attribute a : h.attributes()) {
      std::string_view an = a.name();
      std::size_t colon = an.find(':');
      if (colon == std::string_view::npos || an.substr(colon + 1) != "mustUnderstand") continue;
      if (ResolvePrefix(h, an, true) != env_ns) continue;
      std::string_view v = a.value();
      if (v == "1" || v == "true") {
        return MakeUnexpected(ReadError{ReadFailure::kMustUnderstand,
                                        "SOAP header " + std::string(LocalName(h)) +
                                            " was not understood."});
      }
    }
  }
  for (pugi::xml_node c : soap_body.children()) {
    if (c.type() == pugi::node_element) {
      if (impl.op) {
        return XmlFail(kBad, body, static_cast<std::size_t>(c.offset_debug()),
                       "The Body holds more than one element.");
      }
      impl.op = c;
    } else if (c.type() == pugi::node_pcdata && !TrimAsciiSpace(c.value()).empty()) {
      return XmlFail(kBad, body, static_cast<std::size_t>(c.offset_debug()),
                     "Text is not allowed inside the Body.");
    }
  }
  if (!impl.op) return XmlFail(kBad, body, body.size(), "The Body is empty.");
  req.operation_ = std::string(LocalName(impl.op));
  req.operation_ns_ = std::string(NamespaceOf(impl.op));

  for (pugi::xml_node c : impl.op.children()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view ns = NamespaceOf(c);
    if (ns == kTargetNs) {
      impl.fields.emplace_back(std::string(LocalName(c)), c);
    } else {
      impl.ignored.push_back("<" + std::string(c.name()) + "> ignored: its namespace is '" +
                             std::string(ns) + "', not " + std::string(kTargetNs));
    }
  }
  return req;
}

std::string SoapRequest::ReadField(std::string_view name) const {
  pugi::xml_node n = impl_->Field(name);
  if (!n || IsNil(n)) return {};
  return TextOf(n);
}

model::Credentials SoapRequest::ReadCredentials() const {
  return {ReadField("login"), ReadField("secret")};
}

model::SearchRequest SoapRequest::ReadSearch(bool production) const {
  model::SearchRequest s;
  s.state = ReadField("state");
  s.lata = ReadField("lata");
  s.rate_center = ReadField("rateCenter");
  s.npa = ReadField("npa");
  s.nxx = ReadField("nxx");
  s.tier = ReadField("tier");
  s.t38 = ReadField("t38");
  s.cnam = ReadField("cnam");
  s.orderby = ReadField("orderby");
  if (production) {
    s.sms = ReadField("sms");
    s.network = ReadField("network");
  }
  return s;
}

Result<std::vector<model::DidParam>, ReadError> SoapRequest::ReadDidParams() const {
  std::vector<model::DidParam> out;
  pugi::xml_node list = impl_->Field("didParams");
  if (!list || IsNil(list)) return out;
  for (pugi::xml_node item : list.children()) {
    if (item.type() != pugi::node_element) continue;
    if (NamespaceOf(item) != kTargetNs || LocalName(item) != "DIDParam") {
      impl_->ignored.push_back("<" + std::string(item.name()) + "> ignored inside didParams");
      continue;
    }
    if (IsNil(item)) continue;
    model::DidParam p;
    for (pugi::xml_node f : item.children()) {
      if (f.type() != pugi::node_element) continue;
      if (NamespaceOf(f) != kTargetNs) {
        impl_->ignored.push_back("<" + std::string(f.name()) + "> ignored inside DIDParam: not in " +
                                 std::string(kTargetNs));
        continue;
      }
      std::string_view name = LocalName(f);
      bool nil = IsNil(f);
      if (name == "tn") {
        p.tn = nil ? "" : TextOf(f);
      } else if (name == "cnam") {
        if (!nil) p.cnam = TextOf(f);
      } else if (name == "refId") {
        if (!nil) p.ref_id = TextOf(f);
      } else if (name == "epg" || name == "endpointId") {
        if (nil) continue;
        Result<int, ReadError> epg = ParseInt32(TextOf(f));
        if (!epg) return MakeUnexpected(epg.error());
        p.epg = *epg;
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<int, ReadError> SoapRequest::ReadPortId() const {
  pugi::xml_node n = impl_->Field("portId");
  if (!n || IsNil(n)) return 0;
  return ParseInt32(TextOf(n));
}

std::vector<std::string> SoapRequest::IgnoredElements() const { return impl_->ignored; }

}  // namespace vi::wire
