// The DIDResponse family of API 3.0 as plain values: what auditDIDs, queryDID,
// reserve/assign/config/releaseDID, getDIDs and getDIDCount answer.
// Field order follows the WSDL sequences (docs/wire-contract.md §3);
// std::optional marks fields the real server may leave null (omitted on the
// wire). Fields only the production schema declares are marked [prod]; the
// writer drops them for the sandbox profile. No XML, no I/O.
#ifndef VI_MODEL_DID_RESPONSE_H_
#define VI_MODEL_DID_RESPONSE_H_

#include <optional>
#include <string>
#include <vector>

#include "model/date_time.h"

namespace vi::model {

// One number's answer inside DIDs.
struct Did {
  std::optional<std::string> tn;
  std::optional<std::string> availability;
  std::optional<std::string> rewrite;
  std::optional<std::string> status;
  std::optional<std::string> status_code;
  std::optional<std::string> tier;
  std::optional<std::string> ref_id;
  // [prod] fields, written between refId and endpointId.
  std::optional<std::string> failover;
  std::optional<std::string> forward;
  std::optional<std::string> cnam_name;
  std::optional<std::string> state;
  std::optional<std::string> rate_center;
  std::optional<std::string> did_group_id;
  std::optional<std::string> network;  // wire name "Network"
  int endpoint_id = 0;
  DateTime expire_date;  // nillable; undocumented meaning: clients must not rely on it
  bool has411 = false;
  bool has911 = false;
  bool cnam = false;
  bool cnam_storage_active = false;
  bool cnam_storage_availability = false;
  bool t38 = false;

  bool operator==(const Did&) const = default;
};

// One available number in a getDIDs answer.
struct DidLocator {
  std::optional<std::string> tn;
  std::optional<std::string> rate_center;
  std::optional<std::string> state;
  std::optional<std::string> tier;
  int lata_id = 0;
  bool outbound_cnam = false;
  bool t38 = false;
  std::optional<std::string> network;  // [prod] lower-case "network" (2016 capture)
  bool sms = false;                    // [prod]

  bool operator==(const DidLocator&) const = default;
};

// One group of available numbers in a getDIDCount answer.
struct DidCount {
  std::optional<std::string> did_count;  // a string on the wire
  std::optional<std::string> rate_center;
  std::optional<std::string> state;
  std::optional<std::string> tier;
  int lata_id = 0;
  bool cnam = false;
  bool t38 = false;
  bool sms = false;  // [prod]

  bool operator==(const DidCount&) const = default;
};

// [prod] DIDGroup.
struct DidGroup {
  std::optional<std::string> name;
  int id = 0;

  bool operator==(const DidGroup&) const = default;
};

// [prod] ConferenceLine.
struct ConferenceLine {
  bool enabled = false;
  std::optional<std::string> pin;

  bool operator==(const ConferenceLine&) const = default;
};

struct DidResponse {
  int response_code = 0;
  std::optional<std::string> response_message;
  // Arrays are always written, empty ones as empty elements.
  std::vector<Did> dids;
  std::vector<DidLocator> did_locators;
  std::vector<DidCount> did_counts;
  std::vector<DidGroup> did_groups;                                  // [prod]
  std::optional<ConferenceLine> conference_line = ConferenceLine{};  // [prod]

  bool operator==(const DidResponse&) const = default;
};

}  // namespace vi::model

#endif  // VI_MODEL_DID_RESPONSE_H_
