// BreakingProxy: a test-only HTTP proxy in front of the emulator that
// breaks its answers one way at a time, to prove that the contract suite
// notices (tests/contracts/sensitivity_test.cc). Every request is forwarded
// to the emulator as it is (method, path, Content-Type, SOAPAction, body);
// the answer comes back with its status, Content-Type and body, changed by
// the chosen Breakage. Listens on 127.0.0.1 and a kernel-chosen port;
// stopped on destruction. Thread-safe (one upstream client per request).
#ifndef VI_TESTS_CONTRACTS_BREAKING_PROXY_H_
#define VI_TESTS_CONTRACTS_BREAKING_PROXY_H_

#include <httplib.h>

#include <string>
#include <thread>

namespace vi::testing {

enum class Breakage {
  kNone,                    // forward faithfully
  kElementOrder,            // responseMessage written before responseCode
  kStatusText,              // release's "Number currently available" with a capital A
  kMissingEmptyArray,       // the empty <DIDCounts /> left out
  kUnsortedLocators,        // getDIDs locators in reverse tn order
  kSixtyMinuteReservation,  // the clock moves half as far: a reservation outlives 30:00
  kReleaseAlwaysSucceeds,   // every releaseDID DID answers 100 "Released"
  kFaultWith200,            // SOAP faults sent with HTTP 200
  kPrefixedPayload,         // the payload written as <tns:…> with xmlns:tns
  kLeadingWhitespace,       // a newline before the XML declaration
  kWrongValueKind,          // has411 written as 0 instead of false
  kHideControlApi,          // /_admin answers 404: the target looks live
};

const char* BreakageName(Breakage b);

// Applies `b` to one answer of `operation` ("" when unknown): the body and
// status as they go back to the client. Exposed for its own test.
void Break(Breakage b, const std::string& operation, int& status, std::string& body);

class BreakingProxy {
 public:
  BreakingProxy(int upstream_port, Breakage breakage);
  ~BreakingProxy();
  BreakingProxy(const BreakingProxy&) = delete;
  BreakingProxy& operator=(const BreakingProxy&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int upstream_port_;
  Breakage breakage_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace vi::testing

#endif  // VI_TESTS_CONTRACTS_BREAKING_PROXY_H_
