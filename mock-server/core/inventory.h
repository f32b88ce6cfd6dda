// Inventory: every number the emulator knows, with its fixed attributes
// (rate center, tier, capabilities, network). Who holds a number is not
// here (see Sandbox); the inventory is immutable once generated, so
// snapshots and searches share it freely.
//
// Layout: one 16-byte record per number in a vector sorted by TN. All
// numbers of an NPA-NXX exchange are therefore contiguous, and an exchange
// belongs to exactly one rate center, so every geographic criterion (state,
// LATA, rate center, NPA, NXX, toll-free) selects whole runs of records
// through small per-exchange indexes; only tier and capability flags are
// tested per record.
#ifndef VI_MOCK_SERVER_CORE_INVENTORY_H_
#define VI_MOCK_SERVER_CORE_INVENTORY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "mock-server/core/coverage.h"
#include "mock-server/core/search_criteria.h"
#include "mock-server/core/tn.h"

namespace vi::core {

// Tier value of numbers without a tier (toll-free stock): written empty.
inline constexpr std::int16_t kNoTier = INT16_MIN;

// A number with recorded attributes, placed into the inventory as given
// (the numbers of the recorded real responses).
struct PinnedNumber {
  Tn tn = 0;
  std::int16_t tier = kNoTier;
  bool t38 = false;
  bool outbound_cnam = false;
  bool sms = false;
  std::string network;
};

struct InventoryOptions {
  std::uint64_t seed = 1;
  std::size_t size = 50'000;  // numbers, pinned ones included
};

// Immutable after construction; thread-safe to share.
class Inventory {
 public:
  using Index = std::uint32_t;

  struct Number {
    Tn tn;
    std::uint16_t exchange;  // index into coverage().exchanges()
    std::int16_t tier;
    std::uint8_t flags;    // kT38 | kOutboundCnam | kSms
    std::uint8_t network;  // index into network names
  };
  static constexpr std::uint8_t kT38 = 1, kOutboundCnam = 2, kSms = 4;

  // Generates `options.size` numbers deterministically from `options.seed`:
  // the same coverage, pinned numbers and options give the same numbers.
  // Numbers spread evenly over the covered exchanges (at most 10,000 each).
  // Fails when a pinned number is outside the coverage, or when size exceeds
  // what the coverage can hold.
  static Result<Inventory, std::string> Generate(Coverage coverage, const InventoryOptions& options,
                                                 const std::vector<PinnedNumber>& pinned);

  std::size_t size() const { return numbers_.size(); }
  const Coverage& coverage() const { return coverage_; }
  const Number& number(Index i) const { return numbers_[i]; }
  const RateCenter& rate_center(Index i) const;
  std::string_view network_name(Index i) const { return networks_[numbers_[i].network]; }
  // Tier as the wire writes it: decimal, or empty for toll-free stock.
  std::string TierText(Index i) const;

  // The record of `tn`, or nullopt when it is not in the inventory.
  std::optional<Index> Find(Tn tn) const;

  // Calls `visit` for every number matching `criteria`, in TN order, until
  // it returns false. Availability is the caller's business.
  void ForEachMatch(const SearchCriteria& criteria, const std::function<bool(Index)>& visit) const;

  // Bytes held by this inventory (records and indexes, not the coverage text).
  std::size_t MemoryBytes() const;

 private:
  using PinsByExchange = std::map<std::size_t, std::vector<const PinnedNumber*>>;

  Inventory() = default;
  // The steps of Generate, in order: numbers of every exchange in TN order
  // (drawn lines plus pinned ones), then the per-key exchange indexes.
  void GenerateNumbers(const InventoryOptions& options, const PinsByExchange& pins);
  // Overwrites the drawn attributes of the current exchange's pinned numbers.
  void ApplyPins(const std::vector<const PinnedNumber*>& pins, bool toll_free);
  // Index of `name` in networks_, added when new; 0 for an empty name.
  std::uint8_t NetworkIndex(const std::string& name);
  void BuildIndexes();
  std::vector<std::uint32_t> CandidateExchanges(const SearchCriteria& c) const;
  bool ExchangeMatches(std::size_t exchange, const SearchCriteria& c) const;

  Coverage coverage_;
  std::vector<Number> numbers_;        // sorted by tn
  std::vector<Index> exchange_begin_;  // records of exchange e: [begin[e], begin[e+1])
  std::vector<std::string> networks_;
  // Exchange indexes (sorted ascending, hence in TN order) per key.
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_state_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_rate_center_;
  std::unordered_map<int, std::vector<std::uint32_t>> by_lata_;
  std::vector<std::uint32_t> toll_free_;
};

static_assert(sizeof(Inventory::Number) == 16, "a number costs 16 bytes");

}  // namespace vi::core

#endif  // VI_MOCK_SERVER_CORE_INVENTORY_H_
