// Drift: `vi-contracts --compare DIR`, the report of where a service's
// answers differ in structure from recorded ones.
//
// Contract:
//  - Every `<operation>/<case>/response.xml` under DIR is one case. Its
//    request is replayed against the target: the `request.xml` and
//    `meta.json` that `--record` wrote beside it (credentials are
//    placeholders filled from the target's variables), or else the replay
//    contract naming that fixture (`"fixture": "<operation>/<case>"`, a
//    contract of contracts/replay/*.json whose step marked `"replay": true`
//    is the compared call; its other steps set up and clean up). A case
//    with neither is skipped with that reason; so is one whose profile or
//    class does not fit the target (SkipReason).
//  - Recorded cases are replayed in the order they were recorded (meta.json
//    "seq"), so a recorded session meets the same states again.
//  - The replayed answer is compared with the recorded one by CompareShape
//    (names, order, namespaces, empty/nil, value kinds; values ignored), and
//    its HTTP status with the recorded one when meta.json gives it.
//  - Not thread-safe (uses the target's transport).
#ifndef VI_CONTRACTS_RUNNER_DRIFT_H_
#define VI_CONTRACTS_RUNNER_DRIFT_H_

#include <string>
#include <vector>

#include "contracts/runner/contract.h"
#include "contracts/runner/runner.h"

namespace vi::contracts {

struct DriftCase {
  std::string name;                  // "<operation>/<case>"
  Verdict verdict = Verdict::kPass;  // kFail: drift (or the replay failed)
  std::vector<std::string> differences;
  std::string note;  // skip reason or setup failure
};

std::vector<DriftCase> CompareRecorded(const std::string& dir, const std::vector<Contract>& replays,
                                       Target& t);

}  // namespace vi::contracts

#endif  // VI_CONTRACTS_RUNNER_DRIFT_H_
