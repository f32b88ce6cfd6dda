#include "base/cli_args.h"

#include <catch2/catch.hpp>
#include <map>

namespace {

constexpr std::string_view kUsage = R"(usage: tool [options]
  --host ADDR             address (default 127.0.0.1; 0.0.0.0 exposes
                          --port N and everything else)
  --port N                port
  --pinned-numbers FILE|none  pinned numbers
  --no-admin              a switch
  --help                  this text
  --version               the version
)";

vi::cli::Normalized Run(std::vector<std::string> args, std::map<std::string, std::string> env) {
  std::vector<std::string> names;
  for (const auto& [k, v] : env) names.push_back(k);
  return vi::cli::Normalize(
      args, vi::cli::FlagsFromUsage(kUsage), "VI_T_",
      [&](const std::string& k) -> const char* {
        auto it = env.find(k);
        return it == env.end() ? nullptr : it->second.c_str();
      },
      names);
}

}  // namespace

TEST_CASE("cli_args: the options are read from the usage text, with or without a value") {
  auto flags = vi::cli::FlagsFromUsage(kUsage);
  REQUIRE(flags.size() == 6);  // the continuation line "--port N and ..." is not an option line
  CHECK(flags[0].name == "host");
  CHECK(flags[0].takes_value);
  CHECK(flags[2].name == "pinned-numbers");
  CHECK(flags[2].takes_value);
  CHECK(flags[3].name == "no-admin");
  CHECK_FALSE(flags[3].takes_value);
  CHECK(vi::cli::EnvName("VI_SANDBOX_", "inventory-size") == "VI_SANDBOX_INVENTORY_SIZE");
}

TEST_CASE("cli_args: --opt=value is split, and only at the first '='") {
  auto n = Run({"--port=9000", "--host", "::1", "--pinned-numbers=a=b.tsv", "-=x"}, {});
  REQUIRE_FALSE(n.error);
  CHECK(n.args ==
        std::vector<std::string>{"--port", "9000", "--host", "::1", "--pinned-numbers", "a=b.tsv", "-=x"});
}

TEST_CASE("cli_args: variables add the options the command line does not name") {
  auto n = Run({"--port", "1"}, {{"VI_T_PORT", "2"}, {"VI_T_HOST", "0.0.0.0"}, {"VI_T_NO_ADMIN", "yes"}});
  REQUIRE_FALSE(n.error);
  CHECK(n.args == std::vector<std::string>{"--host", "0.0.0.0", "--no-admin", "--port", "1"});
  auto eq = Run({"--port=1"}, {{"VI_T_PORT", "2"}});
  CHECK(eq.args == std::vector<std::string>{"--port", "1"});
}

TEST_CASE("cli_args: switches take 1/true/yes/on or 0/false/no/off, anything else is a usage error") {
  CHECK(Run({}, {{"VI_T_NO_ADMIN", "TRUE"}}).args == std::vector<std::string>{"--no-admin"});
  CHECK(Run({}, {{"VI_T_NO_ADMIN", "0"}}).args.empty());
  CHECK(Run({}, {{"VI_T_NO_ADMIN", ""}}).args.empty());
  auto bad = Run({}, {{"VI_T_NO_ADMIN", "maybe"}});
  REQUIRE(bad.error);
  CHECK(bad.error->find("VI_T_NO_ADMIN") != std::string::npos);
}

TEST_CASE("cli_args: --help and --version never come from the environment, and unknown variables warn") {
  auto n = Run({}, {{"VI_T_HELP", "1"}, {"VI_T_VERSION", "1"}, {"VI_T_PROT", "1"}, {"OTHER", "x"}});
  REQUIRE_FALSE(n.error);
  CHECK(n.args.empty());
  CHECK(n.warnings.size() == 3);  // HELP and VERSION are not read from the environment; PROT is a typo
  bool prot = false;
  for (const auto& w : n.warnings) prot = prot || w.find("VI_T_PROT") != std::string::npos;
  CHECK(prot);
}

TEST_CASE("cli_args: a switch given a value with --switch=value is a usage error") {
  auto n = Run({"--no-admin=1"}, {});
  REQUIRE(n.error);
  CHECK(*n.error == "--no-admin takes no value");
  auto v = Run({"--version=yes"}, {});
  REQUIRE(v.error);
  CHECK(v.error->find("--version") != std::string::npos);
  // An option that is not in the usage (another parser's) is only split.
  CHECK(Run({"--tn=1"}, {}).args == std::vector<std::string>{"--tn", "1"});
}
