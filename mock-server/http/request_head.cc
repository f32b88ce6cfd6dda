#include "mock-server/http/request_head.h"

#include <httplib.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>

#include "mock-server/http/framing.h"

namespace vi::http {
namespace {

// Whether `target` is `path` or lies under it (a '/' or '?' follows).
bool UnderPath(std::string_view target, std::string_view path) {
  if (path.empty() || !target.starts_with(path)) return false;
  return target.size() == path.size() || target[path.size()] == '/' || target[path.size()] == '?';
}

Unexpected<HeadRejection> Reject(int status, std::string reason) {
  return MakeUnexpected(HeadRejection{status, std::move(reason)});
}

// RFC 9110 5.6.2 token characters.
// RFC 9110 §5.6.2 tchar, as a table (every field name of every request
// is checked against it).
constexpr std::array<bool, 256> kTchar = [] {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

bool IsTchar(unsigned char c) { return kTchar[c]; }

bool IsToken(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return IsTchar(static_cast<unsigned char>(c)); });
}

// HTAB, SP, VCHAR and obs-text: everything but control characters.
bool IsFieldValueChar(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// httplib 0.11.4 percent-decodes every header value after reading it
// (CVE-2026-45372), so "%0D%0A" would turn into a real line break inside the
// handler's view. Decode with the very function httplib uses and refuse
// control characters in the result.
bool DecodesToControl(std::string_view value) {
  if (value.find('%') == std::string_view::npos) return false;
  const std::string decoded = httplib::detail::decode_url(std::string(value), false);
  return std::any_of(decoded.begin(), decoded.end(),
                     [](char c) { return IsControl(static_cast<unsigned char>(c)); });
}

// The methods cpp-httplib 0.11.4 parses (case-sensitive). It answers any
// other with its own 400 and keeps the connection open; the server refuses
// them itself, and closes, like every other rejection.
bool IsKnownMethod(std::string_view m) {
  constexpr std::string_view kKnown[] = {"GET",     "HEAD",    "POST",  "PUT",   "DELETE",
                                         "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"};
  return std::find(std::begin(kKnown), std::end(kKnown), m) != std::end(kKnown);
}

bool IsHttpVersionSyntax(std::string_view v) {
  return v.size() == 8 && v.substr(0, 5) == "HTTP/" && v[5] >= '0' && v[5] <= '9' && v[6] == '.' &&
         v[7] >= '0' && v[7] <= '9';
}

// The next line of `rest` without its CRLF, removed from `rest`; nullopt when
// `rest` holds no LF (an unterminated head). 400 for a line ended by a bare
// LF.
Result<std::optional<std::string_view>, HeadRejection> TakeLine(std::string_view& rest) {
  const std::size_t lf = rest.find('\n');
  if (lf == std::string_view::npos) return std::optional<std::string_view>();
  if (lf == 0 || rest[lf - 1] != '\r') return Reject(400, "line not terminated by CRLF");
  const std::string_view line = rest.substr(0, lf - 1);
  rest.remove_prefix(lf + 1);
  return std::optional<std::string_view>(line);
}

// Parses the header lines at the start of `rest` up to and including the
// empty line, collecting framing fields; on success `rest` holds what
// followed the empty line. Rejects as ParseRequestHead describes.
std::optional<HeadRejection> ParseHeaderSection(std::string_view& rest, const HeadLimits& limits,
                                                FramingFields& framing,
                                                std::vector<std::string>& empty_fields,
                                                std::vector<HeaderField>& fields) {
  for (std::size_t header_count = 0;;) {
    Result<std::optional<std::string_view>, HeadRejection> line = TakeLine(rest);
    if (!line) return line.error();
    if (!*line) return HeadRejection{400, "malformed request head"};
    if ((*line)->empty()) return std::nullopt;
    if ((*line)->size() > limits.max_line_bytes) return HeadRejection{431, "header field too long"};
    if (++header_count > limits.max_header_count) return HeadRejection{431, "too many header fields"};
    const Result<HeaderField, HeadRejection> field = ParseHeaderField(**line);
    if (!field) return field.error();
    if (std::optional<HeadRejection> bad = AddFramingField(*field, framing)) return bad;
    if (field->value.empty()) empty_fields.emplace_back(field->name);
    fields.push_back(*field);
  }
}

}  // namespace

std::size_t FindRequestHeadEnd(std::string_view buffered, std::size_t from) {
  // The end is decided by the two bytes before each LF, so any start is safe.
  std::size_t i = from;
  while ((i = buffered.find('\n', i)) != std::string_view::npos) {
    if (i == 0 || buffered[i - 1] != '\r') return i + 1;  // bare LF
    if (i == 1 || buffered[i - 2] == '\n') return i + 1;  // empty line
    ++i;
  }
  return kHeadIncomplete;
}

Result<RequestLine, HeadRejection> ParseRequestLine(std::string_view line, std::size_t max_line_bytes) {
  if (line.size() > max_line_bytes) return Reject(414, "request line too long");
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? std::string_view::npos : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return Reject(400, "malformed request line");
  }
  const RequestLine out{line.substr(0, sp1), line.substr(sp1 + 1, sp2 - sp1 - 1), line.substr(sp2 + 1)};
  const bool target_ok = !out.target.empty() && std::all_of(out.target.begin(), out.target.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u != 0x7f;
  });
  if (!IsToken(out.method) || !target_ok || !IsHttpVersionSyntax(out.version)) {
    return Reject(400, "malformed request line");
  }
  if (out.version != "HTTP/1.1" && out.version != "HTTP/1.0") {
    return Reject(505, "HTTP version not supported");
  }
  return out;
}

Result<HeaderField, HeadRejection> ParseHeaderField(std::string_view line) {
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    return Reject(400, "obsolete header line folding");
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
    return Reject(400, "malformed header field");
  }
  const HeaderField field{line.substr(0, colon), TrimOws(line.substr(colon + 1))};
  if (!std::all_of(field.value.begin(), field.value.end(),
                   [](char c) { return IsFieldValueChar(static_cast<unsigned char>(c)); })) {
    return Reject(400, "control character in header field");
  }
  if (DecodesToControl(field.value)) return Reject(400, "encoded control character in header field");
  return field;
}

Result<RequestHead, HeadRejection> ParseRequestHead(std::string_view head, const HeadLimits& limits) {
  Result<std::optional<std::string_view>, HeadRejection> first = TakeLine(head);
  if (!first) return MakeUnexpected(first.error());
  if (!*first) return Reject(400, "malformed request head");
  const Result<RequestLine, HeadRejection> request_line = ParseRequestLine(**first, limits.max_line_bytes);
  if (!request_line) return MakeUnexpected(request_line.error());
  if (!IsKnownMethod(request_line->method)) return Reject(400, "unknown method");

  FramingFields framing;
  std::vector<std::string> empty_fields;
  std::vector<HeaderField> fields;
  fields.reserve(16);  // one allocation for a typical head, not five growths
  if (std::optional<HeadRejection> bad = ParseHeaderSection(head, limits, framing, empty_fields, fields)) {
    return MakeUnexpected(std::move(*bad));
  }
  if (!head.empty()) return Reject(400, "malformed request head");
  const Result<std::uint64_t, HeadRejection> body_length =
      DecideFraming(request_line->method, framing, limits.payload_max_length,
                    UnderPath(request_line->target, limits.bodiless_ok_path));
  if (!body_length) return MakeUnexpected(body_length.error());

  RequestHead out;
  out.method = request_line->method;
  out.target = request_line->target;
  out.version = request_line->version;
  out.content_length = *body_length;
  out.has_content_length = framing.content_length.has_value();
  out.empty_fields = std::move(empty_fields);
  out.fields = std::move(fields);
  return out;
}

HeadRejection OversizedHeadRejection(std::string_view buffered) {
  if (buffered.find('\n') == std::string_view::npos) return {414, "request line too long"};
  return {431, "request header too large"};
}

}  // namespace vi::http
