#include "client/client.h"

#include "wire/request_writer.h"
#include "wire/response_reader.h"

namespace vi::client {
namespace {

// Replaces every occurrence of `secret` in `text` with "***".
std::string Redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

}  // namespace

std::string_view KindName(Error::Kind kind) {
  switch (kind) {
    case Error::Kind::kTransport: return "transport";
    case Error::Kind::kHttpStatus: return "http status";
    case Error::Kind::kSoapFault: return "SOAP fault";
    case Error::Kind::kMalformed: return "malformed response";
    case Error::Kind::kUsage: return "usage";
  }
  return "unknown";
}

struct Client::Impl {
  ClientOptions options;
  Endpoint endpoint;
  HttpTransport transport;

  Impl(ClientOptions o, Endpoint e)
      : options(std::move(o)), endpoint(std::move(e)), transport(options.transport) {}

  Error MakeError(Error::Kind kind, long status, std::string code, const std::string& message) const {
    const std::string& secret = options.credentials.secret;
    return Error{kind, status, Redact(std::move(code), secret), Redact(message, secret)};
  }

  // POSTs one request; the raw answer, or a transport error.
  Result<HttpResponse, Error> Exchange(std::string_view operation, const std::string& body) {
    wire::HttpRequestHeaders h = wire::RequestHeaders(operation, options.soap_version);
    std::vector<std::string> headers{"Content-Type: " + h.content_type};
    if (!h.soap_action.empty()) headers.push_back("SOAPAction: " + h.soap_action);
    auto r = transport.Post(endpoint.url, headers, body);
    if (!r) return MakeUnexpected(MakeError(Error::Kind::kTransport, 0, "", r.error().message));
    return std::move(r).value();
  }

  // Maps a reader's error, or a non-200 status, to an Error.
  Error FromResponse(const HttpResponse& http, const wire::ResponseError& e) const {
    if (e.kind == wire::ResponseError::Kind::kFault) {
      return MakeError(
          Error::Kind::kSoapFault, http.status, e.fault_code,
          "SOAP fault " + e.fault_code + " (HTTP " + std::to_string(http.status) + "): " + e.message);
    }
    if (http.status != 200) {
      return MakeError(Error::Kind::kHttpStatus, http.status, "",
                       "HTTP " + std::to_string(http.status) + " without a SOAP answer" +
                           (http.body.empty() ? " (empty body)" : ""));
    }
    return MakeError(Error::Kind::kMalformed, http.status, "", "malformed response: " + e.message);
  }

  template <typename T, typename Reader>
  Result<T, Error> Call(std::string_view operation, const std::string& body, Reader read) {
    auto http = Exchange(operation, body);
    if (!http) return MakeUnexpected(http.error());
    auto parsed = read(http->body, operation);
    if (!parsed) return MakeUnexpected(FromResponse(*http, parsed.error()));
    if (http->status != 200) {
      // A readable result under an error status: not what ASMX sends.
      return MakeUnexpected(MakeError(Error::Kind::kHttpStatus, http->status, "",
                                      "HTTP " + std::to_string(http->status) + " with a result body"));
    }
    return std::move(parsed).value();
  }

  Result<model::DidResponse, Error> CallDid(std::string_view operation, const std::string& body) {
    return Call<model::DidResponse>(operation, body, wire::ReadDidResponse);
  }
  Result<model::PortResponse, Error> CallPort(std::string_view operation, const std::string& body) {
    return Call<model::PortResponse>(operation, body, wire::ReadPortResponse);
  }
};

Result<Client, Error> Client::Create(ClientOptions options) {
  auto endpoint = ResolveEndpoint(options.endpoint);
  if (!endpoint) return MakeUnexpected(Error{Error::Kind::kUsage, 0, "", endpoint.error()});
  return Client(std::make_unique<Impl>(std::move(options), std::move(endpoint).value()));
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

const Endpoint& Client::endpoint() const { return impl_->endpoint; }

Result<model::DidResponse, Error> Client::GetDids(const model::SearchRequest& search) {
  const ClientOptions& o = impl_->options;
  return impl_->CallDid("getDIDs", wire::WriteSearchRequest("getDIDs", o.credentials, search,
                                                            impl_->endpoint.profile, o.soap_version));
}
Result<model::DidResponse, Error> Client::GetDidCount(const model::SearchRequest& search) {
  const ClientOptions& o = impl_->options;
  return impl_->CallDid("getDIDCount", wire::WriteSearchRequest("getDIDCount", o.credentials, search,
                                                                impl_->endpoint.profile, o.soap_version));
}
Result<model::DidResponse, Error> Client::QueryDid(std::string_view tn) {
  const ClientOptions& o = impl_->options;
  return impl_->CallDid("queryDID", wire::WriteQueryDidRequest(o.credentials, tn, o.soap_version));
}
Result<model::DidResponse, Error> Client::ReserveDid(const std::vector<model::DidParam>& params) {
  const ClientOptions& o = impl_->options;
  return impl_->CallDid("reserveDID",
                        wire::WriteDidParamsRequest("reserveDID", o.credentials, params, o.soap_version));
}
Result<model::DidResponse, Error> Client::AssignDid(const std::vector<model::DidParam>& params) {
  const ClientOptions& o = impl_->options;
  return impl_->CallDid("assignDID",
                        wire::WriteDidParamsRequest("assignDID", o.credentials, params, o.soap_version));
}
Result<model::DidResponse, Error> Client::ConfigDid(const std::vector<model::DidParam>& params) {
  const ClientOptions& o = impl_->options;
  return impl_->CallDid("configDID",
                        wire::WriteDidParamsRequest("configDID", o.credentials, params, o.soap_version));
}
Result<model::DidResponse, Error> Client::ReleaseDid(const std::vector<model::DidParam>& params) {
  const ClientOptions& o = impl_->options;
  return impl_->CallDid("releaseDID",
                        wire::WriteDidParamsRequest("releaseDID", o.credentials, params, o.soap_version));
}
Result<model::DidResponse, Error> Client::AuditDids() {
  const ClientOptions& o = impl_->options;
  return impl_->CallDid("auditDIDs", wire::WriteAuditDidsRequest(o.credentials, o.soap_version));
}
Result<model::PortResponse, Error> Client::IsPortable(std::string_view tn) {
  const ClientOptions& o = impl_->options;
  return impl_->CallPort("isPortable", wire::WriteIsPortableRequest(o.credentials, tn, o.soap_version));
}
Result<model::PortResponse, Error> Client::GetPortDetails(int port_id) {
  const ClientOptions& o = impl_->options;
  return impl_->CallPort("getPortDetails",
                         wire::WriteGetPortDetailsRequest(o.credentials, port_id, o.soap_version));
}

}  // namespace vi::client
