// Writing SOAP responses and faults byte for byte the way the real ASMX
// service writes them (XmlSerializer on an XmlTextWriter): the XML
// declaration first, no indentation, `<x />` for empty elements,
// `<x xsi:nil="true" />` for nillable nulls, the payload unprefixed in
// http://tempuri.org/. Elements and their order follow the profile's WSDL
// (docs/wire-contract.md §3 and §4). Text escaping: wire/xml_text.h.
// A plain string builder, no DOM: this is the server's hot path.
#ifndef VI_WIRE_RESPONSE_WRITER_H_
#define VI_WIRE_RESPONSE_WRITER_H_

#include <string>
#include <string_view>

#include "model/did_response.h"
#include "model/port_response.h"
#include "wire/soap_version.h"

namespace vi::wire {

// Which schema the response must fit (docs/behaviour.md §1).
//   kSandbox: the 2014 sandbox WSDL; fields marked [prod] in the model are
//             never written, whatever their value.
//   kProduction: the production WSDL; DID's extra strings (failover ...
//             Network) when set, DIDGroups always, ConferenceLine when set,
//             DIDLocator's network when set and sms, DIDCount's sms.
enum class Profile { kSandbox, kProduction };

// Returns the full HTTP body of `<operation>Response` holding
// `<operation>Result` of type DIDResponse, in SOAP version `v`.
// Null strings are omitted, empty ones written `<x />`; ints and bools are
// always written; a null expireDate is `<expireDate xsi:nil="true" />`;
// every array is written, an empty one as `<DIDs />`.
// REQUIRES: `operation` is an XML NCName (one of the API's operation names);
// it is written as is.
// Never fails. Thread-safe (no shared state).
std::string WriteDidResponse(std::string_view operation, const model::DidResponse& r, Profile p,
                             SoapVersion v);

// As WriteDidResponse, for PortResponse (isPortable, getPortDetails):
// PortDetails when set (dids only when set, an empty list as `<dids />`;
// null dates and defaultEndpointGroup as xsi:nil), then IsPortable. Both
// schemas declare the same PortResponse, so `p` changes nothing today.
std::string WritePortResponse(std::string_view operation, const model::PortResponse& r, Profile p,
                              SoapVersion v);

// The Upgrade header entry as ASMX's XmlTextWriter writes the XmlElement
// that SoapServerProtocol.CreateUpgradeHeader builds: soap12:Upgrade, then
// one soap12:SupportedEnvelope per enabled version, each with its qname
// attribute before its own xmlns declaration.
inline constexpr std::string_view kUpgradeHeader =
    R"(<soap12:Upgrade xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">)"
    R"(<soap12:SupportedEnvelope qname="soap:Envelope" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" />)"
    R"(<soap12:SupportedEnvelope qname="soap12:Envelope" xmlns:soap12="http://www.w3.org/2003/05/soap-envelope" />)"
    R"(</soap12:Upgrade>)";

// SOAP fault codes in SOAP 1.1 terms; in SOAP 1.2 kClient is written
// soap:Sender and kServer soap:Receiver.
enum class FaultCode { kClient, kServer, kVersionMismatch, kMustUnderstand };

// Returns the full HTTP body of a fault as ASMX writes it, `message` escaped
// as text (wire/xml_text.h):
//   1.1: <soap:Fault><faultcode>soap:Client</faultcode>
//        <faultstring>MESSAGE</faultstring><detail /></soap:Fault>
//   1.2: <soap:Fault><soap:Code><soap:Value>soap:Sender</soap:Value></soap:Code>
//        <soap:Reason><soap:Text xml:lang="en">MESSAGE</soap:Text></soap:Reason>
//        <soap:Detail /></soap:Fault>
// kVersionMismatch carries the SOAP 1.2 Upgrade header listing both
// envelopes, kUpgradeHeader, in <soap:Header> before the Body: ASMX adds it
// to every VersionMismatch fault when SOAP 1.2 is enabled
// (SoapServerProtocol.WriteException and CreateUpgradeHeader).
// kMustUnderstand omits the detail element: ASMX raises that fault as a
// SoapHeaderException and writes detail only for faults about the body
// (Soap11/Soap12ServerProtocolHelper.WriteFault in the .NET 4 reference
// source). Never fails. Thread-safe.
std::string WriteFault(FaultCode code, std::string_view message, SoapVersion v);

}  // namespace vi::wire

#endif  // VI_WIRE_RESPONSE_WRITER_H_
