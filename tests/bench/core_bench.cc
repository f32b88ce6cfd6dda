// vi-core-bench: load time, memory and single-call latency of the domain core
// (Inventory, Sandbox) at one inventory size. A measuring tool, not a test:
// nothing here passes or fails on speed. Run it by hand or via
// ci/bench-core.sh; the figures it prints belong in the README.
//
//   vi-core-bench [--size N] [--seed S] [--runs R] [--repeat K]
//                 [--case-ms MS] [--json]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/ascii.h"
#include "base/result.h"
#include "fixtures/embedded.h"
#include "mock-server/core/clock.h"
#include "mock-server/core/coverage.h"
#include "mock-server/core/inventory.h"
#include "mock-server/core/sandbox.h"
#include "mock-server/core/tn.h"
#include "mock-server/data/sandbox_data.h"
#include "model/requests.h"

namespace vi {
namespace {

using BenchClock = std::chrono::steady_clock;

struct Args {
  std::size_t size = 1'000'000;
  std::uint64_t seed = 1;
  int runs = 5;       // loads to time (median reported)
  int repeat = 3;     // rounds of the latency suite (median of per-round figures)
  int case_ms = 200;  // time budget of one case in one round
  bool json = false;
};

constexpr std::string_view kUsage =
    "usage: vi-core-bench [--size N] [--seed S] [--runs R] [--repeat K] [--case-ms MS] [--json]\n"
    "  --size N      inventory size (default 1000000)\n"
    "  --seed S      inventory seed (default 1)\n"
    "  --runs R      data loads to time, median reported (default 5)\n"
    "  --repeat K    rounds of the latency suite, median of the rounds reported (default 3)\n"
    "  --case-ms MS  time spent on one case in one round (default 200)\n"
    "  --json        print one JSON object instead of the table\n";

Result<Args, std::string> ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--json") {
      a.json = true;
      continue;
    }
    if (flag == "--help" || flag == "-h") return MakeUnexpected(std::string());
    if (flag != "--size" && flag != "--seed" && flag != "--runs" && flag != "--repeat" &&
        flag != "--case-ms") {
      return MakeUnexpected("unknown flag " + std::string(flag));
    }
    if (i + 1 >= argc) return MakeUnexpected("missing value after " + std::string(flag));
    std::optional<std::uint64_t> v = ParseDecimalAscii(argv[++i], 12);
    if (!v) return MakeUnexpected("not a number: " + std::string(flag) + " " + argv[i]);
    if (flag == "--size") {
      a.size = *v;
    } else if (flag == "--seed") {
      a.seed = *v;
    } else if (flag == "--runs" && *v >= 1 && *v <= 1000) {
      a.runs = static_cast<int>(*v);
    } else if (flag == "--repeat" && *v >= 1 && *v <= 1000) {
      a.repeat = static_cast<int>(*v);
    } else if (flag == "--case-ms" && *v >= 1 && *v <= 600'000) {
      a.case_ms = static_cast<int>(*v);
    } else {
      return MakeUnexpected("value out of range: " + std::string(flag) + " " + argv[i]);
    }
  }
  return a;
}

// Keeps results observable so the optimiser cannot drop a measured call.
volatile std::size_t g_sink = 0;

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Micros(BenchClock::time_point from, BenchClock::time_point to) {
  return std::chrono::duration<double, std::micro>(to - from).count();
}

double MillisSince(BenchClock::time_point start) {
  return std::chrono::duration<double, std::milli>(BenchClock::now() - start).count();
}

// A field of /proc/self/status in bytes ("VmRSS", "VmHWM"), or -1 when the
// file or field is missing (not Linux).
long long ProcStatusBytes(std::string_view key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 && line[key.size()] == ':') {
      std::istringstream fields(line.substr(key.size() + 1));
      long long kb = -1;
      fields >> kb;
      return kb < 0 ? -1 : kb * 1024;
    }
  }
  return -1;
}

// The 1, 5 and 15 minute load averages ("0.52 0.40 0.31"), printed so a
// reader can tell a quiet machine from a busy one; empty if unavailable.
std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  if (!(in >> one >> five >> fifteen)) return "";
  return one + " " + five + " " + fifteen;
}

// Resets VmHWM to the current RSS (Linux >= 4.0). False when not permitted,
// in which case the peak is measured from process start.
bool ResetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

// ---- Load ----

struct LoadFigures {
  std::vector<double> load_ms;      // LoadSandboxData, one per run
  std::vector<double> generate_ms;  // Inventory::Generate alone, one per run
  long long rss_delta = -1;         // first load: RSS after - RSS before
  long long peak_delta = -1;        // first load: VmHWM after - RSS before
  bool peak_reset = false;          // VmHWM could be reset before the load
  std::size_t inventory_bytes = 0;
  std::size_t numbers = 0;
  std::string loadavg_before;  // /proc/loadavg when the run started
};

// Loads the default data `runs` times and keeps the last load in `kept`.
// Memory is taken from the first load, in a process that has not yet held
// an inventory (later loads reuse freed heap and would read as ~0).
Result<LoadFigures, std::string> MeasureLoad(const Args& args, std::optional<core::SandboxData>& kept) {
  LoadFigures f;
  f.loadavg_before = LoadAverage();
  data::DataOptions options;
  options.inventory = {args.seed, args.size};
  for (int run = 0; run < args.runs; ++run) {
    kept.reset();
    bool first = run == 0;
    if (first) f.peak_reset = ResetPeakRss();
    long long rss_before = ProcStatusBytes("VmRSS");
    auto start = BenchClock::now();
    auto loaded = data::LoadSandboxData(options);
    f.load_ms.push_back(MillisSince(start));
    if (!loaded) return MakeUnexpected("LoadSandboxData failed: " + loaded.error());
    if (first && rss_before >= 0) {
      f.rss_delta = ProcStatusBytes("VmRSS") - rss_before;
      f.peak_delta = ProcStatusBytes("VmHWM") - rss_before;
    }
    kept = std::move(*loaded);
  }
  f.inventory_bytes = kept->inventory->MemoryBytes();
  f.numbers = kept->inventory->size();

  // The generation step alone: parsing the fixtures stays outside the timer.
  auto coverage = core::Coverage::Parse(fixtures::RateCentersTsv());
  if (!coverage) return MakeUnexpected("coverage: " + coverage.error());
  auto pinned = data::ParsePinnedNumbers(fixtures::PinnedNumbersTsv());
  if (!pinned) return MakeUnexpected("pinned numbers: " + pinned.error());
  for (int run = 0; run < args.runs; ++run) {
    core::Coverage copy = *coverage;
    auto start = BenchClock::now();
    auto inv = core::Inventory::Generate(std::move(copy), options.inventory, *pinned);
    f.generate_ms.push_back(MillisSince(start));
    if (!inv) return MakeUnexpected("Inventory::Generate failed: " + inv.error());
    g_sink = g_sink + inv->size();
  }
  return f;
}

// ---- Latency ----

struct Stats {
  std::size_t iterations = 0;
  double p50_us = 0, p99_us = 0, mean_us = 0;
};

// Nearest-rank percentiles of the samples (microseconds).
Stats Summarize(std::vector<double> us) {
  Stats s;
  s.iterations = us.size();
  if (us.empty()) return s;
  std::sort(us.begin(), us.end());
  auto rank = [&](double p) {
    std::size_t r = static_cast<std::size_t>(p * static_cast<double>(us.size()) + 0.999999);
    return us[std::min(us.size(), std::max<std::size_t>(r, 1)) - 1];
  };
  s.p50_us = rank(0.50);
  s.p99_us = rank(0.99);
  double sum = 0;
  for (double v : us) sum += v;
  s.mean_us = sum / static_cast<double>(us.size());
  return s;
}

// Calls `op` (which returns something to sink) until the budget is spent,
// at least kMinIterations and at most kMaxIterations times, after a short
// warm-up; returns one sample per call in microseconds.
constexpr std::size_t kMinIterations = 10;
constexpr std::size_t kMaxIterations = 200'000;

std::vector<double> Sample(const std::function<std::size_t()>& op, int budget_ms) {
  for (int i = 0; i < 3; ++i) g_sink = g_sink + op();
  std::vector<double> us;
  us.reserve(4096);
  auto deadline = BenchClock::now() + std::chrono::milliseconds(budget_ms);
  while (us.size() < kMaxIterations) {
    auto start = BenchClock::now();
    std::size_t r = op();
    auto end = BenchClock::now();
    g_sink = g_sink + r;
    us.push_back(Micros(start, end));
    if (us.size() >= kMinIterations && end >= deadline) break;
  }
  return us;
}

struct Case {
  std::string name;  // "getDIDs state=UT"
  std::function<std::size_t()> op;
  std::size_t results = 0;  // records one call returns (sanity figure)
  std::vector<Stats> rounds;
};

struct OpFigures {
  std::string name;
  std::size_t results = 0;
  std::size_t iterations = 0;                  // summed over rounds
  double p50_us = 0, p99_us = 0, mean_us = 0;  // medians over rounds
};

OpFigures Reduce(const Case& c) {
  OpFigures f{c.name, c.results, 0, 0, 0, 0};
  std::vector<double> p50, p99, mean;
  for (const Stats& s : c.rounds) {
    f.iterations += s.iterations;
    p50.push_back(s.p50_us);
    p99.push_back(s.p99_us);
    mean.push_back(s.mean_us);
  }
  f.p50_us = Median(p50);
  f.p99_us = Median(p99);
  f.mean_us = Median(mean);
  return f;
}

model::SearchRequest Search(std::string_view field, std::string_view value, std::string_view field2 = {},
                            std::string_view value2 = {}) {
  model::SearchRequest r;
  auto set = [&r](std::string_view f, std::string_view v) {
    if (f == "state") r.state = v;
    if (f == "npa") r.npa = v;
    if (f == "nxx") r.nxx = v;
    if (f == "rateCenter") r.rate_center = v;
    if (f == "tier") r.tier = v;
  };
  set(field, value);
  if (!field2.empty()) set(field2, value2);
  return r;
}

// splitmix64, for picking the numbers the single-number operations touch.
std::uint64_t NextRandom(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

Result<std::vector<OpFigures>, std::string> MeasureOps(const Args& args, core::Sandbox& sandbox) {
  const model::Credentials who{"sandbox", "sandbox"};
  const core::Inventory& inv = sandbox.inventory();
  std::vector<Case> cases;

  auto add_search = [&](std::string name, model::SearchRequest request, bool count) {
    Case c;
    c.name = std::move(name);
    c.op = [&sandbox, &who, request, count]() -> std::size_t {
      if (count) return sandbox.GetDidCount(who, request).did_counts.size();
      return sandbox.GetDids(who, request).did_locators.size();
    };
    cases.push_back(std::move(c));
  };
  add_search("getDIDs state=UT", Search("state", "UT"), false);
  add_search("getDIDs state=CA", Search("state", "CA"), false);
  add_search("getDIDs npa=435", Search("npa", "435"), false);
  add_search("getDIDs npa=212", Search("npa", "212"), false);
  add_search("getDIDs npa=310", Search("npa", "310"), false);
  add_search("getDIDs rateCenter=ST GEORGE", Search("rateCenter", "ST GEORGE"), false);
  add_search("getDIDs nxx=435215", Search("nxx", "435215"), false);
  add_search("getDIDs npa=435 nxx=201", Search("npa", "435", "nxx", "201"), false);
  add_search("getDIDs tier=4", Search("tier", "4"), false);
  add_search("getDIDs state=TF", Search("state", "TF"), false);
  add_search("getDIDs state=UT tier=3 (none)", Search("state", "UT", "tier", "3"), false);
  add_search("getDIDCount state=UT", Search("state", "UT"), true);
  add_search("getDIDCount npa=435", Search("npa", "435"), true);
  add_search("getDIDCount tier=4", Search("tier", "4"), true);

  // Single-number operations over a fixed pseudo-random sample of the
  // inventory, so each call touches a different record.
  std::vector<std::string> tns;
  std::uint64_t rng = args.seed ^ 0x5EEDULL;
  for (int i = 0; i < 4096 && inv.size() > 0; ++i) {
    auto index = static_cast<core::Inventory::Index>(NextRandom(rng) % inv.size());
    tns.push_back(core::FormatTn(inv.number(index).tn));
  }
  if (tns.empty()) return MakeUnexpected(std::string("the inventory is empty"));
  std::size_t next_query = 0;
  Case query;
  query.name = "queryDID";
  query.op = [&]() -> std::size_t {
    const std::string& tn = tns[next_query++ % tns.size()];
    return sandbox.QueryDid(who, tn).dids.size();
  };
  cases.push_back(std::move(query));
  // reserveDID then releaseDID of the same number, each call timed on its
  // own; the pair leaves the sandbox as it found it.
  std::size_t next_reserve = 0;
  auto reserve_release = [&](std::vector<double>* reserve_us, std::vector<double>* release_us) {
    std::vector<model::DidParam> params(1);
    params[0].tn = tns[next_reserve++ % tns.size()];
    auto t0 = BenchClock::now();
    model::DidResponse reserved = sandbox.ReserveDids(who, params);
    auto t1 = BenchClock::now();
    model::DidResponse released = sandbox.ReleaseDids(who, params);
    auto t2 = BenchClock::now();
    if (reserve_us) reserve_us->push_back(Micros(t0, t1));
    if (release_us) release_us->push_back(Micros(t1, t2));
    bool ok = !reserved.dids.empty() && reserved.dids[0].status_code == "100" && !released.dids.empty() &&
              released.dids[0].status_code == "100";
    return ok;
  };
  Case reserve{"reserveDID (1 number)", nullptr, 1, {}};
  Case release{"releaseDID (1 number)", nullptr, 1, {}};

  // Sanity pass: every case answers, and reserve/release really succeed
  // (status 100), so the timings are of the success paths.
  for (Case& c : cases) c.results = c.op();
  for (int i = 0; i < 3; ++i) {
    if (!reserve_release(nullptr, nullptr)) {
      return MakeUnexpected("reserveDID/releaseDID of " + tns[(next_reserve - 1) % tns.size()] +
                            " did not succeed");
    }
  }

  for (int round = 0; round < args.repeat; ++round) {
    for (Case& c : cases) c.rounds.push_back(Summarize(Sample(c.op, args.case_ms)));
    std::vector<double> reserve_us, release_us;
    auto deadline = BenchClock::now() + std::chrono::milliseconds(args.case_ms);
    while (reserve_us.size() < kMaxIterations &&
           (reserve_us.size() < kMinIterations || BenchClock::now() < deadline)) {
      reserve_release(&reserve_us, &release_us);
    }
    reserve.rounds.push_back(Summarize(std::move(reserve_us)));
    release.rounds.push_back(Summarize(std::move(release_us)));
  }
  if (sandbox.HoldingCount() != 0) {
    return MakeUnexpected(std::string("reserve/release left holdings behind"));
  }
  cases.push_back(std::move(reserve));
  cases.push_back(std::move(release));

  std::vector<OpFigures> out;
  for (const Case& c : cases) out.push_back(Reduce(c));
  return out;
}

// ---- Output ----

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string JsonList(const std::vector<double>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + Fixed(v[i], 3);
  return out + "]";
}

double PerNumber(long long bytes, std::size_t n) {
  return n == 0 || bytes < 0 ? -1 : static_cast<double>(bytes) / static_cast<double>(n);
}

void PrintJson(const Args& a, const LoadFigures& l, const std::vector<OpFigures>& ops) {
  std::ostringstream o;
  o << "{\"size\":" << a.size << ",\"seed\":" << a.seed << ",\"numbers\":" << l.numbers
    << ",\"runs\":" << a.runs << ",\"repeat\":" << a.repeat << ",\"case_ms\":" << a.case_ms
    << ",\"loadavg_before\":" << JsonString(l.loadavg_before)
    << ",\"loadavg_after\":" << JsonString(LoadAverage())
    << ",\"load\":{\"load_ms_median\":" << Fixed(Median(l.load_ms), 3)
    << ",\"generate_ms_median\":" << Fixed(Median(l.generate_ms), 3) << ",\"load_ms\":" << JsonList(l.load_ms)
    << ",\"generate_ms\":" << JsonList(l.generate_ms)
    << "},\"memory\":{\"inventory_bytes\":" << l.inventory_bytes << ",\"inventory_bytes_per_number\":"
    << Fixed(PerNumber(static_cast<long long>(l.inventory_bytes), l.numbers), 2)
    << ",\"rss_delta_bytes\":" << l.rss_delta
    << ",\"rss_delta_bytes_per_number\":" << Fixed(PerNumber(l.rss_delta, l.numbers), 2)
    << ",\"rss_peak_delta_bytes\":" << l.peak_delta
    << ",\"rss_peak_delta_bytes_per_number\":" << Fixed(PerNumber(l.peak_delta, l.numbers), 2)
    << ",\"peak_reset\":" << (l.peak_reset ? "true" : "false") << "},\"ops\":[";
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const OpFigures& f = ops[i];
    o << (i ? "," : "") << "{\"name\":" << JsonString(f.name) << ",\"results\":" << f.results
      << ",\"iterations\":" << f.iterations << ",\"p50_us\":" << Fixed(f.p50_us, 2)
      << ",\"p99_us\":" << Fixed(f.p99_us, 2) << ",\"mean_us\":" << Fixed(f.mean_us, 2) << "}";
  }
  o << "]}\n";
  std::cout << o.str();
}

std::string Pad(std::string s, std::size_t width, bool right = false) {
  if (s.size() >= width) return s;
  std::string fill(width - s.size(), ' ');
  return right ? fill + s : s + fill;
}

std::string Mib(long long bytes) {
  return bytes < 0 ? "n/a" : Fixed(static_cast<double>(bytes) / (1024.0 * 1024.0), 1) + " MiB";
}

void PrintTable(const Args& a, const LoadFigures& l, const std::vector<OpFigures>& ops) {
  std::ostringstream o;
  o << "vi-core-bench: size " << a.size << " (" << l.numbers << " numbers incl. pinned), seed " << a.seed
    << "\n";
  o << "load average before/after: " << l.loadavg_before << " / " << LoadAverage()
    << "  (the machine is shared: compare within one run)\n\n";
  o << "Load (median of " << a.runs << " runs)\n";
  o << "  LoadSandboxData        " << Fixed(Median(l.load_ms), 1) << " ms   (runs: ";
  for (std::size_t i = 0; i < l.load_ms.size(); ++i) o << (i ? ", " : "") << Fixed(l.load_ms[i], 1);
  o << ")\n  Inventory::Generate    " << Fixed(Median(l.generate_ms), 1) << " ms\n\n";
  o << "Memory (first load)\n";
  o << "  Inventory::MemoryBytes " << Mib(static_cast<long long>(l.inventory_bytes)) << "  = "
    << Fixed(PerNumber(static_cast<long long>(l.inventory_bytes), l.numbers), 2) << " B/number\n";
  o << "  RSS growth             " << Mib(l.rss_delta) << "  = "
    << Fixed(PerNumber(l.rss_delta, l.numbers), 2) << " B/number\n";
  o << "  peak RSS growth        " << Mib(l.peak_delta) << "  = "
    << Fixed(PerNumber(l.peak_delta, l.numbers), 2) << " B/number"
    << (l.peak_reset ? "" : "  (VmHWM not resettable: peak since process start)") << "\n\n";
  o << "Latency (microseconds; median over " << a.repeat << " rounds of " << a.case_ms << " ms per case)\n";
  o << Pad("operation", 34) << Pad("results", 9, true) << Pad("iters", 9, true) << Pad("p50", 11, true)
    << Pad("p99", 11, true) << Pad("mean", 11, true) << "\n";
  for (const OpFigures& f : ops) {
    o << Pad(f.name, 34) << Pad(std::to_string(f.results), 9, true)
      << Pad(std::to_string(f.iterations), 9, true) << Pad(Fixed(f.p50_us, 1), 11, true)
      << Pad(Fixed(f.p99_us, 1), 11, true) << Pad(Fixed(f.mean_us, 1), 11, true) << "\n";
  }
  o << "(results: DIDLocators, DIDCount rows or DIDs in one answer;"
       " iters: calls timed over all rounds)\n";
  std::cout << o.str();
}

int Main(int argc, char** argv) {
  auto args = ParseArgs(argc, argv);
  if (!args) {
    if (!args.error().empty()) std::cerr << "vi-core-bench: " << args.error() << "\n";
    std::cerr << kUsage;
    return args.error().empty() ? 0 : 2;
  }
  std::optional<core::SandboxData> data;
  auto load = MeasureLoad(*args, data);
  if (!load) {
    std::cerr << "vi-core-bench: " << load.error() << "\n";
    return 1;
  }
  // A fixed instant: reservations placed during the run never lapse.
  core::ManualClock clock(core::TimePoint(std::chrono::sys_days(std::chrono::year(2024) / 1 / 1)));
  core::Sandbox sandbox(clock, std::move(*data), core::SandboxOptions{});
  auto ops = MeasureOps(*args, sandbox);
  if (!ops) {
    std::cerr << "vi-core-bench: " << ops.error() << "\n";
    return 1;
  }
  if (args->json) {
    PrintJson(*args, *load, *ops);
  } else {
    PrintTable(*args, *load, *ops);
  }
  return 0;
}

}  // namespace
}  // namespace vi

int main(int argc, char** argv) { return vi::Main(argc, argv); }
