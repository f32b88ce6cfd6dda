#include "mock-server/control/journal.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
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

// The masker as first written (every '<' visited in turn): the reference
// the faster one must agree with on every input.
std::string ReferenceMask(std::string_view body) {
  std::string out;
  std::size_t pos = 0, copied = 0;
  while (pos < body.size()) {
    const std::size_t lt = body.find('<', pos);
    if (lt == std::string_view::npos) break;
    std::size_t name_end = lt + 1;
    while (name_end < body.size() &&
           std::string_view(">/ \t\r\n").find(body[name_end]) == std::string_view::npos) {
      ++name_end;
    }
    std::string_view name = body.substr(lt + 1, name_end - lt - 1);
    if (std::size_t colon = name.rfind(':'); colon != std::string_view::npos) name = name.substr(colon + 1);
    const std::size_t gt = name == "secret" ? body.find('>', name_end) : std::string_view::npos;
    if (gt == std::string_view::npos || body[gt - 1] == '/') {
      pos = lt + 1;
      continue;
    }
    out.append(body.substr(copied, gt + 1 - copied));
    const std::size_t text_end = body.find("</", gt + 1);
    out += "***";
    pos = copied = text_end == std::string_view::npos ? body.size() : text_end;
  }
  if (copied < body.size()) out.append(body.substr(copied));
  return out;
}

TEST_CASE("MaskSecrets agrees with the reference masker on 200,000 generated bodies", "[control][journal]") {
  // Pieces that make the masker's cases likely: secret tags with prefixes,
  // attributes, self-closing forms, '<' inside names and text, CDATA, end
  // tags, near-miss names. A pinned seed: the same bodies every run.
  const std::array<std::string_view, 24> pieces = {
      "<",         ">",         "/",   ":",   " ",         "\t",       "secret", "<secret>",
      "</secret>", "<p:",       "s",   "x",   "<secret/>", "secrets",  "=\"1\"", "\n",
      "</",        "<![CDATA[", "]]>", "<a<", "p:secret",  "<secret ", "pw",     "<login>"};
  std::uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  int masked = 0;
  for (int i = 0; i < 200'000; ++i) {
    std::string body;
    const int n = 1 + static_cast<int>(next() % 12);
    for (int j = 0; j < n; ++j) body += pieces[next() % pieces.size()];
    const std::string expected = ReferenceMask(body);
    masked += expected != body;
    const std::string got = MaskSecrets(body);
    if (got != expected) {
      INFO("body: " << body);
      REQUIRE(got == expected);
    }
  }
  CHECK(masked > 10'000);  // the generator does reach the masking cases
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
