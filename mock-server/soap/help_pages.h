// The HTML pages ASMX serves on GET: the operation list, and one page per
// operation (?op=name) with sample SOAP 1.1 and 1.2 requests; for an
// operation the WSDL declares but the emulator does not serve, a page that
// says so (docs/behaviour.md §1.4).
#ifndef VI_MOCK_SERVER_SOAP_HELP_PAGES_H_
#define VI_MOCK_SERVER_SOAP_HELP_PAGES_H_

#include <string>
#include <string_view>

#include "mock-server/soap/operations.h"
#include "wire/response_writer.h"

namespace vi::soap {

// Every operation the WSDL of `profile` declares, sorted by name without
// regard to case (docs/behaviour.md §1.4).
std::string ServicePage(std::string_view service_path, wire::Profile profile);
// The DISCO document ASMX answers to ?disco: the WSDL's address and both SOAP
// bindings at `service_url` (an absolute URL of the service path).
std::string DiscoDocument(std::string_view service_url);
std::string OperationPage(const OperationInfo& op, std::string_view service_path);
// The ?op= page of a declared operation the emulator does not serve.
std::string NotEmulatedOperationPage(std::string_view name, std::string_view service_path);

}  // namespace vi::soap

#endif  // VI_MOCK_SERVER_SOAP_HELP_PAGES_H_
