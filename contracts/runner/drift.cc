#include "contracts/runner/drift.h"

#include <utility>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "contracts/runner/shape.h"

namespace vi::contracts {
namespace {

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Compare(DriftCase& d, const Answer& got, const std::string& recorded, long recorded_status) {
  if (recorded_status != 0 && got.status != recorded_status) {
    d.differences.push_back("HTTP status " + std::to_string(got.status) + ", recorded " +
                            std::to_string(recorded_status));
  }
  for (std::string& diff : CompareShape(got.body, recorded)) {
    // CompareShape speaks of "the fixture": here it is the recorded answer.
    d.differences.push_back(std::move(diff));
  }
  if (!d.differences.empty()) d.verdict = Verdict::kFail;
}

void ReplayRecorded(DriftCase& d, const std::filesystem::path& dir, const std::string& recorded, Target& t) {
  Json meta = Json::parse(Slurp(dir / "meta.json"), nullptr, false);
  if (meta.is_discarded() || !meta.is_object()) {
    d.verdict = Verdict::kSkip;
    d.note = "meta.json is not valid JSON";
    return;
  }
  const bool production = meta.value("profile", std::string("sandbox")) == "production";
  if (production != t.production) {
    d.verdict = Verdict::kSkip;
    d.note = "recorded on the " + meta.value("profile", std::string()) + " schema";
    return;
  }
  Json step = {{"raw",
                {{"operation", meta.value("operation", std::string())},
                 {"soap", meta.value("soap", std::string("1.1"))},
                 {"headers", meta.value("headers", Json::array())},
                 {"body", Slurp(dir / "request.xml")}}}};
  Target replay = t;
  replay.record_dir.clear();
  Variables vars = t.vars;
  Result<StepResult, std::string> r = RunStep(step, d.name, replay, vars);
  if (!r) {
    d.verdict = Verdict::kFail;
    d.note = "replay failed: " + r.error();
    return;
  }
  Compare(d, r->answer, recorded, meta.value("status", 0L));
}

void ReplayContract(DriftCase& d, const Contract& c, const std::string& recorded, Target& t) {
  if (std::string why = SkipReason(c, t); !why.empty()) {
    d.verdict = Verdict::kSkip;
    d.note = why;
    return;
  }
  Target replay = t;
  replay.record_dir.clear();
  Variables vars = t.vars;
  bool compared = false;
  for (std::size_t i = 0; i < c.steps.size() && d.note.empty(); ++i) {
    const Json& step = c.steps[i];
    Result<StepResult, std::string> r = RunStep(step, d.name, replay, vars);
    if (!r) {
      d.note = "step " + std::to_string(i + 1) + ": " + r.error();
    } else if (step.value("replay", false)) {
      Compare(d, r->answer, recorded, 0);
      compared = true;
    } else if (!r->failures.empty()) {
      d.note = "setup step " + std::to_string(i + 1) + ": " + r->failures.front();
    }
  }
  for (const Json& step : c.cleanup) {
    if (Substitute(step.dump(), vars, false)) (void)RunStep(step, d.name + "--cleanup", replay, vars);
  }
  if (!d.note.empty() || !compared) {
    d.verdict = Verdict::kFail;
    if (d.note.empty()) d.note = "the replay contract has no step marked \"replay\": true";
  }
}

}  // namespace

std::vector<DriftCase> CompareRecorded(const std::string& dir, const std::vector<Contract>& replays,
                                       Target& t) {
  namespace fs = std::filesystem;
  std::vector<fs::path> responses;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().filename() == "response.xml") responses.push_back(it->path());
  }
  // Recorded cases replay in the order they were recorded (meta.json
  // "seq"), so a recorded session meets the same states again; the others
  // follow by path.
  auto seq = [](const fs::path& response) {
    Json meta = Json::parse(Slurp(response.parent_path() / "meta.json"), nullptr, false);
    return meta.is_object() && meta.contains("seq") && meta["seq"].is_number_integer()
               ? meta["seq"].get<long>()
               : 1L << 30;
  };
  std::vector<std::pair<long, fs::path>> ordered;
  for (const fs::path& p : responses) ordered.emplace_back(seq(p), p);
  std::sort(ordered.begin(), ordered.end());
  responses.clear();
  for (auto& [n, p] : ordered) responses.push_back(p);
  std::vector<DriftCase> out;
  for (const fs::path& p : responses) {
    DriftCase d;
    const fs::path case_dir = p.parent_path();
    d.name = case_dir.parent_path().filename().string() + "/" + case_dir.filename().string();
    const std::string recorded = Slurp(p);
    if (fs::exists(case_dir / "request.xml") && fs::exists(case_dir / "meta.json")) {
      try {
        ReplayRecorded(d, case_dir, recorded, t);
      } catch (const std::exception& e) {  // meta.json values of the wrong JSON type
        d.verdict = Verdict::kFail;
        d.note = std::string("malformed meta.json: ") + e.what();
      }
    } else {
      auto c = std::find_if(replays.begin(), replays.end(),
                            [&](const Contract& r) { return r.fixture == d.name; });
      if (c == replays.end()) {
        d.verdict = Verdict::kSkip;
        d.note = "no request to replay (no request.xml beside it, no replay contract names it)";
      } else {
        try {
          ReplayContract(d, *c, recorded, t);
        } catch (const std::exception& e) {  // a replay step value of the wrong JSON type
          d.verdict = Verdict::kFail;
          d.note = std::string("malformed replay contract: ") + e.what();
        }
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace vi::contracts
