// Coverage: the rate centers the inventory is made of and the NPA-NXX
// exchanges that belong to each (fixtures/rate_centers.tsv). Immutable once
// parsed; also the emulator's portability data (a number is portable when
// its exchange is covered).
#ifndef VI_MOCK_SERVER_CORE_COVERAGE_H_
#define VI_MOCK_SERVER_CORE_COVERAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace vi::core {

inline constexpr std::string_view kTollFreeState = "ALL";
inline constexpr std::string_view kTollFreeRateCenter = "US+CA";

struct RateCenter {
  std::string state;  // "UT"; "ALL" for toll-free stock
  int lata = 0;       // 0 for toll-free stock
  std::string name;   // upper case, "RICHFIELD"; "US+CA" for toll-free stock
  bool toll_free = false;
};

struct Exchange {
  int code = 0;                   // NPA*1000 + NXX
  std::uint16_t rate_center = 0;  // index into Coverage::rate_centers()
};

// Immutable after construction; thread-safe to share.
class Coverage {
 public:
  // Parses the TSV format described in fixtures/README.md: state, lata,
  // rate_center, npa, comma-separated nxx list; '#' comments. Fails with a
  // message naming the line on a malformed line or a duplicated exchange.
  static Result<Coverage, std::string> Parse(std::string_view tsv);

  const std::vector<RateCenter>& rate_centers() const { return rate_centers_; }
  // Sorted by code.
  const std::vector<Exchange>& exchanges() const { return exchanges_; }
  // Index into exchanges() of `code`, or nullopt when not covered.
  std::optional<std::size_t> FindExchange(int code) const;

 private:
  std::vector<RateCenter> rate_centers_;
  std::vector<Exchange> exchanges_;
};

// The toll-free NPAs: 800, 833, 844, 855, 866, 877, 888.
bool IsTollFreeNpa(int npa);

}  // namespace vi::core

#endif  // VI_MOCK_SERVER_CORE_COVERAGE_H_
