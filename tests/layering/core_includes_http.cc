// Layering probe (never part of a normal build): compiled with exactly the
// include roots of vi::core, it must fail because the core cannot see the
// transport's headers. tests/CMakeLists.txt builds it and expects the
// compiler to report the missing header.
#include "mock-server/core/sandbox.h"
#include "mock-server/http/hardened_server.h"

int LayeringProbeHttp() { return 0; }
