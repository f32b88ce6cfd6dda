// Writing SOAP requests the way the vendor's WSDL describes them: the mirror
// image of wire/request_reader.h, for clients. Document/literal wrapped: the
// operation element in http://tempuri.org/ as the default namespace, every
// child qualified by it, children in WSDL order (docs/wire-contract.md §2),
// login and secret first and always written, `epg` always written in a
// DIDParam (0 when unset: it is an int with minOccurs="1", as WSDL-driven
// clients send it), other unset or empty strings omitted (minOccurs="0").
// SOAP 1.1 (`soap:` envelope) or 1.2 (`soap12:` envelope); the HTTP headers
// that go with each come from RequestHeaders(). Text escaping:
// wire/xml_text.h. Never fails. Thread-safe (no shared state).
#ifndef VI_WIRE_REQUEST_WRITER_H_
#define VI_WIRE_REQUEST_WRITER_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/requests.h"
#include "wire/response_writer.h"
#include "wire/soap_version.h"

namespace vi::wire {

// The content type and (SOAP 1.1 only) SOAPAction of a request:
//   1.1: Content-Type: text/xml; charset=utf-8
//        SOAPAction: "http://tempuri.org/<operation>"   (quoted)
//   1.2: Content-Type: application/soap+xml; charset=utf-8; action="http://tempuri.org/<operation>"
//        soap_action is empty (no SOAPAction header is sent).
struct HttpRequestHeaders {
  std::string content_type;
  std::string soap_action;
};
HttpRequestHeaders RequestHeaders(std::string_view operation, SoapVersion v);

// auditDIDs: login, secret.
std::string WriteAuditDidsRequest(const model::Credentials& c, SoapVersion v);
// queryDID: login, secret, did.
std::string WriteQueryDidRequest(const model::Credentials& c, std::string_view tn, SoapVersion v);
// isPortable: login, secret, tn.
std::string WriteIsPortableRequest(const model::Credentials& c, std::string_view tn, SoapVersion v);
// getPortDetails: login, secret, portId (an int, always written).
std::string WriteGetPortDetailsRequest(const model::Credentials& c, int port_id, SoapVersion v);
// getDIDs (`operation` "getDIDs") or getDIDCount ("getDIDCount"): login,
// secret, state, lata, rateCenter, npa, nxx, tier, t38, cnam, then orderby
// (getDIDCount only), then sms and network (kProduction only; the sandbox
// schema has no such parameters, so they are dropped for kSandbox).
// REQUIRES: operation is "getDIDs" or "getDIDCount".
std::string WriteSearchRequest(std::string_view operation, const model::Credentials& c,
                               const model::SearchRequest& s, Profile p, SoapVersion v);
// reserveDID, assignDID, configDID, releaseDID: login, secret, didParams
// holding one DIDParam per entry: tn, cnam (when set), refId (when set),
// epg (always; 0 when unset).
// REQUIRES: `operation` is an XML NCName (one of the four names).
std::string WriteDidParamsRequest(std::string_view operation, const model::Credentials& c,
                                  const std::vector<model::DidParam>& params, SoapVersion v);

}  // namespace vi::wire

#endif  // VI_WIRE_REQUEST_WRITER_H_
