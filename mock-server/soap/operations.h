// The operation names of API 3.0: the ten the emulator serves, and the
// vendor's others, which are answered with a fault that names the ten.
#ifndef VI_MOCK_SERVER_SOAP_OPERATIONS_H_
#define VI_MOCK_SERVER_SOAP_OPERATIONS_H_

#include <array>
#include <string_view>

namespace vi::soap {

enum class Operation {
  kAuditDids,
  kQueryDid,
  kAssignDid,
  kGetDids,
  kConfigDid,
  kReleaseDid,
  kReserveDid,
  kIsPortable,
  kGetDidCount,
  kGetPortDetails,
};

struct OperationInfo {
  Operation op;
  std::string_view name;     // wire name, e.g. "queryDID"
  std::string_view summary;  // for the help pages
};

// In the order the vendor's page lists them.
inline constexpr std::array<OperationInfo, 10> kOperations{{
    {Operation::kAuditDids, "auditDIDs", "Returns every DID the account holds."},
    {Operation::kQueryDid, "queryDID", "Returns key information about one DID."},
    {Operation::kAssignDid, "assignDID", "Assigns available or reserved DIDs to an endpoint group."},
    {Operation::kGetDids, "getDIDs", "Searches the inventory of available DIDs."},
    {Operation::kConfigDid, "configDID", "Reconfigures the endpoint group and CNAM of assigned DIDs."},
    {Operation::kReleaseDid, "releaseDID", "Releases DIDs from the account."},
    {Operation::kReserveDid, "reserveDID", "Reserves available DIDs for 30 minutes."},
    {Operation::kIsPortable, "isPortable", "Tells whether a telephone number is portable."},
    {Operation::kGetDidCount, "getDIDCount", "Counts available DIDs per rate center and tier."},
    {Operation::kGetPortDetails, "getPortDetails", "Returns the details of a port order."},
}};

// The vendor's operations this emulator does not serve (sandbox and
// production WSDLs).
inline constexpr std::array<std::string_view, 38> kOtherVendorOperations{"Add911Alert",
                                                                         "AssignIntlDID",
                                                                         "AuditDIDGroup",
                                                                         "AuditIntlDIDs",
                                                                         "GetCNAMDisplay",
                                                                         "GetConferenceLine",
                                                                         "GetCountries",
                                                                         "GetDIDFailover",
                                                                         "GetDIDForward",
                                                                         "GetDIDGroup",
                                                                         "GetDIDGroups",
                                                                         "GetFaxToEmail",
                                                                         "GetPrepaidBalance",
                                                                         "Query911Alert",
                                                                         "ReleaseIntlDID",
                                                                         "Remove911Alert",
                                                                         "RemoveCNAM",
                                                                         "RemoveConferenceLine",
                                                                         "RemoveDIDForward",
                                                                         "RemoveDIDGroup",
                                                                         "RemoveFaxToEmail",
                                                                         "SetConferenceLine",
                                                                         "SetDIDForward",
                                                                         "SetDIDGroup",
                                                                         "SetFaxToEmail",
                                                                         "UpdateCNAMDisplay",
                                                                         "UpdateDIDFailover",
                                                                         "addLocation",
                                                                         "audit911",
                                                                         "getLocations",
                                                                         "getProvisioningHistory",
                                                                         "insert911",
                                                                         "provisionLocation",
                                                                         "query911",
                                                                         "remove911",
                                                                         "removeLocation",
                                                                         "update911",
                                                                         "validate911"};

inline const OperationInfo* FindOperation(std::string_view name) {
  for (const OperationInfo& info : kOperations) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

inline bool IsOtherVendorOperation(std::string_view name) {
  for (std::string_view o : kOtherVendorOperations) {
    if (o == name) return true;
  }
  return false;
}

}  // namespace vi::soap

#endif  // VI_MOCK_SERVER_SOAP_OPERATIONS_H_
