// The result codes and status texts of API 3.0 (docs/wire-contract.md
// §5). Top-level codes answer a whole request; per-DID codes are
// "1" + method + reason (e.g. 103230 = reserveDID, reserved for another
// company). Texts recorded on the wire are reproduced exactly; the others
// are our decisions (docs/behaviour.md §5).
#ifndef VI_MOCK_SERVER_CORE_STATUS_H_
#define VI_MOCK_SERVER_CORE_STATUS_H_

#include <string>
#include <string_view>

namespace vi::core {

// Top-level responseCode values.
inline constexpr int kSuccess = 100;
inline constexpr int kNoRecordsFound = 101;
inline constexpr int kExceptionOccurred = 900;
inline constexpr int kAuthFailed = 902;
inline constexpr int kInvalidNumber = 944;
inline constexpr int kEndpointGroupNotOwned = 948;
inline constexpr int kNoSearchCriteria = 302490;

// Text of a top-level code ("Success", "No Records Found", ...).
std::string_view TopLevelText(int code);

// The method digit pair of a per-DID code.
enum class Method { kAudit = 1, kQuery = 2, kReserve = 3, kAssign = 4, kConfig = 5, kRelease = 6 };

// The reason triple of a per-DID code.
enum class Reason {
  kNoneFound = 200,
  kReservedForYou = 220,
  kUnknownError = 221,  // configDID: "not assigned to you"
  kAssignedToYou = 225,
  kReservedForOther = 230,
  kAvailable = 231,
  kAssignedToOther = 235,
  kPreviouslyReleased = 241,
  kNoTollFreeOrigination = 250,
  kNoStandardOrigination = 251,
  kBadEndpointGroup = 258,
  kTierNotAllowed = 259,
  kNotFound = 420,
};

// The six-digit code, e.g. PerDidCode(Method::kReserve, Reason::kReservedForOther) == 103230.
int PerDidCode(Method m, Reason r);

// The status text the emulator writes for a failing per-DID code.
std::string_view ReasonText(Method m, Reason r);

// Success texts recorded on the wire.
std::string AssignedText(int epg, std::string_view tn, std::string_view tier);
std::string ReconfiguredText(int epg, std::string_view tn, std::string_view tier);
std::string ReservedText(std::string_view tier);
std::string QueryAssignedText(std::string_view ref_id, std::string_view rewrite, int epg);
std::string QueryReservedText(std::string_view tier);  // decision
inline constexpr std::string_view kQueryAvailableText = "Number currently Available";
inline constexpr std::string_view kReleasedText = "Released";  // decision
inline constexpr std::string_view kInvalidNumberText = "Invalid Number";
inline constexpr std::string_view kUnknownText = "UNKNOWN";
// Availability values.
inline constexpr std::string_view kAvailabilityAvailable = "Available";
inline constexpr std::string_view kAvailabilityAssigned = "assigned";
inline constexpr std::string_view kAvailabilityReserved = "reserved";
inline constexpr std::string_view kAvailabilityUnavailable = "Unavailable";
// Tier written where a tier does not apply.
inline constexpr std::string_view kNoTierValue = "-99999";

}  // namespace vi::core

#endif  // VI_MOCK_SERVER_CORE_STATUS_H_
