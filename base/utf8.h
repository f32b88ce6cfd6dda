// UTF-8 decoding, one sequence at a time, by the Unicode Standard's rules
// (ch. 3, Table 3-7 "Well-Formed UTF-8 Byte Sequences"). The one decoder of
// the project: the XML input guard refuses what it rejects, the response
// writer replaces it. Header-only, no allocation, thread-safe.
#ifndef VI_BASE_UTF8_H_
#define VI_BASE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace vi {

// The byte order mark U+FEFF in UTF-8.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One decoded sequence: a code point, or the bytes that cannot be one.
struct Utf8Sequence {
  // True when the sequence is well-formed UTF-8. Well-formed excludes
  // overlong forms, surrogates (U+D800..U+DFFF, as in CESU-8 / WTF-8),
  // code points above U+10FFFF, truncated sequences, stray continuation
  // bytes and the bytes C0, C1 and F5..FF.
  bool valid;
  // Bytes taken (>= 1): the whole sequence when valid, otherwise its
  // "maximal subpart" — the longest prefix that could begin a well-formed
  // sequence, or 1 — so that replacing each with one U+FFFD follows the
  // Standard's recommended practice (the count WHATWG's decoder yields).
  std::size_t size;
  // The code point when valid; U+FFFD otherwise.
  char32_t code_point;
};

// Decodes the sequence at the start of `s`.
// REQUIRES: !s.empty().
constexpr Utf8Sequence DecodeUtf8(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {true, 1, lead};
  std::size_t len;
  char32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    cp = lead & 0x0F;
    if (lead == 0xE0) lo = 0xA0;  // no overlong forms
    if (lead == 0xED) hi = 0x9F;  // no surrogates D800..DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    cp = lead & 0x07;
    if (lead == 0xF0) lo = 0x90;  // no overlong forms
    if (lead == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return {false, 1, U'\uFFFD'};  // a continuation byte, C0, C1 or F5..FF as lead
  }
  if (s.size() < 2 || byte(1) < lo || byte(1) > hi) return {false, 1, U'\uFFFD'};
  cp = (cp << 6) | (byte(1) & 0x3F);
  for (std::size_t k = 2; k < len; ++k) {
    if (k >= s.size() || (byte(k) & 0xC0) != 0x80) return {false, k, U'\uFFFD'};
    cp = (cp << 6) | (byte(k) & 0x3F);
  }
  return {true, len, cp};
}

}  // namespace vi

#endif  // VI_BASE_UTF8_H_
