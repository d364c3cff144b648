/* SPDX-License-Identifier: MIT */
/*
 * TLS client over an s3lite transport, through the host's OpenSSL (1.1.1 or 3.x): the
 * port_tls.h API with the same verification rules as tls_mbedtls.c, chosen at build time
 * (make TLS=openssl; S3L_TLS_OPENSSL in build_config.h). Hosts only: OpenSSL's record layer
 * uses AES-NI/AVX and runs several times faster than mbedTLS's.
 *
 * Bytes go through the lower transport's send/recv by a BIO of our own, so the TLS layer
 * works over any s3lite transport, as the mbedTLS module does. OpenSSL seeds its own random
 * generator; platform->entropy is still required (the same contract on both backends).
 */
#include "s3lite/port_tls.h"

/* Built only with S3L_TLS_OPENSSL in build_config.h (make TLS=openssl): struct s3l_tls then
 * holds the members used here. */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

enum { TLS_NEW = 0, TLS_CONFIGURED = 1, TLS_CONNECTED = 2 };

/* Largest piece handed to OpenSSL or the lower layer at once: keeps int/long casts exact. */
#define TLS_IO_MAX ((size_t)1 << 30)

/* How often a read may turn over a non-data record before it reports "try again". */
#define TLS_READ_TURNS 8

/* Largest certificate or key file read into memory (a CA bundle is read by OpenSSL). */
#define TLS_PEM_FILE_MAX ((long)1 << 20)

int s3l_tls_init_abi(struct s3l_tls *tls, const struct s3l_tls_config *cfg,
                     const struct s3l_transport *lower, const struct s3l_platform *platform,
                     size_t app_size, uint32_t app_config)
{
    if (s3l_abi_check(app_size, app_config, sizeof *tls) != S3L_OK) return S3L_ERR_ABI;
    if (tls == NULL) {
        return S3L_ERR_ARG;
    }
    memset(tls, 0, sizeof *tls);
    tls->cfg = cfg;
    tls->lower = lower;
    tls->platform = platform;
    return S3L_OK;
}

const char *s3l_tls_version(void)
{
#if defined(OPENSSL_FULL_VERSION_STR)
    return "openssl " OPENSSL_FULL_VERSION_STR;
#else
    return OPENSSL_VERSION_TEXT;
#endif
}

/* ---- errors ------------------------------------------------------------------------ */

/* tls->err when the failure has no OpenSSL reason (fail_what says it all). */
#define TLS_ERR_NO_REASON (-1)

/* The oldest error OpenSSL queued (the cause, not the consequences) as a negative int, and
 * an empty queue afterwards: OpenSSL's queue is per thread and shared with libcrypto's
 * other users. */
static int take_ossl_error(void)
{
    unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0 || (e & (unsigned long)INT_MAX) <= 1) {
        return TLS_ERR_NO_REASON;
    }
    return -(int)(e & (unsigned long)INT_MAX);
}

static int setup_fail(struct s3l_tls *tls, const char *what)
{
    tls->fail_what = what;
    tls->err = take_ossl_error();
    return S3L_ERR_TLS;
}

/* A file we could not read: that is the whole story (OpenSSL has nothing to add). */
static int unreadable(struct s3l_tls *tls, const char *what)
{
    ERR_clear_error();
    tls->fail_what = what;
    tls->err = TLS_ERR_NO_REASON;
    return S3L_ERR_TLS;
}

/* ---- the BIO: OpenSSL reads and writes through the lower transport ---------------- */

static int bio_write(BIO *bio, const char *buf, int len)
{
    struct s3l_tls *tls = (struct s3l_tls *)BIO_get_data(bio);
    long n;
    BIO_clear_retry_flags(bio);
    if (len <= 0) {
        return 0;
    }
    n = tls->lower->send(tls->lower->net, (const uint8_t *)buf, (size_t)len, tls->io_timeout_ms);
    if (n > 0) {
        return (int)n;
    }
    if (n == 0 || n == S3L_ERR_AGAIN) {
        tls->lower_blocked = 1;
        BIO_set_retry_write(bio);
        return -1;
    }
    tls->io_err = (int)n; /* keep the transport's own reason */
    return -1;
}

static int bio_read(BIO *bio, char *buf, int len)
{
    struct s3l_tls *tls = (struct s3l_tls *)BIO_get_data(bio);
    long n;
    BIO_clear_retry_flags(bio);
    if (len <= 0) {
        return 0;
    }
    n = tls->lower->recv(tls->lower->net, (uint8_t *)buf, (size_t)len, tls->io_timeout_ms);
    if (n > 0) {
        return (int)n;
    }
    if (n == S3L_ERR_AGAIN) {
        tls->lower_blocked = 1;
        BIO_set_retry_read(bio);
        return -1;
    }
    if (n == 0 || n == S3L_ERR_CLOSED) {
        tls->io_err = S3L_ERR_CLOSED;
        return 0; /* end of stream */
    }
    tls->io_err = (int)n;
    return -1;
}

static long bio_ctrl(BIO *bio, int cmd, long num, void *ptr)
{
    (void)bio, (void)num, (void)ptr;
    return cmd == BIO_CTRL_FLUSH ? 1 : 0; /* the lower layer keeps no buffer to flush */
}

static int bio_create(BIO *bio)
{
    BIO_set_init(bio, 1);
    return 1;
}

/* ---- setup, once per struct s3l_tls ---------------------------------------------- */

/* Bytes of an in-memory PEM/DER blob: PEM counts its NUL (mbedTLS's rule, kept for both). */
static size_t blob_len(const char *pem, size_t len)
{
    return len != 0 ? len : strlen(pem) + 1;
}

static int is_pem(const unsigned char *p, size_t len)
{
    static const char tag[] = "-----BEGIN ";
    size_t i;
    for (i = 0; i + sizeof tag - 1 <= len; i++) {
        if (memcmp(p + i, tag, sizeof tag - 1) == 0) {
            return 1;
        }
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n') {
            return 0; /* PEM may only be preceded by blank space here */
        }
    }
    return 0;
}

/* Read a whole file into a fresh buffer (*out, *len; unbuffered, so no stdio buffer keeps
 * a copy of a key). The caller wipes and frees it. 0, or -1 when unreadable. */
static int read_file(const char *path, unsigned char **out, size_t *len)
{
    unsigned char *buf;
    size_t got = 0;
    long size;
    FILE *f = fopen(path, "rb");
    *out = NULL;
    *len = 0;
    if (f == NULL) {
        return -1;
    }
    (void)setvbuf(f, NULL, _IONBF, 0);
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || size > TLS_PEM_FILE_MAX ||
        fseek(f, 0, SEEK_SET) != 0 || (buf = (unsigned char *)malloc((size_t)size + 1)) == NULL) {
        fclose(f);
        return -1;
    }
    got = fread(buf, 1, (size_t)size, f);
    fclose(f);
    if (got != (size_t)size) {
        OPENSSL_cleanse(buf, (size_t)size + 1);
        free(buf);
        return -1;
    }
    buf[got] = '\0';
    *out = buf;
    *len = got;
    return 0;
}

/* A certificate chain (PEM: leaf first; DER: one certificate) into store (CAs) or, when
 * store is NULL, as the context's own certificate and chain. Returns how many loaded. */
static int add_certs(SSL_CTX *ctx, X509_STORE *store, const unsigned char *p, size_t len)
{
    int count = 0;
    X509 *x;
    if (len > INT_MAX) {
        return 0;
    }
    if (!is_pem(p, len)) {
        const unsigned char *q = p;
        x = d2i_X509(NULL, &q, (long)len);
        if (x == NULL) {
            return 0;
        }
        count = store != NULL ? X509_STORE_add_cert(store, x) : SSL_CTX_use_certificate(ctx, x);
        X509_free(x);
        return count == 1 ? 1 : 0;
    }
    {
        BIO *mem = BIO_new_mem_buf(p, (int)len);
        if (mem == NULL) {
            return 0;
        }
        while ((x = PEM_read_bio_X509(mem, NULL, NULL, NULL)) != NULL) {
            int ok;
            if (store != NULL) {
                ok = X509_STORE_add_cert(store, x);
            } else if (count == 0) {
                ok = SSL_CTX_use_certificate(ctx, x);
            } else {
                ok = SSL_CTX_add1_chain_cert(ctx, x) == 1;
            }
            X509_free(x);
            if (ok != 1) {
                count = 0;
                break;
            }
            count++;
        }
        BIO_free(mem);
    }
    ERR_clear_error(); /* the end of the PEM stream is reported as an error */
    return count;
}

/* The password callback for PEM keys: encrypted keys are not supported (never prompt). */
static int no_password(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return 0;
}

static EVP_PKEY *parse_key(const unsigned char *p, size_t len)
{
    EVP_PKEY *key = NULL;
    if (len > INT_MAX) {
        return NULL;
    }
    if (is_pem(p, len)) {
        BIO *mem = BIO_new_mem_buf(p, (int)len);
        if (mem != NULL) {
            key = PEM_read_bio_PrivateKey(mem, NULL, no_password, NULL);
            BIO_free(mem);
        }
    } else {
        const unsigned char *q = p;
        key = d2i_AutoPrivateKey(NULL, &q, (long)len);
    }
    return key;
}

static int load_cas(struct s3l_tls *tls)
{
    const struct s3l_tls_config *cfg = tls->cfg;
    const char *file;
    if (cfg->ca_pem != NULL) {
        size_t len = blob_len(cfg->ca_pem, cfg->ca_pem_len);
        if (add_certs(tls->ctx, SSL_CTX_get_cert_store(tls->ctx),
                      (const unsigned char *)cfg->ca_pem, len) == 0) {
            return setup_fail(tls, "CA certificates");
        }
        return S3L_OK;
    }
    file = cfg->ca_file != NULL ? cfg->ca_file : S3L_TLS_CA_FILE_DEFAULT;
    if (file[0] == '\0') {
        return S3L_ERR_ARG;
    }
    if (SSL_CTX_load_verify_locations(tls->ctx, file, NULL) != 1) {
        /* DER is not read by load_verify_locations: try it as one DER certificate. */
        unsigned char *buf;
        size_t len;
        int n, first = take_ossl_error();
        if (read_file(file, &buf, &len) != 0) {
            return unreadable(tls, "CA file not readable");
        }
        n = add_certs(tls->ctx, SSL_CTX_get_cert_store(tls->ctx), buf, len);
        free(buf);
        if (n == 0) {
            ERR_clear_error();
            tls->fail_what = "CA certificates";
            tls->err = first;
            return S3L_ERR_TLS;
        }
    }
    return S3L_OK;
}

/* Mutual TLS: our chain and its key, when the configuration names them. The key file is
 * read into a buffer that is wiped before it is freed; SSL_CTX_free frees (and OpenSSL
 * clears) the parsed key. */
static int load_client_cert(struct s3l_tls *tls)
{
    const struct s3l_tls_config *cfg = tls->cfg;
    int have_cert = cfg->client_cert_pem != NULL || cfg->client_cert_file != NULL;
    int have_key = cfg->client_key_pem != NULL || cfg->client_key_file != NULL;
    unsigned char *buf = NULL;
    size_t len = 0;
    EVP_PKEY *key;
    int n;
    if (!have_cert && !have_key) {
        return S3L_OK;
    }
    if (!have_cert || !have_key) {
        tls->fail_what = have_cert ? "client certificate given without its key"
                                   : "client key given without its certificate";
        return S3L_ERR_ARG;
    }
    if (cfg->client_cert_pem != NULL) {
        n = add_certs(tls->ctx, NULL, (const unsigned char *)cfg->client_cert_pem,
                      blob_len(cfg->client_cert_pem, cfg->client_cert_pem_len));
    } else if (read_file(cfg->client_cert_file, &buf, &len) == 0) {
        n = add_certs(tls->ctx, NULL, buf, len);
        free(buf);
    } else {
        return unreadable(tls, "client certificate file not readable");
    }
    if (n == 0) {
        return setup_fail(tls, "client certificate");
    }
    if (cfg->client_key_pem != NULL) {
        key = parse_key((const unsigned char *)cfg->client_key_pem,
                        blob_len(cfg->client_key_pem, cfg->client_key_pem_len));
    } else if (read_file(cfg->client_key_file, &buf, &len) == 0) {
        key = parse_key(buf, len);
        OPENSSL_cleanse(buf, len);
        free(buf);
    } else {
        return unreadable(tls, "client key file not readable");
    }
    if (key == NULL) {
        return setup_fail(tls, "client key");
    }
    n = SSL_CTX_use_PrivateKey(tls->ctx, key); /* takes its own reference */
    EVP_PKEY_free(key);
    if (n != 1) {
        /* use_PrivateKey already compares the key with the certificate's */
        return setup_fail(tls, "client key does not match the client certificate");
    }
    if (SSL_CTX_check_private_key(tls->ctx) != 1) {
        return setup_fail(tls, "client key does not match the client certificate");
    }
    return S3L_OK;
}

static void unconfigure(struct s3l_tls *tls)
{
    SSL_free(tls->ssl);
    SSL_CTX_free(tls->ctx);
    BIO_meth_free(tls->bio_method);
    tls->ssl = NULL;
    tls->ctx = NULL;
    tls->bio_method = NULL;
}

static int configure_once(struct s3l_tls *tls)
{
    int rc;
    ERR_clear_error();
    tls->ctx = SSL_CTX_new(TLS_client_method());
    tls->bio_method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "s3lite");
    if (tls->ctx == NULL || tls->bio_method == NULL ||
        BIO_meth_set_write(tls->bio_method, bio_write) != 1 ||
        BIO_meth_set_read(tls->bio_method, bio_read) != 1 ||
        BIO_meth_set_ctrl(tls->bio_method, bio_ctrl) != 1 ||
        BIO_meth_set_create(tls->bio_method, bio_create) != 1) {
        return setup_fail(tls, NULL);
    }
    /* S3 wants TLS 1.2 or later. A write may take part of the buffer (one record at a
     * time), and a retried write may come from another address (the caller's rules). */
    if (SSL_CTX_set_min_proto_version(tls->ctx, TLS1_2_VERSION) != 1) {
        return setup_fail(tls, NULL);
    }
    SSL_CTX_set_mode(tls->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
                               SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_AUTO_RETRY);
    SSL_CTX_set_default_passwd_cb(tls->ctx, no_password);
    if (tls->cfg->insecure_no_verify) {
        SSL_CTX_set_verify(tls->ctx, SSL_VERIFY_NONE, NULL);
    } else {
        rc = load_cas(tls);
        if (rc != S3L_OK) {
            return rc;
        }
        SSL_CTX_set_verify(tls->ctx, SSL_VERIFY_PEER, NULL);
    }
    rc = load_client_cert(tls);
    if (rc != S3L_OK) {
        return rc;
    }
    tls->state = TLS_CONFIGURED;
    return S3L_OK;
}

static int configure(struct s3l_tls *tls)
{
    int rc = configure_once(tls);
    if (rc != S3L_OK) {
        unconfigure(tls);
    }
    return rc;
}

/* A fresh SSL for one connection, checking name (SNI for a DNS name; IP literals are
 * matched against the iPAddress names only, as the mbedTLS module does). */
static int new_connection(struct s3l_tls *tls, const char *name)
{
    X509_VERIFY_PARAM *param;
    BIO *bio;
    SSL_free(tls->ssl);
    tls->ssl = SSL_new(tls->ctx);
    bio = BIO_new(tls->bio_method);
    if (tls->ssl == NULL || bio == NULL) {
        BIO_free(bio);
        return setup_fail(tls, NULL);
    }
    BIO_set_data(bio, tls);
    SSL_set_bio(tls->ssl, bio, bio);
    param = SSL_get0_param(tls->ssl);
    if (X509_VERIFY_PARAM_set1_ip_asc(param, name) != 1) {
        ERR_clear_error();
        /* A DNS name: SNI, and the name check (a wildcard only as a whole left label). */
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        if (X509_VERIFY_PARAM_set1_host(param, name, 0) != 1 ||
            /* SSL_set_tlsext_host_name, without its macro's cast that drops const */
            SSL_ctrl(tls->ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                     (void *)(uintptr_t)name) != 1) {
            tls->err = take_ossl_error();
            return S3L_ERR_ARG;
        }
    }
    return S3L_OK;
}

/* ---- connection ------------------------------------------------------------------- */

static void reset_call(struct s3l_tls *tls, uint32_t timeout_ms)
{
    tls->io_timeout_ms = timeout_ms;
    tls->io_err = 0;
    tls->lower_blocked = 0;
    ERR_clear_error();
}

/* OpenSSL's verification result as MBEDTLS_X509_BADCERT_*-style flags (port_tls.h). */
static uint32_t verify_flags_of(long v)
{
    switch (v) {
    case X509_V_OK:
        return 0;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
    case X509_V_ERR_EMAIL_MISMATCH:
        return S3L_TLS_BADCERT_CN_MISMATCH;
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return S3L_TLS_BADCERT_EXPIRED;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return S3L_TLS_BADCERT_FUTURE;
    case X509_V_ERR_CERT_REVOKED:
        return S3L_TLS_BADCERT_REVOKED;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_CERT_CHAIN_TOO_LONG:
    case X509_V_ERR_INVALID_CA:
        return S3L_TLS_BADCERT_NOT_TRUSTED;
    case X509_V_ERR_INVALID_PURPOSE:
        return S3L_TLS_BADCERT_EXT_KEY_USAGE;
    case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
        return S3L_TLS_BADCERT_KEY_USAGE;
    default:
        return S3L_TLS_BADCERT_OTHER;
    }
}

static int handshake(struct s3l_tls *tls)
{
    unsigned spins = 0;
    int rc, why;
    for (;;) {
        reset_call(tls, tls->io_timeout_ms);
        rc = SSL_connect(tls->ssl);
        if (rc == 1) {
            return S3L_OK;
        }
        why = SSL_get_error(tls->ssl, rc);
        if ((why == SSL_ERROR_WANT_READ || why == SSL_ERROR_WANT_WRITE) && tls->io_err == 0) {
            if (++spins >= S3L_TLS_HANDSHAKE_SPINS) {
                return S3L_ERR_TIMEOUT;
            }
            continue;
        }
        break;
    }
    tls->err = take_ossl_error();
    if (!tls->cfg->insecure_no_verify) {
        /* Checked before the lower layer's error, as in the mbedTLS module. */
        long v = SSL_get_verify_result(tls->ssl);
        if (v != X509_V_OK) {
            tls->verify_result = v;
            tls->verify_flags = verify_flags_of(v);
            return S3L_ERR_TLS_VERIFY;
        }
    }
    if (tls->io_err != 0) {
        tls->err = 0;
        return tls->io_err;
    }
    return S3L_ERR_TLS;
}

int s3l_tls_connect(struct s3l_tls *tls, const char *host, uint16_t port, uint32_t timeout_ms)
{
    const char *name;
    int rc;
    if (tls == NULL || tls->cfg == NULL || tls->lower == NULL || host == NULL ||
        host[0] == '\0' || tls->platform == NULL || tls->platform->entropy == NULL) {
        return S3L_ERR_ARG;
    }
    if (tls->state == TLS_CONNECTED) {
        return S3L_ERR_STATE;
    }
    tls->err = 0;
    tls->fail_what = NULL;
    tls->verify_flags = 0;
    tls->verify_result = 0;
    if (tls->state == TLS_NEW) {
        rc = configure(tls);
        if (rc != S3L_OK) {
            return rc;
        }
    }
    name = tls->cfg->server_name != NULL ? tls->cfg->server_name : host;
    if (strlen(name) > 255) {
        return S3L_ERR_ARG; /* longer than any DNS name (mbedTLS's limit too) */
    }
    rc = new_connection(tls, name);
    if (rc != S3L_OK) {
        return rc;
    }
    rc = tls->lower->connect(tls->lower->net, host, port, timeout_ms);
    if (rc != S3L_OK) {
        return rc;
    }
    tls->io_timeout_ms = timeout_ms;
    rc = handshake(tls);
    if (rc != S3L_OK) {
        tls->lower->close(tls->lower->net);
        return rc;
    }
    tls->state = TLS_CONNECTED;
    return S3L_OK;
}

/* Turn a failed SSL_read/SSL_write into an s3l_err. */
static long io_fail(struct s3l_tls *tls, int why)
{
    if (tls->io_err != 0) {
        ERR_clear_error();
        return tls->io_err; /* the lower layer's own reason: timeout, closed, reset */
    }
    if ((why == SSL_ERROR_WANT_READ || why == SSL_ERROR_WANT_WRITE) && tls->lower_blocked) {
        return S3L_ERR_AGAIN;
    }
    tls->err = take_ossl_error();
    return S3L_ERR_TLS;
}

long s3l_tls_send(struct s3l_tls *tls, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    size_t put = 0;
    int why;
    if (tls == NULL || (buf == NULL && len > 0)) {
        return S3L_ERR_ARG;
    }
    if (tls->state != TLS_CONNECTED) {
        return S3L_ERR_STATE;
    }
    if (len == 0) {
        return 0;
    }
    if (len > TLS_IO_MAX) {
        len = TLS_IO_MAX;
    }
    reset_call(tls, timeout_ms);
    if (SSL_write_ex(tls->ssl, buf, len, &put) == 1) {
        return (long)put;
    }
    why = SSL_get_error(tls->ssl, 0);
    if ((why == SSL_ERROR_WANT_READ || why == SSL_ERROR_WANT_WRITE) && tls->io_err == 0) {
        return S3L_ERR_AGAIN;
    }
    return io_fail(tls, why);
}

long s3l_tls_recv(struct s3l_tls *tls, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    size_t got = 0;
    int turn, why = SSL_ERROR_NONE;
    if (tls == NULL || buf == NULL) {
        return S3L_ERR_ARG;
    }
    if (tls->state != TLS_CONNECTED) {
        return S3L_ERR_STATE;
    }
    if (len == 0) {
        return 0;
    }
    if (len > TLS_IO_MAX) {
        len = TLS_IO_MAX;
    }
    for (turn = 0; turn < TLS_READ_TURNS; turn++) {
        reset_call(tls, timeout_ms);
        if (SSL_read_ex(tls->ssl, buf, len, &got) == 1) {
            return (long)got;
        }
        why = SSL_get_error(tls->ssl, 0);
        if (why == SSL_ERROR_ZERO_RETURN || tls->io_err == S3L_ERR_CLOSED) {
            ERR_clear_error();
            return 0; /* orderly close, with or without close_notify */
        }
        if ((why == SSL_ERROR_WANT_READ || why == SSL_ERROR_WANT_WRITE) && tls->io_err == 0 &&
            !tls->lower_blocked) {
            continue; /* a record without application data was consumed */
        }
        return io_fail(tls, why);
    }
    return S3L_ERR_AGAIN;
}

void s3l_tls_close(struct s3l_tls *tls)
{
    if (tls == NULL || tls->lower == NULL) {
        return;
    }
    if (tls->state == TLS_CONNECTED) {
        reset_call(tls, 0); /* one attempt, no waiting: the peer may already be gone */
        (void)SSL_shutdown(tls->ssl);
        ERR_clear_error();
        tls->lower->close(tls->lower->net);
        tls->state = TLS_CONFIGURED;
    }
}

void s3l_tls_free(struct s3l_tls *tls)
{
    if (tls == NULL) {
        return;
    }
    s3l_tls_close(tls);
    unconfigure(tls);
    OPENSSL_cleanse(tls, sizeof *tls);
}

/* ---- diagnostics ------------------------------------------------------------------ */

uint32_t s3l_tls_verify_flags(const struct s3l_tls *tls)
{
    return tls != NULL ? tls->verify_flags : 0;
}

/* One line per reason, in the words of tls_mbedtls.c's mbedTLS, then OpenSSL's own. */
static const struct {
    uint32_t flag;
    const char *text;
} verify_reasons[] = {
    {S3L_TLS_BADCERT_EXPIRED, "The certificate validity has expired"},
    {S3L_TLS_BADCERT_REVOKED, "The certificate has been revoked (is on a CRL)"},
    {S3L_TLS_BADCERT_CN_MISMATCH,
     "The certificate Common Name (CN) does not match with the expected CN"},
    {S3L_TLS_BADCERT_NOT_TRUSTED, "The certificate is not correctly signed by the trusted CA"},
    {S3L_TLS_BADCERT_OTHER, "Other reason (can be used by verify callback)"},
    {S3L_TLS_BADCERT_FUTURE, "The certificate validity starts in the future"},
    {S3L_TLS_BADCERT_KEY_USAGE, "Usage does not match the keyUsage extension"},
    {S3L_TLS_BADCERT_EXT_KEY_USAGE, "Usage does not match the extendedKeyUsage extension"},
};

int s3l_tls_verify_info(const struct s3l_tls *tls, char *buf, size_t cap)
{
    size_t i;
    int n = 0;
    if (buf == NULL || cap == 0) {
        return S3L_ERR_ARG;
    }
    buf[0] = '\0';
    if (tls == NULL || tls->verify_flags == 0) {
        return 0;
    }
    for (i = 0; i < sizeof verify_reasons / sizeof verify_reasons[0]; i++) {
        if ((tls->verify_flags & verify_reasons[i].flag) != 0) {
            n = snprintf(buf, cap, "%s (%s)", verify_reasons[i].text,
                         X509_verify_cert_error_string(tls->verify_result));
            break;
        }
    }
    if (n < 0 || (size_t)n >= cap) {
        buf[cap - 1] = '\0';
        return S3L_ERR_BUF_TOO_SMALL;
    }
    return n;
}

int s3l_tls_last_error(const struct s3l_tls *tls)
{
    return tls != NULL ? tls->err : 0;
}

int s3l_tls_error_text(const struct s3l_tls *tls, char *buf, size_t cap)
{
    const char *reason = NULL;
    size_t n;
    if (buf == NULL || cap == 0) {
        return S3L_ERR_ARG;
    }
    buf[0] = '\0';
    if (tls == NULL || (tls->err == 0 && tls->fail_what == NULL)) {
        return 0;
    }
    if (tls->err < TLS_ERR_NO_REASON) {
        reason = ERR_reason_error_string((unsigned long)-tls->err);
    }
    if (tls->verify_flags != 0) {
        reason = X509_verify_cert_error_string(tls->verify_result);
    }
    if (reason == NULL && tls->fail_what == NULL) {
        reason = "OpenSSL error without a reason";
    }
    (void)snprintf(buf, cap, "%s%s%s", tls->fail_what != NULL ? tls->fail_what : "",
                   tls->fail_what != NULL && reason != NULL ? ": " : "",
                   reason != NULL ? reason : "");
    n = strlen(buf);
    if (n + 1 >= cap) {
        return S3L_ERR_BUF_TOO_SMALL;
    }
    return (int)n;
}
