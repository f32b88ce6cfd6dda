#include "mock-server/core/status.h"

namespace vi::core {

std::string_view TopLevelText(int code) {
  switch (code) {
    case kSuccess: return "Success";
    case kNoRecordsFound: return "No Records Found";
    case kExceptionOccurred: return "An exception occurred";
    case 901: return "Client IP not found";
    case kAuthFailed: return "Username/password/IP not found";
    case kInvalidNumber: return "Invalid Number";
    case kEndpointGroupNotOwned: return "You do not own the specified Endpoint Group";
    case kNoSearchCriteria: return "No search criteria defined";
    default: return "An exception occurred";
  }
}

int PerDidCode(Method m, Reason r) { return 100000 + static_cast<int>(m) * 1000 + static_cast<int>(r); }

std::string_view ReasonText(Method m, Reason r) {
  switch (r) {
    case Reason::kNoneFound: return kUnknownText;
    case Reason::kReservedForYou: return "Number currently reserved for you";
    case Reason::kUnknownError: return m == Method::kConfig ? "Number not assigned to you" : "Unknown error";
    case Reason::kAssignedToYou: return "Number currently assigned to you";
    case Reason::kReservedForOther: return "Number currently reserved for another company";
    case Reason::kAvailable: return "Number currently available";
    case Reason::kAssignedToOther: return "Number currently assigned to another company";
    case Reason::kPreviouslyReleased: return "Number previously released, not yet available";
    case Reason::kNoTollFreeOrigination: return "Account does not have toll-free (800) origination";
    case Reason::kNoStandardOrigination: return "Account does not have standard origination";
    case Reason::kBadEndpointGroup: return "You do not own the specified Endpoint Group";
    case Reason::kTierNotAllowed: return "Tier not available to your account";
    case Reason::kNotFound: return "Could not find number";
  }
  return "Unknown error";
}

namespace {

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

std::string AssignedText(int epg, std::string_view tn, std::string_view tier) {
  return "Assigned to endpoint " + Quote(std::to_string(epg)) + " rewritten as " + Quote(tn) + " Tier " +
         std::string(tier);
}

std::string ReconfiguredText(int epg, std::string_view tn, std::string_view tier) {
  return "Reconfigured to endpoint " + Quote(std::to_string(epg)) + " rewritten as " + Quote(tn) + " Tier " +
         std::string(tier);
}

std::string ReservedText(std::string_view tier) {
  return "Reserved for 30 minutes -- Will be Tier " + std::string(tier);
}

std::string QueryAssignedText(std::string_view ref_id, std::string_view rewrite, int epg) {
  return "Number currently assigned to you with refid " + Quote(ref_id) + " rewritten as " + Quote(rewrite) +
         " to endpoint " + Quote(std::to_string(epg));
}

std::string QueryReservedText(std::string_view tier) {
  return "Number currently reserved for you -- Will be Tier " + std::string(tier);
}

}  // namespace vi::core
