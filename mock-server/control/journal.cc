#include "mock-server/control/journal.h"

#include <algorithm>

namespace vi::control {

bool JournalFilter::Matches(const JournalEntry& e) const {
  if (operation && e.operation != *operation) return false;
  if (login && e.login != *login) return false;
  if (tn && std::find(e.tns.begin(), e.tns.end(), *tn) == e.tns.end()) return false;
  if (response_code && e.response_code != response_code) return false;
  if (status_code &&
      std::find(e.status_codes.begin(), e.status_codes.end(), *status_code) == e.status_codes.end()) {
    return false;
  }
  if (since && e.time < *since) return false;
  return true;
}

Journal::Journal(std::size_t capacity) : capacity_(capacity) {}

void Journal::Record(JournalEntry e) {
  if (capacity_ == 0) return;
  {
    MutexLock lock(mu_);
    e.id = next_id_++;
    if (ring_.size() < capacity_) {
      ring_.push_back(std::move(e));
      return;
    }
    std::swap(ring_[head_], e);
    head_ = (head_ + 1) % ring_.size();
  }
  // `e` is now the dropped entry: freed here, outside the lock.
}

std::vector<JournalEntry> Journal::Query(const JournalFilter& filter, std::size_t limit,
                                         std::size_t* total) const {
  std::vector<JournalEntry> out;
  std::size_t matched = 0;
  MutexLock lock(mu_);
  for (std::size_t i = ring_.size(); i-- > 0;) {
    const JournalEntry& e = At(i);
    if (!filter.Matches(e)) continue;
    if (out.size() < limit) out.push_back(e);
    ++matched;
  }
  if (total != nullptr) *total = matched;
  return out;
}

std::size_t Journal::Count(const JournalFilter& filter) const {
  MutexLock lock(mu_);
  return static_cast<std::size_t>(
      std::count_if(ring_.begin(), ring_.end(), [&](const JournalEntry& e) { return filter.Matches(e); }));
}

void Journal::Clear() {
  std::vector<JournalEntry> dropped;
  MutexLock lock(mu_);
  ring_.swap(dropped);
  head_ = 0;
}

std::size_t Journal::size() const {
  MutexLock lock(mu_);
  return ring_.size();
}

std::string MaskSecrets(std::string_view body) {
  // Only a tag whose name ends in "secret" masks anything, so the search
  // jumps between occurrences of that word instead of visiting every tag,
  // and judges the last '<' before each: a tag's name runs to whitespace,
  // '/' or '>' (a '<' inside it starts a shorter name with the same end and
  // the same local name, so the last '<' decides as any earlier one would).
  constexpr std::string_view kSecret = "secret";
  std::string out;
  out.reserve(body.size());
  // body[copied, ...) is yet to be appended; no tag before `pos` is judged.
  std::size_t pos = 0, copied = 0;
  for (std::size_t k = body.find(kSecret); k != std::string_view::npos; k = body.find(kSecret, k + 1)) {
    const std::size_t lt = body.rfind('<', k);
    if (lt == std::string_view::npos || lt < pos) continue;
    std::size_t name_end = lt + 1;
    while (name_end < body.size() && body[name_end] != '>' && body[name_end] != '/' &&
           body[name_end] != ' ' && body[name_end] != '\t' && body[name_end] != '\r' &&
           body[name_end] != '\n') {
      ++name_end;
    }
    std::string_view name = body.substr(lt + 1, name_end - lt - 1);
    if (std::size_t colon = name.rfind(':'); colon != std::string_view::npos) name = name.substr(colon + 1);
    if (name != kSecret) continue;
    const std::size_t gt = body.find('>', name_end);
    if (gt == std::string_view::npos || body[gt - 1] == '/') continue;
    out.append(body.substr(copied, gt + 1 - copied));
    // Up to the next end tag, so a CDATA section or a comment inside is
    // masked with the text.
    const std::size_t text_end = body.find("</", gt + 1);
    out += "***";
    pos = copied = text_end == std::string_view::npos ? body.size() : text_end;
    if (text_end == std::string_view::npos) break;
    k = text_end;  // the search goes on after the end tag's '<'
  }
  if (copied < body.size()) out.append(body.substr(copied));
  return out;
}

}  // namespace vi::control
