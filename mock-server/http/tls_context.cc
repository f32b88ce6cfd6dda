#include "mock-server/http/tls_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace vi::http {
namespace {

// The reason of OpenSSL's most recent error (e.g. "no start line"), and an
// empty error queue for whoever comes next on this thread.
std::string OpenSslReason() {
  unsigned long last = 0;
  for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error()) last = e;
  if (last == 0) return "unknown reason";
  const char* reason = ERR_reason_error_string(last);
  return reason != nullptr ? reason : "error " + std::to_string(last);
}

// Refuses to decrypt: an encrypted key fails instead of prompting on a terminal.
int NoPassword(char*, int, int, void*) { return -1; }

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct CtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* x) const { X509_free(x); }
};

// Opens `path` for reading as a BIO, or says why it cannot.
Result<std::unique_ptr<BIO, BioFree>, std::string> OpenFile(const std::string& what,
                                                            const std::string& path) {
  // fopen first: its errno names the reason (missing, not permitted).
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr)
    return MakeUnexpected("cannot read TLS " + what + " " + path + ": " + std::strerror(errno));
  std::unique_ptr<BIO, BioFree> bio(BIO_new_fp(f, BIO_CLOSE));
  if (!bio) {
    std::fclose(f);
    return MakeUnexpected("cannot read TLS " + what + " " + path + ": out of memory");
  }
  return bio;
}

}  // namespace

Result<std::shared_ptr<const TlsServerContext>, std::string> TlsServerContext::Load(
    const std::string& cert_path, const std::string& key_path) {
  ERR_clear_error();
  std::unique_ptr<SSL_CTX, CtxFree> ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) return MakeUnexpected("cannot create a TLS context: " + OpenSslReason());
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_options(ctx.get(),
                      SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
  // The stream offers a retried write again from a rebuilt buffer (same
  // bytes, maybe another address).
  SSL_CTX_set_mode(ctx.get(), SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);

  // The certificate, then any chain certificates after it in the same file.
  {
    auto bio = OpenFile("certificate", cert_path);
    if (!bio) return MakeUnexpected(bio.error());
    std::unique_ptr<X509, CertFree> leaf(PEM_read_bio_X509_AUX(bio->get(), nullptr, NoPassword, nullptr));
    if (!leaf) {
      return MakeUnexpected("TLS certificate " + cert_path + " holds no PEM certificate (" + OpenSslReason() +
                            ")");
    }
    if (SSL_CTX_use_certificate(ctx.get(), leaf.get()) != 1) {
      return MakeUnexpected("TLS certificate " + cert_path + " is not usable: " + OpenSslReason());
    }
    for (;;) {
      X509* extra = PEM_read_bio_X509(bio->get(), nullptr, NoPassword, nullptr);
      if (extra == nullptr) break;
      if (SSL_CTX_add0_chain_cert(ctx.get(), extra) != 1) {  // takes `extra` on success only
        X509_free(extra);
        return MakeUnexpected("TLS certificate " + cert_path +
                              ": a chain certificate is not usable: " + OpenSslReason());
      }
    }
    // The loop ends at the end of the file ("no start line") or at a
    // malformed certificate, which is an error.
    const unsigned long last = ERR_peek_last_error();
    if (last != 0 && !(ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE)) {
      return MakeUnexpected("TLS certificate " + cert_path + ": a chain certificate is malformed (" +
                            OpenSslReason() + ")");
    }
    ERR_clear_error();
  }

  {
    auto bio = OpenFile("key", key_path);
    if (!bio) return MakeUnexpected(bio.error());
    std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(bio->get(), nullptr, NoPassword, nullptr));
    if (!key) {
      return MakeUnexpected("TLS key " + key_path + " holds no unencrypted PEM private key (" +
                            OpenSslReason() + ")");
    }
    if (SSL_CTX_use_PrivateKey(ctx.get(), key.get()) != 1 || SSL_CTX_check_private_key(ctx.get()) != 1) {
      ERR_clear_error();
      return MakeUnexpected("TLS key " + key_path + " does not match the certificate in " + cert_path);
    }
  }
  ERR_clear_error();
  return std::shared_ptr<const TlsServerContext>(new TlsServerContext(ctx.release()));
}

TlsServerContext::~TlsServerContext() { SSL_CTX_free(ctx_); }

}  // namespace vi::http
