#include "mock-server/data/sandbox_data.h"

#include <charconv>
#include <fstream>
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

Result<json, std::string> ParseJson(std::string_view text, std::string_view what) {
  // Depth-limited, non-throwing parse (docs/hardening.md §1.5).
  int depth_exceeded = 0;
  json::parser_callback_t limit = [&](int depth, json::parse_event_t, json&) {
    if (depth > 32) depth_exceeded = 1;
    return true;
  };
  json j = json::parse(text.begin(), text.end(), limit, /*allow_exceptions=*/false);
  if (j.is_discarded() || depth_exceeded) {
    return MakeUnexpected(std::string(what) + ": not valid JSON (or nested deeper than 32)");
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
    return MakeUnexpected(std::string("accounts: expected {\"accounts\": [...]}"));
  }
  for (const json& a : (*j)["accounts"]) {
    std::string name = a.is_object() ? a.value("login", std::string("?")) : "?";
    try {
      core::Account acct;
      acct.login = a.at("login").get<std::string>();
      acct.secret = a.at("secret").get<std::string>();
      acct.endpoint_groups = a.at("endpointGroups").get<std::vector<int>>();
      const json& tiers = a.at("tiers");
      if (!(tiers.is_string() && tiers.get<std::string>() == "all")) {
        acct.allowed_tiers = tiers.get<std::vector<int>>();
      }
      acct.toll_free_origination = a.at("tollFreeOrigination").get<bool>();
      acct.standard_origination = a.at("standardOrigination").get<bool>();
      if (acct.login.empty() || acct.secret.empty()) {
        return MakeUnexpected("accounts: '" + name + "': empty login or secret");
      }
      if (!logins.insert(acct.login).second) {
        return MakeUnexpected("accounts: login '" + name + "' defined twice");
      }
      out.push_back(std::move(acct));
    } catch (const std::exception& e) {
      return MakeUnexpected("accounts: '" + name + "': " + e.what());
    }
  }
  if (out.size() > 0xFFFF) return MakeUnexpected(std::string("accounts: too many"));
  return out;
}

Result<std::vector<core::PortOrder>, std::string> ParsePorts(std::string_view text) {
  auto j = ParseJson(text, "ports");
  if (!j) return MakeUnexpected(j.error());
  if (!j->is_object() || !j->contains("ports") || !(*j)["ports"].is_array()) {
    return MakeUnexpected(std::string("ports: expected {\"ports\": [...]}"));
  }
  std::vector<core::PortOrder> out;
  for (const json& p : (*j)["ports"]) {
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
      for (const json& n : p.at("dids")) {
        model::PortDid pd;
        pd.tn = OptString(n, "tn");
        pd.tier = OptString(n, "tier");
        pd.rate_center = OptString(n, "rateCenter");
        pd.state = OptString(n, "state");
        pd.lata = OptString(n, "lata");
        pd.endpoint_group = n.at("endpointGroup").get<int>();
        pd.cnam = n.at("cnam").get<bool>();
        pd.e911 = n.at("e911").get<bool>();
        d.dids->push_back(std::move(pd));
      }
      if (p.contains("defaultEndpointGroup") && !p["defaultEndpointGroup"].is_null()) {
        d.default_endpoint_group = p["defaultEndpointGroup"].get<int>();
      }
      out.push_back(std::move(order));
    } catch (const std::exception& e) {
      return MakeUnexpected("ports: port " + id + ": " + e.what());
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
    auto fail = [&] {
      return MakeUnexpected("pinned numbers line " + std::to_string(line_no) +
                            ": expected tn, tier, t38, outbound_cnam, sms, network[, source]");
    };
    if (f.size() < 6) return fail();
    std::optional<core::Tn> tn = core::ParseTn(f[0]);
    if (!tn) return fail();
    core::PinnedNumber p;
    p.tn = *tn;
    if (f[1] != "-") {
      auto [end, ec] = std::from_chars(f[1].data(), f[1].data() + f[1].size(), p.tier);
      if (ec != std::errc() || end != f[1].data() + f[1].size()) return fail();
    }
    for (auto [text_value, out_flag] :
         {std::pair{&f[2], &p.t38}, std::pair{&f[3], &p.outbound_cnam}, std::pair{&f[4], &p.sms}}) {
      if (*text_value != "0" && *text_value != "1") return fail();
      *out_flag = *text_value == "1";
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
  // An error in a file the user named starts with its path.
  auto in_file = [](const std::optional<std::string>& path, const std::string& error) {
    return path ? *path + ": " + error : error;
  };
  auto rc_text = source(options.rate_centers_path, fixtures::RateCentersTsv());
  if (!rc_text) return MakeUnexpected(rc_text.error());
  auto coverage = core::Coverage::Parse(*rc_text);
  if (!coverage) return MakeUnexpected(in_file(options.rate_centers_path, coverage.error()));
  auto pinned = ParsePinnedNumbers(fixtures::PinnedNumbersTsv());
  if (!pinned) return MakeUnexpected(pinned.error());
  auto inventory = core::Inventory::Generate(std::move(*coverage), options.inventory, *pinned);
  if (!inventory) return MakeUnexpected(inventory.error());

  auto accounts_text = source(options.accounts_path, fixtures::AccountsJson());
  if (!accounts_text) return MakeUnexpected(accounts_text.error());
  auto accounts = ParseAccounts(*accounts_text);
  if (!accounts) return MakeUnexpected(in_file(options.accounts_path, accounts.error()));
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
