// Golden tests of the generated stock. What `--seed N --inventory-size M`
// produces is part of the product: users pin numbers in their own tests, and
// a changed generator silently breaks them. These values change only on
// purpose, with a note in the README ("Generated stock"); never regenerate
// them to make a failing run pass.
#include <catch2/catch.hpp>
#include <cstdint>
#include <sstream>
#include <string>

#include "mock-server/core/inventory.h"
#include "mock-server/data/sandbox_data.h"

using namespace vi;

namespace {

// FNV-1a (64 bit) over one line per record: tn, rate center, state, LATA,
// tier, flags and network, in inventory (TN) order.
std::uint64_t StockHash(const core::Inventory& inv) {
  std::uint64_t h = 14695981039346656037ull;
  for (core::Inventory::Index i = 0; i < inv.size(); ++i) {
    const core::RateCenter& rc = inv.rate_center(i);
    std::ostringstream line;
    line << inv.number(i).tn << '|' << rc.name << '|' << rc.state << '|' << rc.lata << '|' << inv.TierText(i)
         << '|' << int{inv.number(i).flags} << '|' << inv.network_name(i) << '\n';
    for (unsigned char c : line.str()) {
      h ^= c;
      h *= 1099511628211ull;
    }
  }
  return h;
}

std::string FirstNumbers(const core::Inventory& inv, std::size_t n) {
  std::string out;
  for (core::Inventory::Index i = 0; i < n && i < inv.size(); ++i) {
    out += core::FormatTn(inv.number(i).tn) + " tier=" + inv.TierText(i) +
           " flags=" + std::to_string(inv.number(i).flags) + " " + std::string(inv.network_name(i)) + "\n";
  }
  return out;
}

core::SandboxData Load(std::uint64_t seed, std::size_t size) {
  data::DataOptions opts;
  opts.inventory.seed = seed;
  opts.inventory.size = size;
  auto loaded = data::LoadSandboxData(opts);
  REQUIRE(loaded);
  return std::move(*loaded);
}

}  // namespace

TEST_CASE("The default stock is pinned: seed 1 and 50000 numbers", "[data][golden]") {
  core::SandboxData d = Load(1, 50'000);
  const core::Inventory& inv = *d.inventory;
  CHECK(inv.size() == 50'008);  // the eight pinned numbers come on top
  CHECK(FirstNumbers(inv, 5) ==
        "2012881670 tier=777 flags=4 Level 3\n"
        "2012882855 tier=2 flags=7 Bandwidth\n"
        "2012884041 tier=1 flags=3 Level 3\n"
        "2012884359 tier=777 flags=4 Onvoy\n"
        "2012884442 tier=1 flags=7 Onvoy\n");
  CHECK(StockHash(inv) == 0xa8585df4fb1a24e0ull);
}

TEST_CASE("A small stock is pinned: seed 7 and 2000 numbers", "[data][golden]") {
  core::SandboxData d = Load(7, 2'000);
  const core::Inventory& inv = *d.inventory;
  CHECK(inv.size() == 2'008);
  CHECK(FirstNumbers(inv, 5) ==
        "2012883898 tier=1 flags=7 Onvoy\n"
        "2013542494 tier=2 flags=7 Level 3\n"
        "2014914131 tier=1 flags=3 Peerless\n"
        "2015888640 tier=2 flags=3 Bandwidth\n"
        "2016016191 tier=4 flags=3 Level 3\n");
  CHECK(StockHash(inv) == 0x7667f8f8d0454b5dull);
}

TEST_CASE("The golden hash sees a change in any one record", "[data][golden]") {
  // Two seeds differ, and so do two sizes of one seed: the hash covers more
  // than the first numbers.
  core::SandboxData a = Load(1, 2'000);
  core::SandboxData b = Load(2, 2'000);
  core::SandboxData c = Load(1, 2'001);
  CHECK(StockHash(*a.inventory) != StockHash(*b.inventory));
  CHECK(StockHash(*a.inventory) != StockHash(*c.inventory));
}

TEST_CASE("The stock has the shape of real search results", "[data][stock]") {
  core::SandboxData d = Load(1, 50'000);
  const core::Inventory& inv = *d.inventory;
  constexpr std::uint8_t kBoth = core::Inventory::kT38 | core::Inventory::kOutboundCnam;
  std::size_t toll_free = 0, tier1_without = 0;
  for (core::Inventory::Index i = 0; i < inv.size(); ++i) {
    const core::Inventory::Number& n = inv.number(i);
    const std::uint8_t pair = n.flags & kBoth;
    INFO(core::FormatTn(n.tn));
    // T.38 and outbound CNAM come together or not at all.
    REQUIRE((pair == 0 || pair == kBoth));
    if (inv.rate_center(i).toll_free) {
      ++toll_free;
      REQUIRE(n.tier == core::kNoTier);
      REQUIRE(pair == kBoth);  // toll-free stock has T.38
      continue;
    }
    // Searchable tiers: 1, 2, 4 and 777; tier 0 is only ever a ported number's.
    REQUIRE((n.tier == 1 || n.tier == 2 || n.tier == 4 || n.tier == 777));
    if (n.tier == 777) REQUIRE(pair == 0);
    if (n.tier == 1 && pair == 0) ++tier1_without;
  }
  CHECK(toll_free > 0);
  CHECK(tier1_without > 0);  // some tier-1 stock has neither
}

TEST_CASE("The recorded toll-free locator and Utah 435 rate centers are as real results show",
          "[data][stock]") {
  core::SandboxData d = Load(1, 50'000);
  const core::Inventory& inv = *d.inventory;
  auto tf = inv.Find(8772207304);
  REQUIRE(tf);
  CHECK((inv.number(*tf).flags & core::Inventory::kT38) != 0);
  CHECK((inv.number(*tf).flags & core::Inventory::kSms) == 0);
  CHECK(inv.network_name(*tf) == "VI");
  struct Expected {
    const char* name;
    int lata;
  };
  for (Expected e : {Expected{"HEBER CITY", 660}, Expected{"MONROE", 660}, Expected{"GLNCNYONCY", 666},
                     Expected{"WASATCH", 654}, Expected{"RICHFIELD", 660}}) {
    INFO(e.name);
    bool found = false;
    for (const core::RateCenter& rc : inv.coverage().rate_centers()) {
      if (rc.state == "UT" && rc.name == e.name) {
        found = true;
        CHECK(rc.lata == e.lata);
      }
    }
    CHECK(found);
  }
}
