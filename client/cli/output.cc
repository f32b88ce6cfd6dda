#include "client/cli/output.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

namespace vi::cli {
namespace {

// Keys in wire order (the order the WSDL gives the elements).
using json = nlohmann::ordered_json;

void Put(json& j, const char* key, const std::optional<std::string>& v) {
  if (v) j[key] = *v;
}
json Date(const model::DateTime& d) { return d ? json(model::FormatDateTime(*d)) : json(nullptr); }

std::string Dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

// A plain text table: a header row, then one row per item, columns padded.
class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void Row(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string Render() const {
    std::vector<std::size_t> width(rows_[0].size(), 0);
    for (const auto& r : rows_) {
      for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
    }
    std::string out;
    for (const auto& r : rows_) {
      std::string line;
      for (std::size_t i = 0; i < r.size(); ++i) {
        line += r[i];
        if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
      }
      out += line + "\n";
    }
    return out;
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

std::string S(const std::optional<std::string>& v) { return v ? *v : "-"; }
std::string B(bool b) { return b ? "true" : "false"; }
std::string D(const model::DateTime& d) { return d ? model::FormatDateTime(*d) : "nil"; }

std::string Head(int code, const std::optional<std::string>& message) {
  return "responseCode: " + std::to_string(code) + "\nresponseMessage: " + S(message) + "\n";
}

}  // namespace

std::string DidResponseJson(const model::DidResponse& r) {
  json j;
  j["responseCode"] = r.response_code;
  Put(j, "responseMessage", r.response_message);
  j["DIDs"] = json::array();
  for (const model::Did& d : r.dids) {
    json o = json::object();
    Put(o, "tn", d.tn);
    Put(o, "availability", d.availability);
    Put(o, "rewrite", d.rewrite);
    Put(o, "status", d.status);
    Put(o, "statusCode", d.status_code);
    Put(o, "tier", d.tier);
    Put(o, "refId", d.ref_id);
    Put(o, "failover", d.failover);
    Put(o, "forward", d.forward);
    Put(o, "cnamName", d.cnam_name);
    Put(o, "state", d.state);
    Put(o, "rateCenter", d.rate_center);
    Put(o, "didGroupId", d.did_group_id);
    Put(o, "Network", d.network);
    o["endpointId"] = d.endpoint_id;
    o["expireDate"] = Date(d.expire_date);
    o["has411"] = d.has411;
    o["has911"] = d.has911;
    o["cnam"] = d.cnam;
    o["cnamStorageActive"] = d.cnam_storage_active;
    o["cnamStorageAvailability"] = d.cnam_storage_availability;
    o["t38"] = d.t38;
    j["DIDs"].push_back(std::move(o));
  }
  j["DIDLocators"] = json::array();
  for (const model::DidLocator& l : r.did_locators) {
    json o = json::object();
    Put(o, "tn", l.tn);
    Put(o, "rateCenter", l.rate_center);
    Put(o, "state", l.state);
    Put(o, "tier", l.tier);
    o["lataId"] = l.lata_id;
    o["outboundCNAM"] = l.outbound_cnam;
    o["t38"] = l.t38;
    Put(o, "network", l.network);
    o["sms"] = l.sms;
    j["DIDLocators"].push_back(std::move(o));
  }
  j["DIDCounts"] = json::array();
  for (const model::DidCount& c : r.did_counts) {
    json o = json::object();
    Put(o, "didCount", c.did_count);
    Put(o, "rateCenter", c.rate_center);
    Put(o, "state", c.state);
    Put(o, "tier", c.tier);
    o["lataId"] = c.lata_id;
    o["cnam"] = c.cnam;
    o["t38"] = c.t38;
    o["sms"] = c.sms;
    j["DIDCounts"].push_back(std::move(o));
  }
  j["DIDGroups"] = json::array();
  for (const model::DidGroup& g : r.did_groups) {
    json o = json::object();
    Put(o, "Name", g.name);
    o["ID"] = g.id;
    j["DIDGroups"].push_back(std::move(o));
  }
  if (r.conference_line) {
    json o = json::object();
    o["Enabled"] = r.conference_line->enabled;
    Put(o, "PIN", r.conference_line->pin);
    j["ConferenceLine"] = std::move(o);
  }
  return Dump(j);
}

std::string PortResponseJson(const model::PortResponse& r) {
  json j;
  j["responseCode"] = r.response_code;
  Put(j, "responseMessage", r.response_message);
  if (r.port_details) {
    const model::PortDetail& p = *r.port_details;
    json o = json::object();
    o["id"] = p.id;
    Put(o, "status", p.status);
    Put(o, "endUser", p.end_user);
    Put(o, "billingTN", p.billing_tn);
    Put(o, "portingFrom", p.porting_from);
    Put(o, "salesRep", p.sales_rep);
    o["submittedDate"] = Date(p.submitted_date);
    o["focDate"] = Date(p.foc_date);
    o["requestedFocDate"] = Date(p.requested_foc_date);
    if (p.dids) {
      o["dids"] = json::array();
      for (const model::PortDid& d : *p.dids) {
        json x = json::object();
        Put(x, "tn", d.tn);
        Put(x, "tier", d.tier);
        Put(x, "rateCenter", d.rate_center);
        Put(x, "state", d.state);
        Put(x, "lata", d.lata);
        x["endpointGroup"] = d.endpoint_group;
        x["cnam"] = d.cnam;
        x["e911"] = d.e911;
        o["dids"].push_back(std::move(x));
      }
    }
    o["defaultEndpointGroup"] = p.default_endpoint_group ? json(*p.default_endpoint_group) : json(nullptr);
    j["PortDetails"] = std::move(o);
  }
  j["IsPortable"] = r.is_portable;
  return Dump(j);
}

std::string DidResponseTable(const model::DidResponse& r) {
  std::string out = Head(r.response_code, r.response_message);
  if (!r.dids.empty()) {
    Table t({"tn", "statusCode", "status", "tier", "refId", "endpointId", "expireDate"});
    for (const model::Did& d : r.dids) {
      t.Row({S(d.tn), S(d.status_code), S(d.status), S(d.tier), S(d.ref_id), std::to_string(d.endpoint_id),
             D(d.expire_date)});
    }
    out += "\nDIDs:\n" + t.Render();
  }
  if (!r.did_locators.empty()) {
    Table t({"tn", "rateCenter", "state", "tier", "lataId", "outboundCNAM", "t38", "sms", "network"});
    for (const model::DidLocator& l : r.did_locators) {
      t.Row({S(l.tn), S(l.rate_center), S(l.state), S(l.tier), std::to_string(l.lata_id), B(l.outbound_cnam),
             B(l.t38), B(l.sms), S(l.network)});
    }
    out += "\nDIDLocators:\n" + t.Render();
  }
  if (!r.did_counts.empty()) {
    Table t({"didCount", "rateCenter", "state", "tier", "lataId", "cnam", "t38", "sms"});
    for (const model::DidCount& c : r.did_counts) {
      t.Row({S(c.did_count), S(c.rate_center), S(c.state), S(c.tier), std::to_string(c.lata_id), B(c.cnam),
             B(c.t38), B(c.sms)});
    }
    out += "\nDIDCounts:\n" + t.Render();
  }
  return out;
}

std::string PortResponseTable(const model::PortResponse& r) {
  std::string out = Head(r.response_code, r.response_message);
  out += "IsPortable: " + B(r.is_portable) + "\n";
  if (r.port_details) {
    const model::PortDetail& p = *r.port_details;
    out += "\nPortDetails:\n";
    Table t({"field", "value"});
    t.Row({"id", std::to_string(p.id)});
    t.Row({"status", S(p.status)});
    t.Row({"endUser", S(p.end_user)});
    t.Row({"billingTN", S(p.billing_tn)});
    t.Row({"portingFrom", S(p.porting_from)});
    t.Row({"salesRep", S(p.sales_rep)});
    t.Row({"submittedDate", D(p.submitted_date)});
    t.Row({"focDate", D(p.foc_date)});
    t.Row({"requestedFocDate", D(p.requested_foc_date)});
    t.Row({"defaultEndpointGroup",
           p.default_endpoint_group ? std::to_string(*p.default_endpoint_group) : std::string("nil")});
    out += t.Render();
    if (p.dids && !p.dids->empty()) {
      Table d({"tn", "tier", "rateCenter", "state", "lata", "endpointGroup", "cnam", "e911"});
      for (const model::PortDid& x : *p.dids) {
        d.Row({S(x.tn), S(x.tier), S(x.rate_center), S(x.state), S(x.lata), std::to_string(x.endpoint_group),
               B(x.cnam), B(x.e911)});
      }
      out += "\ndids:\n" + d.Render();
    }
  }
  return out;
}

std::optional<std::string> ApiProblem(const model::DidResponse& r) {
  if (r.response_code != 100) {
    return "responseCode " + std::to_string(r.response_code) + ": " + S(r.response_message);
  }
  for (const model::Did& d : r.dids) {
    if (!d.tn || d.tn->empty()) continue;  // the dummy record
    if (d.status_code != "100") return *d.tn + ": statusCode " + S(d.status_code) + ": " + S(d.status);
  }
  return std::nullopt;
}

std::optional<std::string> ApiProblem(const model::PortResponse& r) {
  if (r.response_code != 100) {
    return "responseCode " + std::to_string(r.response_code) + ": " + S(r.response_message);
  }
  return std::nullopt;
}

}  // namespace vi::cli
