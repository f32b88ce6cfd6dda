// LogLine: the request log's line for one request, as text or as one JSON
// object, built by appending into one buffer (it runs once per request on
// the worker). The bytes are those the log always wrote (README, "The
// request log"); tests/soap/log_line_test.cc holds them against the
// snprintf and nlohmann::json builder they replace.
//   text: <wall time>Z vt=<virtual time, whole seconds>Z METHOD PATH op=...
//         account=... result=... status=N N.NNNms [attempted-login=...]
//         [tns=a,b,...] [codes=...] [outcome=...] peer=... [note="..."]...
//   json: the same fields as one object, keys in alphabetical order.
// Fields that come from the request are cut and made printable (bytes
// outside printable ASCII become '?'); the secret is never a field.
#ifndef VI_MOCK_SERVER_SERVER_LOG_LINE_H_
#define VI_MOCK_SERVER_SERVER_LOG_LINE_H_

#include <string>
#include <vector>

#include "model/date_time.h"

namespace vi::server {

// One request-log line's fields (never the secret).
struct LogRecord {
  std::string method = "-";
  std::string path = "-";
  int status = 0;
  std::string operation = "-";
  std::string account = "-";  // the authenticated login
  std::string result = "-";
  double millis = 0;
  std::string peer;
  std::vector<std::string> notes;
  std::string attempted;  // the login sent when it did not authenticate
  std::vector<std::string> tns;
  std::vector<std::string> codes;  // per-number statusCodes
  std::string outcome;             // ok | partial | failed, for per-number operations
};

// The line (without its newline) for `r`, logged at wall-clock `wall` while
// the emulator's clock reads `virtual_now`.
std::string TextLogLine(const LogRecord& r, model::TimePoint wall, model::TimePoint virtual_now);
std::string JsonLogLine(const LogRecord& r, model::TimePoint wall, model::TimePoint virtual_now);

// Appends `s` cut to `max` bytes ("..." marks a cut), each byte outside
// printable ASCII as '?'.
void AppendPrintable(std::string& out, std::string_view s, std::size_t max = 120);

}  // namespace vi::server

#endif  // VI_MOCK_SERVER_SERVER_LOG_LINE_H_
