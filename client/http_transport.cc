#include "client/http_transport.h"

#include <curl/curl.h>

#include "base/ascii.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace vi::client {
namespace {

// curl_global_init once per process, before the first handle.
void GlobalInit() {
  static const bool done = [] {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return true;
  }();
  (void)done;
}

struct BodySink {
  std::string* body;
  std::size_t limit;
  bool overflowed = false;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  if (sink->body->size() + size * n > sink->limit) {
    sink->overflowed = true;
    return 0;  // curl stops with CURLE_WRITE_ERROR
  }
  sink->body->append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    headers->clear();  // a new response (after a 100 Continue): only the last one's headers count
  } else if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    headers->emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return size * n;
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCaseAscii(k, name)) return v;
  }
  return "";
}

std::string RedactedOrigin(std::string_view url) {
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "(invalid URL)";
  std::size_t host_start = scheme_end + 3;
  std::size_t host_end = url.find_first_of("/?#", host_start);
  std::string_view authority = url.substr(
      host_start, host_end == std::string_view::npos ? std::string_view::npos : host_end - host_start);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  return std::string(url.substr(0, host_start)) + std::string(authority);
}

struct HttpTransport::Impl {
  TransportOptions options;  // immutable after construction
  Mutex mu;
  CURL* curl VI_GUARDED_BY(mu) = nullptr;  // kept across requests so its connection is reused
};

HttpTransport::HttpTransport(TransportOptions options) : impl_(std::make_unique<Impl>()) {
  GlobalInit();
  impl_->options = std::move(options);
}

HttpTransport::~HttpTransport() {
  MutexLock lock(impl_->mu);
  if (impl_->curl != nullptr) curl_easy_cleanup(impl_->curl);
}

Result<HttpResponse, TransportError> HttpTransport::Post(const std::string& url,
                                                         const std::vector<std::string>& headers,
                                                         std::string_view body) {
  return Exchange(true, url, headers, body);
}

Result<HttpResponse, TransportError> HttpTransport::Get(const std::string& url,
                                                        const std::vector<std::string>& headers) {
  return Exchange(false, url, headers, {});
}

Result<HttpResponse, TransportError> HttpTransport::Exchange(bool post, const std::string& url,
                                                             const std::vector<std::string>& headers,
                                                             std::string_view body) {
  const char* verb = post ? "POST" : "GET";
  MutexLock lock(impl_->mu);
  const std::string origin = RedactedOrigin(url);
  if (impl_->curl == nullptr) impl_->curl = curl_easy_init();
  CURL* c = impl_->curl;
  if (c == nullptr) return MakeUnexpected(TransportError{"cannot create an HTTP handle (libcurl)"});
  curl_easy_reset(c);  // keeps the connection cache: the connection is reused

  HttpResponse response;
  curl_slist* list = nullptr;
  for (const std::string& h : headers) list = curl_slist_append(list, h.c_str());
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip

  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  if (post) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!impl_->options.ca_bundle.empty())
    curl_easy_setopt(c, CURLOPT_CAINFO, impl_->options.ca_bundle.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(impl_->options.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(impl_->options.total_timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
  curl_easy_setopt(c, CURLOPT_USERAGENT, "vi-client/0.1");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  BodySink sink{&response.body, impl_->options.max_response_bytes};
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response.headers);
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);

  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(list);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, nullptr);
  if (sink.overflowed) {
    return MakeUnexpected(TransportError{std::string(verb) + " to " + origin +
                                         " failed: answer longer than " +
                                         std::to_string(impl_->options.max_response_bytes) + " bytes"});
  }
  if (rc != CURLE_OK) {
    // curl's reason (its detail buffer names host and port at most), after
    // the URL's origin: never its path, a header or the body.
    std::string reason = error_buffer[0] != '\0' ? std::string(error_buffer) : curl_easy_strerror(rc);
    return MakeUnexpected(TransportError{std::string(verb) + " to " + origin + " failed: " + reason});
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace vi::client
