#include "wire/request_writer.h"

#include <optional>

#include "wire/xml_text.h"

namespace vi::wire {
namespace {

constexpr std::string_view kDeclaration = R"(<?xml version="1.0" encoding="utf-8"?>)";

// One request body under construction: envelope, operation element, fields.
class RequestBuilder {
 public:
  RequestBuilder(std::string_view operation, SoapVersion v) : operation_(operation) {
    out_.reserve(512);
    out_.append(kDeclaration);
    out_.append("<soap:Envelope xmlns:soap=\"");
    out_.append(v == SoapVersion::k11 ? kSoap11EnvelopeNs : kSoap12EnvelopeNs);
    out_.append("\" xmlns:xsi=\"");
    out_.append(kXsiNs);
    out_.append("\"><soap:Body><");
    out_.append(operation_);
    out_.append(" xmlns=\"");
    out_.append(kTargetNs);
    out_.append("\">");
  }

  void Credentials(const model::Credentials& c) {
    Always("login", c.login);
    Always("secret", c.secret);
  }
  // Written even when empty (<x></x>).
  void Always(std::string_view name, std::string_view value) {
    Open(name);
    AppendXmlText(out_, value);
    Close(name);
  }
  // Omitted when empty.
  void IfSet(std::string_view name, std::string_view value) {
    if (!value.empty()) Always(name, value);
  }
  void IfPresent(std::string_view name, const std::optional<std::string>& value) {
    if (value) Always(name, *value);
  }
  void Int(std::string_view name, int value) { Always(name, std::to_string(value)); }
  void Open(std::string_view name) {
    out_ += '<';
    out_.append(name);
    out_ += '>';
  }
  void Close(std::string_view name) {
    out_.append("</");
    out_.append(name);
    out_ += '>';
  }

  std::string Finish() && {
    Close(operation_);
    out_.append("</soap:Body></soap:Envelope>");
    return std::move(out_);
  }

 private:
  std::string out_;
  std::string_view operation_;
};

}  // namespace

HttpRequestHeaders RequestHeaders(std::string_view operation, SoapVersion v) {
  std::string action = std::string(kTargetNs) + std::string(operation);
  if (v == SoapVersion::k11) return {"text/xml; charset=utf-8", "\"" + action + "\""};
  return {"application/soap+xml; charset=utf-8; action=\"" + action + "\"", ""};
}

std::string WriteAuditDidsRequest(const model::Credentials& c, SoapVersion v) {
  RequestBuilder b("auditDIDs", v);
  b.Credentials(c);
  return std::move(b).Finish();
}

std::string WriteQueryDidRequest(const model::Credentials& c, std::string_view tn, SoapVersion v) {
  RequestBuilder b("queryDID", v);
  b.Credentials(c);
  b.IfSet("did", tn);
  return std::move(b).Finish();
}

std::string WriteIsPortableRequest(const model::Credentials& c, std::string_view tn, SoapVersion v) {
  RequestBuilder b("isPortable", v);
  b.Credentials(c);
  b.IfSet("tn", tn);
  return std::move(b).Finish();
}

std::string WriteGetPortDetailsRequest(const model::Credentials& c, int port_id, SoapVersion v) {
  RequestBuilder b("getPortDetails", v);
  b.Credentials(c);
  b.Int("portId", port_id);
  return std::move(b).Finish();
}

std::string WriteSearchRequest(std::string_view operation, const model::Credentials& c,
                               const model::SearchRequest& s, Profile p, SoapVersion v) {
  RequestBuilder b(operation, v);
  b.Credentials(c);
  b.IfSet("state", s.state);
  b.IfSet("lata", s.lata);
  b.IfSet("rateCenter", s.rate_center);
  b.IfSet("npa", s.npa);
  b.IfSet("nxx", s.nxx);
  b.IfSet("tier", s.tier);
  b.IfSet("t38", s.t38);
  b.IfSet("cnam", s.cnam);
  if (operation == "getDIDCount") b.IfSet("orderby", s.orderby);
  if (p == Profile::kProduction) {
    b.IfSet("sms", s.sms);
    b.IfSet("network", s.network);
  }
  return std::move(b).Finish();
}

std::string WriteDidParamsRequest(std::string_view operation, const model::Credentials& c,
                                  const std::vector<model::DidParam>& params, SoapVersion v) {
  RequestBuilder b(operation, v);
  b.Credentials(c);
  b.Open("didParams");
  for (const model::DidParam& d : params) {
    b.Open("DIDParam");
    b.Always("tn", d.tn);
    b.IfPresent("cnam", d.cnam);
    b.IfPresent("refId", d.ref_id);
    b.Int("epg", d.epg.value_or(0));
    b.Close("DIDParam");
  }
  b.Close("didParams");
  return std::move(b).Finish();
}

}  // namespace vi::wire
