// Wire names of the response side of API 3.0, spelled exactly as the
// project's WSDLs (mock-server/soap/wsdl/{sandbox,production}.wsdl) spell
// them; the order of the element constants below follows the WSDL
// sequences (docs/wire-contract.md §3). The envelope and target
// namespaces live in wire/soap_version.h. No other file spells these.
#ifndef VI_WIRE_SCHEMA_H_
#define VI_WIRE_SCHEMA_H_

#include <string_view>

namespace vi::wire::schema {

// Namespaces declared on every envelope besides the SOAP one.
inline constexpr std::string_view kXsdNs = "http://www.w3.org/2001/XMLSchema";
// The namespace of the reserved xml: prefix (xml:lang on SOAP 1.2 faults).
inline constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

// The wrapper elements: <op>Response holding <op>Result.
inline constexpr std::string_view kResponseSuffix = "Response";
inline constexpr std::string_view kResultSuffix = "Result";

// DIDResponse (production adds DIDGroups and ConferenceLine).
inline constexpr std::string_view kResponseCode = "responseCode";
inline constexpr std::string_view kResponseMessage = "responseMessage";
inline constexpr std::string_view kDids = "DIDs";
inline constexpr std::string_view kDidLocators = "DIDLocators";
inline constexpr std::string_view kDidCounts = "DIDCounts";
inline constexpr std::string_view kDidGroups = "DIDGroups";            // [prod]
inline constexpr std::string_view kConferenceLine = "ConferenceLine";  // [prod]

// DID (item of DIDs).
inline constexpr std::string_view kDid = "DID";
inline constexpr std::string_view kTn = "tn";
inline constexpr std::string_view kAvailability = "availability";
inline constexpr std::string_view kRewrite = "rewrite";
inline constexpr std::string_view kStatus = "status";
inline constexpr std::string_view kStatusCode = "statusCode";
inline constexpr std::string_view kTier = "tier";
inline constexpr std::string_view kRefId = "refId";
inline constexpr std::string_view kFailover = "failover";      // [prod]
inline constexpr std::string_view kForward = "forward";        // [prod]
inline constexpr std::string_view kCnamName = "cnamName";      // [prod]
inline constexpr std::string_view kState = "state";            // [prod] in DID
inline constexpr std::string_view kRateCenter = "rateCenter";  // [prod] in DID
inline constexpr std::string_view kDidGroupId = "didGroupId";  // [prod]
inline constexpr std::string_view kDidNetwork = "Network";     // [prod] capital N
inline constexpr std::string_view kEndpointId = "endpointId";
inline constexpr std::string_view kExpireDate = "expireDate";
inline constexpr std::string_view kHas411 = "has411";
inline constexpr std::string_view kHas911 = "has911";
inline constexpr std::string_view kCnam = "cnam";
inline constexpr std::string_view kCnamStorageActive = "cnamStorageActive";
inline constexpr std::string_view kCnamStorageAvailability = "cnamStorageAvailability";
inline constexpr std::string_view kT38 = "t38";

// DIDLocator (item of DIDLocators): tn, rateCenter, state, tier, then these.
inline constexpr std::string_view kDidLocator = "DIDLocator";
inline constexpr std::string_view kLataId = "lataId";
inline constexpr std::string_view kOutboundCnam = "outboundCNAM";
inline constexpr std::string_view kLocatorNetwork = "network";  // [prod] lower-case n
inline constexpr std::string_view kSms = "sms";                 // [prod]

// DIDCount (item of DIDCounts): didCount, rateCenter, state, tier, lataId,
// cnam, t38, [prod] sms.
inline constexpr std::string_view kDidCount = "DIDCount";
inline constexpr std::string_view kDidCountValue = "didCount";

// [prod] DIDGroup (item of DIDGroups) and ConferenceLine.
inline constexpr std::string_view kDidGroup = "DIDGroup";
inline constexpr std::string_view kGroupName = "Name";
inline constexpr std::string_view kGroupId = "ID";
inline constexpr std::string_view kEnabled = "Enabled";
inline constexpr std::string_view kPin = "PIN";

// PortResponse: responseCode, responseMessage, then these.
inline constexpr std::string_view kPortDetails = "PortDetails";
inline constexpr std::string_view kIsPortable = "IsPortable";

// PortDetail.
inline constexpr std::string_view kId = "id";
inline constexpr std::string_view kEndUser = "endUser";
inline constexpr std::string_view kBillingTn = "billingTN";
inline constexpr std::string_view kPortingFrom = "portingFrom";
inline constexpr std::string_view kSalesRep = "salesRep";
inline constexpr std::string_view kSubmittedDate = "submittedDate";
inline constexpr std::string_view kFocDate = "focDate";
inline constexpr std::string_view kRequestedFocDate = "requestedFocDate";
inline constexpr std::string_view kPortDids = "dids";
inline constexpr std::string_view kDefaultEndpointGroup = "defaultEndpointGroup";

// PortDID (item of dids): tn, tier, rateCenter, state, lata, endpointGroup,
// cnam, e911.
inline constexpr std::string_view kPortDid = "PortDID";
inline constexpr std::string_view kLata = "lata";
inline constexpr std::string_view kEndpointGroup = "endpointGroup";
inline constexpr std::string_view kE911 = "e911";

}  // namespace vi::wire::schema

#endif  // VI_WIRE_SCHEMA_H_
