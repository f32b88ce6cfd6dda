#include "mock-server/server/request_log.h"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

namespace vi::server {
namespace {

using Clock = std::chrono::steady_clock;

bool IsPipe(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

// The shard a thread appends to: threads are spread round-robin as they
// first log, and keep theirs.
std::size_t ShardOfThisThread(std::atomic<std::size_t>& next) {
  thread_local const std::size_t index = next.fetch_add(1, std::memory_order_relaxed);
  return index % RequestLog::kShards;
}

// value = min(value, candidate), atomically.
void AtomicMin(std::atomic<std::uint64_t>& value, std::uint64_t candidate) {
  std::uint64_t seen = value.load(std::memory_order_relaxed);
  while (candidate < seen && !value.compare_exchange_weak(seen, candidate, std::memory_order_relaxed)) {
  }
}

}  // namespace

RequestLog::RequestLog(std::FILE* sink, RequestLogOptions options)
    : fd_(::fileno(sink)),
      options_(options),
      shard_limit_(std::max<std::size_t>(options.max_buffered_bytes / kShards, 1024)),
      chunked_(IsPipe(fd_)) {
  writer_ = std::thread([this] { Run(); });
}

RequestLog::~RequestLog() {
  {
    MutexLock lock(wake_mu_);
    stopping_ = true;
  }
  wake_cv_.notify_all();
  writer_.join();
}

bool RequestLog::Append(std::string_view line) {
  Shard& shard = shards_[ShardOfThisThread(next_shard_)];
  bool wake = false;
  {
    MutexLock lock(shard.mu);
    if (shard.bytes.size() + line.size() + 1 > shard_limit_) {
      // After every line numbered so far, before the next one.
      CountDropped(1, next_sequence_.load(std::memory_order_relaxed));
      return false;
    }
    if (shard.bytes.capacity() == 0) shard.bytes.reserve(std::min<std::size_t>(shard_limit_, 16 * 1024));
    shard.bytes.append(line);
    shard.bytes += '\n';
    shard.lines.emplace_back(next_sequence_.fetch_add(1, std::memory_order_relaxed),
                             static_cast<std::uint32_t>(shard.bytes.size()));
    wake = shard.bytes.size() > shard_limit_ / 4;
  }
  if (wake && !wake_requested_.exchange(true, std::memory_order_relaxed)) {
    {
      MutexLock lock(wake_mu_);
      wake_ = true;
    }
    wake_cv_.notify_one();
  }
  return true;
}

void RequestLog::Flush() {
  MutexLock lock(write_mu_);
  Drain(Clock::now() + options_.drain_timeout);
}

void RequestLog::Run() {
  for (;;) {
    bool stop = false;
    {
      MutexLock lock(wake_mu_);
      wake_mu_.AwaitUntil(wake_cv_, Clock::now() + options_.flush_interval,
                          [this]() VI_REQUIRES(wake_mu_) { return stopping_ || wake_; });
      stop = stopping_;
      wake_ = false;
    }
    wake_requested_.store(false, std::memory_order_relaxed);
    MutexLock lock(write_mu_);
    if (stop) {
      Drain(Clock::now() + options_.drain_timeout);
      // What a stalled sink never took is lost: count it.
      if (!pending_.empty()) CountDropped(pending_lines_, UINT64_MAX);
      return;
    }
    // A stalled sink holds the writer at most one interval per round, so
    // the shards are still emptied (or their overflow counted) regularly.
    Drain(Clock::now() + options_.flush_interval);
  }
}

void RequestLog::CountDropped(std::uint64_t lines, std::uint64_t at) {
  AtomicMin(first_unreported_drop_, at);
  dropped_unreported_.fetch_add(lines, std::memory_order_relaxed);
  dropped_total_.fetch_add(lines, std::memory_order_relaxed);
}

void RequestLog::Drain(Clock::time_point deadline) {
  for (;;) {
    const bool collected = Collect();
    if (!WritePending(deadline)) return;
    if (!pending_.empty() || Clock::now() >= deadline) return;
    if (!collected) return;
  }
}

bool RequestLog::TakeAllShards(Drops* drops) {
  bool any = false;
  // Every shard at once: a line whose sequence number precedes one taken
  // here is taken here too (header). The analysis cannot follow locks taken
  // in a loop; each shard's fields are touched only between its Lock and
  // Unlock below.
  for (Shard& s : shards_) s.mu.Lock();
  for (std::size_t i = 0; i < kShards; ++i) {
    Shard& s = shards_[i];
    taken_bytes_[i].clear();
    taken_lines_[i].clear();
    std::swap(taken_bytes_[i], s.bytes);
    std::swap(taken_lines_[i], s.lines);
    any = any || !taken_lines_[i].empty();
  }
  if (drops != nullptr) {
    drops->at = first_unreported_drop_.exchange(UINT64_MAX, std::memory_order_relaxed);
    drops->count = dropped_unreported_.exchange(0, std::memory_order_relaxed);
  }
  for (Shard& s : shards_) s.mu.Unlock();
  return any;
}

bool RequestLog::Collect() {
  // The count of lines dropped so far is written once the sink has taken
  // every line kept before them, where they went missing: before the first
  // line numbered after the first drop (lines kept from before a drop come
  // first, even when the writer had not run before the buffers filled).
  Drops drops;
  const bool any = TakeAllShards(pending_.empty() ? &drops : nullptr);
  if (!any && drops.count == 0) return false;

  std::size_t total_bytes = 0, total_lines = 0;
  std::uint64_t first_taken = UINT64_MAX;
  for (std::size_t i = 0; i < kShards; ++i) {
    total_bytes += taken_bytes_[i].size();
    total_lines += taken_lines_[i].size();
    if (!taken_lines_[i].empty()) first_taken = std::min(first_taken, taken_lines_[i].front().first);
  }
  if (pending_.size() + total_bytes > options_.max_buffered_bytes && !pending_.empty()) {
    CountDropped(total_lines, first_taken);
    return true;
  }
  std::string notice;
  const std::uint64_t notice_at = drops.at;
  if (drops.count > 0) {
    notice = options_.json ? "{\"droppedLines\":" + std::to_string(drops.count) +
                                 ",\"note\":\"the log sink did not keep up\"}\n"
                           : "vi-sandbox: request log: " + std::to_string(drops.count) +
                                 " lines dropped (the log sink did not keep up)\n";
  }
  // A k-way merge by sequence number; each shard is already in order.
  pending_.reserve(pending_.size() + notice.size() + total_bytes);
  std::array<std::size_t, kShards> next{};
  for (std::size_t done = 0; done < total_lines; ++done) {
    std::size_t best = kShards;
    std::uint64_t best_seq = UINT64_MAX;
    for (std::size_t i = 0; i < kShards; ++i) {
      if (next[i] < taken_lines_[i].size() && taken_lines_[i][next[i]].first < best_seq) {
        best = i;
        best_seq = taken_lines_[i][next[i]].first;
      }
    }
    if (!notice.empty() && best_seq >= notice_at) {
      pending_ += notice;
      ++pending_lines_;
      notice.clear();
    }
    const std::size_t begin = next[best] == 0 ? 0 : taken_lines_[best][next[best] - 1].second;
    const std::size_t end = taken_lines_[best][next[best]].second;
    pending_.append(taken_bytes_[best], begin, end - begin);
    ++next[best];
  }
  if (!notice.empty()) {
    pending_ += notice;
    ++pending_lines_;
  }
  pending_lines_ += total_lines;
  // Give the shards their buffers back empty, capacity kept, when they
  // have not started new ones.
  for (std::size_t i = 0; i < kShards; ++i) {
    Shard& s = shards_[i];
    taken_bytes_[i].clear();
    taken_lines_[i].clear();
    MutexLock lock(s.mu);
    if (s.bytes.capacity() == 0) std::swap(taken_bytes_[i], s.bytes);
    if (s.lines.capacity() == 0) std::swap(taken_lines_[i], s.lines);
  }
  return true;
}

bool RequestLog::WritePending(Clock::time_point deadline) {
  std::size_t written = 0;
  bool ok = true;
  while (written < pending_.size()) {
    if (failed_.load(std::memory_order_relaxed)) {
      ok = false;
      break;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd p{fd_, POLLOUT, 0};
    const int ready =
        ::poll(&p, 1, static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) break;  // the deadline passed: keep the rest for later
    if (ready < 0 || (p.revents & (POLLERR | POLLNVAL)) != 0) {
      ok = false;
      break;
    }
    // A blocking pipe takes a write of at most PIPE_BUF bytes whole once
    // poll says it is writable; a larger one could block.
    std::size_t n = pending_.size() - written;
    if (chunked_) n = std::min<std::size_t>(n, PIPE_BUF);
    const ssize_t w = ::write(fd_, pending_.data() + written, n);
    if (w < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      ok = false;
      break;
    }
    written += static_cast<std::size_t>(w);
  }
  if (!ok) {
    failed_.store(true, std::memory_order_relaxed);
    CountDropped(pending_lines_, 0);  // before every later line (none is written now)
    pending_.clear();
    pending_lines_ = 0;
    return false;
  }
  // Lines fully written leave the count; a line written in part stays until
  // it is finished.
  if (written == pending_.size()) {
    pending_.clear();
    pending_lines_ = 0;
  } else if (written > 0) {
    const std::size_t whole = static_cast<std::size_t>(
        std::count(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(written), '\n'));
    pending_.erase(0, written);
    pending_lines_ -= std::min(whole, pending_lines_);
  }
  return true;
}

}  // namespace vi::server
