#include "mock-server/core/inventory.h"

#include <catch2/catch.hpp>
#include <set>

#include "tests/testing/small_world.h"

using namespace vi;

TEST_CASE("Coverage parses the rate-center format and rejects bad lines", "[core][inventory]") {
  auto ok = core::Coverage::Parse("UT\t660\tRICHFIELD\t435\t201,896\n# c\nALL\t0\tUS+CA\t877\t220\n");
  REQUIRE(ok);
  CHECK(ok->rate_centers().size() == 2);
  CHECK(ok->exchanges().size() == 3);
  CHECK(ok->exchanges().front().code == 435201);
  CHECK(ok->rate_centers()[ok->exchanges().back().rate_center].toll_free);
  CHECK(ok->FindExchange(435896).has_value());
  CHECK_FALSE(ok->FindExchange(435897).has_value());

  auto dup = core::Coverage::Parse("UT\t660\tA\t435\t201\nUT\t660\tB\t435\t201\n");
  REQUIRE_FALSE(dup);
  CHECK(dup.error() == "rate centers: exchange 435201 listed twice");
  auto bad = core::Coverage::Parse("UT\t660\tA\t435\n");
  REQUIRE_FALSE(bad);
  CHECK(bad.error() == "rate centers line 1: expected 5 tab-separated fields");
  CHECK_FALSE(core::Coverage::Parse("UT\t660\tA\t435\t1x1\n"));
}

TEST_CASE("Inventory generation is deterministic in seed and size", "[core][inventory]") {
  auto a = testing::SmallInventory(1000);
  auto b = testing::SmallInventory(1000);
  REQUIRE(a->size() >= 1000);
  REQUIRE(a->size() == b->size());
  for (core::Inventory::Index i = 0; i < a->size(); ++i) {
    REQUIRE(a->number(i).tn == b->number(i).tn);
    REQUIRE(a->number(i).tier == b->number(i).tier);
    REQUIRE(a->number(i).flags == b->number(i).flags);
  }
  auto cov = core::Coverage::Parse("UT\t660\tRICHFIELD\t435\t201,896\n");
  auto s1 = core::Inventory::Generate(*cov, {1, 500}, {});
  auto s2 = core::Inventory::Generate(*cov, {2, 500}, {});
  REQUIRE(s1);
  REQUIRE(s2);
  CHECK(s1->size() == 500);
  bool differ = false;
  for (core::Inventory::Index i = 0; i < 500; ++i) differ |= s1->number(i).tn != s2->number(i).tn;
  CHECK(differ);
}

TEST_CASE("Inventory numbers are sorted, unique, inside their exchange", "[core][inventory]") {
  auto inv = testing::SmallInventory(3000);
  std::set<core::Tn> seen;
  for (core::Inventory::Index i = 0; i < inv->size(); ++i) {
    const auto& n = inv->number(i);
    if (i > 0) REQUIRE(inv->number(i - 1).tn < n.tn);
    REQUIRE(core::ExchangeOf(n.tn) == inv->coverage().exchanges()[n.exchange].code);
    if (n.tier == 777) REQUIRE((n.flags & (core::Inventory::kT38 | core::Inventory::kOutboundCnam)) == 0);
    REQUIRE(inv->Find(n.tn) == i);
  }
  CHECK_FALSE(inv->Find(4359990000).has_value());
}

TEST_CASE("Pinned numbers keep their recorded attributes", "[core][inventory]") {
  auto inv = testing::SmallInventory();
  auto i = inv->Find(*core::ParseTn(testing::kTier4));
  REQUIRE(i);
  CHECK(inv->number(*i).tier == 4);
  CHECK(inv->rate_center(*i).name == "RICHFIELD");
  CHECK(inv->rate_center(*i).lata == 660);
  CHECK(inv->network_name(*i) == "Level 3");
  auto tf = inv->Find(*core::ParseTn(testing::kTollFree));
  REQUIRE(tf);
  CHECK(inv->TierText(*tf) == "");
  CHECK(inv->rate_center(*tf).toll_free);
}

TEST_CASE("Inventory rejects sizes and pins beyond its coverage", "[core][inventory]") {
  auto cov = core::Coverage::Parse("UT\t660\tRICHFIELD\t435\t201\n");
  auto too_big = core::Inventory::Generate(*cov, {1, 10'001}, {});
  REQUIRE_FALSE(too_big);
  CHECK(too_big.error() == "inventory size 10001 exceeds the coverage's 10000 numbers");
  core::PinnedNumber outside{*core::ParseTn("2125550000"), 1, false, false, false, ""};
  auto pin = core::Inventory::Generate(*cov, {1, 10}, {outside});
  REQUIRE_FALSE(pin);
  CHECK(pin.error() == "pinned number 2125550000 is outside the coverage");
}

TEST_CASE("ParseTn accepts 10 NANP digits, and 1 and +1 prefixes only when asked", "[core][tn]") {
  using core::TnPrefix;
  CHECK(core::ParseTn("4352154006") == 4352154006ULL);
  CHECK(core::ParseTn("4352154006", TnPrefix::kAccept) == 4352154006ULL);
  CHECK_FALSE(core::ParseTn("14352154006").has_value());
  CHECK_FALSE(core::ParseTn("+14352154006").has_value());
  CHECK_FALSE(core::ParseTn("+14352154006", TnPrefix::kRefuse).has_value());
  CHECK(core::ParseTn("14352154006", TnPrefix::kAccept) == 4352154006ULL);
  CHECK(core::ParseTn("+14352154006", TnPrefix::kAccept) == 4352154006ULL);
  CHECK(core::FormatTn(4352154006ULL) == "4352154006");
  for (TnPrefix prefix : {TnPrefix::kRefuse, TnPrefix::kAccept}) {
    for (std::string_view bad : {"", "435215400", "435215400612", "+4352154006", "1435215400", "435-2154006",
                                 "1352154006", "4350154006", "４352154006", "+1 4352154006", "4352154006 ",
                                 "+24352154006", "1+4352154006", "11435215400", "+11435215400"}) {
      CAPTURE(bad);
      CHECK_FALSE(core::ParseTn(bad, prefix).has_value());
    }
    std::string huge(50'000, '5');
    CHECK_FALSE(core::ParseTn(huge, prefix).has_value());
  }
}
