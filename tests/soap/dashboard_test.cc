// The dashboard in a real headless browser (Debian's chromium): it loads
// without script errors, shows a reservation made over SOAP, and its
// countdown follows a clock advance. A missing chromium fails the test.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;

namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

// The DOM of `url` after its scripts ran (up to 5 s of virtual time), with
// the browser's console output (script errors) appended after a marker.
std::string DumpDom(const std::string& url, std::string& console) {
  char profile[] = "/tmp/vi-chromium-XXXXXX";
  REQUIRE(::mkdtemp(profile) != nullptr);
  const std::string log = std::string(profile) + "/console.txt";
  const std::string command =
      std::string(kChromium) +
      " --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions"
      " --user-data-dir=" +
      profile + " --enable-logging=stderr --v=0 --virtual-time-budget=5000 --dump-dom '" + url + "' 2>" + log;
  std::FILE* p = ::popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string dom;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) dom.append(buf, n);
  const int status = ::pclose(p);
  CHECK(status == 0);
  if (std::FILE* f = std::fopen(log.c_str(), "r")) {
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) console.append(buf, n);
    std::fclose(f);
  }
  std::string cleanup = std::string("rm -rf '") + profile + "'";
  CHECK(std::system(cleanup.c_str()) == 0);
  return dom;
}

}  // namespace

TEST_CASE("The dashboard shows a SOAP reservation counting down on the emulator's clock",
          "[admin][http][ui]") {
  // Not a skip: the test needs the browser (ci/install-deps.sh installs it).
  REQUIRE(::access(kChromium, X_OK) == 0);
  RunningServer s;
  auto& c = s.client();
  auto page = c.Get("/_admin/ui");
  REQUIRE(page);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->body.find("src=\"http") == std::string::npos);  // self-contained
  CHECK(page->body.find("<link") == std::string::npos);
  auto r =
      PostSoap11(c, "reserveDID",
                 "<reserveDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
                 "<didParams><DIDParam><tn>4352154006</tn></DIDParam></didParams></reserveDID>");
  REQUIRE(r);
  REQUIRE(FirstText(r->body, "statusCode") == "100");

  std::string console;
  std::string dom = DumpDom(s.base_url() + "/_admin/", console);
  INFO(dom.substr(0, 3000));
  INFO(console.substr(0, 3000));
  CHECK(dom.find("data-ready=\"1\"") != std::string::npos);
  CHECK(dom.find("data-errors=\"0\"") != std::string::npos);
  CHECK(console.find("Uncaught") == std::string::npos);
  CHECK(dom.find("<td>4352154006</td><td>reserved</td><td>sandbox</td>") != std::string::npos);
  CHECK(dom.find("<td>2026-01-15T12:30:00.000Z</td><td>1800</td>") != std::string::npos);
  CHECK(dom.find("<td>reserveDID</td>") != std::string::npos);  // the journal

  REQUIRE(c.Post("/_admin/clock/advance", R"({"seconds":600})", "application/json"));
  console.clear();
  dom = DumpDom(s.base_url() + "/_admin/ui", console);
  CHECK(dom.find("<td>2026-01-15T12:30:00.000Z</td><td>1200</td>") != std::string::npos);
  CHECK(dom.find("<b id=\"now\">2026-01-15T12:10:00.000Z</b>") != std::string::npos);
}
