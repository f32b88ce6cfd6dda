// A second, independent oracle for element names and order: the writer's
// payloads validated by xmllint (libxml2) against the XML Schema inside the
// profile's own WSDL (mock-server/soap/wsdl/). xmllint (Debian package
// libxml2-utils) is required: CMake finds it when tests are configured and
// passes its path as VI_XMLLINT; if it has gone since, every test here fails.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testing/model_samples.h"
#include "wire/response_writer.h"

using namespace vi;
using wire::Profile;
using wire::SoapVersion;

namespace {

namespace fs = std::filesystem;

constexpr const char* kXmllint = VI_XMLLINT;

// The oracle must be there: a missing tool fails the test, never skips it.
void RequireXmllint() {
  INFO("xmllint not found at " << kXmllint << " (apt-get install libxml2-utils)");
  REQUIRE(fs::exists(kXmllint));
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A scratch directory for one test run, removed on destruction.
class ScratchDir {
 public:
  ScratchDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("vi-wire-schema-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Writes the <s:schema> of `wsdl_file` as a standalone XSD, carrying the
// namespace declarations of wsdl:definitions.
fs::path ExtractSchema(const std::string& wsdl_file, const fs::path& dir) {
  pugi::xml_document wsdl;
  REQUIRE(wsdl.load_file(wsdl_file.c_str()));
  pugi::xml_node definitions = wsdl.document_element();
  pugi::xml_node schema = definitions.child("wsdl:types").child("s:schema");
  REQUIRE(schema);
  pugi::xml_document xsd;
  pugi::xml_node copy = xsd.append_copy(schema);
  for (pugi::xml_attribute a : definitions.attributes()) {
    const std::string_view name = a.name();
    if (name.substr(0, 6) == "xmlns:" && !copy.attribute(a.name())) {
      copy.append_attribute(a.name()) = a.value();
    }
  }
  const fs::path out = dir / (fs::path(wsdl_file).stem().string() + ".xsd");
  REQUIRE(xsd.save_file(out.c_str(), "", pugi::format_raw));
  return out;
}

// Writes the Body's element of the SOAP envelope `body` as a standalone
// document (xsi and xsd declared on it, as the envelope declares them).
fs::path ExtractPayload(const std::string& body, const fs::path& dir, const std::string& name) {
  pugi::xml_document envelope;
  REQUIRE(envelope.load_buffer(body.data(), body.size()));
  pugi::xml_node payload = envelope.document_element().first_child().first_child();
  REQUIRE(payload);
  pugi::xml_document doc;
  pugi::xml_node copy = doc.append_copy(payload);
  for (pugi::xml_attribute a : envelope.document_element().attributes()) {
    if (std::string_view(a.name()) != "xmlns:soap") copy.append_attribute(a.name()) = a.value();
  }
  const fs::path out = dir / (name + ".xml");
  REQUIRE(doc.save_file(out.c_str(), "", pugi::format_raw));
  return out;
}

// Runs xmllint once over `documents`; returns true when every one is valid
// against `xsd`, with xmllint's words (one line per file) in *log.
bool Validates(const fs::path& xsd, const std::vector<fs::path>& documents, std::string* log) {
  std::string command = std::string(kXmllint) + " --noout --schema '" + xsd.string() + "'";
  for (const fs::path& d : documents) command += " '" + d.string() + "'";
  const fs::path log_file = xsd.string() + ".log";
  command += " > '" + log_file.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  *log = ReadFile(log_file);
  return status == 0;
}

// The shared full response plus the shapes only a schema check cares about:
// a DID with the sentinel expireDate beside the nil one, a sparse locator
// (no network), a group without a name, and a port without a FOC date.
model::DidResponse Everything() {
  model::DidResponse r = testing::FullDidResponse();
  r.dids[1].expire_date = model::kSentinelDate;
  r.did_locators.push_back({"4352016527", "", "UT", "", 0, false, false, std::nullopt, false});
  r.did_groups.push_back({std::nullopt, 8});
  return r;
}

model::PortResponse PortEverything() {
  model::PortResponse r = testing::FullPortResponse();
  r.port_details->submitted_date = model::kSentinelDate;
  return r;
}

}  // namespace

TEST_CASE("Writer payloads validate against their profile's WSDL schema (xmllint)",
          "[wire][writer][schema]") {
  RequireXmllint();
  ScratchDir dir;
  const fs::path sandbox_xsd = ExtractSchema(VI_WSDL_DIR "/sandbox.wsdl", dir.path());
  const fs::path production_xsd = ExtractSchema(VI_WSDL_DIR "/production.wsdl", dir.path());

  struct Profiled {
    Profile profile;
    const fs::path* xsd;
    const char* label;
  };
  for (Profiled p : {Profiled{Profile::kSandbox, &sandbox_xsd, "sandbox"},
                     Profiled{Profile::kProduction, &production_xsd, "production"}}) {
    // Only SOAP 1.1: the payload is the same in both versions (checked in
    // response_writer_test.cc).
    const SoapVersion v = SoapVersion::k11;
    std::vector<std::pair<std::string, std::string>> bodies;
    for (const char* op : {"auditDIDs", "queryDID", "reserveDID", "assignDID", "configDID", "releaseDID",
                           "getDIDs", "getDIDCount"}) {
      bodies.emplace_back(op, WriteDidResponse(op, Everything(), p.profile, v));
      bodies.emplace_back(op, WriteDidResponse(op, model::DidResponse{}, p.profile, v));
    }
    model::DidResponse no_line;
    no_line.conference_line = std::nullopt;
    bodies.emplace_back("getDIDs", WriteDidResponse("getDIDs", no_line, p.profile, v));
    for (const char* op : {"isPortable", "getPortDetails"}) {
      bodies.emplace_back(op, WritePortResponse(op, PortEverything(), p.profile, v));
      bodies.emplace_back(op, WritePortResponse(op, model::PortResponse{}, p.profile, v));
    }
    model::PortResponse no_details;
    no_details.port_details = std::nullopt;
    bodies.emplace_back("isPortable", WritePortResponse("isPortable", no_details, p.profile, v));

    std::vector<fs::path> documents;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
      const std::string name = std::string(p.label) + "-" + std::to_string(i) + "-" + bodies[i].first;
      documents.push_back(ExtractPayload(bodies[i].second, dir.path(), name));
    }
    std::string log;
    const bool valid = Validates(*p.xsd, documents, &log);
    INFO(p.label << " profile; xmllint says:\n" << log);
    CHECK(valid);
  }
}

TEST_CASE("The schema check can fail: production payloads do not fit the sandbox schema",
          "[wire][writer][schema]") {
  RequireXmllint();
  ScratchDir dir;
  const fs::path sandbox_xsd = ExtractSchema(VI_WSDL_DIR "/sandbox.wsdl", dir.path());
  const fs::path doc =
      ExtractPayload(WriteDidResponse("getDIDs", Everything(), Profile::kProduction, SoapVersion::k11),
                     dir.path(), "production-payload");
  std::string log;
  CHECK_FALSE(Validates(sandbox_xsd, {doc}, &log));
  INFO(log);
  CHECK(log.find("failover") != std::string::npos);
}

TEST_CASE("The recorded-response fixtures fit the schema of the profile they are tested with",
          "[wire][writer][schema][fixture]") {
  RequireXmllint();
  ScratchDir dir;
  const fs::path sandbox_xsd = ExtractSchema(VI_WSDL_DIR "/sandbox.wsdl", dir.path());
  const fs::path production_xsd = ExtractSchema(VI_WSDL_DIR "/production.wsdl", dir.path());
  auto payload = [&](const std::string& fixture) {
    const std::string body = ReadFile(std::string(VI_FIXTURES_DIR) + "/soap/" + fixture + "/response.xml");
    REQUIRE_FALSE(body.empty());
    std::string name = fixture;
    for (char& c : name) {
      if (c == '/') c = '-';
    }
    return ExtractPayload(body, dir.path(), name);
  };
  std::vector<fs::path> sandbox_docs;
  for (const char* f :
       {"assignDID/recorded-success", "auditDIDs/recorded-empty", "configDID/recorded-success",
        "releaseDID/recorded-currently-available", "getDIDs/recorded-three-locators",
        "isPortable/recorded-portable", "getPortDetails/recorded-36623"}) {
    sandbox_docs.push_back(payload(f));
  }
  std::vector<fs::path> production_docs = {payload("reserveDID/recorded-success"),
                                           payload("queryDID/recorded-assigned")};
  std::string log;
  const bool sandbox_valid = Validates(sandbox_xsd, sandbox_docs, &log);
  INFO("sandbox: " << log);
  CHECK(sandbox_valid);
  const bool production_valid = Validates(production_xsd, production_docs, &log);
  INFO("production: " << log);
  CHECK(production_valid);
}
