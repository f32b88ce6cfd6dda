#include "mock-server/control/journal.h"

#include <algorithm>
#include <array>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

namespace vi::control {
namespace {

TEST_CASE("MaskSecrets hides every secret element's text", "[control][journal]") {
  CHECK(MaskSecrets("<a><secret>pw</secret></a>") == "<a><secret>***</secret></a>");
  CHECK(MaskSecrets("<t:secret xmlns:t=\"x\">pw</t:secret>") == "<t:secret xmlns:t=\"x\">***</t:secret>");
  CHECK(MaskSecrets("<secret><![CDATA[p<w]]></secret>") == "<secret>***</secret>");
  CHECK(MaskSecrets("<secret>pw") == "<secret>***");
  CHECK(MaskSecrets("<secret/><login>me</login>") == "<secret/><login>me</login>");
  CHECK(MaskSecrets("<secrets>kept</secrets>") == "<secrets>kept</secrets>");
  CHECK(MaskSecrets("<login>a</login><secret>1</secret><secret>2</secret>") ==
        "<login>a</login><secret>***</secret><secret>***</secret>");
  CHECK(MaskSecrets("no xml <") == "no xml <");
  CHECK(MaskSecrets("<s:Envelope><s:Body><q><login>a</login><p:secret y=\"1\">pw</p:secret><did>1</did></q>"
                    "</s:Body></s:Envelope> tail") ==
        "<s:Envelope><s:Body><q><login>a</login><p:secret y=\"1\">***</p:secret><did>1</did></q>"
        "</s:Body></s:Envelope> tail");
  CHECK(MaskSecrets("text <secret> pw") == "text <secret>***");
  CHECK(MaskSecrets("<secret") == "<secret");
}

TEST_CASE("The journal keeps the newest entries and filters them", "[control][journal]") {
  Journal j(2);
  for (const char* op : {"a", "b", "c"}) {
    JournalEntry e;
    e.operation = op;
    e.tns = {std::string("1") + op};
    j.Record(e);
  }
  std::size_t total = 0;
  auto all = j.Query({}, 10, &total);
  REQUIRE(all.size() == 2);
  CHECK(total == 2);
  CHECK(all[0].operation == "c");
  CHECK(all[0].id == 3);
  JournalFilter f;
  f.tn = "1b";
  CHECK(j.Count(f) == 1);
  j.Clear();
  CHECK(j.size() == 0);
  Journal off(0);
  off.Record(JournalEntry{});
  CHECK(off.size() == 0);
}

TEST_CASE("The ring keeps the newest entries, oldest dropped first, over many turns", "[control][journal]") {
  Journal j(3);
  for (int i = 1; i <= 10; ++i) {
    JournalEntry e;
    e.operation = "op" + std::to_string(i);
    j.Record(e);
    std::size_t total = 0;
    const auto all = j.Query({}, 10, &total);
    REQUIRE(all.size() == static_cast<std::size_t>(std::min(i, 3)));
    for (std::size_t k = 0; k < all.size(); ++k) {
      CHECK(all[k].id == static_cast<std::uint64_t>(i) - k);
      CHECK(all[k].operation == "op" + std::to_string(i - static_cast<int>(k)));
    }
  }
  JournalFilter f;
  f.operation = "op9";
  CHECK(j.Count(f) == 1);
  f.operation = "op7";
  CHECK(j.Count(f) == 0);
  j.Clear();
  CHECK(j.size() == 0);
  j.Record({});
  CHECK(j.Query({}, 10, nullptr).at(0).id == 11);
}

TEST_CASE("Entries recorded by many threads get dense ids in the order kept", "[control][journal]") {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50000;
  constexpr std::size_t kCapacity = 3000;
  Journal j(kCapacity);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&j, t] {
      for (int i = 0; i < kPerThread; ++i) {
        JournalEntry e;
        e.login = std::to_string(t);
        e.tns = {std::to_string(i)};
        e.request_body = std::string(100, 'x');
        j.Record(std::move(e));
      }
    });
  }
  for (std::thread& th : threads) th.join();
  std::size_t total = 0;
  const std::vector<JournalEntry> all = j.Query({}, kCapacity + 1, &total);
  REQUIRE(total == kCapacity);
  REQUIRE(all.size() == kCapacity);
  constexpr std::uint64_t kLast = static_cast<std::uint64_t>(kThreads) * kPerThread;
  // Newest first, ids dense: the newest kCapacity of 1..kLast.
  for (std::size_t k = 0; k < all.size(); ++k) REQUIRE(all[k].id == kLast - k);
  // Each thread's entries in the order it recorded them.
  std::array<int, kThreads> next{};
  next.fill(-1);
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    const int t = std::stoi(it->login);
    const int i = std::stoi(it->tns.at(0));
    REQUIRE(i > next[t]);
    next[t] = i;
    CHECK(it->request_body.size() == 100);
  }
  for (int t = 0; t < kThreads; ++t) CHECK(next[t] <= kPerThread - 1);
  JournalEntry e;
  j.Record(e);
  CHECK(j.Query({}, 1, nullptr).at(0).id == kLast + 1);
}

}  // namespace
}  // namespace vi::control
