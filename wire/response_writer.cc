#include "wire/response_writer.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <cstring>
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

// Bytes AppendXmlText copies unchanged whatever surrounds them.
constexpr std::array<bool, 256> MakePlainAscii() {
  std::array<bool, 256> t{};
  for (std::size_t c = 0x20; c < 0x7F; ++c) t[c] = true;
  t['&'] = t['<'] = t['>'] = false;
  t['\t'] = t['\n'] = t['\r'] = true;
  return t;
}
constexpr std::array<bool, 256> kPlainAscii = MakePlainAscii();

bool AllPlainBytes(const char* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (!kPlainAscii[static_cast<unsigned char>(p[i])]) return false;
  }
  return true;
}

// True when AppendXmlText would copy `text` unchanged. Eight bytes at a time:
// a word with no byte >= 0x80, < 0x20, '&', '<' or '>' is plain (the
// zero-byte tests below are exact about whether any byte matches); a word
// with one of them (tab, LF and CR among them) is decided byte by byte.
bool AllPlain(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
  const auto any_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const char* p = text.data();
  std::size_t n = text.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    const std::uint64_t suspect = (x & kHigh) | ((x - 0x20 * kOnes) & ~x & kHigh) |
                                  any_zero(x ^ ('&' * kOnes)) | any_zero(x ^ ('<' * kOnes)) |
                                  any_zero(x ^ ('>' * kOnes));
    if (suspect != 0 && !AllPlainBytes(p, 8)) return false;
  }
  return AllPlainBytes(p, n);
}

// Writes elements into one buffer. Every name is a schema constant or the
// operation name, so names are never escaped; text always is.
// This is the server's hot path (a 1000-locator getDIDs is ~7,000
// elements), so each element is written through a raw pointer after one
// capacity check for its largest possible size, and the constant names,
// whose sizes are known once inlined, are copied without a library call.
//
// Small answers (most calls) are built in a per-thread scratch buffer and
// leave as a string of exactly their size: the estimate for one DID is above
// glibc's 1 KiB small-bin limit, and every malloc that large first merges
// the arena's fast bins (malloc_consolidate: ~2 % of a queryDID's CPU under
// load, perf record), while an exact 900-byte string comes from the
// thread's cache. Large answers are built in their own buffer and moved out.
class XmlBuilder {
 public:
  explicit XmlBuilder(std::size_t capacity) {
    if (capacity <= kScratchMax) {
      out_.swap(Scratch());
      scratch_ = true;
    }
    if (out_.size() < capacity) out_.resize(capacity);
  }
  ~XmlBuilder() {
    if (scratch_ && out_.capacity() <= kScratchMax) out_.swap(Scratch());
  }
  XmlBuilder(const XmlBuilder&) = delete;
  XmlBuilder& operator=(const XmlBuilder&) = delete;

  void Raw(std::string_view bytes) {
    char* p = Room(bytes.size());
    Done(Put(p, bytes));
  }
  void EscapedText(std::string_view text) {
    char* p = Room(MaxEscaped(text));
    Done(PutEscaped(p, text));
  }
  void Open(std::string_view name) {
    char* p = Room(name.size() + 2);
    Done(PutOpen(p, name));
  }
  void Close(std::string_view name) {
    char* p = Room(name.size() + 3);
    Done(PutClose(p, name));
  }
  // `<name />`, with the space XmlTextWriter puts before the slash.
  void Empty(std::string_view name) {
    char* p = Room(name.size() + 4);
    Done(PutEmpty(p, name));
  }
  void Nil(std::string_view name) {
    constexpr std::string_view kNil = R"( xsi:nil="true" />)";
    char* p = Room(name.size() + 1 + kNil.size());
    *p++ = '<';
    p = Put(p, name);
    Done(Put(p, kNil));
  }
  void Text(std::string_view name, std::string_view value) {
    char* p = Room(2 * name.size() + 5 + MaxEscaped(value));
    if (value.empty()) {
      Done(PutEmpty(p, name));
      return;
    }
    p = PutOpen(p, name);
    p = PutEscaped(p, value);
    Done(PutClose(p, name));
  }
  // A null string is omitted (minOccurs="0").
  void OptionalText(std::string_view name, const std::optional<std::string>& value) {
    if (value) Text(name, *value);
  }
  void Int(std::string_view name, int value) {
    char* p = Room(2 * name.size() + 5 + 11);  // 11: "-2147483648"
    p = PutOpen(p, name);
    [[maybe_unused]] auto [end, ec] = std::to_chars(p, p + 11, value);
    assert(ec == std::errc());
    Done(PutClose(end, name));
  }
  void Bool(std::string_view name, bool value) {
    char* p = Room(2 * name.size() + 5 + 5);
    p = PutOpen(p, name);
    p = value ? Put(p, "true") : Put(p, "false");
    Done(PutClose(p, name));
  }
  void DateTime(std::string_view name, const model::DateTime& value) {
    if (!value) {
      Nil(name);
      return;
    }
    const bool sentinel = *value == model::kSentinelDate;  // the common case, without formatting
    const std::string formatted = sentinel ? std::string() : model::FormatDateTime(*value);
    const std::string_view text = sentinel ? kSentinelText : std::string_view(formatted);
    char* p = Room(2 * name.size() + 5 + text.size());
    p = PutOpen(p, name);
    p = Put(p, text);
    Done(PutClose(p, name));
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
    Raw("<");
    Raw(operation);
    Raw(s::kResponseSuffix);
    Raw(R"( xmlns=")");
    Raw(kTargetNs);
    Raw(R"("><)");
    Raw(operation);
    Raw(s::kResultSuffix);
    Raw(">");
  }
  void CloseResult(std::string_view operation) {
    Raw("</");
    Raw(operation);
    Raw(s::kResultSuffix);
    Raw("></");
    Raw(operation);
    Raw(s::kResponseSuffix);
    Raw(">");
  }

  std::string Take() {
    if (scratch_ && size_ <= kScratchMax) return std::string(out_.data(), size_);
    out_.resize(size_);
    return std::move(out_);
  }

 private:
  // The most bytes AppendXmlText writes for `text`: "&amp;" for one byte.
  static std::size_t MaxEscaped(std::string_view text) { return 5 * text.size(); }

  // Where to write at least `n` more bytes.
  char* Room(std::size_t n) {
    if (n > out_.size() - size_) Grow(n);
    return out_.data() + size_;
  }
  [[gnu::noinline]] void Grow(std::size_t n) { out_.resize(std::max(2 * out_.size(), size_ + n)); }
  // Marks the bytes up to `end` as written.
  void Done(char* end) { size_ = static_cast<std::size_t>(end - out_.data()); }

  static char* Put(char* p, std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
  }
  static char* PutOpen(char* p, std::string_view name) {
    *p++ = '<';
    p = Put(p, name);
    *p++ = '>';
    return p;
  }
  static char* PutClose(char* p, std::string_view name) {
    *p++ = '<';
    *p++ = '/';
    p = Put(p, name);
    *p++ = '>';
    return p;
  }
  static char* PutEmpty(char* p, std::string_view name) {
    *p++ = '<';
    p = Put(p, name);
    return Put(p, " />");
  }
  // `text` escaped as AppendXmlText escapes it. Text that needs nothing
  // (printable ASCII, tab, LF, CR: every generated field) is copied as is;
  // anything else goes through AppendXmlText itself, so the bytes are the
  // same by construction.
  static char* PutEscaped(char* p, std::string_view text) {
    if (AllPlain(text)) return Put(p, text);
    std::string escaped;
    AppendXmlText(escaped, text);
    assert(escaped.size() <= MaxEscaped(text));
    return Put(p, escaped);
  }

  // Answers estimated (and built) up to this size use the scratch buffer.
  static constexpr std::size_t kScratchMax = 16 * 1024;
  static std::string& Scratch() {
    thread_local std::string scratch;
    return scratch;
  }

  std::string out_;  // its size is the capacity in use; size_ bytes are written
  std::size_t size_ = 0;
  bool scratch_ = false;  // out_ is this thread's scratch buffer, to give back
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
