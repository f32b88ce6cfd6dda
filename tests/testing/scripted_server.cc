#include "tests/testing/scripted_server.h"

#include <catch2/catch.hpp>

namespace vi::testing {

ScriptedServer::ScriptedServer(std::vector<CannedResponse> script) {
  if (script.empty()) script.push_back({});
  {
    MutexLock lock(mu_);
    script_ = std::move(script);
  }
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    CannedResponse answer;
    {
      MutexLock lock(mu_);
      ReceivedRequest r;
      r.method = req.method;
      r.target = req.target;
      for (const auto& [k, v] : req.headers) r.headers.emplace(k, v);
      r.body = req.body;
      r.remote_port = req.remote_port;
      received_.push_back(std::move(r));
      answer = script_[std::min(next_, script_.size() - 1)];
      ++next_;
    }
    if (answer.delay.count() > 0) std::this_thread::sleep_for(answer.delay);
    res.status = answer.status;
    for (const auto& [k, v] : answer.headers) res.set_header(k, v);
    if (!answer.body.empty()) res.set_content(answer.body, answer.content_type);
  };
  server_.Post(".*", handler);
  server_.Get(".*", handler);
  server_.set_keep_alive_timeout(5);
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) FAIL("scripted server: bind failed");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  for (int i = 0; i < 500 && !server_.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!server_.is_running()) FAIL("scripted server did not start");
}

ScriptedServer::~ScriptedServer() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

std::string ScriptedServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<ReceivedRequest> ScriptedServer::requests() const {
  MutexLock lock(mu_);
  return received_;
}

}  // namespace vi::testing
