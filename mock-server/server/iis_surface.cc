#include "mock-server/server/iis_surface.h"

#include <chrono>
#include <cstdio>
#include <string>

#include "base/ascii.h"

namespace vi::server {
namespace {

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string CaseInsensitivePattern(std::string_view literal) {
  std::string out;
  for (char c : literal) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (lower != upper) {
      out += '[';
      out += upper;
      out += lower;
      out += ']';
    } else if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

bool HasQueryKey(const httplib::Request& req, std::string_view key) {
  for (const auto& [name, value] : req.params) {
    if (EqualsIgnoreCaseAscii(name, key)) return true;
  }
  return false;
}

std::optional<std::string> QueryValue(const httplib::Request& req, std::string_view key) {
  for (const auto& [name, value] : req.params) {
    if (EqualsIgnoreCaseAscii(name, key)) return value;
  }
  return std::nullopt;
}

std::string UnrecognizedFormatPage(std::string_view tail) {
  const std::string message = "Request format is unrecognized for URL unexpectedly ending in '/" +
                              HtmlEscape(tail.substr(0, 256)) + "'.";
  return "<html>\r\n    <head>\r\n        <title>" + message +
         "</title>\r\n    </head>\r\n    <body bgcolor=\"white\">\r\n"
         "            <span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>\r\n"
         "            <h2> <i>" +
         message +
         "</i> </h2></span>\r\n"
         "            <b> Exception Details: </b>System.InvalidOperationException: " +
         message + "<br><br>\r\n    </body>\r\n</html>\r\n";
}

std::string HttpDate(model::TimePoint t) {
  using namespace std::chrono;
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // Every answer carries a Date: each worker keeps the last second it
  // formatted (the clock is virtual and may jump, so the key is the second
  // itself, not a timer).
  thread_local seconds cached_second = seconds::min();
  thread_local std::string cached;
  const seconds whole = floor<seconds>(t.time_since_epoch());
  if (whole == cached_second) return cached;
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const weekday wd{day};
  const auto secs = duration_cast<seconds>(t - day).count();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02lld:%02lld:%02lld GMT", kDays[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  cached = buf;
  cached_second = whole;
  return cached;
}

void AddIisHeaders(httplib::Response& res, model::TimePoint now) {
  // Fields composed here (no CR or LF: set_header's scans are skipped), put
  // in the map's case-insensitive order with its end as the hint, so each
  // insertion costs one name comparison when nothing sorts after it (the
  // map's comparator calls the C library's tolower per character). Where
  // the hint is wrong the map inserts as emplace would: same contents.
  httplib::Headers& h = res.headers;
  h.emplace_hint(h.end(), "Cache-Control", "private, max-age=0");
  h.emplace_hint(h.end(), "Date", HttpDate(now));
  h.emplace_hint(h.end(), "Server", "Microsoft-IIS/8.5");
  h.emplace_hint(h.end(), "X-AspNet-Version", "4.0.30319");
  h.emplace_hint(h.end(), "X-Powered-By", "ASP.NET");
}

std::string IisErrorPage(int status) {
  const char* reason = "Error";
  switch (status) {
    case 400: reason = "Bad Request"; break;
    case 401: reason = "Unauthorized"; break;
    case 403: reason = "Forbidden"; break;
    case 404: reason = "Not Found"; break;
    case 429: reason = "Too Many Requests"; break;
    case 500: reason = "Internal Server Error"; break;
    case 502: reason = "Bad Gateway"; break;
    case 503: reason = "Service Unavailable"; break;
    case 504: reason = "Gateway Timeout"; break;
    default: break;
  }
  const std::string title = std::to_string(status) + " - " + reason + ".";
  return "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
         "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\r\n"
         "<html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head>\r\n"
         "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"/>\r\n<title>" +
         title +
         "</title>\r\n</head>\r\n<body>\r\n<div id=\"header\"><h1>Server Error</h1></div>\r\n"
         "<div id=\"content\">\r\n <div class=\"content-container\"><fieldset>\r\n  <h2>" +
         title + "</h2>\r\n </fieldset></div>\r\n</div>\r\n</body>\r\n</html>\r\n";
}

void RenderHttpSysUnavailable(httplib::Response& res) {
  res.body =
      "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\"http://www.w3.org/TR/html4/strict.dtd\">\r\n"
      "<HTML><HEAD><TITLE>Service Unavailable</TITLE>\r\n"
      "<META HTTP-EQUIV=\"Content-Type\" Content=\"text/html; charset=us-ascii\"></HEAD>\r\n"
      "<BODY><h2>Service Unavailable</h2>\r\n"
      "<hr><p>HTTP Error 503. The service is unavailable.</p>\r\n"
      "</BODY></HTML>\r\n";
  res.set_header("Content-Type", "text/html; charset=us-ascii");
  res.set_header("Server", "Microsoft-HTTPAPI/2.0");
}

}  // namespace vi::server
