// A small, hand-written world for core unit tests: a few rate centers, the
// three shipped accounts, one port order, and a manual clock. Known numbers
// are pinned so tests can name them.
#ifndef VI_TESTS_TESTING_SMALL_WORLD_H_
#define VI_TESTS_TESTING_SMALL_WORLD_H_

#include <chrono>
#include <memory>

#include "mock-server/core/clock.h"
#include "mock-server/core/sandbox.h"

namespace vi::testing {

// Pinned numbers of the small world.
inline constexpr std::string_view kTier2 = "4352154006";     // UT ST GEORGE, tier 2
inline constexpr std::string_view kTier4 = "4352016526";     // UT RICHFIELD, tier 4
inline constexpr std::string_view kTier1 = "4358797726";     // UT ST GEORGE, tier 1
inline constexpr std::string_view kTier0 = "8015551234";     // UT SALT LAKE, tier 0 (555 is fine here)
inline constexpr std::string_view kTollFree = "8772207304";  // toll-free
inline constexpr std::string_view kUnknown = "4359990000";   // valid TN, exchange not covered
inline const model::TimePoint kStart =
    model::TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 1 / 15)) + std::chrono::hours(12);

std::shared_ptr<const core::Inventory> SmallInventory(std::size_t size = 400);

struct SmallWorld {
  explicit SmallWorld(core::SandboxOptions options = {}, std::size_t size = 400);
  core::ManualClock clock{kStart};
  std::unique_ptr<core::Sandbox> sandbox;
};

inline const model::Credentials kSandbox{"sandbox", "sandbox"};
inline const model::Credentials kOther{"other", "other"};
inline const model::Credentials kLimited{"limited", "limited"};

model::DidParam Param(std::string_view tn, std::optional<int> epg = std::nullopt,
                      std::optional<std::string> ref_id = std::nullopt);

}  // namespace vi::testing

#endif  // VI_TESTS_TESTING_SMALL_WORLD_H_
