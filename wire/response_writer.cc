#include "wire/response_writer.h"

#include <cassert>
#include <charconv>
#include <optional>
#include <system_error>

#include "model/date_time.h"
#include "wire/schema.h"
#include "wire/xml_text.h"

namespace vi::wire {
namespace {

namespace s = schema;

// .NET writes the declaration with the StreamWriter's encoding name.
constexpr std::string_view kDeclaration = R"(<?xml version="1.0" encoding="utf-8"?>)";
constexpr std::string_view kSentinelText = "1900-01-01T00:00:00";

// Rough per-item sizes, so one reserve() usually covers the whole body.
constexpr std::size_t kBaseSize = 640;
constexpr std::size_t kDidSize = 720;
constexpr std::size_t kLocatorSize = 224;
constexpr std::size_t kCountSize = 208;
constexpr std::size_t kGroupSize = 80;
constexpr std::size_t kPortDetailSize = 560;
constexpr std::size_t kPortDidSize = 300;

std::string_view EnvelopeNs(SoapVersion v) {
  return v == SoapVersion::k11 ? kSoap11EnvelopeNs : kSoap12EnvelopeNs;
}

// Appends elements to one string. Every name is a schema constant or the
// operation name, so names are never escaped; text always is.
class XmlBuilder {
 public:
  explicit XmlBuilder(std::size_t capacity) { out_.reserve(capacity); }

  void Raw(std::string_view bytes) { out_.append(bytes); }
  void EscapedText(std::string_view text) { AppendXmlText(out_, text); }
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
  // `<name />`, with the space XmlTextWriter puts before the slash.
  void Empty(std::string_view name) {
    out_ += '<';
    out_.append(name);
    out_.append(" />");
  }
  void Nil(std::string_view name) {
    out_ += '<';
    out_.append(name);
    out_.append(R"( xsi:nil="true" />)");
  }
  void Text(std::string_view name, std::string_view value) {
    if (value.empty()) {
      Empty(name);
      return;
    }
    Open(name);
    EscapedText(value);
    Close(name);
  }
  // A null string is omitted (minOccurs="0").
  void OptionalText(std::string_view name, const std::optional<std::string>& value) {
    if (value) Text(name, *value);
  }
  void Int(std::string_view name, int value) {
    char buf[16];
    [[maybe_unused]] auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    assert(ec == std::errc());
    Open(name);
    out_.append(buf, end);
    Close(name);
  }
  void Bool(std::string_view name, bool value) {
    Open(name);
    out_.append(value ? "true" : "false");
    Close(name);
  }
  void DateTime(std::string_view name, const model::DateTime& value) {
    if (!value) {
      Nil(name);
      return;
    }
    Open(name);
    if (*value == model::kSentinelDate) {
      out_.append(kSentinelText);  // the common case, without formatting
    } else {
      out_.append(model::FormatDateTime(*value));
    }
    Close(name);
  }

  // `header` is written raw between the Envelope and the Body, inside
  // <soap:Header>, when it is not empty.
  void OpenEnvelope(SoapVersion v, std::string_view header = {}) {
    Raw(kDeclaration);
    Raw(R"(<soap:Envelope xmlns:soap=")");
    Raw(EnvelopeNs(v));
    Raw(R"(" xmlns:xsi=")");
    Raw(kXsiNs);
    Raw(R"(" xmlns:xsd=")");
    Raw(s::kXsdNs);
    Raw(R"(">)");
    if (!header.empty()) {
      Raw("<soap:Header>");
      Raw(header);
      Raw("</soap:Header>");
    }
    Raw("<soap:Body>");
  }
  void CloseEnvelope() { Raw("</soap:Body></soap:Envelope>"); }

  // <opResponse xmlns="http://tempuri.org/"><opResult>
  void OpenResult(std::string_view operation) {
    out_ += '<';
    out_.append(operation);
    out_.append(s::kResponseSuffix);
    out_.append(R"( xmlns=")");
    out_.append(kTargetNs);
    out_.append(R"("><)");
    out_.append(operation);
    out_.append(s::kResultSuffix);
    out_ += '>';
  }
  void CloseResult(std::string_view operation) {
    out_.append("</");
    out_.append(operation);
    out_.append(s::kResultSuffix);
    out_.append("></");
    out_.append(operation);
    out_.append(s::kResponseSuffix);
    out_ += '>';
  }

  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

[[maybe_unused]] bool IsNcName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return !(name[0] >= '0' && name[0] <= '9') && name[0] != '-' && name[0] != '.';
}

void AppendDid(XmlBuilder& b, const model::Did& d, Profile p) {
  b.Open(s::kDid);
  b.OptionalText(s::kTn, d.tn);
  b.OptionalText(s::kAvailability, d.availability);
  b.OptionalText(s::kRewrite, d.rewrite);
  b.OptionalText(s::kStatus, d.status);
  b.OptionalText(s::kStatusCode, d.status_code);
  b.OptionalText(s::kTier, d.tier);
  b.OptionalText(s::kRefId, d.ref_id);
  if (p == Profile::kProduction) {
    b.OptionalText(s::kFailover, d.failover);
    b.OptionalText(s::kForward, d.forward);
    b.OptionalText(s::kCnamName, d.cnam_name);
    b.OptionalText(s::kState, d.state);
    b.OptionalText(s::kRateCenter, d.rate_center);
    b.OptionalText(s::kDidGroupId, d.did_group_id);
    b.OptionalText(s::kDidNetwork, d.network);
  }
  b.Int(s::kEndpointId, d.endpoint_id);
  b.DateTime(s::kExpireDate, d.expire_date);
  b.Bool(s::kHas411, d.has411);
  b.Bool(s::kHas911, d.has911);
  b.Bool(s::kCnam, d.cnam);
  b.Bool(s::kCnamStorageActive, d.cnam_storage_active);
  b.Bool(s::kCnamStorageAvailability, d.cnam_storage_availability);
  b.Bool(s::kT38, d.t38);
  b.Close(s::kDid);
}

void AppendDidLocator(XmlBuilder& b, const model::DidLocator& l, Profile p) {
  b.Open(s::kDidLocator);
  b.OptionalText(s::kTn, l.tn);
  b.OptionalText(s::kRateCenter, l.rate_center);
  b.OptionalText(s::kState, l.state);
  b.OptionalText(s::kTier, l.tier);
  b.Int(s::kLataId, l.lata_id);
  b.Bool(s::kOutboundCnam, l.outbound_cnam);
  b.Bool(s::kT38, l.t38);
  if (p == Profile::kProduction) {
    b.OptionalText(s::kLocatorNetwork, l.network);
    b.Bool(s::kSms, l.sms);
  }
  b.Close(s::kDidLocator);
}

void AppendDidCount(XmlBuilder& b, const model::DidCount& c, Profile p) {
  b.Open(s::kDidCount);
  b.OptionalText(s::kDidCountValue, c.did_count);
  b.OptionalText(s::kRateCenter, c.rate_center);
  b.OptionalText(s::kState, c.state);
  b.OptionalText(s::kTier, c.tier);
  b.Int(s::kLataId, c.lata_id);
  b.Bool(s::kCnam, c.cnam);
  b.Bool(s::kT38, c.t38);
  if (p == Profile::kProduction) b.Bool(s::kSms, c.sms);
  b.Close(s::kDidCount);
}

void AppendDidGroup(XmlBuilder& b, const model::DidGroup& g, Profile /*p*/) {
  b.Open(s::kDidGroup);
  b.OptionalText(s::kGroupName, g.name);
  b.Int(s::kGroupId, g.id);
  b.Close(s::kDidGroup);
}

// Writes `<name>items</name>`, or `<name />` when there are none.
template <typename T>
void AppendArray(XmlBuilder& b, std::string_view name, const std::vector<T>& items, Profile p,
                 void (*append_item)(XmlBuilder&, const T&, Profile)) {
  if (items.empty()) {
    b.Empty(name);
    return;
  }
  b.Open(name);
  for (const T& item : items) append_item(b, item, p);
  b.Close(name);
}

void AppendPortDid(XmlBuilder& b, const model::PortDid& d) {
  b.Open(s::kPortDid);
  b.OptionalText(s::kTn, d.tn);
  b.OptionalText(s::kTier, d.tier);
  b.OptionalText(s::kRateCenter, d.rate_center);
  b.OptionalText(s::kState, d.state);
  b.OptionalText(s::kLata, d.lata);
  b.Int(s::kEndpointGroup, d.endpoint_group);
  b.Bool(s::kCnam, d.cnam);
  b.Bool(s::kE911, d.e911);
  b.Close(s::kPortDid);
}

void AppendPortDetail(XmlBuilder& b, const model::PortDetail& d) {
  b.Open(s::kPortDetails);
  b.Int(s::kId, d.id);
  b.OptionalText(s::kStatus, d.status);
  b.OptionalText(s::kEndUser, d.end_user);
  b.OptionalText(s::kBillingTn, d.billing_tn);
  b.OptionalText(s::kPortingFrom, d.porting_from);
  b.OptionalText(s::kSalesRep, d.sales_rep);
  b.DateTime(s::kSubmittedDate, d.submitted_date);
  b.DateTime(s::kFocDate, d.foc_date);
  b.DateTime(s::kRequestedFocDate, d.requested_foc_date);
  if (d.dids) {
    if (d.dids->empty()) {
      b.Empty(s::kPortDids);
    } else {
      b.Open(s::kPortDids);
      for (const model::PortDid& pd : *d.dids) AppendPortDid(b, pd);
      b.Close(s::kPortDids);
    }
  }
  if (d.default_endpoint_group) {
    b.Int(s::kDefaultEndpointGroup, *d.default_endpoint_group);
  } else {
    b.Nil(s::kDefaultEndpointGroup);
  }
  b.Close(s::kPortDetails);
}

}  // namespace

std::string WriteDidResponse(std::string_view operation, const model::DidResponse& r, Profile p,
                             SoapVersion v) {
  assert(IsNcName(operation));
  const std::size_t estimate = kBaseSize + 2 * operation.size() +
                               (r.response_message ? r.response_message->size() : 0) +
                               r.dids.size() * kDidSize + r.did_locators.size() * kLocatorSize +
                               r.did_counts.size() * kCountSize + r.did_groups.size() * kGroupSize;
  XmlBuilder b(estimate);
  b.OpenEnvelope(v);
  b.OpenResult(operation);
  b.Int(s::kResponseCode, r.response_code);
  b.OptionalText(s::kResponseMessage, r.response_message);
  AppendArray(b, s::kDids, r.dids, p, &AppendDid);
  AppendArray(b, s::kDidLocators, r.did_locators, p, &AppendDidLocator);
  AppendArray(b, s::kDidCounts, r.did_counts, p, &AppendDidCount);
  if (p == Profile::kProduction) {
    AppendArray(b, s::kDidGroups, r.did_groups, p, &AppendDidGroup);
    if (r.conference_line) {
      b.Open(s::kConferenceLine);
      b.Bool(s::kEnabled, r.conference_line->enabled);
      b.OptionalText(s::kPin, r.conference_line->pin);
      b.Close(s::kConferenceLine);
    }
  }
  b.CloseResult(operation);
  b.CloseEnvelope();
  return b.Take();
}

std::string WritePortResponse(std::string_view operation, const model::PortResponse& r, Profile /*p*/,
                              SoapVersion v) {
  assert(IsNcName(operation));
  std::size_t estimate =
      kBaseSize + 2 * operation.size() + (r.response_message ? r.response_message->size() : 0);
  if (r.port_details) {
    estimate += kPortDetailSize;
    if (r.port_details->dids) estimate += r.port_details->dids->size() * kPortDidSize;
  }
  XmlBuilder b(estimate);
  b.OpenEnvelope(v);
  b.OpenResult(operation);
  b.Int(s::kResponseCode, r.response_code);
  b.OptionalText(s::kResponseMessage, r.response_message);
  if (r.port_details) AppendPortDetail(b, *r.port_details);
  b.Bool(s::kIsPortable, r.is_portable);
  b.CloseResult(operation);
  b.CloseEnvelope();
  return b.Take();
}

namespace {

// SOAP 1.1 names, and SOAP 1.2's for Client (Sender) and Server (Receiver).
std::string_view FaultCodeName(FaultCode code, SoapVersion v) {
  const bool v11 = v == SoapVersion::k11;
  switch (code) {
    case FaultCode::kClient: return v11 ? "soap:Client" : "soap:Sender";
    case FaultCode::kServer: return v11 ? "soap:Server" : "soap:Receiver";
    case FaultCode::kVersionMismatch: return "soap:VersionMismatch";
    case FaultCode::kMustUnderstand: return "soap:MustUnderstand";
  }
  return "soap:Server";
}

}  // namespace

std::string WriteFault(FaultCode code, std::string_view message, SoapVersion v) {
  XmlBuilder b(kBaseSize + message.size() + message.size() / 8);
  b.OpenEnvelope(v, code == FaultCode::kVersionMismatch ? kUpgradeHeader : std::string_view());
  // Fault structure and code names are the SOAP specs' (ASMX writes them
  // with the envelope's soap: prefix); they are no part of the API schema.
  b.Raw("<soap:Fault>");
  const bool with_detail = code != FaultCode::kMustUnderstand;
  const std::string_view value = FaultCodeName(code, v);
  if (v == SoapVersion::k11) {
    b.Open("faultcode");
    b.Raw(value);
    b.Close("faultcode");
    b.Text("faultstring", message);
    if (with_detail) b.Empty("detail");
  } else {
    b.Raw("<soap:Code><soap:Value>");
    b.Raw(value);
    b.Raw("</soap:Value></soap:Code><soap:Reason>");
    if (message.empty()) {
      b.Raw(R"(<soap:Text xml:lang="en" />)");
    } else {
      b.Raw(R"(<soap:Text xml:lang="en">)");
      b.EscapedText(message);
      b.Raw("</soap:Text>");
    }
    b.Raw("</soap:Reason>");
    if (with_detail) b.Empty("soap:Detail");
  }
  b.Raw("</soap:Fault>");
  b.CloseEnvelope();
  return b.Take();
}

}  // namespace vi::wire
