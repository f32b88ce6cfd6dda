// Layering probe (never part of a normal build): compiled with exactly the
// include roots of vi::core, it must fail because the core cannot see the
// SOAP adapter's headers. tests/CMakeLists.txt builds it and expects the
// compiler to report the missing header.
#include "mock-server/core/sandbox.h"
#include "mock-server/soap/soap_service.h"

int LayeringProbeSoap() { return 0; }
