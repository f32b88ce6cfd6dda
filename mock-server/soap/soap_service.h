// SoapService: the ten operations over HTTP as the real ASMX service
// answers them. Transport-neutral: it takes the parts of an HTTP request it
// needs and returns status, content type and body, so the same code serves
// the real server and in-process tests. Parsing and writing are the wire
// layer's; every rule is the Sandbox's; this class only routes and maps.
#ifndef VI_MOCK_SERVER_SOAP_SOAP_SERVICE_H_
#define VI_MOCK_SERVER_SOAP_SOAP_SERVICE_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "mock-server/core/sandbox.h"
#include "wire/request_reader.h"
#include "wire/response_writer.h"

namespace vi::soap {

struct OperationInfo;

// The service paths: the sandbox's (with /VOIP) and production's.
inline constexpr std::string_view kSandboxPath = "/VOIP/Services/APIService.asmx";
inline constexpr std::string_view kProductionPath = "/Services/APIService.asmx";

struct SoapServiceOptions {
  wire::Profile profile = wire::Profile::kSandbox;
  // Fault on a text/xml request without SOAPAction (as an ASMX service
  // with only SOAP 1.1 enabled) instead of routing it by the SOAP 1.2
  // rules.
  bool strict_soapaction = false;
};

// What a SOAP call is about, known once its parameters are read and before
// any rule runs: for the control plane's fault rules and journal.
struct CallInfo {
  std::string_view operation;  // wire name
  std::string_view login;      // as sent (not checked), "" if none
  // The numbers the request names (DIDParams, queryDID's did, isPortable's
  // tn), as sent; none for searches.
  const std::vector<std::string>* tns = nullptr;
};

// Decides, before the Sandbox is called, whether the operation runs: false
// skips it (the answer is then the caller's; ServiceResponse::skipped).
using DispatchGate = std::function<bool(const CallInfo&)>;

struct ServiceRequest {
  std::string_view method;                  // "GET", "POST", ...
  std::string_view path;                    // one of the service paths
  bool wsdl = false;                        // ?wsdl, any letter case
  bool disco = false;                       // ?disco, any letter case
  std::optional<std::string_view> op_page;  // ?op=<name>
  std::string_view content_type;
  std::optional<std::string_view> soap_action;  // the SOAPAction header, if sent
  std::string_view host;                        // the Host header
  bool https = false;                           // it came over TLS
  std::string_view body;
  const DispatchGate* gate = nullptr;  // none: every operation runs
};

struct ServiceResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::string allow;  // Allow header for 405
  // For the request log (never the secret).
  std::string operation = "-";
  std::string account = "-";
  std::string result = "-";  // responseCode, or the fault code
  std::vector<std::string> notes;
  // For the journal (never the secret): the login as sent, even when wrong
  // (result 902); the numbers the request names; responseCode and the
  // per-number statusCodes of the answer (none for searches).
  std::string login;
  std::vector<std::string> tns;
  std::optional<int> response_code;
  std::vector<std::string> status_codes;
  bool skipped = false;  // the gate said no: no rule ran, no body written
};

// Thread-safe: Handle may run on many threads at once (the Sandbox locks).
class SoapService {
 public:
  // REQUIRES: `sandbox` outlives the service.
  SoapService(core::Sandbox& sandbox, SoapServiceOptions options);

  ServiceResponse Handle(const ServiceRequest& request) const;

  // The served WSDL with its addresses set to `service_url`.
  std::string Wsdl(std::string_view service_url) const;

  const SoapServiceOptions& options() const { return options_; }

 private:
  // POST, in ASMX's order (SoapServerProtocol.Initialize, then
  // ReadParameters): guess the version from the headers, route, check the
  // media type, read the envelope (its namespace decides the version),
  // dispatch. Each step may end in a fault or a bodiless 400/415.
  ServiceResponse HandlePost(const ServiceRequest& request) const;
  ServiceResponse HandleGet(const ServiceRequest& request) const;
  // Soap12ServerProtocolHelper.RouteRequest, for a request without
  // SOAPAction or sent as application/soap+xml: the operation the `action`
  // media-type parameter names, else the one the Body's first element
  // names; else the fault (in the envelope's version). With
  // options_.strict_soapaction a text/xml request without SOAPAction is
  // refused as an ASMX with only SOAP 1.1 enabled would.
  Result<const OperationInfo*, ServiceResponse> RouteBySoap12Rules(
      const ServiceRequest& request, std::string_view media_type,
      const std::optional<std::string>& action_param,
      const Result<wire::SoapRequest, wire::ReadError>& parsed) const;
  // Runs `info` on the Sandbox and writes its response (or the fault for an
  // unreadable field). When the Body's element is not `info`'s wrapper (or
  // the Body is empty) the operation runs without parameters, as
  // XmlSerializer skips an unknown element.
  // `gate`, if set, decides before the Sandbox is called whether it is.
  ServiceResponse Dispatch(const OperationInfo& info, const wire::SoapRequest& req,
                           const DispatchGate* gate) const;

  core::Sandbox& sandbox_;
  SoapServiceOptions options_;
};

// True for the two SOAP media types (text/xml, application/soap+xml), any
// parameters, any case.
bool IsSoapMediaType(std::string_view content_type);

// "%41" -> "A"; invalid escapes are kept as they are. ('+' is kept: ASMX's
// UrlDecode would turn it into a space, but no SOAPAction contains one.)
std::string PercentDecode(std::string_view s);

// A Host header value safe to put into a document (host[:port], IPv6 in
// brackets), or nullopt.
std::optional<std::string> SanitizedHost(std::string_view host);

}  // namespace vi::soap

#endif  // VI_MOCK_SERVER_SOAP_SOAP_SERVICE_H_
