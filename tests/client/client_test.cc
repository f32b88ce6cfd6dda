// vi::client::Client against the emulator on an ephemeral port (every
// operation, both profiles by path, both SOAP versions, several threads)
// and against a scripted server for everything the emulator never answers:
// each error kind, redirects, timeouts, keep-alive and where the secret goes.
#include "client/client.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "client/endpoint.h"
#include "tests/testing/running_server.h"
#include "tests/testing/scripted_server.h"

using namespace vi;
using client::Client;
using client::ClientOptions;
using client::Error;
using testing::CannedResponse;
using testing::ScriptedServer;

namespace {

constexpr std::string_view kSandboxPath = "/VOIP/Services/APIService.asmx";
constexpr std::string_view kProductionPath = "/Services/APIService.asmx";
const std::string kSecret = "Sup3r-S3cret-Value";

Client Make(const std::string& url, wire::SoapVersion v = wire::SoapVersion::k11,
            std::string login = "sandbox", std::string secret = "sandbox") {
  ClientOptions o;
  o.endpoint = url;
  o.credentials = {std::move(login), std::move(secret)};
  o.soap_version = v;
  o.transport.connect_timeout = std::chrono::milliseconds(2000);
  o.transport.total_timeout = std::chrono::milliseconds(5000);
  auto c = Client::Create(o);
  REQUIRE(c.has_value());
  return std::move(c).value();
}

std::string Fixture(const std::string& relative) {
  std::ifstream in(std::string(VI_SOURCE_DIR) + "/fixtures/soap/" + relative + "/response.xml",
                   std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

server::SandboxServerConfig PerPathConfig() {
  server::SandboxServerConfig c = testing::TestConfig();
  c.profile_per_path = true;
  return c;
}

template <typename T>
T Ok(Result<T, Error> r) {
  if (!r) FAIL("call failed: " << r.error().message);
  return std::move(r).value();
}

template <typename T>
Error Fails(const Result<T, Error>& r) {
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

}  // namespace

TEST_CASE("client endpoint: names, URLs and the profile from the path") {
  auto sandbox = client::ResolveEndpoint("sandbox");
  REQUIRE(sandbox.has_value());
  CHECK(sandbox->url == "http://dev.voipinnovations.com/VOIP/Services/APIService.asmx");
  CHECK(sandbox->profile == wire::Profile::kSandbox);
  auto prod = client::ResolveEndpoint("production");
  REQUIRE(prod.has_value());
  CHECK(prod->url == "https://backoffice.voipinnovations.com/Services/APIService.asmx");
  CHECK(prod->profile == wire::Profile::kProduction);
  auto local = client::ResolveEndpoint("http://127.0.0.1:8080/VOIP/Services/APIService.asmx");
  REQUIRE(local.has_value());
  CHECK(local->profile == wire::Profile::kSandbox);
  auto local_prod = client::ResolveEndpoint("http://127.0.0.1:8080/Services/APIService.asmx");
  REQUIRE(local_prod.has_value());
  CHECK(local_prod->profile == wire::Profile::kProduction);
  CHECK_FALSE(client::ResolveEndpoint("staging").has_value());
  CHECK_FALSE(client::ResolveEndpoint("ftp://example.com/x").has_value());
  CHECK_FALSE(client::ResolveEndpoint("http://").has_value());
  auto bad = Client::Create(ClientOptions{.endpoint = "nowhere"});
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().kind == Error::Kind::kUsage);
}

TEST_CASE("client: every operation against the emulator, both profiles, both SOAP versions") {
  testing::RunningServer server(PerPathConfig());
  struct Combo {
    std::string_view path;
    wire::SoapVersion version;
    const char* tn;
  };
  const Combo combos[] = {
      {kSandboxPath, wire::SoapVersion::k11, "4352016526"},
      {kSandboxPath, wire::SoapVersion::k12, "4352016527"},
      {kProductionPath, wire::SoapVersion::k11, "4352154006"},
      {kProductionPath, wire::SoapVersion::k12, "4352154974"},
  };
  for (const Combo& combo : combos) {
    const bool prod = combo.path == kProductionPath;
    INFO((prod ? "production" : "sandbox")
         << " SOAP " << (combo.version == wire::SoapVersion::k11 ? "1.1" : "1.2"));
    Client c = Make(server.base_url() + std::string(combo.path), combo.version);
    CHECK(c.endpoint().profile == (prod ? wire::Profile::kProduction : wire::Profile::kSandbox));

    model::SearchRequest search;
    search.npa = "435";
    if (prod) search.sms = "0";
    const model::DidResponse found = Ok(c.GetDids(search));
    CHECK(found.response_code == 100);
    CHECK_FALSE(found.did_locators.empty());
    // The production schema's ConferenceLine is there exactly on the production path.
    CHECK(found.conference_line.has_value() == prod);

    const model::DidResponse counted = Ok(c.GetDidCount(search));
    CHECK(counted.response_code == 100);
    CHECK_FALSE(counted.did_counts.empty());

    std::vector<model::DidParam> params{{combo.tn, std::nullopt, std::string("ref-") + combo.tn, 8674}};
    const model::DidResponse reserved = Ok(c.ReserveDid(params));
    CHECK(reserved.response_code == 100);
    REQUIRE(reserved.dids.size() == 1);
    CHECK(reserved.dids[0].status_code == "100");
    CHECK(reserved.dids[0].ref_id == std::string("ref-") + combo.tn);

    const model::DidResponse queried = Ok(c.QueryDid(combo.tn));
    CHECK(queried.response_code == 100);
    REQUIRE(queried.dids.size() == 1);
    CHECK(queried.dids[0].tn == combo.tn);

    const model::DidResponse assigned = Ok(c.AssignDid(params));
    REQUIRE(assigned.dids.size() == 1);
    CHECK(assigned.dids[0].status_code == "100");

    params[0].epg = 8675;
    const model::DidResponse configured = Ok(c.ConfigDid(params));
    REQUIRE(configured.dids.size() == 1);
    CHECK(configured.dids[0].status_code == "100");

    const model::DidResponse audit = Ok(c.AuditDids());
    CHECK(audit.response_code == 100);
    bool held = false;
    for (const model::Did& d : audit.dids) held = held || d.tn == combo.tn;
    CHECK(held);

    const model::DidResponse released = Ok(c.ReleaseDid(params));
    REQUIRE(released.dids.size() == 1);
    CHECK(released.dids[0].status_code == "100");

    const model::PortResponse portable = Ok(c.IsPortable("4352010000"));
    CHECK(portable.response_code == 100);
    CHECK(portable.is_portable);

    const model::PortResponse port = Ok(c.GetPortDetails(36623));
    CHECK(port.response_code == 100);
    REQUIRE(port.port_details.has_value());
    CHECK(port.port_details->id == 36623);
  }
}

TEST_CASE("client: API codes are data, not errors") {
  testing::RunningServer server;
  Client c = Make(server.base_url() + std::string(kSandboxPath), wire::SoapVersion::k11, "sandbox", "wrong");
  const model::DidResponse r = Ok(c.QueryDid("4352154006"));
  CHECK(r.response_code != 100);
  Client other = Make(server.base_url() + std::string(kSandboxPath));
  const model::DidResponse released = Ok(other.ReleaseDid({{"4352154974", {}, {}, {}}}));
  CHECK(released.response_code == 100);
  REQUIRE(released.dids.size() == 1);
  CHECK(released.dids[0].status_code != "100");
}

TEST_CASE("client: one client used from several threads at once") {
  testing::RunningServer server;
  Client c = Make(server.base_url() + std::string(kSandboxPath));
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 15; ++i) {
        auto r = c.QueryDid("4352154006");
        if (r && r->response_code == 100 && r->dids.size() == 1) ++ok;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(ok.load() == 60);
}

TEST_CASE("client: transport failure is kTransport with curl's reason") {
  Client c = Make("http://127.0.0.1:1/VOIP/Services/APIService.asmx", wire::SoapVersion::k11, "me", kSecret);
  Error e = Fails(c.AuditDids());
  CHECK(e.kind == Error::Kind::kTransport);
  CHECK(e.http_status == 0);
  CHECK(e.message.find("127.0.0.1") != std::string::npos);
  CHECK(e.message.find("/VOIP") == std::string::npos);  // the origin, never the path
  CHECK(e.message.find(kSecret) == std::string::npos);
}

TEST_CASE("client: each kind of failed answer is its own error kind") {
  struct Case {
    const char* what;
    CannedResponse answer;
    Error::Kind kind;
    long status;
  };
  const Case cases[] = {
      {"500 without a body", {500, "text/html", ""}, Error::Kind::kHttpStatus, 500},
      {"400 without a body", {400, "text/html", ""}, Error::Kind::kHttpStatus, 400},
      {"500 HTML error page",
       {500, "text/html", "<html><body><h1>Server Error in '/' Application.</h1></body></html>"},
       Error::Kind::kHttpStatus,
       500},
      {"SOAP 1.1 fault",
       {500, "text/xml; charset=utf-8", Fixture("fault/soap11-client-unknown-action")},
       Error::Kind::kSoapFault,
       500},
      {"SOAP 1.2 fault",
       {500, "application/soap+xml; charset=utf-8", Fixture("fault/soap12-sender-unknown-action")},
       Error::Kind::kSoapFault,
       500},
      {"200 HTML page",
       {200, "text/html", "<html><body>maintenance</body></html>"},
       Error::Kind::kMalformed,
       200},
      {"200 truncated XML",
       {200, "text/xml", Fixture("queryDID/recorded-assigned").substr(0, 300)},
       Error::Kind::kMalformed,
       200},
      {"200 empty body", {200, "text/xml", ""}, Error::Kind::kMalformed, 200},
      {"200 another operation's result",
       {200, "text/xml", Fixture("auditDIDs/recorded-empty")},
       Error::Kind::kMalformed,
       200},
  };
  for (const Case& k : cases) {
    INFO(k.what);
    ScriptedServer s({k.answer});
    Client c = Make(s.url(), wire::SoapVersion::k11, "me", kSecret);
    Error e = Fails(c.QueryDid("4352154006"));
    CHECK(e.kind == k.kind);
    CHECK(e.http_status == k.status);
    CHECK_FALSE(e.message.empty());
    CHECK(e.message.find(kSecret) == std::string::npos);
    if (k.kind == Error::Kind::kSoapFault) CHECK(e.fault_code.starts_with("soap:"));
  }
  // The recorded answer itself reads.
  ScriptedServer good({{200, "text/xml; charset=utf-8", Fixture("queryDID/recorded-assigned")}});
  CHECK(Ok(Make(good.url()).QueryDid("4353198001")).dids.at(0).network == "Onvoy");
}

TEST_CASE("client: the secret goes only into the request body, and no error text carries it") {
  // A server that echoes the secret in its fault text: the error is redacted.
  ScriptedServer s(
      {{500, "text/xml; charset=utf-8",
        testing::Envelope11("<soap:Fault><faultcode>soap:Server</faultcode><faultstring>bad secret " +
                            kSecret + "</faultstring></soap:Fault>")}});
  Client c = Make(s.url(), wire::SoapVersion::k11, "me", kSecret);
  Error e = Fails(c.QueryDid("4352154006"));
  CHECK(e.kind == Error::Kind::kSoapFault);
  CHECK(e.message.find(kSecret) == std::string::npos);
  CHECK(e.message.find("***") != std::string::npos);
  Client c12 = Make(s.url(), wire::SoapVersion::k12, "me", kSecret);
  (void)c12.AuditDids();
  auto requests = s.requests();
  REQUIRE(requests.size() == 2);
  for (const testing::ReceivedRequest& r : requests) {
    CHECK(r.target.find(kSecret) == std::string::npos);
    for (const auto& [name, value] : r.headers) {
      INFO(name);
      CHECK(value.find(kSecret) == std::string::npos);
    }
    // Exactly once, as the secret element's text.
    std::size_t at = r.body.find("<secret>" + kSecret + "</secret>");
    CHECK(at != std::string::npos);
    CHECK(r.body.find(kSecret) == r.body.rfind(kSecret));
  }
  CHECK(requests[0].headers.find("SOAPAction")->second == "\"http://tempuri.org/queryDID\"");
  CHECK(requests[1].headers.count("SOAPAction") == 0);
  CHECK(requests[1].headers.find("Content-Type")->second ==
        "application/soap+xml; charset=utf-8; action=\"http://tempuri.org/auditDIDs\"");
}

TEST_CASE("client: one connection is reused across calls") {
  ScriptedServer s({{200, "text/xml; charset=utf-8", Fixture("queryDID/recorded-assigned")}});
  Client c = Make(s.url());
  for (int i = 0; i < 3; ++i) CHECK(Ok(c.QueryDid("4353198001")).response_code == 100);
  auto requests = s.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].remote_port == requests[1].remote_port);
  CHECK(requests[1].remote_port == requests[2].remote_port);
}

TEST_CASE("client: redirects are not followed") {
  CannedResponse redirect{302, "text/html", ""};
  redirect.headers.emplace("Location", "http://127.0.0.1:1/elsewhere");
  ScriptedServer s({redirect});
  Client c = Make(s.url());
  Error e = Fails(c.AuditDids());
  CHECK(e.kind == Error::Kind::kHttpStatus);
  CHECK(e.http_status == 302);
  CHECK(s.requests().size() == 1);
}

TEST_CASE("client: the total timeout bounds a call") {
  CannedResponse slow{200, "text/xml", Fixture("queryDID/recorded-assigned")};
  slow.delay = std::chrono::milliseconds(1500);
  ScriptedServer s({slow});
  ClientOptions o;
  o.endpoint = s.url();
  o.credentials = {"me", kSecret};
  o.transport.total_timeout = std::chrono::milliseconds(200);
  auto c = Client::Create(o);
  REQUIRE(c.has_value());
  auto start = std::chrono::steady_clock::now();
  Error e = Fails(c->QueryDid("4353198001"));
  CHECK(e.kind == Error::Kind::kTransport);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1400));
}

TEST_CASE("client transport: an answer over the size cap is a transport error") {
  ScriptedServer s({{200, "text/xml", std::string(5000, 'x')}});
  client::TransportOptions o;
  o.max_response_bytes = 4096;
  client::HttpTransport t(o);
  auto r = t.Post(s.url(), {"Content-Type: text/xml"}, "<a/>");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message.find("longer than 4096 bytes") != std::string::npos);
  o.max_response_bytes = 5000;
  client::HttpTransport exact(o);
  auto ok = exact.Post(s.url(), {"Content-Type: text/xml"}, "<a/>");
  REQUIRE(ok.has_value());
  CHECK(ok->body.size() == 5000);
}

TEST_CASE("client transport: raw exchanges give status, headers and body back") {
  ScriptedServer s({{500, "text/plain", "raw answer"}});
  client::HttpTransport t;
  auto r = t.Post(s.url("/anything?x=1"), {"Content-Type: text/xml", "X-Test: 1"}, "<raw/>");
  REQUIRE(r.has_value());
  CHECK(r->status == 500);
  CHECK(r->body == "raw answer");
  CHECK(r->Header("content-type").starts_with("text/plain"));
  auto got = s.requests();
  REQUIRE(got.size() == 1);
  CHECK(got[0].body == "<raw/>");
  CHECK(got[0].target == "/anything?x=1");
  CHECK(got[0].headers.find("X-Test")->second == "1");
  CHECK(client::RedactedOrigin("https://user:pw@example.com:8443/p?q=1") == "https://example.com:8443");
}
