#include "mock-server/control/journal.h"

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

}  // namespace
}  // namespace vi::control
