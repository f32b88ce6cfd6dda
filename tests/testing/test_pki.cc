#include "tests/testing/test_pki.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace vi::testing {

TestPki::TestPki() {
  static std::atomic<int> serial{0};
  dir_ = std::filesystem::temp_directory_path() /
         ("vi_tls_test_" + std::to_string(::getpid()) + "_" + std::to_string(serial++));
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "ext.cnf") << "subjectAltName=IP:127.0.0.1\n";
  const std::string d = dir_.string();
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  const std::string cmd = "cd " + d + " && openssl req -x509" + ec +
                          " -keyout ca.key -out ca.pem -days 2 -subj '/CN=vi test CA'" + " && openssl req" +
                          ec + " -keyout server.key -out server.csr -subj '/CN=127.0.0.1'" +
                          " && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
                          "-out server.pem -days 2" +
                          " -extfile ext.cnf";
  ok_ = std::system(("(" + cmd + ") >/dev/null 2>&1").c_str()) == 0;
}

TestPki::~TestPki() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace vi::testing
