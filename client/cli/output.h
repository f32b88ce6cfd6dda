// What vi-client prints: a result as a readable table or as one JSON
// document whose keys are the wire names (responseCode, DIDs, tn,
// statusCode, ...), lists as arrays, values as the wire writes them
// (statusCode and didCount stay strings, null strings are left out, a nil
// date is null). And the verdict on a result: whether the service said
// yes to everything (exit 0) or not (exit 1, with a message).
#ifndef VI_CLIENT_CLI_OUTPUT_H_
#define VI_CLIENT_CLI_OUTPUT_H_

#include <optional>
#include <string>

#include "model/did_response.h"
#include "model/port_response.h"

namespace vi::cli {

std::string DidResponseJson(const model::DidResponse& r);
std::string PortResponseJson(const model::PortResponse& r);
std::string DidResponseTable(const model::DidResponse& r);
std::string PortResponseTable(const model::PortResponse& r);

// nullopt when responseCode is 100 and every number's statusCode is 100;
// otherwise a one-line message naming the first code that is not, and its
// text. The dummy record (a DID without a tn, which auditDIDs writes when
// the account holds nothing) is no number and is not checked.
std::optional<std::string> ApiProblem(const model::DidResponse& r);
std::optional<std::string> ApiProblem(const model::PortResponse& r);

}  // namespace vi::cli

#endif  // VI_CLIENT_CLI_OUTPUT_H_
