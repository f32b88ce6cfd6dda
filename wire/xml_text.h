// Character data: which characters XML 1.0 allows (shared by the input
// guard and the writer), and escaping for the response writer — what .NET's
// XmlTextWriter (the writer ASMX hands to XmlSerializer) does to element
// text, plus one decision of ours for input that is not XML at all.
#ifndef VI_WIRE_XML_TEXT_H_
#define VI_WIRE_XML_TEXT_H_

#include <string>
#include <string_view>

namespace vi::wire {

// The bytes of U+FFFD REPLACEMENT CHARACTER in UTF-8.
inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

// True when `c` matches XML 1.0's Char production (section 2.2): tab, LF,
// CR, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF.
constexpr bool IsXmlChar(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

// Appends `text` (meant to be UTF-8) to `out` as XML element content:
//   &  ->  &amp;      <  ->  &lt;      >  ->  &gt;
//   tab, CR, LF, " and ' are written as they are.
// That is what XmlTextWriter's XmlTextEncoder does in element content: CR
// and LF become character references only inside attribute values (the
// response writer writes no attribute value that holds text). A client's
// parser folds a raw CR or CRLF to LF, as it would on the real service.
// Decision (not .NET's behaviour): anything that is not an XML 1.0 Char in
// well-formed UTF-8 never reaches the output; each such sequence becomes one
// U+FFFD. That covers C0 controls other than tab/LF/CR, U+FFFE and U+FFFF,
// and invalid UTF-8 — stray continuation bytes, truncated or overlong
// sequences, code points above U+10FFFF, and surrogates encoded in UTF-8
// (CESU-8 / WTF-8). Invalid UTF-8 is replaced per "maximal subpart", the
// Unicode Standard's recommended practice (ch. 3, U+FFFD substitution), the
// same count WHATWG's decoder yields. (XmlTextWriter writes controls as
// character references such as &#x1;, which strict XML 1.0 parsers reject,
// and throws on lone surrogates; a client parsing our output never breaks.)
// Never fails; allocation only through `out`. Thread-safe (no shared state).
void AppendXmlText(std::string& out, std::string_view text);

}  // namespace vi::wire

#endif  // VI_WIRE_XML_TEXT_H_
