// Port orders: numbers being ported in, each owned by one account.
#ifndef VI_MOCK_SERVER_CORE_PORT_ORDER_H_
#define VI_MOCK_SERVER_CORE_PORT_ORDER_H_

#include <string>

#include "model/port_response.h"

namespace vi::core {

// A plain value: the order as getPortDetails shows it, and its owner.
struct PortOrder {
  std::string owner_login;
  model::PortDetail detail;  // detail.id is the port id
};

}  // namespace vi::core

#endif  // VI_MOCK_SERVER_CORE_PORT_ORDER_H_
