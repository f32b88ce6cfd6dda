// The request side of the ten operations as plain values, after the wire
// layer has read them (prefixes, order, nil and empty already resolved).
// Strings stay raw: the core validates them, so that a bad value becomes the
// status code the real service gives rather than a parse failure.
#ifndef VI_MODEL_REQUESTS_H_
#define VI_MODEL_REQUESTS_H_

#include <optional>
#include <string>
#include <vector>

namespace vi::model {

struct Credentials {
  std::string login;
  std::string secret;
};

// One DIDParam of reserve/assign/config/releaseDID.
struct DidParam {
  std::string tn;
  std::optional<std::string> cnam;    // "0"/"1": inbound CNAM dip
  std::optional<std::string> ref_id;  // the caller's reference, echoed back
  std::optional<int> epg;             // endpoint group; nullopt if absent (endpointId is not it)
};

// Criteria of getDIDs and getDIDCount. An unset or empty field is not a
// criterion. sms and network exist only in the production schema.
struct SearchRequest {
  std::string state;
  std::string lata;
  std::string rate_center;
  std::string npa;
  std::string nxx;
  std::string tier;
  std::string t38;
  std::string cnam;
  std::string sms;
  std::string network;
  std::string orderby;  // getDIDCount only
};

}  // namespace vi::model

#endif  // VI_MODEL_REQUESTS_H_
