// The PortResponse family (isPortable, getPortDetails) as plain values.
// Field order follows the WSDL sequences (docs/wire-contract.md §3).
#ifndef VI_MODEL_PORT_RESPONSE_H_
#define VI_MODEL_PORT_RESPONSE_H_

#include <optional>
#include <string>
#include <vector>

#include "model/date_time.h"

namespace vi::model {

struct PortDid {
  std::optional<std::string> tn;
  std::optional<std::string> tier;
  std::optional<std::string> rate_center;
  std::optional<std::string> state;
  std::optional<std::string> lata;  // a string on the wire
  int endpoint_group = 0;
  bool cnam = false;
  bool e911 = false;

  bool operator==(const PortDid&) const = default;
};

// One port order. A default-constructed PortDetail is the "empty" shape the
// real service writes when there is nothing to show: id 0, nil dates and
// default endpoint group, no strings, and no dids element.
struct PortDetail {
  int id = 0;
  std::optional<std::string> status;
  std::optional<std::string> end_user;
  std::optional<std::string> billing_tn;
  std::optional<std::string> porting_from;
  std::optional<std::string> sales_rep;
  DateTime submitted_date;
  DateTime foc_date;
  DateTime requested_foc_date;
  std::optional<std::vector<PortDid>> dids;   // nullopt: element omitted
  std::optional<int> default_endpoint_group;  // nillable int

  bool operator==(const PortDetail&) const = default;
};

struct PortResponse {
  int response_code = 0;
  std::optional<std::string> response_message;
  std::optional<PortDetail> port_details = PortDetail{};
  bool is_portable = false;

  bool operator==(const PortResponse&) const = default;
};

}  // namespace vi::model

#endif  // VI_MODEL_PORT_RESPONSE_H_
