// vi-contracts: runs the contract suite (contracts/*.json) against the
// emulator or the live service, or (--compare) reports structural drift
// from recorded answers. Usage: vi-contracts --help.
// Command line after base/cli_args.h (--opt=value, VI_CONTRACTS_* variables).
// Exit: 0 all passed (skips allowed), 1 a failure (or the report cannot be
// written), 2 usage, 3 unreachable.
#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/cli_args.h"
#include "client/endpoint.h"
#include "client/http_transport.h"
#include "contracts/runner/contract.h"
#include "contracts/runner/drift.h"
#include "contracts/runner/junit.h"
#include "contracts/runner/runner.h"

namespace {

using vi::contracts::Contract;
using vi::contracts::ContractClass;
using vi::contracts::Json;
using vi::contracts::Verdict;

constexpr std::string_view kUsage =
    R"(usage: vi-contracts --url URL [--login L --secret S] [--profile sandbox|production]
                    [--contracts DIR] [--fixtures DIR] [--allow reversible|billable]
                    [--junit FILE] [--record DIR] [--compare DIR] [--only NAME]...
                    [--pace MS] [--var NAME=VALUE]... [--list]

options:
  --url URL         the service (.../APIService.asmx, sandbox or production)
  --login L         API login; against the emulator the credentials default
                    to its shipped accounts (sandbox, other, limited)
  --secret S        API secret (prefer the variable: a command line is
                    visible to others)
  --profile P       the schema the service speaks (default: the emulator's,
                    else from the path: /VOIP/... sandbox, otherwise production)
  --contracts DIR   the contracts (default: ./contracts, else the project's own)
  --fixtures DIR    the recorded answers shapeOf names (default DIR/../fixtures/soap)
  --allow CLASS     live only: also run reversible (reserve+release) or billable
                    (assign/config: buys numbers) contracts; read always runs
  --junit FILE      JUnit XML report
  --record DIR      save every answer (credentials removed) as fixtures
  --compare DIR     replay DIR's recorded calls and report structural drift
  --only NAME       run only this contract (repeatable)
  --pace MS         wait MS milliseconds before every call
  --var NAME=VALUE  define or override a contract variable (epg, portId, ...;
                    repeatable)
  --list            show what would run live and its class; call nothing
  --help            this text
  --version         print "vi-contracts VERSION" and exit

environment:
  Every option can also be set in the environment, in a variable named
  VI_CONTRACTS_ and the option's name in upper case with '-' as '_':
  VI_CONTRACTS_URL=sandbox is --url sandbox, VI_CONTRACTS_PACE=200 is
  --pace 200; a switch takes 1/true/yes/on (VI_CONTRACTS_LIST=1 is --list)
  or 0/false/no/off; a repeatable option takes one value from its variable.
  An option on the command line wins over its variable. --opt=value is read
  as --opt value. VI_URL, VI_LOGIN and VI_SECRET (shared with vi-client) are
  read when neither the option nor its VI_CONTRACTS_ variable is given.

exit status:
  0  every contract passed (skips allowed), or --list, --help, --version
  1  a contract failed (or drifted, with --compare), or the --junit report
     cannot be written
  2  a usage error: an unknown option, a bad value, a bad variable, no
     contracts where --contracts points
  3  the service cannot be reached
)";

int Usage(const std::string& why) {
  std::cerr << "vi-contracts: " << why << "\n(try --help)\n";
  return 2;
}

std::string DefaultContractsDir() {
  std::error_code ec;
  if (std::filesystem::is_directory("contracts", ec) && std::filesystem::exists("contracts/README.md", ec)) {
    return "contracts";
  }
#ifdef VI_CONTRACTS_SOURCE_DIR
  if (std::filesystem::is_directory(VI_CONTRACTS_SOURCE_DIR, ec)) return VI_CONTRACTS_SOURCE_DIR;
#endif
  return "";
}

std::string Origin(const std::string& url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  std::size_t end = url.find('/', scheme + 3);
  return url.substr(0, end);
}

const char* VerdictWord(Verdict v) {
  return v == Verdict::kPass ? "PASS" : v == Verdict::kFail ? "FAIL" : "SKIP";
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, login, secret, profile, contracts_dir, fixtures_dir, allow, junit, record, compare;
  std::vector<std::string> only;
  std::vector<std::pair<std::string, std::string>> extra_vars;
  long pace = 0;
  bool list = false;
  vi::cli::Normalized normalized = vi::cli::NormalizeProcess(argc, argv, kUsage, "VI_CONTRACTS_");
  if (normalized.error) return Usage(*normalized.error);
  for (const std::string& w : normalized.warnings) std::cerr << "vi-contracts: warning: " << w << "\n";
  const std::vector<std::string>& args = normalized.args;
  bool version = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    std::string v;
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--version") {
      version = true;
    } else if (a == "--list") {
      list = true;
    } else if (a == "--url" || a == "--login" || a == "--secret" || a == "--profile" || a == "--contracts" ||
               a == "--fixtures" || a == "--allow" || a == "--junit" || a == "--record" || a == "--compare" ||
               a == "--only" || a == "--pace" || a == "--var") {
      if (!value(v)) return Usage(a + " needs a value");
      if (a == "--url") url = v;
      if (a == "--login") login = v;
      if (a == "--secret") secret = v;
      if (a == "--profile") profile = v;
      if (a == "--contracts") contracts_dir = v;
      if (a == "--fixtures") fixtures_dir = v;
      if (a == "--allow") allow = v;
      if (a == "--junit") junit = v;
      if (a == "--record") record = v;
      if (a == "--compare") compare = v;
      if (a == "--only") only.push_back(v);
      if (a == "--pace") {
        char* end = nullptr;
        pace = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || pace < 0 || pace > 600000) return Usage("--pace takes 0..600000 ms");
      }
      if (a == "--var") {
        std::size_t eq = v.find('=');
        if (eq == std::string::npos || eq == 0) return Usage("--var takes NAME=VALUE");
        extra_vars.emplace_back(v.substr(0, eq), v.substr(eq + 1));
      }
    } else {
      return Usage("unknown argument '" + a + "'");
    }
  }
  if (version) {
    std::cout << "vi-contracts " << VI_CONTRACTS_VERSION << "\n";
    return 0;
  }
  if (!profile.empty() && profile != "sandbox" && profile != "production") {
    return Usage("--profile is sandbox or production");
  }
  if (!allow.empty() && allow != "reversible" && allow != "billable" && allow != "read") {
    return Usage("--allow is reversible or billable");
  }
  if (contracts_dir.empty()) contracts_dir = DefaultContractsDir();
  if (contracts_dir.empty())
    return Usage("no contracts found: run from the repository root or give --contracts");
  if (fixtures_dir.empty()) fixtures_dir = contracts_dir + "/../fixtures/soap";
  auto loaded = vi::contracts::LoadContracts(contracts_dir);
  if (!loaded) return Usage(loaded.error().message);
  std::vector<Contract> contracts = std::move(*loaded);
  for (const std::string& name : only) {
    bool known = false;
    for (const Contract& c : contracts) known = known || c.name == name;
    if (!known) return Usage("--only " + name + ": no such contract");
  }
  if (!only.empty()) {
    std::erase_if(contracts, [&](const Contract& c) {
      return std::find(only.begin(), only.end(), c.name) == only.end();
    });
  }

  vi::contracts::Target t;
  if (allow == "reversible" || allow == "billable") t.allowed.insert(ContractClass::kReversible);
  if (allow == "billable") t.allowed.insert(ContractClass::kBillable);

  if (list) {
    for (const Contract& c : contracts) {
      t.production = profile.empty() ? c.profile == "production" : profile == "production";
      std::string why = vi::contracts::SkipReason(c, t);
      std::cout << c.name << "  [" << ClassName(c.klass) << (c.needs_clock ? ", clock" : "") << "]  "
                << (why.empty() ? "runs live" : "live: skipped, " + why) << "\n";
    }
    std::cout << contracts.size() << " contracts; against the emulator every one runs\n";
    return 0;
  }

  if (url.empty()) {
    if (const char* e = std::getenv("VI_URL")) url = e;
  }
  if (url.empty()) return Usage("--url is required");
  // "production", "sandbox" or an http(s) URL, as vi-client takes them.
  auto endpoint = vi::client::ResolveEndpoint(url);
  if (!endpoint) return Usage("--url: " + endpoint.error());
  url = endpoint->url;
  t.url = url;
  t.origin = Origin(url);

  vi::client::TransportOptions options;
  options.total_timeout = std::chrono::milliseconds(30'000);
  vi::client::HttpTransport transport(options);
  t.transport = &transport;
  auto health = transport.Get(t.origin + "/_admin/health");
  if (!health) {
    std::cerr << "vi-contracts: cannot reach the service: " << health.error().message << "\n";
    return 3;
  }
  std::string served_profile;
  if (health->status == 200) {
    Json h = Json::parse(health->body, nullptr, false);
    if (!h.is_discarded() && h.is_object() && h.value("status", std::string()) == "ok") {
      t.emulator = true;
      served_profile = h.value("profile", std::string());
    }
  }
  if (!profile.empty()) {
    t.production = profile == "production";
  } else if (served_profile == "sandbox" || served_profile == "production") {
    t.production = served_profile == "production";
  } else {
    t.production = endpoint->profile == vi::wire::Profile::kProduction;
  }

  if (login.empty()) {
    if (const char* e = std::getenv("VI_LOGIN")) login = e;
  }
  if (secret.empty()) {
    if (const char* e = std::getenv("VI_SECRET")) secret = e;
  }
  if (t.emulator) {
    // The emulator's shipped accounts (fixtures/accounts.json).
    t.vars = {{"login", "sandbox"},
              {"secret", "sandbox"},
              {"otherLogin", "other"},
              {"otherSecret", "other"},
              {"limitedLogin", "limited"},
              {"limitedSecret", "limited"},
              {"limitedEpg", "7001"},
              {"epg", "8674"},
              {"epg2", "8675"},
              {"otherEpg", "9001"},
              {"portId", "36623"},
              {"unknownTn", "2015550123"},
              {"portableTn", "4352154006"},
              {"tollFreeTn", "8772207304"}};
  } else if (login.empty() || secret.empty()) {
    return Usage("not the emulator: give --login and --secret (or VI_LOGIN and VI_SECRET)");
  }
  if (!login.empty()) t.vars["login"] = login;
  if (!secret.empty()) t.vars["secret"] = secret;
  t.vars["badSecret"] = "not-the-secret-" + std::to_string(t.vars["secret"].size());
  for (const auto& [k, v] : extra_vars) t.vars[k] = v;
  t.secret_vars = {"login",        "secret",        "otherLogin", "otherSecret",
                   "limitedLogin", "limitedSecret", "badSecret"};
  t.fixtures_dir = fixtures_dir;
  t.record_dir = record;
  t.pace = std::chrono::milliseconds(pace);

  std::cout << "vi-contracts: " << vi::client::RedactedOrigin(url) << " — "
            << (t.emulator ? "the emulator" : "not the emulator (live-safe)") << ", "
            << (t.production ? "production" : "sandbox") << " schema\n";
  int passed = 0, failed = 0, skipped = 0;

  if (!compare.empty()) {
    auto replays = vi::contracts::LoadContracts(contracts_dir + "/replay");
    std::vector<Contract> replay_contracts;
    if (replays) replay_contracts = std::move(*replays);
    std::vector<vi::contracts::DriftCase> cases =
        vi::contracts::CompareRecorded(compare, replay_contracts, t);
    if (cases.empty()) return Usage("--compare " + compare + ": no */*/response.xml found");
    std::vector<vi::contracts::CaseReport> reports;
    for (const vi::contracts::DriftCase& d : cases) {
      std::cout << (d.verdict == Verdict::kPass   ? "SAME "
                    : d.verdict == Verdict::kFail ? "DRIFT"
                                                  : "SKIP ")
                << " " << d.name << (d.note.empty() ? "" : ": " + d.note) << "\n";
      for (const std::string& diff : d.differences) std::cout << "    " << diff << "\n";
      passed += d.verdict == Verdict::kPass;
      failed += d.verdict == Verdict::kFail;
      skipped += d.verdict == Verdict::kSkip;
      vi::contracts::Outcome o{d.verdict, d.note, 0};
      for (const std::string& diff : d.differences) o.message += (o.message.empty() ? "" : "\n") + diff;
      reports.push_back({d.name, "compare", o});
    }
    // The drift report per operation: how many of its cases kept their shape.
    std::map<std::string, std::array<int, 3>> by_operation;
    for (const vi::contracts::DriftCase& d : cases) {
      by_operation[d.name.substr(0, d.name.find('/'))][static_cast<int>(d.verdict)]++;
    }
    std::cout << "by operation:\n";
    for (const auto& [op, n] : by_operation) {
      std::cout << "  " << op << ": " << n[0] << " same, " << n[1] << " drift, " << n[2] << " skipped\n";
    }
    if (!junit.empty() && !vi::contracts::WriteJUnit(junit, reports)) {
      std::cerr << "vi-contracts: cannot write " << junit << "\n";
      return 1;
    }
    std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
    return failed > 0 ? 1 : 0;
  }

  std::vector<vi::contracts::CaseReport> reports;
  for (const Contract& c : contracts) {
    vi::contracts::Outcome o;
    std::string why = vi::contracts::SkipReason(c, t);
    if (!why.empty()) {
      o.verdict = Verdict::kSkip;
      o.message = why;
    } else {
      o = vi::contracts::RunContract(c, t);
    }
    std::cout << VerdictWord(o.verdict) << " " << c.name << " [" << ClassName(c.klass) << "]";
    if (o.verdict == Verdict::kPass) std::cout << " " << static_cast<int>(o.seconds * 1000) << " ms";
    if (!o.message.empty()) std::cout << (o.verdict == Verdict::kSkip ? ": " : "\n  ") << o.message;
    std::cout << std::endl;
    passed += o.verdict == Verdict::kPass;
    failed += o.verdict == Verdict::kFail;
    skipped += o.verdict == Verdict::kSkip;
    reports.push_back({c.name, ClassName(c.klass), o});
  }
  if (!junit.empty() && !vi::contracts::WriteJUnit(junit, reports)) {
    std::cerr << "vi-contracts: cannot write " << junit << "\n";
    return 1;
  }
  std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped" << std::endl;
  return failed > 0 ? 1 : 0;
}
