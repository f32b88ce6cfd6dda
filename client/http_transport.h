// HttpTransport: one HTTP(S) connection (libcurl) that POSTs raw bodies (or GETs) and
// hands back the raw answer: status, headers and body. The SOAP client
// (client/client.h) is built on it; a contract-test harness can use it on
// its own to post hand-written envelopes.
//
// Contract:
//  - TLS certificates and host names are always verified (there is no
//    option to turn that off); `ca_bundle` names a PEM file of trusted CAs
//    instead of the system's.
//  - Connect and total timeouts and a size cap bound every request; redirects are never
//    followed (a 3xx is returned as it is); one connection is kept alive
//    and reused across requests to the same host.
//  - Errors are values: a transport failure carries curl's reason and the
//    URL's scheme, host and port (never its path query or user info, and
//    never a header or body byte). Nothing here logs.
//  - Thread-safety: internally synchronised. Requests from several threads
//    are serialised on one mutex (one connection, one request at a time);
//    use one transport per thread for parallel requests.
#ifndef VI_CLIENT_HTTP_TRANSPORT_H_
#define VI_CLIENT_HTTP_TRANSPORT_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace vi::client {

struct TransportOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};
  std::string ca_bundle;  // PEM file of trusted CAs; empty: the system's store
  // A longer answer body is a transport error, so a broken or hostile
  // server cannot exhaust memory. The largest real answers (getDIDs, 1000
  // locators) are about 200 KB.
  std::size_t max_response_bytes = 64u << 20;
};

struct HttpResponse {
  long status = 0;
  // In the order received, names as sent (compare case-insensitively).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header named `name` (ASCII case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

struct TransportError {
  std::string message;  // "connect to http://127.0.0.1:1 failed: Couldn't connect to server"
};

class HttpTransport {
 public:
  explicit HttpTransport(TransportOptions options = {});
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // POSTs `body` to `url` with `headers` ("Name: value" lines) plus a
  // Content-Length. Any HTTP answer, 500 included, is a value; only a
  // failure to get one (DNS, connect, TLS, timeout, a broken answer) is an
  // error.
  Result<HttpResponse, TransportError> Post(const std::string& url, const std::vector<std::string>& headers,
                                            std::string_view body);
  // GETs `url` with `headers`, under the same rules as Post (a contract
  // runner asks the emulator's control API with it).
  Result<HttpResponse, TransportError> Get(const std::string& url,
                                           const std::vector<std::string>& headers = {});

 private:
  Result<HttpResponse, TransportError> Exchange(bool post, const std::string& url,
                                                const std::vector<std::string>& headers,
                                                std::string_view body);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// scheme://host[:port] of `url`, without user info, path or query: what
// error messages may show of a URL.
std::string RedactedOrigin(std::string_view url);

}  // namespace vi::client

#endif  // VI_CLIENT_HTTP_TRANSPORT_H_
