#include "mock-server/soap/help_pages.h"

#include <algorithm>
#include <vector>

#include "base/ascii.h"
#include "mock-server/soap/declared_operations.h"
#include "wire/soap_version.h"

namespace vi::soap {
namespace {

constexpr std::string_view kHead =
    "<html><head><style type=\"text/css\">body{font-family:Verdana;color:#000000;"
    "margin:0}#content{margin-left:30px;font-size:.70em}pre{background-color:#e5e5cc;"
    "padding:5px;font-size:1.2em}</style><title>APIService Web Service</title></head>"
    "<body><div id=\"content\"><p class=\"heading1\">APIService</p><br>";
constexpr std::string_view kTail = "</div></body></html>";
constexpr std::string_view kNotEmulatedSummary =
    "Declared as the vendor's WSDL declares it; not emulated by vi-sandbox.";

// Sample request children per operation (WSDL order).
std::string_view SampleChildren(Operation op) {
  switch (op) {
    case Operation::kAuditDids: return "";
    case Operation::kQueryDid: return "<did>string</did>";
    case Operation::kIsPortable: return "<tn>string</tn>";
    case Operation::kGetPortDetails: return "<portId>int</portId>";
    case Operation::kGetDids:
      return "<state>string</state><lata>string</lata><rateCenter>string</rateCenter>"
             "<npa>string</npa><nxx>string</nxx><tier>string</tier><t38>string</t38>"
             "<cnam>string</cnam>";
    case Operation::kGetDidCount:
      return "<state>string</state><lata>string</lata><rateCenter>string</rateCenter>"
             "<npa>string</npa><nxx>string</nxx><tier>string</tier><t38>string</t38>"
             "<cnam>string</cnam><orderby>string</orderby>";
    case Operation::kAssignDid:
    case Operation::kConfigDid:
    case Operation::kReleaseDid:
    case Operation::kReserveDid:
      return "<didParams><DIDParam><tn>string</tn><cnam>string</cnam><refId>string</refId>"
             "<epg>int</epg></DIDParam></didParams>";
  }
  return "";
}

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Names sorted without regard to case; a lower-case letter before its
// upper-case one when that is all that differs, as a culture-aware compare
// orders them.
bool NameLess(std::string_view a, std::string_view b) {
  const std::string la = AsciiLower(a), lb = AsciiLower(b);
  if (la != lb) return la < lb;
  return a > b;
}

}  // namespace

std::string ServicePage(std::string_view service_path, wire::Profile profile) {
  std::string out(kHead);
  out +=
      "<span><p class=\"intro\">The following operations are supported. For a formal "
      "definition, please review the <a href=\"";
  out += Escape(service_path);
  out += "?WSDL\">Service Description</a>.</p><ul>";
  std::span<const std::string_view> declared = DeclaredOperations(profile);
  std::vector<std::string_view> names(declared.begin(), declared.end());
  std::ranges::sort(names, NameLess);
  for (std::string_view name : names) {
    const OperationInfo* op = FindOperation(name);
    out += "<li><a href=\"" + Escape(service_path) + "?op=" + Escape(name) + "\">" + Escape(name) +
           "</a><br>" + std::string(op != nullptr ? op->summary : kNotEmulatedSummary) + "</li>";
  }
  out += "</ul></span>";
  out += kTail;
  return out;
}

std::string DiscoDocument(std::string_view service_url) {
  const std::string url = Escape(service_url);
  const std::string ns(wire::kTargetNs);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
      "<discovery xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xmlns=\"http://schemas.xmlsoap.org/disco/\">\r\n";
  out += "  <contractRef ref=\"" + url + "?wsdl\" docRef=\"" + url +
         "\" xmlns=\"http://schemas.xmlsoap.org/disco/scl/\" />\r\n";
  int q = 1;
  for (const char* binding : {"APIServiceSoap", "APIServiceSoap12"}) {
    const std::string prefix = "q" + std::to_string(q++);
    out += "  <soap address=\"" + url + "\" xmlns:" + prefix + "=\"" + ns + "\" binding=\"" + prefix + ":" +
           binding + "\" xmlns=\"http://schemas.xmlsoap.org/disco/soap/\" />\r\n";
  }
  out += "</discovery>";
  return out;
}

std::string OperationPage(const OperationInfo& op, std::string_view service_path) {
  std::string name(op.name);
  const std::string target_ns(wire::kTargetNs);
  std::string body = "<" + name + " xmlns=\"" + target_ns +
                     "\"><login>string</login><secret>string</secret>" + std::string(SampleChildren(op.op)) +
                     "</" + name + ">";
  std::string out(kHead);
  out += "<span><p class=\"intro\">Click <a href=\"" + Escape(service_path) +
         "\">here</a> for a complete list of operations.</p><h2>" + name + "</h2><p>" +
         std::string(op.summary) + "</p>";
  out += "<h3>SOAP 1.1</h3><pre>POST " + Escape(service_path) +
         " HTTP/1.1\nContent-Type: text/xml; charset=utf-8\nSOAPAction: \"" + target_ns + name + "\"\n\n" +
         Escape("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:soap=\"" +
                std::string(wire::kSoap11EnvelopeNs) + "\"><soap:Body>" + body +
                "</soap:Body></soap:Envelope>") +
         "</pre>";
  out += "<h3>SOAP 1.2</h3><pre>POST " + Escape(service_path) +
         " HTTP/1.1\nContent-Type: application/soap+xml; charset=utf-8\n\n" +
         Escape("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap12:Envelope xmlns:soap12=\"" +
                std::string(wire::kSoap12EnvelopeNs) + "\"><soap12:Body>" + body +
                "</soap12:Body></soap12:Envelope>") +
         "</pre></span>";
  out += kTail;
  return out;
}

std::string NotEmulatedOperationPage(std::string_view name, std::string_view service_path) {
  const std::string n = Escape(name);
  std::string out(kHead);
  out += "<span><p class=\"intro\">Click <a href=\"" + Escape(service_path) +
         "\">here</a> for a complete list of operations.</p><h2>" + n + "</h2><p>" + n +
         " is declared in this service's <a href=\"" + Escape(service_path) +
         "?WSDL\">Service Description</a> as the vendor's WSDL declares it, but it is not emulated by "
         "vi-sandbox: a SOAP request for it is answered with HTTP 500 and a Client fault (soap:Sender in "
         "SOAP 1.2) that names the supported operations.</p></span>";
  out += kTail;
  return out;
}

}  // namespace vi::soap
