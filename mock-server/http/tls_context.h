// TlsServerContext: the server side of TLS for HardenedServer (--tls-cert,
// --tls-key): one OpenSSL 3 context built once at start-up from a PEM
// certificate (a chain allowed: the server's first, then its issuers) and
// its PEM private key, shared by every connection. TLS 1.2 is the minimum;
// the rest is OpenSSL's and the system's defaults (Debian: security level 2),
// with renegotiation refused.
#ifndef VI_MOCK_SERVER_HTTP_TLS_CONTEXT_H_
#define VI_MOCK_SERVER_HTTP_TLS_CONTEXT_H_

#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "base/result.h"

namespace vi::http {

// Immutable once built; thread-safe (sessions are made from it on any
// worker).
class TlsServerContext {
 public:
  // Loads `cert_path` and `key_path`. Fails with a message that names the
  // file at fault when a file cannot be read, holds no PEM certificate or
  // no unencrypted PEM private key (an encrypted key is refused, never
  // prompted for), or the key does not match the certificate.
  static Result<std::shared_ptr<const TlsServerContext>, std::string> Load(const std::string& cert_path,
                                                                           const std::string& key_path);

  ~TlsServerContext();
  TlsServerContext(const TlsServerContext&) = delete;
  TlsServerContext& operator=(const TlsServerContext&) = delete;

  // The OpenSSL context, for TlsTransport. Never null.
  SSL_CTX* get() const { return ctx_; }

 private:
  explicit TlsServerContext(SSL_CTX* ctx) : ctx_(ctx) {}

  SSL_CTX* const ctx_;
};

}  // namespace vi::http

#endif  // VI_MOCK_SERVER_HTTP_TLS_CONTEXT_H_
