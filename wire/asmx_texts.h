// The fault texts ASMX (System.Web.Services with XmlSerializer) writes, spelled
// once for the reader and the SOAP service. Each is .NET's wording (see
// fixtures/soap/README.md, "Faults"); texts that are ours, not .NET's, stay
// with the code that decides them.
// Tests that pin the wire bytes keep their own literal copies on purpose.
#ifndef VI_WIRE_ASMX_TEXTS_H_
#define VI_WIRE_ASMX_TEXTS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "wire/soap_version.h"

namespace vi::wire::asmx {

// The faultstring of a request the handler failed on, and the prefix ASMX
// puts before the inner exception's message.
inline constexpr std::string_view kUnableToProcess = "Server was unable to process request.";
inline constexpr std::string_view kUnableToProcessPrefix = "Server was unable to process request. ---> ";
// The prefix ASMX puts before a reader's (XmlSerializer's) complaint.
inline constexpr std::string_view kUnableToRead = "Server was unable to read request. ---> ";
// A SOAPAction that names no operation; the action and "." follow.
inline constexpr std::string_view kUnknownSoapAction =
    "Server did not recognize the value of HTTP Header SOAPAction: ";
// A request routed by the SOAP 1.2 rules (no SOAPAction header, or
// application/soap+xml) whose action and Body element both name no method,
// and no action was sent; also the emulator's --strict-soapaction fault.
inline constexpr std::string_view kNoSoapAction =
    "Unable to handle request without a valid action parameter. Please supply a valid soap action.";
// The same, when an action was sent ("Unable to handle request. The action
// 'X' was not recognized.").
inline std::string ActionNotRecognized(std::string_view action) {
  return "Unable to handle request. The action '" + std::string(action) + "' was not recognized.";
}
// An Envelope without a Body, and a root in a SOAP namespace that is not an
// Envelope (WebMissingBodyElement, WebMissingEnvelopeElement).
inline constexpr std::string_view kMissingBody =
    "Request format is invalid: Missing required soap:Body element.";
inline constexpr std::string_view kMissingEnvelope =
    "Request format is invalid: Missing required soap:Envelope element.";
// XmlConvert.ToInt32's complaints.
inline constexpr std::string_view kNotAnInt32 = "Input string was not in a correct format.";
inline constexpr std::string_view kInt32Range = "Value was either too large or too small for an Int32.";
// XmlReader.ReadElementString on an element whose content holds an element
// (Res.Xml_UnexpectedNodeInSimpleContent).
inline constexpr std::string_view kNotSimpleContent =
    "Unexpected node type Element. ReadElementString method can only be called on elements with simple or "
    "empty content.";

// XmlSerializer's wrapper around an XmlException:
// "There is an error in XML document (line, column). ---> reason".
inline std::string XmlDocumentError(std::size_t line, std::size_t column, std::string_view reason) {
  return "There is an error in XML document (" + std::to_string(line) + ", " + std::to_string(column) +
         "). ---> " + std::string(reason);
}

// The VersionMismatch faultstring for an Envelope in namespace `ns`.
inline std::string VersionMismatch(std::string_view ns) {
  return "Possible SOAP version mismatch: Envelope namespace " + std::string(ns) +
         " was unexpected. Expecting " + std::string(kSoap11EnvelopeNs) + ".";
}

}  // namespace vi::wire::asmx

#endif  // VI_WIRE_ASMX_TEXTS_H_
