#include "mock-server/soap/soap_service.h"

#include "base/ascii.h"
#include "mock-server/soap/declared_operations.h"
#include "mock-server/soap/help_pages.h"
#include "mock-server/soap/operations.h"
#include "mock-server/soap/wsdl_documents.h"
#include "wire/asmx_texts.h"
#include "wire/request_reader.h"

namespace vi::soap {
namespace {

constexpr std::size_t kMaxEchoed = 256;  // longest SOAPAction echoed in a fault

std::string_view Unquote(std::string_view s) {
  s = TrimAsciiSpace(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

struct MediaType {
  std::string type;                   // lower case, no parameters
  std::optional<std::string> action;  // SOAP 1.2 action parameter
};

MediaType ParseMediaType(std::string_view content_type) {
  MediaType m;
  std::size_t semi = content_type.find(';');
  m.type = AsciiLower(TrimAsciiSpace(content_type.substr(0, semi)));
  while (semi != std::string_view::npos) {
    content_type.remove_prefix(semi + 1);
    semi = content_type.find(';');
    std::string_view param = TrimAsciiSpace(content_type.substr(0, semi));
    std::size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    if (AsciiLower(TrimAsciiSpace(param.substr(0, eq))) == "action") {
      m.action = std::string(Unquote(param.substr(eq + 1)));
    }
  }
  return m;
}

std::string_view ContentTypeOf(wire::SoapVersion v) {
  return v == wire::SoapVersion::k11 ? "text/xml; charset=utf-8" : "application/soap+xml; charset=utf-8";
}

ServiceResponse Fault(int status, wire::FaultCode code, std::string_view message, wire::SoapVersion v) {
  ServiceResponse r;
  r.status = status;
  r.content_type = std::string(ContentTypeOf(v));
  r.body = wire::WriteFault(code, message, v);
  switch (code) {
    case wire::FaultCode::kClient: r.result = "fault:Client"; break;
    case wire::FaultCode::kServer: r.result = "fault:Server"; break;
    case wire::FaultCode::kVersionMismatch: r.result = "fault:VersionMismatch"; break;
    case wire::FaultCode::kMustUnderstand: r.result = "fault:MustUnderstand"; break;
  }
  return r;
}

// An answer with a status other than 500: no body, as ASMX writes a fault
// only for 500 (Soap11/Soap12ServerProtocolHelper.WriteFault); the
// content type is the protocol helper's. `why` goes to the request log.
ServiceResponse Bodiless(int status, std::string_view why, wire::SoapVersion v) {
  ServiceResponse r;
  r.status = status;
  r.content_type = std::string(ContentTypeOf(v));
  r.result = std::to_string(status);
  r.notes.push_back(std::string(why));
  return r;
}

// The one mapping from a reader failure met while reading the parameters
// (SoapServerProtocol.ReadParameters) to its answer, in version `v` unless
// the envelope named its own (docs/behaviour.md §6).
ServiceResponse ReadFault(const wire::ReadError& e, wire::SoapVersion v) {
  v = e.envelope.value_or(v);
  switch (e.kind) {
    case wire::ReadFailure::kUnreadable: return Bodiless(400, e.message, v);
    case wire::ReadFailure::kVersionMismatch:
      // CheckHelperVersion falls back to the SOAP 1.1 helper.
      return Fault(500, wire::FaultCode::kVersionMismatch, e.message, wire::SoapVersion::k11);
    case wire::ReadFailure::kMustUnderstand:
      return Fault(500, wire::FaultCode::kMustUnderstand, e.message, v);
    case wire::ReadFailure::kMissingEnvelope:
    case wire::ReadFailure::kMissingBody:
    case wire::ReadFailure::kClient: return Fault(500, wire::FaultCode::kClient, e.message, v);
  }
  return Fault(500, wire::FaultCode::kServer, wire::asmx::kUnableToProcess, v);
}

std::string SupportedList() {
  std::string out;
  for (const OperationInfo& info : kOperations) {
    if (!out.empty()) out += ", ";
    out += info.name;
  }
  return out;
}

std::string NotEmulated(std::string_view name) {
  return std::string(wire::asmx::kUnableToProcessPrefix) + std::string(name) +
         " is not emulated by vi-sandbox. Supported operations: " + SupportedList() + ".";
}

std::string Clip(std::string_view s) {
  if (s.size() <= kMaxEchoed) return std::string(s);
  return std::string(s.substr(0, kMaxEchoed)) + "...";
}

bool IsSoapType(std::string_view type) { return type == "text/xml" || type == "application/soap+xml"; }

// The operation a SOAPAction value or SOAP 1.2 action (quotes stripped,
// URL-decoded) names, or nullptr.
const OperationInfo* OperationOfAction(std::string_view action) {
  if (!action.starts_with(wire::kTargetNs)) return nullptr;
  return FindOperation(action.substr(wire::kTargetNs.size()));
}

// The vendor operation (not emulated) a SOAPAction value or SOAP 1.2
// action names, or "".
std::string_view OtherVendorOperationOfAction(std::string_view action) {
  if (!action.starts_with(wire::kTargetNs)) return {};
  std::string_view name = action.substr(wire::kTargetNs.size());
  return IsOtherVendorOperation(name) ? name : std::string_view();
}

// Soap11ServerProtocolHelper.RouteRequest: the operation the SOAPAction
// header names, whatever the Body holds (the Body is not read), or the
// unknown-action fault. A present but empty SOAPAction names nothing.
Result<const OperationInfo*, ServiceResponse> RouteBySoapAction(std::string_view header) {
  const std::string action = PercentDecode(Unquote(header));
  if (const OperationInfo* info = OperationOfAction(action)) return info;
  constexpr wire::SoapVersion k11 = wire::SoapVersion::k11;
  if (std::string_view other = OtherVendorOperationOfAction(action); !other.empty()) {
    return MakeUnexpected(Fault(500, wire::FaultCode::kClient, NotEmulated(other), k11));
  }
  return MakeUnexpected(Fault(500, wire::FaultCode::kClient,
                              std::string(wire::asmx::kUnknownSoapAction) + Clip(action) + ".", k11));
}

// What the SOAP 1.2 rules make of a request that its action did not route
// and that could not be read up to the Body's element
// (SoapServerProtocolHelper.GetRequestElement): the exception ASMX writes
// as a Server fault ("unable to process"), or a version mismatch; or, for a
// problem that routing would not meet, the fault reading the parameters
// would give.
ServiceResponse RoutingReadFault(const wire::ReadError& e, wire::SoapVersion guessed) {
  const wire::SoapVersion v = e.envelope.value_or(guessed);
  std::string_view inner;
  switch (e.kind) {
    case wire::ReadFailure::kUnreadable:
      if (e.xml_exception.empty()) return ReadFault(e, guessed);
      inner = e.xml_exception;
      break;
    case wire::ReadFailure::kMissingEnvelope: inner = wire::asmx::kMissingEnvelope; break;
    case wire::ReadFailure::kMissingBody: inner = wire::asmx::kMissingBody; break;
    case wire::ReadFailure::kVersionMismatch:
    case wire::ReadFailure::kMustUnderstand:
    case wire::ReadFailure::kClient: return ReadFault(e, guessed);
  }
  return Fault(500, wire::FaultCode::kServer,
               std::string(wire::asmx::kUnableToProcessPrefix) + std::string(inner), v);
}

// Elements that clients send by mistake for another of the operation's
// fields (queryDID takes <did>, isPortable <tn>): the ignored-element note
// says which one was meant. The reader suggests only case slips.
void AddDidYouMean(std::string_view op, std::vector<std::string>& notes) {
  struct Slip {
    std::string_view op, sent, meant;
  };
  static constexpr Slip kSlips[] = {{"queryDID", "tn", "did"},      {"queryDID", "number", "did"},
                                    {"queryDID", "DID", "did"},     {"isPortable", "did", "tn"},
                                    {"isPortable", "number", "tn"}, {"getPortDetails", "id", "portId"}};
  for (std::string& note : notes) {
    for (const Slip& s : kSlips) {
      if (s.op != op) continue;
      const std::string plain =
          "ignored: " + std::string(op) + "/" + std::string(s.sent) + " (not in the schema)";
      if (note == plain) {
        note.insert(note.size() - 1, "; did you mean " + std::string(s.meant) + "?");
      }
    }
  }
}

}  // namespace

bool IsSoapMediaType(std::string_view content_type) {
  std::string type = ParseMediaType(content_type).type;
  return type == "text/xml" || type == "application/soap+xml";
}

std::string PercentDecode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::optional<std::string> SanitizedHost(std::string_view host) {
  if (host.empty() || host.size() > 255) return std::nullopt;
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return std::nullopt;
  }
  return std::string(host);
}

SoapService::SoapService(core::Sandbox& sandbox, SoapServiceOptions options)
    : sandbox_(sandbox), options_(options) {}

std::string SoapService::Wsdl(std::string_view service_url) const {
  std::string doc(options_.profile == wire::Profile::kSandbox ? wsdl::SandboxWsdl() : wsdl::ProductionWsdl());
  for (std::size_t at = doc.find(wsdl::kAddressPlaceholder); at != std::string::npos;
       at = doc.find(wsdl::kAddressPlaceholder, at + service_url.size())) {
    doc.replace(at, wsdl::kAddressPlaceholder.size(), service_url);
  }
  return doc;
}

ServiceResponse SoapService::Handle(const ServiceRequest& request) const {
  if (request.method == "POST") return HandlePost(request);
  if (request.method == "GET") return HandleGet(request);
  ServiceResponse r;
  r.status = 405;
  r.allow = "GET, POST";
  r.content_type = "text/plain; charset=utf-8";
  r.body = "Method not allowed: the service answers GET (help, ?wsdl) and POST (SOAP).\n";
  r.result = "405";
  return r;
}

ServiceResponse SoapService::HandleGet(const ServiceRequest& request) const {
  ServiceResponse r;
  if (request.wsdl || request.disco) {
    // The address is the URL the request came in on, scheme included, as
    // ASMX does; a Host header that is not a plain host[:port] is not echoed.
    std::string url = (request.https ? "https://" : "http://") +
                      SanitizedHost(request.host).value_or("localhost") + std::string(request.path);
    r.content_type = "text/xml; charset=utf-8";
    r.body = request.wsdl ? Wsdl(url) : DiscoDocument(url);
    r.operation = request.wsdl ? "wsdl" : "disco";
    r.result = "200";
    return r;
  }
  r.content_type = "text/html; charset=utf-8";
  if (request.op_page) {
    const OperationInfo* info = FindOperation(*request.op_page);
    if (info == nullptr && IsDeclaredOperation(options_.profile, *request.op_page)) {
      // Declared, not emulated (docs/behaviour.md §1.4).
      r.body = NotEmulatedOperationPage(*request.op_page, request.path);
      r.operation = "help:" + std::string(*request.op_page);
      r.result = "200";
      return r;
    }
    if (info == nullptr) {
      r.status = 404;
      r.content_type = "text/plain; charset=utf-8";
      r.body = "No such operation. Supported operations: " + SupportedList() + ".\n";
      r.result = "404";
      return r;
    }
    r.body = OperationPage(*info, request.path);
    r.operation = "help:" + std::string(info->name);
  } else {
    r.body = ServicePage(request.path, options_.profile);
    r.operation = "help";
  }
  r.result = "200";
  return r;
}

ServiceResponse SoapService::HandlePost(const ServiceRequest& request) const {
  const MediaType media = ParseMediaType(request.content_type);
  // SoapServerProtocol.GuessVersion: the SOAP 1.1 rules only for a request
  // with a SOAPAction header that is not application/soap+xml.
  const bool soap11_rules = request.soap_action && media.type != "application/soap+xml";
  const wire::SoapVersion guessed = soap11_rules ? wire::SoapVersion::k11 : wire::SoapVersion::k12;
  const Result<wire::SoapRequest, wire::ReadError> parsed = wire::SoapRequest::Parse(request.body);
  Result<const OperationInfo*, ServiceResponse> info =
      soap11_rules ? RouteBySoapAction(*request.soap_action)
                   : RouteBySoap12Rules(request, media.type, media.action, parsed);
  if (!info) return std::move(info.error());
  // SoapServerProtocol.ReadParameters: the media type, then the envelope,
  // whose namespace decides the version (a 1.2 envelope sent as text/xml is
  // answered as 1.2), then the parameters.
  if (!IsSoapType(media.type)) {
    return Bodiless(415, "Unsupported media type '" + std::string(media.type) + "'", guessed);
  }
  const std::optional<wire::SoapVersion> envelope = parsed ? parsed->version() : parsed.error().envelope;
  if (envelope == wire::SoapVersion::k11 && media.type != "text/xml") {
    return Bodiless(415, "A SOAP 1.1 envelope must be sent as text/xml", wire::SoapVersion::k11);
  }
  if (!parsed) return ReadFault(parsed.error(), guessed);
  const wire::SoapRequest& req = *parsed;
  return Dispatch(**info, req, request.gate);
}

Result<const OperationInfo*, ServiceResponse> SoapService::RouteBySoap12Rules(
    const ServiceRequest& request, std::string_view media_type,
    const std::optional<std::string>& action_param,
    const Result<wire::SoapRequest, wire::ReadError>& parsed) const {
  const std::string action = action_param ? PercentDecode(*action_param) : std::string();
  if (const OperationInfo* info = OperationOfAction(action)) return info;
  if (std::string_view other = OtherVendorOperationOfAction(action); !other.empty()) {
    return MakeUnexpected(Fault(500, wire::FaultCode::kClient, NotEmulated(other),
                                parsed ? parsed->version() : wire::SoapVersion::k12));
  }
  if (options_.strict_soapaction && !request.soap_action && media_type == "text/xml") {
    // As ASMX with only SOAP 1.1 enabled (Soap11ServerProtocolHelper).
    return MakeUnexpected(
        Fault(500, wire::FaultCode::kClient, wire::asmx::kNoSoapAction, wire::SoapVersion::k11));
  }
  // No action routed it: the Body's first element
  // (SoapServerProtocolHelper.GetRequestElement).
  if (!parsed) return MakeUnexpected(RoutingReadFault(parsed.error(), wire::SoapVersion::k12));
  const wire::SoapRequest& req = *parsed;
  const bool body_in_ns = req.operation_namespace() == wire::kTargetNs;
  if (const OperationInfo* info = body_in_ns ? FindOperation(req.operation()) : nullptr) return info;
  if (body_in_ns && IsOtherVendorOperation(req.operation())) {
    return MakeUnexpected(Fault(500, wire::FaultCode::kClient, NotEmulated(req.operation()), req.version()));
  }
  // Faults of routing are written in the envelope's version.
  if (action.empty()) {
    return MakeUnexpected(Fault(500, wire::FaultCode::kClient, wire::asmx::kNoSoapAction, req.version()));
  }
  return MakeUnexpected(
      Fault(500, wire::FaultCode::kClient, wire::asmx::ActionNotRecognized(Clip(action)), req.version()));
}

ServiceResponse SoapService::Dispatch(const OperationInfo& info, const wire::SoapRequest& req,
                                      const DispatchGate* gate) const {
  const wire::Profile profile = options_.profile;
  const bool production = profile == wire::Profile::kProduction;
  // The Body's element is the operation's wrapper, or XmlSerializer skips
  // it like any unknown element and the method runs without parameters (an
  // empty Body too).
  const bool wrapped = req.operation_namespace() == wire::kTargetNs && req.operation() == info.name;
  const model::Credentials who = wrapped ? req.ReadCredentials() : model::Credentials{};
  auto field = [&](std::string_view name) { return wrapped ? req.ReadField(name) : std::string(); };
  auto search = [&] { return wrapped ? req.ReadSearch(production) : model::SearchRequest{}; };
  ServiceResponse r;
  r.operation = std::string(info.name);
  r.content_type = std::string(ContentTypeOf(req.version()));
  r.login = who.login;
  const bool searches = info.op == Operation::kGetDids || info.op == Operation::kGetDidCount;
  auto did = [&](const model::DidResponse& resp) {
    r.body = wire::WriteDidResponse(info.name, resp, profile, req.version());
    r.result = std::to_string(resp.response_code);
    r.response_code = resp.response_code;
    if (!searches) {
      for (const model::Did& d : resp.dids) {
        if (d.status_code) r.status_codes.push_back(*d.status_code);
      }
    }
  };
  auto port = [&](const model::PortResponse& resp) {
    r.body = wire::WritePortResponse(info.name, resp, profile, req.version());
    r.result = std::to_string(resp.response_code);
    r.response_code = resp.response_code;
  };
  // The gate sees the call before any rule runs.
  auto gate_allows = [&]() {
    if (gate == nullptr || *gate == nullptr) return true;
    CallInfo call{info.name, who.login, &r.tns};
    if ((*gate)(call)) return true;
    r.skipped = true;
    r.result = "skipped";
    return false;
  };
  // A string field holding an element fails its read, as XmlSerializer
  // does, before the operation runs; the first in document order wins
  // (credentials come first in every operation).
  const auto content_fault = [&]() -> std::optional<ServiceResponse> {
    if (std::optional<wire::ReadError> e = req.ContentError()) return ReadFault(*e, req.version());
    return std::nullopt;
  };
  switch (info.op) {
    case Operation::kAuditDids:
      if (auto f = content_fault()) return *f;
      if (gate_allows()) did(sandbox_.AuditDids(who));
      break;
    case Operation::kQueryDid: {
      std::string d = field("did");
      if (auto f = content_fault()) return *f;
      if (wrapped) r.tns.push_back(d);
      if (gate_allows()) did(sandbox_.QueryDid(who, d));
      break;
    }
    case Operation::kGetDids:
    case Operation::kGetDidCount: {
      const model::SearchRequest criteria = search();
      if (auto f = content_fault()) return *f;
      if (!gate_allows()) break;
      if (info.op == Operation::kGetDids) did(sandbox_.GetDids(who, criteria));
      if (info.op == Operation::kGetDidCount) did(sandbox_.GetDidCount(who, criteria, production));
      break;
    }
    case Operation::kIsPortable: {
      std::string tn = field("tn");
      if (auto f = content_fault()) return *f;
      if (wrapped) r.tns.push_back(tn);
      if (gate_allows()) port(sandbox_.IsPortable(who, tn));
      break;
    }
    case Operation::kGetPortDetails: {
      Result<int, wire::ReadError> id = wrapped ? req.ReadPortId() : Result<int, wire::ReadError>(0);
      if (auto f = content_fault()) return *f;
      if (!id) return ReadFault(id.error(), req.version());
      if (gate_allows()) port(sandbox_.GetPortDetails(who, *id));
      break;
    }
    case Operation::kAssignDid:
    case Operation::kConfigDid:
    case Operation::kReleaseDid:
    case Operation::kReserveDid: {
      Result<std::vector<model::DidParam>, wire::ReadError> params =
          wrapped ? req.ReadDidParams()
                  : Result<std::vector<model::DidParam>, wire::ReadError>(std::vector<model::DidParam>());
      if (auto f = content_fault()) return *f;
      if (!params) return ReadFault(params.error(), req.version());
      for (const model::DidParam& p : *params) r.tns.push_back(p.tn);
      if (!gate_allows()) break;
      if (info.op == Operation::kAssignDid) did(sandbox_.AssignDids(who, *params));
      if (info.op == Operation::kConfigDid) did(sandbox_.ConfigDids(who, *params));
      if (info.op == Operation::kReleaseDid) did(sandbox_.ReleaseDids(who, *params));
      if (info.op == Operation::kReserveDid) did(sandbox_.ReserveDids(who, *params));
      break;
    }
  }
  r.account = sandbox_.Authenticate(who).value_or("-");
  r.notes = req.IgnoredElements();  // after the reads: what none of them took
  AddDidYouMean(info.name, r.notes);
  if (!wrapped) {
    r.notes.push_back(req.operation().empty()
                          ? "empty Body: " + std::string(info.name) + " runs without parameters"
                          : "<" + Clip(req.operation()) + "> in the Body ignored: the request is routed to " +
                                std::string(info.name) + ", which runs without parameters");
  }
  return r;
}

}  // namespace vi::soap
