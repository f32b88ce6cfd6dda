#include "mock-server/core/inventory.h"

#include <algorithm>
#include <bitset>
#include <map>

#include "base/ascii.h"

namespace vi::core {
namespace {

constexpr int kLinesPerExchange = 10'000;
constexpr std::string_view kNetworks[] = {"Level 3", "Bandwidth", "Onvoy", "Inteliquent", "Peerless"};
constexpr std::string_view kTollFreeNetwork = "VI";

// splitmix64: a small, well-mixed deterministic generator.
struct Rng {
  std::uint64_t state;
  std::uint64_t Next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) for n < 2^32 (multiply-shift; no division).
  std::uint64_t Below(std::uint64_t n) { return ((Next() >> 32) * n) >> 32; }
};

std::uint8_t FlagsOf(bool t38, bool cnam, bool sms) {
  return static_cast<std::uint8_t>((t38 ? Inventory::kT38 : 0) | (cnam ? Inventory::kOutboundCnam : 0) |
                                   (sms ? Inventory::kSms : 0));
}

// `want` distinct lines of one exchange, ascending. Rejection sampling
// against a bitmap costs about `want` draws while under half the lines are
// wanted; above half, the lines left out are drawn instead. `taken` is
// scratch space, kept by the caller across exchanges.
using LineSet = std::bitset<kLinesPerExchange>;
void DrawLines(Rng& rng, std::size_t want, LineSet& taken, std::vector<int>& lines) {
  lines.clear();
  taken.reset();
  constexpr auto kLines = static_cast<std::size_t>(kLinesPerExchange);
  const bool invert = want > kLines / 2;
  const std::size_t draws = invert ? kLines - want : want;
  for (std::size_t k = 0; k < draws;) {
    auto line = static_cast<std::size_t>(rng.Below(kLinesPerExchange));
    if (taken.test(line)) continue;
    taken.set(line);
    ++k;
    if (!invert) lines.push_back(static_cast<int>(line));
  }
  if (invert) {
    for (int line = 0; line < kLinesPerExchange; ++line) {
      if (!taken.test(static_cast<std::size_t>(line))) lines.push_back(line);
    }
  } else {
    std::sort(lines.begin(), lines.end());
  }
}

// Adds the pinned numbers' lines to `lines`, keeping them sorted and unique.
void AddPinnedLines(const std::vector<const PinnedNumber*>& pins, std::vector<int>& lines) {
  for (const PinnedNumber* p : pins) lines.push_back(static_cast<int>(p->tn % kLinesPerExchange));
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
}

// Synthetic attributes of one generated number, shaped like real search
// results: tiers 1, 2, 4 and 777 (tier 0 appears only on ported numbers);
// T.38 and outbound CNAM together or not at all (never on tier 777, not on a
// fifth of tier 1), so a getDIDCount row always has cnam == t38; toll-free
// stock with both, on the carrier `toll_free_network` (the recorded toll-free
// locator 8772207304 shows t38 true and network VI).
void DrawAttributes(Rng& rng, bool toll_free, std::uint8_t toll_free_network, Inventory::Number& n) {
  if (toll_free) {
    n.flags = FlagsOf(true, true, rng.Below(2) == 0);
    n.network = toll_free_network;
    return;
  }
  // One draw per statement: the order of draws is part of what a seed means
  // (function arguments have no evaluation order; GCC and Clang differ).
  const std::uint64_t r = rng.Below(100);
  n.tier = static_cast<std::int16_t>(r < 40 ? 1 : r < 70 ? 2 : r < 88 ? 4 : 777);
  const bool neither = n.tier == 777 || (n.tier == 1 && rng.Below(5) == 0);
  const bool sms = rng.Below(100) < 60;
  n.flags = FlagsOf(!neither, !neither, sms);
  n.network = static_cast<std::uint8_t>(rng.Below(std::size(kNetworks)));
}

}  // namespace

Result<Inventory, std::string> Inventory::Generate(Coverage coverage, const InventoryOptions& options,
                                                   const std::vector<PinnedNumber>& pinned) {
  Inventory inv;
  inv.coverage_ = std::move(coverage);
  const std::size_t n_ex = inv.coverage_.exchanges().size();
  if (n_ex > 0xFFFF) return MakeUnexpected(std::string("coverage has too many exchanges"));
  if (options.size > n_ex * kLinesPerExchange) {
    return MakeUnexpected("inventory size " + std::to_string(options.size) + " exceeds the coverage's " +
                          std::to_string(n_ex * kLinesPerExchange) + " numbers");
  }
  for (std::string_view n : kNetworks) inv.networks_.emplace_back(n);

  PinsByExchange pins;
  for (const PinnedNumber& p : pinned) {
    std::optional<std::size_t> ex = inv.coverage_.FindExchange(ExchangeOf(p.tn));
    if (!ex) return MakeUnexpected("pinned number " + FormatTn(p.tn) + " is outside the coverage");
    pins[*ex].push_back(&p);
  }
  inv.GenerateNumbers(options, pins);
  inv.BuildIndexes();
  return inv;
}

void Inventory::GenerateNumbers(const InventoryOptions& options, const PinsByExchange& pins) {
  const auto& exchanges = coverage_.exchanges();
  const std::size_t n_ex = exchanges.size();
  // Quotas: an even share per exchange, the remainder to the first ones.
  const std::size_t share = options.size / n_ex;
  const std::size_t extra = options.size % n_ex;
  std::size_t pinned = 0;
  for (const auto& [e, list] : pins) pinned += list.size();
  numbers_.reserve(options.size + pinned);
  exchange_begin_.reserve(n_ex + 1);
  Rng rng{options.seed};
  const std::uint8_t toll_free_network = NetworkIndex(std::string(kTollFreeNetwork));
  std::vector<int> lines;
  LineSet taken;
  for (std::size_t e = 0; e < n_ex; ++e) {
    exchange_begin_.push_back(static_cast<Index>(numbers_.size()));
    const Tn base = static_cast<Tn>(exchanges[e].code) * kLinesPerExchange;
    const bool toll_free = coverage_.rate_centers()[exchanges[e].rate_center].toll_free;
    DrawLines(rng, share + (e < extra ? 1 : 0), taken, lines);
    auto pin_it = pins.find(e);
    if (pin_it != pins.end()) AddPinnedLines(pin_it->second, lines);
    for (int line : lines) {
      Number n{base + static_cast<Tn>(line), static_cast<std::uint16_t>(e), kNoTier, 0, 0};
      DrawAttributes(rng, toll_free, toll_free_network, n);
      numbers_.push_back(n);
    }
    if (pin_it != pins.end()) ApplyPins(pin_it->second, toll_free);
  }
  exchange_begin_.push_back(static_cast<Index>(numbers_.size()));
}

void Inventory::ApplyPins(const std::vector<const PinnedNumber*>& pins, bool toll_free) {
  for (const PinnedNumber* p : pins) {
    auto first = numbers_.begin() + exchange_begin_.back();
    auto it = std::lower_bound(first, numbers_.end(), p->tn, [](const Number& a, Tn t) { return a.tn < t; });
    it->tier = toll_free ? kNoTier : p->tier;
    it->flags = FlagsOf(p->t38, p->outbound_cnam, p->sms);
    it->network = NetworkIndex(p->network);
  }
}

std::uint8_t Inventory::NetworkIndex(const std::string& name) {
  if (name.empty()) return 0;
  for (std::size_t i = 0; i < networks_.size(); ++i) {
    if (networks_[i] == name) return static_cast<std::uint8_t>(i);
  }
  networks_.push_back(name);
  return static_cast<std::uint8_t>(networks_.size() - 1);
}

void Inventory::BuildIndexes() {
  const auto& exchanges = coverage_.exchanges();
  for (std::uint32_t e = 0; e < exchanges.size(); ++e) {
    const RateCenter& rc = coverage_.rate_centers()[exchanges[e].rate_center];
    if (rc.toll_free) {
      toll_free_.push_back(e);
      continue;
    }
    by_state_[rc.state].push_back(e);
    by_rate_center_[AsciiUpper(rc.name)].push_back(e);
    by_lata_[rc.lata].push_back(e);
  }
}

const RateCenter& Inventory::rate_center(Index i) const {
  const Exchange& ex = coverage_.exchanges()[numbers_[i].exchange];
  return coverage_.rate_centers()[ex.rate_center];
}

std::string Inventory::TierText(Index i) const {
  std::int16_t t = numbers_[i].tier;
  return t == kNoTier ? std::string() : std::to_string(t);
}

std::optional<Inventory::Index> Inventory::Find(Tn tn) const {
  auto it =
      std::lower_bound(numbers_.begin(), numbers_.end(), tn, [](const Number& a, Tn t) { return a.tn < t; });
  if (it == numbers_.end() || it->tn != tn) return std::nullopt;
  return static_cast<Index>(it - numbers_.begin());
}

std::vector<std::uint32_t> Inventory::CandidateExchanges(const SearchCriteria& c) const {
  // Start from the most selective index the criteria allow.
  auto from = [](const auto& map, const auto& key) {
    auto it = map.find(key);
    return it == map.end() ? std::vector<std::uint32_t>{} : it->second;
  };
  if (c.rate_center) return from(by_rate_center_, *c.rate_center);
  const auto& ex = coverage_.exchanges();
  if (c.npa) {
    int lo = *c.npa * 1000 + (c.nxx ? *c.nxx : 0);
    int hi = *c.npa * 1000 + (c.nxx ? *c.nxx : 999);
    auto first =
        std::lower_bound(ex.begin(), ex.end(), lo, [](const Exchange& e, int v) { return e.code < v; });
    std::vector<std::uint32_t> out;
    for (auto it = first; it != ex.end() && it->code <= hi; ++it) {
      out.push_back(static_cast<std::uint32_t>(it - ex.begin()));
    }
    return out;
  }
  if (c.toll_free) return toll_free_;
  if (c.state) return from(by_state_, *c.state);
  if (c.lata) return from(by_lata_, *c.lata);
  std::vector<std::uint32_t> all(ex.size());
  for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  return all;
}

bool Inventory::ExchangeMatches(std::size_t e, const SearchCriteria& c) const {
  const Exchange& ex = coverage_.exchanges()[e];
  const RateCenter& rc = coverage_.rate_centers()[ex.rate_center];
  if (c.toll_free && !rc.toll_free) return false;
  if (c.state && rc.state != *c.state) return false;
  if (c.lata && rc.lata != *c.lata) return false;
  if (c.rate_center && AsciiUpper(rc.name) != *c.rate_center) return false;
  if (c.npa && ex.code / 1000 != *c.npa) return false;
  if (c.nxx && ex.code % 1000 != *c.nxx) return false;
  return true;
}

void Inventory::ForEachMatch(const SearchCriteria& c, const std::function<bool(Index)>& visit) const {
  for (std::uint32_t e : CandidateExchanges(c)) {
    if (!ExchangeMatches(e, c)) continue;
    for (Index i = exchange_begin_[e]; i < exchange_begin_[e + 1]; ++i) {
      const Number& n = numbers_[i];
      if (c.tier && (n.tier == kNoTier || n.tier != *c.tier)) continue;
      if (c.t38 && ((n.flags & kT38) != 0) != *c.t38) continue;
      if (c.cnam && ((n.flags & kOutboundCnam) != 0) != *c.cnam) continue;
      if (c.sms && ((n.flags & kSms) != 0) != *c.sms) continue;
      if (c.network && AsciiUpper(networks_[n.network]) != *c.network) continue;
      if (!visit(i)) return;
    }
  }
}

std::size_t Inventory::MemoryBytes() const {
  std::size_t bytes = numbers_.capacity() * sizeof(Number) + exchange_begin_.capacity() * sizeof(Index) +
                      toll_free_.capacity() * sizeof(std::uint32_t);
  for (const auto* m : {&by_state_, &by_rate_center_}) {
    for (const auto& [k, v] : *m) bytes += k.capacity() + v.capacity() * sizeof(std::uint32_t) + 64;
  }
  for (const auto& [k, v] : by_lata_) bytes += v.capacity() * sizeof(std::uint32_t) + 48;
  return bytes;
}

}  // namespace vi::core
