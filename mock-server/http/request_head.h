// The head (request line + header fields) of one HTTP/1.x request, vetted on
// the raw bytes before cpp-httplib parses them: its syntax and limits here,
// its body framing in framing.h (docs/hardening.md §1.4, §4 T6-T17), so no body
// byte is read for a request that will be rejected. HardenedServer is the
// only caller.
#ifndef VI_MOCK_SERVER_HTTP_REQUEST_HEAD_H_
#define VI_MOCK_SERVER_HTTP_REQUEST_HEAD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace vi::http {

// Returned by FindRequestHeadEnd when the head is not complete yet.
inline constexpr std::size_t kHeadIncomplete = std::string_view::npos;

// Returns the length of the head at the start of `buffered`, up to and
// including the empty line that ends it, or kHeadIncomplete when more bytes
// are needed. A line ending in a bare LF also ends the head, so that
// ParseRequestHead rejects it at once instead of waiting for a CRLF CRLF that
// an LF-only client never sends. Scanning starts at `from`: a caller that
// receives the head in pieces passes the previous size of `buffered`, so the
// total work stays linear in the head size.
std::size_t FindRequestHeadEnd(std::string_view buffered, std::size_t from = 0);

// Limits applied by ParseRequestHead. Immutable after construction.
struct HeadLimits {
  // Longest request line or header line, CRLF excluded. httplib's baked-in
  // limits (8192) count the CRLF, so this default keeps our 414 / 431 (with
  // the connection closed) ahead of httplib's own 414 / 400.
  std::size_t max_line_bytes = 8 * 1024 - 2;
  // Most header fields in one request (CVE-2025-52887 has no limit at all).
  std::size_t max_header_count = 100;
  // Largest Content-Length accepted.
  std::uint64_t payload_max_length = 1024 * 1024;
  // Requests whose target is this path or lies under it ("/_admin",
  // "/_admin/...", "/_admin?...") may omit Content-Length on POST, PUT and
  // PATCH: they have no body (RFC 9112 §6.3 rule 7) instead of a 411.
  // Empty: none.
  std::string bodiless_ok_path;
};

// One header field; views into its line. `value` has no leading or trailing
// spaces or tabs. Plain value type.
struct HeaderField {
  std::string_view name;
  std::string_view value;
};

// What the server needs to know about an accepted head. Plain value type.
struct RequestHead {
  std::string method;
  std::string target;
  std::string version;  // "HTTP/1.1" or "HTTP/1.0"
  // Body length in bytes; 0 when there is no Content-Length header.
  std::uint64_t content_length = 0;
  bool has_content_length = false;
  // Names of the fields sent with an empty value, in order (a `SOAPAction:`
  // with nothing after it means something). httplib 0.11.4 drops such
  // fields when it re-reads the head; the server puts them back.
  std::vector<std::string> empty_fields;
  // Every header field, in order: views into the head given to
  // ParseRequestHead, valid while those bytes are (HardenedServer's direct
  // routes build their request from them instead of a second parse).
  std::vector<HeaderField> fields;
};

// Why a head was refused: the HTTP status to answer with and a short reason
// that never echoes request bytes. Plain value type.
struct HeadRejection {
  int status = 400;
  std::string reason;
};

// The three parts of a request line; views into the line. Plain value type.
struct RequestLine {
  std::string_view method;
  std::string_view target;
  std::string_view version;
};

// Parses a request line (CRLF excluded): METHOD SP TARGET SP VERSION with a
// token method, a target of visible characters and an HTTP/d.d version.
// Rejections: 414 longer than max_line_bytes; 400 malformed; 505 a version
// other than HTTP/1.0 or HTTP/1.1.
Result<RequestLine, HeadRejection> ParseRequestLine(std::string_view line, std::size_t max_line_bytes);

// Parses one header line (CRLF excluded; length and count limits are the
// caller's). Rejections, all 400: obs-fold (a leading space or tab), a
// missing colon or a name that is not a token, a control character in the
// value, or a value whose percent-decoding (which httplib applies) yields a
// control character.
Result<HeaderField, HeadRejection> ParseHeaderField(std::string_view line);

// Checks one complete head (as delimited by FindRequestHeadEnd) and returns
// what the server needs from it. Rejections, first match wins:
//   400 a line not ended by CRLF, a head that does not end with its empty
//       line, and ParseRequestLine's, ParseHeaderField's and
//       AddFramingField's rejections (framing.h), line by line in order;
//   400 a method cpp-httplib does not parse (GET, HEAD, POST, PUT, DELETE,
//       CONNECT, OPTIONS, TRACE, PATCH and PRI, case-sensitive: `FOO`,
//       `post`), right after the request line;
//   414 request line longer than max_line_bytes (505 for other versions);
//   431 header line longer than max_line_bytes or more than max_header_count
//       header fields;
// then, for a well-formed head, DecideFraming's rejections (501 any
// Transfer-Encoding, as chunked bodies are never needed; 415 any
// Content-Encoding, CVE-2026-22776; 411, 417, 413, and 400 for
// Content-Length with Transfer-Encoding).
Result<RequestHead, HeadRejection> ParseRequestHead(std::string_view head, const HeadLimits& limits);

// The rejection for a head that is still incomplete after `buffered` reached
// the server's head-size cap: 414 while the request line is unfinished, 431
// once it is.
HeadRejection OversizedHeadRejection(std::string_view buffered);

}  // namespace vi::http

#endif  // VI_MOCK_SERVER_HTTP_REQUEST_HEAD_H_
