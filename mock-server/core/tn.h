// Telephone numbers: 10-digit NANP numbers held as integers.
#ifndef VI_MOCK_SERVER_CORE_TN_H_
#define VI_MOCK_SERVER_CORE_TN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vi::core {

// A 10-digit NANP number, NPA*10^7 + NXX*10^4 + line.
using Tn = std::uint64_t;

// Reads a TN as callers send it. Accepts exactly 10 ASCII digits, or the
// same prefixed by "1" or "+1" (decision: normalised to 10 digits). The NPA
// and NXX must start with 2-9 (NANP). Anything else (letters, separators,
// other lengths, full-width digits, surrounding spaces) is nullopt.
std::optional<Tn> ParseTn(std::string_view text);

// The 10-digit form.
std::string FormatTn(Tn tn);

inline constexpr int NpaOf(Tn tn) { return static_cast<int>(tn / 10'000'000); }
inline constexpr int NxxOf(Tn tn) { return static_cast<int>(tn / 10'000 % 1000); }
// NPA*1000 + NXX: the exchange code.
inline constexpr int ExchangeOf(Tn tn) { return static_cast<int>(tn / 10'000); }

}  // namespace vi::core

#endif  // VI_MOCK_SERVER_CORE_TN_H_
