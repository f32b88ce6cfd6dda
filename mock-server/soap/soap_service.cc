#include "mock-server/soap/soap_service.h"

#include "base/ascii.h"
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

// The one mapping from a reader failure to its fault (docs/behaviour.md
// §6).
ServiceResponse ReadFault(const wire::ReadError& e, wire::SoapVersion v) {
  switch (e.kind) {
    case wire::ReadFailure::kUnreadable: return Fault(400, wire::FaultCode::kClient, e.message, v);
    case wire::ReadFailure::kVersionMismatch:
      return Fault(500, wire::FaultCode::kVersionMismatch, e.message, v);
    case wire::ReadFailure::kMustUnderstand:
      return Fault(500, wire::FaultCode::kMustUnderstand, e.message, v);
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

// The SOAP version a request's media type (lower case, no parameters)
// announces, or the 415 fault for any other type.
Result<wire::SoapVersion, ServiceResponse> VersionOfMediaType(std::string_view type) {
  if (type == "text/xml") return wire::SoapVersion::k11;
  if (type == "application/soap+xml") return wire::SoapVersion::k12;
  return MakeUnexpected(Fault(415, wire::FaultCode::kClient,
                              std::string(wire::asmx::kUnableToProcessPrefix) +
                                  "Unsupported media type: use text/xml (SOAP 1.1) or "
                                  "application/soap+xml (SOAP 1.2).",
                              wire::SoapVersion::k11));
}

// The fault for an envelope whose version is not the one its media type
// announced, or nullopt when they agree.
std::optional<ServiceResponse> VersionConflict(wire::SoapVersion expected, wire::SoapVersion actual) {
  if (actual == expected) return std::nullopt;
  if (actual == wire::SoapVersion::k11) {
    // A SOAP 1.1 envelope must come as text/xml.
    return Fault(
        415, wire::FaultCode::kClient,
        std::string(wire::asmx::kUnableToProcessPrefix) + "A SOAP 1.1 envelope must be sent as text/xml.",
        wire::SoapVersion::k11);
  }
  return Fault(500, wire::FaultCode::kVersionMismatch, wire::asmx::VersionMismatch(wire::kSoap12EnvelopeNs),
               wire::SoapVersion::k11);
}

// The action: SOAPAction (1.1) or the action parameter (1.2); quotes
// stripped, then URL-decoded as ASMX does. nullopt when none or empty.
std::optional<std::string> RequestedAction(const ServiceRequest& request, const MediaType& media,
                                           wire::SoapVersion version) {
  std::optional<std::string> action;
  if (version == wire::SoapVersion::k12 && media.action) {
    action = PercentDecode(*media.action);
  } else if (request.soap_action) {
    action = PercentDecode(Unquote(*request.soap_action));
  }
  if (action && action->empty()) action.reset();
  return action;
}

// XmlSerializer's fault for a Body element that is not the operation.
ServiceResponse BodyNotExpected(const wire::SoapRequest& req) {
  const std::string element =
      wire::asmx::UnexpectedElement(Clip(req.operation()), Clip(req.operation_namespace())) + ".";
  return Fault(500, wire::FaultCode::kClient,
               std::string(wire::asmx::kUnableToRead) + wire::asmx::XmlDocumentError(1, 1, element),
               req.version());
}

// The operation `action` names, when the Body holds that operation; else
// the fault.
Result<const OperationInfo*, ServiceResponse> RouteByAction(std::string_view action,
                                                            const wire::SoapRequest& req) {
  const bool tempuri = action.starts_with(wire::kTargetNs);
  const std::string_view op_name = tempuri ? action.substr(wire::kTargetNs.size()) : std::string_view();
  const OperationInfo* info = tempuri ? FindOperation(op_name) : nullptr;
  if (info == nullptr) {
    if (tempuri && IsOtherVendorOperation(op_name)) {
      return MakeUnexpected(Fault(500, wire::FaultCode::kClient, NotEmulated(op_name), req.version()));
    }
    return MakeUnexpected(Fault(500, wire::FaultCode::kClient,
                                std::string(wire::asmx::kUnknownSoapAction) + Clip(action) + ".",
                                req.version()));
  }
  if (req.operation_namespace() != wire::kTargetNs || req.operation() != info->name) {
    return MakeUnexpected(BodyNotExpected(req));
  }
  return info;
}

// The operation the Body's element names; else the fault.
Result<const OperationInfo*, ServiceResponse> RouteByBody(const wire::SoapRequest& req) {
  const std::string& body_op = req.operation();
  const bool body_in_ns = req.operation_namespace() == wire::kTargetNs;
  const OperationInfo* info = body_in_ns ? FindOperation(body_op) : nullptr;
  if (info == nullptr) {
    if (body_in_ns && IsOtherVendorOperation(body_op)) {
      return MakeUnexpected(Fault(500, wire::FaultCode::kClient, NotEmulated(body_op), req.version()));
    }
    return MakeUnexpected(BodyNotExpected(req));
  }
  return info;
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
  if (request.wsdl) {
    // The address is the URL the request came in on, as ASMX does; a Host
    // header that is not a plain host[:port] is not echoed.
    std::string host = SanitizedHost(request.host).value_or("localhost");
    r.content_type = "text/xml; charset=utf-8";
    r.body = Wsdl("http://" + host + std::string(request.path));
    r.operation = "wsdl";
    r.result = "200";
    return r;
  }
  r.content_type = "text/html; charset=utf-8";
  if (request.op_page) {
    const OperationInfo* info = FindOperation(*request.op_page);
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
    r.body = ServicePage(request.path);
    r.operation = "help";
  }
  r.result = "200";
  return r;
}

ServiceResponse SoapService::HandlePost(const ServiceRequest& request) const {
  const MediaType media = ParseMediaType(request.content_type);
  Result<wire::SoapVersion, ServiceResponse> expected = VersionOfMediaType(media.type);
  if (!expected) return std::move(expected.error());
  Result<wire::SoapRequest, wire::ReadError> parsed = wire::SoapRequest::Parse(request.body);
  if (!parsed) return ReadFault(parsed.error(), *expected);
  const wire::SoapRequest& req = *parsed;
  if (std::optional<ServiceResponse> fault = VersionConflict(*expected, req.version())) return *fault;
  const std::optional<std::string> action = RequestedAction(request, media, req.version());
  Result<const OperationInfo*, ServiceResponse> info = Route(action, req);
  if (!info) return std::move(info.error());
  return Dispatch(**info, req);
}

Result<const OperationInfo*, ServiceResponse> SoapService::Route(const std::optional<std::string>& action,
                                                                 const wire::SoapRequest& req) const {
  if (action) return RouteByAction(*action, req);
  if (options_.strict_soapaction && req.version() == wire::SoapVersion::k11) {
    return MakeUnexpected(Fault(500, wire::FaultCode::kClient, wire::asmx::kNoSoapAction, req.version()));
  }
  // No action: routed by the Body's element (decision; ASMX with both
  // bindings does this).
  return RouteByBody(req);
}

ServiceResponse SoapService::Dispatch(const OperationInfo& info, const wire::SoapRequest& req) const {
  const wire::Profile profile = options_.profile;
  const bool production = profile == wire::Profile::kProduction;
  const model::Credentials who = req.ReadCredentials();
  ServiceResponse r;
  r.operation = std::string(info.name);
  r.content_type = std::string(ContentTypeOf(req.version()));
  r.notes = req.IgnoredElements();
  auto did = [&](const model::DidResponse& resp) {
    r.body = wire::WriteDidResponse(info.name, resp, profile, req.version());
    r.result = std::to_string(resp.response_code);
  };
  auto port = [&](const model::PortResponse& resp) {
    r.body = wire::WritePortResponse(info.name, resp, profile, req.version());
    r.result = std::to_string(resp.response_code);
  };
  switch (info.op) {
    case Operation::kAuditDids: did(sandbox_.AuditDids(who)); break;
    case Operation::kQueryDid: did(sandbox_.QueryDid(who, req.ReadField("did"))); break;
    case Operation::kGetDids: did(sandbox_.GetDids(who, req.ReadSearch(production))); break;
    case Operation::kGetDidCount:
      did(sandbox_.GetDidCount(who, req.ReadSearch(production), production));
      break;
    case Operation::kIsPortable: port(sandbox_.IsPortable(who, req.ReadField("tn"))); break;
    case Operation::kGetPortDetails: {
      Result<int, wire::ReadError> id = req.ReadPortId();
      if (!id) return ReadFault(id.error(), req.version());
      port(sandbox_.GetPortDetails(who, *id));
      break;
    }
    case Operation::kAssignDid:
    case Operation::kConfigDid:
    case Operation::kReleaseDid:
    case Operation::kReserveDid: {
      Result<std::vector<model::DidParam>, wire::ReadError> params = req.ReadDidParams();
      if (!params) return ReadFault(params.error(), req.version());
      r.notes = req.IgnoredElements();
      if (info.op == Operation::kAssignDid) did(sandbox_.AssignDids(who, *params));
      if (info.op == Operation::kConfigDid) did(sandbox_.ConfigDids(who, *params));
      if (info.op == Operation::kReleaseDid) did(sandbox_.ReleaseDids(who, *params));
      if (info.op == Operation::kReserveDid) did(sandbox_.ReserveDids(who, *params));
      break;
    }
  }
  r.account = sandbox_.Authenticate(who).value_or("-");
  return r;
}

}  // namespace vi::soap
