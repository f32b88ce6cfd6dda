#include "tests/testing/small_world.h"

#include <cstdlib>

namespace vi::testing {

namespace {

constexpr std::string_view kCoverage =
    "# state\tlata\trate_center\tnpa\tnxxs\n"
    "ALL\t0\tUS+CA\t877\t220,221\n"
    "UT\t660\tRICHFIELD\t435\t201,896\n"
    "UT\t660\tST GEORGE\t435\t215,216,879\n"
    "UT\t660\tSALT LAKE\t801\t555,556\n"
    "IL\t358\tCHICAGO\t312\t200,201\n";

}  // namespace

std::shared_ptr<const core::Inventory> SmallInventory(std::size_t size) {
  auto coverage = core::Coverage::Parse(kCoverage);
  if (!coverage) std::abort();
  std::vector<core::PinnedNumber> pinned = {
      {*core::ParseTn(kTier2), 2, true, true, false, "Bandwidth"},
      {*core::ParseTn(kTier4), 4, true, true, false, "Level 3"},
      {*core::ParseTn(kTier1), 1, false, false, true, "Onvoy"},
      {*core::ParseTn(kTier0), 0, true, false, false, "Level 3"},
      {*core::ParseTn(kTollFree), core::kNoTier, false, false, true, "Level 3"},
  };
  auto inv = core::Inventory::Generate(std::move(*coverage), {7, size}, pinned);
  if (!inv) std::abort();
  return std::make_shared<const core::Inventory>(std::move(*inv));
}

SmallWorld::SmallWorld(core::SandboxOptions options, std::size_t size) {
  core::SandboxData data;
  data.inventory = SmallInventory(size);
  data.accounts = {
      {"sandbox", "sandbox", {8674, 8675}, std::nullopt, true, true},
      {"other", "other", {9001}, std::nullopt, true, true},
      {"limited", "limited", {7001}, std::vector<int>{0, 1}, false, true},
      {"nostd", "nostd", {6001}, std::nullopt, true, false},
  };
  core::PortOrder port;
  port.owner_login = "sandbox";
  port.detail.id = 36623;
  port.detail.status = "PENDING SIGNATURE";
  port.detail.dids.emplace();
  port.detail.default_endpoint_group = 8674;
  data.ports = {port};
  data.non_portable = {*core::ParseTn("4352019999")};
  sandbox = std::make_unique<core::Sandbox>(clock, std::move(data), options);
}

model::DidParam Param(std::string_view tn, std::optional<int> epg, std::optional<std::string> ref_id) {
  model::DidParam p;
  p.tn = std::string(tn);
  p.epg = epg;
  p.ref_id = std::move(ref_id);
  return p;
}

}  // namespace vi::testing
