// RequestLog: the request log's sink, buffered so that logging costs a
// worker thread a short memory append and never a system call.
//
// Append() copies one complete line into one of kShards buffers (a thread
// keeps its shard; each shard has its own small lock, so workers rarely
// meet) and stamps it with a global sequence number. A background writer
// wakes at least every `flush_interval` (sooner when a shard holds more than
// a quarter of its share of `max_buffered_bytes`), takes every shard's
// buffer at once, orders the lines by sequence number and writes them to the
// sink's file descriptor with write(2).
//
// Guarantees:
// - Lines are whole: each line reaches the sink with its newline, never
//   interleaved with another line of this log.
// - Order: the sink receives lines in the order Append() was called, across
//   all threads (the sequence number is taken under the shard's lock, and the
//   writer takes all shards at once, so a batch is never missing a line that
//   was appended before one it holds). In particular the lines of one
//   connection (served by one worker at a time) keep their order.
// - Nothing is lost at exit: Flush() writes every line appended before it
//   was called; the destructor flushes and joins the writer.
// - Memory is bounded: at most `max_buffered_bytes` of lines wait in the
//   shards, and at most as much again in the writer's queue of bytes the
//   sink has not taken yet (a line the sink took in part is finished before
//   any other byte is written). Decision: when the sink does not keep up (a stalled pipe, a
//   full disk) a line that does not fit is dropped and counted, never
//   waited for: a worker must not stop answering because its log reader
//   stopped reading. The count is written as its own line, in the log's
//   format, as soon as the sink accepts lines again:
//     text: vi-sandbox: request log: N lines dropped (the log sink did not keep up)
//     json: {"droppedLines":N,"note":"the log sink did not keep up"}
// - Shutdown is bounded: Flush() and the destructor each wait for a sink
//   that accepts nothing at most `drain_timeout`; what it never took is
//   dropped and counted in dropped().
// Write errors other than EINTR/EAGAIN (a closed pipe, EBADF) drop the batch
// and count its lines. Thread-safe; Append() never blocks on the sink.
#ifndef VI_MOCK_SERVER_SERVER_REQUEST_LOG_H_
#define VI_MOCK_SERVER_SERVER_REQUEST_LOG_H_

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace vi::server {

struct RequestLogOptions {
  std::size_t max_buffered_bytes = 8u << 20;  // across all shards
  std::chrono::milliseconds flush_interval{100};
  std::chrono::milliseconds drain_timeout{3000};
  bool json = false;  // the format of the dropped-lines notice
};

class RequestLog {
 public:
  // REQUIRES: `sink` is open for writing and outlives this object. The log
  // writes to fileno(sink) directly; nothing else should write to `sink`
  // through stdio buffering while the log is alive (stderr is unbuffered).
  explicit RequestLog(std::FILE* sink, RequestLogOptions options = {});
  ~RequestLog();
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  // Queues `line` (without its newline; one is added). Returns false when it
  // was dropped because the buffers are full. REQUIRES: `line` holds no '\n'.
  bool Append(std::string_view line);
  // Writes every line appended before the call (waiting at most
  // drain_timeout for a stalled sink).
  void Flush();
  // Lines dropped so far (buffers full, sink errors, shutdown timeout).
  std::uint64_t dropped() const { return dropped_total_.load(std::memory_order_relaxed); }

  static constexpr std::size_t kShards = 16;

 private:
  struct Shard {
    Mutex mu;
    std::string bytes VI_GUARDED_BY(mu);
    // (sequence number, end offset in `bytes`) per line.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> lines VI_GUARDED_BY(mu);
  };
  void Run();
  // Counts `lines` as dropped where line number `at` would have been (the
  // notice goes before the first kept line numbered `at` or later).
  void CountDropped(std::uint64_t lines, std::uint64_t at);
  // Swaps every shard's buffers into taken_*; false when they held no line.
  // With `drops` set, also takes the unreported drops (count, and where the
  // first happened) in the same instant: a line dropped from a full shard
  // is dropped under that shard's lock, so the count matches the lines
  // taken (no drop counted here happened after them).
  struct Drops {
    std::uint64_t count = 0;
    std::uint64_t at = UINT64_MAX;
  };
  bool TakeAllShards(Drops* drops) VI_REQUIRES(write_mu_) VI_NO_THREAD_SAFETY_ANALYSIS;
  // Moves the shards' lines, in sequence order, to pending_ (dropping and
  // counting them when pending_ is full); false when there were none.
  bool Collect() VI_REQUIRES(write_mu_);
  // Writes pending_ until it is empty or `deadline` passes; false on a sink
  // error (pending_ is then dropped and counted).
  bool WritePending(std::chrono::steady_clock::time_point deadline) VI_REQUIRES(write_mu_);
  // Collects and writes until nothing is queued or `deadline` passes.
  void Drain(std::chrono::steady_clock::time_point deadline) VI_REQUIRES(write_mu_);

  const int fd_;
  const RequestLogOptions options_;
  const std::size_t shard_limit_;
  std::array<Shard, kShards> shards_;
  std::atomic<std::uint64_t> next_sequence_{0};
  std::atomic<std::size_t> next_shard_{0};
  std::atomic<std::uint64_t> dropped_unreported_{0};
  // The sequence number where the first unreported drop happened
  // (UINT64_MAX: none), so the notice is written where lines went missing.
  std::atomic<std::uint64_t> first_unreported_drop_{UINT64_MAX};
  std::atomic<std::uint64_t> dropped_total_{0};
  std::atomic<bool> wake_requested_{false};
  std::atomic<bool> failed_{false};  // the sink refused a write for good
  // Serializes draining (the writer thread and Flush()) and owns what the
  // sink has not taken yet.
  Mutex write_mu_;
  std::string pending_ VI_GUARDED_BY(write_mu_);
  std::size_t pending_lines_ VI_GUARDED_BY(write_mu_) = 0;
  // Shards' buffers, swapped in and out so their capacity is reused.
  std::array<std::string, kShards> taken_bytes_ VI_GUARDED_BY(write_mu_);
  std::array<std::vector<std::pair<std::uint64_t, std::uint32_t>>, kShards> taken_lines_
      VI_GUARDED_BY(write_mu_);
  const bool chunked_;  // a pipe: write at most PIPE_BUF after POLLOUT
  Mutex wake_mu_;
  std::condition_variable wake_cv_;
  bool stopping_ VI_GUARDED_BY(wake_mu_) = false;
  bool wake_ VI_GUARDED_BY(wake_mu_) = false;
  std::thread writer_;
};

}  // namespace vi::server

#endif  // VI_MOCK_SERVER_SERVER_REQUEST_LOG_H_
