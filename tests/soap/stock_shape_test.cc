// The stock as a client sees it over HTTP, in both SOAP versions: what real
// search results show (every getDIDCount row has cnam == t38; searchable
// tiers 1, 2, 4 and 777; toll-free stock with T.38; Utah 435 under its real
// rate-center names and LATAs).
#include <catch2/catch.hpp>
#include <pugixml.hpp>
#include <set>
#include <string>

#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;

namespace {

struct Row {
  std::string rate_center, lata, tier, cnam, t38;
};

// The DIDCount or DIDLocator rows of `body` (local names; any prefix).
std::vector<Row> Rows(const std::string& body, const char* element) {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(body.c_str()));
  std::vector<Row> rows;
  for (pugi::xpath_node n : doc.select_nodes((std::string("//*[local-name()='") + element + "']").c_str())) {
    auto text = [&](const char* name) {
      return std::string(
          n.node().select_node((std::string("*[local-name()='") + name + "']").c_str()).node().text().get());
    };
    rows.push_back({text("rateCenter"), text("lataId"), text("tier"),
                    text(std::string(element) == "DIDCount" ? "cnam" : "outboundCNAM"), text("t38")});
  }
  return rows;
}

std::string Search(httplib::Client& c, bool soap12, const char* op, const std::string& criteria) {
  const std::string payload =
      std::string("<") + op +
      " xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>" + criteria + "</" + op +
      ">";
  auto r = soap12 ? PostSoap12(c, op, payload) : PostSoap11(c, op, payload);
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return r->body;
}

}  // namespace

TEST_CASE("getDIDCount rows have cnam equal to t38 in both SOAP versions", "[soap][stock]") {
  RunningServer s;
  for (bool soap12 : {false, true}) {
    INFO((soap12 ? "SOAP 1.2" : "SOAP 1.1"));
    std::vector<Row> rows = Rows(Search(s.client(), soap12, "getDIDCount", "<npa>435</npa>"), "DIDCount");
    REQUIRE_FALSE(rows.empty());
    std::set<std::string> tiers, names;
    for (const Row& r : rows) {
      INFO(r.rate_center << " tier " << r.tier);
      CHECK(r.cnam == r.t38);
      tiers.insert(r.tier);
      names.insert(r.rate_center + "/" + r.lata);
    }
    CHECK(tiers == std::set<std::string>{"1", "2", "4", "777"});
    for (const char* rc : {"HEBER CITY/660", "MONROE/660", "GLNCNYONCY/666", "WASATCH/654"}) {
      CHECK(names.count(rc) == 1);
    }
  }
}

TEST_CASE("Toll-free locators have T.38 in both SOAP versions", "[soap][stock]") {
  RunningServer s;
  for (bool soap12 : {false, true}) {
    INFO((soap12 ? "SOAP 1.2" : "SOAP 1.1"));
    std::vector<Row> rows = Rows(Search(s.client(), soap12, "getDIDs", "<state>TF</state>"), "DIDLocator");
    REQUIRE_FALSE(rows.empty());
    for (const Row& r : rows) {
      CHECK(r.t38 == "true");
      CHECK(r.cnam == "true");
    }
  }
}
