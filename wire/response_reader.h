// Reading SOAP responses, for clients: the mirror image of
// wire/response_writer.h, and lenient where it is strict. It accepts either
// profile's shape (the [prod] fields are read when present), any envelope
// and payload prefixes, children in any order, unknown elements (ignored),
// one-item and empty lists, omitted lists, xsi:nil dates and ints, and the
// dummy records the real service writes. What it refuses it refuses as a
// whole: a body that is not a well-formed SOAP envelope, or an envelope
// without the operation's <op>Response/<op>Result, is an error value and
// never a half-filled result. A SOAP fault (1.1 or 1.2) is read into its
// code and text. The XML input guard (wire/xml_guard.h) reads the bytes, so
// DOCTYPEs, entity tricks and absurd nesting are refused too.
// Never throws. Thread-safe (no shared state).
#ifndef VI_WIRE_RESPONSE_READER_H_
#define VI_WIRE_RESPONSE_READER_H_

#include <string>
#include <string_view>

#include "base/result.h"
#include "model/did_response.h"
#include "model/port_response.h"

namespace vi::wire {

struct ResponseError {
  enum class Kind {
    kMalformed,  // not a SOAP envelope, or no <op>Result, or a field that cannot be read
    kFault,      // a SOAP fault: fault_code and message hold its code and text
  };
  Kind kind = Kind::kMalformed;
  // kFault: the code as written ("soap:Client", "soap:Sender", ...);
  // SOAP 1.2 subcodes are not read.
  std::string fault_code;
  // kFault: the faultstring / Reason text. kMalformed: what is wrong, in
  // our words (never a copy of the body).
  std::string message;
};

// Reads the DIDResponse inside <operation>Response/<operation>Result.
// An int that is not a number (responseCode, endpointId, lataId, ID) or a
// bool that is not true/false/1/0 is kMalformed; a date that does not parse
// reads as nil (clients must not rely on expireDate).
Result<model::DidResponse, ResponseError> ReadDidResponse(std::string_view body, std::string_view operation);

// As ReadDidResponse, for PortResponse (isPortable, getPortDetails). A
// missing PortDetails element reads as nullopt.
Result<model::PortResponse, ResponseError> ReadPortResponse(std::string_view body,
                                                            std::string_view operation);

// Reads only a fault: the fault when `body` is a well-formed SOAP envelope
// whose Body holds a Fault; otherwise a kMalformed error (for any other
// envelope too, "not a SOAP fault").
struct Fault {
  std::string code;
  std::string text;
};
Result<Fault, ResponseError> ReadFault(std::string_view body);

}  // namespace vi::wire

#endif  // VI_WIRE_RESPONSE_READER_H_
