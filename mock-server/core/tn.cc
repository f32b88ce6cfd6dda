#include "mock-server/core/tn.h"

namespace vi::core {

std::optional<Tn> ParseTn(std::string_view text, TnPrefix prefix) {
  // Length is checked before anything else looks at the text.
  if (prefix == TnPrefix::kAccept) {
    if (text.size() == 12 && text.substr(0, 2) == "+1") {
      text.remove_prefix(2);
    } else if (text.size() == 11 && text.front() == '1') {
      text.remove_prefix(1);
    }
  }
  if (text.size() != 10) return std::nullopt;
  Tn value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<Tn>(c - '0');
  }
  if (text[0] < '2' || text[3] < '2') return std::nullopt;
  return value;
}

std::string FormatTn(Tn tn) {
  std::string out(10, '0');
  for (int i = 9; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>('0' + tn % 10);
    tn /= 10;
  }
  return out;
}

}  // namespace vi::core
