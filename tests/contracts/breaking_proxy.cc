#include "tests/contracts/breaking_proxy.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <vector>

namespace vi::testing {
namespace {

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// The SOAP operation a request names: SOAPAction's last path segment, or
// the action parameter of a SOAP 1.2 Content-Type.
std::string OperationOf(const httplib::Request& req) {
  std::string action = req.get_header_value("SOAPAction");
  if (action.empty()) {
    const std::string ct = req.get_header_value("Content-Type");
    std::size_t at = ct.find("action=");
    if (at != std::string::npos) action = ct.substr(at + 7);
  }
  action.erase(std::remove(action.begin(), action.end(), '"'), action.end());
  std::size_t slash = action.rfind('/');
  return slash == std::string::npos ? action : action.substr(slash + 1);
}

void ReverseLocators(std::string& body) {
  const std::string open = "<DIDLocators>", close = "</DIDLocators>";
  std::size_t a = body.find(open), b = body.find(close);
  if (a == std::string::npos || b == std::string::npos) return;
  a += open.size();
  std::vector<std::string> items;
  const std::string item_close = "</DIDLocator>";
  for (std::size_t i = a; i < b;) {
    std::size_t end = body.find(item_close, i);
    if (end == std::string::npos || end > b) break;
    items.push_back(body.substr(i, end + item_close.size() - i));
    i = end + item_close.size();
  }
  std::reverse(items.begin(), items.end());
  std::string joined;
  for (const std::string& s : items) joined += s;
  body.replace(a, b - a, joined);
}

void PrefixPayload(std::string& body) {
  const std::string body_open = "<soap:Body>", body_close = "</soap:Body>";
  std::size_t a = body.find(body_open), b = body.rfind(body_close);
  if (a == std::string::npos || b == std::string::npos) return;
  a += body_open.size();
  std::string payload = body.substr(a, b - a);
  if (payload.find("soap:Fault") != std::string::npos) return;
  std::string out;
  for (std::size_t i = 0; i < payload.size(); ++i) {
    out += payload[i];
    if (payload[i] != '<') continue;
    if (i + 1 < payload.size() && payload[i + 1] == '/') {
      out += '/';
      ++i;
    }
    out += "tns:";
  }
  ReplaceAll(out, "xmlns=\"http://tempuri.org/\"", "xmlns:tns=\"http://tempuri.org/\"");
  body.replace(a, b - a, out);
}

}  // namespace

const char* BreakageName(Breakage b) {
  switch (b) {
    case Breakage::kNone: return "none";
    case Breakage::kElementOrder: return "element order";
    case Breakage::kStatusText: return "a status text";
    case Breakage::kMissingEmptyArray: return "a missing empty array";
    case Breakage::kUnsortedLocators: return "unsorted locators";
    case Breakage::kSixtyMinuteReservation: return "a reservation that lasts 60 minutes";
    case Breakage::kReleaseAlwaysSucceeds: return "a release that always succeeds";
    case Breakage::kFaultWith200: return "a fault sent with HTTP 200";
    case Breakage::kPrefixedPayload: return "a prefixed payload";
    case Breakage::kLeadingWhitespace: return "whitespace before the declaration";
    case Breakage::kWrongValueKind: return "a wrong value kind";
    case Breakage::kHideControlApi: return "no control API";
  }
  return "?";
}

void Break(Breakage b, const std::string& operation, int& status, std::string& body) {
  switch (b) {
    case Breakage::kElementOrder: {
      static const std::regex re(
          "(<responseCode>[^<]*</responseCode>)(<responseMessage>[^<]*</responseMessage>)");
      body = std::regex_replace(body, re, "$2$1");
      break;
    }
    case Breakage::kStatusText:
      ReplaceAll(body, "<status>Number currently available</status>",
                 "<status>Number currently Available</status>");
      break;
    case Breakage::kMissingEmptyArray: ReplaceAll(body, "<DIDCounts />", ""); break;
    case Breakage::kUnsortedLocators:
      if (operation == "getDIDs") ReverseLocators(body);
      break;
    case Breakage::kReleaseAlwaysSucceeds:
      if (operation == "releaseDID") {
        static const std::regex code("<statusCode>1062[0-9][0-9]</statusCode>");
        static const std::regex text("<status>[^<]*</status>");
        body = std::regex_replace(body, code, "<statusCode>100</statusCode>");
        body = std::regex_replace(body, text, "<status>Released</status>");
      }
      break;
    case Breakage::kFaultWith200:
      if (status == 500 && body.find(":Fault>") != std::string::npos) status = 200;
      break;
    case Breakage::kPrefixedPayload: PrefixPayload(body); break;
    case Breakage::kLeadingWhitespace:
      if (body.starts_with("<?xml")) body = "\n" + body;
      break;
    case Breakage::kWrongValueKind: ReplaceAll(body, "<has411>false</has411>", "<has411>0</has411>"); break;
    case Breakage::kNone:
    case Breakage::kSixtyMinuteReservation:  // changes the request (below)
    case Breakage::kHideControlApi: break;
  }
}

BreakingProxy::BreakingProxy(int upstream_port, Breakage breakage)
    : upstream_port_(upstream_port), breakage_(breakage) {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    if (breakage_ == Breakage::kHideControlApi && req.path.starts_with("/_admin")) {
      res.status = 404;
      res.set_content("Not Found", "text/plain");
      return;
    }
    std::string body = req.body;
    if (breakage_ == Breakage::kSixtyMinuteReservation && req.path == "/_admin/clock/advance") {
      // The client's 30 minutes are the reservation's 15: it lasts twice as long.
      static const std::regex seconds("\"seconds\"\\s*:\\s*([0-9]+)");
      std::smatch m;
      if (std::regex_search(body, m, seconds)) {
        body = "{\"seconds\":" + std::to_string(std::stol(m[1].str()) / 2) + "}";
      }
    }
    httplib::Client upstream("127.0.0.1", upstream_port_);
    upstream.set_read_timeout(10, 0);
    upstream.set_tcp_nodelay(true);
    httplib::Headers headers;
    for (const char* name : {"SOAPAction"}) {
      if (req.has_header(name)) headers.emplace(name, req.get_header_value(name));
    }
    const std::string content_type = req.get_header_value("Content-Type");
    httplib::Result r = req.method == "GET"
                            ? upstream.Get(req.target.c_str(), headers)
                            : upstream.Post(req.target.c_str(), headers, body, content_type.c_str());
    if (!r) {
      res.status = 502;
      return;
    }
    int status = r->status;
    std::string answer = r->body;
    Break(breakage_, OperationOf(req), status, answer);
    res.status = status;
    res.set_content(answer, r->get_header_value("Content-Type").c_str());
  };
  server_.Post(".*", handler);
  server_.Get(".*", handler);
  server_.set_tcp_nodelay(true);  // no 40 ms Nagle/delayed-ACK stall per answer
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) FAIL("breaking proxy: bind failed");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  for (int i = 0; i < 500 && !server_.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!server_.is_running()) FAIL("breaking proxy did not start");
}

BreakingProxy::~BreakingProxy() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace vi::testing
