// Reading SOAP requests: the envelope (1.1 or 1.2) validated the way ASMX
// validates it, the operation element found, and its fields read into the
// model's request values. Namespace-aware (pugixml is not: prefixes are
// resolved here), lenient where real clients differ (prefixes, child order,
// nil, empty) and as blind as XmlSerializer where it is blind: children
// outside http://tempuri.org/, unknown names (`endpointId` included) and
// repeats of a child already read are skipped, and reported by
// IgnoredElements(); unreadable input is an error carrying the ASMX fault
// text.
#ifndef VI_WIRE_REQUEST_READER_H_
#define VI_WIRE_REQUEST_READER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/requests.h"
#include "wire/soap_version.h"
#include "wire/xml_guard.h"

namespace pugi {
class xml_document;
}

namespace vi::wire {

// How a request failed to be read; the SOAP layer maps each to its fault.
enum class ReadFailure {
  kUnreadable,       // not well-formed, DOCTYPE, limits, a malformed envelope: HTTP 400
  kVersionMismatch,  // the root's namespace is neither SOAP version: 500
  kMissingEnvelope,  // a root in a SOAP namespace that is not an Envelope: 500, Client
  kMissingBody,      // an Envelope without a Body: 500, Client
  kMustUnderstand,   // a mustUnderstand header we do not know: 500
  kClient,           // readable XML the deserializer rejects: 500, Client
};

struct ReadError {
  ReadFailure kind;
  std::string message;  // the faultstring, as ASMX words it (wire/asmx_texts.h)
  // kUnreadable from the XML input guard: the XmlException's own message,
  // as .NET words it ("reason Line l, position c."; wire/xml_guard.h).
  std::string xml_exception;
  // The version the root's namespace names, when the root was read and is
  // in a SOAP namespace (ASMX answers in it).
  std::optional<SoapVersion> envelope;
};

// One parsed request. Move-only; not thread-safe (one per request).
class SoapRequest {
 public:
  // Parses and validates `body` (UTF-8, optional BOM). Fails with
  // kUnreadable on anything the XML input guard refuses (wire/xml_guard.h:
  // malformed XML, invalid UTF-8 or XML characters, a DOCTYPE, several
  // roots, trailing text, limits exceeded, bad names), or an Envelope whose
  // children are not at most one Header and then one Body holding at most
  // one element; kVersionMismatch on a root in a namespace that is neither
  // SOAP version (whatever its name); kMissingEnvelope on a root in a SOAP
  // namespace not named Envelope; kMissingBody on an Envelope without a
  // Body; kMustUnderstand for any Header entry with mustUnderstand set (we
  // understand none). An empty Body is no failure: operation() is then "".
  // Messages are "Server was unable to read request. ---> There is an error
  // in XML document (line, column). ---> reason" for kUnreadable, "Server
  // was unable to read request. ---> Request format is invalid: ..." for the
  // two missing elements, and their own text for the SOAP faults.
  static Result<SoapRequest, ReadError> Parse(std::string_view body, const ReadLimits& limits = {});

  SoapRequest(SoapRequest&&) noexcept;
  SoapRequest& operator=(SoapRequest&&) noexcept;
  ~SoapRequest();

  SoapVersion version() const { return version_; }
  // Local name and namespace URI of the Body's element ("" for an empty
  // Body).
  const std::string& operation() const { return operation_; }
  const std::string& operation_namespace() const { return operation_ns_; }

  // Fields of the operation element. Only children in http://tempuri.org/
  // count; a missing, empty or xsi:nil child reads as "". Text, CDATA and
  // comments are read as the concatenated text; an element inside the field
  // is what XmlSerializer's ReadElementString refuses, so the read records a
  // kClient failure for ContentError() (and returns the text). A child sent more than once: the first
  // one counts (XmlSerializer's paramsRead flags), the others are ignored.
  // Each call records the name it read, for IgnoredElements().
  model::Credentials ReadCredentials() const;
  std::string ReadField(std::string_view name) const;
  // getDIDs / getDIDCount criteria; sms and network only when `production`.
  model::SearchRequest ReadSearch(bool production) const;
  // didParams of reserve/assign/config/releaseDID, in document order. In a
  // DIDParam only tn, cnam, refId and epg are read, the first of each name;
  // anything else (`endpointId` too: it is not in the schema, so epg stays
  // unset, as on the real service) is skipped. Fails with kClient when an
  // epg read is not an Int32 — nil and empty included, as XmlSerializer
  // converts a value type's text whatever xsi:nil says ("Input string was
  // not in a correct format.", or "Value was either too large or too small
  // for an Int32."), placed at the node after the epg element, where .NET's
  // reader stands when the conversion fails: "There is an error in XML
  // document (L, C)".
  // A tn, cnam or refId (not nil) or an epg holding an element fails with
  // kClient as ContentError() describes, in document order with the epg
  // failures.
  Result<std::vector<model::DidParam>, ReadError> ReadDidParams() const;
  // getPortDetails' portId (an xsd:int, minOccurs=1); 0 when absent. Fails
  // as an epg does when present and not an Int32 (nil and empty included),
  // or when it holds an element (as ContentError() describes).
  Result<int, ReadError> ReadPortId() const;

  // The first failure, in document order, of the ReadField calls so far
  // (ReadCredentials and ReadSearch included): a field holding an element,
  // `<tn>43<b/>52154006</tn>`, which XmlSerializer's ReadElementString
  // refuses, kClient: "Server was unable to read request. ---> There is an
  // error in XML document (L, C). ---> Unexpected node type Element.
  // ReadElementString method can only be called on elements with simple or
  // empty content. Line L, position C.", at the inner element's name, where
  // .NET's reader stands. nullopt when every field read had simple content.
  // Check it after the reads and before acting on them.
  std::optional<ReadError> ContentError() const;

  // The elements the reads above skipped, in document order, one line each
  // naming the parent and the element as sent, and why:
  //   "ignored: DIDParam/endpointId (not in the schema; did you mean epg?)"
  //   "ignored: queryDID/did (repeated; the first one counts)"
  //   "ignored: auditDIDs/login (no namespace; only http://tempuri.org/ is read)"
  // A child of the operation counts as skipped when no Read* call took it,
  // so call this after the reads. Element names only, never values (a
  // secret never appears).
  std::vector<std::string> IgnoredElements() const;

 private:
  SoapRequest();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  SoapVersion version_ = SoapVersion::k11;
  std::string operation_;
  std::string operation_ns_;
};

}  // namespace vi::wire

#endif  // VI_WIRE_REQUEST_READER_H_
