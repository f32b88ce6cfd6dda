// The head (request line + header fields) of one HTTP/1.x request, vetted on
// the raw bytes before cpp-httplib parses them. All framing decisions
// (HARDENING.md 1.4 and T6-T17) are taken here, so no body byte is read for a
// request that will be rejected. HardenedServer is the only caller.
#ifndef VI_MOCK_SERVER_HTTP_REQUEST_HEAD_H_
#define VI_MOCK_SERVER_HTTP_REQUEST_HEAD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

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
};

// What the server needs to know about an accepted head. Plain value type.
struct RequestHead {
  std::string method;
  std::string target;
  std::string version;  // "HTTP/1.1" or "HTTP/1.0"
  // Body length in bytes; 0 when there is no Content-Length header.
  std::uint64_t content_length = 0;
  bool has_content_length = false;
};

// Why a head was refused: the HTTP status to answer with and a short reason
// that never echoes request bytes. Plain value type.
struct HeadRejection {
  int status = 400;
  std::string reason;
};

// Checks one complete head (as delimited by FindRequestHeadEnd) and returns
// what the server needs from it. Rejections, first match wins:
//   400 bare LF, stray CR, NUL or other control bytes, obs-fold, a malformed
//       request line or header name, a header value whose percent-decoding
//       (which httplib applies) yields a control character, Content-Length
//       and Transfer-Encoding together, a Content-Length that is not
//       1-19 decimal digits, or two differing Content-Length values;
//   414 request line longer than max_line_bytes;
//   431 header line longer than max_line_bytes or more than max_header_count
//       header fields;
//   505 an HTTP version other than 1.0 / 1.1;
//   501 any Transfer-Encoding (chunked bodies are never needed);
//   415 any Content-Encoding (decompression bombs, CVE-2026-22776);
//   411 POST, PUT or PATCH without Content-Length;
//   417 an Expect other than 100-continue, or 100-continue with a
//       Content-Length above payload_max_length;
//   413 Content-Length above payload_max_length.
Result<RequestHead, HeadRejection> ParseRequestHead(std::string_view head,
                                                    const HeadLimits& limits);

// The rejection for a head that is still incomplete after `buffered` reached
// the server's head-size cap: 414 while the request line is unfinished, 431
// once it is.
HeadRejection OversizedHeadRejection(std::string_view buffered);

}  // namespace vi::http

#endif  // VI_MOCK_SERVER_HTTP_REQUEST_HEAD_H_
