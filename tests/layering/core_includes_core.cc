// Control for the layering probes: the same kind of build, with the include
// roots of vi::core, of a file that includes only what the core may see. It
// must compile, so a probe's failure means the rule and not a broken harness.
#include "mock-server/core/sandbox.h"
#include "model/did_response.h"

int LayeringProbeControl() { return 0; }
