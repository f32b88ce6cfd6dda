// The HTML pages ASMX serves on GET: the operation list, and one page per
// operation (?op=name) with sample SOAP 1.1 and 1.2 requests.
#ifndef VI_MOCK_SERVER_SOAP_HELP_PAGES_H_
#define VI_MOCK_SERVER_SOAP_HELP_PAGES_H_

#include <string>
#include <string_view>

#include "mock-server/soap/operations.h"

namespace vi::soap {

std::string ServicePage(std::string_view service_path);
// The DISCO document ASMX answers to ?disco: the WSDL's address and both SOAP
// bindings at `service_url` (an absolute URL of the service path).
std::string DiscoDocument(std::string_view service_url);
std::string OperationPage(const OperationInfo& op, std::string_view service_path);

}  // namespace vi::soap

#endif  // VI_MOCK_SERVER_SOAP_HELP_PAGES_H_
