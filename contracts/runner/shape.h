// Shape: the one structural comparison of two SOAP answers, used by a
// step's `shapeOf` (the answer against a recorded fixture) and by
// `vi-contracts --compare` (a recorded answer against a replayed one).
//
// Contract:
//  - Two documents have the same shape when, element by element from the
//    root: the namespace URI, local name and prefix agree; the namespace
//    declarations (prefix -> URI, in any order) agree; the children come in
//    the same order; `xsi:nil` agrees; and each leaf's value has the same
//    kind (ValueKind). Values themselves (tns, dates, ids, texts) are
//    volatile and ignored; the XML declaration is not compared (the wire
//    checks own it), nor whitespace between elements.
//  - Repeated siblings (an array's items) are one run: runs must agree in
//    order and name, an empty run (no item) differs from a non-empty one,
//    and every item of the actual run is compared with the expected run's
//    first item, so item counts are volatile too.
//  - Differences are values: each names the path where it is found
//    ("Envelope/Body/getDIDsResponse/getDIDsResult/DIDCounts") and what
//    differs. A document that does not parse is one difference.
//  - Pure functions, thread-safe; never throws.
#ifndef VI_CONTRACTS_RUNNER_SHAPE_H_
#define VI_CONTRACTS_RUNNER_SHAPE_H_

#include <string>
#include <string_view>
#include <vector>

namespace vi::contracts {

// The kind of a leaf's text: "empty" (no text), "int" (-?digits), "bool"
// (true/false), "dateTime" (yyyy-MM-ddTHH:mm:ss[.f+]), else "string".
// An element with xsi:nil="true" is "nil" (decided by the caller).
std::string ValueKind(std::string_view text);

// Where `actual` differs in shape from `expected` (empty: the same shape).
std::vector<std::string> CompareShape(std::string_view actual, std::string_view expected);

}  // namespace vi::contracts

#endif  // VI_CONTRACTS_RUNNER_SHAPE_H_
