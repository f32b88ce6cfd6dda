// The vi-client binary as a user runs it: a subprocess with arguments and
// environment, its exit code, stdout and stderr checked, against the
// emulator and a scripted server.
#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testing/running_server.h"
#include "tests/testing/scripted_server.h"
#include "tests/testing/subprocess.h"

namespace {

const std::string kSecret = "cli-Secret-9f3e";

using Outcome = vi::testing::ProgramRun;

// Runs vi-client with `args`; `env` lines ("NAME=value") replace VI_URL,
// VI_LOGIN and VI_SECRET, which are otherwise unset. Its output never holds
// the secret.
Outcome Run(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
  Outcome o = vi::testing::RunProgram(VI_CLIENT_BINARY, args, env);
  INFO("stdout: " << o.out << "\nstderr: " << o.err);
  CHECK(o.out.find(kSecret) == std::string::npos);
  CHECK(o.err.find(kSecret) == std::string::npos);
  return o;
}

std::vector<std::string> Env(const std::string& url, const std::string& secret = "sandbox") {
  return {"VI_URL=" + url, "VI_LOGIN=sandbox", "VI_SECRET=" + secret};
}

}  // namespace

TEST_CASE("vi-client: exit 0 and a table for a successful search") {
  vi::testing::RunningServer server;
  Outcome o = Run({"getDIDs", "--npa", "435", "--nxx", "201"},
                  Env(server.base_url() + "/VOIP/Services/APIService.asmx"));
  CHECK(o.exit_code == 0);
  CHECK(o.out.find("responseCode: 100") != std::string::npos);
  CHECK(o.out.find("DIDLocators:") != std::string::npos);
  CHECK(o.out.find("4352016526") != std::string::npos);
}

TEST_CASE("vi-client: --json prints one document with the wire names") {
  vi::server::SandboxServerConfig config = vi::testing::TestConfig();
  config.profile_per_path = true;  // /Services/... speaks the production schema
  vi::testing::RunningServer server(config);
  const std::string url = server.base_url() + "/Services/APIService.asmx";
  Outcome o =
      Run({"--json", "--url", url, "reserveDID", "--tn", "4352154006", "--refid", "r1", "--epg", "8674"},
          {"VI_LOGIN=sandbox", "VI_SECRET=sandbox"});
  CHECK(o.exit_code == 0);
  nlohmann::json j = nlohmann::json::parse(o.out, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  CHECK(j["responseCode"] == 100);
  CHECK(j["responseMessage"] == "Success");
  REQUIRE(j["DIDs"].is_array());
  REQUIRE(j["DIDs"].size() == 1);
  CHECK(j["DIDs"][0]["tn"] == "4352154006");
  CHECK(j["DIDs"][0]["statusCode"] == "100");
  CHECK(j["DIDs"][0]["refId"] == "r1");
  CHECK(j["DIDLocators"].is_array());
  CHECK(j.contains("ConferenceLine"));  // the production path speaks the production schema

  Outcome port = Run({"--json", "--soap12", "getPortDetails", "--port-id", "36623"}, Env(url));
  CHECK(port.exit_code == 0);
  nlohmann::json p = nlohmann::json::parse(port.out, nullptr, false);
  REQUIRE_FALSE(p.is_discarded());
  CHECK(p["PortDetails"]["id"] == 36623);
  CHECK(p["IsPortable"] == false);
  CHECK(p["PortDetails"]["dids"].is_array());
}

TEST_CASE("vi-client: exit 1 names the API code and text") {
  vi::testing::RunningServer server;
  const std::string url = server.base_url() + "/VOIP/Services/APIService.asmx";
  Outcome wrong = Run({"queryDID", "--tn", "4352154006"}, Env(url, kSecret));
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.err.find("responseCode") != std::string::npos);
  // Top level 100 with a per-number code that is not: exit 1 too.
  Outcome release = Run({"releaseDID", "--tn", "4352154974"}, Env(url));
  CHECK(release.exit_code == 1);
  CHECK(release.err.find("4352154974: statusCode") != std::string::npos);
  // The empty account's dummy record is no number: exit 0.
  Outcome audit = Run({"auditDIDs"}, {"VI_URL=" + url, "VI_LOGIN=other", "VI_SECRET=other"});
  CHECK(audit.exit_code == 0);
}

TEST_CASE("vi-client: exit 2 with the usage line for usage errors") {
  const std::vector<std::string> env = Env("http://127.0.0.1:1/VOIP/Services/APIService.asmx", kSecret);
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"frobnicate"},
      {"queryDID"},
      {"queryDID", "--tn"},
      {"queryDID", "--tn", "1", "--tn", "2"},
      {"queryDID", "--port-id", "1"},
      {"getDIDs", "--bogus", "x"},
      {"getDIDs", "--sms", "1"},  // the sandbox schema has no sms
      {"getPortDetails", "--port-id", "abc"},
      {"reserveDID", "--epg", "1"},
      {"reserveDID", "--tn", "1", "--epg", "x"},
      {"assignDID", "--tn", "1", "--cnam", "yes"},
      {"--timeout", "0", "auditDIDs"},
      {"--url", "nowhere", "auditDIDs"},
  };
  for (const auto& args : cases) {
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    INFO("args: " << joined);
    Outcome o = Run(args, env);
    CHECK(o.exit_code == 2);
    CHECK(o.err.find("usage: vi-client") != std::string::npos);
  }
  Outcome no_secret = Run({"auditDIDs"}, {"VI_LOGIN=sandbox"});
  CHECK(no_secret.exit_code == 2);
  CHECK(no_secret.err.find("missing secret") != std::string::npos);
}

TEST_CASE("vi-client: exit 3, one line, for transport failures, HTTP errors and faults") {
  Outcome refused = Run({"auditDIDs"}, Env("http://127.0.0.1:1/VOIP/Services/APIService.asmx", kSecret));
  CHECK(refused.exit_code == 3);
  CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
  CHECK(refused.out.empty());

  vi::testing::ScriptedServer fault(
      {{500, "text/xml; charset=utf-8",
        vi::testing::Envelope11("<soap:Fault><faultcode>soap:Client</faultcode><faultstring>no such thing " +
                                kSecret + "</faultstring></soap:Fault>")}});
  Outcome f = Run({"auditDIDs"}, Env(fault.url(), kSecret));
  CHECK(f.exit_code == 3);
  CHECK(f.err.find("soap:Client") != std::string::npos);
  CHECK(std::count(f.err.begin(), f.err.end(), '\n') == 1);

  vi::testing::ScriptedServer bare({{500, "text/html", ""}});
  Outcome b = Run({"auditDIDs"}, Env(bare.url(), kSecret));
  CHECK(b.exit_code == 3);
  CHECK(b.err.find("HTTP 500") != std::string::npos);

  vi::testing::ScriptedServer html({{200, "text/html", "<html><body>down for maintenance</body></html>"}});
  Outcome h = Run({"auditDIDs"}, Env(html.url(), kSecret));
  CHECK(h.exit_code == 3);
  CHECK(h.err.find("malformed") != std::string::npos);
}

TEST_CASE("vi-client: --help for the tool and for each operation") {
  Outcome tool = Run({"--help"});
  CHECK(tool.exit_code == 0);
  CHECK(tool.out.find("usage: vi-client") != std::string::npos);
  CHECK(tool.out.find("getPortDetails") != std::string::npos);
  Outcome op = Run({"reserveDID", "--help"});
  CHECK(op.exit_code == 0);
  CHECK(op.out.find("--refid") != std::string::npos);
}

TEST_CASE("vi-client: the secret from the environment is sent, and never printed") {
  vi::testing::ScriptedServer s({{500, "text/html", ""}});
  Outcome o = Run({"queryDID", "--tn", "4352154006"}, Env(s.url(), kSecret));
  CHECK(o.exit_code == 3);
  auto requests = s.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].body.find("<secret>" + kSecret + "</secret>") != std::string::npos);
}

TEST_CASE("vi-client: the CLI conventions: VI_CLIENT_* variables, the command line wins, VI_URL kept") {
  vi::testing::RunningServer server;
  const std::string url = server.base_url() + "/VOIP/Services/APIService.asmx";
  const std::string down = "http://127.0.0.1:1/VOIP/Services/APIService.asmx";
  const std::vector<std::string> creds = {"VI_CLIENT_LOGIN=sandbox", "VI_CLIENT_SECRET=sandbox"};
  auto with = [&](std::vector<std::string> env) {
    env.insert(env.end(), creds.begin(), creds.end());
    return env;
  };
  // Every global option from its variable (a switch as 1/yes/...).
  Outcome json =
      Run({"queryDID", "--tn", "4352154006"}, with({"VI_CLIENT_URL=" + url, "VI_CLIENT_JSON=yes"}));
  CHECK(json.exit_code == 0);
  CHECK(nlohmann::json::parse(json.out, nullptr, false).is_object());
  Outcome table = Run({"queryDID", "--tn", "4352154006"}, with({"VI_CLIENT_URL=" + url, "VI_CLIENT_JSON=0"}));
  CHECK(table.exit_code == 0);
  CHECK(table.out.find("responseCode: 100") != std::string::npos);
  // The command line wins over its variable, the variable over VI_URL.
  CHECK(Run({"--url=" + url, "queryDID", "--tn=4352154006"}, with({"VI_CLIENT_URL=" + down})).exit_code == 0);
  CHECK(Run({"queryDID", "--tn", "4352154006"}, with({"VI_CLIENT_URL=" + down, "VI_URL=" + url})).exit_code ==
        3);
  CHECK(Run({"queryDID", "--tn", "4352154006"}, with({"VI_URL=" + url})).exit_code == 0);
  // Bad variables and switches given a value: usage errors (2).
  Outcome bad_switch = Run({"auditDIDs"}, with({"VI_CLIENT_URL=" + url, "VI_CLIENT_SOAP12=maybe"}));
  CHECK(bad_switch.exit_code == 2);
  CHECK(bad_switch.err.find("VI_CLIENT_SOAP12") != std::string::npos);
  CHECK(Run({"auditDIDs"}, with({"VI_CLIENT_URL=" + url, "VI_CLIENT_TIMEOUT=0"})).exit_code == 2);
  Outcome json_value = Run({"--json=1", "auditDIDs"}, with({"VI_CLIENT_URL=" + url}));
  CHECK(json_value.exit_code == 2);
  CHECK(json_value.err.find("--json takes no value") != std::string::npos);
  Outcome typo = Run({"queryDID", "--tn", "4352154006"}, with({"VI_CLIENT_URL=" + url, "VI_CLIENT_JOSN=1"}));
  CHECK(typo.exit_code == 0);
  CHECK(typo.err.find("VI_CLIENT_JOSN is set but names no option") != std::string::npos);
  // --version wherever it is, whatever the variables add; --help names them.
  Outcome version = Run({"--version"}, with({"VI_CLIENT_JSON=1"}));
  CHECK(version.exit_code == 0);
  CHECK(version.out.starts_with("vi-client "));
  Outcome help = Run({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("VI_CLIENT_URL=production is") != std::string::npos);
}
