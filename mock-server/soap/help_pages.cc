#include "mock-server/soap/help_pages.h"

#include "wire/soap_version.h"

namespace vi::soap {
namespace {

constexpr std::string_view kHead =
    "<html><head><style type=\"text/css\">body{font-family:Verdana;color:#000000;"
    "margin:0}#content{margin-left:30px;font-size:.70em}pre{background-color:#e5e5cc;"
    "padding:5px;font-size:1.2em}</style><title>APIService Web Service</title></head>"
    "<body><div id=\"content\"><p class=\"heading1\">APIService</p><br>";
constexpr std::string_view kTail = "</div></body></html>";

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

}  // namespace

std::string ServicePage(std::string_view service_path) {
  std::string out(kHead);
  out +=
      "<span><p class=\"intro\">The following operations are supported. For a formal "
      "definition, please review the <a href=\"";
  out += Escape(service_path);
  out += "?WSDL\">Service Description</a>.</p><ul>";
  for (const OperationInfo& op : kOperations) {
    out += "<li><a href=\"" + Escape(service_path) + "?op=" + std::string(op.name) + "\">" +
           std::string(op.name) + "</a><br>" + std::string(op.summary) + "</li>";
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

}  // namespace vi::soap
