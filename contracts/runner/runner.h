// Runner: runs contracts against one target (the emulator or a live
// service) through the client's HttpTransport.
//
// Contract:
//  - SkipReason says why a contract does not run on this target ("" when it
//    runs): a profile it does not fit, a missing variable, a clock it
//    cannot move (not the emulator), or a class not allowed live (only
//    `read` runs against anything but the emulator unless --allow).
//  - RunContract runs the steps in order, stopping at the first failed
//    step, then always runs the cleanup steps (those whose variables are
//    defined), so what a contract reserved is released even when a step
//    fails. Calls are one at a time, spaced by `pace`.
//  - A failure message names the step, each failed expectation and an
//    excerpt of the answer. A transport error fails the contract.
//  - With a record folder, every SOAP answer is saved as a fixture with its
//    request: credentials stay placeholders (`${login}`, `${secret}`) in
//    the request and are redacted from the answer; never written anywhere
//    else. Nothing here prints a secret.
//  - Not thread-safe: one Target per thread.
#ifndef VI_CONTRACTS_RUNNER_RUNNER_H_
#define VI_CONTRACTS_RUNNER_RUNNER_H_

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/http_transport.h"
#include "contracts/runner/check.h"
#include "contracts/runner/contract.h"
#include "contracts/runner/envelope.h"

namespace vi::contracts {

struct Target {
  std::string url;     // the service URL (…/APIService.asmx)
  std::string origin;  // scheme://host[:port] of `url`, for /_admin
  bool emulator = false;
  bool production = false;
  Variables vars;
  std::set<std::string> secret_vars;  // names whose values are never written out
  std::string fixtures_dir;
  std::string record_dir;  // "" = do not record
  int record_seq = 0;      // recorded answers so far (meta.json "seq": the replay order)
  std::chrono::milliseconds pace{0};
  std::set<ContractClass> allowed{ContractClass::kRead};
  client::HttpTransport* transport = nullptr;
};

enum class Verdict { kPass = 0, kFail = 1, kSkip = 2 };

struct Outcome {
  Verdict verdict = Verdict::kPass;
  std::string message;  // why it failed or was skipped
  double seconds = 0;
};

std::string SkipReason(const Contract& c, const Target& t);
Outcome RunContract(const Contract& c, Target& t);

// One step of `c` sent to `t`: used by RunContract and by the drift report
// (vi-contracts --compare). `vars` receives the step's captures. Returns
// the failures ("" entries never), or a transport error.
struct StepResult {
  std::vector<std::string> failures;
  Answer answer;
  std::string operation;
};
Result<StepResult, std::string> RunStep(const Json& step, const std::string& label, Target& t,
                                        Variables& vars);

}  // namespace vi::contracts

#endif  // VI_CONTRACTS_RUNNER_RUNNER_H_
