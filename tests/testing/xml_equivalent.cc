#include "tests/testing/xml_equivalent.h"

#include <algorithm>
#include <optional>
#include <pugixml.hpp>
#include <tuple>
#include <vector>

namespace vi::testing {
namespace {

constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

// In-scope namespace bindings of one document, innermost last.
class NamespaceScope {
 public:
  std::size_t size() const { return bindings_.size(); }
  void PopTo(std::size_t size) { bindings_.resize(size); }

  // Pushes the xmlns / xmlns:p declarations of `e`.
  void Declare(pugi::xml_node e) {
    for (pugi::xml_attribute a : e.attributes()) {
      std::string_view name = a.name();
      if (name == "xmlns") {
        bindings_.emplace_back("", a.value());
      } else if (name.substr(0, 6) == "xmlns:") {
        bindings_.emplace_back(std::string(name.substr(6)), a.value());
      }
    }
  }

  // The URI bound to `prefix` ("" = the default namespace, none = ""), or
  // nullopt when a non-empty prefix is unbound.
  std::optional<std::string> Lookup(std::string_view prefix) const {
    if (prefix == "xml") return std::string(kXmlNs);
    for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
      if (it->first == prefix) return it->second;
    }
    if (prefix.empty()) return std::string();
    return std::nullopt;
  }

 private:
  std::vector<std::pair<std::string, std::string>> bindings_;
};

bool IsDeclaration(std::string_view attr_name) {
  return attr_name == "xmlns" || attr_name.substr(0, 6) == "xmlns:";
}

struct Name {
  std::string uri;
  std::string local;
  bool operator==(const Name&) const = default;
  auto operator<=>(const Name&) const = default;
};

std::string Show(const Name& n) { return n.uri.empty() ? n.local : "{" + n.uri + "}" + n.local; }

std::string Quote(std::string_view s) {
  constexpr std::size_t kMax = 160;
  std::string out = "\"";
  out.append(s.substr(0, kMax));
  if (s.size() > kMax) out.append("...");
  out += '"';
  return out;
}

// One significant child: an element, or a run of text (PCDATA and CDATA
// merged).
struct Child {
  pugi::xml_node element;  // empty for text
  std::string text;
};

std::vector<Child> SignificantChildren(pugi::xml_node e) {
  std::vector<Child> out;
  bool last_was_text = false;
  for (pugi::xml_node c : e.children()) {
    if (c.type() == pugi::node_element) {
      out.push_back({c, {}});
      last_was_text = false;
    } else if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      std::string_view v = c.value();
      if (v.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
      if (last_was_text) {
        out.back().text.append(v);
      } else {
        out.push_back({pugi::xml_node(), std::string(v)});
      }
      last_was_text = true;
    }
  }
  return out;
}

// The path step for `e`: its qualified name, with [n] when it has
// same-named siblings.
std::string Step(pugi::xml_node e) {
  std::string step = e.name();
  std::size_t index = 0, count = 0;
  for (pugi::xml_node s : e.parent().children(e.name())) {
    ++count;
    if (s == e) index = count;
  }
  if (count > 1) {
    step += '[';
    step += std::to_string(index);
    step += ']';
  }
  return step;
}

class Comparer {
 public:
  std::string diff;

  bool Elements(pugi::xml_node a, pugi::xml_node b, const std::string& parent_path) {
    std::string path = parent_path;
    path += '/';
    path += Step(a);
    const std::size_t mark_a = scope_a_.size(), mark_b = scope_b_.size();
    scope_a_.Declare(a);
    scope_b_.Declare(b);
    const bool same = Compare(a, b, path);
    scope_a_.PopTo(mark_a);
    scope_b_.PopTo(mark_b);
    return same;
  }

 private:
  bool Fail(const std::string& path, const std::string& what) {
    diff = path + ": " + what;
    return false;
  }

  // Resolves a qualified name; `is_attribute` leaves unprefixed names in no
  // namespace.
  std::optional<Name> Resolve(const NamespaceScope& scope, std::string_view qname, bool is_attribute) {
    const std::size_t colon = qname.find(':');
    const std::string_view prefix = colon == std::string_view::npos ? "" : qname.substr(0, colon);
    const std::string_view local = colon == std::string_view::npos ? qname : qname.substr(colon + 1);
    if (is_attribute && prefix.empty()) return Name{"", std::string(local)};
    std::optional<std::string> uri = scope.Lookup(prefix);
    if (!uri) return std::nullopt;
    return Name{*uri, std::string(local)};
  }

  bool Attributes(const NamespaceScope& scope, pugi::xml_node e, const std::string& path, const char* which,
                  std::vector<std::tuple<Name, std::string>>* out) {
    for (pugi::xml_attribute a : e.attributes()) {
      if (IsDeclaration(a.name())) continue;
      std::optional<Name> n = Resolve(scope, a.name(), true);
      if (!n) return Fail(path, std::string("unbound prefix in attribute ") + a.name() + " of " + which);
      out->emplace_back(*n, a.value());
    }
    std::sort(out->begin(), out->end());
    return true;
  }

  bool Compare(pugi::xml_node a, pugi::xml_node b, const std::string& path) {
    std::optional<Name> na = Resolve(scope_a_, a.name(), false);
    std::optional<Name> nb = Resolve(scope_b_, b.name(), false);
    if (!na) return Fail(path, std::string("unbound prefix in element ") + a.name() + " of A");
    if (!nb) return Fail(path, std::string("unbound prefix in element ") + b.name() + " of B");
    if (*na != *nb) return Fail(path, "element differs: " + Show(*na) + " vs " + Show(*nb));

    std::vector<std::tuple<Name, std::string>> attrs_a, attrs_b;
    if (!Attributes(scope_a_, a, path, "A", &attrs_a)) return false;
    if (!Attributes(scope_b_, b, path, "B", &attrs_b)) return false;
    if (attrs_a != attrs_b) {
      // Lambdas take the name by value: Clang 14 cannot capture a structured binding.
      auto named = [](const Name& n) { return [n](const auto& t) { return std::get<0>(t) == n; }; };
      for (const auto& [name, value] : attrs_a) {
        auto it = std::find_if(attrs_b.begin(), attrs_b.end(), named(name));
        if (it == attrs_b.end()) return Fail(path, "attribute " + Show(name) + " only in A");
        if (std::get<1>(*it) != value) {
          return Fail(path, "attribute " + Show(name) + " differs: " + Quote(value) + " vs " +
                                Quote(std::get<1>(*it)));
        }
      }
      for (const auto& [name, value] : attrs_b) {
        auto it = std::find_if(attrs_a.begin(), attrs_a.end(), named(name));
        if (it == attrs_a.end()) return Fail(path, "attribute " + Show(name) + " only in B");
      }
    }

    const std::vector<Child> ca = SignificantChildren(a);
    const std::vector<Child> cb = SignificantChildren(b);
    const std::size_t n = std::min(ca.size(), cb.size());
    for (std::size_t i = 0; i < n; ++i) {
      const bool ea = !ca[i].element.empty(), eb = !cb[i].element.empty();
      if (ea && eb) {
        if (!Elements(ca[i].element, cb[i].element, path)) return false;
      } else if (!ea && !eb) {
        if (ca[i].text != cb[i].text) {
          return Fail(path, "text differs: " + Quote(ca[i].text) + " vs " + Quote(cb[i].text));
        }
      } else if (ea) {
        return Fail(path, std::string("element ") + ca[i].element.name() + " in A where B has text " +
                              Quote(cb[i].text));
      } else {
        return Fail(path, "text " + Quote(ca[i].text) + " in A where B has element " + cb[i].element.name());
      }
    }
    if (ca.size() > n) {
      const Child& extra = ca[n];
      return Fail(path, extra.element.empty() ? "text " + Quote(extra.text) + " only in A"
                                              : std::string("element ") + extra.element.name() + " (child " +
                                                    std::to_string(n + 1) + ") only in A");
    }
    if (cb.size() > n) {
      const Child& extra = cb[n];
      return Fail(path, extra.element.empty() ? "text " + Quote(extra.text) + " only in B"
                                              : std::string("element ") + extra.element.name() + " (child " +
                                                    std::to_string(n + 1) + ") only in B");
    }
    return true;
  }

  NamespaceScope scope_a_, scope_b_;
};

bool Load(std::string_view text, const char* which, pugi::xml_document& doc, std::string* diff) {
  pugi::xml_parse_result r =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) {
    if (diff) {
      *diff = std::string("document ") + which + " does not parse: " + r.description() + " at offset " +
              std::to_string(r.offset);
    }
    return false;
  }
  std::size_t roots = 0;
  for (pugi::xml_node c : doc.children()) {
    if (c.type() == pugi::node_element) ++roots;
  }
  if (roots != 1) {
    if (diff) *diff = std::string("document ") + which + " has " + std::to_string(roots) + " root elements";
    return false;
  }
  return true;
}

}  // namespace

bool XmlEquivalent(std::string_view a, std::string_view b, std::string* diff) {
  pugi::xml_document doc_a, doc_b;
  if (!Load(a, "A", doc_a, diff) || !Load(b, "B", doc_b, diff)) return false;
  Comparer c;
  if (c.Elements(doc_a.document_element(), doc_b.document_element(), "")) return true;
  if (diff) *diff = c.diff;
  return false;
}

}  // namespace vi::testing
