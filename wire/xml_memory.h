// Where pugixml's memory comes from in a long-running server. Parsing a
// request allocates one 32 KiB page (pugixml's node storage) and frees it
// when the document goes; with glibc, a malloc that large first consolidates
// every small freed chunk of the arena (malloc_consolidate), a per-request
// cost that showed as ~4 % of the emulator's user time on queryDID
// (perf record, ci/bench-http.sh's load). RecycleXmlPages keeps up to two
// such pages per thread for the next document instead.
#ifndef VI_WIRE_XML_MEMORY_H_
#define VI_WIRE_XML_MEMORY_H_

#include <cstddef>

namespace vi::wire {

// Makes pugixml allocate through a per-thread cache of page-sized blocks
// (16-64 KiB; at most two kept per thread, the rest freed), everything else
// through malloc. Every block still comes from malloc and is given back to
// free, so documents allocated before the switch are freed correctly:
// calling it at any time, from any thread, any number of times, is safe.
// Process-wide (pugixml has one pair of allocation functions).
void RecycleXmlPages();

// For tests: blocks handed out from a thread's cache so far, on this thread.
std::size_t RecycledXmlPagesOnThisThread();

}  // namespace vi::wire

#endif  // VI_WIRE_XML_MEMORY_H_
