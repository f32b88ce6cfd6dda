// Accounts: who may call the API, which endpoint groups they own and which
// numbers they may take (tiers, toll-free and standard origination).
#ifndef VI_MOCK_SERVER_CORE_ACCOUNT_H_
#define VI_MOCK_SERVER_CORE_ACCOUNT_H_

#include <optional>
#include <string>
#include <vector>

namespace vi::core {

// A plain value. The secret never leaves the core (not logged, not written).
struct Account {
  std::string login;
  std::string secret;
  std::vector<int> endpoint_groups;
  std::optional<std::vector<int>> allowed_tiers;  // nullopt: every tier
  bool toll_free_origination = true;
  bool standard_origination = true;

  bool OwnsEndpointGroup(int epg) const;
  bool AllowsTier(int tier) const;
};

}  // namespace vi::core

#endif  // VI_MOCK_SERVER_CORE_ACCOUNT_H_
