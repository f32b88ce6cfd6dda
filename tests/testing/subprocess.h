// RunProgram: a built binary run as a user runs it, as a subprocess with
// arguments and environment lines, its exit code, stdout and stderr
// captured. VI_URL, VI_LOGIN, VI_SECRET and every VI_CLIENT_* and
// VI_CONTRACTS_* variable are unset unless `env` sets them, so a
// developer's own environment never leaks into a test.
// REQUIREs that the program exited normally (not by a signal).
#ifndef VI_TESTS_TESTING_SUBPROCESS_H_
#define VI_TESTS_TESTING_SUBPROCESS_H_

#include <string>
#include <vector>

namespace vi::testing {

struct ProgramRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `env` lines are "NAME=value". Arguments and environment are shell-quoted.
ProgramRun RunProgram(const std::string& binary, const std::vector<std::string>& args,
                      const std::vector<std::string>& env = {});

}  // namespace vi::testing

#endif  // VI_TESTS_TESTING_SUBPROCESS_H_
