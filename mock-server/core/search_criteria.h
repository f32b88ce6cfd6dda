// The criteria of getDIDs / getDIDCount, validated. Reading the raw request
// strings into criteria is where malformed values are caught (top-level 900
// naming the field) and where "no criteria" is detected (302490).
#ifndef VI_MOCK_SERVER_CORE_SEARCH_CRITERIA_H_
#define VI_MOCK_SERVER_CORE_SEARCH_CRITERIA_H_

#include <optional>
#include <string>

#include "base/result.h"
#include "model/requests.h"

namespace vi::core {

struct SearchCriteria {
  bool toll_free = false;                  // state=TF: toll-free stock only
  std::optional<std::string> state;        // upper case, 2 letters
  std::optional<std::string> rate_center;  // upper case
  std::optional<std::string> network;      // compared case-insensitively
  std::optional<int> lata;
  std::optional<int> npa;
  std::optional<int> nxx;
  std::optional<int> tier;
  std::optional<bool> t38;
  std::optional<bool> cnam;  // outbound CNAM storage
  std::optional<bool> sms;
};

enum class CountOrder { kState, kRateCenter, kLata, kTier };

struct SearchError {
  int code;             // kNoSearchCriteria or kExceptionOccurred
  std::string message;  // the responseMessage to write
};

// Validates the criteria of a search. Empty or whitespace-only fields are not
// criteria; values are trimmed. Fails with kNoSearchCriteria when no field is
// set, or kExceptionOccurred with a message naming the first malformed field
// and its value (npa not 3 digits, nxx not 3 or 6 digits, lata/tier not a
// number, a flag other than 1/0/true/false, a state other than two letters).
Result<SearchCriteria, SearchError> ParseSearchCriteria(const model::SearchRequest& request);

// getDIDCount's orderby: state (default, also when empty), rc, lata, tier, any
// case. Fails with kExceptionOccurred naming the value.
Result<CountOrder, SearchError> ParseCountOrder(const std::string& orderby);

}  // namespace vi::core

#endif  // VI_MOCK_SERVER_CORE_SEARCH_CRITERIA_H_
