#include "wire/response_reader.h"

#include <charconv>
#include <optional>
#include <pugixml.hpp>
#include <vector>

#include "wire/schema.h"
#include "wire/soap_version.h"
#include "wire/xml_dom.h"
#include "wire/xml_guard.h"

namespace vi::wire {
namespace {

using dom::IsNil;
using dom::LocalName;
using dom::NamespaceOf;
using dom::TextOf;

namespace s = schema;
using Kind = ResponseError::Kind;

Unexpected<ResponseError> Malformed(std::string message) {
  return MakeUnexpected(ResponseError{Kind::kMalformed, "", std::move(message)});
}

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n' || v.front() == '\r')) {
    v.remove_prefix(1);
  }
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n' || v.back() == '\r')) {
    v.remove_suffix(1);
  }
  return v;
}

// The first element child whose local name is `name` (any namespace: the
// reader is lenient about prefixes and namespaces of payload elements).
pugi::xml_node Child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node c : parent.children()) {
    if (c.type() == pugi::node_element && LocalName(c) == name) return c;
  }
  return {};
}

// Reads typed fields of one element; the first failure is kept in `error`
// and later reads are no-ops, so a caller checks once at the end.
class FieldReader {
 public:
  explicit FieldReader(std::string& error) : error_(error) {}

  std::optional<std::string> Str(const pugi::xml_node& parent, std::string_view name) {
    pugi::xml_node c = Child(parent, name);
    if (!c || IsNil(c)) return std::nullopt;
    return TextOf(c);
  }
  void Int(const pugi::xml_node& parent, std::string_view name, int& out) {
    pugi::xml_node c = Child(parent, name);
    if (!c || IsNil(c) || !error_.empty()) return;
    if (auto v = ParseInt(TextOf(c))) {
      out = *v;
    } else {
      Fail(parent, name, "is not an int");
    }
  }
  std::optional<int> NillableInt(const pugi::xml_node& parent, std::string_view name) {
    pugi::xml_node c = Child(parent, name);
    if (!c || IsNil(c) || !error_.empty()) return std::nullopt;
    auto v = ParseInt(TextOf(c));
    if (!v) Fail(parent, name, "is not an int");
    return v;
  }
  void Bool(const pugi::xml_node& parent, std::string_view name, bool& out) {
    pugi::xml_node c = Child(parent, name);
    if (!c || IsNil(c) || !error_.empty()) return;
    std::string text = TextOf(c);
    std::string_view t = Trim(text);
    if (t == "true" || t == "1") {
      out = true;
    } else if (t == "false" || t == "0") {
      out = false;
    } else {
      Fail(parent, name, "is not a boolean");
    }
  }
  // Lenient: a date that does not parse reads as nil; a zone suffix (Z or
  // +hh:mm) is dropped.
  model::DateTime Date(const pugi::xml_node& parent, std::string_view name) {
    pugi::xml_node c = Child(parent, name);
    if (!c || IsNil(c)) return std::nullopt;
    std::string text = TextOf(c);
    std::string_view t = Trim(text);
    if (!t.empty() && t.back() == 'Z') t.remove_suffix(1);
    if (t.size() > 19) {
      std::size_t sign = t.find_first_of("+-", 19);
      if (sign != std::string_view::npos) t = t.substr(0, sign);
    }
    auto parsed = model::ParseDateTime(t);
    if (!parsed) return std::nullopt;
    return *parsed;
  }

 private:
  static std::optional<int> ParseInt(const std::string& text) {
    std::string_view t = Trim(text);
    int v = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
    return v;
  }
  void Fail(const pugi::xml_node& parent, std::string_view name, std::string_view what) {
    if (error_.empty()) {
      error_ = std::string(LocalName(parent)) + "/" + std::string(name) + " " + std::string(what);
    }
  }
  std::string& error_;
};

// The element children of `list` named `item`.
std::vector<pugi::xml_node> Items(const pugi::xml_node& list, std::string_view item) {
  std::vector<pugi::xml_node> out;
  if (!list) return out;
  for (pugi::xml_node c : list.children()) {
    if (c.type() == pugi::node_element && LocalName(c) == item) out.push_back(c);
  }
  return out;
}

// The Body's first element, after checking the envelope. Faults are
// returned as errors.
Result<pugi::xml_node, ResponseError> BodyPayload(std::string_view body, pugi::xml_document& doc) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  bool blank = true;
  for (char c : body) blank = blank && (c == ' ' || c == '\t' || c == '\r' || c == '\n');
  if (blank) return Malformed("empty response body (no SOAP envelope)");
  auto root = ParseGuardedXml(body, ReadLimits{.max_depth = 64, .max_elements = 2'000'000}, doc);
  if (!root) return Malformed("response is not well-formed XML: " + XmlExceptionMessage(body, root.error()));
  std::string_view env_ns = NamespaceOf(*root);
  if (LocalName(*root) != "Envelope" || (env_ns != kSoap11EnvelopeNs && env_ns != kSoap12EnvelopeNs)) {
    return Malformed("response is not a SOAP envelope (root element <" + std::string(root->name()) + ">)");
  }
  pugi::xml_node soap_body;
  for (pugi::xml_node c : root->children()) {
    if (c.type() == pugi::node_element && LocalName(c) == "Body" && NamespaceOf(c) == env_ns) soap_body = c;
  }
  if (!soap_body) return Malformed("SOAP envelope without a Body");
  pugi::xml_node payload;
  for (pugi::xml_node c : soap_body.children()) {
    if (c.type() == pugi::node_element) {
      payload = c;
      break;
    }
  }
  if (!payload) return Malformed("SOAP Body is empty");
  if (LocalName(payload) == "Fault" && NamespaceOf(payload) == env_ns) {
    ResponseError fault{Kind::kFault, "", ""};
    if (env_ns == kSoap11EnvelopeNs) {
      fault.fault_code = std::string(Trim(TextOf(Child(payload, "faultcode"))));
      fault.message = TextOf(Child(payload, "faultstring"));
    } else {
      fault.fault_code = std::string(Trim(TextOf(Child(Child(payload, "Code"), "Value"))));
      fault.message = TextOf(Child(Child(payload, "Reason"), "Text"));
    }
    return MakeUnexpected(std::move(fault));
  }
  return payload;
}

// <operation>Response/<operation>Result, or an error naming what is missing.
Result<pugi::xml_node, ResponseError> ResultElement(std::string_view body, std::string_view operation,
                                                    pugi::xml_document& doc) {
  auto payload = BodyPayload(body, doc);
  if (!payload) return MakeUnexpected(payload.error());
  std::string response = std::string(operation) + std::string(s::kResponseSuffix);
  std::string result = std::string(operation) + std::string(s::kResultSuffix);
  if (LocalName(*payload) != response || NamespaceOf(*payload) != kTargetNs) {
    return Malformed("expected <" + response + "> in http://tempuri.org/, got <" +
                     std::string(payload->name()) + ">");
  }
  pugi::xml_node r = Child(*payload, result);
  if (!r) return Malformed("<" + response + "> without <" + result + ">");
  if (!Child(r, s::kResponseCode)) return Malformed("<" + result + "> without <responseCode>");
  return r;
}

model::Did ReadDid(FieldReader& f, const pugi::xml_node& n) {
  model::Did d;
  d.tn = f.Str(n, s::kTn);
  d.availability = f.Str(n, s::kAvailability);
  d.rewrite = f.Str(n, s::kRewrite);
  d.status = f.Str(n, s::kStatus);
  d.status_code = f.Str(n, s::kStatusCode);
  d.tier = f.Str(n, s::kTier);
  d.ref_id = f.Str(n, s::kRefId);
  d.failover = f.Str(n, s::kFailover);
  d.forward = f.Str(n, s::kForward);
  d.cnam_name = f.Str(n, s::kCnamName);
  d.state = f.Str(n, s::kState);
  d.rate_center = f.Str(n, s::kRateCenter);
  d.did_group_id = f.Str(n, s::kDidGroupId);
  d.network = f.Str(n, s::kDidNetwork);
  f.Int(n, s::kEndpointId, d.endpoint_id);
  d.expire_date = f.Date(n, s::kExpireDate);
  f.Bool(n, s::kHas411, d.has411);
  f.Bool(n, s::kHas911, d.has911);
  f.Bool(n, s::kCnam, d.cnam);
  f.Bool(n, s::kCnamStorageActive, d.cnam_storage_active);
  f.Bool(n, s::kCnamStorageAvailability, d.cnam_storage_availability);
  f.Bool(n, s::kT38, d.t38);
  return d;
}

model::DidLocator ReadLocator(FieldReader& f, const pugi::xml_node& n) {
  model::DidLocator l;
  l.tn = f.Str(n, s::kTn);
  l.rate_center = f.Str(n, s::kRateCenter);
  l.state = f.Str(n, s::kState);
  l.tier = f.Str(n, s::kTier);
  f.Int(n, s::kLataId, l.lata_id);
  f.Bool(n, s::kOutboundCnam, l.outbound_cnam);
  f.Bool(n, s::kT38, l.t38);
  l.network = f.Str(n, s::kLocatorNetwork);
  f.Bool(n, s::kSms, l.sms);
  return l;
}

model::DidCount ReadCount(FieldReader& f, const pugi::xml_node& n) {
  model::DidCount c;
  c.did_count = f.Str(n, s::kDidCountValue);
  c.rate_center = f.Str(n, s::kRateCenter);
  c.state = f.Str(n, s::kState);
  c.tier = f.Str(n, s::kTier);
  f.Int(n, s::kLataId, c.lata_id);
  f.Bool(n, s::kCnam, c.cnam);
  f.Bool(n, s::kT38, c.t38);
  f.Bool(n, s::kSms, c.sms);
  return c;
}

model::PortDetail ReadPortDetail(FieldReader& f, const pugi::xml_node& n) {
  model::PortDetail p;
  f.Int(n, s::kId, p.id);
  p.status = f.Str(n, s::kStatus);
  p.end_user = f.Str(n, s::kEndUser);
  p.billing_tn = f.Str(n, s::kBillingTn);
  p.porting_from = f.Str(n, s::kPortingFrom);
  p.sales_rep = f.Str(n, s::kSalesRep);
  p.submitted_date = f.Date(n, s::kSubmittedDate);
  p.foc_date = f.Date(n, s::kFocDate);
  p.requested_foc_date = f.Date(n, s::kRequestedFocDate);
  if (pugi::xml_node dids = Child(n, s::kPortDids); dids && !IsNil(dids)) {
    p.dids.emplace();
    for (const pugi::xml_node& item : Items(dids, s::kPortDid)) {
      model::PortDid d;
      d.tn = f.Str(item, s::kTn);
      d.tier = f.Str(item, s::kTier);
      d.rate_center = f.Str(item, s::kRateCenter);
      d.state = f.Str(item, s::kState);
      d.lata = f.Str(item, s::kLata);
      f.Int(item, s::kEndpointGroup, d.endpoint_group);
      f.Bool(item, s::kCnam, d.cnam);
      f.Bool(item, s::kE911, d.e911);
      p.dids->push_back(std::move(d));
    }
  }
  p.default_endpoint_group = f.NillableInt(n, s::kDefaultEndpointGroup);
  return p;
}

}  // namespace

Result<model::DidResponse, ResponseError> ReadDidResponse(std::string_view body, std::string_view operation) {
  pugi::xml_document doc;
  auto r = ResultElement(body, operation, doc);
  if (!r) return MakeUnexpected(r.error());
  std::string error;
  FieldReader f(error);
  model::DidResponse out;
  f.Int(*r, s::kResponseCode, out.response_code);
  out.response_message = f.Str(*r, s::kResponseMessage);
  for (const pugi::xml_node& n : Items(Child(*r, s::kDids), s::kDid)) out.dids.push_back(ReadDid(f, n));
  for (const pugi::xml_node& n : Items(Child(*r, s::kDidLocators), s::kDidLocator)) {
    out.did_locators.push_back(ReadLocator(f, n));
  }
  for (const pugi::xml_node& n : Items(Child(*r, s::kDidCounts), s::kDidCount)) {
    out.did_counts.push_back(ReadCount(f, n));
  }
  for (const pugi::xml_node& n : Items(Child(*r, s::kDidGroups), s::kDidGroup)) {
    model::DidGroup g;
    g.name = f.Str(n, s::kGroupName);
    f.Int(n, s::kGroupId, g.id);
    out.did_groups.push_back(std::move(g));
  }
  out.conference_line.reset();
  if (pugi::xml_node cl = Child(*r, s::kConferenceLine); cl && !IsNil(cl)) {
    model::ConferenceLine c;
    f.Bool(cl, s::kEnabled, c.enabled);
    c.pin = f.Str(cl, s::kPin);
    out.conference_line = std::move(c);
  }
  if (!error.empty()) return Malformed("malformed " + std::string(operation) + " result: " + error);
  return out;
}

Result<model::PortResponse, ResponseError> ReadPortResponse(std::string_view body,
                                                            std::string_view operation) {
  pugi::xml_document doc;
  auto r = ResultElement(body, operation, doc);
  if (!r) return MakeUnexpected(r.error());
  std::string error;
  FieldReader f(error);
  model::PortResponse out;
  f.Int(*r, s::kResponseCode, out.response_code);
  out.response_message = f.Str(*r, s::kResponseMessage);
  out.port_details.reset();
  if (pugi::xml_node pd = Child(*r, s::kPortDetails); pd && !IsNil(pd))
    out.port_details = ReadPortDetail(f, pd);
  f.Bool(*r, s::kIsPortable, out.is_portable);
  if (!error.empty()) return Malformed("malformed " + std::string(operation) + " result: " + error);
  return out;
}

Result<Fault, ResponseError> ReadFault(std::string_view body) {
  pugi::xml_document doc;
  auto payload = BodyPayload(body, doc);
  if (payload) return Malformed("not a SOAP fault");
  if (payload.error().kind != Kind::kFault) return MakeUnexpected(payload.error());
  return Fault{payload.error().fault_code, payload.error().message};
}

}  // namespace vi::wire
