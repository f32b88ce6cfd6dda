#include "wire/xml_text.h"

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/utf8.h"

namespace vi::wire {
namespace {

// What to do with one ASCII byte in element text.
enum class Ascii : std::uint8_t { kPlain, kAmp, kLt, kGt, kInvalid };

constexpr std::array<Ascii, 128> MakeAsciiTable() {
  std::array<Ascii, 128> t{};
  for (std::size_t c = 0; c < 0x20; ++c) t[c] = Ascii::kInvalid;
  t['\t'] = Ascii::kPlain;
  t['\n'] = Ascii::kPlain;
  t['\r'] = Ascii::kPlain;
  t['&'] = Ascii::kAmp;
  t['<'] = Ascii::kLt;
  t['>'] = Ascii::kGt;
  return t;
}
constexpr std::array<Ascii, 128> kAscii = MakeAsciiTable();

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
        case Ascii::kAmp: out.append("&amp;"); break;
        case Ascii::kLt: out.append("&lt;"); break;
        case Ascii::kGt: out.append("&gt;"); break;
        case Ascii::kInvalid:
        case Ascii::kPlain: out.append(kReplacementChar); break;
      }
      run = ++i;
      continue;
    }
    // Non-ASCII: only U+FFFE and U+FFFF are well-formed but not XML Chars.
    const Utf8Sequence seq = DecodeUtf8(text.substr(i));
    if (seq.valid && IsXmlChar(seq.code_point)) {
      i += seq.size;
      continue;
    }
    flush(i);
    out.append(kReplacementChar);
    i += seq.size;
    run = i;
  }
  flush(n);
}

}  // namespace vi::wire
