// vi-lock-bench: can writers starve behind long searches? The Sandbox holds
// one reader/writer lock (mock-server/core/sandbox.h): searches share it,
// reserve/release take it alone. This tool runs R reader threads issuing
// long searches back to back (getDIDCount over the whole stock, holding the
// shared lock for milliseconds each) while one writer reserves and releases
// a number, and reports how long each write waited. A measuring tool, not a
// test: nothing here passes or fails on speed (README, "Concurrency").
//
//   vi-lock-bench [--size N] [--seconds S] [--readers R,R,...]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/ascii.h"
#include "mock-server/core/clock.h"
#include "mock-server/core/sandbox.h"
#include "mock-server/data/sandbox_data.h"
#include "model/requests.h"

namespace vi {
namespace {

using BenchClock = std::chrono::steady_clock;

struct Args {
  std::size_t size = 1'000'000;
  double seconds = 3;
  std::vector<int> readers = {0, 1, 2, 4};
};

constexpr std::string_view kUsage =
    "usage: vi-lock-bench [--size N] [--seconds S] [--readers R,R,...]\n"
    "  --size N          inventory size (default 1000000)\n"
    "  --seconds S       duration of each configuration (default 3)\n"
    "  --readers R,...   reader thread counts to run (default 0,1,2,4)\n";

std::optional<Args> ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) return std::nullopt;
    std::string_view value = argv[++i];
    if (flag == "--size") {
      auto v = ParseDecimalAscii(value, 9);
      if (!v || *v == 0) return std::nullopt;
      a.size = static_cast<std::size_t>(*v);
    } else if (flag == "--seconds") {
      auto v = ParseDecimalAscii(value, 9);
      if (!v || *v == 0) return std::nullopt;
      a.seconds = static_cast<double>(*v);
    } else if (flag == "--readers") {
      a.readers.clear();
      for (std::string_view part : SplitAscii(value, ',')) {
        auto v = ParseDecimalAscii(part, 2);
        if (!v || *v > 64) return std::nullopt;
        a.readers.push_back(static_cast<int>(*v));
      }
    } else {
      return std::nullopt;
    }
  }
  return a;
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::size_t k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

struct Figures {
  int readers = 0;
  std::size_t searches = 0;
  double search_ms_p50 = 0;
  std::vector<double> write_us;  // one reserve or release each
};

// One configuration: `readers` threads searching, one writer, `seconds` long.
Figures Run(core::Sandbox& sandbox, int readers, double seconds) {
  const model::Credentials who{"sandbox", "sandbox"};
  model::SearchRequest everything;
  everything.tier = "4";  // no geographic criterion: every record is visited
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> searches{0};
  std::vector<std::vector<double>> search_ms(static_cast<std::size_t>(readers));
  std::vector<std::thread> threads;
  for (int r = 0; r < readers; ++r) {
    threads.emplace_back([&, r] {
      while (!stop.load(std::memory_order_relaxed)) {
        auto t0 = BenchClock::now();
        sandbox.GetDidCount(who, everything);
        search_ms[static_cast<std::size_t>(r)].push_back(
            std::chrono::duration<double, std::milli>(BenchClock::now() - t0).count());
        searches.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  Figures f;
  f.readers = readers;
  const std::vector<model::DidParam> params = {model::DidParam{"4352154006", {}, {}, {}}};
  const auto end = BenchClock::now() + std::chrono::duration<double>(seconds);
  // Let the readers get going before the writer measures.
  std::this_thread::sleep_for(std::chrono::milliseconds(readers > 0 ? 50 : 0));
  while (BenchClock::now() < end) {
    for (bool reserve : {true, false}) {
      auto t0 = BenchClock::now();
      if (reserve) {
        sandbox.ReserveDids(who, params);
      } else {
        sandbox.ReleaseDids(who, params);
      }
      f.write_us.push_back(std::chrono::duration<double, std::micro>(BenchClock::now() - t0).count());
    }
    // A writer that arrives now and then, as a test client does, not one
    // that competes for the lock in a tight loop.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  stop = true;
  for (auto& t : threads) t.join();
  f.searches = searches.load();
  std::vector<double> all;
  for (auto& v : search_ms) all.insert(all.end(), v.begin(), v.end());
  f.search_ms_p50 = Percentile(all, 0.5);
  return f;
}

int Main(int argc, char** argv) {
  std::optional<Args> args = ParseArgs(argc, argv);
  if (!args) {
    std::cerr << kUsage;
    return 2;
  }
  data::DataOptions opts;
  opts.inventory.size = args->size;
  auto loaded = data::LoadSandboxData(opts);
  if (!loaded) {
    std::cerr << "vi-lock-bench: " << loaded.error() << "\n";
    return 1;
  }
  core::ManualClock clock(core::TimePoint(std::chrono::sys_days(std::chrono::year(2024) / 1 / 1)));
  core::Sandbox sandbox(clock, std::move(*loaded), core::SandboxOptions{});
  std::printf("vi-lock-bench: %zu numbers, %.0f s per row, %u hardware threads\n", args->size, args->seconds,
              std::thread::hardware_concurrency());
  std::printf("%8s %10s %12s %8s %10s %10s %10s %10s\n", "readers", "searches", "search p50", "writes",
              "write p50", "write p99", "write max", "writes/s");
  for (int readers : args->readers) {
    Figures f = Run(sandbox, readers, args->seconds);
    const std::size_t writes = f.write_us.size();
    const double p50 = Percentile(f.write_us, 0.5), p99 = Percentile(f.write_us, 0.99);
    const double max = f.write_us.empty() ? 0 : *std::max_element(f.write_us.begin(), f.write_us.end());
    std::printf("%8d %10zu %9.2f ms %8zu %7.0f us %7.0f us %7.0f us %10.0f\n", readers, f.searches,
                f.search_ms_p50, writes, p50, p99, max, static_cast<double>(writes) / args->seconds);
  }
  return 0;
}

}  // namespace
}  // namespace vi

int main(int argc, char** argv) { return vi::Main(argc, argv); }
