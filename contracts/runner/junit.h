// JUnit: the XML report CI systems read (`vi-contracts --junit FILE`): one
// <testsuite> "vi-contracts", one <testcase> per contract, a <failure>
// with the failure message, a <skipped> with the reason.
//
// Contract: WriteJUnit returns false when FILE cannot be written. Messages
// are escaped; nothing else is written (no secret ever reaches a message).
#ifndef VI_CONTRACTS_RUNNER_JUNIT_H_
#define VI_CONTRACTS_RUNNER_JUNIT_H_

#include <string>
#include <vector>

#include "contracts/runner/runner.h"

namespace vi::contracts {

struct CaseReport {
  std::string name;
  std::string klass;  // read, reversible, billable
  Outcome outcome;
};

bool WriteJUnit(const std::string& file, const std::vector<CaseReport>& cases);

}  // namespace vi::contracts

#endif  // VI_CONTRACTS_RUNNER_JUNIT_H_
