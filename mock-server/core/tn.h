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

// Whether a country-code prefix ("1" or "+1") is tolerated in front of the
// 10 digits. The real service is taken to refuse it (decision: a vendor
// method rejects a leading "+" and the clients strip "+1" before every
// call), so kRefuse is the default and kAccept an opt-in convenience.
enum class TnPrefix { kRefuse, kAccept };

// Reads a TN as callers send it: exactly 10 ASCII digits whose NPA and NXX
// start with 2-9 (NANP). With TnPrefix::kAccept, the same 10 digits prefixed
// by "1" or "+1" are read too (normalised to the 10 digits). Anything else
// (letters, separators, other lengths, full-width digits, surrounding
// spaces, and the prefixes under kRefuse) is nullopt.
std::optional<Tn> ParseTn(std::string_view text, TnPrefix prefix = TnPrefix::kRefuse);

// The 10-digit form.
std::string FormatTn(Tn tn);

inline constexpr int NpaOf(Tn tn) { return static_cast<int>(tn / 10'000'000); }
inline constexpr int NxxOf(Tn tn) { return static_cast<int>(tn / 10'000 % 1000); }
// NPA*1000 + NXX: the exchange code.
inline constexpr int ExchangeOf(Tn tn) { return static_cast<int>(tn / 10'000); }

}  // namespace vi::core

#endif  // VI_MOCK_SERVER_CORE_TN_H_
