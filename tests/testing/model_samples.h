// Model values for the wire tests, built once: a response with every field
// set (production ones included) and text that needs escaping. Suites that
// need variants copy one and change what they test.
#ifndef VI_TESTS_TESTING_MODEL_SAMPLES_H_
#define VI_TESTS_TESTING_MODEL_SAMPLES_H_

#include "model/date_time.h"
#include "model/did_response.h"
#include "model/port_response.h"

namespace vi::testing {

// A UTC instant from its calendar fields.
model::TimePoint At(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms = 0);

// Two identical DIDs (expireDate nil, refId with CR, LF, TAB, a control
// character and invalid UTF-8, status with < > &), one DIDLocator, one
// DIDCount, one DIDGroup and a ConferenceLine; code 100 "Success".
model::DidResponse FullDidResponse();

// Port 1 with every PortDetail field (FOC date nil, requested FOC date the
// sentinel, end user "A & B") and one PortDid; isPortable true.
model::PortResponse FullPortResponse();

}  // namespace vi::testing

#endif  // VI_TESTS_TESTING_MODEL_SAMPLES_H_
