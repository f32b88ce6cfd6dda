#include "mock-server/core/account.h"

#include <algorithm>

namespace vi::core {

bool Account::OwnsEndpointGroup(int epg) const {
  return std::find(endpoint_groups.begin(), endpoint_groups.end(), epg) != endpoint_groups.end();
}

bool Account::AllowsTier(int tier) const {
  return !allowed_tiers ||
         std::find(allowed_tiers->begin(), allowed_tiers->end(), tier) != allowed_tiers->end();
}

}  // namespace vi::core
