#include "wire/request_reader.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <pugixml.hpp>
#include <utility>

#include "base/ascii.h"
#include "base/utf8.h"
#include "wire/asmx_texts.h"
#include "wire/schema.h"
#include "wire/xml_dom.h"

namespace vi::wire {
namespace {

using dom::IsNil;
using dom::LocalName;
using dom::NamespaceOf;
using dom::ResolvePrefix;
using dom::TextOf;

constexpr ReadFailure kBad = ReadFailure::kUnreadable;

Unexpected<ReadError> Fail(ReadFailure kind, std::string_view message) {
  return MakeUnexpected(ReadError{kind, std::string(asmx::kUnableToRead) + std::string(message)});
}

// Unreadable: the problem `why` at byte `offset` of `text`, positioned.
Unexpected<ReadError> XmlFail(std::string_view text, std::size_t offset, std::string_view why) {
  return Fail(kBad, XmlErrorAt(text, offset, why));
}

std::size_t OffsetOf(const pugi::xml_node& n) { return static_cast<std::size_t>(n.offset_debug()); }

// The byte just past the markup construct that starts at `i` (a tag, a
// comment, CDATA, a processing instruction), in a document the guard has
// accepted (so quotes and terminators are balanced); the end of `text` if
// it is cut short.
std::size_t PastMarkup(std::string_view text, std::size_t i) {
  auto past = [&](std::string_view end) {
    std::size_t at = text.find(end, i);
    return at == std::string_view::npos ? text.size() : at + end.size();
  };
  if (text.substr(i).starts_with("<!--")) return past("-->");
  if (text.substr(i).starts_with("<![CDATA[")) return past("]]>");
  if (text.substr(i).starts_with("<?")) return past("?>");
  char quote = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return text.size();
}

// Where .NET's reader stands once XmlSerializer has read the element whose
// name starts at `name_offset` with ReadElementString: on the next node.
// Its position is the node's name for a start or end tag (after "<" or
// "</"), the text after "<!--", "<![CDATA[" or "<?", or the first character
// of text (whitespace included: XmlTextReader returns whitespace nodes).
// This is the position XmlSerializer puts in "There is an error in XML
// document (L, C)" when converting the element's text fails.
std::size_t NextNodeAfterElement(std::string_view text, std::size_t name_offset) {
  std::size_t i = name_offset > 0 ? name_offset - 1 : 0;  // the element's '<'
  i = PastMarkup(text, i);
  if (i >= 2 && text[i - 2] != '/') {  // not an empty element: find its end tag
    for (int depth = 1; i < text.size() && depth > 0;) {
      if (text[i] != '<') {
        ++i;
        continue;
      }
      const bool end_tag = text.substr(i).starts_with("</");
      const bool element = !end_tag && i + 1 < text.size() && text[i + 1] != '!' && text[i + 1] != '?';
      const std::size_t next = PastMarkup(text, i);
      if (end_tag) --depth;
      if (element && text[next - 2] != '/') ++depth;
      i = next;
    }
  }
  if (i >= text.size() || text[i] != '<') return i;
  for (std::string_view lead : {"<![CDATA[", "<!--", "</", "<?", "<"}) {
    if (text.substr(i).starts_with(lead)) return i + lead.size();
  }
  return i;
}

// The failure of XmlReader.ReadElementString on `n` when an element sits in
// its content (`<tn>43<b/>52154006</tn>`): the reader stops on that
// element's name, and XmlSerializer wraps the XmlException with the same
// position. nullopt for simple content (text, CDATA, comments).
std::optional<ReadError> ComplexContent(const pugi::xml_node& n, std::string_view doc_text) {
  for (pugi::xml_node c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    const XmlRefusal at{OffsetOf(c), std::string(asmx::kNotSimpleContent)};
    return ReadError{ReadFailure::kClient,
                     std::string(asmx::kUnableToRead) +
                         XmlErrorAt(doc_text, at.offset, XmlExceptionMessage(doc_text, at))};
  }
  return std::nullopt;
}

// xsd:int as XmlConvert.ToInt32 reads it: optional surrounding whitespace,
// optional sign, decimal digits, within Int32. `node` is the element the
// text came from in `doc_text`: a failure is placed where .NET places it.
Result<int, ReadError> ParseInt32(std::string_view value, std::string_view doc_text,
                                  const pugi::xml_node& node) {
  if (std::optional<ReadError> e = ComplexContent(node, doc_text)) return MakeUnexpected(std::move(*e));
  std::string_view t = TrimAsciiSpace(value);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  int v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  const bool malformed = t.empty() || ptr != t.data() + t.size() || ec == std::errc::invalid_argument;
  if (malformed || ec == std::errc::result_out_of_range) {
    const std::size_t at = NextNodeAfterElement(doc_text, OffsetOf(node));
    return Fail(ReadFailure::kClient,
                XmlErrorAt(doc_text, at, malformed ? asmx::kNotAnInt32 : asmx::kInt32Range));
  }
  return v;
}

// The SOAP version the root element's namespace names, checked before its
// name as ASMX does (SoapServerProtocolHelper.GetHelper, then
// CheckHelperVersion): a root in another namespace, whatever its name, is a
// version mismatch; a root in a SOAP namespace that is not an Envelope is
// kMissingEnvelope.
Result<SoapVersion, ReadError> EnvelopeVersion(pugi::xml_node root) {
  std::string_view ns = NamespaceOf(root);
  if (ns != kSoap11EnvelopeNs && ns != kSoap12EnvelopeNs) {
    return MakeUnexpected(ReadError{ReadFailure::kVersionMismatch, asmx::VersionMismatch(ns)});
  }
  if (LocalName(root) != "Envelope") {
    return MakeUnexpected(ReadError{ReadFailure::kMissingEnvelope,
                                    std::string(asmx::kUnableToRead) + std::string(asmx::kMissingEnvelope)});
  }
  return ns == kSoap11EnvelopeNs ? SoapVersion::k11 : SoapVersion::k12;
}

struct EnvelopeParts {
  pugi::xml_node header;  // null when absent
  pugi::xml_node body;
};

// The Envelope's children: an optional Header, then exactly one Body, both
// in the envelope's namespace; nothing else but whitespace.
Result<EnvelopeParts, ReadError> SplitEnvelope(pugi::xml_node envelope, std::string_view text) {
  const std::string_view env_ns = NamespaceOf(envelope);
  EnvelopeParts parts;
  for (pugi::xml_node c : envelope.children()) {
    if (c.type() != pugi::node_element) {
      if (c.type() == pugi::node_pcdata && !TrimAsciiSpace(c.value()).empty()) {
        return XmlFail(text, OffsetOf(c), "Text is not allowed inside the Envelope.");
      }
      continue;
    }
    std::string_view name = LocalName(c);
    bool in_env = NamespaceOf(c) == env_ns;
    if (in_env && name == "Header" && !parts.header && !parts.body) {
      parts.header = c;
    } else if (in_env && name == "Body" && !parts.body) {
      parts.body = c;
    } else {
      return XmlFail(text, OffsetOf(c),
                     "Unexpected element <" + std::string(c.name()) + "> in the Envelope.");
    }
  }
  if (!parts.body) {
    return MakeUnexpected(ReadError{ReadFailure::kMissingBody,
                                    std::string(asmx::kUnableToRead) + std::string(asmx::kMissingBody)});
  }
  return parts;
}

// kMustUnderstand for the first Header entry whose mustUnderstand (in the
// envelope namespace `env_ns`) is "1" or "true": we understand none.
std::optional<ReadError> CheckMustUnderstand(pugi::xml_node header, std::string_view env_ns) {
  for (pugi::xml_node h : header.children()) {
    if (h.type() != pugi::node_element) continue;
    for (pugi::xml_attribute a : h.attributes()) {
      std::string_view an = a.name();
      std::size_t colon = an.find(':');
      if (colon == std::string_view::npos || an.substr(colon + 1) != "mustUnderstand") continue;
      if (ResolvePrefix(h, an, true) != env_ns) continue;
      std::string_view v = a.value();
      if (v == "1" || v == "true") {
        return ReadError{ReadFailure::kMustUnderstand,
                         "SOAP header " + std::string(LocalName(h)) + " was not understood."};
      }
    }
  }
  return std::nullopt;
}

// The one element of the Body (the operation), or a null node for an empty
// Body (the routed method then runs without parameters); no text beside it.
Result<pugi::xml_node, ReadError> OperationElement(pugi::xml_node body, std::string_view text) {
  pugi::xml_node op;
  for (pugi::xml_node c : body.children()) {
    if (c.type() == pugi::node_element) {
      if (op) return XmlFail(text, OffsetOf(c), "The Body holds more than one element.");
      op = c;
    } else if (c.type() == pugi::node_pcdata && !TrimAsciiSpace(c.value()).empty()) {
      return XmlFail(text, OffsetOf(c), "Text is not allowed inside the Body.");
    }
  }
  return op;
}

// Why an element in the target namespace that nothing reads was skipped,
// with a hint when the client probably meant a schema name: `endpointId`
// (the vendor's later wiki name for epg) or a name in another case.
std::string UnknownReason(std::string_view local, const std::vector<std::string>& known) {
  if (local == "endpointId") return "not in the schema; did you mean epg?";
  for (const std::string& k : known) {
    if (EqualsIgnoreCaseAscii(k, local)) return "not in the schema; did you mean " + k + "?";
  }
  return "not in the schema";
}

// Why an element outside the target namespace was skipped.
std::string ForeignReason(std::string_view ns) {
  std::string where = ns.empty() ? std::string("no namespace") : "namespace '" + std::string(ns) + "'";
  return where + "; only " + std::string(kTargetNs) + " is read";
}

constexpr std::string_view kRepeated = "repeated; the first one counts";

// The names a DIDParam has (docs/wire-contract.md §2: tn, cnam, refId, epg).
const std::vector<std::string>& DidParamNames() {
  static const std::vector<std::string> names = {"tn", "cnam", "refId", "epg"};
  return names;
}

}  // namespace

struct SoapRequest::Impl {
  // One child of the operation element in the target namespace.
  struct Child {
    std::string name;
    pugi::xml_node node;
    bool read = false;  // a Read* call took it (the first of its name only)
  };
  // A skipped element, at its byte offset (notes are listed in document order).
  struct Note {
    std::size_t offset;
    std::string text;
  };

  std::string text;  // the request as parsed (after any BOM): for positions
  pugi::xml_document doc;
  pugi::xml_node op;
  std::vector<Child> fields;
  std::vector<std::string> asked;  // every name a Read* call looked for
  std::vector<Note> foreign;       // operation children outside the namespace
  std::vector<Note> nested;        // skipped inside didParams (the last ReadDidParams)
  // The first ReadField (in document order) whose element holds an element.
  std::optional<std::pair<std::size_t, ReadError>> content_error;

  // The first child called `name`, or a null node; marks it read. Later
  // children of that name are skipped, as XmlSerializer's paramsRead flags
  // skip them.
  pugi::xml_node Field(std::string_view name) {
    if (std::find(asked.begin(), asked.end(), name) == asked.end()) asked.emplace_back(name);
    for (auto& f : fields) {
      if (f.name == name) {
        f.read = true;
        return f.node;
      }
    }
    return {};
  }

  static std::string Ignored(std::string_view parent, const pugi::xml_node& n, std::string_view why) {
    return "ignored: " + std::string(parent) + "/" + std::string(n.name()) + " (" + std::string(why) + ")";
  }

  // Fills `fields` from the operation element's children in the target
  // namespace; the others go to `foreign`.
  void CollectFields() {
    fields.reserve(8);  // an operation has at most 14 parameters; most have 3-4
    asked.reserve(8);
    for (pugi::xml_node c : op.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view ns = NamespaceOf(c);
      if (ns == kTargetNs) {
        fields.push_back({std::string(LocalName(c)), c});
      } else {
        foreign.push_back({OffsetOf(c), Ignored(LocalName(op), c, ForeignReason(ns))});
      }
    }
  }
};

SoapRequest::SoapRequest() : impl_(std::make_unique<Impl>()) {}
SoapRequest::SoapRequest(SoapRequest&&) noexcept = default;
SoapRequest& SoapRequest::operator=(SoapRequest&&) noexcept = default;
SoapRequest::~SoapRequest() = default;

Result<SoapRequest, ReadError> SoapRequest::Parse(std::string_view body, const ReadLimits& limits) {
  if (body.starts_with(kUtf8Bom)) body.remove_prefix(kUtf8Bom.size());
  SoapRequest req;
  Impl& impl = *req.impl_;
  impl.text.assign(body);
  Result<pugi::xml_node, XmlRefusal> root = ParseGuardedXml(body, limits, impl.doc);
  if (!root) {
    Unexpected<ReadError> e = XmlFail(body, root.error().offset, root.error().reason);
    e.error.xml_exception = XmlExceptionMessage(body, root.error());
    return e;
  }
  Result<SoapVersion, ReadError> version = EnvelopeVersion(*root);
  if (!version) return MakeUnexpected(version.error());
  req.version_ = *version;
  auto in_version = [&](ReadError e) {
    e.envelope = *version;
    return MakeUnexpected(std::move(e));
  };
  Result<EnvelopeParts, ReadError> parts = SplitEnvelope(*root, body);
  if (!parts) return in_version(parts.error());
  if (std::optional<ReadError> e = CheckMustUnderstand(parts->header, NamespaceOf(*root))) {
    return in_version(std::move(*e));
  }
  Result<pugi::xml_node, ReadError> op = OperationElement(parts->body, body);
  if (!op) return in_version(op.error());
  impl.op = *op;
  if (impl.op) {
    req.operation_ = std::string(LocalName(impl.op));
    req.operation_ns_ = std::string(NamespaceOf(impl.op));
    impl.CollectFields();
  }
  return req;
}

std::string SoapRequest::ReadField(std::string_view name) const {
  pugi::xml_node n = impl_->Field(name);
  if (!n || IsNil(n)) return {};
  if (std::optional<ReadError> e = ComplexContent(n, impl_->text)) {
    if (!impl_->content_error || OffsetOf(n) < impl_->content_error->first) {
      impl_->content_error.emplace(OffsetOf(n), std::move(*e));
    }
  }
  return TextOf(n);
}

std::optional<ReadError> SoapRequest::ContentError() const {
  if (!impl_->content_error) return std::nullopt;
  return impl_->content_error->second;
}

model::Credentials SoapRequest::ReadCredentials() const { return {ReadField("login"), ReadField("secret")}; }

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
  std::vector<Impl::Note>& notes = impl_->nested;
  notes.clear();
  pugi::xml_node list = impl_->Field("didParams");
  if (!list || IsNil(list)) return out;
  for (pugi::xml_node item : list.children()) {
    if (item.type() != pugi::node_element) continue;
    std::string_view item_ns = NamespaceOf(item);
    if (item_ns != kTargetNs || LocalName(item) != "DIDParam") {
      std::string why =
          item_ns != kTargetNs ? ForeignReason(item_ns) : UnknownReason(LocalName(item), {"DIDParam"});
      notes.push_back({OffsetOf(item), impl_->Ignored("didParams", item, why)});
      continue;
    }
    if (IsNil(item)) continue;
    model::DidParam p;
    // XmlSerializer reads each member once (paramsRead): a repeated child is
    // skipped unread, so a second epg is never parsed.
    bool tn = false, cnam = false, ref_id = false, epg = false;
    for (pugi::xml_node f : item.children()) {
      if (f.type() != pugi::node_element) continue;
      std::string_view ns = NamespaceOf(f);
      if (ns != kTargetNs) {
        notes.push_back({OffsetOf(f), impl_->Ignored("DIDParam", f, ForeignReason(ns))});
        continue;
      }
      std::string_view name = LocalName(f);
      bool* seen = name == "tn"      ? &tn
                   : name == "cnam"  ? &cnam
                   : name == "refId" ? &ref_id
                   : name == "epg"   ? &epg
                                     : nullptr;
      if (seen == nullptr || *seen) {
        std::string why = seen ? std::string(kRepeated) : UnknownReason(name, DidParamNames());
        notes.push_back({OffsetOf(f), impl_->Ignored("DIDParam", f, why)});
        continue;
      }
      *seen = true;
      bool nil = IsNil(f);
      if (name != "epg" && !nil) {  // a string: ReadElementString takes simple content only
        if (std::optional<ReadError> e = ComplexContent(f, impl_->text)) return MakeUnexpected(std::move(*e));
      }
      if (name == "tn") {
        p.tn = nil ? "" : TextOf(f);
      } else if (name == "cnam") {
        if (!nil) p.cnam = TextOf(f);
      } else if (name == "refId") {
        if (!nil) p.ref_id = TextOf(f);
      } else {
        // epg is an xsd:int: XmlSerializer converts its text whatever xsi:nil
        // says, so nil and empty fail like any other non-number.
        Result<int, ReadError> value = ParseInt32(nil ? "" : TextOf(f), impl_->text, f);
        if (!value) return MakeUnexpected(value.error());
        p.epg = *value;
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<int, ReadError> SoapRequest::ReadPortId() const {
  pugi::xml_node n = impl_->Field("portId");
  if (!n) return 0;
  // An xsd:int: nil or empty is "Input string was not in a correct format."
  return ParseInt32(IsNil(n) ? "" : TextOf(n), impl_->text, n);
}

std::vector<std::string> SoapRequest::IgnoredElements() const {
  std::vector<Impl::Note> notes = impl_->foreign;
  const std::string_view op = LocalName(impl_->op);
  for (const Impl::Child& f : impl_->fields) {
    if (f.read) continue;
    bool repeated = std::any_of(impl_->fields.begin(), impl_->fields.end(),
                                [&](const Impl::Child& g) { return g.read && g.name == f.name; });
    std::string why = repeated ? std::string(kRepeated) : UnknownReason(f.name, impl_->asked);
    notes.push_back({OffsetOf(f.node), impl_->Ignored(op, f.node, why)});
  }
  notes.insert(notes.end(), impl_->nested.begin(), impl_->nested.end());
  std::stable_sort(notes.begin(), notes.end(),
                   [](const Impl::Note& a, const Impl::Note& b) { return a.offset < b.offset; });
  std::vector<std::string> out;
  out.reserve(notes.size());
  for (Impl::Note& n : notes) out.push_back(std::move(n.text));
  return out;
}

}  // namespace vi::wire
