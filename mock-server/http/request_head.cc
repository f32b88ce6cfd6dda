#include "mock-server/http/request_head.h"

#include <httplib.h>

#include <algorithm>
#include <optional>

namespace vi::http {
namespace {

Unexpected<HeadRejection> Reject(int status, std::string reason) {
  return MakeUnexpected(HeadRejection{status, std::move(reason)});
}

// RFC 9110 5.6.2 token characters.
bool IsTchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
      (c >= 'A' && c <= 'Z')) {
    return true;
  }
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) !=
         std::string_view::npos;
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return IsTchar(static_cast<unsigned char>(c));
  });
}

// HTAB, SP, VCHAR and obs-text: everything but control characters.
bool IsFieldValueChar(unsigned char c) {
  return c == '\t' || (c >= 0x20 && c != 0x7f);
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) {
             return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a')
                                           : c;
           };
           return lower(x) == lower(y);
         });
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// 1-19 decimal digits, so the value always fits in 64 bits.
std::optional<std::uint64_t> ParseContentLength(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

// httplib 0.11.4 percent-decodes every header value after reading it
// (CVE-2026-45372), so "%0D%0A" would turn into a real line break inside the
// handler's view. Decode with the very function httplib uses and refuse
// control characters in the result.
bool DecodesToControl(std::string_view value) {
  if (value.find('%') == std::string_view::npos) return false;
  const std::string decoded =
      httplib::detail::decode_url(std::string(value), false);
  return std::any_of(decoded.begin(), decoded.end(), [](char c) {
    return IsControl(static_cast<unsigned char>(c));
  });
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

Result<RequestHead, HeadRejection> ParseRequestHead(std::string_view head,
                                                    const HeadLimits& limits) {
  RequestHead out;
  bool has_transfer_encoding = false;
  bool has_content_encoding = false;
  std::optional<std::string_view> expect;

  bool first_line = true;
  bool ended = false;
  std::size_t header_count = 0;
  while (!head.empty()) {
    const std::size_t lf = head.find('\n');
    if (lf == std::string_view::npos) break;
    if (lf == 0 || head[lf - 1] != '\r') {
      return Reject(400, "line not terminated by CRLF");
    }
    const std::string_view line = head.substr(0, lf - 1);
    head.remove_prefix(lf + 1);

    if (first_line) {
      first_line = false;
      if (line.size() > limits.max_line_bytes) {
        return Reject(414, "request line too long");
      }
      const std::size_t sp1 = line.find(' ');
      const std::size_t sp2 = sp1 == std::string_view::npos
                                  ? std::string_view::npos
                                  : line.find(' ', sp1 + 1);
      if (sp2 == std::string_view::npos ||
          line.find(' ', sp2 + 1) != std::string_view::npos) {
        return Reject(400, "malformed request line");
      }
      const std::string_view method = line.substr(0, sp1);
      const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
      const std::string_view version = line.substr(sp2 + 1);
      const bool target_ok =
          !target.empty() &&
          std::all_of(target.begin(), target.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u > 0x20 && u != 0x7f;
          });
      const bool version_ok =
          version.size() == 8 && version.substr(0, 5) == "HTTP/" &&
          version[5] >= '0' && version[5] <= '9' && version[6] == '.' &&
          version[7] >= '0' && version[7] <= '9';
      if (!IsToken(method) || !target_ok || !version_ok) {
        return Reject(400, "malformed request line");
      }
      if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        return Reject(505, "HTTP version not supported");
      }
      out.method = method;
      out.target = target;
      out.version = version;
      continue;
    }

    if (line.empty()) {
      ended = true;
      break;
    }
    if (line.size() > limits.max_line_bytes) {
      return Reject(431, "header field too long");
    }
    if (++header_count > limits.max_header_count) {
      return Reject(431, "too many header fields");
    }
    if (line.front() == ' ' || line.front() == '\t') {
      return Reject(400, "obsolete header line folding");
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
      return Reject(400, "malformed header field");
    }
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = TrimOws(line.substr(colon + 1));
    if (!std::all_of(value.begin(), value.end(), [](char c) {
          return IsFieldValueChar(static_cast<unsigned char>(c));
        })) {
      return Reject(400, "control character in header field");
    }
    if (DecodesToControl(value)) {
      return Reject(400, "encoded control character in header field");
    }

    if (EqualsIgnoreCase(name, "Content-Length")) {
      const std::optional<std::uint64_t> length = ParseContentLength(value);
      if (!length) return Reject(400, "invalid Content-Length");
      if (out.has_content_length && *length != out.content_length) {
        return Reject(400, "conflicting Content-Length values");
      }
      out.content_length = *length;
      out.has_content_length = true;
    } else if (EqualsIgnoreCase(name, "Transfer-Encoding")) {
      has_transfer_encoding = true;
    } else if (EqualsIgnoreCase(name, "Content-Encoding")) {
      has_content_encoding = true;
    } else if (EqualsIgnoreCase(name, "Expect")) {
      expect = value;
    }
  }
  if (first_line || !ended || !head.empty()) {
    return Reject(400, "malformed request head");
  }

  if (has_transfer_encoding) {
    if (out.has_content_length) {
      return Reject(400, "both Content-Length and Transfer-Encoding");
    }
    return Reject(501, "Transfer-Encoding is not supported");
  }
  if (has_content_encoding) {
    return Reject(415, "Content-Encoding is not supported");
  }
  if (!out.has_content_length &&
      (out.method == "POST" || out.method == "PUT" || out.method == "PATCH")) {
    return Reject(411, "Content-Length required");
  }
  const bool too_large = out.content_length > limits.payload_max_length;
  if (expect) {
    if (!EqualsIgnoreCase(*expect, "100-continue")) {
      return Reject(417, "unsupported expectation");
    }
    if (too_large) return Reject(417, "payload too large");
  }
  if (too_large) return Reject(413, "payload too large");
  return out;
}

HeadRejection OversizedHeadRejection(std::string_view buffered) {
  if (buffered.find('\n') == std::string_view::npos) {
    return {414, "request line too long"};
  }
  return {431, "request header too large"};
}

}  // namespace vi::http
