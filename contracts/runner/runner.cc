#include "contracts/runner/runner.h"

#include <filesystem>
#include <fstream>
#include <thread>

namespace vi::contracts {
namespace {

struct Who {
  const char* login;
  const char* secret;
};

Result<Who, std::string> Credentials(const std::string& as) {
  if (as == "main") return Who{"login", "secret"};
  if (as == "other") return Who{"otherLogin", "otherSecret"};
  if (as == "limited") return Who{"limitedLogin", "limitedSecret"};
  if (as == "bad") return Who{"login", "badSecret"};
  return MakeUnexpected("unknown \"as\": '" + as + "' (main, other, limited, bad or none)");
}

std::string Excerpt(std::string_view s, std::size_t n = 300) {
  std::string out(s.substr(0, n));
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s.size() > n ? out + "…" : out;
}

std::string JoinBody(const Json& b) {
  if (b.is_string()) return b.get<std::string>();
  std::string out;
  if (b.is_array()) {
    for (const Json& line : b) out += line.is_string() ? line.get<std::string>() : line.dump();
  }
  return out;
}

// Vars in which each secret maps to its own placeholder: what a recorded
// request may show.
Variables Masked(const Target& t, const Variables& vars) {
  Variables m = vars;
  for (const std::string& name : t.secret_vars) m[name] = "${" + name + "}";
  return m;
}

std::string Redact(std::string body, const Target& t, const Variables& vars) {
  for (const std::string& name : t.secret_vars) {
    auto it = vars.find(name);
    if (it == vars.end() || it->second.empty()) continue;
    const std::string needle = ">" + it->second + "<";
    for (std::size_t at = body.find(needle); at != std::string::npos; at = body.find(needle, at + 1)) {
      body.replace(at, needle.size(), ">REDACTED<");
    }
  }
  return body;
}

std::string SafeName(std::string s) {
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '-';
  }
  return s;
}

void Record(Target& t, const std::string& operation, const std::string& label, const std::string& request,
            const std::vector<std::string>& headers, const Answer& a, bool soap12, const Variables& vars) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::path(t.record_dir) / SafeName(operation.empty() ? "raw" : operation) / SafeName(label);
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::ofstream(dir / "request.xml", std::ios::binary) << request;
  std::ofstream(dir / "response.xml", std::ios::binary) << Redact(a.body, t, vars);
  Json meta = {{"seq", ++t.record_seq},
               {"operation", operation},
               {"soap", soap12 ? "1.2" : "1.1"},
               {"profile", t.production ? "production" : "sandbox"},
               {"status", a.status},
               {"contentType", a.content_type},
               {"headers", headers}};
  std::ofstream(dir / "meta.json", std::ios::binary) << meta.dump(2) << "\n";
}

}  // namespace

// Throws nlohmann's or std::regex's exceptions; wrapped below.
Result<StepResult, std::string> RunStepOrThrow(const Json& step, const std::string& label, Target& t,
                                               Variables& vars);

std::string SkipReason(const Contract& c, const Target& t) {
  if (c.profile == "sandbox" && t.production)
    return "fits the sandbox schema only (this target is production)";
  if (c.profile == "production" && !t.production)
    return "fits the production schema only (this target is sandbox)";
  if (c.needs_clock && !t.emulator) return "needs the emulator's clock (/_admin/clock): not the emulator";
  if (!t.emulator && !t.allowed.contains(c.klass)) {
    return std::string("class ") + ClassName(c.klass) + " does not run live without --allow " +
           ClassName(c.klass);
  }
  for (const std::string& n : c.needs) {
    if (!t.vars.contains(n)) return "needs variable " + n + " (--var " + n + "=…)";
  }
  return "";
}

Result<StepResult, std::string> RunStep(const Json& step, const std::string& label, Target& t,
                                        Variables& vars) {
  try {
    return RunStepOrThrow(step, label, t, vars);
  } catch (const std::exception& e) {  // a JSON value of the wrong type, an invalid regex
    return MakeUnexpected(std::string("malformed step: ") + e.what());
  }
}

Result<StepResult, std::string> RunStepOrThrow(const Json& step, const std::string& label, Target& t,
                                               Variables& vars) {
  StepResult r;
  std::string url = t.url;
  std::string template_body;
  std::vector<std::string> headers;
  bool soap12 = step.value("soap", std::string("1.1")) == "1.2";
  bool is_admin = step.contains("admin");
  if (step.contains("call")) {
    r.operation = step["call"].get<std::string>();
    std::string as = step.value("as", std::string("main"));
    Who who{"", ""};
    if (as != "none") {
      Result<Who, std::string> w = Credentials(as);
      if (!w) return MakeUnexpected(w.error());
      who = *w;
    }
    Result<std::string, EnvelopeError> env = BuildEnvelope(r.operation, step.value("params", Json::object()),
                                                           soap12, as != "none", who.login, who.secret);
    if (!env) return MakeUnexpected(env.error().message);
    template_body = *env;
    headers = SoapHeaders(r.operation, soap12);
  } else if (step.contains("raw")) {
    const Json& raw = step["raw"];
    r.operation = raw.value("operation", std::string());
    template_body = JoinBody(raw.value("body", Json("")));
    for (const Json& h : raw.value("headers", Json::array())) headers.push_back(h.get<std::string>());
    soap12 = raw.value("soap", std::string("1.1")) == "1.2";
    if (raw.contains("path")) url = t.origin + raw["path"].get<std::string>();
  } else if (is_admin) {
    url = t.origin + "/_admin/" + step["admin"].get<std::string>();
    template_body = step.contains("body") ? step["body"].dump() : "";
    headers = {"Content-Type: application/json"};
  }
  Result<std::string, EnvelopeError> body =
      Substitute(template_body, vars, !is_admin && !step.contains("raw"));
  if (!body) return MakeUnexpected(body.error().message);
  for (std::string& h : headers) {
    Result<std::string, EnvelopeError> hh = Substitute(h, vars, false);
    if (!hh) return MakeUnexpected(hh.error().message);
    h = *hh;
  }
  // libcurl offers every encoding it decodes, brotli included, and the
  // emulator's brotli at default quality costs ~0.5 s on a 176 KB answer:
  // ask for gzip, as IIS clients usually do, unless the step names one.
  bool has_encoding = false;
  for (const std::string& h : headers) has_encoding = has_encoding || h.rfind("Accept-Encoding:", 0) == 0;
  if (!has_encoding) headers.push_back("Accept-Encoding: gzip");
  if (t.pace.count() > 0) std::this_thread::sleep_for(t.pace);
  Result<client::HttpResponse, client::TransportError> resp = t.transport->Post(url, headers, *body);
  if (!resp) return MakeUnexpected(resp.error().message);
  r.answer.status = resp->status;
  r.answer.content_type = resp->Header("Content-Type");
  r.answer.body = std::move(resp->body);

  if (is_admin) {
    long want = step.contains("expect") ? step["expect"].value("http", 200L) : 200L;
    if (r.answer.status != want) {
      r.failures.push_back("admin " + step["admin"].get<std::string>() + ": HTTP " +
                           std::to_string(r.answer.status) + " " + Excerpt(r.answer.body));
    }
    return r;
  }
  if (!t.record_dir.empty()) {
    Result<std::string, EnvelopeError> masked = Substitute(template_body, Masked(t, vars), false);
    Record(t, r.operation, label, masked ? *masked : std::string(), headers, r.answer, soap12, vars);
  }
  CheckContext ctx;
  ctx.operation = r.operation;
  ctx.soap12 = soap12;
  ctx.production = t.production;
  ctx.fixtures_dir = t.fixtures_dir;
  ctx.vars = &vars;
  if (step.contains("expect") || step.contains("call")) {
    r.failures = CheckAnswer(step.value("expect", Json::object()), r.answer, ctx);
  }
  if (r.failures.empty() && step.contains("capture")) {
    for (auto it = step["capture"].begin(); it != step["capture"].end(); ++it) {
      Result<std::string, std::string> v = ValueAt(r.answer.body, r.operation, it.value().get<std::string>());
      if (!v || v->empty()) {
        r.failures.push_back("capture " + it.key() + " from " + it.value().get<std::string>() + ": " +
                             (v ? std::string("empty") : v.error()));
      } else {
        vars[it.key()] = *v;
      }
    }
  }
  return r;
}

Outcome RunContract(const Contract& c, Target& t) {
  const auto start = std::chrono::steady_clock::now();
  Outcome o;
  Variables vars = t.vars;
  for (std::size_t i = 0; i < c.steps.size() && o.verdict == Verdict::kPass; ++i) {
    const Json& step = c.steps[i];
    const std::string label = c.name + "--" + std::to_string(i + 1) +
                              (step.contains("name") ? "-" + step["name"].get<std::string>() : std::string());
    const std::string what =
        "step " + std::to_string(i + 1) +
        (step.contains("name") ? " (" + step["name"].get<std::string>() + ")" : std::string());
    Result<StepResult, std::string> r = RunStep(step, label, t, vars);
    if (!r) {
      o.verdict = Verdict::kFail;
      o.message = what + ": " + r.error();
    } else if (!r->failures.empty()) {
      o.verdict = Verdict::kFail;
      o.message = what + ":";
      for (const std::string& f : r->failures) o.message += "\n    " + f;
      o.message += "\n    answer (HTTP " + std::to_string(r->answer.status) + "): " + Excerpt(r->answer.body);
    }
  }
  for (std::size_t i = 0; i < c.cleanup.size(); ++i) {
    const Json& step = c.cleanup[i];
    // A cleanup step whose variables were never captured has nothing to undo.
    if (!Substitute(step.dump(), vars, false)) continue;
    Result<StepResult, std::string> r = RunStep(step, c.name + "--cleanup-" + std::to_string(i + 1), t, vars);
    std::string problem;
    if (!r) {
      problem = r.error();
    } else if (step.contains("expect") && !r->failures.empty()) {
      problem = r->failures.front();
    }
    if (!problem.empty()) {
      o.verdict = Verdict::kFail;
      o.message +=
          std::string(o.message.empty() ? "" : "\n  ") + "cleanup " + std::to_string(i + 1) + ": " + problem;
    }
  }
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return o;
}

}  // namespace vi::contracts
