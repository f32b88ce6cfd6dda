#include "mock-server/core/sandbox.h"

#include <algorithm>
#include <limits>
#include <tuple>

#include "base/ascii.h"
#include "mock-server/core/search_criteria.h"

namespace vi::core {

class Sandbox::Snapshot {
 public:
  explicit Snapshot(State s) : state(std::move(s)) {}
  const State state;
};

namespace {

model::DidResponse TopLevel(int code) {
  model::DidResponse r;
  r.response_code = code;
  r.response_message = std::string(TopLevelText(code));
  return r;
}

model::PortResponse PortTopLevel(int code) {
  model::PortResponse r;
  r.response_code = code;
  r.response_message = std::string(TopLevelText(code));
  return r;
}

// A DID as the recorded answers write a number that is not shown in detail:
// every string empty, flags false, endpointId 0, the sentinel date.
model::Did BlankDid(std::string tn) {
  model::Did d;
  d.tn = std::move(tn);
  d.availability = "";
  d.rewrite = "";
  d.tier = "";
  d.ref_id = "";
  d.expire_date = model::kSentinelDate;
  return d;
}

model::Did StatusDid(std::string tn, std::string_view status, int code) {
  model::Did d = BlankDid(std::move(tn));
  d.status = std::string(status);
  d.status_code = std::to_string(code);
  return d;
}

model::Did ReasonDid(std::string tn, Method m, Reason r) {
  return StatusDid(std::move(tn), ReasonText(m, r), PerDidCode(m, r));
}

// The "nothing here" record: auditDIDs with no numbers, queryDID of an
// unknown number.
model::Did DummyDid(std::string tn, int code, std::string_view status) {
  model::Did d = StatusDid(std::move(tn), status, code);
  d.availability = std::string(kAvailabilityUnavailable);
  d.tier = std::string(kNoTierValue);
  return d;
}

// DIDParam.cnam: "1" or "true" (any case) turns the inbound CNAM dip on.
bool CnamDipRequested(const std::optional<std::string>& cnam) {
  return cnam && (*cnam == "1" || AsciiLower(*cnam) == "true");
}

}  // namespace

Sandbox::Sandbox(const Clock& clock, SandboxData data, SandboxOptions options)
    : clock_(clock),
      inventory_(std::move(data.inventory)),
      options_(options),
      non_portable_(data.non_portable.begin(), data.non_portable.end()) {
  state_.accounts = std::move(data.accounts);
  state_.ports = std::move(data.ports);
  RebuildLoginIndex(state_);
}

void Sandbox::RebuildLoginIndex(State& s) {
  s.by_login.clear();
  for (std::size_t i = 0; i < s.accounts.size(); ++i) {
    s.by_login.emplace(s.accounts[i].login, static_cast<AccountId>(i));
  }
}

std::optional<Sandbox::AccountId> Sandbox::AuthLocked(const model::Credentials& who) const {
  if (who.login.empty() || who.secret.empty()) return std::nullopt;
  auto it = state_.by_login.find(who.login);
  if (it == state_.by_login.end()) return std::nullopt;
  if (state_.accounts[it->second].secret != who.secret) return std::nullopt;
  return it->second;
}

std::optional<std::string> Sandbox::Authenticate(const model::Credentials& who) const {
  ReaderLock lock(mu_);
  std::optional<AccountId> id = AuthLocked(who);
  if (!id) return std::nullopt;
  return state_.accounts[*id].login;
}

const Sandbox::Holding* Sandbox::Live(Index i, TimePoint now) const {
  auto it = state_.holdings.find(i);
  if (it == state_.holdings.end()) return nullptr;
  const Holding& h = it->second;
  if ((h.kind == HoldKind::kReserved || h.kind == HoldKind::kAging) && now >= h.until) {
    return nullptr;
  }
  return &h;
}

model::DateTime Sandbox::ExpireDateFor(const Holding& h) const {
  const bool shown = options_.expire_date != ExpireDate::kSentinel &&
                     (h.kind == HoldKind::kAssigned ||
                      (h.kind == HoldKind::kReserved && options_.expire_date == ExpireDate::kReal));
  if (!shown) return model::kSentinelDate;
  // Written to the millisecond, as the real service's database keeps it
  // ("2013-11-25T17:32:48.707"); the expiry rule itself uses the exact instant.
  return std::chrono::floor<std::chrono::milliseconds>(h.until);
}

model::Did Sandbox::HeldDid(Index i, const Holding& h) const {
  const Inventory::Number& n = inventory_->number(i);
  std::string tn = FormatTn(n.tn);
  std::string tier = TierText(i);
  model::Did d = BlankDid(tn);
  d.status_code = std::to_string(kSuccess);
  d.tier = tier;
  d.ref_id = h.ref_id;
  d.network = std::string(inventory_->network_name(i));
  d.expire_date = ExpireDateFor(h);
  d.cnam_storage_availability = (n.flags & Inventory::kOutboundCnam) != 0;
  d.t38 = (n.flags & Inventory::kT38) != 0;
  if (h.kind == HoldKind::kAssigned) {
    d.availability = std::string(kAvailabilityAssigned);
    d.rewrite = tn;
    d.status = QueryAssignedText(h.ref_id, tn, h.epg);
    d.endpoint_id = h.epg;
    d.cnam = h.cnam_dip;
  } else {
    d.availability = std::string(kAvailabilityReserved);
    d.status = QueryReservedText(tier);
  }
  return d;
}

model::DidResponse Sandbox::AuditDids(const model::Credentials& who) const {
  ReaderLock lock(mu_);
  std::optional<AccountId> me = AuthLocked(who);
  if (!me) return TopLevel(kAuthFailed);
  const TimePoint now = clock_.Now();
  std::vector<std::pair<Tn, Index>> mine;
  for (const auto& [i, h] : state_.holdings) {
    if (h.account != *me || (h.kind != HoldKind::kReserved && h.kind != HoldKind::kAssigned)) {
      continue;
    }
    if (Live(i, now) != nullptr) mine.emplace_back(inventory_->number(i).tn, i);
  }
  std::sort(mine.begin(), mine.end());
  model::DidResponse r = TopLevel(kSuccess);
  for (const auto& [tn, i] : mine) r.dids.push_back(HeldDid(i, state_.holdings.at(i)));
  if (r.dids.empty()) {
    r.dids.push_back(DummyDid("", PerDidCode(Method::kAudit, Reason::kNoneFound), kUnknownText));
  }
  return r;
}

model::DidResponse Sandbox::QueryDid(const model::Credentials& who, std::string_view did) const {
  ReaderLock lock(mu_);
  std::optional<AccountId> me = AuthLocked(who);
  if (!me) return TopLevel(kAuthFailed);
  std::optional<Tn> tn = ParseTn(did, options_.tn_prefix);
  if (!tn) return TopLevel(kInvalidNumber);
  model::DidResponse r = TopLevel(kSuccess);
  std::optional<Index> i = inventory_->Find(*tn);
  if (!i) {
    r.dids.push_back(DummyDid(FormatTn(*tn), PerDidCode(Method::kQuery, Reason::kNotFound),
                              ReasonText(Method::kQuery, Reason::kNotFound)));
    return r;
  }
  const Holding* h = Live(*i, clock_.Now());
  if (h == nullptr) {
    model::Did d = BlankDid(FormatTn(*tn));
    d.availability = std::string(kAvailabilityAvailable);
    d.status = std::string(kQueryAvailableText);
    d.status_code = std::to_string(kSuccess);
    d.tier = std::string(kNoTierValue);
    r.dids.push_back(std::move(d));
  } else if (h->kind == HoldKind::kAging) {
    r.dids.push_back(DummyDid(FormatTn(*tn), PerDidCode(Method::kQuery, Reason::kPreviouslyReleased),
                              ReasonText(Method::kQuery, Reason::kPreviouslyReleased)));
  } else if (h->account == *me) {
    r.dids.push_back(HeldDid(*i, *h));
  } else {
    Reason why = h->kind == HoldKind::kReserved ? Reason::kReservedForOther : Reason::kAssignedToOther;
    r.dids.push_back(
        DummyDid(FormatTn(*tn), PerDidCode(Method::kQuery, why), ReasonText(Method::kQuery, why)));
  }
  return r;
}

model::DidResponse Sandbox::ApplyEach(const model::Credentials& who,
                                      const std::vector<model::DidParam>& params, Method m, OneFn one) {
  WriterLock lock(mu_);
  std::optional<AccountId> me = AuthLocked(who);
  if (!me) return TopLevel(kAuthFailed);
  // One instant for the whole request: every entry sees the same time.
  const TimePoint now = clock_.Now();
  model::DidResponse r = TopLevel(kSuccess);
  r.dids.reserve(params.size());
  for (const model::DidParam& p : params) {
    std::optional<Tn> tn = ParseTn(p.tn, options_.tn_prefix);
    if (!tn) {
      model::Did d = StatusDid(p.tn, kInvalidNumberText, kInvalidNumber);
      d.ref_id = p.ref_id.value_or("");
      r.dids.push_back(std::move(d));
      continue;
    }
    std::string text = FormatTn(*tn);
    std::optional<Index> i = inventory_->Find(*tn);
    if (!i) {
      r.dids.push_back(ReasonDid(std::move(text), m, Reason::kNotFound));
      continue;
    }
    r.dids.push_back((this->*one)(*me, p, Target{*i, std::move(text)}, now));
  }
  return r;
}

model::DidResponse Sandbox::ReserveDids(const model::Credentials& who,
                                        const std::vector<model::DidParam>& params) {
  return ApplyEach(who, params, Method::kReserve, &Sandbox::ReserveOne);
}
model::DidResponse Sandbox::AssignDids(const model::Credentials& who,
                                       const std::vector<model::DidParam>& params) {
  return ApplyEach(who, params, Method::kAssign, &Sandbox::AssignOne);
}
model::DidResponse Sandbox::ConfigDids(const model::Credentials& who,
                                       const std::vector<model::DidParam>& params) {
  return ApplyEach(who, params, Method::kConfig, &Sandbox::ConfigOne);
}
model::DidResponse Sandbox::ReleaseDids(const model::Credentials& who,
                                        const std::vector<model::DidParam>& params) {
  return ApplyEach(who, params, Method::kRelease, &Sandbox::ReleaseOne);
}

namespace {

// The reason an operation fails because of who holds the number, or nullopt
// when the holding does not stop it (available, or the caller's own).
std::optional<Reason> HolderConflict(HoldKind kind, bool mine) {
  switch (kind) {
    case HoldKind::kAvailable: return std::nullopt;
    case HoldKind::kAging: return Reason::kPreviouslyReleased;
    case HoldKind::kReserved: return mine ? Reason::kReservedForYou : Reason::kReservedForOther;
    case HoldKind::kAssigned: return mine ? Reason::kAssignedToYou : Reason::kAssignedToOther;
  }
  return Reason::kUnknownError;
}

}  // namespace

std::optional<Reason> Sandbox::EligibilityProblem(AccountId who, Index i) const {
  const Account& acct = state_.accounts[who];
  const bool toll_free = inventory_->rate_center(i).toll_free;
  if (toll_free && !acct.toll_free_origination) return Reason::kNoTollFreeOrigination;
  if (!toll_free && !acct.standard_origination) return Reason::kNoStandardOrigination;
  const std::int16_t tier = inventory_->number(i).tier;
  if (tier != kNoTier && !acct.AllowsTier(tier)) return Reason::kTierNotAllowed;
  return std::nullopt;
}

model::Did Sandbox::ReserveOne(AccountId who, const model::DidParam& p, const Target& t, TimePoint now) {
  const Holding* h = Live(t.index, now);
  if (h) {
    // Re-reserving one's own live reservation answers 103220 and does not
    // extend it (decision).
    return ReasonDid(t.tn, Method::kReserve, *HolderConflict(h->kind, h->account == who));
  }
  if (std::optional<Reason> why = EligibilityProblem(who, t.index)) {
    return ReasonDid(t.tn, Method::kReserve, *why);
  }
  Holding& held = state_.holdings[t.index];
  held = Holding{HoldKind::kReserved,     who, now + kReservationTtl, 0, p.ref_id.value_or(""),
                 CnamDipRequested(p.cnam)};
  std::string tier = TierText(t.index);
  model::Did d = StatusDid(t.tn, ReservedText(tier), kSuccess);
  d.tier = tier;
  d.ref_id = held.ref_id;
  d.expire_date = ExpireDateFor(held);
  return d;
}

model::Did Sandbox::AssignOne(AccountId who, const model::DidParam& p, const Target& t, TimePoint now) {
  const Holding* h = Live(t.index, now);
  const bool mine_reserved = h && h->kind == HoldKind::kReserved && h->account == who;
  if (h && !mine_reserved) {
    return ReasonDid(t.tn, Method::kAssign, *HolderConflict(h->kind, h->account == who));
  }
  if (std::optional<Reason> why = EligibilityProblem(who, t.index)) {
    return ReasonDid(t.tn, Method::kAssign, *why);
  }
  const Account& acct = state_.accounts[who];
  if (!p.epg || !acct.OwnsEndpointGroup(*p.epg)) {
    return ReasonDid(t.tn, Method::kAssign, Reason::kBadEndpointGroup);
  }
  Holding& held = state_.holdings[t.index];
  // An empty refId counts as none (WSDL-driven clients send <refId /> when
  // unset): a reservation's refId carries over to the assignment.
  const bool has_ref = p.ref_id && !p.ref_id->empty();
  std::string ref_id = has_ref ? *p.ref_id : (mine_reserved ? held.ref_id : std::string());
  // The number keeps the expiry its reservation had (expireDate, decision).
  const TimePoint reserved_until = mine_reserved ? held.until : TimePoint(model::kSentinelDate);
  held = Holding{HoldKind::kAssigned, who, reserved_until, *p.epg, ref_id, CnamDipRequested(p.cnam)};
  std::string tier = TierText(t.index);
  model::Did d = StatusDid(t.tn, AssignedText(*p.epg, t.tn, tier), kSuccess);
  d.tier = tier;
  d.ref_id = p.ref_id.value_or("");
  return d;
}

model::Did Sandbox::ConfigOne(AccountId who, const model::DidParam& p, const Target& t, TimePoint now) {
  const Holding* h = Live(t.index, now);
  if (!h || h->kind == HoldKind::kAging) {
    return ReasonDid(t.tn, Method::kConfig, Reason::kUnknownError);  // not assigned to you
  }
  if (h->kind == HoldKind::kReserved && h->account == who) {
    // Reserved by the caller, not yet assigned: 105225 (docs/behaviour.md §5.6), with the
    // reservation's own wording.
    return StatusDid(t.tn, ReasonText(Method::kConfig, Reason::kReservedForYou),
                     PerDidCode(Method::kConfig, Reason::kAssignedToYou));
  }
  if (h->account != who) {
    return ReasonDid(t.tn, Method::kConfig, *HolderConflict(h->kind, false));
  }
  const Account& acct = state_.accounts[who];
  if (!p.epg || !acct.OwnsEndpointGroup(*p.epg)) {
    return ReasonDid(t.tn, Method::kConfig, Reason::kBadEndpointGroup);
  }
  Holding& held = state_.holdings[t.index];
  held.epg = *p.epg;
  if (p.cnam) held.cnam_dip = CnamDipRequested(p.cnam);
  if (p.ref_id && !p.ref_id->empty()) held.ref_id = *p.ref_id;  // empty: keep (as assign)
  std::string tier = TierText(t.index);
  model::Did d = StatusDid(t.tn, ReconfiguredText(*p.epg, t.tn, tier), kSuccess);
  d.tier = tier;
  d.ref_id = p.ref_id.value_or("");
  return d;
}

model::Did Sandbox::ReleaseOne(AccountId who, const model::DidParam& p, const Target& t, TimePoint now) {
  const Holding* h = Live(t.index, now);
  if (!h) {
    state_.holdings.erase(t.index);  // drop a lapsed holding, if any
    return ReasonDid(t.tn, Method::kRelease, Reason::kAvailable);
  }
  if (h->kind == HoldKind::kAging) {
    return ReasonDid(t.tn, Method::kRelease, Reason::kPreviouslyReleased);
  }
  if (h->account != who) {
    return ReasonDid(t.tn, Method::kRelease, *HolderConflict(h->kind, false));
  }
  std::string tier = TierText(t.index);
  if (options_.release_aging > Duration{0}) {
    state_.holdings[t.index] = Holding{HoldKind::kAging, who, now + options_.release_aging, 0, "", false};
  } else {
    state_.holdings.erase(t.index);
  }
  model::Did d = StatusDid(t.tn, kReleasedText, kSuccess);
  d.tier = tier;
  d.ref_id = p.ref_id.value_or("");
  return d;
}

model::DidResponse Sandbox::GetDids(const model::Credentials& who,
                                    const model::SearchRequest& request) const {
  ReaderLock lock(mu_);
  if (!AuthLocked(who)) return TopLevel(kAuthFailed);
  Result<SearchCriteria, SearchError> criteria = ParseSearchCriteria(request);
  if (!criteria) {
    model::DidResponse r = TopLevel(criteria.error().code);
    r.response_message = criteria.error().message;
    return r;
  }
  const TimePoint now = clock_.Now();
  model::DidResponse r = TopLevel(kSuccess);
  r.did_locators.reserve(std::min<std::size_t>(options_.search_cap, 1024));
  // The visitor runs inside this call, with mu_ still held shared.
  // Most searches meet no held number: skip the lookup per match then.
  const bool any_held = !state_.holdings.empty();
  inventory_->ForEachMatch(*criteria, [&](Index i) VI_REQUIRES_SHARED(mu_) {
    if (any_held && Live(i, now) != nullptr) return true;
    const Inventory::Number& n = inventory_->number(i);
    const RateCenter& rc = inventory_->rate_center(i);
    // Built in place (an answer holds up to search_cap of them).
    model::DidLocator& l = r.did_locators.emplace_back();
    l.tn = FormatTn(n.tn);
    l.rate_center.emplace(rc.name);
    l.state.emplace(rc.state);
    l.tier = TierText(i);
    l.lata_id = rc.lata;
    l.outbound_cnam = (n.flags & Inventory::kOutboundCnam) != 0;
    l.t38 = (n.flags & Inventory::kT38) != 0;
    l.network.emplace(inventory_->network_name(i));
    l.sms = (n.flags & Inventory::kSms) != 0;
    return r.did_locators.size() < options_.search_cap;
  });
  if (r.did_locators.empty()) return TopLevel(kNoRecordsFound);
  return r;
}

namespace {

// A getDIDCount group: rate center (which fixes state and LATA), tier and the
// flags, packed into one integer so counting is one hash map over the matches.
using GroupCounts = std::unordered_map<std::uint64_t, std::size_t>;
std::uint64_t PackGroup(std::uint16_t rate_center, std::int16_t tier, std::uint8_t flags) {
  return (static_cast<std::uint64_t>(rate_center) << 24) |
         (static_cast<std::uint64_t>(static_cast<std::uint16_t>(tier)) << 8) | flags;
}

// The rows of `counts`, sorted by the chosen field first, then state, rate
// center, LATA, tier, then flags: a total order (a rate center is one state,
// name and LATA), so the answer does not depend on the hash map's order.
std::vector<model::DidCount> SortedCountRows(const GroupCounts& counts, const Coverage& coverage,
                                             CountOrder order) {
  struct Row {
    const RateCenter* rc;
    std::int16_t tier;
    model::DidCount count;
  };
  std::vector<Row> rows;
  rows.reserve(counts.size());
  for (const auto& [key, count] : counts) {
    const RateCenter& rc = coverage.rate_centers()[key >> 24];
    const auto tier = static_cast<std::int16_t>((key >> 8) & 0xFFFF);
    const auto flags = static_cast<std::uint8_t>(key & 0xFF);
    model::DidCount c;
    c.did_count = std::to_string(count);
    c.rate_center = rc.name;
    c.state = rc.state;
    c.tier = tier == kNoTier ? std::string() : std::to_string(tier);
    c.lata_id = rc.lata;
    c.cnam = (flags & Inventory::kOutboundCnam) != 0;
    c.t38 = (flags & Inventory::kT38) != 0;
    c.sms = (flags & Inventory::kSms) != 0;
    rows.push_back({&rc, tier, std::move(c)});
  }
  auto fields = [order](const Row& r) {
    std::string_view state = r.rc->state, name = r.rc->name;
    int lead = 0;
    switch (order) {
      case CountOrder::kState: break;
      case CountOrder::kRateCenter: std::swap(state, name); break;
      case CountOrder::kLata: lead = r.rc->lata; break;
      case CountOrder::kTier: lead = r.tier; break;
    }
    return std::make_tuple(lead, state, name, r.rc->lata, r.tier, r.count.cnam, r.count.t38, r.count.sms);
  };
  std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) { return fields(a) < fields(b); });
  std::vector<model::DidCount> out;
  out.reserve(rows.size());
  for (Row& row : rows) out.push_back(std::move(row.count));
  return out;
}

}  // namespace

model::DidResponse Sandbox::GetDidCount(const model::Credentials& who, const model::SearchRequest& request,
                                        bool group_by_sms) const {
  ReaderLock lock(mu_);
  if (!AuthLocked(who)) return TopLevel(kAuthFailed);
  Result<SearchCriteria, SearchError> criteria = ParseSearchCriteria(request);
  Result<CountOrder, SearchError> order = ParseCountOrder(request.orderby);
  for (const SearchError* e : {criteria ? nullptr : &criteria.error(), order ? nullptr : &order.error()}) {
    if (e) {
      model::DidResponse r = TopLevel(e->code);
      r.response_message = e->message;
      return r;
    }
  }
  const std::uint8_t flag_mask = static_cast<std::uint8_t>(Inventory::kT38 | Inventory::kOutboundCnam |
                                                           (group_by_sms ? Inventory::kSms : 0));
  GroupCounts counts;
  const TimePoint now = clock_.Now();
  const auto& exchanges = inventory_->coverage().exchanges();
  // The visitor runs inside this call, with mu_ still held shared.
  inventory_->ForEachMatch(*criteria, [&](Index i) VI_REQUIRES_SHARED(mu_) {
    if (Live(i, now) != nullptr) return true;
    const Inventory::Number& n = inventory_->number(i);
    ++counts[PackGroup(exchanges[n.exchange].rate_center, n.tier,
                       static_cast<std::uint8_t>(n.flags & flag_mask))];
    return true;
  });
  if (counts.empty()) return TopLevel(kNoRecordsFound);
  model::DidResponse r = TopLevel(kSuccess);
  r.did_counts = SortedCountRows(counts, inventory_->coverage(), *order);
  return r;
}

model::PortResponse Sandbox::IsPortable(const model::Credentials& who, std::string_view tn) const {
  ReaderLock lock(mu_);
  if (!AuthLocked(who)) return PortTopLevel(kAuthFailed);
  std::optional<Tn> number = ParseTn(tn, options_.tn_prefix);
  if (!number) return PortTopLevel(kInvalidNumber);
  model::PortResponse r = PortTopLevel(kSuccess);
  // Portable: the exchange is in our coverage, not toll-free (decision), and
  // the number is not listed as non-portable.
  std::optional<std::size_t> ex = inventory_->coverage().FindExchange(ExchangeOf(*number));
  r.is_portable = ex.has_value() && !IsTollFreeNpa(NpaOf(*number)) && non_portable_.count(*number) == 0;
  return r;
}

model::PortResponse Sandbox::GetPortDetails(const model::Credentials& who, int port_id) const {
  ReaderLock lock(mu_);
  std::optional<AccountId> me = AuthLocked(who);
  if (!me) return PortTopLevel(kAuthFailed);
  const std::string& login = state_.accounts[*me].login;
  for (const PortOrder& p : state_.ports) {
    if (p.detail.id == port_id && p.owner_login == login) {
      model::PortResponse r = PortTopLevel(kSuccess);
      r.port_details = p.detail;
      r.is_portable = false;  // as recorded
      return r;
    }
  }
  return PortTopLevel(kNoRecordsFound);
}

std::shared_ptr<const Sandbox::Snapshot> Sandbox::Save() const {
  ReaderLock lock(mu_);
  return std::make_shared<const Snapshot>(state_);
}

void Sandbox::Restore(const Snapshot& snapshot) {
  RestoreWith(snapshot, [] {});
}

void Sandbox::RestoreWith(const Snapshot& snapshot, const std::function<void()>& also) {
  State copy = snapshot.state;  // copied before the lock: writers wait less
  WriterLock lock(mu_);
  state_ = std::move(copy);
  also();
}

std::pair<HoldKind, std::string> Sandbox::Holder(Tn tn) const {
  ReaderLock lock(mu_);
  std::optional<Index> i = inventory_->Find(tn);
  if (!i) return {HoldKind::kAvailable, ""};
  const Holding* h = Live(*i, clock_.Now());
  if (!h) return {HoldKind::kAvailable, ""};
  return {h->kind, state_.accounts[h->account].login};
}

Result<Sandbox::Holding, SeedError> Sandbox::CheckHolding(const State& s, const HoldingState& h) const {
  Holding out;
  out.kind = h.kind;
  if (h.kind == HoldKind::kAvailable) return out;
  auto it = s.by_login.find(h.login);
  if (it == s.by_login.end()) return MakeUnexpected(SeedError::kUnknownLogin);
  out.account = it->second;
  const bool timed = h.kind == HoldKind::kReserved || h.kind == HoldKind::kAging;
  if (h.until != TimePoint{} && !model::InDateRange(h.until)) return MakeUnexpected(SeedError::kUntil);
  if (timed && h.until == TimePoint{}) return MakeUnexpected(SeedError::kUntil);
  out.until = h.until == TimePoint{} ? TimePoint(model::kSentinelDate) : h.until;
  if (h.kind == HoldKind::kAssigned) {
    if (!s.accounts[out.account].OwnsEndpointGroup(h.epg)) return MakeUnexpected(SeedError::kEndpointGroup);
    out.epg = h.epg;
  }
  out.ref_id = h.ref_id;
  out.cnam_dip = h.cnam_dip;
  return out;
}

std::optional<HoldingState> Sandbox::HoldingOf(Tn tn) const {
  ReaderLock lock(mu_);
  std::optional<Index> i = inventory_->Find(tn);
  if (!i) return std::nullopt;
  HoldingState out;
  const Holding* h = Live(*i, clock_.Now());
  if (h == nullptr) return out;
  out.kind = h->kind;
  out.login = state_.accounts[h->account].login;
  out.epg = h->epg;
  out.ref_id = h->ref_id;
  out.cnam_dip = h->cnam_dip;
  out.until = h->until;
  return out;
}

std::optional<SeedError> Sandbox::SetHolding(Tn tn, const HoldingState& state) {
  std::optional<Index> i = inventory_->Find(tn);
  if (!i) return SeedError::kUnknownNumber;
  WriterLock lock(mu_);
  Result<Holding, SeedError> h = CheckHolding(state_, state);
  if (!h) return h.error();
  if (h->kind == HoldKind::kAvailable) {
    state_.holdings.erase(*i);
  } else {
    state_.holdings[*i] = std::move(*h);
  }
  return std::nullopt;
}

std::optional<SeedError> Sandbox::AddAccount(Account account) {
  if (account.login.empty() || account.secret.empty()) return SeedError::kBadAccount;
  WriterLock lock(mu_);
  if (state_.by_login.count(account.login) != 0) return SeedError::kDuplicateLogin;
  if (state_.accounts.size() >= std::numeric_limits<AccountId>::max()) return SeedError::kBadAccount;
  state_.by_login.emplace(account.login, static_cast<AccountId>(state_.accounts.size()));
  state_.accounts.push_back(std::move(account));
  return std::nullopt;
}

std::vector<Account> Sandbox::Accounts() const {
  ReaderLock lock(mu_);
  return state_.accounts;
}

SandboxState Sandbox::ExportState() const {
  ReaderLock lock(mu_);
  SandboxState out;
  out.accounts = state_.accounts;
  out.holdings.reserve(state_.holdings.size());
  for (const auto& [i, h] : state_.holdings) {
    HoldingState hs;
    hs.kind = h.kind;
    hs.login = h.account < state_.accounts.size() ? state_.accounts[h.account].login : std::string();
    hs.epg = h.epg;
    hs.ref_id = h.ref_id;
    hs.cnam_dip = h.cnam_dip;
    hs.until = h.until;
    out.holdings.emplace_back(inventory_->number(i).tn, std::move(hs));
  }
  std::sort(out.holdings.begin(), out.holdings.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

std::optional<std::string> Sandbox::ImportState(const SandboxState& doc) {
  // Built and checked aside, then swapped in: a refusal changes nothing.
  State next;
  for (std::size_t n = 0; n < doc.accounts.size(); ++n) {
    const Account& a = doc.accounts[n];
    if (a.login.empty() || a.secret.empty()) {
      return "accounts[" + std::to_string(n) + "]: an account needs a login and a secret";
    }
    if (next.accounts.size() >= std::numeric_limits<AccountId>::max())
      return std::string("too many accounts");
    if (!next.by_login.emplace(a.login, static_cast<AccountId>(next.accounts.size())).second) {
      return "accounts[" + std::to_string(n) + "]: login '" + a.login + "' appears twice";
    }
    next.accounts.push_back(a);
  }
  for (std::size_t n = 0; n < doc.holdings.size(); ++n) {
    const auto& [tn, hs] = doc.holdings[n];
    const std::string where = "holdings[" + std::to_string(n) + "] (" + FormatTn(tn) + "): ";
    std::optional<Index> i = inventory_->Find(tn);
    if (!i) return where + "not in the inventory";
    Result<Holding, SeedError> h = CheckHolding(next, hs);
    if (!h) {
      switch (h.error()) {
        case SeedError::kUnknownLogin: return where + "no account '" + hs.login + "'";
        case SeedError::kEndpointGroup:
          return where + "the account does not own endpoint group " + std::to_string(hs.epg);
        default: return where + "a reserved or aging number needs an until in the date range";
      }
    }
    if (h->kind == HoldKind::kAvailable) continue;
    if (!next.holdings.emplace(*i, std::move(*h)).second) return where + "listed twice";
  }
  {
    WriterLock lock(mu_);
    next.ports = state_.ports;
    state_ = std::move(next);
  }
  return std::nullopt;
}

std::array<std::size_t, 4> Sandbox::LiveHoldingCounts() const {
  ReaderLock lock(mu_);
  const TimePoint now = clock_.Now();
  std::array<std::size_t, 4> out{};
  for (const auto& [i, h] : state_.holdings) {
    if (Live(i, now) != nullptr) ++out[static_cast<std::size_t>(h.kind)];
  }
  return out;
}

std::size_t Sandbox::HoldingCount() const {
  ReaderLock lock(mu_);
  return state_.holdings.size();
}

}  // namespace vi::core
