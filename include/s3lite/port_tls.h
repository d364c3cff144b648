/* SPDX-License-Identifier: MIT */
/*
 * TLS client over any s3lite transport. Two backends behind this one API, chosen when the
 * library is built and recorded in s3lite/build_config.h (S3L_TLS_OPENSSL, S3L_BUILD_TLS):
 *   port/tls/tls_mbedtls.c  mbedTLS 2.28 and 3.x: firmware, the lwIP port, CMake, make ACCEL=0
 *                           or TLS=mbedtls. It drives the lower transport's send/recv and
 *                           never includes a socket header.
 *   port/tls/tls_openssl.c  the host's OpenSSL (make TLS=openssl, the default where the host
 *                           has it): same rules, several times less CPU per byte on hosts.
 * struct s3l_tls differs between them, so an application must be compiled with the build's
 * build_config.h (the ABI check refuses it otherwise).
 *
 * Usage (the POSIX port does this for you when given a struct s3l_tls_config):
 *
 *     struct s3l_tls tls;
 *     s3l_tls_init(&tls, &cfg, &tcp_transport, &platform);
 *     rc = s3l_tls_connect(&tls, "s3.example.com", 443, 5000);   // TCP connect + handshake
 *     n  = s3l_tls_send(&tls, buf, len, 5000);  ...  s3l_tls_recv(...);
 *     s3l_tls_close(&tls);                      // may connect again afterwards
 *     s3l_tls_free(&tls);                       // releases what mbedTLS allocated
 *
 * Certificates are verified by default: against cfg->ca_pem, else cfg->ca_file, else the
 * system bundle S3L_TLS_CA_FILE_DEFAULT; the server name (SNI and the host name check) is
 * cfg->server_name or the host given to connect. IP literals are matched against the
 * certificate's iPAddress names (also on mbedTLS 2.28, which lacks that check itself).
 * Verification is skipped only when cfg->insecure_no_verify is set.
 *
 * Mutual TLS: with cfg->client_cert_* and cfg->client_key_* set, the client presents that
 * certificate chain when the server asks for one. Both are loaded, and the key checked against
 * the certificate, at the first connect; the key is wiped from memory by s3l_tls_free. A
 * server that refuses the certificate ends the handshake (TLS 1.2) or, under TLS 1.3, sends
 * its alert after the client has finished: then the first s3l_tls_recv fails with S3L_ERR_TLS.
 *
 * All state lives in the caller's struct s3l_tls; there is no static mutable state here.
 * mbedTLS allocates its record buffers and the parsed CA chain through its own calloc
 * (s3l_tls_free releases them). On mbedTLS 3.x with PSA, psa_crypto_init() is called once
 * (idempotent; mbedTLS keeps that state, it is required by TLS 1.3). OpenSSL allocates its
 * SSL_CTX and SSL objects, released likewise.
 */
#ifndef S3LITE_PORT_TLS_H
#define S3LITE_PORT_TLS_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/common.h"
#include "s3lite/config.h"
#include "s3lite/transport.h"

#if defined(S3L_TLS_OPENSSL)
/* OpenSSL's objects are opaque: only pointers to them live in struct s3l_tls. */
struct ssl_ctx_st;
struct ssl_st;
struct bio_method_st;
#else
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#endif

/* Why a certificate was refused (s3l_tls_verify_flags): mbedTLS's MBEDTLS_X509_BADCERT_*
 * values, which the OpenSSL backend reports too. */
#define S3L_TLS_BADCERT_EXPIRED 0x01u        /* validity ended */
#define S3L_TLS_BADCERT_REVOKED 0x02u        /* on a CRL */
#define S3L_TLS_BADCERT_CN_MISMATCH 0x04u    /* not for this host name or IP address */
#define S3L_TLS_BADCERT_NOT_TRUSTED 0x08u    /* no chain to a trusted CA */
#define S3L_TLS_BADCERT_OTHER 0x0100u        /* another reason */
#define S3L_TLS_BADCERT_FUTURE 0x0200u       /* validity starts later */
#define S3L_TLS_BADCERT_KEY_USAGE 0x0800u    /* keyUsage forbids this use */
#define S3L_TLS_BADCERT_EXT_KEY_USAGE 0x1000u /* extendedKeyUsage forbids this use */

#ifdef __cplusplus
extern "C" {
#endif

/* What the caller asks of TLS. Owned by the caller; must outlive the struct s3l_tls. */
struct s3l_tls_config {
    const char *ca_file;         /* trusted CAs (PEM bundle or DER), read at the first connect;
                                    NULL: ca_pem, else S3L_TLS_CA_FILE_DEFAULT */
    const char *ca_pem;          /* trusted CAs in memory, PEM (or DER); wins over ca_file */
    size_t ca_pem_len;           /* bytes of ca_pem; for PEM it counts the terminating NUL
                                    (mbedTLS's rule); 0 means strlen(ca_pem) + 1 */
    unsigned insecure_no_verify; /* 1: accept any certificate and any name (tests only) */
    const char *server_name;     /* SNI and host name to verify; NULL: the connect host */
    const char *client_cert_file; /* mutual TLS: our certificate chain (PEM or DER) read at the
                                     first connect; NULL: client_cert_pem, else no client cert */
    const char *client_cert_pem;  /* the same in memory; wins over client_cert_file */
    size_t client_cert_pem_len;   /* as ca_pem_len */
    const char *client_key_file;  /* its private key (PEM or DER, unencrypted) */
    const char *client_key_pem;   /* the same in memory; wins over client_key_file */
    size_t client_key_pem_len;    /* as ca_pem_len */
};

/* TLS state, caller-owned; treat the members as private. */
struct s3l_tls {
#if defined(S3L_TLS_OPENSSL)
    struct ssl_ctx_st *ctx;              /* settings, CAs, our certificate: the first connect */
    struct ssl_st *ssl;                  /* one per connection */
    struct bio_method_st *bio_method;    /* the BIO over the lower transport */
    long verify_result;                  /* X509_V_ERR_* of the last failed check */
    int err;                             /* OpenSSL error (negated) of the last failure */
#else
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt ca;
    mbedtls_x509_crt own_cert;           /* mutual TLS: our chain, empty when none */
    mbedtls_pk_context own_key;          /* its private key (wiped by s3l_tls_free) */
    mbedtls_ctr_drbg_context drbg;
    const char *verify_name;             /* name being verified, valid during a handshake */
    int mbed_err;                        /* mbedTLS code of the last failure, 0 if none */
    unsigned used;                       /* a handshake ran on ssl since the last reset */
#endif
    const struct s3l_tls_config *cfg;
    const struct s3l_transport *lower;   /* the byte stream under TLS (TCP) */
    const struct s3l_platform *platform; /* entropy for the DRBG seed */
    uint32_t io_timeout_ms;              /* timeout handed to the lower layer by the BIO */
    uint32_t verify_flags;               /* S3L_TLS_BADCERT_* of the last failed check */
    int io_err;                          /* s3l_err of the lower layer that stopped a call */
    const char *fail_what;               /* what was being loaded when setup failed, or NULL */
    unsigned lower_blocked;              /* the lower layer answered "try again" */
    unsigned state;                      /* private: 0 new, 1 configured, 2 connected */
};

/*
 * Prepare tls (no allocation). cfg, lower and platform are borrowed and must outlive tls;
 * lower->net is the lower layer's context; platform->entropy seeds the DRBG. Returns S3L_OK,
 * S3L_ERR_ARG (tls NULL) or S3L_ERR_ABI (see s3lite/abi.h: struct s3l_tls holds the backend's
 * state, the mbedTLS contexts sized by the mbedTLS configuration the application compiles
 * with, or OpenSSL's handles).
 */
int s3l_tls_init_abi(struct s3l_tls *tls, const struct s3l_tls_config *cfg,
                     const struct s3l_transport *lower, const struct s3l_platform *platform,
                     size_t app_size, uint32_t app_config);
#define s3l_tls_init(tls, cfg, lower, platform) \
    s3l_tls_init_abi((tls), (cfg), (lower), (platform), \
                     sizeof(struct s3l_tls), S3L_ABI_CONFIG)

/*
 * Connect the lower transport to host:port and run the TLS handshake, each lower operation
 * bounded by timeout_ms. The first call also loads the CAs and seeds the DRBG.
 * Returns 0, or: S3L_ERR_ARG (NULL/empty host, no entropy hook, name too long, a client
 * certificate without its key or a key without its certificate), S3L_ERR_STATE (already
 * connected), S3L_ERR_TLS (CA, client certificate or client key not loadable, a key that
 * does not match the certificate, DRBG, handshake or protocol failure, the server refused
 * our certificate; see s3l_tls_error_text), S3L_ERR_TLS_VERIFY (certificate not trusted or
 * not for this name; see s3l_tls_verify_info), or the lower layer's error (S3L_ERR_DNS,
 * S3L_ERR_CONNECT, S3L_ERR_TIMEOUT, S3L_ERR_CLOSED, S3L_ERR_NET). On error the lower
 * connection is closed.
 */
int s3l_tls_connect(struct s3l_tls *tls, const char *host, uint16_t port, uint32_t timeout_ms);

/*
 * Encrypt and send up to len bytes. Returns bytes taken (> 0), S3L_ERR_AGAIN when the lower
 * layer said "try again" (call again with the same data), or S3L_ERR_STATE, S3L_ERR_TLS, or the lower
 * layer's error (S3L_ERR_TIMEOUT, S3L_ERR_CLOSED, S3L_ERR_NET).
 */
long s3l_tls_send(struct s3l_tls *tls, const uint8_t *buf, size_t len, uint32_t timeout_ms);

/*
 * Receive up to len decrypted bytes; each lower read waits at most timeout_ms. Returns bytes
 * (> 0), S3L_ERR_AGAIN when the lower layer said "try again", 0 when the peer closed (with
 * or without close_notify), or S3L_ERR_STATE, S3L_ERR_TLS, S3L_ERR_TIMEOUT, S3L_ERR_NET.
 */
long s3l_tls_recv(struct s3l_tls *tls, uint8_t *buf, size_t len, uint32_t timeout_ms);

/* Send close_notify (best effort, without waiting), close the lower transport, and make tls
 * ready for another s3l_tls_connect. Safe when not connected. */
void s3l_tls_close(struct s3l_tls *tls);

/* Close if needed, release everything mbedTLS allocated and wipe tls. s3l_tls_init is needed
 * before tls is used again. */
void s3l_tls_free(struct s3l_tls *tls);

/* S3L_TLS_BADCERT_* flags (= MBEDTLS_X509_BADCERT_*) of the last failed verification (0 when
 * none). */
uint32_t s3l_tls_verify_flags(const struct s3l_tls *tls);

/*
 * Why the last verification failed, as text (one reason per line, from mbedTLS; OpenSSL: the
 * same words and OpenSSL's reason in parentheses) into buf
 * (cap bytes, always NUL-terminated when cap > 0). Returns the length (0 when nothing
 * failed), S3L_ERR_ARG (buf NULL or cap 0) or S3L_ERR_BUF_TOO_SMALL (buf holds a cut text).
 */
int s3l_tls_verify_info(const struct s3l_tls *tls, char *buf, size_t cap);

/* The backend's error code (negative: mbedTLS's code, or OpenSSL's ERR_get_error() negated)
 * behind the last S3L_ERR_TLS/S3L_ERR_TLS_VERIFY, 0 if none. */
int s3l_tls_last_error(const struct s3l_tls *tls);

/*
 * The last error as text into buf (NUL-terminated): what was being loaded when setup failed
 * ("client key: ", "client key does not match the client certificate"...), then
 * mbedtls_strerror (or the code in hex when mbedTLS was built without MBEDTLS_ERROR_C), or
 * OpenSSL's reason ("tlsv13 alert certificate required").
 * Returns the length, 0 when there was no error, S3L_ERR_ARG, or S3L_ERR_BUF_TOO_SMALL.
 */
int s3l_tls_error_text(const struct s3l_tls *tls, char *buf, size_t cap);

/* The backend and its version, e.g. "mbedtls 2.28.3" or "openssl 3.0.22" (static text). */
const char *s3l_tls_version(void);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_PORT_TLS_H */
