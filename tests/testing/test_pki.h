// TestPki: a throw-away certificate authority and a server certificate it
// signed, made at run time with the `openssl` command (a test dependency,
// ci/install-deps.sh), for TLS tests of the client and the emulator.
#ifndef VI_TESTS_TESTING_TEST_PKI_H_
#define VI_TESTS_TESTING_TEST_PKI_H_

#include <filesystem>
#include <string>

namespace vi::testing {

// A scratch directory holding ca.pem and ca.key (the CA), server.pem and
// server.key (CN and subjectAltName 127.0.0.1, signed by the CA), all PEM,
// EC P-256, valid two days; removed on destruction. Not copyable.
class TestPki {
 public:
  TestPki();
  ~TestPki();
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  // Whether openssl made every file; tests REQUIRE it (a missing openssl
  // fails the test, never skips it).
  bool ok() const { return ok_; }
  // The full path of `name` in the directory.
  std::string path(const char* name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
  bool ok_ = false;
};

}  // namespace vi::testing

#endif  // VI_TESTS_TESTING_TEST_PKI_H_
