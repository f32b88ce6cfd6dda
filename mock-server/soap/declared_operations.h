// The operations each profile's WSDL declares (docs/behaviour.md §1.4), in
// the order of the vendor's WSDL of that profile (its portType and both
// bindings): the ten the emulator serves (operations.h) and the vendor's
// others, which are answered with a fault. mock-server/soap/wsdl/ holds the
// WSDLs; check_wsdl.py pins the same lists against them.
#ifndef VI_MOCK_SERVER_SOAP_DECLARED_OPERATIONS_H_
#define VI_MOCK_SERVER_SOAP_DECLARED_OPERATIONS_H_

#include <array>
#include <span>
#include <string_view>

#include "wire/response_writer.h"

namespace vi::soap {

inline constexpr std::array<std::string_view, 30> kSandboxDeclaredOperations{
    "addLocation",       "assignDID",         "audit911",      "auditDIDs",      "configDID",
    "getDIDCount",       "getDIDs",           "getLocations",  "getPortDetails", "getProvisioningHistory",
    "insert911",         "provisionLocation", "query911",      "queryDID",       "releaseDID",
    "remove911",         "removeLocation",    "reserveDID",    "update911",      "validate911",
    "isPortable",        "GetCountries",      "AssignIntlDID", "ReleaseIntlDID", "GetCNAMDisplay",
    "UpdateCNAMDisplay", "RemoveCNAM",        "SetFaxToEmail", "GetFaxToEmail",  "RemoveFaxToEmail"};

inline constexpr std::array<std::string_view, 48> kProductionDeclaredOperations{"addLocation",
                                                                                "assignDID",
                                                                                "audit911",
                                                                                "auditDIDs",
                                                                                "AuditDIDGroup",
                                                                                "configDID",
                                                                                "getDIDCount",
                                                                                "getDIDs",
                                                                                "getLocations",
                                                                                "getPortDetails",
                                                                                "getProvisioningHistory",
                                                                                "insert911",
                                                                                "provisionLocation",
                                                                                "query911",
                                                                                "queryDID",
                                                                                "releaseDID",
                                                                                "remove911",
                                                                                "removeLocation",
                                                                                "reserveDID",
                                                                                "update911",
                                                                                "validate911",
                                                                                "isPortable",
                                                                                "GetCountries",
                                                                                "AssignIntlDID",
                                                                                "ReleaseIntlDID",
                                                                                "AuditIntlDIDs",
                                                                                "GetCNAMDisplay",
                                                                                "UpdateCNAMDisplay",
                                                                                "RemoveCNAM",
                                                                                "SetFaxToEmail",
                                                                                "GetFaxToEmail",
                                                                                "RemoveFaxToEmail",
                                                                                "Add911Alert",
                                                                                "Remove911Alert",
                                                                                "Query911Alert",
                                                                                "UpdateDIDFailover",
                                                                                "GetDIDFailover",
                                                                                "GetDIDForward",
                                                                                "SetDIDForward",
                                                                                "RemoveDIDForward",
                                                                                "GetDIDGroup",
                                                                                "SetDIDGroup",
                                                                                "RemoveDIDGroup",
                                                                                "GetDIDGroups",
                                                                                "SetConferenceLine",
                                                                                "GetConferenceLine",
                                                                                "RemoveConferenceLine",
                                                                                "GetPrepaidBalance"};

// The operations the WSDL of `profile` declares, in its order.
inline std::span<const std::string_view> DeclaredOperations(wire::Profile profile) {
  if (profile == wire::Profile::kProduction) return kProductionDeclaredOperations;
  return kSandboxDeclaredOperations;
}

inline bool IsDeclaredOperation(wire::Profile profile, std::string_view name) {
  for (std::string_view declared : DeclaredOperations(profile)) {
    if (declared == name) return true;
  }
  return false;
}

}  // namespace vi::soap

#endif  // VI_MOCK_SERVER_SOAP_DECLARED_OPERATIONS_H_
