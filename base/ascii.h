// ASCII-only text helpers for protocol fields (criteria, media types, XML
// whitespace, HTTP header names). Locale-independent; bytes >= 0x80 pass through unchanged.
#ifndef VI_BASE_ASCII_H_
#define VI_BASE_ASCII_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vi {

// XML's whitespace: space, tab, CR, LF.
constexpr bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// `s` without leading and trailing IsAsciiSpace characters.
constexpr std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// `c` with A-Z mapped to a-z; every other byte unchanged.
constexpr char AsciiToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// True iff `a` and `b` are equal when A-Z and a-z are not told apart (HTTP
// header names, tokens). Locale-independent: bytes >= 0x80 compare exactly.
constexpr bool EqualsIgnoreCaseAscii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiToLower(a[i]) != AsciiToLower(b[i])) return false;
  }
  return true;
}

// The value of `s` if it is 1 to `max_digits` ASCII decimal digits (no sign,
// no spaces), else nullopt. REQUIRES: max_digits <= 19, so the value fits.
constexpr std::optional<std::uint64_t> ParseDecimalAscii(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

inline std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The fields of `s` between `sep` characters, in order; n separators give
// n + 1 fields (empty ones included). Views into `s`.
inline std::vector<std::string_view> SplitAscii(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    std::size_t pos = s.find(sep);
    out.push_back(s.substr(0, pos));
    if (pos == std::string_view::npos) return out;
    s.remove_prefix(pos + 1);
  }
}

}  // namespace vi

#endif  // VI_BASE_ASCII_H_
