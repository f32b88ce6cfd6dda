// XmlEquivalent: compares two XML documents as a namespace-aware reader sees
// them, so a writer's compact output can be checked against a pretty-printed
// fixture. The fixtures, written by hand from recorded responses
// (docs/fixtures.md), are the oracle; never our own output.
#ifndef VI_TESTS_TESTING_XML_EQUIVALENT_H_
#define VI_TESTS_TESTING_XML_EQUIVALENT_H_

#include <string>
#include <string_view>

namespace vi::testing {

// Returns true when `a` and `b` parse and hold the same element tree:
//   - compared: element namespace URIs and local names, element order, text
//     content (exactly, after XML's own end-of-line normalisation and entity
//     decoding), and attributes by namespace URI, local name and value
//     (so xsi:nil="true" counts, whatever prefix names xsi);
//   - ignored: namespace prefixes and where namespaces are declared,
//     attribute order, whitespace-only text anywhere (indentation; note that
//     this also makes `<x> </x>` equal to `<x />`), `<x></x>` vs `<x />`, the
//     XML declaration, comments and processing instructions;
//   - text inside elements is compared literally, including QName-valued
//     text such as faultcode `soap:Client` (its prefix is not resolved).
// On false, and when `diff` is not null, sets *diff to a one-line
// description of the first difference with its path, e.g.
//   /soap:Envelope/soap:Body/queryDIDResponse/queryDIDResult/DIDs/DID[2]/tn:
//   text differs: "4352154006" vs "4352154007"
// (path names as written in `a`; [n] counts same-named siblings from 1).
// A document that does not parse, or uses an unbound prefix, is never
// equivalent to anything. Thread-safe.
bool XmlEquivalent(std::string_view a, std::string_view b, std::string* diff);

}  // namespace vi::testing

#endif  // VI_TESTS_TESTING_XML_EQUIVALENT_H_
