// The one Catch2 main for every test executable.
//
// It always runs with Catch2's NoTests and NoAssertions warnings on, so a
// run that matches no test case (a name CTest mangled, a mistyped filter)
// and a test case that checks nothing both exit non-zero instead of passing.
// They are set here rather than on the command line because Catch2 v2 parses
// `-w` only once per invocation.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  session.configData().warnings = static_cast<Catch::WarnAbout::What>(
      session.configData().warnings | Catch::WarnAbout::NoTests | Catch::WarnAbout::NoAssertions);
  return session.run();
}

// Hidden (never run by CTest): tests/registration_guard.py runs it by its tag
// and expects the run to fail, proving the NoAssertions warning is on.
TEST_CASE("A test case without assertions fails the run", "[.vi_guard_no_assertions]") {}
