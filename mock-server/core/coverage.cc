#include "mock-server/core/coverage.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>

#include "base/ascii.h"

namespace vi::core {
namespace {

std::optional<int> ParseDigits(std::string_view s, std::size_t min_len, std::size_t max_len) {
  if (s.size() < min_len || s.size() > max_len) return std::nullopt;
  int v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

bool IsTollFreeNpa(int npa) {
  switch (npa) {
    case 800:
    case 833:
    case 844:
    case 855:
    case 866:
    case 877:
    case 888: return true;
    default: return false;
  }
}

Result<Coverage, std::string> Coverage::Parse(std::string_view tsv) {
  Coverage c;
  std::map<std::tuple<std::string, int, std::string>, std::uint16_t> rc_ids;
  int line_no = 0;
  for (std::string_view line : SplitAscii(tsv, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto fail = [&](std::string_view what) {
      return MakeUnexpected("rate centers line " + std::to_string(line_no) + ": " + std::string(what));
    };
    std::vector<std::string_view> f = SplitAscii(line, '\t');
    if (f.size() != 5) return fail("expected 5 tab-separated fields");
    std::optional<int> lata = ParseDigits(f[1], 1, 5);
    std::optional<int> npa = ParseDigits(f[3], 3, 3);
    if (f[0].empty() || f[2].empty() || !lata || !npa) return fail("bad state, lata, name or npa");
    bool toll_free = IsTollFreeNpa(*npa);
    auto key = std::make_tuple(std::string(f[0]), *lata, std::string(f[2]));
    auto [it, inserted] = rc_ids.try_emplace(key, static_cast<std::uint16_t>(c.rate_centers_.size()));
    if (inserted) {
      if (c.rate_centers_.size() >= 0xFFFF) return fail("too many rate centers");
      c.rate_centers_.push_back({std::string(f[0]), *lata, std::string(f[2]), toll_free});
    }
    for (std::string_view nxx_text : SplitAscii(f[4], ',')) {
      std::optional<int> nxx = ParseDigits(nxx_text, 3, 3);
      if (!nxx || *nxx < 200) return fail("bad nxx '" + std::string(nxx_text) + "'");
      c.exchanges_.push_back({*npa * 1000 + *nxx, it->second});
    }
  }
  std::sort(c.exchanges_.begin(), c.exchanges_.end(),
            [](const Exchange& a, const Exchange& b) { return a.code < b.code; });
  for (std::size_t i = 1; i < c.exchanges_.size(); ++i) {
    if (c.exchanges_[i].code == c.exchanges_[i - 1].code) {
      return MakeUnexpected("rate centers: exchange " + std::to_string(c.exchanges_[i].code) +
                            " listed twice");
    }
  }
  if (c.exchanges_.empty()) return MakeUnexpected(std::string("rate centers: no exchanges"));
  return c;
}

std::optional<std::size_t> Coverage::FindExchange(int code) const {
  auto it = std::lower_bound(exchanges_.begin(), exchanges_.end(), code,
                             [](const Exchange& e, int c) { return e.code < c; });
  if (it == exchanges_.end() || it->code != code) return std::nullopt;
  return static_cast<std::size_t>(it - exchanges_.begin());
}

}  // namespace vi::core
