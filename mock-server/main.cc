// vi-sandbox: the emulator's executable. Reads flags, builds the server
// (server/sandbox_server.h), binds, prints where it listens, serves.
#include <malloc.h>
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/cli_args.h"
#include "mock-server/server/sandbox_server.h"

namespace {

constexpr std::string_view kUsage = R"(usage: vi-sandbox [options]

A stateful emulator of the VoIP Innovations API 3.0 SOAP service (the ten
sandbox operations), at http://HOST:PORT/VOIP/Services/APIService.asmx and
/Services/APIService.asmx (https:// with --tls-cert), with a control API
under /_admin.

options:
  --host ADDR             address to bind (default 127.0.0.1; 0.0.0.0 exposes
                          the service AND its control API to the network)
  --port N                port (default 8080; 0 picks a free port)
  --tls-cert FILE         serve HTTPS instead of HTTP on the port (/_admin
                          too) with this PEM certificate (the server's
                          first, then any chain certificates); needs
                          --tls-key. The WSDL's addresses say https://
  --tls-key FILE          the PEM private key of --tls-cert (unencrypted)
  --profile NAME          per-path (default): /VOIP/Services/APIService.asmx
                          speaks the 2014 sandbox schema and
                          /Services/APIService.asmx the production schema
                          (sms, network, DIDGroups, ConferenceLine, extra DID
                          fields), over one state; sandbox or production:
                          that schema on both paths
  --seed N                inventory generation seed (default 1)
  --inventory-size N      numbers in the inventory (default 50000, or the
                          capacity of a --rate-centers coverage if smaller;
                          up to the coverage's capacity, e.g. 1000000)
  --accounts FILE         accounts JSON added to the built-in ones (a
                          login of the file replaces the built-in account;
                          {"replaceShipped": true, ...} keeps only the
                          file's; format: fixtures/accounts.json, only
                          login and secret required)
  --ports FILE            port orders JSON instead of the built-in ones
                          (format: fixtures/ports.json)
  --rate-centers FILE     coverage TSV instead of the built-in one
                          (format: fixtures/rate_centers.tsv); the
                          built-in pinned numbers it does not cover are
                          left out
  --pinned-numbers FILE|none
                          numbers with fixed attributes instead of the
                          built-in recorded ones (format:
                          fixtures/pinned_numbers.tsv); none: no pinned
                          numbers (for a coverage without Utah 435)
  --search-cap N          most numbers one getDIDs returns (default 1000)
  --release-aging SECONDS released numbers stay unavailable this long
                          (default 0: back in inventory at once)
  --expire-date MODE      what expireDate shows (clients must not rely on it):
                          recorded (default): 1900-01-01T00:00:00 after
                          reserveDID and on your reservations, as both
                          recorded reserveDID answers show it; on your
                          assigned numbers the expiry that the reservation
                          they came from had (our reading of the one
                          recorded real value), 1900-01-01 if none;
                          real: as recorded, but reservations show their
                          real expiry; sentinel: always 1900-01-01T00:00:00
  --fidelity MODE         strict: every choice as recorded (the defaults);
                          relaxed (old name: default): the conveniences,
                          --expire-date real and --accept-tn-prefix. An
                          explicit --expire-date or --accept-tn-prefix wins
  --accept-tn-prefix      read 1XXXXXXXXXX and +1XXXXXXXXXX as the 10-digit
                          number (default: 944 Invalid Number, as the real
                          service is taken to answer: strip the +1 first)
  --strict-soapaction     fault on a text/xml request without SOAPAction
                          (default: the SOAP 1.2 rules route it by its
                          Body element, as ASMX with both versions does)
  --workers N             HTTP worker threads = simultaneous connections
                          (default 64)
  --journal-size N        SOAP requests kept for GET /_admin/requests
                          (default 1000; 0: no journal)
  --state FILE            load the state (accounts, holdings, clock) from
                          FILE at start-up if it exists, and save it there
                          on SIGTERM/SIGINT (atomically: a temporary file
                          renamed over FILE). A file that is not a whole
                          state document for this inventory stops start-up
  --no-admin              do not serve the /_admin control API (nor the
                          journal, fault rules, /metrics)
  --no-iis-headers        omit the headers IIS and ASP.NET add to service
                          answers (Date, Cache-Control, Server,
                          X-AspNet-Version, X-Powered-By)
  --log-format FORMAT     text (default) or json: one JSON object per line
                          (time, virtualTime, operation, account, result,
                          status, tns, statusCodes, outcome, notes)
  --quiet                 no request log (default: one line per request on
                          stderr; secrets are never logged)
  --help                  this text
  --version               print "vi-sandbox VERSION" and exit

When ready it prints one line on stdout:
  listening on http://HOST:PORT/     (https://HOST:PORT/ with --tls-cert)

environment:
  Every option can also be set in the environment, in a variable named
  VI_SANDBOX_ and the option's name in upper case with '-' as '_':
  VI_SANDBOX_PORT=9000 is --port 9000, VI_SANDBOX_INVENTORY_SIZE=2000 is
  --inventory-size 2000; a switch takes 1/true/yes/on (VI_SANDBOX_NO_ADMIN=1
  is --no-admin) or 0/false/no/off. An option on the command line wins over
  its variable. --opt=value is read as --opt value.

exit status:
  0  stopped by SIGTERM or SIGINT (or --help, --version)
  1  a runtime failure: a data or TLS file, the address or the port (in use,
     not local, not permitted; the reason is printed)
  2  a usage error: an unknown option, a bad value, a bad variable
)";

// A usage error: exit status 2.
[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "vi-sandbox: %s\n(try --help)\n", message.c_str());
  std::exit(2);
}

// A runtime failure (data, bind): exit status 1.
[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "vi-sandbox: %s\n", message.c_str());
  std::exit(1);
}

long long Number(std::string_view flag, const char* text, long long min, long long max) {
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
    Die(std::string(flag) + " expects a whole number between " + std::to_string(min) + " and " +
        std::to_string(max) + ", got '" + text + "'");
  }
  return v;
}

// What the command line asked for.
struct Options {
  vi::server::SandboxServerConfig config;
  std::optional<std::string> state_path;  // --state
  bool quiet = false;
  bool help = false;
  bool version = false;
  bool relaxed = false;  // --fidelity relaxed
  std::optional<vi::core::ExpireDate> expire_date;
  std::optional<vi::core::TnPrefix> tn_prefix;
};

// Reads the value of the flag at argv[i] (advancing i), or dies.
class FlagValues {
 public:
  FlagValues(int argc, char** argv, int& i) : argc_(argc), argv_(argv), i_(i) {}
  const char* Next(std::string_view flag) {
    if (i_ + 1 >= argc_) Die(std::string(flag) + " needs a value");
    return argv_[++i_];
  }

 private:
  int argc_;
  char** argv_;
  int& i_;
};

// Applies a flag about the service and its transport; false if `flag` is not one.
bool ApplyServiceFlag(std::string_view flag, FlagValues& values, Options& o) {
  vi::server::SandboxServerConfig& config = o.config;
  if (flag == "--host") {
    config.host = values.Next(flag);
  } else if (flag == "--port") {
    config.port = static_cast<int>(Number(flag, values.Next(flag), 0, 65535));
  } else if (flag == "--profile") {
    std::string_view p = values.Next(flag);
    config.profile_per_path = p == "per-path";
    if (p == "sandbox") {
      config.soap.profile = vi::wire::Profile::kSandbox;
    } else if (p == "production") {
      config.soap.profile = vi::wire::Profile::kProduction;
    } else if (p != "per-path") {
      Die("--profile is per-path, sandbox or production, got '" + std::string(p) + "'");
    }
  } else if (flag == "--tls-cert" || flag == "--tls-key") {
    std::string path = values.Next(flag);
    if (path.empty()) Die(std::string(flag) + " needs a file name");
    (flag == "--tls-cert" ? config.tls_cert_path : config.tls_key_path) = std::move(path);
  } else if (flag == "--strict-soapaction") {
    config.soap.strict_soapaction = true;
  } else if (flag == "--workers") {
    config.limits.worker_count = static_cast<std::size_t>(Number(flag, values.Next(flag), 1, 4096));
  } else if (flag == "--journal-size") {
    config.journal_size = static_cast<std::size_t>(Number(flag, values.Next(flag), 0, 1'000'000));
  } else if (flag == "--state") {
    o.state_path = values.Next(flag);
  } else if (flag == "--no-admin") {
    config.admin = false;
  } else if (flag == "--no-iis-headers") {
    config.iis_headers = false;
  } else if (flag == "--log-format") {
    std::string_view f = values.Next(flag);
    if (f != "text" && f != "json") Die("--log-format is text or json, got '" + std::string(f) + "'");
    config.log_json = f == "json";
  } else if (flag == "--quiet") {
    o.quiet = true;
  } else {
    return false;
  }
  return true;
}

// Applies a flag about the data and the rules; false if `flag` is not one.
bool ApplyDataFlag(std::string_view flag, FlagValues& values, Options& o) {
  vi::server::SandboxServerConfig& config = o.config;
  if (flag == "--seed") {
    config.data.inventory.seed = static_cast<std::uint64_t>(Number(flag, values.Next(flag), 0, INT64_MAX));
  } else if (flag == "--inventory-size") {
    config.data.inventory.size = static_cast<std::size_t>(Number(flag, values.Next(flag), 1, 100'000'000));
    config.data.inventory_size_given = true;
  } else if (flag == "--accounts") {
    config.data.accounts_path = values.Next(flag);
  } else if (flag == "--ports") {
    config.data.ports_path = values.Next(flag);
  } else if (flag == "--rate-centers") {
    config.data.rate_centers_path = values.Next(flag);
  } else if (flag == "--pinned-numbers") {
    config.data.pinned_numbers_path = values.Next(flag);
  } else if (flag == "--search-cap") {
    config.sandbox.search_cap = static_cast<std::size_t>(Number(flag, values.Next(flag), 1, 1'000'000));
  } else if (flag == "--release-aging") {
    config.sandbox.release_aging = std::chrono::seconds(Number(flag, values.Next(flag), 0, 365LL * 86400));
  } else if (flag == "--accept-tn-prefix") {
    o.tn_prefix = vi::core::TnPrefix::kAccept;
  } else if (flag == "--expire-date") {
    std::string_view m = values.Next(flag);
    if (m == "recorded") {
      o.expire_date = vi::core::ExpireDate::kRecorded;
    } else if (m == "real") {
      o.expire_date = vi::core::ExpireDate::kReal;
    } else if (m == "sentinel") {
      o.expire_date = vi::core::ExpireDate::kSentinel;
    } else {
      Die("--expire-date is recorded, real or sentinel, got '" + std::string(m) + "'");
    }
  } else if (flag == "--fidelity") {
    std::string_view m = values.Next(flag);
    if (m != "strict" && m != "relaxed" && m != "default") Die("--fidelity is strict or relaxed");
    o.relaxed = m != "strict";
  } else {
    return false;
  }
  return true;
}

// The options on the command line; dies (exit 2) on a bad one. Stops at
// --help, which the caller answers.
Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    FlagValues values(argc, argv, i);
    if (flag == "--help" || flag == "-h") {
      o.help = true;
      return o;
    }
    if (flag == "--version") {
      o.version = true;
      return o;
    }
    if (!ApplyServiceFlag(flag, values, o) && !ApplyDataFlag(flag, values, o)) {
      Die("unknown option '" + std::string(flag) + "'");
    }
  }
  if (o.quiet) o.config.log = nullptr;
  if (o.config.tls_cert_path.empty() != o.config.tls_key_path.empty()) {
    Die(o.config.tls_cert_path.empty() ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key");
  }
  // --fidelity sets the defaults of the choices it covers; explicit flags win
  // wherever they appear.
  vi::core::SandboxOptions& rules = o.config.sandbox;
  rules.expire_date = o.expire_date.value_or(o.relaxed ? vi::core::ExpireDate::kReal : rules.expire_date);
  rules.tn_prefix = o.tn_prefix.value_or(o.relaxed ? vi::core::TnPrefix::kAccept : rules.tn_prefix);
  return o;
}

// SIGINT/SIGTERM are taken by a thread that stops the server (Stop() is not
// async-signal-safe). REQUIRES: called before any other thread exists, so
// every thread inherits the blocked mask.
sigset_t BlockStopSignals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return stop_signals;
}

// Responses of a few hundred KB (a 1000-number getDIDs) are built per
// request on worker threads. With glibc's defaults each one is mmapped and
// returned to the kernel afterwards, so every request page-faults fresh
// memory: measured 3-4x fewer such requests per second. Keep freed memory
// in the arenas instead.
// Since freed memory stays, each arena holds its own high-water mark, and
// glibc gives up to 8 arenas per core to the 64+ worker threads: a 10-minute
// soak (ci/soak.sh) grew 10 -> 35 MiB, +0.41 MiB/min after warm-up. With two
// arenas it held 18.5 -> 18.7 MiB (+0.03 MiB/min) for about 4 % less
// queryDID throughput at 64 connections (README, "Soak"). A MALLOC_ARENA_MAX
// set by the user wins.
void KeepFreedMemoryInArenas() {
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, 2);
}

// Loads the data, builds the server and binds it; dies with the reason
// (a data file's error names the file) when any step fails.
std::unique_ptr<vi::server::SandboxServer> BuildAndBind(const vi::server::SandboxServerConfig& config,
                                                        int& port) {
  auto server = vi::server::SandboxServer::Create(config);
  if (!server) Fail(server.error());
  auto bound = (*server)->Bind();
  if (!bound) Fail(bound.error());
  port = *bound;
  return std::move(*server);
}

// Stops `server` on the first SIGINT/SIGTERM. REQUIRES: `server` outlives
// the process's serving (the thread is detached).
void StopOnSignal(vi::server::SandboxServer* server, sigset_t stop_signals) {
  std::thread([server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server->Stop();
  }).detach();
}

// Prints the ready line on stdout and, unless quiet, a summary on stderr.
void Announce(const Options& o, vi::server::SandboxServer& server, int port) {
  const std::string& h = o.config.host;
  std::string host = h.find(':') != std::string::npos ? "[" + h + "]" : h;
  const char* scheme = server.tls() ? "https" : "http";
  std::printf("listening on %s://%s:%d/\n", scheme, host.c_str(), port);
  std::fflush(stdout);
  if (!o.quiet) {
    std::fprintf(stderr, "vi-sandbox: profile %s, %zu numbers; service at %s://%s:%d%s\n",
                 o.config.profile_per_path                              ? "per-path"
                 : o.config.soap.profile == vi::wire::Profile::kSandbox ? "sandbox"
                                                                        : "production",
                 server.sandbox().inventory().size(), scheme, host.c_str(), port,
                 std::string(vi::soap::kSandboxPath).c_str());
  }
}

// The command line after the conventions of base/cli_args.h (--opt=value,
// VI_SANDBOX_* variables), as argv for ParseOptions; dies on a bad variable.
std::vector<std::string> ConventionalArgs(int argc, char** argv) {
  vi::cli::Normalized n = vi::cli::NormalizeProcess(argc, argv, kUsage, "VI_SANDBOX_");
  if (n.error) Die(*n.error);
  for (const std::string& w : n.warnings) std::fprintf(stderr, "vi-sandbox: warning: %s\n", w.c_str());
  n.args.insert(n.args.begin(), argv[0]);
  return n.args;
}

}  // namespace

int main(int argc, char** argv) {
  // A request log whose reader has gone (stderr a closed pipe) ends the log
  // (its writes fail with EPIPE), never the server. httplib's Server also
  // ignores SIGPIPE when constructed; this does not depend on that.
  std::signal(SIGPIPE, SIG_IGN);
  const sigset_t stop_signals = BlockStopSignals();
  KeepFreedMemoryInArenas();
  std::vector<std::string> args = ConventionalArgs(argc, argv);
  std::vector<char*> arg_pointers;
  for (std::string& a : args) arg_pointers.push_back(a.data());
  const Options options = ParseOptions(static_cast<int>(arg_pointers.size()), arg_pointers.data());
  if (options.help) {
    std::fputs(kUsage.data(), stdout);
    return 0;
  }
  if (options.version) {
    std::printf("vi-sandbox %s\n", VI_SANDBOX_VERSION);
    return 0;
  }
  if (options.state_path && !options.config.admin) Die("--state needs the control plane (drop --no-admin)");
  int port = 0;
  std::unique_ptr<vi::server::SandboxServer> server = BuildAndBind(options.config, port);
  if (options.state_path && ::access(options.state_path->c_str(), F_OK) == 0) {
    if (std::optional<std::string> why = server->LoadStateFile(*options.state_path)) {
      std::fprintf(stderr, "vi-sandbox: %s\n", why->c_str());
      return 2;
    }
  }
  StopOnSignal(server.get(), stop_signals);
  Announce(options, *server, port);
  const bool served = server->Listen();
  if (options.state_path) {
    if (std::optional<std::string> why = server->SaveStateFile(*options.state_path)) {
      std::fprintf(stderr, "vi-sandbox: state not saved: %s\n", why->c_str());
      return 1;
    }
    if (!options.quiet) std::fprintf(stderr, "vi-sandbox: state saved to %s\n", options.state_path->c_str());
  }
  return served ? 0 : 1;
}
