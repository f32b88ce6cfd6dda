#include "contracts/runner/envelope.h"

#include <vector>

#include "wire/xml_text.h"

namespace vi::contracts {
namespace {

Result<bool, EnvelopeError> AppendParams(std::string& out, const Json& params) {
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string& key = it.key();
    const Json& v = it.value();
    if (v.is_null()) {
      out += "<" + key + " xsi:nil=\"true\" />";
    } else if (v.is_string()) {
      out += "<" + key + ">";
      wire::AppendXmlText(out, v.get<std::string>());
      out += "</" + key + ">";
    } else if (v.is_number_integer()) {
      out += "<" + key + ">" + std::to_string(v.get<long long>()) + "</" + key + ">";
    } else if (v.is_array()) {
      out += "<" + key + ">";
      for (const Json& item : v) {
        if (!item.is_object()) return MakeUnexpected(EnvelopeError{"\"" + key + "\" items must be objects"});
        out += "<DIDParam>";
        Result<bool, EnvelopeError> r = AppendParams(out, item);
        if (!r) return r;
        out += "</DIDParam>";
      }
      out += "</" + key + ">";
    } else {
      return MakeUnexpected(
          EnvelopeError{"parameter \"" + key + "\" must be a string, an integer, null or a list"});
    }
  }
  return true;
}

}  // namespace

Result<std::string, EnvelopeError> BuildEnvelope(std::string_view operation, const Json& params, bool soap12,
                                                 bool credentials, std::string_view login_var,
                                                 std::string_view secret_var) {
  if (!params.is_null() && !params.is_object())
    return MakeUnexpected(EnvelopeError{"\"params\" must be an object"});
  const std::string env_ns =
      soap12 ? "http://www.w3.org/2003/05/soap-envelope" : "http://schemas.xmlsoap.org/soap/envelope/";
  const std::string p = soap12 ? "soap12" : "soap";
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<" + p + ":Envelope xmlns:xsi=\"" +
      "http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:" +
      p + "=\"" + env_ns + "\"><" + p + ":Body><" + std::string(operation) +
      " xmlns=\"http://tempuri.org/\">";
  if (credentials) {
    out +=
        "<login>${" + std::string(login_var) + "}</login><secret>${" + std::string(secret_var) + "}</secret>";
  }
  if (params.is_object()) {
    Result<bool, EnvelopeError> r = AppendParams(out, params);
    if (!r) return MakeUnexpected(r.error());
  }
  out += "</" + std::string(operation) + "></" + p + ":Body></" + p + ":Envelope>";
  return out;
}

std::vector<std::string> SoapHeaders(std::string_view operation, bool soap12) {
  const std::string action = "http://tempuri.org/" + std::string(operation);
  if (soap12) return {"Content-Type: application/soap+xml; charset=utf-8; action=\"" + action + "\""};
  return {"Content-Type: text/xml; charset=utf-8", "SOAPAction: \"" + action + "\""};
}

Result<std::string, EnvelopeError> Substitute(std::string_view text, const Variables& vars, bool xml) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = text.find("${", i);
    if (start == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    std::size_t end = text.find('}', start);
    if (end == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, start - i));
    const std::string name(text.substr(start + 2, end - start - 2));
    auto it = vars.find(name);
    if (it == vars.end()) return MakeUnexpected(EnvelopeError{"variable ${" + name + "} is not defined"});
    if (xml) {
      wire::AppendXmlText(out, it->second);
    } else {
      out += it->second;
    }
    i = end + 1;
  }
  return out;
}

}  // namespace vi::contracts
