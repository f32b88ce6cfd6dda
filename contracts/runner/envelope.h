// Envelope: the request a contract step describes, as SOAP text with
// `${name}` placeholders still in it, and the placeholder substitution.
//
// Contract:
//  - BuildEnvelope writes the operation element in http://tempuri.org/ (a
//    default namespace, as WSDL-driven clients send it) holding `login` and
//    `secret` first (unless `credentials` is false) and then the step's
//    parameters in the order the JSON gives them: a string is an element
//    with that text (escaped), null an element with xsi:nil="true", an array
//    of objects a list of `DIDParam` items. SOAP 1.1 (`soap:`) or 1.2
//    (`soap12:`). Credentials are the placeholders `${<loginVar>}` and
//    `${<secretVar>}`, so the unsubstituted text can be recorded safely.
//  - Substitute replaces every `${name}` by its value (XML-escaped when
//    `xml` is true); an undefined name is an error naming it.
//  - Pure functions, thread-safe; never throws.
#ifndef VI_CONTRACTS_RUNNER_ENVELOPE_H_
#define VI_CONTRACTS_RUNNER_ENVELOPE_H_

#include <map>
#include <string>
#include <string_view>

#include "base/result.h"
#include "contracts/runner/contract.h"

namespace vi::contracts {

using Variables = std::map<std::string, std::string>;

struct EnvelopeError {
  std::string message;
};

Result<std::string, EnvelopeError> BuildEnvelope(std::string_view operation, const Json& params, bool soap12,
                                                 bool credentials, std::string_view login_var,
                                                 std::string_view secret_var);

// The headers a SOAP 1.1 (Content-Type text/xml + SOAPAction) or 1.2
// (application/soap+xml with the action parameter) request carries.
std::vector<std::string> SoapHeaders(std::string_view operation, bool soap12);

Result<std::string, EnvelopeError> Substitute(std::string_view text, const Variables& vars, bool xml);

}  // namespace vi::contracts

#endif  // VI_CONTRACTS_RUNNER_ENVELOPE_H_
