#include "mock-server/core/search_criteria.h"

#include <charconv>

#include "base/ascii.h"
#include "mock-server/core/status.h"

namespace vi::core {
namespace {

constexpr std::size_t kMaxEchoedValue = 64;

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<int> ToInt(std::string_view s) {
  int v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<bool> ToFlag(std::string_view s) {
  std::string u = AsciiUpper(s);
  if (u == "1" || u == "TRUE") return true;
  if (u == "0" || u == "FALSE") return false;
  return std::nullopt;
}

Unexpected<SearchError> Malformed(std::string_view field, std::string_view value) {
  std::string shown(value.substr(0, kMaxEchoedValue));
  if (value.size() > kMaxEchoedValue) shown += "...";
  return MakeUnexpected(
      SearchError{kExceptionOccurred, "Invalid value for " + std::string(field) + ": '" + shown + "'"});
}

}  // namespace

Result<SearchCriteria, SearchError> ParseSearchCriteria(const model::SearchRequest& r) {
  SearchCriteria c;
  bool any = false;

  if (std::string_view v = TrimAsciiSpace(r.state); !v.empty()) {
    any = true;
    std::string u = AsciiUpper(v);
    if (u == "TF") {
      c.toll_free = true;
    } else {
      if (u.size() != 2 || u[0] < 'A' || u[0] > 'Z' || u[1] < 'A' || u[1] > 'Z') {
        return Malformed("state", v);
      }
      c.state = u;
    }
  }
  if (std::string_view v = TrimAsciiSpace(r.lata); !v.empty()) {
    any = true;
    if (v.size() > 5 || !AllDigits(v)) return Malformed("lata", v);
    c.lata = ToInt(v);
  }
  if (std::string_view v = TrimAsciiSpace(r.rate_center); !v.empty()) {
    any = true;
    if (v.size() > 64) return Malformed("rateCenter", v);
    c.rate_center = AsciiUpper(v);
  }
  if (std::string_view v = TrimAsciiSpace(r.npa); !v.empty()) {
    any = true;
    if (v.size() != 3 || !AllDigits(v)) return Malformed("npa", v);
    c.npa = ToInt(v);
  }
  if (std::string_view v = TrimAsciiSpace(r.nxx); !v.empty()) {
    any = true;
    if ((v.size() != 3 && v.size() != 6) || !AllDigits(v)) return Malformed("nxx", v);
    if (v.size() == 6) {
      // A 6-digit NPA+NXX inside nxx (seen in real requests).
      int npa = *ToInt(v.substr(0, 3));
      if (c.npa && *c.npa != npa) {
        c.npa = -1;  // contradicts the npa field: nothing can match
      } else {
        c.npa = npa;
      }
      c.nxx = ToInt(v.substr(3));
    } else {
      c.nxx = ToInt(v);
    }
  }
  if (std::string_view v = TrimAsciiSpace(r.tier); !v.empty()) {
    any = true;
    std::optional<int> t = v.size() <= 6 ? ToInt(v) : std::nullopt;
    if (!t) return Malformed("tier", v);
    c.tier = t;
  }
  struct FlagField {
    const char* name;
    const std::string& text;
    std::optional<bool>& out;
  };
  for (const FlagField& f :
       {FlagField{"t38", r.t38, c.t38}, FlagField{"cnam", r.cnam, c.cnam}, FlagField{"sms", r.sms, c.sms}}) {
    if (std::string_view v = TrimAsciiSpace(f.text); !v.empty()) {
      any = true;
      f.out = ToFlag(v);
      if (!f.out) return Malformed(f.name, v);
    }
  }
  if (std::string_view v = TrimAsciiSpace(r.network); !v.empty()) {
    any = true;
    if (v.size() > 64) return Malformed("network", v);
    c.network = AsciiUpper(v);
  }
  if (!any) {
    return MakeUnexpected(SearchError{kNoSearchCriteria, std::string(TopLevelText(kNoSearchCriteria))});
  }
  return c;
}

Result<CountOrder, SearchError> ParseCountOrder(const std::string& orderby) {
  std::string u = AsciiUpper(TrimAsciiSpace(orderby));
  if (u.empty() || u == "STATE") return CountOrder::kState;
  if (u == "RC") return CountOrder::kRateCenter;
  if (u == "LATA") return CountOrder::kLata;
  if (u == "TIER") return CountOrder::kTier;
  return Malformed("orderby", TrimAsciiSpace(orderby));
}

}  // namespace vi::core
