// ScriptedServer: an HTTP server on 127.0.0.1 and a kernel-chosen port that
// answers every request with canned responses, in order (the last one
// repeats), and records what it received: for client tests that need
// answers the emulator never gives (HTML pages, truncated XML, bodiless
// 500s, redirects, slow answers). Thread-safe; stopped on destruction.
#ifndef VI_TESTS_TESTING_SCRIPTED_SERVER_H_
#define VI_TESTS_TESTING_SCRIPTED_SERVER_H_

#include <httplib.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace vi::testing {

struct CannedResponse {
  int status = 200;
  std::string content_type = "text/xml; charset=utf-8";
  std::string body;
  std::multimap<std::string, std::string> headers;  // extra headers (Location, ...)
  std::chrono::milliseconds delay{0};               // before answering
};

struct ReceivedRequest {
  std::string method;
  std::string target;  // path and query as sent
  std::multimap<std::string, std::string, httplib::detail::ci> headers;
  std::string body;
  int remote_port = 0;  // the same port on two requests: the same connection
};

class ScriptedServer {
 public:
  explicit ScriptedServer(std::vector<CannedResponse> script);
  ~ScriptedServer();
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/VOIP/Services/APIService.asmx") const;
  std::vector<ReceivedRequest> requests() const;

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable Mutex mu_;
  std::vector<CannedResponse> script_ VI_GUARDED_BY(mu_);
  std::size_t next_ VI_GUARDED_BY(mu_) = 0;
  std::vector<ReceivedRequest> received_ VI_GUARDED_BY(mu_);
};

}  // namespace vi::testing

#endif  // VI_TESTS_TESTING_SCRIPTED_SERVER_H_
