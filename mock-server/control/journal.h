// Journal: the SOAP requests the emulator answered, newest kept, in a
// bounded ring, so tests can verify what their code sent ("reserveDID was
// called exactly twice for this number"). It lives around the core: the
// server records each answered request; no rule reads it.
//
// Nothing secret is kept: entries hold the login, never the secret, and the
// stored request body has every <secret> element's text replaced by "***"
// (MaskSecrets).
#ifndef VI_MOCK_SERVER_CONTROL_JOURNAL_H_
#define VI_MOCK_SERVER_CONTROL_JOURNAL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "mock-server/core/clock.h"

namespace vi::control {

// One answered request. Plain value type.
struct JournalEntry {
  std::uint64_t id = 0;            // 1, 2, ... in the order recorded (set by Record)
  core::TimePoint time{};          // wall clock (the emulator clock's base)
  core::TimePoint virtual_time{};  // the emulator's clock
  std::string method;
  std::string path;
  std::string operation;  // wire name; "" when none was routed
  std::string login;      // as sent, even when wrong; "" if none
  bool authenticated = false;
  std::vector<std::string> tns;  // as sent
  std::optional<int> response_code;
  std::vector<std::string> status_codes;  // per number, in answer order
  int http_status = 0;
  double duration_ms = 0;
  std::string result;        // responseCode, fault code or HTTP status
  std::string fault;         // the injected fault ("3:http"), "" if none
  std::string request_body;  // secrets masked
};

// What GET /_admin/requests and POST /_admin/requests/count select. Unset
// fields select everything. Plain value type.
struct JournalFilter {
  std::optional<std::string> operation;  // exact wire name
  std::optional<std::string> login;
  std::optional<std::string> tn;  // named by the request
  std::optional<int> response_code;
  std::optional<std::string> status_code;  // any of the per-number codes
  std::optional<core::TimePoint> since;    // time (wall clock) >= since
  bool Matches(const JournalEntry& e) const;
};

// Thread-safe. Record holds the lock only to give the entry its id and put
// it in its slot; the entry it drops is destroyed after the lock is let go.
class Journal {
 public:
  // Keeps the newest `capacity` entries; 0 keeps none (journal off).
  explicit Journal(std::size_t capacity);

  // Adds `e` (masking nothing: the caller passes a masked body), dropping
  // the oldest when full. No-op when the capacity is 0.
  void Record(JournalEntry e) VI_EXCLUDES(mu_);
  // Matching entries, newest first, at most `limit`; `total` gets how many
  // matched in all.
  std::vector<JournalEntry> Query(const JournalFilter& filter, std::size_t limit, std::size_t* total) const
      VI_EXCLUDES(mu_);
  std::size_t Count(const JournalFilter& filter) const VI_EXCLUDES(mu_);
  void Clear() VI_EXCLUDES(mu_);

  std::size_t size() const VI_EXCLUDES(mu_);
  std::size_t capacity() const { return capacity_; }
  bool enabled() const { return capacity_ > 0; }

 private:
  const std::size_t capacity_;
  mutable Mutex mu_;
  // A ring: grows to capacity_ entries (oldest first), then each new entry
  // takes the oldest's slot, head_, and head_ moves on.
  std::vector<JournalEntry> ring_ VI_GUARDED_BY(mu_);
  std::size_t head_ VI_GUARDED_BY(mu_) = 0;  // the oldest entry's slot
  std::uint64_t next_id_ VI_GUARDED_BY(mu_) = 1;

  // The i-th oldest entry (i < ring_.size()).
  const JournalEntry& At(std::size_t i) const VI_REQUIRES(mu_) { return ring_[(head_ + i) % ring_.size()]; }
};

// `body` with the text of every element whose local name is "secret"
// (<secret>, <tns:secret>, with or without attributes) replaced by "***".
// Everything up to the next end tag ("</") is masked, CDATA included; with
// no end tag, the rest of the body.
std::string MaskSecrets(std::string_view body);

}  // namespace vi::control

#endif  // VI_MOCK_SERVER_CONTROL_JOURNAL_H_
