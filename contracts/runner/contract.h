// Contract: one named scenario of the contract suite, as read from a JSON
// file under contracts/ (the format is documented in contracts/README.md).
//
// Contract:
//  - ParseContract reads one JSON document; LoadContracts reads every
//    `*.json` file of a folder (sorted by file name; one file holds one
//    contract or an array of contracts). Errors are values naming the file
//    and what is wrong; nothing throws out of these functions.
//  - Steps keep their JSON (nlohmann::ordered_json, so request parameters
//    keep the order the file gives them); the runner interprets them.
//  - A contract's class says what it does to a real account: kRead
//    (searches, queries), kReversible (reserves, then releases),
//    kBillable (assigns or configures: on production that buys a number).
#ifndef VI_CONTRACTS_RUNNER_CONTRACT_H_
#define VI_CONTRACTS_RUNNER_CONTRACT_H_

// GCC's -Wnull-dereference reports a false positive inside nlohmann's
// inlined accessors of ordered_json (json.hpp's is_string); the pragma holds
// for the library's own lines only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <nlohmann/json.hpp>
#pragma GCC diagnostic pop
#include <string>
#include <vector>

#include "base/result.h"

namespace vi::contracts {

using Json = nlohmann::ordered_json;

enum class ContractClass { kRead, kReversible, kBillable };
const char* ClassName(ContractClass c);

struct Contract {
  std::string name;
  std::string description;
  std::string file;  // where it was read from
  ContractClass klass = ContractClass::kRead;
  bool needs_clock = false;
  std::string profile = "any";     // "any", "sandbox" or "production"
  std::vector<std::string> needs;  // variables that must be defined, else skipped
  std::vector<Json> steps;
  std::vector<Json> cleanup;  // run after the steps, whatever happened
  std::string fixture;        // replay contracts: the "<operation>/<case>" they replay
};

struct ContractError {
  std::string message;
};

Result<Contract, ContractError> ParseContract(const Json& j, const std::string& file);
Result<std::vector<Contract>, ContractError> LoadContracts(const std::string& dir);

}  // namespace vi::contracts

#endif  // VI_CONTRACTS_RUNNER_CONTRACT_H_
