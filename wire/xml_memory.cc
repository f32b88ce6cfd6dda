#include "wire/xml_memory.h"

#include <malloc.h>

#include <cstdlib>
#include <mutex>
#include <pugixml.hpp>

namespace vi::wire {
namespace {

// pugixml's page is 32 KiB plus its header; bigger blocks (large text
// nodes) are rare and go straight to malloc.
constexpr std::size_t kSmallestKept = 16 * 1024;
constexpr std::size_t kLargestKept = 64 * 1024;
constexpr int kKeptPerThread = 2;

struct PageCache {
  void* blocks[kKeptPerThread] = {};
  std::size_t sizes[kKeptPerThread] = {};
  int count = 0;
  std::size_t recycled = 0;
  bool gone = false;  // the thread is exiting: free, keep nothing
  PageCache() = default;
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;
  ~PageCache() {
    for (int i = 0; i < count; ++i) std::free(blocks[i]);
    count = 0;
    gone = true;
  }
};

thread_local PageCache cache;

void* Allocate(std::size_t size) {
  if (size >= kSmallestKept && size <= kLargestKept) {
    for (int i = cache.count - 1; i >= 0; --i) {
      if (cache.sizes[i] < size) continue;
      void* block = cache.blocks[i];
      --cache.count;
      cache.blocks[i] = cache.blocks[cache.count];
      cache.sizes[i] = cache.sizes[cache.count];
      ++cache.recycled;
      return block;
    }
  }
  return std::malloc(size);
}

void Deallocate(void* block) {
  if (block == nullptr) return;
  // The size malloc really gave (at least what was asked), so a kept block
  // serves any later request up to it.
  const std::size_t usable = ::malloc_usable_size(block);
  if (!cache.gone && usable >= kSmallestKept && usable <= kLargestKept && cache.count < kKeptPerThread) {
    cache.blocks[cache.count] = block;
    cache.sizes[cache.count] = usable;
    ++cache.count;
    return;
  }
  std::free(block);
}

}  // namespace

void RecycleXmlPages() {
  static std::once_flag once;
  std::call_once(once, [] { pugi::set_memory_management_functions(&Allocate, &Deallocate); });
}

std::size_t RecycledXmlPagesOnThisThread() { return cache.recycled; }

}  // namespace vi::wire
