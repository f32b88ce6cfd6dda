#include "contracts/runner/contract.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace vi::contracts {
namespace {

ContractError Err(const std::string& file, const std::string& what) { return {file + ": " + what}; }

bool IsStep(const Json& s) {
  return s.is_object() && (s.contains("call") || s.contains("raw") || s.contains("admin"));
}

// A misspelt key would make a step assert nothing: every key must be known.
std::string CheckStepKeys(const Json& s) {
  static const std::set<std::string> kStep = {"name",  "call", "params", "as",      "soap",  "raw",
                                              "admin", "body", "expect", "capture", "replay"};
  static const std::set<std::string> kExpect = {"http",    "wire",    "contentType", "bodyEmpty", "fault",
                                                "equals",  "matches", "count",       "sortedBy",  "kinds",
                                                "present", "absent",  "order",       "shapeOf"};
  static const std::set<std::string> kRaw = {"operation", "soap", "headers", "body", "path"};
  for (auto it = s.begin(); it != s.end(); ++it) {
    if (!kStep.contains(it.key())) return "unknown step key \"" + it.key() + "\"";
  }
  if (s.contains("expect")) {
    if (!s["expect"].is_object()) return "\"expect\" must be an object";
    for (auto it = s["expect"].begin(); it != s["expect"].end(); ++it) {
      if (!kExpect.contains(it.key())) return "unknown expectation \"" + it.key() + "\"";
    }
  }
  if (s.contains("raw")) {
    if (!s["raw"].is_object()) return "\"raw\" must be an object";
    for (auto it = s["raw"].begin(); it != s["raw"].end(); ++it) {
      if (!kRaw.contains(it.key())) return "unknown raw key \"" + it.key() + "\"";
    }
  }
  for (const char* key : {"call", "admin", "name", "as", "soap"}) {
    if (s.contains(key) && !s[key].is_string()) return std::string("\"") + key + "\" must be a string";
  }
  if (s.contains("capture") && !s["capture"].is_object()) return "\"capture\" must be an object";
  return "";
}

}  // namespace

// Throws nlohmann's or std::regex's exceptions; wrapped below.
Result<Contract, ContractError> ParseContractOrThrow(const Json& j, const std::string& file);

const char* ClassName(ContractClass c) {
  switch (c) {
    case ContractClass::kRead: return "read";
    case ContractClass::kReversible: return "reversible";
    case ContractClass::kBillable: return "billable";
  }
  return "read";
}

Result<Contract, ContractError> ParseContract(const Json& j, const std::string& file) {
  try {
    return ParseContractOrThrow(j, file);
  } catch (const std::exception& e) {  // a value of the wrong JSON type
    return MakeUnexpected(Err(file, std::string("malformed contract: ") + e.what()));
  }
}

Result<Contract, ContractError> ParseContractOrThrow(const Json& j, const std::string& file) {
  if (!j.is_object()) return MakeUnexpected(Err(file, "a contract is a JSON object"));
  Contract c;
  c.file = file;
  if (!j.contains("name") || !j["name"].is_string() || j["name"].get<std::string>().empty()) {
    return MakeUnexpected(Err(file, "a contract needs a non-empty string \"name\""));
  }
  c.name = j["name"].get<std::string>();
  const std::string where = file + " (" + c.name + ")";
  if (j.contains("description") && j["description"].is_string()) c.description = j["description"];
  if (j.contains("fixture") && j["fixture"].is_string()) c.fixture = j["fixture"];
  std::string klass = j.value("class", std::string());
  if (klass == "read") {
    c.klass = ContractClass::kRead;
  } else if (klass == "reversible") {
    c.klass = ContractClass::kReversible;
  } else if (klass == "billable") {
    c.klass = ContractClass::kBillable;
  } else {
    return MakeUnexpected(Err(where, "\"class\" must be read, reversible or billable"));
  }
  if (j.contains("needsClock")) {
    if (!j["needsClock"].is_boolean()) return MakeUnexpected(Err(where, "\"needsClock\" must be a boolean"));
    c.needs_clock = j["needsClock"].get<bool>();
  }
  c.profile = j.value("profile", std::string("any"));
  if (c.profile != "any" && c.profile != "sandbox" && c.profile != "production") {
    return MakeUnexpected(Err(where, "\"profile\" must be any, sandbox or production"));
  }
  if (j.contains("needs")) {
    if (!j["needs"].is_array()) return MakeUnexpected(Err(where, "\"needs\" must be an array of names"));
    for (const Json& n : j["needs"]) {
      if (!n.is_string()) return MakeUnexpected(Err(where, "\"needs\" must be an array of names"));
      c.needs.push_back(n.get<std::string>());
    }
  }
  for (const char* key : {"steps", "cleanup"}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_array())
      return MakeUnexpected(Err(where, std::string("\"") + key + "\" must be an array"));
    for (const Json& s : j[key]) {
      if (!IsStep(s)) {
        return MakeUnexpected(Err(where, std::string("every entry of \"") + key +
                                             "\" is an object with \"call\", \"raw\" or \"admin\""));
      }
      if (std::string bad = CheckStepKeys(s); !bad.empty()) return MakeUnexpected(Err(where, bad));
      if (s.contains("admin") && !c.needs_clock) {
        return MakeUnexpected(Err(where, "an \"admin\" step needs \"needsClock\": true"));
      }
      (std::string(key) == "steps" ? c.steps : c.cleanup).push_back(s);
    }
  }
  if (c.steps.empty()) return MakeUnexpected(Err(where, "a contract needs at least one step"));
  if (c.klass == ContractClass::kRead) {
    for (const Json& s : c.steps) {
      std::string op = s.value("call", std::string());
      if (op == "reserveDID" || op == "assignDID" || op == "configDID" || op == "releaseDID") {
        return MakeUnexpected(Err(where, "a read contract calls " + op + " (declare its class)"));
      }
    }
  }
  if (c.klass != ContractClass::kBillable) {
    for (const Json& s : c.steps) {
      std::string op = s.value("call", std::string());
      if (op == "assignDID" || op == "configDID") {
        return MakeUnexpected(Err(where, "calls " + op + ": its class must be billable"));
      }
    }
  }
  return c;
}

Result<std::vector<Contract>, ContractError> LoadContracts(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return MakeUnexpected(ContractError{dir + ": not a folder of contracts"});
  std::vector<std::string> files;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<Contract> out;
  std::set<std::string> names;
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    Json j = Json::parse(ss.str(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (j.is_discarded()) return MakeUnexpected(ContractError{f + ": not valid JSON"});
    std::vector<Json> items;
    if (j.is_array()) {
      for (const Json& x : j) items.push_back(x);
    } else {
      items.push_back(j);
    }
    for (const Json& x : items) {
      Result<Contract, ContractError> c = ParseContract(x, f);
      if (!c) return MakeUnexpected(c.error());
      if (!names.insert(c->name).second) {
        return MakeUnexpected(ContractError{f + ": a second contract named '" + c->name + "'"});
      }
      out.push_back(std::move(*c));
    }
  }
  if (out.empty()) return MakeUnexpected(ContractError{dir + ": no contracts (*.json) found"});
  return out;
}

}  // namespace vi::contracts
