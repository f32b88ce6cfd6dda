#include "wire/xml_text.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace vi::wire {
namespace {

// What to do with one ASCII byte in element text.
enum class Ascii : std::uint8_t { kPlain, kAmp, kLt, kGt, kCr, kInvalid };

constexpr std::array<Ascii, 128> MakeAsciiTable() {
  std::array<Ascii, 128> t{};
  for (std::size_t c = 0; c < 0x20; ++c) t[c] = Ascii::kInvalid;
  t['\t'] = Ascii::kPlain;
  t['\n'] = Ascii::kPlain;
  t['\r'] = Ascii::kCr;
  t['&'] = Ascii::kAmp;
  t['<'] = Ascii::kLt;
  t['>'] = Ascii::kGt;
  return t;
}
constexpr std::array<Ascii, 128> kAscii = MakeAsciiTable();

constexpr bool IsContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at p[0..n) (n >= 1, p[0] >= 0x80)
// as a positive number, or the length of its maximal ill-formed subpart as a
// negative number (Unicode Table 3-7, "Well-Formed UTF-8 Byte Sequences").
int Utf8SequenceAt(const unsigned char* p, std::size_t n) {
  const unsigned char lead = p[0];
  int len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;  // no overlong forms
    if (lead == 0xED) hi = 0x9F;  // no surrogates D800..DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;  // no overlong forms
    if (lead == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return -1;  // a continuation byte, C0, C1 or F5..FF as lead
  }
  if (n < 2 || p[1] < lo || p[1] > hi) return -1;
  for (int k = 2; k < len; ++k) {
    if (static_cast<std::size_t>(k) >= n || !IsContinuation(p[k])) return -k;
  }
  return len;
}

}  // namespace

void AppendXmlText(std::string& out, std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  auto flush = [&](std::size_t end) { out.append(text.data() + run, end - run); };
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      const Ascii kind = kAscii[c];
      if (kind == Ascii::kPlain) {
        ++i;
        continue;
      }
      flush(i);
      switch (kind) {
        case Ascii::kAmp:
          out.append("&amp;");
          break;
        case Ascii::kLt:
          out.append("&lt;");
          break;
        case Ascii::kGt:
          out.append("&gt;");
          break;
        case Ascii::kCr:
          out.append("&#xD;");
          break;
        case Ascii::kInvalid:
        case Ascii::kPlain:
          out.append(kReplacementChar);
          break;
      }
      run = ++i;
      continue;
    }
    const int len = Utf8SequenceAt(p + i, n - i);
    if (len > 0) {
      // U+FFFE and U+FFFF are well-formed UTF-8 but not XML Chars.
      const bool non_char = len == 3 && c == 0xEF && p[i + 1] == 0xBF && p[i + 2] >= 0xBE;
      if (!non_char) {
        i += static_cast<std::size_t>(len);
        continue;
      }
    }
    flush(i);
    out.append(kReplacementChar);
    i += static_cast<std::size_t>(len > 0 ? len : -len);
    run = i;
  }
  flush(n);
}

}  // namespace vi::wire
