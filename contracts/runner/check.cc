#include "contracts/runner/check.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "contracts/runner/shape.h"

namespace vi::contracts {
namespace {

constexpr std::string_view kTempuri = "http://tempuri.org/";
constexpr std::string_view kSoap11 = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr std::string_view kSoap12 = "http://www.w3.org/2003/05/soap-envelope";
constexpr std::string_view kXsiNs = "http://www.w3.org/2001/XMLSchema-instance";
constexpr std::string_view kXsdNs = "http://www.w3.org/2001/XMLSchema";
constexpr std::string_view kDeclaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

// The WSDL's sequences (docs/wire-contract.md §3), written here from the
// vendor's WSDL independently of the emulator's writer: a name ending in
// '*' exists only in the production schema; `required` names are always
// written.
struct TypeRule {
  std::vector<std::string> order;
  std::set<std::string> required;
};

const std::map<std::string, TypeRule>& Rules() {
  static const std::map<std::string, TypeRule> rules = {
      {"DID",
       {{"tn",
         "availability",
         "rewrite",
         "status",
         "statusCode",
         "tier",
         "refId",
         "failover*",
         "forward*",
         "cnamName*",
         "state*",
         "rateCenter*",
         "didGroupId*",
         "Network*",
         "endpointId",
         "expireDate",
         "has411",
         "has911",
         "cnam",
         "cnamStorageActive",
         "cnamStorageAvailability",
         "t38"},
        {"endpointId", "expireDate", "has411", "has911", "cnam", "cnamStorageActive",
         "cnamStorageAvailability", "t38"}}},
      {"DIDLocator",
       {{"tn", "rateCenter", "state", "tier", "lataId", "outboundCNAM", "t38", "network*", "sms*"},
        {"lataId"}}},
      {"DIDCount",
       {{"didCount", "rateCenter", "state", "tier", "lataId", "cnam", "t38", "sms*"}, {"lataId"}}},
      {"DIDGroup", {{"Name", "ID"}, {"ID"}}},
      {"ConferenceLine", {{"Enabled", "PIN"}, {"Enabled"}}},
      {"PortDetails",
       {{"id", "status", "endUser", "billingTN", "portingFrom", "salesRep", "submittedDate", "focDate",
         "requestedFocDate", "dids", "defaultEndpointGroup"},
        {"id", "submittedDate", "focDate", "requestedFocDate", "defaultEndpointGroup"}}},
      {"PortDID", {{"tn", "tier", "rateCenter", "state", "lata", "endpointGroup", "cnam", "e911"}, {}}},
  };
  return rules;
}

// Typed leaves (by name): the kinds the WSDL allows.
const std::map<std::string, std::set<std::string>>& Kinds() {
  static const std::map<std::string, std::set<std::string>> kinds = {
      {"responseCode", {"int"}},
      {"endpointId", {"int"}},
      {"lataId", {"int"}},
      {"id", {"int"}},
      {"ID", {"int"}},
      {"endpointGroup", {"int"}},
      {"defaultEndpointGroup", {"int", "nil"}},
      {"has411", {"bool"}},
      {"has911", {"bool"}},
      {"cnam", {"bool"}},
      {"cnamStorageActive", {"bool"}},
      {"cnamStorageAvailability", {"bool"}},
      {"t38", {"bool"}},
      {"outboundCNAM", {"bool"}},
      {"sms", {"bool"}},
      {"IsPortable", {"bool"}},
      {"Enabled", {"bool"}},
      {"e911", {"bool"}},
      {"expireDate", {"dateTime", "nil"}},
      {"submittedDate", {"dateTime", "nil"}},
      {"focDate", {"dateTime", "nil"}},
      {"requestedFocDate", {"dateTime", "nil"}},
  };
  return kinds;
}

std::string_view Local(std::string_view qname) {
  std::size_t c = qname.find(':');
  return c == std::string_view::npos ? qname : qname.substr(c + 1);
}
std::string_view PrefixOf(std::string_view qname) {
  std::size_t c = qname.find(':');
  return c == std::string_view::npos ? std::string_view() : qname.substr(0, c);
}
std::string NsOf(pugi::xml_node node) {
  std::string_view p = PrefixOf(node.name());
  const std::string attr = p.empty() ? std::string("xmlns") : "xmlns:" + std::string(p);
  for (pugi::xml_node n = node; n; n = n.parent()) {
    if (pugi::xml_attribute a = n.attribute(attr.c_str())) return a.value();
  }
  return "";
}
bool Nil(pugi::xml_node node) {
  for (pugi::xml_attribute a : node.attributes()) {
    if (Local(a.name()) == "nil") return std::string_view(a.value()) == "true";
  }
  return false;
}
std::string Text(pugi::xml_node node) {
  std::string out;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return out;
}
std::vector<pugi::xml_node> Elements(pugi::xml_node node) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element) out.push_back(c);
  }
  return out;
}
std::string KindOf(pugi::xml_node node) {
  if (Nil(node)) return "nil";
  if (!Elements(node).empty()) return "element";
  return ValueKind(Text(node));
}

std::string Excerpt(std::string_view s, std::size_t n = 160) {
  std::string out(s.substr(0, n));
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s.size() > n ? out + "…" : out;
}

// The node paths are resolved from: <op>Result, or the Body's first child.
pugi::xml_node Base(const pugi::xml_document& doc) {
  pugi::xml_node env = doc.document_element();
  pugi::xml_node body;
  for (pugi::xml_node c : Elements(env)) {
    if (Local(c.name()) == "Body") body = c;
  }
  std::vector<pugi::xml_node> kids = Elements(body);
  if (kids.empty()) return body;
  pugi::xml_node first = kids.front();
  std::vector<pugi::xml_node> inner = Elements(first);
  if (!inner.empty() && std::string_view(Local(inner.front().name())).ends_with("Result"))
    return inner.front();
  return first;
}

std::vector<pugi::xml_node> Resolve(const pugi::xml_document& doc, const std::string& path) {
  std::vector<pugi::xml_node> current;
  std::string rest = path;
  if (!rest.empty() && rest[0] == '/') {
    current.push_back(doc.document_element());
    rest = rest.substr(1);
    // The first segment names the root itself.
    std::size_t slash = rest.find('/');
    std::string first = rest.substr(0, slash);
    if (Local(doc.document_element().name()) != first) return {};
    rest = slash == std::string::npos ? "" : rest.substr(slash + 1);
  } else {
    current.push_back(Base(doc));
  }
  std::stringstream ss(rest);
  std::string seg;
  while (std::getline(ss, seg, '/')) {
    if (seg.empty()) continue;
    int index = -1;
    std::size_t br = seg.find('[');
    std::string name = seg.substr(0, br);
    if (br != std::string::npos) index = std::atoi(seg.c_str() + br + 1);
    std::vector<pugi::xml_node> next;
    for (pugi::xml_node n : current) {
      int i = 0;
      for (pugi::xml_node c : Elements(n)) {
        if (name != "*" && Local(c.name()) != name) continue;
        if (index < 0 || i == index) next.push_back(c);
        ++i;
      }
    }
    current = std::move(next);
  }
  return current;
}

void CheckTypes(pugi::xml_node node, bool production, const std::string& path,
                std::vector<std::string>& out) {
  for (pugi::xml_node c : Elements(node)) {
    const std::string here = path + "/" + std::string(Local(c.name()));
    if (!PrefixOf(c.name()).empty())
      out.push_back(here + ": payload element has a prefix ('" + c.name() + "')");
    if (NsOf(c) != kTempuri)
      out.push_back(here + ": payload element outside http://tempuri.org/ ('" + NsOf(c) + "')");
    auto kind = Kinds().find(std::string(Local(c.name())));
    if (kind != Kinds().end() && Elements(c).empty() && !kind->second.contains(KindOf(c))) {
      out.push_back(here + ": value '" + Text(c) + "' is of kind " + KindOf(c) + ", the WSDL says " +
                    *kind->second.begin());
    }
    auto rule = Rules().find(std::string(Local(c.name())));
    if (rule != Rules().end() && !Nil(c)) {
      std::vector<std::string> allowed;
      for (const std::string& n : rule->second.order) {
        if (n.back() == '*') {
          if (production) allowed.push_back(n.substr(0, n.size() - 1));
        } else {
          allowed.push_back(n);
        }
      }
      std::size_t pos = 0;
      std::set<std::string> seen;
      for (pugi::xml_node k : Elements(c)) {
        const std::string name(Local(k.name()));
        auto at = std::find(allowed.begin() + static_cast<long>(pos), allowed.end(), name);
        if (at == allowed.end()) {
          bool known = std::find(allowed.begin(), allowed.end(), name) != allowed.end();
          out.push_back(here + ": <" + name + "> " +
                        (known ? "out of the WSDL's order"
                               : "is not in the " + std::string(production ? "production" : "sandbox") +
                                     " schema's " + rule->first));
          break;
        }
        pos = static_cast<std::size_t>(at - allowed.begin()) + 1;
        seen.insert(name);
      }
      for (const std::string& r : rule->second.required) {
        if (!seen.contains(r)) out.push_back(here + ": required <" + r + "> missing");
      }
    }
    CheckTypes(c, production, here, out);
  }
}

// The wire form of every SOAP answer.
void CheckWire(const Answer& a, const CheckContext& ctx, const pugi::xml_document& doc, bool parsed,
               std::vector<std::string>& out) {
  if (!a.body.starts_with(kDeclaration)) {
    out.push_back("wire: the answer does not start with " + std::string(kDeclaration) + " (starts with '" +
                  Excerpt(a.body, 40) + "')");
  }
  const std::string want_ct = ctx.soap12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
  if (a.content_type != want_ct) {
    out.push_back("wire: Content-Type '" + a.content_type + "', expected '" + want_ct + "'");
  }
  if (!parsed) {
    out.push_back("wire: the answer is not well-formed XML: " + Excerpt(a.body));
    return;
  }
  pugi::xml_node env = doc.document_element();
  if (std::string_view(env.name()) != "soap:Envelope") {
    out.push_back(std::string("wire: root <") + env.name() + ">, expected <soap:Envelope>");
  }
  if (NsOf(env) != (ctx.soap12 ? kSoap12 : kSoap11))
    out.push_back("wire: envelope namespace '" + NsOf(env) + "'");
  if (std::string_view(env.attribute("xmlns:xsi").value()) != kXsiNs ||
      std::string_view(env.attribute("xmlns:xsd").value()) != kXsdNs) {
    out.push_back("wire: the Envelope does not declare xsi and xsd");
  }
  std::vector<pugi::xml_node> parts = Elements(env);
  if (parts.size() != 1 || std::string_view(parts[0].name()) != "soap:Body") {
    out.push_back("wire: the Envelope does not hold exactly one soap:Body");
    return;
  }
  std::vector<pugi::xml_node> payload = Elements(parts[0]);
  if (payload.size() != 1) {
    out.push_back("wire: the Body holds " + std::to_string(payload.size()) + " elements, expected 1");
    return;
  }
  pugi::xml_node p = payload[0];
  if (Local(p.name()) == "Fault" && NsOf(p) == (ctx.soap12 ? kSoap12 : kSoap11)) {
    if (a.status != 500)
      out.push_back("wire: a fault sent with HTTP " + std::to_string(a.status) + ", not 500");
    return;
  }
  if (ctx.operation.empty()) return;
  const std::string response = ctx.operation + "Response";
  if (p.name() != response) {
    out.push_back(std::string("wire: payload <") + p.name() + ">, expected <" + response +
                  "> without a prefix");
  }
  if (NsOf(p) != kTempuri) out.push_back("wire: payload namespace '" + NsOf(p) + "'");
  if (std::string_view(p.attribute("xmlns").value()) != kTempuri) {
    out.push_back("wire: the payload does not declare xmlns=\"http://tempuri.org/\" itself");
  }
  std::vector<pugi::xml_node> result = Elements(p);
  if (result.size() != 1 || result[0].name() != ctx.operation + "Result") {
    out.push_back("wire: <" + response + "> does not hold exactly one <" + ctx.operation + "Result>");
    return;
  }
  bool port = ctx.operation == "isPortable" || ctx.operation == "getPortDetails";
  std::vector<std::string> want =
      port ? std::vector<std::string>{"responseCode", "responseMessage", "PortDetails", "IsPortable"}
           : std::vector<std::string>{"responseCode", "responseMessage", "DIDs", "DIDLocators", "DIDCounts"};
  if (!port && ctx.production) {
    want.push_back("DIDGroups");
    want.push_back("ConferenceLine");
  }
  std::vector<std::string> got;
  for (pugi::xml_node c : Elements(result[0])) got.emplace_back(Local(c.name()));
  if (got != want) {
    std::string g, w;
    for (const std::string& s : got) g += (g.empty() ? "" : ", ") + s;
    for (const std::string& s : want) w += (w.empty() ? "" : ", ") + s;
    out.push_back("wire: <" + ctx.operation + "Result> holds [" + g + "], the WSDL says [" + w + "]");
  }
  if (!PrefixOf(p.name()).empty() || !PrefixOf(result[0].name()).empty()) return;  // reported above
  CheckTypes(p, ctx.production, std::string(Local(p.name())), out);
}

std::string Sub(const std::string& s, const CheckContext& ctx) {
  if (ctx.vars == nullptr) return s;
  Result<std::string, EnvelopeError> r = Substitute(s, *ctx.vars, false);
  return r ? *r : s;
}

std::string ValueText(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

bool Less(const std::string& a, const std::string& b) {
  if (ValueKind(a) == "int" && ValueKind(b) == "int" && a.size() < 19 && b.size() < 19) {
    return std::stoll(a) < std::stoll(b);
  }
  return a < b;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::vector<std::string> CheckAnswerOrThrow(const Json& expect_in, const Answer& a, const CheckContext& ctx);

std::vector<std::string> CheckAnswer(const Json& expect, const Answer& a, const CheckContext& ctx) {
  try {
    return CheckAnswerOrThrow(expect, a, ctx);
  } catch (const std::exception& e) {  // a JSON value of the wrong type, an invalid regex
    return {std::string("malformed expectation: ") + e.what()};
  }
}

// Throws nlohmann's or std::regex's exceptions; wrapped above.
std::vector<std::string> CheckAnswerOrThrow(const Json& expect_in, const Answer& a, const CheckContext& ctx) {
  static const Json kNoExpectations = Json::object();
  const Json& expect = expect_in.is_object() ? expect_in : kNoExpectations;  // null: the wire checks only
  std::vector<std::string> out;
  pugi::xml_document doc;
  bool parsed = !a.body.empty() && doc.load_buffer(a.body.data(), a.body.size(), pugi::parse_default);
  const bool fault_expected = expect.contains("fault");
  long want_status = expect.value("http", fault_expected ? 500L : 200L);
  if (a.status != want_status) {
    out.push_back("http: status " + std::to_string(a.status) + ", expected " + std::to_string(want_status));
  }
  if (expect.value("wire", true)) CheckWire(a, ctx, doc, parsed, out);
  if (expect.contains("contentType") && a.content_type != expect["contentType"].get<std::string>()) {
    out.push_back("contentType: '" + a.content_type + "', expected '" +
                  expect["contentType"].get<std::string>() + "'");
  }
  if (expect.contains("bodyEmpty") && expect["bodyEmpty"].get<bool>() != a.body.empty()) {
    out.push_back(a.body.empty() ? "body: empty, expected a body" : "body: expected an empty body");
  }
  if (!parsed) {
    bool needs_xml = fault_expected;
    for (const char* k :
         {"equals", "matches", "count", "sortedBy", "kinds", "present", "absent", "order", "shapeOf"}) {
      needs_xml = needs_xml || expect.contains(k);
    }
    if (needs_xml) out.push_back("the answer is not XML: '" + Excerpt(a.body) + "'");
    return out;
  }
  pugi::xml_node base = Base(doc);
  const bool is_fault = Local(base.name()) == "Fault";
  if (fault_expected) {
    const Json& f = expect["fault"];
    if (!is_fault) {
      out.push_back("fault: expected a SOAP fault, got '" + Excerpt(a.body) + "'");
    } else {
      std::vector<pugi::xml_node> code = Resolve(doc, ctx.soap12 ? "Code/Value" : "faultcode");
      std::vector<pugi::xml_node> text = Resolve(doc, ctx.soap12 ? "Reason/Text" : "faultstring");
      if (f.contains("code") && (code.empty() || Text(code[0]) != f["code"].get<std::string>())) {
        out.push_back("fault: code '" + (code.empty() ? std::string() : Text(code[0])) + "', expected '" +
                      f["code"].get<std::string>() + "'");
      }
      if (f.contains("text")) {
        std::string got = text.empty() ? "" : Text(text[0]);
        std::regex re(Sub(f["text"].get<std::string>(), ctx));
        if (!std::regex_search(got, re)) {
          out.push_back("fault: text '" + got + "' does not match /" + f["text"].get<std::string>() + "/");
        }
      }
    }
  } else if (is_fault) {
    out.push_back("an unexpected SOAP fault: '" + Excerpt(a.body, 400) + "'");
  }
  if (expect.contains("equals")) {
    for (auto it = expect["equals"].begin(); it != expect["equals"].end(); ++it) {
      std::vector<pugi::xml_node> n = Resolve(doc, it.key());
      const std::string want = Sub(ValueText(it.value()), ctx);
      if (n.empty()) {
        out.push_back("equals " + it.key() + ": no such element (expected '" + want + "')");
      } else if (Text(n[0]) != want) {
        out.push_back("equals " + it.key() + ": '" + Text(n[0]) + "', expected '" + want + "'");
      }
    }
  }
  if (expect.contains("matches")) {
    for (auto it = expect["matches"].begin(); it != expect["matches"].end(); ++it) {
      std::vector<pugi::xml_node> n = Resolve(doc, it.key());
      const std::string pattern = Sub(it.value().get<std::string>(), ctx);
      std::regex re(pattern);
      if (n.empty()) {
        out.push_back("matches " + it.key() + ": no such element (expected /" + pattern + "/)");
        continue;
      }
      for (pugi::xml_node x : n) {
        if (!std::regex_search(Text(x), re)) {
          out.push_back("matches " + it.key() + ": '" + Text(x) + "' does not match /" + pattern + "/");
          break;
        }
      }
    }
  }
  if (expect.contains("count")) {
    for (auto it = expect["count"].begin(); it != expect["count"].end(); ++it) {
      long n = static_cast<long>(Resolve(doc, it.key()).size());
      long lo = 0, hi = 0;
      if (it.value().is_number_integer()) {
        lo = hi = it.value().get<long>();
      } else {
        lo = it.value().value("min", 0L);
        hi = it.value().value("max", 1L << 30);
      }
      if (n < lo || n > hi) {
        out.push_back("count " + it.key() + ": " + std::to_string(n) + ", expected " +
                      (lo == hi ? std::to_string(lo) : std::to_string(lo) + ".." + std::to_string(hi)));
      }
    }
  }
  if (expect.contains("sortedBy")) {
    for (auto it = expect["sortedBy"].begin(); it != expect["sortedBy"].end(); ++it) {
      std::vector<pugi::xml_node> items = Resolve(doc, it.key());
      const std::string field = it.value().get<std::string>();
      for (std::size_t i = 1; i < items.size(); ++i) {
        std::string prev = Text(items[i - 1].child(field.c_str()));
        std::string cur = Text(items[i].child(field.c_str()));
        if (Less(cur, prev)) {
          out.push_back("sortedBy " + it.key() + " " + field + ": item " + std::to_string(i) + " '" + cur +
                        "' comes after '" + prev + "'");
          break;
        }
      }
    }
  }
  if (expect.contains("kinds")) {
    for (auto it = expect["kinds"].begin(); it != expect["kinds"].end(); ++it) {
      std::vector<pugi::xml_node> n = Resolve(doc, it.key());
      const std::string want = it.value().get<std::string>();
      if (n.empty()) out.push_back("kinds " + it.key() + ": no such element");
      for (pugi::xml_node x : n) {
        if (KindOf(x) != want) {
          out.push_back("kinds " + it.key() + ": '" + Text(x) + "' is " + KindOf(x) + ", expected " + want);
          break;
        }
      }
    }
  }
  for (const char* key : {"present", "absent"}) {
    if (!expect.contains(key)) continue;
    for (const Json& p : expect[key]) {
      bool found = !Resolve(doc, p.get<std::string>()).empty();
      if (found != (std::string(key) == "present")) {
        out.push_back(std::string(key) + " " + p.get<std::string>() + ": " + (found ? "present" : "missing"));
      }
    }
  }
  if (expect.contains("order")) {
    for (auto it = expect["order"].begin(); it != expect["order"].end(); ++it) {
      std::vector<std::string> want;
      for (const Json& n : it.value()) want.push_back(n.get<std::string>());
      for (pugi::xml_node x : Resolve(doc, it.key())) {
        std::vector<std::string> got;
        for (pugi::xml_node c : Elements(x)) got.emplace_back(Local(c.name()));
        if (got != want) {
          std::string g;
          for (const std::string& s : got) g += (g.empty() ? "" : ", ") + s;
          out.push_back("order " + it.key() + ": [" + g + "]");
          break;
        }
      }
    }
  }
  if (expect.contains("shapeOf")) {
    const std::string name = expect["shapeOf"].get<std::string>();
    const std::string fixture = ReadFile(ctx.fixtures_dir + "/" + name + "/response.xml");
    if (fixture.empty()) {
      out.push_back("shapeOf " + name + ": fixture not found under " + ctx.fixtures_dir);
    } else {
      for (const std::string& d : CompareShape(a.body, fixture)) out.push_back("shapeOf " + name + ": " + d);
    }
  }
  return out;
}

Result<std::string, std::string> ValueAt(const std::string& body, const std::string& operation,
                                         const std::string& path) {
  (void)operation;
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size(), pugi::parse_default)) {
    return MakeUnexpected(std::string("the answer is not XML"));
  }
  std::vector<pugi::xml_node> n = Resolve(doc, path);
  if (n.empty()) return MakeUnexpected("no element at " + path);
  return Text(n[0]);
}

}  // namespace vi::contracts
