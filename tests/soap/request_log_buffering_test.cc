// The buffered request log (mock-server/server/request_log.h): whole lines,
// none lost (many threads, SIGTERM), order kept, a stalled sink neither
// blocks the server nor costs it its state, and --quiet writes nothing.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mock-server/server/request_log.h"
#include "tests/testing/running_server.h"

extern char** environ;

using namespace vi;
using namespace vi::testing;

namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// "t=T i=I pad" as written by Burst; false if `line` is not one, whole.
bool ParseBurstLine(const std::string& line, int& t, int& i) {
  char pad[64] = {};
  return std::sscanf(line.c_str(), "t=%d i=%d %63s", &t, &i, pad) == 3 &&
         std::string(pad) == "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" &&
         line == "t=" + std::to_string(t) + " i=" + std::to_string(i) + " " + pad;
}

std::string BurstLine(int t, int i) {
  return "t=" + std::to_string(t) + " i=" + std::to_string(i) + " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
}

// Reads a pipe until EOF on its own thread.
class PipeReader {
 public:
  explicit PipeReader(int fd)
      : thread_([this, fd] {
          char buf[4096];
          ssize_t n;
          while ((n = ::read(fd, buf, sizeof buf)) > 0) text_.append(buf, static_cast<std::size_t>(n));
        }) {}
  // Waits for EOF; the bytes read.
  std::string Join() {
    thread_.join();
    return text_;
  }

 private:
  std::string text_;
  std::thread thread_;
};

}  // namespace

TEST_CASE("A burst from many threads: every line present, whole, in each thread's order", "[log][buffer]") {
  constexpr int kThreads = 16, kLines = 3000;
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  std::uint64_t dropped = 0;
  {
    server::RequestLogOptions options;
    options.max_buffered_bytes = 256u << 20;  // room for everything: nothing may be dropped
    server::RequestLog log(f, options);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&log, t] {
        for (int i = 0; i < kLines; ++i) log.Append(BurstLine(t, i));
      });
    }
    for (std::thread& th : threads) th.join();
    dropped = log.dropped();
  }
  const std::vector<std::string> lines = Lines(ReadStream(f));
  std::fclose(f);
  CHECK(dropped == 0);
  REQUIRE(lines.size() == static_cast<std::size_t>(kThreads * kLines));
  std::vector<int> next(kThreads, 0);
  std::size_t bad = 0, out_of_order = 0;
  for (const std::string& line : lines) {
    int t = -1, i = -1;
    if (!ParseBurstLine(line, t, i) || t < 0 || t >= kThreads) {
      ++bad;
      continue;
    }
    if (i != next[t]) ++out_of_order;
    next[t] = i + 1;
  }
  CHECK(bad == 0);
  CHECK(out_of_order == 0);
  for (int t = 0; t < kThreads; ++t) CHECK(next[t] == kLines);
}

TEST_CASE("A drop notice stands where the lines went missing, after the lines kept before them",
          "[log][buffer]") {
  // One thread appends far more than the smallest buffers hold, faster than
  // the writer runs: lines are kept, dropped, kept again. Whatever the
  // interleaving with the writer, every gap in the numbering must be
  // announced between the two kept lines around it, and no notice may stand
  // where nothing is missing (a notice written before the lines kept ahead
  // of the drop was the bug).
  constexpr int kLines = 5000;
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  std::uint64_t dropped = 0;
  {
    server::RequestLogOptions options;
    options.max_buffered_bytes = 16 * 1024;  // 1 KiB per shard: ~17 lines
    server::RequestLog log(f, options);
    for (int i = 0; i < kLines; ++i) log.Append(BurstLine(0, i));
    dropped = log.dropped();
  }
  const std::vector<std::string> lines = Lines(ReadStream(f));
  std::fclose(f);
  REQUIRE(dropped > 0);
  int last = -1;                // the last kept line's number
  std::uint64_t announced = 0;  // notices since it
  std::uint64_t reported = 0, kept = 0, misplaced = 0;
  for (const std::string& line : lines) {
    unsigned long long n = 0;
    if (std::sscanf(line.c_str(), "vi-sandbox: request log: %llu lines dropped", &n) == 1) {
      announced += n;
      reported += n;
      continue;
    }
    int t = -1, i = -1;
    REQUIRE(ParseBurstLine(line, t, i));
    REQUIRE(i > last);
    const bool gap = i > last + 1;
    if (gap != (announced > 0)) ++misplaced;
    INFO("line " << i << " after " << last << ", " << announced << " announced before it");
    CHECK(misplaced == 0);
    last = i;
    announced = 0;
    ++kept;
  }
  const bool tail_gap = last < kLines - 1;
  CHECK(tail_gap == (announced > 0));
  CHECK(reported == dropped);
  CHECK(kept + dropped == static_cast<std::uint64_t>(kLines));
}

TEST_CASE("Lines appended one after another by different threads keep that order", "[log][buffer]") {
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  {
    server::RequestLog log(f);
    for (int round = 0; round < 50; ++round) {
      // Each on a new thread (a new shard), each after the previous returned.
      std::thread([&log, round] { log.Append("a" + std::to_string(round)); }).join();
      std::thread([&log, round] { log.Append("b" + std::to_string(round)); }).join();
      log.Append("c" + std::to_string(round));
    }
  }
  const std::vector<std::string> lines = Lines(ReadStream(f));
  std::fclose(f);
  REQUIRE(lines.size() == 150);
  for (int round = 0; round < 50; ++round) {
    CHECK(lines[3 * round] == "a" + std::to_string(round));
    CHECK(lines[3 * round + 1] == "b" + std::to_string(round));
    CHECK(lines[3 * round + 2] == "c" + std::to_string(round));
  }
}

TEST_CASE("A stalled sink: appends never block, overflow is dropped and counted, lines stay whole",
          "[log][buffer]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::FILE* sink = ::fdopen(fds[1], "w");
  REQUIRE(sink != nullptr);
  constexpr int kLines = 20000;  // ~1.2 MB: far more than the pipe and the buffers hold
  int refused = 0;
  std::uint64_t dropped = 0;
  std::string text;
  {
    server::RequestLogOptions options;
    options.max_buffered_bytes = 64 * 1024;
    options.flush_interval = std::chrono::milliseconds(5);
    options.drain_timeout = std::chrono::milliseconds(200);
    auto log = std::make_unique<server::RequestLog>(sink, options);
    // Nobody reads: if Append waited for the sink, this loop would never end.
    for (int i = 0; i < kLines; ++i) refused += log->Append(BurstLine(0, i)) ? 0 : 1;
    log->Flush();  // gives up after drain_timeout: the sink takes nothing
    CHECK(refused > 0);
    // The reader comes back: what was kept arrives, then the count, then new lines.
    PipeReader reader(fds[0]);
    log->Flush();
    log->Append(BurstLine(1, 0));
    dropped = log->dropped();
    log.reset();     // flushes
    ::fclose(sink);  // EOF for the reader
    text = reader.Join();
  }
  ::close(fds[0]);
  const std::vector<std::string> lines = Lines(text);
  INFO(text.substr(text.size() > 2000 ? text.size() - 2000 : 0));
  REQUIRE(!lines.empty());
  CHECK(text.back() == '\n');
  std::uint64_t reported = 0;
  int kept = 0, last = -1;
  bool after = false;
  for (const std::string& line : lines) {
    unsigned long long n = 0;
    if (std::sscanf(line.c_str(), "vi-sandbox: request log: %llu lines dropped", &n) == 1) {
      CHECK(line == "vi-sandbox: request log: " + std::to_string(n) +
                        " lines dropped (the log sink did not keep up)");
      reported += n;
      continue;
    }
    int t = -1, i = -1;
    REQUIRE(ParseBurstLine(line, t, i));
    if (t == 1) {
      after = true;
      continue;
    }
    CHECK(!after);  // the new line comes last
    CHECK(i > last);
    last = i;
    ++kept;
  }
  CHECK(after);
  CHECK(lines.back() == BurstLine(1, 0));
  CHECK(reported == dropped);
  CHECK(static_cast<std::uint64_t>(kept) + dropped == static_cast<std::uint64_t>(kLines));
  CHECK(dropped >= static_cast<std::uint64_t>(refused));
}

TEST_CASE("A server whose log pipe is never read keeps answering, keeps its state and stops",
          "[log][buffer]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  REQUIRE(::fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0);
  std::FILE* sink = ::fdopen(fds[1], "w");
  REQUIRE(sink != nullptr);
  {
    auto config = TestConfig();
    config.log = sink;
    config.log_options.max_buffered_bytes = 32 * 1024;
    config.log_options.drain_timeout = std::chrono::milliseconds(200);
    RunningServer s(config);
    auto& c = s.client();
    auto reserved =
        PostSoap11(c, "reserveDID", OperationXml("reserveDID", "sandbox", DidParamsXml("4352154006")));
    REQUIRE(reserved);
    REQUIRE(FirstText(reserved->body, "statusCode") == "100");
    // Far more lines than the pipe (64 KiB) and the buffers hold.
    for (int i = 0; i < 1500; ++i) {
      auto r = PostSoap11(c, "queryDID", OperationXml("queryDID", "sandbox", "<did>4352154006</did>"));
      REQUIRE(r);
      REQUIRE(r->status == 200);
    }
    auto audit = PostSoap11(c, "auditDIDs", OperationXml("auditDIDs", "sandbox", ""));
    REQUIRE(audit);
    CHECK(audit->body.find("4352154006") != std::string::npos);
    CHECK(s.server().sandbox().HoldingCount() == 1);
  }  // stops: the log gives up on the pipe after drain_timeout
  ::fclose(sink);
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  // What the pipe took are whole lines, the first one the reserveDID.
  REQUIRE(!text.empty());
  INFO(text.substr(0, 400));
  CHECK(text.find("op=reserveDID account=sandbox") < text.find('\n'));
}

namespace {

// Runs the real binary with stderr to `err_path`, sends `requests` queryDID
// calls on one connection, stops it with SIGTERM; its exit status.
int RunAndTerminate(const std::vector<std::string>& extra, const std::string& err_path, int requests) {
  int o[2];
  REQUIRE(::pipe(o) == 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, o[1], 1);
  posix_spawn_file_actions_addclose(&fa, o[0]);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  static char binary[] = VI_SANDBOX_BINARY;
  std::vector<std::string> args = {"--port", "0", "--inventory-size", "5000"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<char*> argv{binary};
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  REQUIRE(posix_spawn(&pid, VI_SANDBOX_BINARY, &fa, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&fa);
  ::close(o[1]);
  std::string line;
  char ch;
  while (::read(o[0], &ch, 1) == 1 && ch != '\n') line += ch;
  ::close(o[0]);
  const std::size_t colon = line.rfind(':');
  const int port = line.rfind("listening on", 0) == 0 && colon != std::string::npos
                       ? std::stoi(line.substr(colon + 1))
                       : -1;
  if (port > 0) {
    httplib::Client c("127.0.0.1", port);
    for (int i = 0; i < requests; ++i) {
      auto r = PostSoap11(c, "queryDID", OperationXml("queryDID", "sandbox", "<did>4352154006</did>"));
      if (!r || r->status != 200) break;
    }
  }
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(port > 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string FileText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("vi-sandbox stopped by SIGTERM right after its last answer has logged every request",
          "[log][buffer]") {
  auto json = GENERATE(false, true);
  CAPTURE(json);
  char dir[] = "/tmp/vi-log-XXXXXX";
  REQUIRE(::mkdtemp(dir) != nullptr);
  const std::filesystem::path err = std::filesystem::path(dir) / "stderr";
  std::vector<std::string> extra;
  if (json) extra = {"--log-format", "json"};
  CHECK(RunAndTerminate(extra, err.string(), 300) == 0);
  const std::string text = FileText(err);
  std::filesystem::remove_all(dir);
  std::size_t logged = 0;
  for (const std::string& line : Lines(text)) {
    logged += line.find(json ? "\"operation\":\"queryDID\""
                             : " op=queryDID account=sandbox result=100 status=200") != std::string::npos;
  }
  CHECK(logged == 300);
  CHECK(text.back() == '\n');
}

TEST_CASE("vi-sandbox --quiet writes nothing on stderr", "[log][buffer]") {
  char dir[] = "/tmp/vi-log-XXXXXX";
  REQUIRE(::mkdtemp(dir) != nullptr);
  const std::filesystem::path err = std::filesystem::path(dir) / "stderr";
  CHECK(RunAndTerminate({"--quiet"}, err.string(), 20) == 0);
  const std::string text = FileText(err);
  std::filesystem::remove_all(dir);
  CHECK(text.empty());
}
