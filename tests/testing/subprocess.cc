#include "tests/testing/subprocess.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace vi::testing {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

ProgramRun RunProgram(const std::string& binary, const std::vector<std::string>& args,
                      const std::vector<std::string>& env) {
  static int counter = 0;
  const std::string base =
      "/tmp/vi_program_run_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  std::string cmd = "env -u VI_URL -u VI_LOGIN -u VI_SECRET";
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string name = std::string(*e).substr(0, std::string(*e).find('='));
    if (name.starts_with("VI_CLIENT_") || name.starts_with("VI_CONTRACTS_")) cmd += " -u " + Quote(name);
  }
  for (const std::string& e : env) cmd += " " + Quote(e);
  cmd += " " + Quote(binary);
  for (const std::string& a : args) cmd += " " + Quote(a);
  cmd += " >" + base + ".out 2>" + base + ".err";
  const int status = std::system(cmd.c_str());
  ProgramRun r;
  r.out = Slurp(base + ".out");
  r.err = Slurp(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  INFO("command: " << cmd << "\nstdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(WIFEXITED(status));
  r.exit_code = WEXITSTATUS(status);
  return r;
}

}  // namespace vi::testing
