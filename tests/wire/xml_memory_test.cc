// RecycleXmlPages: pugixml's pages come back from a per-thread cache, and
// documents of every size still parse and free correctly with it installed
// (the sanitizer build checks the frees and that no kept page leaks when a
// thread ends).
#include "wire/xml_memory.h"

#include <catch2/catch.hpp>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <thread>

using namespace vi::wire;

namespace {

// Eleven nodes: more than the document object's own small buffer holds, so
// parsing it takes one page.
constexpr const char* kSmall = "<a><b>1</b><c>2</c><d>3</d><e>4</e><f>5</f></a>";

std::string ParseAndRead(const char* xml) {
  pugi::xml_document doc;
  if (!doc.load_string(xml)) return "parse failed";
  return doc.child("a").child("c").text().get();
}

}  // namespace

TEST_CASE("RecycleXmlPages: the next document on a thread reuses the page the last one freed",
          "[wire][xml_memory]") {
  RecycleXmlPages();
  RecycleXmlPages();  // idempotent
  const std::size_t before = RecycledXmlPagesOnThisThread();
  for (int i = 0; i < 4; ++i) CHECK(ParseAndRead(kSmall) == "2");
  // The first document may find the cache empty; the other three must not.
  CHECK(RecycledXmlPagesOnThisThread() >= before + 3);
}

TEST_CASE("RecycleXmlPages: large documents, other threads and cross-thread frees stay correct",
          "[wire][xml_memory]") {
  RecycleXmlPages();
  // A 300 KB text node: pages far larger than the cache keeps.
  const std::string big = "<a><c>" + std::string(300 * 1024, 'x') + "</c></a>";
  for (int i = 0; i < 3; ++i) CHECK(ParseAndRead(big.c_str()).size() == 300 * 1024);

  // (Catch2's assertions are not thread-safe: threads only record.)
  std::size_t recycled_there = 0;
  int right_there = 0;
  std::thread worker([&] {
    for (int i = 0; i < 3; ++i) right_there += ParseAndRead(kSmall) == "2";
    recycled_there = RecycledXmlPagesOnThisThread();
  });
  worker.join();
  CHECK(right_there == 3);
  CHECK(recycled_there >= 2);  // its own cache, ended with the thread

  // A document made on one thread and destroyed on another.
  auto doc = std::make_unique<pugi::xml_document>();
  bool parsed = false;
  std::thread maker([&] { parsed = static_cast<bool>(doc->load_string(kSmall)); });
  maker.join();
  REQUIRE(parsed);
  CHECK(std::string(doc->child("a").child("f").text().get()) == "5");
  std::thread destroyer([&] { doc.reset(); });
  destroyer.join();
  CHECK(doc == nullptr);
}
