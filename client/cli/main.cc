// vi-client: the command-line face of vi::client (client/client.h).
//   vi-client [--url URL|sandbox|production] [--login L] [--secret S] [--soap12]
//             [--json] [--timeout SEC] [--ca-bundle FILE] OPERATION [options]
// Command line after base/cli_args.h: --opt=value, and every global option
// from a VI_CLIENT_* variable (VI_URL, VI_LOGIN, VI_SECRET still read after
// them). Exit codes: 0 all 100; 1 another API code; 2 usage; 3 transport,
// HTTP or SOAP fault. Never a stack trace: every failure is one line on
// stderr.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/cli_args.h"
#include "client/cli/output.h"
#include "client/client.h"

namespace {

using vi::client::Client;
using vi::client::ClientOptions;

constexpr int kOk = 0;
constexpr int kApiCode = 1;
constexpr int kUsage = 2;
constexpr int kFailure = 3;

constexpr std::string_view kUsageLine =
    "usage: vi-client [--url URL|sandbox|production] [--login L] [--secret S] [--soap12] [--json] "
    "[--timeout SEC] [--ca-bundle FILE] OPERATION [options]";

constexpr std::string_view kToolHelp = R"(
Calls one operation of the VoIP Innovations API 3.0 (or vi-sandbox) and prints
the result: a table, or with --json one JSON document keyed by the wire names.

Global options (before or after OPERATION):
  --url URL|sandbox|production  endpoint (default $VI_URL, else sandbox); the
                                schema follows the path: /VOIP/Services/... is
                                the sandbox schema, /Services/... production
  --login L                     API login (default $VI_LOGIN)
  --secret S                    API secret (default $VI_SECRET; prefer a
                                variable: a command line is visible to others)
  --soap12                      SOAP 1.2 instead of 1.1
  --json                        print JSON
  --timeout SEC                 total timeout per request (default 60)
  --ca-bundle FILE              trust the CAs in this PEM file (TLS is always
                                verified)
  --help                        this text; OPERATION --help for an operation
  --version                     print "vi-client VERSION" and exit

Operations:
  getDIDs        --state --npa --lata --rate-center --nxx --tier --t38 --cnam
                 [--sms --network: production schema]
  getDIDCount    as getDIDs, and --order-by
  queryDID       --tn N
  reserveDID     --tn N [--tn M ...] [--epg E] [--refid R] [--cnam 0|1]
  assignDID      as reserveDID
  configDID      as reserveDID
  releaseDID     as reserveDID
  isPortable     --tn N
  getPortDetails --port-id N
  auditDIDs

Environment:
  Every global option can also be set in a variable named VI_CLIENT_ and the
  option's name in upper case with '-' as '_': VI_CLIENT_URL=production is
  --url production, VI_CLIENT_TIMEOUT=5 is --timeout 5, VI_CLIENT_CA_BUNDLE;
  a switch takes 1/true/yes/on (VI_CLIENT_JSON=1 is --json, VI_CLIENT_SOAP12)
  or 0/false/no/off. An option on the command line wins over its variable;
  VI_URL, VI_LOGIN and VI_SECRET (shared with vi-contracts) are read when
  neither is given. --opt=value is read as --opt value.

Exit codes: 0 responseCode 100 and every statusCode 100 (and --help,
--version); 1 any other API code; 2 usage error (an unknown option or
operation, a bad value, a bad variable); 3 transport failure, HTTP error or
SOAP fault.
)";

struct OperationSpec {
  std::string_view name;
  std::vector<std::string_view> options;  // without "--"
  std::string_view help;
};

const std::vector<OperationSpec>& Operations() {
  static const std::vector<OperationSpec> ops = {
      {"getDIDs",
       {"state", "npa", "lata", "rate-center", "nxx", "tier", "t38", "cnam", "sms", "network"},
       "getDIDs [--state ST] [--npa NPA] [--lata L] [--rate-center RC] [--nxx NXX] [--tier T] [--t38 0|1] "
       "[--cnam 0|1] [--sms 0|1] [--network N]\n  Searches available numbers (sms/network: production "
       "schema only)."},
      {"getDIDCount",
       {"state", "npa", "lata", "rate-center", "nxx", "tier", "t38", "cnam", "sms", "network", "order-by"},
       "getDIDCount [getDIDs options] [--order-by FIELD]\n  Counts available numbers per rate center and "
       "tier."},
      {"queryDID", {"tn"}, "queryDID --tn N\n  One number's state."},
      {"reserveDID",
       {"tn", "epg", "refid", "cnam"},
       "reserveDID --tn N [--tn M ...] [--epg E] [--refid R] [--cnam 0|1]\n  Reserves numbers for 30 "
       "minutes."},
      {"assignDID",
       {"tn", "epg", "refid", "cnam"},
       "assignDID --tn N [--tn M ...] --epg E [--refid R] [--cnam 0|1]\n  Assigns numbers to an endpoint "
       "group."},
      {"configDID",
       {"tn", "epg", "refid", "cnam"},
       "configDID --tn N [--tn M ...] --epg E [--refid R] [--cnam 0|1]\n  Reconfigures assigned numbers."},
      {"releaseDID",
       {"tn", "epg", "refid", "cnam"},
       "releaseDID --tn N [--tn M ...] [--epg E] [--refid R]\n  Releases numbers."},
      {"isPortable", {"tn"}, "isPortable --tn N\n  Whether a number is portable."},
      {"getPortDetails", {"port-id"}, "getPortDetails --port-id N\n  The details of a port order."},
      {"auditDIDs", {}, "auditDIDs\n  Every number the account holds."},
  };
  return ops;
}

const OperationSpec* FindSpec(std::string_view name) {
  for (const OperationSpec& s : Operations()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

struct UsageError {
  std::string message;
};

struct Invocation {
  ClientOptions options;
  bool json = false;
  bool help = false;
  bool version = false;
  const OperationSpec* op = nullptr;
  std::multimap<std::string, std::string> values;  // operation options, in order per name
};

std::optional<std::string> Env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

bool ParseInt(std::string_view s, long long lo, long long hi, long long& out) {
  if (s.empty() || s.size() > 12) return false;
  long long v = 0;
  std::size_t i = 0;
  bool neg = s[0] == '-';
  if (neg) i = 1;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  if (neg) v = -v;
  if (v < lo || v > hi) return false;
  out = v;
  return true;
}

// Parses the arguments (after base/cli_args.h: no argv[0]); throws nothing,
// returns a usage error as a value.
std::optional<UsageError> Parse(const std::vector<std::string>& args, Invocation& inv) {
  std::optional<std::string> url = Env("VI_URL"), login = Env("VI_LOGIN"), secret = Env("VI_SECRET");
  std::vector<std::pair<std::string, std::string>> op_options;
  const std::size_t argc = args.size();
  for (std::size_t i = 0; i < argc; ++i) {
    const std::string& arg = args[i];
    if (!arg.starts_with("--")) {
      if (inv.op != nullptr) return UsageError{"unexpected argument '" + arg + "'"};
      inv.op = FindSpec(arg);
      if (inv.op == nullptr) return UsageError{"unknown operation '" + arg + "'"};
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (std::size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    auto flag = [&](bool& out) -> std::optional<UsageError> {
      if (value) return UsageError{"--" + name + " takes no value"};
      out = true;
      return std::nullopt;
    };
    auto take = [&]() -> std::optional<UsageError> {
      if (value) return std::nullopt;
      if (i + 1 >= argc) return UsageError{"--" + name + " needs a value"};
      value = args[++i];
      return std::nullopt;
    };
    bool soap12 = false;
    if (name == "help") {
      if (auto e = flag(inv.help)) return e;
    } else if (name == "version") {
      if (auto e = flag(inv.version)) return e;
    } else if (name == "json") {
      if (auto e = flag(inv.json)) return e;
    } else if (name == "soap12") {
      if (auto e = flag(soap12)) return e;
      inv.options.soap_version = vi::wire::SoapVersion::k12;
    } else if (name == "url" || name == "login" || name == "secret" || name == "timeout" ||
               name == "ca-bundle") {
      if (auto e = take()) return e;
      if (name == "url") url = *value;
      if (name == "login") login = *value;
      if (name == "secret") secret = *value;
      if (name == "ca-bundle") inv.options.transport.ca_bundle = *value;
      if (name == "timeout") {
        long long sec = 0;
        if (!ParseInt(*value, 1, 86'400, sec)) return UsageError{"--timeout needs whole seconds, 1 to 86400"};
        inv.options.transport.total_timeout = std::chrono::seconds(sec);
        inv.options.transport.connect_timeout = std::min<std::chrono::milliseconds>(
            inv.options.transport.connect_timeout, std::chrono::seconds(sec));
      }
    } else {
      if (auto e = take()) return e;
      op_options.emplace_back(name, *value);
    }
  }
  if (inv.help || inv.version) return std::nullopt;
  if (inv.op == nullptr) return UsageError{"missing OPERATION"};
  for (const auto& [name, value] : op_options) {
    bool known = false;
    for (std::string_view o : inv.op->options) known = known || o == name;
    if (!known) return UsageError{"unknown option --" + name + " for " + std::string(inv.op->name)};
    if (name != "tn" && inv.values.count(name) > 0) return UsageError{"--" + name + " given twice"};
    inv.values.emplace(name, value);
  }
  inv.options.endpoint = url.value_or("sandbox");
  if (!login || login->empty()) return UsageError{"missing login (--login or VI_LOGIN)"};
  if (!secret || secret->empty()) return UsageError{"missing secret (VI_SECRET or --secret)"};
  inv.options.credentials = {*login, *secret};
  return std::nullopt;
}

std::string Value(const Invocation& inv, const std::string& name) {
  auto it = inv.values.find(name);
  return it == inv.values.end() ? std::string() : it->second;
}

int Usage(const std::string& message, const OperationSpec* op) {
  std::cerr << "vi-client: " << message << "\n" << kUsageLine << "\n";
  if (op != nullptr) std::cerr << "  " << op->help << "\n";
  return kUsage;
}

template <typename T>
int Finish(const vi::Result<T, vi::client::Error>& r, const Invocation& inv) {
  if (!r) {
    std::cerr << "vi-client: " << r.error().message << "\n";
    return kFailure;
  }
  if constexpr (std::is_same_v<T, vi::model::DidResponse>) {
    std::cout << (inv.json ? vi::cli::DidResponseJson(*r) : vi::cli::DidResponseTable(*r));
  } else {
    std::cout << (inv.json ? vi::cli::PortResponseJson(*r) : vi::cli::PortResponseTable(*r));
  }
  std::cout.flush();
  if (auto problem = vi::cli::ApiProblem(*r)) {
    std::cerr << "vi-client: " << inv.op->name << " answered " << *problem << "\n";
    return kApiCode;
  }
  return kOk;
}

int Run(int argc, char** argv) {
  Invocation inv;
  vi::cli::Normalized normalized = vi::cli::NormalizeProcess(argc, argv, kToolHelp, "VI_CLIENT_");
  if (normalized.error) return Usage(*normalized.error, nullptr);
  for (const std::string& w : normalized.warnings) std::cerr << "vi-client: warning: " << w << "\n";
  if (auto e = Parse(normalized.args, inv)) return Usage(e->message, inv.op);
  if (inv.version) {
    std::cout << "vi-client " << VI_CLIENT_VERSION << "\n";
    return kOk;
  }
  if (inv.help) {
    if (inv.op != nullptr) {
      std::cout << "usage: vi-client [global options] " << inv.op->help << "\n";
    } else {
      std::cout << kUsageLine << "\n" << kToolHelp;
    }
    return kOk;
  }
  const std::string op(inv.op->name);

  // Operation arguments, checked before anything is sent.
  std::vector<vi::model::DidParam> params;
  bool did_params = inv.op->options.size() == 4 && inv.op->options[0] == "tn" && inv.op->options[1] == "epg";
  if (did_params) {
    std::optional<int> epg;
    if (inv.values.count("epg") > 0) {
      long long v = 0;
      if (!ParseInt(Value(inv, "epg"), -2147483648LL, 2147483647LL, v)) {
        return Usage("--epg needs an integer", inv.op);
      }
      epg = static_cast<int>(v);
    }
    if (inv.values.count("cnam") > 0 && Value(inv, "cnam") != "0" && Value(inv, "cnam") != "1") {
      return Usage("--cnam takes 0 or 1", inv.op);
    }
    auto [first, last] = inv.values.equal_range("tn");
    for (auto it = first; it != last; ++it) {
      vi::model::DidParam p;
      p.tn = it->second;
      if (inv.values.count("cnam") > 0) p.cnam = Value(inv, "cnam");
      if (inv.values.count("refid") > 0) p.ref_id = Value(inv, "refid");
      p.epg = epg;
      params.push_back(std::move(p));
    }
    if (params.empty()) return Usage(op + " needs at least one --tn", inv.op);
  }
  if ((op == "queryDID" || op == "isPortable") && inv.values.count("tn") != 1) {
    return Usage(op + " needs exactly one --tn", inv.op);
  }
  long long port_id = 0;
  if (op == "getPortDetails" && !ParseInt(Value(inv, "port-id"), -2147483648LL, 2147483647LL, port_id)) {
    return Usage("getPortDetails needs --port-id N (an integer)", inv.op);
  }

  auto client = Client::Create(inv.options);
  if (!client) return Usage(client.error().message, inv.op);
  if (op == "getDIDs" || op == "getDIDCount") {
    if (client->endpoint().profile == vi::wire::Profile::kSandbox &&
        (inv.values.count("sms") > 0 || inv.values.count("network") > 0)) {
      return Usage("--sms and --network exist only in the production schema", inv.op);
    }
    vi::model::SearchRequest s;
    s.state = Value(inv, "state");
    s.lata = Value(inv, "lata");
    s.rate_center = Value(inv, "rate-center");
    s.npa = Value(inv, "npa");
    s.nxx = Value(inv, "nxx");
    s.tier = Value(inv, "tier");
    s.t38 = Value(inv, "t38");
    s.cnam = Value(inv, "cnam");
    s.sms = Value(inv, "sms");
    s.network = Value(inv, "network");
    s.orderby = Value(inv, "order-by");
    return Finish(op == "getDIDs" ? client->GetDids(s) : client->GetDidCount(s), inv);
  }
  if (op == "queryDID") return Finish(client->QueryDid(Value(inv, "tn")), inv);
  if (op == "isPortable") return Finish(client->IsPortable(Value(inv, "tn")), inv);
  if (op == "getPortDetails") return Finish(client->GetPortDetails(static_cast<int>(port_id)), inv);
  if (op == "auditDIDs") return Finish(client->AuditDids(), inv);
  if (op == "reserveDID") return Finish(client->ReserveDid(params), inv);
  if (op == "assignDID") return Finish(client->AssignDid(params), inv);
  if (op == "configDID") return Finish(client->ConfigDid(params), inv);
  return Finish(client->ReleaseDid(params), inv);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception&) {
    // Not expected; the text could hold anything, so it is not printed.
    std::cerr << "vi-client: internal error\n";
    return kFailure;
  }
}
