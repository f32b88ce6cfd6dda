// Sandbox: the emulator's state and every rule of the ten operations
// (README, "Behaviour"). This is the facade the SOAP and control
// adapters call: requests in, API response values out. Pure standard C++.
//
// State: a shared, immutable Inventory; per account, the numbers it holds
// (reserved until an instant, assigned to an endpoint group, or aging after
// a release); accounts; port orders. A number is held by at most one
// account at a time; every operation is applied atomically under one lock,
// so no request ever sees or leaves a number half-changed.
//
// Time comes only from the injected Clock. A reservation placed at t is live
// while now < t + kReservationTtl and gone at exactly t + kReservationTtl;
// expiry is evaluated on access (no timer thread).
//
// Locking: one reader/writer lock, mu_, guards all mutable state (state_).
// Searches, queries and audits hold it shared; reserve, assign, config,
// release and Restore hold it exclusively. Lock order: mu_ first, then
// whatever the Clock takes inside Now() — every operation reads the clock
// once under mu_, so a Clock must never call back into a Sandbox, and code
// that holds a Clock's lock must not call a Sandbox method.
#ifndef VI_MOCK_SERVER_CORE_SANDBOX_H_
#define VI_MOCK_SERVER_CORE_SANDBOX_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/mutex.h"
#include "base/result.h"
#include "base/thread_annotations.h"
#include "mock-server/core/account.h"
#include "mock-server/core/clock.h"
#include "mock-server/core/inventory.h"
#include "mock-server/core/port_order.h"
#include "mock-server/core/status.h"
#include "mock-server/core/tn.h"
#include "model/did_response.h"
#include "model/port_response.h"
#include "model/requests.h"

namespace vi::core {

inline constexpr std::chrono::minutes kReservationTtl{30};

// What a DID's expireDate shows. Clients must not rely on the value: the
// real service's meaning of it is not documented, and the captures show only
// the sentinel (1900-01-01T00:00:00, model::kSentinelDate) and, once, a past
// timestamp on an assigned number.
enum class ExpireDate {
  // As recorded (the default). The sentinel on reserveDID's answer and on
  // one's own reservation in queryDID/auditDIDs (both recorded reserveDID
  // answers show it). One's own assigned number shows the expiry that the
  // reservation it was assigned from had (decision: the recorded production
  // queryDID of an assigned number shows a past instant to the millisecond,
  // read as the reservation's expiry kept on the number when it was
  // assigned), or the sentinel when it was assigned without a reservation.
  kRecorded,
  // As kRecorded, but reserveDID and one's own reservations show the
  // reservation's real expiry (reserved at + kReservationTtl).
  kReal,
  // The sentinel everywhere, as every 2014 sandbox capture shows it.
  kSentinel,
};

struct SandboxOptions {
  std::size_t search_cap = 1000;         // most DIDLocators one getDIDs returns
  Duration release_aging = Duration{0};  // 0: a released number is available at once
  ExpireDate expire_date = ExpireDate::kRecorded;
  // Whether "1"/"+1" + 10 digits name a number (normalised) or are 944
  // Invalid Number like any other shape (the default: see core/tn.h).
  TnPrefix tn_prefix = TnPrefix::kRefuse;
};

struct SandboxData {
  std::shared_ptr<const Inventory> inventory;
  std::vector<Account> accounts;
  std::vector<PortOrder> ports;
  std::vector<Tn> non_portable;  // covered numbers that isPortable says false for
};

// How one number is held, as the rules see it at one instant.
enum class HoldKind { kAvailable, kReserved, kAssigned, kAging };

// A number's holding as the control API shows and seeds it. Plain value.
struct HoldingState {
  HoldKind kind = HoldKind::kAvailable;
  std::string login;  // the holder (aging: who released it)
  int epg = 0;        // assigned: the endpoint group
  std::string ref_id;
  bool cnam_dip = false;
  // Reserved: the expiry; aging: when it ends; assigned: the expiry its
  // reservation had (model::kSentinelDate if none).
  TimePoint until{};
};

// All mutable state in plain values: what GET/PUT /_admin/state carry
// (ports are not mutable: they come from the data). Holdings are in TN
// order, lapsed ones included (they act as available).
struct SandboxState {
  std::vector<Account> accounts;
  std::vector<std::pair<Tn, HoldingState>> holdings;
};

// Why a seeding call (SetHolding, ImportState) was refused.
enum class SeedError {
  kUnknownNumber,    // not in the inventory
  kUnknownLogin,     // no such account
  kEndpointGroup,    // assigned on an endpoint group the account does not own
  kUntil,            // reserved or aging without a time in the date range
  kDuplicateLogin,   // an account's login appears twice, or exists already
  kBadAccount,       // an empty login or secret, or too many accounts
  kDuplicateNumber,  // a number listed twice
};

// Thread-safe: every public method may be called from any thread.
class Sandbox {
 public:
  // REQUIRES: `clock` outlives the sandbox; data.inventory is set.
  Sandbox(const Clock& clock, SandboxData data, SandboxOptions options);

  model::DidResponse AuditDids(const model::Credentials& who) const VI_EXCLUDES(mu_);
  model::DidResponse QueryDid(const model::Credentials& who, std::string_view did) const VI_EXCLUDES(mu_);
  model::DidResponse ReserveDids(const model::Credentials& who, const std::vector<model::DidParam>& params)
      VI_EXCLUDES(mu_);
  model::DidResponse AssignDids(const model::Credentials& who, const std::vector<model::DidParam>& params)
      VI_EXCLUDES(mu_);
  model::DidResponse ConfigDids(const model::Credentials& who, const std::vector<model::DidParam>& params)
      VI_EXCLUDES(mu_);
  model::DidResponse ReleaseDids(const model::Credentials& who, const std::vector<model::DidParam>& params)
      VI_EXCLUDES(mu_);
  model::DidResponse GetDids(const model::Credentials& who, const model::SearchRequest& request) const
      VI_EXCLUDES(mu_);
  // Groups by (rate center, tier, cnam, t38) and, when `group_by_sms` (the
  // production schema, which writes sms), by sms too.
  model::DidResponse GetDidCount(const model::Credentials& who, const model::SearchRequest& request,
                                 bool group_by_sms = true) const VI_EXCLUDES(mu_);
  model::PortResponse IsPortable(const model::Credentials& who, std::string_view tn) const VI_EXCLUDES(mu_);
  model::PortResponse GetPortDetails(const model::Credentials& who, int port_id) const VI_EXCLUDES(mu_);

  // The login an operation would run as, or nullopt when the credentials
  // are wrong (for request logs; never exposes the secret).
  std::optional<std::string> Authenticate(const model::Credentials& who) const VI_EXCLUDES(mu_);

  // A copy of all mutable state (holdings, accounts, ports). Restoring it
  // brings the sandbox back exactly; the inventory is shared, not copied.
  class Snapshot;
  std::shared_ptr<const Snapshot> Save() const VI_EXCLUDES(mu_);
  void Restore(const Snapshot& snapshot) VI_EXCLUDES(mu_);
  // Restore, with `also` run under the same writer lock: the control API
  // resets the clock there, so no operation sees the restored state with the
  // old clock, or the old state with the reset clock (operations read the
  // clock under this lock). Lock order: this sandbox's lock, then what
  // `also` takes (the clock's leaf mutex). `also` must not call the sandbox.
  void RestoreWith(const Snapshot& snapshot, const std::function<void()>& also) VI_EXCLUDES(mu_);

  // Who holds `tn` now (for tests and the control API): the kind and the
  // holder's login (empty when available or unknown).
  std::pair<HoldKind, std::string> Holder(Tn tn) const VI_EXCLUDES(mu_);
  // The holding of `tn` now (kind kAvailable when none is in force), or
  // nullopt when `tn` is not in the inventory.
  std::optional<HoldingState> HoldingOf(Tn tn) const VI_EXCLUDES(mu_);
  // Puts `tn` into `state` (kAvailable clears it), whatever held it before.
  // Checks: the number exists, the login does (not for kAvailable), an
  // assigned number's epg is the account's, a reserved or aging one has an
  // `until` in the date range. Nothing changes on a refusal.
  std::optional<SeedError> SetHolding(Tn tn, const HoldingState& state) VI_EXCLUDES(mu_);
  // Adds an account; refused (nothing changes) for a login that exists, an
  // empty login or secret, or when the account table is full.
  std::optional<SeedError> AddAccount(Account account) VI_EXCLUDES(mu_);
  // The accounts, in the order they were added (secrets included: callers
  // that show them must drop the secret).
  std::vector<Account> Accounts() const VI_EXCLUDES(mu_);
  // All mutable state, and its exact restoration: ImportState checks the
  // whole document first (as SetHolding and AddAccount do) and changes
  // nothing on a refusal, whose message names the entry. The accounts
  // replace the current ones; their ids follow the document's order.
  SandboxState ExportState() const VI_EXCLUDES(mu_);
  // nullopt on success.
  std::optional<std::string> ImportState(const SandboxState& state) VI_EXCLUDES(mu_);

  // Holdings in force now, by kind (index: HoldKind; kAvailable is 0).
  std::array<std::size_t, 4> LiveHoldingCounts() const VI_EXCLUDES(mu_);
  // Number of holdings of every kind, expired ones included until touched.
  std::size_t HoldingCount() const VI_EXCLUDES(mu_);

  const Inventory& inventory() const { return *inventory_; }
  const SandboxOptions& options() const { return options_; }

 private:
  using Index = Inventory::Index;
  using AccountId = std::uint16_t;

  struct Holding {
    HoldKind kind = HoldKind::kAvailable;
    AccountId account = 0;
    // Reservation expiry, end of aging, or for an assignment the expiry its
    // reservation had (model::kSentinelDate when assigned without one; the
    // clock never goes below it, so no real expiry is mistaken for it).
    TimePoint until{};
    int epg = 0;
    std::string ref_id;
    bool cnam_dip = false;
  };

  struct State {
    std::unordered_map<Index, Holding> holdings;
    std::vector<Account> accounts;
    std::vector<PortOrder> ports;
    std::unordered_map<std::string, AccountId> by_login;
  };

  // A number a DIDParam names: its inventory record and its text as the
  // wire writes it.
  struct Target {
    Index index;
    std::string tn;
  };

  // The holding of `i` in force at `now`, or nullptr if the number is
  // available (no holding, or one that has lapsed).
  const Holding* Live(Index i, TimePoint now) const VI_REQUIRES_SHARED(mu_);
  std::optional<AccountId> AuthLocked(const model::Credentials& who) const VI_REQUIRES_SHARED(mu_);
  // Why account `who` may not take number `i` (origination kind or tier), or
  // nullopt when it may: the rules reserveDID and assignDID share.
  std::optional<Reason> EligibilityProblem(AccountId who, Index i) const VI_REQUIRES_SHARED(mu_);
  std::string TierText(Index i) const { return inventory_->TierText(i); }
  // expireDate of a number held as `h`, per options_.expire_date.
  model::DateTime ExpireDateFor(const Holding& h) const;

  model::Did ReserveOne(AccountId who, const model::DidParam& p, const Target& t, TimePoint now)
      VI_REQUIRES(mu_);
  model::Did AssignOne(AccountId who, const model::DidParam& p, const Target& t, TimePoint now)
      VI_REQUIRES(mu_);
  model::Did ConfigOne(AccountId who, const model::DidParam& p, const Target& t, TimePoint now)
      VI_REQUIRES(mu_);
  model::Did ReleaseOne(AccountId who, const model::DidParam& p, const Target& t, TimePoint now)
      VI_REQUIRES(mu_);
  model::Did HeldDid(Index i, const Holding& h) const;  // queryDID/auditDIDs of one's own

  // Runs `one` for every DIDParam under the exclusive lock, at one instant;
  // a malformed tn or one outside the inventory is answered here for `m`.
  using OneFn = model::Did (Sandbox::*)(AccountId, const model::DidParam&, const Target&, TimePoint);
  model::DidResponse ApplyEach(const model::Credentials& who, const std::vector<model::DidParam>& params,
                               Method m, OneFn one) VI_EXCLUDES(mu_);

  static void RebuildLoginIndex(State& s);
  // The Holding `h` seeds for account `who` of `s`, or why not.
  Result<Holding, SeedError> CheckHolding(const State& s, const HoldingState& h) const;

  const Clock& clock_;
  const std::shared_ptr<const Inventory> inventory_;
  const SandboxOptions options_;
  const std::unordered_set<Tn> non_portable_;

  mutable SharedMutex mu_;
  State state_ VI_GUARDED_BY(mu_);
};

}  // namespace vi::core

#endif  // VI_MOCK_SERVER_CORE_SANDBOX_H_
