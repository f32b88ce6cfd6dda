// Check: a step's expectations applied to one HTTP answer.
//
// Contract:
//  - CheckAnswer returns one message per failed expectation (empty: the
//    step holds). It always checks the wire form of a SOAP answer unless
//    the step says "wire": false: the XML declaration as the very first
//    bytes, the Content-Type of the SOAP version, a `soap:`-prefixed
//    Envelope declaring soap/xsi/xsd, an unprefixed payload
//    `<op>Response xmlns="http://tempuri.org/"` holding `<op>Result`, every
//    payload element unprefixed in that namespace, the children of every
//    API type in the WSDL's order with the required ones present (arrays
//    included, empty or not) and nothing the profile's schema lacks, the
//    value kind of every typed field (int, bool, dateTime, nil), and a
//    fault only with HTTP 500. Then the step's own expectations (see
//    contracts/README.md): http, contentType, fault, equals, matches,
//    count, sortedBy, kinds, present, absent, order, shapeOf.
//  - Paths are relative to the `<op>Result` element (or, without one, to
//    the Body's first child); a leading `/` starts at the Envelope. A
//    segment is a local name, optionally with an index `[i]`; without an
//    index it matches every such child.
//  - Values in expectations may use `${name}` variables.
//  - ValueAt finds the text of a path's first match (for captures).
//  - Never throws; thread-safe (no shared state).
#ifndef VI_CONTRACTS_RUNNER_CHECK_H_
#define VI_CONTRACTS_RUNNER_CHECK_H_

#include <string>
#include <vector>

#include "base/result.h"
#include "contracts/runner/contract.h"
#include "contracts/runner/envelope.h"

namespace vi::contracts {

struct Answer {
  long status = 0;
  std::string content_type;
  std::string body;
};

struct CheckContext {
  std::string operation;  // "" for raw steps that name none
  bool soap12 = false;
  bool production = false;   // the schema of the service under test
  std::string fixtures_dir;  // where `shapeOf` fixtures live
  const Variables* vars = nullptr;
};

std::vector<std::string> CheckAnswer(const Json& expect, const Answer& a, const CheckContext& ctx);

Result<std::string, std::string> ValueAt(const std::string& body, const std::string& operation,
                                         const std::string& path);

}  // namespace vi::contracts

#endif  // VI_CONTRACTS_RUNNER_CHECK_H_
