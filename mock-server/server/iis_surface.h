// What IIS and ASP.NET put around an ASMX service, outside the SOAP
// envelope: paths and query keys compared without regard to case, the
// ASP.NET error page for the HttpGet/HttpPost operation paths (those
// bindings are not enabled on the real service), and the headers IIS and
// ASP.NET add to every answer (docs/behaviour.md, "Transport"). Pure
// functions over httplib types; SandboxServer wires them in.
#ifndef VI_MOCK_SERVER_SERVER_IIS_SURFACE_H_
#define VI_MOCK_SERVER_SERVER_IIS_SURFACE_H_

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "model/date_time.h"

namespace vi::server {

// An ECMAScript regex matching `literal` in any letter case ("/a.b" ->
// "/[Aa]\.[Bb]"), for httplib routes, which match paths with std::regex.
std::string CaseInsensitivePattern(std::string_view literal);

// Whether the query has `key` (any letter case), as ASMX reads ?wsdl, ?WSDL,
// ?Wsdl, ?disco and ?op=.
bool HasQueryKey(const httplib::Request& req, std::string_view key);
// The value of the first query parameter named `key` in any letter case.
std::optional<std::string> QueryValue(const httplib::Request& req, std::string_view key);

// The body ASP.NET sends (status 500, text/html) for a request to
// `<service>.asmx/<tail>`: "Request format is unrecognized for URL
// unexpectedly ending in '/<tail>'." `tail` is escaped and cut at 256 bytes.
std::string UnrecognizedFormatPage(std::string_view tail);

// The HTML page IIS sends with an error status it produces itself (an
// injected `http` fault with body "html"): a short page naming the status,
// as IIS's custom error pages for remote clients do.
std::string IisErrorPage(int status);

// The page HTTP.sys (the kernel listener in front of IIS) sends when it
// refuses a request because the application's queue is full: 503,
// `Content-Type: text/html; charset=us-ascii`, `Server:
// Microsoft-HTTPAPI/2.0`, "HTTP Error 503. The service is unavailable."
// Sets those on `res` (status is the caller's).
void RenderHttpSysUnavailable(httplib::Response& res);

// An HTTP date (RFC 9110 §5.6.7): "Sat, 28 Nov 2026 11:10:33 GMT".
std::string HttpDate(model::TimePoint t);

// Adds the headers IIS and ASP.NET send with an ASMX answer: Date (`now`),
// Cache-Control "private, max-age=0", Server "Microsoft-IIS/8.5",
// X-AspNet-Version "4.0.30319", X-Powered-By "ASP.NET". The versions are our
// choice: no capture of the vendor's headers exists.
void AddIisHeaders(httplib::Response& res, model::TimePoint now);

}  // namespace vi::server

#endif  // VI_MOCK_SERVER_SERVER_IIS_SURFACE_H_
