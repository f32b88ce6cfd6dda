// The WSDL documents this project wrote (mock-server/soap/wsdl/), compiled
// in. Each holds the placeholder @SERVICE_URL@ where the address goes.
#ifndef VI_MOCK_SERVER_SOAP_WSDL_DOCUMENTS_H_
#define VI_MOCK_SERVER_SOAP_WSDL_DOCUMENTS_H_

#include <string_view>

namespace vi::soap::wsdl {

std::string_view SandboxWsdl();
std::string_view ProductionWsdl();

inline constexpr std::string_view kAddressPlaceholder = "@SERVICE_URL@";

}  // namespace vi::soap::wsdl

#endif  // VI_MOCK_SERVER_SOAP_WSDL_DOCUMENTS_H_
