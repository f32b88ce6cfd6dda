// vi-canned-bench: the ceiling ci/bench-http.sh compares vi-sandbox with.
// cpp-httplib 0.11.4 (the same Debian library) answering every POST to the
// sandbox service path with fixed bytes — the emulator's own answers, read
// from files — tuned as vi-sandbox is (64 workers, TCP_NODELAY, 1000
// requests per keep-alive connection, 5 s idle). No SOAP, no state: what the
// HTTP library alone costs per request.
//
// Usage: vi-canned-bench PORT QUERY_ANSWER_FILE GETDIDS_ANSWER_FILE
// A SOAPAction naming getDIDs gets the second file, anything else the first.
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

bool Slurp(const char* path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string query, dids;
  if (argc != 4 || !Slurp(argv[2], query) || !Slurp(argv[3], dids)) {
    std::fprintf(stderr, "usage: vi-canned-bench PORT QUERY_ANSWER_FILE GETDIDS_ANSWER_FILE\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(5);
  server.Post("/VOIP/Services/APIService.asmx", [&](const httplib::Request& req, httplib::Response& res) {
    const bool big = req.get_header_value("SOAPAction").find("getDIDs") != std::string::npos;
    res.set_content(big ? dids : query, "text/xml; charset=utf-8");
  });
  if (!server.listen("127.0.0.1", port)) {
    std::fprintf(stderr, "vi-canned-bench: cannot listen on 127.0.0.1:%d\n", port);
    return 1;
  }
  return 0;
}
