// --state FILE: save, restart, load; and refusals of bad files, in process
// and with the real binary stopped by SIGTERM.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/testing/running_server.h"

extern char** environ;

using namespace vi;
using namespace vi::testing;
using nlohmann::json;

namespace {

// A fresh path in the temporary directory, removed with its temporaries at the end.
struct TempPath {
  std::filesystem::path path;
  TempPath() {
    char dir[] = "/tmp/vi-state-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    path = std::filesystem::path(dir) / "state.json";
  }
  ~TempPath() {
    std::error_code ec;
    std::filesystem::remove_all(path.parent_path(), ec);
  }
};

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Audits(httplib::Client& c, const std::vector<std::string>& logins) {
  std::vector<std::string> out;
  for (const std::string& l : logins) {
    auto r = PostSoap11(c, "auditDIDs", OperationXml("auditDIDs", l, ""));
    REQUIRE(r);
    out.push_back(r->body);
  }
  return out;
}

server::SandboxServerConfig RealExpiries() {
  auto config = TestConfig();
  config.sandbox.expire_date = core::ExpireDate::kReal;  // expiries show in auditDIDs
  return config;
}

}  // namespace

TEST_CASE("Save, restart, load: identical auditDIDs for every account and identical expiries",
          "[admin][state][persistence]") {
  TempPath file;
  const std::vector<std::string> logins = {"sandbox", "other", "limited", "ci"};
  std::vector<std::string> before;
  std::string state_before;
  {
    RunningServer s(RealExpiries());
    auto& c = s.client();
    REQUIRE(c.Post("/_admin/accounts", R"({"login":"ci","secret":"ci","endpointGroups":[42]})",
                   "application/json"));
    PostSoap11(c, "reserveDID", OperationXml("reserveDID", "sandbox", DidParamsXml("4352154006")));
    c.Post("/_admin/clock/advance", R"({"seconds":300})", "application/json");
    PostSoap11(c, "reserveDID", OperationXml("reserveDID", "ci", DidParamsXml("4353198001")));
    PostSoap11(c, "assignDID", OperationXml("assignDID", "other", DidParamsXml("4358797726", 9001)));
    before = Audits(c, logins);
    state_before = c.Get("/_admin/state")->body;
    REQUIRE(!s.server().SaveStateFile(file.path.string()));
  }
  CHECK(std::filesystem::status(file.path).permissions() ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  CHECK(std::distance(std::filesystem::directory_iterator(file.path.parent_path()),
                      std::filesystem::directory_iterator()) == 1);  // no temporary left
  RunningServer t(RealExpiries());
  REQUIRE(!t.server().LoadStateFile(file.path.string()));
  CHECK(Audits(t.client(), logins) == before);
  CHECK(t.client().Get("/_admin/state")->body == state_before);
  CHECK(before[0].find("2026-01-15T12:30:00") != std::string::npos);  // the real expiry came back
}

TEST_CASE("A state file cut short, foreign or for another inventory is refused and nothing is loaded",
          "[admin][state][persistence]") {
  TempPath file;
  std::string whole;
  {
    RunningServer s;
    PostSoap11(s.client(), "reserveDID", OperationXml("reserveDID", "sandbox", DidParamsXml("4352154006")));
    REQUIRE(!s.server().SaveStateFile(file.path.string()));
    whole = ReadAll(file.path);
  }
  auto other_inventory = TestConfig();
  other_inventory.data.inventory.size = 6000;
  struct Case {
    std::string content;
    std::string says;
  };
  for (const Case& k :
       {Case{whole.substr(0, whole.size() - 20), "not a JSON object"}, Case{"", "not a JSON object"},
        Case{R"({"format":"wiremock-mappings","version":1})", "not a vi-sandbox state document"}}) {
    CAPTURE(k.content.substr(0, 60));
    std::ofstream(file.path, std::ios::binary | std::ios::trunc) << k.content;
    RunningServer t;
    std::optional<std::string> why = t.server().LoadStateFile(file.path.string());
    REQUIRE(why);
    CHECK(why->find(file.path.string()) != std::string::npos);
    CHECK(why->find(k.says) != std::string::npos);
    CHECK(t.server().sandbox().HoldingCount() == 0);
  }
  std::ofstream(file.path, std::ios::binary | std::ios::trunc) << whole;
  RunningServer u(other_inventory);
  std::optional<std::string> why = u.server().LoadStateFile(file.path.string());
  REQUIRE(why);
  CHECK(why->find("another inventory") != std::string::npos);
  CHECK(u.server().sandbox().HoldingCount() == 0);
}

namespace {

// The real binary, started with `args`; its stdout's first line is read.
struct Process {
  pid_t pid = -1;
  int out = -1;
  int err = -1;
  explicit Process(std::vector<std::string> args) {
    int o[2], e[2];
    REQUIRE(::pipe(o) == 0);
    REQUIRE(::pipe(e) == 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, o[1], 1);
    posix_spawn_file_actions_adddup2(&fa, e[1], 2);
    posix_spawn_file_actions_addclose(&fa, o[0]);
    posix_spawn_file_actions_addclose(&fa, e[0]);
    static char binary[] = VI_SANDBOX_BINARY;
    std::vector<char*> argv{binary};
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&pid, VI_SANDBOX_BINARY, &fa, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&fa);
    ::close(o[1]);
    ::close(e[1]);
    out = o[0];
    err = e[0];
  }
  ~Process() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    ::close(out);
    ::close(err);
  }
  // The port from "listening on http://127.0.0.1:PORT/", or -1 on EOF.
  int Port() {
    std::string line;
    char ch;
    while (::read(out, &ch, 1) == 1 && ch != '\n') line += ch;
    const std::size_t colon = line.rfind(':');
    if (line.rfind("listening on", 0) != 0 || colon == std::string::npos) return -1;
    return std::stoi(line.substr(colon + 1));
  }
  // Waits for the exit; the exit status.
  int Wait() {
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string Stderr() {
    std::string s;
    char buf[512];
    ssize_t n;
    while ((n = ::read(err, buf, sizeof buf)) > 0) s.append(buf, static_cast<std::size_t>(n));
    return s;
  }
};

}  // namespace

TEST_CASE("vi-sandbox --state saves on SIGTERM and loads at the next start", "[admin][state][persistence]") {
  TempPath file;
  const std::vector<std::string> args = {"--port", "0",       "--inventory-size",
                                         "5000",   "--state", file.path.string()};
  std::string audit;
  {
    Process p(args);
    const int port = p.Port();
    REQUIRE(port > 0);
    httplib::Client c("127.0.0.1", port);
    auto r = PostSoap11(c, "reserveDID", OperationXml("reserveDID", "sandbox", DidParamsXml("4352154006")));
    REQUIRE(r);
    REQUIRE(FirstText(r->body, "statusCode") == "100");
    audit = PostSoap11(c, "auditDIDs", OperationXml("auditDIDs", "sandbox", ""))->body;
    ::kill(p.pid, SIGTERM);
    CHECK(p.Wait() == 0);
  }
  REQUIRE(std::filesystem::exists(file.path));
  CHECK(ReadAll(file.path).find("4352154006") != std::string::npos);
  {
    Process p(args);
    const int port = p.Port();
    REQUIRE(port > 0);
    httplib::Client c("127.0.0.1", port);
    CHECK(PostSoap11(c, "auditDIDs", OperationXml("auditDIDs", "sandbox", ""))->body.find("4352154006") !=
          std::string::npos);
    ::kill(p.pid, SIGINT);
    CHECK(p.Wait() == 0);
  }
  // Cut short: start-up stops with a clear message and never listens.
  const std::string whole = ReadAll(file.path);
  std::ofstream(file.path, std::ios::binary | std::ios::trunc) << whole.substr(0, whole.size() / 2);
  Process bad(args);
  CHECK(bad.Port() == -1);
  CHECK(bad.Wait() == 2);
  const std::string message = bad.Stderr();
  CHECK(message.find("refused (nothing loaded)") != std::string::npos);
  CHECK(message.find(file.path.string()) != std::string::npos);
  (void)audit;
}
