#include "contracts/runner/shape.h"

#include <algorithm>
#include <map>
#include <pugixml.hpp>

namespace vi::contracts {
namespace {

constexpr std::string_view kXsi = "http://www.w3.org/2001/XMLSchema-instance";

std::string_view LocalName(std::string_view qname) {
  std::size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

std::string_view Prefix(std::string_view qname) {
  std::size_t colon = qname.find(':');
  return colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
}

// The namespace URI bound to `prefix` ("" = the default namespace) in
// scope at `node`.
std::string NamespaceOf(pugi::xml_node node, std::string_view prefix) {
  const std::string attr = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = node; n; n = n.parent()) {
    if (pugi::xml_attribute a = n.attribute(attr.c_str())) return a.value();
  }
  return "";
}

std::map<std::string, std::string> Declarations(pugi::xml_node node) {
  std::map<std::string, std::string> out;
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view name = a.name();
    if (name == "xmlns" || name.starts_with("xmlns:")) out[std::string(name)] = a.value();
  }
  return out;
}

bool IsNil(pugi::xml_node node) {
  for (pugi::xml_attribute a : node.attributes()) {
    if (LocalName(a.name()) == "nil" && NamespaceOf(node, Prefix(a.name())) == kXsi) {
      std::string_view v = a.value();
      return v == "true" || v == "1";
    }
  }
  return false;
}

std::vector<pugi::xml_node> Elements(pugi::xml_node node) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element) out.push_back(c);
  }
  return out;
}

std::string Text(pugi::xml_node node) {
  std::string out;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return out;
}

std::string Kind(pugi::xml_node node) { return IsNil(node) ? "nil" : ValueKind(Text(node)); }

struct Run {
  std::string name;
  std::vector<pugi::xml_node> items;
};

std::vector<Run> Runs(pugi::xml_node node) {
  std::vector<Run> runs;
  for (pugi::xml_node c : Elements(node)) {
    if (!runs.empty() && runs.back().name == c.name()) {
      runs.back().items.push_back(c);
    } else {
      runs.push_back({c.name(), {c}});
    }
  }
  return runs;
}

void Compare(pugi::xml_node a, pugi::xml_node e, const std::string& path, std::vector<std::string>& out) {
  const std::string here =
      path.empty() ? std::string(LocalName(a.name())) : path + "/" + std::string(LocalName(a.name()));
  if (std::string(a.name()) != e.name()) {
    out.push_back(path + ": element <" + a.name() + "> where the fixture has <" + e.name() + ">");
    return;
  }
  if (NamespaceOf(a, Prefix(a.name())) != NamespaceOf(e, Prefix(e.name()))) {
    out.push_back(here + ": namespace '" + NamespaceOf(a, Prefix(a.name())) + "' where the fixture has '" +
                  NamespaceOf(e, Prefix(e.name())) + "'");
  }
  if (Declarations(a) != Declarations(e)) {
    auto show = [](const std::map<std::string, std::string>& m) {
      std::string s;
      for (const auto& [k, v] : m) s += (s.empty() ? "" : " ") + k + "=\"" + v + "\"";
      return s.empty() ? std::string("none") : s;
    };
    out.push_back(here + ": namespace declarations " + show(Declarations(a)) + " where the fixture has " +
                  show(Declarations(e)));
  }
  std::vector<pugi::xml_node> ae = Elements(a);
  std::vector<pugi::xml_node> ee = Elements(e);
  if (ae.empty() && ee.empty()) {
    std::string ak = Kind(a);
    std::string ek = Kind(e);
    if (ak != ek)
      out.push_back(here + ": value kind " + ak + " ('" + Text(a) + "') where the fixture has " + ek);
    return;
  }
  if (IsNil(a) != IsNil(e)) out.push_back(here + ": xsi:nil differs from the fixture");
  std::vector<Run> ar = Runs(a);
  std::vector<Run> er = Runs(e);
  std::size_t n = std::min(ar.size(), er.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (ar[i].name != er[i].name) {
      std::string a_names, e_names;
      for (const Run& r : ar) a_names += (a_names.empty() ? "" : ", ") + r.name;
      for (const Run& r : er) e_names += (e_names.empty() ? "" : ", ") + r.name;
      out.push_back(here + ": children [" + a_names + "] where the fixture has [" + e_names + "]");
      return;
    }
    for (pugi::xml_node item : ar[i].items) Compare(item, er[i].items.front(), here, out);
  }
  for (std::size_t i = n; i < ar.size(); ++i) out.push_back(here + ": extra element <" + ar[i].name + ">");
  for (std::size_t i = n; i < er.size(); ++i) out.push_back(here + ": missing element <" + er[i].name + ">");
  if (ae.empty() != ee.empty()) {
    out.push_back(here + (ae.empty() ? ": empty where the fixture has children"
                                     : ": has children where the fixture is empty"));
  }
}

}  // namespace

std::string ValueKind(std::string_view text) {
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (text.empty()) return "empty";
  if (text == "true" || text == "false") return "bool";
  if (digits(text.starts_with('-') ? text.substr(1) : text)) return "int";
  // yyyy-MM-ddTHH:mm:ss[.f+]
  if (text.size() >= 19 && digits(text.substr(0, 4)) && text[4] == '-' && digits(text.substr(5, 2)) &&
      text[7] == '-' && digits(text.substr(8, 2)) && text[10] == 'T' && digits(text.substr(11, 2)) &&
      text[13] == ':' && digits(text.substr(14, 2)) && text[16] == ':' && digits(text.substr(17, 2)) &&
      (text.size() == 19 || (text[19] == '.' && digits(text.substr(20))))) {
    return "dateTime";
  }
  return "string";
}

std::vector<std::string> CompareShape(std::string_view actual, std::string_view expected) {
  pugi::xml_document a;
  pugi::xml_document e;
  std::vector<std::string> out;
  if (!a.load_buffer(actual.data(), actual.size(), pugi::parse_default)) {
    out.push_back("the answer is not well-formed XML");
    return out;
  }
  if (!e.load_buffer(expected.data(), expected.size(), pugi::parse_default)) {
    out.push_back("the fixture is not well-formed XML");
    return out;
  }
  pugi::xml_node ar = a.document_element();
  pugi::xml_node er = e.document_element();
  if (!ar || !er) {
    out.push_back(!ar ? "the answer has no root element" : "the fixture has no root element");
    return out;
  }
  Compare(ar, er, "", out);
  return out;
}

}  // namespace vi::contracts
