// SOAP versions and the namespaces that name them.
#ifndef VI_WIRE_SOAP_VERSION_H_
#define VI_WIRE_SOAP_VERSION_H_

#include <string_view>

namespace vi::wire {

enum class SoapVersion { k11, k12 };

inline constexpr std::string_view kSoap11EnvelopeNs = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view kSoap12EnvelopeNs = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr std::string_view kTargetNs = "http://tempuri.org/";
inline constexpr std::string_view kXsiNs = "http://www.w3.org/2001/XMLSchema-instance";

}  // namespace vi::wire

#endif  // VI_WIRE_SOAP_VERSION_H_
