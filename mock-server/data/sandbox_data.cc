#include "mock-server/data/sandbox_data.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/ascii.h"
#include "fixtures/embedded.h"

namespace vi::data {
namespace {

using nlohmann::json;

// The lines of a text file, without their CR LF / LF endings.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out = SplitAscii(text, '\n');
  for (std::string_view& line : out) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  }
  return out;
}

Result<std::string, std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeUnexpected("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "LINE:COLUMN: " of a byte offset (both from 1; the column counts bytes).
std::string Where(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(offset - line_start + 1) + ": ";
}

// Where each element of the array under the top-level key `key` starts (byte
// offsets, in order), so an error in the n-th entry can name its line and
// column (nlohmann's values do not keep their positions).
std::vector<std::size_t> ElementOffsets(std::string_view text, std::string_view key) {
  std::vector<std::size_t> out;
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  bool in_target = false;
  bool expect_element = false;
  std::size_t string_start = 0;
  std::string_view last_key;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        if (depth == 1) last_key = text.substr(string_start, i - string_start);
      }
      continue;
    }
    if (in_target && depth == 2 && expect_element && c != ' ' && c != '\t' && c != '\r' && c != '\n' &&
        c != ']') {
      out.push_back(i);
      expect_element = false;
    }
    if (c == '"') {
      in_string = true;
      string_start = i + 1;
    } else if (c == '{' || c == '[') {
      if (depth == 1 && c == '[' && last_key == key) in_target = expect_element = true;
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
      if (depth < 2) in_target = false;
    } else if (c == ',' && in_target && depth == 2) {
      expect_element = true;
    }
  }
  return out;
}

std::string EntryWhere(std::string_view text, const std::vector<std::size_t>& offsets, std::size_t index) {
  return index < offsets.size() ? Where(text, offsets[index]) : "";
}

constexpr std::string_view kJsonHint = " (hint: `python3 -m json.tool FILE` shows where the JSON breaks)";

Result<json, std::string> ParseJson(std::string_view text, std::string_view what) {
  // Depth-limited parse (docs/hardening.md §1.5); a syntax error names its
  // line and column.
  int depth_exceeded = 0;
  json::parser_callback_t limit = [&](int depth, json::parse_event_t, json&) {
    if (depth > 32) depth_exceeded = 1;
    return true;
  };
  json j;
  try {
    j = json::parse(text.begin(), text.end(), limit);
  } catch (const json::parse_error& e) {
    std::string reason = e.what();
    if (std::size_t colon = reason.find(": "); colon != std::string::npos) reason = reason.substr(colon + 2);
    const std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    return MakeUnexpected(Where(text, at) + std::string(what) + ": not valid JSON: " + reason +
                          std::string(kJsonHint));
  }
  if (j.is_discarded() || depth_exceeded) {
    return MakeUnexpected("1:1: " + std::string(what) + ": nested deeper than 32");
  }
  return j;
}

std::optional<std::string> OptString(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw std::invalid_argument(std::string(key) + " must be a string");
  return it->get<std::string>();
}

model::DateTime OptDate(const json& j, const char* key) {
  std::optional<std::string> s = OptString(j, key);
  if (!s) return std::nullopt;
  Result<model::TimePoint, model::DateTimeError> t = model::ParseDateTime(*s);
  if (!t && t.error() == model::DateTimeError::kOutOfRange) {
    throw std::invalid_argument(std::string(key) + " " + *s + " is outside " +
                                model::FormatDateTime(model::kMinTime) + " .. " +
                                model::FormatDateTime(model::kMaxTime));
  }
  if (!t) throw std::invalid_argument(std::string(key) + " is not yyyy-MM-ddTHH:mm:ss");
  return *t;
}

}  // namespace

Result<std::vector<core::Account>, std::string> ParseAccounts(std::string_view text) {
  auto j = ParseJson(text, "accounts");
  if (!j) return MakeUnexpected(j.error());
  std::vector<core::Account> out;
  std::set<std::string> logins;
  if (!j->is_object() || !j->contains("accounts") || !(*j)["accounts"].is_array()) {
    return MakeUnexpected(
        std::string("1:1: accounts: expected {\"accounts\": [...]} (hint: see fixtures/accounts.json)"));
  }
  const std::vector<std::size_t> offsets = ElementOffsets(text, "accounts");
  constexpr std::string_view kHint =
      " (hint: an account needs \"login\" and \"secret\"; \"endpointGroups\" defaults to [], \"tiers\" to "
      "\"all\", \"tollFreeOrigination\" and \"standardOrigination\" to true)";
  std::size_t index = 0;
  for (const json& a : (*j)["accounts"]) {
    const std::string where = EntryWhere(text, offsets, index++);
    std::string name =
        a.is_object() && a.contains("login") && a["login"].is_string() ? a["login"].get<std::string>() : "?";
    try {
      core::Account acct;
      acct.login = a.at("login").get<std::string>();
      acct.secret = a.at("secret").get<std::string>();
      acct.endpoint_groups = a.value("endpointGroups", std::vector<int>{});
      const json tiers = a.value("tiers", json("all"));
      if (!(tiers.is_string() && tiers.get<std::string>() == "all")) {
        acct.allowed_tiers = tiers.get<std::vector<int>>();
      }
      acct.toll_free_origination = a.value("tollFreeOrigination", true);
      acct.standard_origination = a.value("standardOrigination", true);
      if (acct.login.empty() || acct.secret.empty()) {
        return MakeUnexpected(where + "accounts: '" + name + "': empty login or secret" + std::string(kHint));
      }
      if (!logins.insert(acct.login).second) {
        return MakeUnexpected(where + "accounts: login '" + name +
                              "' defined twice (hint: logins are unique)");
      }
      out.push_back(std::move(acct));
    } catch (const std::exception& e) {
      return MakeUnexpected(where + "accounts: '" + name + "': " + e.what() + std::string(kHint));
    }
  }
  if (out.size() > 0xFFFF) return MakeUnexpected(std::string("accounts: too many"));
  return out;
}

Result<std::vector<core::PortOrder>, std::string> ParsePorts(std::string_view text) {
  auto j = ParseJson(text, "ports");
  if (!j) return MakeUnexpected(j.error());
  if (!j->is_object() || !j->contains("ports") || !(*j)["ports"].is_array()) {
    return MakeUnexpected(
        std::string("1:1: ports: expected {\"ports\": [...]} (hint: see fixtures/ports.json)"));
  }
  std::vector<core::PortOrder> out;
  const std::vector<std::size_t> offsets = ElementOffsets(text, "ports");
  std::size_t index = 0;
  for (const json& p : (*j)["ports"]) {
    const std::string where = EntryWhere(text, offsets, index++);
    std::string id = p.is_object() && p.contains("id") ? p["id"].dump() : "?";
    try {
      core::PortOrder order;
      order.owner_login = p.at("owner").get<std::string>();
      model::PortDetail& d = order.detail;
      d.id = p.at("id").get<int>();
      d.status = OptString(p, "status");
      d.end_user = OptString(p, "endUser");
      d.billing_tn = OptString(p, "billingTN");
      d.porting_from = OptString(p, "portingFrom");
      d.sales_rep = OptString(p, "salesRep");
      d.submitted_date = OptDate(p, "submittedDate");
      d.foc_date = OptDate(p, "focDate");
      d.requested_foc_date = OptDate(p, "requestedFocDate");
      d.dids.emplace();
      for (const json& n : p.value("dids", json::array())) {
        model::PortDid pd;
        pd.tn = OptString(n, "tn");
        pd.tier = OptString(n, "tier");
        pd.rate_center = OptString(n, "rateCenter");
        pd.state = OptString(n, "state");
        pd.lata = OptString(n, "lata");
        pd.endpoint_group = n.value("endpointGroup", 0);
        pd.cnam = n.value("cnam", false);
        pd.e911 = n.value("e911", false);
        d.dids->push_back(std::move(pd));
      }
      if (p.contains("defaultEndpointGroup") && !p["defaultEndpointGroup"].is_null()) {
        d.default_endpoint_group = p["defaultEndpointGroup"].get<int>();
      }
      out.push_back(std::move(order));
    } catch (const std::exception& e) {
      return MakeUnexpected(
          where + "ports: port " + id + ": " + e.what() +
          " (hint: a port needs \"id\" and \"owner\" (a login); every other field is optional, "
          "dates are yyyy-MM-ddTHH:mm:ss)");
    }
  }
  return out;
}

Result<std::vector<core::PinnedNumber>, std::string> ParsePinnedNumbers(std::string_view text) {
  std::vector<core::PinnedNumber> out;
  int line_no = 0;
  for (std::string_view line : Lines(text)) {
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> f = SplitAscii(line, '\t');
    // The column (from 1, in bytes) where field `i` starts, or where the line ends.
    auto column = [&](std::size_t i) {
      return i < f.size() ? static_cast<std::size_t>(f[i].data() - line.data()) + 1 : line.size() + 1;
    };
    auto fail = [&](std::size_t field, std::string_view what) {
      return MakeUnexpected(
          std::to_string(line_no) + ":" + std::to_string(column(field)) +
          ": pinned numbers: " + std::string(what) +
          " (hint: a line is tn, tier or -, t38, outbound_cnam, sms (0 or 1), network[, source], "
          "separated by tabs)");
    };
    if (f.size() < 6)
      return fail(f.size(), "expected 6 or 7 tab-separated fields, got " + std::to_string(f.size()));
    std::optional<core::Tn> tn = core::ParseTn(f[0]);
    if (!tn) return fail(0, "not a 10-digit TN");
    core::PinnedNumber p;
    p.tn = *tn;
    if (f[1] != "-") {
      auto [end, ec] = std::from_chars(f[1].data(), f[1].data() + f[1].size(), p.tier);
      if (ec != std::errc() || end != f[1].data() + f[1].size())
        return fail(1, "the tier is not a number or -");
    }
    std::size_t field = 2;
    for (auto [text_value, out_flag] :
         {std::pair{&f[2], &p.t38}, std::pair{&f[3], &p.outbound_cnam}, std::pair{&f[4], &p.sms}}) {
      if (*text_value != "0" && *text_value != "1") return fail(field, "expected 0 or 1");
      *out_flag = *text_value == "1";
      ++field;
    }
    p.network = std::string(f[5]);
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<core::Tn>, std::string> ParseNonPortable(std::string_view text) {
  std::vector<core::Tn> out;
  int line_no = 0;
  for (std::string_view line : Lines(text)) {
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    std::optional<core::Tn> tn = core::ParseTn(line);
    if (!tn) {
      return MakeUnexpected("non-portable line " + std::to_string(line_no) + ": not a 10-digit TN");
    }
    out.push_back(*tn);
  }
  return out;
}

Result<core::SandboxData, std::string> LoadSandboxData(const DataOptions& options) {
  auto source = [](const std::optional<std::string>& path,
                   std::string_view embedded) -> Result<std::string, std::string> {
    if (!path) return std::string(embedded);
    return ReadFile(*path);
  };
  // An error in a file the user named starts with its path (then, from the
  // parsers, LINE:COLUMN: as compilers write it).
  auto in_file = [](const std::optional<std::string>& path, const std::string& error) {
    if (!path) return error;
    const bool located = !error.empty() && error.front() >= '0' && error.front() <= '9';
    return *path + (located ? ":" : ": ") + error;
  };
  auto rc_text = source(options.rate_centers_path, fixtures::RateCentersTsv());
  if (!rc_text) return MakeUnexpected(rc_text.error());
  auto coverage = core::Coverage::Parse(*rc_text);
  if (!coverage) {
    // The coverage's parser (core) says "rate centers line N: …": file:N: as elsewhere.
    std::string error = coverage.error();
    constexpr std::string_view kLine = "rate centers line ";
    if (error.rfind(kLine, 0) == 0) {
      const std::size_t colon = error.find(": ", kLine.size());
      if (colon != std::string::npos) {
        error = error.substr(kLine.size(), colon - kLine.size()) +
                ": rate centers: " + error.substr(colon + 2) +
                " (hint: see fixtures/rate_centers.tsv for the columns)";
      }
    }
    return MakeUnexpected(in_file(options.rate_centers_path, error));
  }
  std::vector<core::PinnedNumber> pinned_numbers;
  if (options.pinned_numbers_path != "none") {
    auto pinned_text = source(options.pinned_numbers_path, fixtures::PinnedNumbersTsv());
    if (!pinned_text) return MakeUnexpected(pinned_text.error());
    auto pinned = ParsePinnedNumbers(*pinned_text);
    if (!pinned) return MakeUnexpected(in_file(options.pinned_numbers_path, pinned.error()));
    pinned_numbers = std::move(*pinned);
  }
  core::InventoryOptions inventory_options = options.inventory;
  if (options.rate_centers_path) {
    // A custom coverage: the built-in recorded numbers it does not cover are
    // left out (a file of the user's must fit), and a default size is capped
    // at what the coverage holds.
    if (!options.pinned_numbers_path) {
      std::erase_if(pinned_numbers, [&](const core::PinnedNumber& p) {
        return !coverage->FindExchange(static_cast<int>(p.tn / 10'000)).has_value();
      });
    }
    if (!options.inventory_size_given) {
      inventory_options.size = std::min(inventory_options.size, coverage->exchanges().size() * 10'000);
    }
  }
  auto inventory = core::Inventory::Generate(std::move(*coverage), inventory_options, pinned_numbers);
  if (!inventory) {
    return MakeUnexpected(inventory.error() +
                          " (hint: --inventory-size at most 10000 per exchange of the coverage; "
                          "--pinned-numbers none or a file of numbers inside it)");
  }

  auto accounts_text = source(options.accounts_path, fixtures::AccountsJson());
  if (!accounts_text) return MakeUnexpected(accounts_text.error());
  auto accounts = ParseAccounts(*accounts_text);
  if (!accounts) return MakeUnexpected(in_file(options.accounts_path, accounts.error()));
  if (options.accounts_path) {
    // The shipped accounts stay unless the file says {"replaceShipped": true};
    // an account of the file replaces the shipped one with its login.
    auto top = ParseJson(*accounts_text, "accounts");
    const bool replace = top && top->is_object() && top->value("replaceShipped", false) == true;
    if (!replace) {
      auto shipped = ParseAccounts(fixtures::AccountsJson());
      if (!shipped) return MakeUnexpected(shipped.error());
      std::vector<core::Account> merged;
      for (core::Account& a : *shipped) {
        auto same = [&](const core::Account& b) { return b.login == a.login; };
        if (std::none_of(accounts->begin(), accounts->end(), same)) merged.push_back(std::move(a));
      }
      std::move(accounts->begin(), accounts->end(), std::back_inserter(merged));
      *accounts = std::move(merged);
    }
  }
  auto ports_text = source(options.ports_path, fixtures::PortsJson());
  if (!ports_text) return MakeUnexpected(ports_text.error());
  auto ports = ParsePorts(*ports_text);
  if (!ports) return MakeUnexpected(in_file(options.ports_path, ports.error()));
  auto non_portable = ParseNonPortable(fixtures::NonPortableTxt());
  if (!non_portable) return MakeUnexpected(non_portable.error());

  core::SandboxData data;
  data.inventory = std::make_shared<const core::Inventory>(std::move(*inventory));
  data.accounts = std::move(*accounts);
  data.ports = std::move(*ports);
  data.non_portable = std::move(*non_portable);
  return data;
}

}  // namespace vi::data
