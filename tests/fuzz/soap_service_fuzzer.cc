// libFuzzer harness for the whole SOAP request path: raw bytes ->
// SoapService::Handle (SoapRequest::Parse, routing, Sandbox rules, response
// writer) -> invariants every answer must satisfy. Built only with
// -DVI_FUZZ=ON (tests/fuzz/CMakeLists.txt, ci/fuzz.sh).
//
// Input layout (so the fuzzer can reach every operation and every transport
// branch from a few bytes):
//
//   byte 0        flags
//                   bit 0     SOAP 1.2 content type (else SOAP 1.1, text/xml)
//                   bit 1     production profile (else sandbox)
//                   bit 2     strict_soapaction
//                   bits 3-4  how the "field" below is used:
//                               0  ignored (no SOAPAction, plain content type)
//                               1  SOAP 1.2: action="<field>" in the content
//                                  type; SOAP 1.1: SOAPAction header
//                               2  the field is the whole Content-Type
//                               3  SOAPAction header (either version)
//                   bits 5-7  7: method PUT (405); 6: method "post" (405,
//                             methods are case-sensitive); else POST
//   bytes 1..     [field NUL] body
//                 The field is the bytes up to the first NUL; with no NUL
//                 there is no field and everything is the body.
//
// The Sandbox is built once from the shipped default data; its mutable state
// is restored from a snapshot before each input so every input is replayable
// on its own.
//
// VI_FUZZ_VERBOSE=1 in the environment prints each answer's status,
// operation and result (for checking what the seeds reach).
//
// Invariants (abort() on violation):
//   * status is one of 200, 400, 405, 415, 500;
//   * every non-405 answer: content type text/xml or application/soap+xml
//     with charset=utf-8;
//   * 400 and 415: an empty body (ASMX writes a fault only for 500);
//   * 200 and 500: the body starts with the XML declaration, is well-formed
//     UTF-8 made only of XML 1.0 Chars, pugixml parses it with one root
//     element, soap:Envelope, holding one soap:Body (and at most a
//     soap:Header before it);
//   * 200: the body contains <responseCode>; 500: a soap:Fault.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "mock-server/core/clock.h"
#include "mock-server/core/sandbox.h"
#include "mock-server/data/sandbox_data.h"
#include "mock-server/soap/soap_service.h"
#include "model/date_time.h"

namespace {

using vi::soap::ServiceRequest;
using vi::soap::ServiceResponse;

constexpr std::string_view kDeclaration = R"(<?xml version="1.0" encoding="utf-8"?>)";

struct World {
  std::unique_ptr<vi::core::ManualClock> clock;
  std::unique_ptr<vi::core::Sandbox> sandbox;
  std::shared_ptr<const vi::core::Sandbox::Snapshot> initial;
  std::unique_ptr<vi::soap::SoapService> services[2][2];  // [production][strict]
};

World& GetWorld() {
  static World* world = [] {
    auto* w = new World;
    // 2026-01-15T12:00:00Z, fixed so runs are reproducible.
    w->clock =
        std::make_unique<vi::core::ManualClock>(vi::model::TimePoint(std::chrono::seconds(1768478400)));
    vi::data::DataOptions options;
    options.inventory.size = 2000;
    auto data = vi::data::LoadSandboxData(options);
    if (!data) {
      std::fprintf(stderr, "fuzzer: LoadSandboxData failed: %s\n", data.error().c_str());
      std::abort();
    }
    w->sandbox = std::make_unique<vi::core::Sandbox>(*w->clock, std::move(*data), vi::core::SandboxOptions{});
    w->initial = w->sandbox->Save();
    for (int prod = 0; prod < 2; ++prod) {
      for (int strict = 0; strict < 2; ++strict) {
        vi::soap::SoapServiceOptions so;
        so.profile = prod ? vi::wire::Profile::kProduction : vi::wire::Profile::kSandbox;
        so.strict_soapaction = strict != 0;
        w->services[prod][strict] = std::make_unique<vi::soap::SoapService>(*w->sandbox, so);
      }
    }
    return w;
  }();
  return *world;
}

[[noreturn]] void Fail(const char* what, const ServiceRequest& req, const ServiceResponse& res) {
  std::fprintf(stderr,
               "\n*** INVARIANT VIOLATED: %s\n  method=%.*s content_type=[%.*s] soap_action=%s[%.*s]\n"
               "  status=%d content_type=[%s] operation=%s result=%s\n  body (%zu bytes): %.*s\n",
               what, static_cast<int>(req.method.size()), req.method.data(),
               static_cast<int>(req.content_type.size()), req.content_type.data(),
               req.soap_action ? "" : "(none)",
               req.soap_action ? static_cast<int>(req.soap_action->size()) : 0,
               req.soap_action ? req.soap_action->data() : "", res.status, res.content_type.c_str(),
               res.operation.c_str(), res.result.c_str(), res.body.size(),
               static_cast<int>(res.body.size() > 4000 ? 4000 : res.body.size()), res.body.data());
  std::abort();
}

// Well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF) whose code
// points are all XML 1.0 Chars (tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD,
// U+10000-U+10FFFF). Returns the offset of the first bad byte, or npos.
std::size_t FirstBadXmlChar(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::uint32_t cp;
    std::size_t len;
    if (b0 < 0x80) {
      cp = b0;
      len = 1;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      cp = b0 & 0x1Fu;
      len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      cp = b0 & 0x0Fu;
      len = 3;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      cp = b0 & 0x07u;
      len = 4;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0u) != 0x80u) return i;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF) return i;
    const bool ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                    (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    if (!ok) return i;
    i += len;
  }
  return std::string_view::npos;
}

void CheckInvariants(const ServiceRequest& req, const ServiceResponse& res) {
  const int st = res.status;
  if (st != 200 && st != 400 && st != 405 && st != 415 && st != 500) Fail("unexpected status", req, res);
  if (st == 405) {
    if (req.method == "POST") Fail("405 for a POST", req, res);
    return;
  }
  if (req.method != "POST") Fail("non-POST method not answered 405", req, res);

  if (res.content_type != "text/xml; charset=utf-8" &&
      res.content_type != "application/soap+xml; charset=utf-8") {
    Fail("content type is not a SOAP media type with charset=utf-8", req, res);
  }
  if (st == 400 || st == 415) {
    if (!res.body.empty()) Fail("a 400/415 answer with a body", req, res);
    return;
  }
  const std::string_view body = res.body;
  if (body.substr(0, kDeclaration.size()) != kDeclaration)
    Fail("body does not start with the XML declaration", req, res);
  if (FirstBadXmlChar(body) != std::string_view::npos) {
    std::fprintf(stderr, "first bad byte at offset %zu\n", FirstBadXmlChar(body));
    Fail("body is not UTF-8 made of XML 1.0 characters", req, res);
  }

  pugi::xml_document doc;
  pugi::xml_parse_result pr = doc.load_buffer(
      body.data(), body.size(), pugi::parse_default | pugi::parse_declaration, pugi::encoding_utf8);
  if (!pr) {
    std::fprintf(stderr, "pugixml: %s at offset %td\n", pr.description(), pr.offset);
    Fail("body is not well-formed XML", req, res);
  }
  int roots = 0;
  pugi::xml_node root;
  for (pugi::xml_node n : doc.children()) {
    if (n.type() == pugi::node_element) {
      ++roots;
      root = n;
    } else if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      Fail("text outside the root element", req, res);
    }
  }
  if (roots != 1) Fail("not exactly one root element", req, res);
  if (std::string_view(root.name()) != "soap:Envelope") Fail("root is not soap:Envelope", req, res);
  int bodies = 0;
  pugi::xml_node soap_body;
  for (pugi::xml_node n : root.children()) {
    if (n.type() != pugi::node_element) Fail("non-element child of soap:Envelope", req, res);
    if (std::string_view(n.name()) == "soap:Header" && bodies == 0 && n == root.first_child()) continue;
    if (std::string_view(n.name()) == "soap:Body") {
      ++bodies;
      soap_body = n;
    }
  }
  if (bodies != 1) Fail("not exactly one soap:Body", req, res);
  // Duplicate attributes are accepted by pugixml; a well-formedness error.
  struct DupWalker : pugi::xml_tree_walker {
    bool dup = false;
    bool for_each(pugi::xml_node& node) override {
      for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        for (pugi::xml_attribute b = a.next_attribute(); b; b = b.next_attribute()) {
          if (std::string_view(a.name()) == b.name()) dup = true;
        }
      }
      return !dup;
    }
  } walker;
  doc.traverse(walker);
  if (walker.dup) Fail("duplicate attribute in the response", req, res);

  const bool is_fault = std::string_view(soap_body.first_child().name()) == "soap:Fault";
  if (st == 200) {
    if (body.find("<responseCode>") == std::string_view::npos) Fail("200 without <responseCode>", req, res);
    if (is_fault) Fail("200 carrying a soap:Fault", req, res);
  } else {
    if (!is_fault) Fail("error status without a soap:Fault", req, res);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  World& w = GetWorld();
  w.sandbox->Restore(*w.initial);

  const std::uint8_t flags = data[0];
  const bool v12 = (flags & 1u) != 0;
  const bool production = (flags & 2u) != 0;
  const bool strict = (flags & 4u) != 0;
  const unsigned field_mode = (flags >> 3) & 3u;
  const unsigned method_sel = flags >> 5;

  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::optional<std::string_view> field;
  if (std::size_t nul = rest.find('\0'); nul != std::string_view::npos) {
    field = rest.substr(0, nul);
    rest.remove_prefix(nul + 1);
  }

  std::string content_type = v12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
  ServiceRequest req;
  req.method = method_sel == 7 ? "PUT" : method_sel == 6 ? "post" : "POST";
  req.path = production ? vi::soap::kProductionPath : vi::soap::kSandboxPath;
  req.host = "localhost:8080";
  if (field) {
    switch (field_mode) {
      case 0: break;
      case 1:
        if (v12) {
          content_type += "; action=\"";
          content_type.append(*field);
          content_type += '"';
        } else {
          req.soap_action = *field;
        }
        break;
      case 2: content_type.assign(*field); break;
      case 3: req.soap_action = *field; break;
    }
  }
  req.content_type = content_type;
  req.body = rest;

  ServiceResponse res = w.services[production ? 1 : 0][strict ? 1 : 0]->Handle(req);
  static const bool verbose = std::getenv("VI_FUZZ_VERBOSE") != nullptr;
  if (verbose) {
    std::fprintf(stderr, "status=%d operation=%s result=%s\n", res.status, res.operation.c_str(),
                 res.result.c_str());
  }
  CheckInvariants(req, res);
  return 0;
}
