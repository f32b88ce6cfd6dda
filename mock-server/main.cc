// vi-sandbox: the emulator's executable. Reads flags, builds the server
// (server/sandbox_server.h), binds, prints where it listens, serves.
#include <malloc.h>
#include <pthread.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>

#include "mock-server/server/sandbox_server.h"

namespace {

constexpr std::string_view kUsage = R"(usage: vi-sandbox [options]

A stateful emulator of the VoIP Innovations API 3.0 SOAP service (the ten
sandbox operations), at http://HOST:PORT/VOIP/Services/APIService.asmx and
/Services/APIService.asmx, with a control API under /_admin.

options:
  --host ADDR             address to bind (default 127.0.0.1; 0.0.0.0 exposes
                          the service AND its control API to the network)
  --port N                port (default 8080; 0 picks a free port)
  --profile NAME          sandbox (default): the 2014 sandbox schema;
                          production: the production schema (sms, network,
                          DIDGroups, ConferenceLine, extra DID fields)
  --seed N                inventory generation seed (default 1)
  --inventory-size N      numbers in the inventory (default 50000; up to
                          the coverage's capacity, e.g. 1000000)
  --accounts FILE         accounts JSON instead of the built-in ones
                          (format: fixtures/accounts.json)
  --ports FILE            port orders JSON instead of the built-in ones
                          (format: fixtures/ports.json)
  --rate-centers FILE     coverage TSV instead of the built-in one
                          (format: fixtures/rate_centers.tsv)
  --search-cap N          most numbers one getDIDs returns (default 1000)
  --release-aging SECONDS released numbers stay unavailable this long
                          (default 0: back in inventory at once)
  --fidelity MODE         default: expireDate shows a reservation's expiry;
                          strict: always 1900-01-01T00:00:00, as recorded
  --strict-soapaction     fault on a SOAP 1.1 request without SOAPAction
                          (default: route it by its Body element)
  --workers N             HTTP worker threads = simultaneous connections
                          (default 64)
  --no-admin              do not serve the /_admin control API
  --quiet                 no request log (default: one line per request on
                          stderr; secrets are never logged)
  --help                  this text

When ready it prints one line on stdout:
  listening on http://HOST:PORT/
)";

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "vi-sandbox: %s\n(try --help)\n", message.c_str());
  std::exit(2);
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

}  // namespace

int main(int argc, char** argv) {
  // SIGINT/SIGTERM are taken by a thread that stops the server (Stop() is
  // not async-signal-safe). Blocked before any other thread exists.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // Responses of a few hundred KB (a 1000-number getDIDs) are built per
  // request on worker threads. With glibc's defaults each one is mmapped
  // and returned to the kernel afterwards, so every request page-faults
  // fresh memory: measured 3-4x fewer such requests per second. Keep freed
  // memory in the arenas instead.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);

  vi::server::SandboxServerConfig config;
  bool quiet = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) Die(std::string(flag) + " needs a value");
      return argv[++i];
    };
    if (flag == "--help" || flag == "-h") {
      std::fputs(kUsage.data(), stdout);
      return 0;
    } else if (flag == "--host") {
      config.host = value();
    } else if (flag == "--port") {
      config.port = static_cast<int>(Number(flag, value(), 0, 65535));
    } else if (flag == "--profile") {
      std::string_view p = value();
      if (p == "sandbox") {
        config.soap.profile = vi::wire::Profile::kSandbox;
      } else if (p == "production") {
        config.soap.profile = vi::wire::Profile::kProduction;
      } else {
        Die("--profile is sandbox or production, got '" + std::string(p) + "'");
      }
    } else if (flag == "--seed") {
      config.data.inventory.seed = static_cast<std::uint64_t>(Number(flag, value(), 0, INT64_MAX));
    } else if (flag == "--inventory-size") {
      config.data.inventory.size = static_cast<std::size_t>(Number(flag, value(), 1, 100'000'000));
    } else if (flag == "--accounts") {
      config.data.accounts_path = value();
    } else if (flag == "--ports") {
      config.data.ports_path = value();
    } else if (flag == "--rate-centers") {
      config.data.rate_centers_path = value();
    } else if (flag == "--search-cap") {
      config.sandbox.search_cap = static_cast<std::size_t>(Number(flag, value(), 1, 1'000'000));
    } else if (flag == "--release-aging") {
      config.sandbox.release_aging = std::chrono::seconds(Number(flag, value(), 0, 365LL * 86400));
    } else if (flag == "--fidelity") {
      std::string_view m = value();
      if (m != "default" && m != "strict") Die("--fidelity is default or strict");
      config.sandbox.sentinel_expire_date = m == "strict";
    } else if (flag == "--strict-soapaction") {
      config.soap.strict_soapaction = true;
    } else if (flag == "--workers") {
      config.limits.worker_count = static_cast<std::size_t>(Number(flag, value(), 1, 4096));
    } else if (flag == "--no-admin") {
      config.admin = false;
    } else if (flag == "--quiet") {
      quiet = true;
    } else {
      Die("unknown option '" + std::string(flag) + "'");
    }
  }
  if (quiet) config.log = nullptr;

  auto server = vi::server::SandboxServer::Create(config);
  if (!server) Die(server.error());
  auto port = (*server)->Bind();
  if (!port) Die(port.error());
  vi::server::SandboxServer* running = server->get();
  std::thread([running, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    running->Stop();
  }).detach();
  std::string host = config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host;
  std::printf("listening on http://%s:%d/\n", host.c_str(), *port);
  std::fflush(stdout);
  if (!quiet) {
    std::fprintf(stderr, "vi-sandbox: profile %s, %zu numbers; service at http://%s:%d%s\n",
                 config.soap.profile == vi::wire::Profile::kSandbox ? "sandbox" : "production",
                 (*server)->sandbox().inventory().size(), host.c_str(), *port,
                 std::string(vi::soap::kSandboxPath).c_str());
  }
  return (*server)->Listen() ? 0 : 1;
}
