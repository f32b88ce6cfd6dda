#include "tests/testing/model_samples.h"

#include <chrono>
#include <vector>

namespace vi::testing {

model::TimePoint At(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms) {
  using namespace std::chrono;
  return sys_days(year(y) / month(mo) / day(d)) + hours(h) + minutes(mi) + seconds(s) + milliseconds(ms);
}

model::DidResponse FullDidResponse() {
  model::DidResponse r;
  r.response_code = 100;
  r.response_message = "Success";
  model::Did d;
  d.tn = "4352154006";
  d.availability = "assigned";
  d.rewrite = "4352154006";
  d.status = "a <b> & c";
  d.status_code = "100";
  d.tier = "2";
  d.ref_id = "ref\r\n\t\x01\xC3\x28";
  d.failover = "f";
  d.forward = "fw";
  d.cnam_name = "ACME";
  d.state = "UT";
  d.rate_center = "ST GEORGE";
  d.did_group_id = "12";
  d.network = "Onvoy";
  d.endpoint_id = 8674;
  d.expire_date = std::nullopt;
  d.has411 = true;
  d.t38 = true;
  r.dids = {d, d};
  model::DidLocator l;
  l.tn = "4352016526";
  l.rate_center = "RICHFIELD";
  l.state = "UT";
  l.tier = "4";
  l.lata_id = 660;
  l.outbound_cnam = true;
  l.t38 = true;
  l.network = "Onvoy";
  l.sms = true;
  r.did_locators = {l};
  model::DidCount c;
  c.did_count = "17";
  c.rate_center = "RICHFIELD";
  c.state = "UT";
  c.tier = "4";
  c.lata_id = 660;
  c.cnam = true;
  c.sms = true;
  r.did_counts = {c};
  r.did_groups = {model::DidGroup{"Main", 7}};
  r.conference_line = model::ConferenceLine{true, "1234"};
  return r;
}

model::PortResponse FullPortResponse() {
  model::PortResponse r;
  r.response_code = 100;
  r.response_message = "Success";
  model::PortDetail pd;
  pd.id = 1;
  pd.status = "FOC";
  pd.end_user = "A & B";
  pd.billing_tn = "";
  pd.porting_from = "X";
  pd.sales_rep = "Y";
  pd.submitted_date = At(2016, 3, 1, 9, 30, 0, 250);
  pd.foc_date = std::nullopt;
  pd.requested_foc_date = model::kSentinelDate;
  pd.dids = std::vector<model::PortDid>{{"1", "0", "RC", "UT", "660", 8674, true, false}};
  pd.default_endpoint_group = 8674;
  r.port_details = pd;
  r.is_portable = true;
  return r;
}

}  // namespace vi::testing
