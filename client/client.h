// vi::client::Client: typed calls of the ten operations of VoIP Innovations
// API 3.0 (the vendor's sandbox and production services, or vi-sandbox).
// Requests are written exactly as the vendor's WSDL says
// (wire/request_writer.h), answers read leniently (wire/response_reader.h)
// into the model's values (model/did_response.h, model/port_response.h),
// over one kept-alive HTTP(S) connection (client/http_transport.h).
//
// Errors are values (Error), never exceptions, each kind distinguishable:
// kTransport (no HTTP answer: curl's reason), kHttpStatus (a status other
// than 200 without a SOAP fault in its body), kSoapFault (the fault's code
// and text), kMalformed (an answer that is not the operation's SOAP
// result). The API's own codes — responseCode and each DID's statusCode —
// are data in the result, not errors: check them.
//
// Secrets: the secret is written only into the request body (the login and
// secret elements, docs/wire-contract.md §1.4); no header, URL, log line or
// Error message carries it (any text that would is redacted to "***").
// Nothing in the library logs.
//
// Thread-safety: a Client is internally synchronised. Its configuration is
// immutable after Create; calls from several threads are safe and are
// serialised on the transport's mutex (one connection, one request at a
// time). For parallel requests use one Client per thread.
#ifndef VI_CLIENT_CLIENT_H_
#define VI_CLIENT_CLIENT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "client/endpoint.h"
#include "client/http_transport.h"
#include "model/did_response.h"
#include "model/port_response.h"
#include "model/requests.h"
#include "wire/soap_version.h"

namespace vi::client {

struct ClientOptions {
  std::string endpoint = "sandbox";  // "sandbox", "production" or a URL (client/endpoint.h)
  model::Credentials credentials;
  wire::SoapVersion soap_version = wire::SoapVersion::k11;
  TransportOptions transport;  // timeouts, CA bundle
};

struct Error {
  enum class Kind { kTransport, kHttpStatus, kSoapFault, kMalformed, kUsage };
  Kind kind = Kind::kTransport;
  long http_status = 0;    // 0 for kTransport and kUsage
  std::string fault_code;  // kSoapFault: "soap:Client", "soap:Sender", ...
  std::string message;     // one line, never the secret
};

// "transport", "http status", "SOAP fault", "malformed response", "usage".
std::string_view KindName(Error::Kind kind);

class Client {
 public:
  // Fails with kUsage when the endpoint cannot be resolved.
  static Result<Client, Error> Create(ClientOptions options);

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

  const Endpoint& endpoint() const;

  Result<model::DidResponse, Error> GetDids(const model::SearchRequest& search);
  Result<model::DidResponse, Error> GetDidCount(const model::SearchRequest& search);
  Result<model::DidResponse, Error> QueryDid(std::string_view tn);
  Result<model::DidResponse, Error> ReserveDid(const std::vector<model::DidParam>& params);
  Result<model::DidResponse, Error> AssignDid(const std::vector<model::DidParam>& params);
  Result<model::DidResponse, Error> ConfigDid(const std::vector<model::DidParam>& params);
  Result<model::DidResponse, Error> ReleaseDid(const std::vector<model::DidParam>& params);
  Result<model::DidResponse, Error> AuditDids();
  Result<model::PortResponse, Error> IsPortable(std::string_view tn);
  Result<model::PortResponse, Error> GetPortDetails(int port_id);

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vi::client

#endif  // VI_CLIENT_CLIENT_H_
