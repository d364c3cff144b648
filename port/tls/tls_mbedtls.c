/* SPDX-License-Identifier: MIT */
/*
 * TLS client over an s3lite transport, through mbedTLS 2.28 or 3.x (see port_tls.h).
 * Shared by the POSIX and lwIP ports: bytes go through the lower transport's send/recv, so
 * this file includes no socket header and makes no OS call.
 */
#include "s3lite/port_tls.h"

#if defined(S3L_TLS_OPENSSL)
#error "this build chose the OpenSSL TLS backend (S3L_TLS_OPENSSL): build tls_openssl.c instead"
#endif

#include <string.h>

#include <mbedtls/version.h>
#include <mbedtls/asn1.h>
#include <mbedtls/platform_util.h>
#include <stdio.h>
#if defined(MBEDTLS_ERROR_C)
#include <mbedtls/error.h>
#endif
#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_PSA_CRYPTO_C)
#include <psa/crypto.h>
#define S3L_TLS_PSA 1
#endif

/* mbedTLS verifies iPAddress subjectAltNames itself only since 3.5. */
#if MBEDTLS_VERSION_NUMBER < 0x03050000
#define S3L_TLS_OWN_IP_CHECK 1
#endif

enum { TLS_NEW = 0, TLS_CONFIGURED = 1, TLS_CONNECTED = 2 };

/* port_tls.h's S3L_TLS_BADCERT_* are mbedTLS's own values (passed through unchanged). */
typedef char s3l_tls_badcert_values_match
    [(S3L_TLS_BADCERT_EXPIRED == MBEDTLS_X509_BADCERT_EXPIRED &&
      S3L_TLS_BADCERT_REVOKED == MBEDTLS_X509_BADCERT_REVOKED &&
      S3L_TLS_BADCERT_CN_MISMATCH == MBEDTLS_X509_BADCERT_CN_MISMATCH &&
      S3L_TLS_BADCERT_NOT_TRUSTED == MBEDTLS_X509_BADCERT_NOT_TRUSTED &&
      S3L_TLS_BADCERT_OTHER == MBEDTLS_X509_BADCERT_OTHER &&
      S3L_TLS_BADCERT_FUTURE == MBEDTLS_X509_BADCERT_FUTURE &&
      S3L_TLS_BADCERT_KEY_USAGE == MBEDTLS_X509_BADCERT_KEY_USAGE &&
      S3L_TLS_BADCERT_EXT_KEY_USAGE == MBEDTLS_X509_BADCERT_EXT_KEY_USAGE) ? 1 : -1];

/* Largest piece handed to mbedTLS or the lower layer at once: keeps int/long casts exact. */
#define TLS_IO_MAX ((size_t)1 << 30)

/* How often a read may turn over a non-data record (TLS 1.3 tickets, a renegotiation
 * refusal) before it reports "try again" to the caller. */
#define TLS_READ_TURNS 8

/* The mbedTLS objects a struct s3l_tls holds: set up empty, and released. */
static void init_mbed(struct s3l_tls *tls)
{
    mbedtls_ssl_init(&tls->ssl);
    mbedtls_ssl_config_init(&tls->conf);
    mbedtls_x509_crt_init(&tls->ca);
    mbedtls_x509_crt_init(&tls->own_cert);
    mbedtls_pk_init(&tls->own_key);
    mbedtls_ctr_drbg_init(&tls->drbg);
}

static void free_mbed(struct s3l_tls *tls)
{
    mbedtls_ssl_free(&tls->ssl);
    mbedtls_ssl_config_free(&tls->conf);
    mbedtls_x509_crt_free(&tls->ca);
    mbedtls_x509_crt_free(&tls->own_cert);
    mbedtls_pk_free(&tls->own_key); /* zeroizes the key material */
    mbedtls_ctr_drbg_free(&tls->drbg);
}

int s3l_tls_init_abi(struct s3l_tls *tls, const struct s3l_tls_config *cfg,
                     const struct s3l_transport *lower, const struct s3l_platform *platform,
                     size_t app_size, uint32_t app_config)
{
    if (s3l_abi_check(app_size, app_config, sizeof *tls) != S3L_OK) return S3L_ERR_ABI;
    if (tls == NULL) {
        return S3L_ERR_ARG;
    }
    memset(tls, 0, sizeof *tls);
    init_mbed(tls);
    tls->cfg = cfg;
    tls->lower = lower;
    tls->platform = platform;
    return S3L_OK;
}

const char *s3l_tls_version(void)
{
    return "mbedtls " MBEDTLS_VERSION_STRING;
}

/* ---- the BIO: mbedTLS reads and writes through the lower transport ---------------- */

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    struct s3l_tls *tls = (struct s3l_tls *)ctx;
    long n;
    if (len > TLS_IO_MAX) {
        len = TLS_IO_MAX;
    }
    n = tls->lower->send(tls->lower->net, buf, len, tls->io_timeout_ms);
    if (n > 0) {
        return (int)n;
    }
    if (n == 0 || n == S3L_ERR_AGAIN) {
        tls->lower_blocked = 1;
        return MBEDTLS_ERR_SSL_WANT_WRITE;
    }
    /* Keep the transport's own error; mbedTLS only needs to know that it failed. */
    tls->io_err = (int)n;
    return MBEDTLS_ERR_SSL_INTERNAL_ERROR;
}

static int bio_recv(void *ctx, unsigned char *buf, size_t len)
{
    struct s3l_tls *tls = (struct s3l_tls *)ctx;
    long n;
    if (len > TLS_IO_MAX) {
        len = TLS_IO_MAX;
    }
    n = tls->lower->recv(tls->lower->net, buf, len, tls->io_timeout_ms);
    if (n > 0) {
        return (int)n;
    }
    if (n == S3L_ERR_AGAIN) {
        tls->lower_blocked = 1;
        return MBEDTLS_ERR_SSL_WANT_READ;
    }
    /* An orderly close (0, or S3L_ERR_CLOSED) is mbedTLS's "end of stream" (0); anything else
     * is a failure. */
    if (n == 0 || n == S3L_ERR_CLOSED) {
        tls->io_err = S3L_ERR_CLOSED;
        return 0;
    }
    tls->io_err = (int)n;
    return MBEDTLS_ERR_SSL_INTERNAL_ERROR;
}

static int seed_entropy(void *ctx, unsigned char *out, size_t len)
{
    const struct s3l_platform *p = (const struct s3l_platform *)ctx;
    return p->entropy(p->ctx, out, len) == 0 ? 0 : MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
}

/* ---- IP literal check for mbedTLS < 3.5 ------------------------------------------ */
#if defined(S3L_TLS_OWN_IP_CHECK)

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Dotted quad (exactly 4 decimal parts, each 0..255, no leading zeros) into out[4].
 * Returns characters used, 0 when s does not start with one. */
static size_t parse_ipv4(const char *s, uint8_t out[4])
{
    size_t i = 0;
    int part;
    for (part = 0; part < 4; part++) {
        unsigned v = 0, digits = 0;
        if (part > 0) {
            if (s[i] != '.') {
                return 0;
            }
            i++;
        }
        while (s[i] >= '0' && s[i] <= '9' && digits < 4) {
            v = v * 10u + (unsigned)(s[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && s[i - digits] == '0')) {
            return 0;
        }
        out[part] = (uint8_t)v;
    }
    return i;
}

/* An IPv4 or IPv6 literal (RFC 4291 text form, "::" and a trailing dotted quad allowed,
 * no zone id) into out. Returns 4 or 16, 0 when name is not an IP literal. */
static size_t parse_ip(const char *name, uint8_t out[16])
{
    uint8_t words[16];
    size_t i = 0, nbytes = 0, gap = 16, n;
    if (strchr(name, ':') == NULL) {
        n = parse_ipv4(name, out);
        return n != 0 && name[n] == '\0' ? 4 : 0;
    }
    if (name[0] == ':') {
        if (name[1] != ':') {
            return 0;
        }
        gap = 0;
        i = 2;
    }
    while (name[i] != '\0' && nbytes < 16) {
        unsigned v = 0;
        int digits = 0, h;
        if (nbytes <= 12 && strchr(name + i, '.') != NULL && strchr(name + i, ':') == NULL) {
            n = parse_ipv4(name + i, words + nbytes);
            if (n == 0 || name[i + n] != '\0') {
                return 0;
            }
            nbytes += 4;
            i += n;
            break;
        }
        while ((h = hexval(name[i])) >= 0 && digits < 5) {
            v = (v << 4) | (unsigned)h;
            i++;
            digits++;
        }
        if (digits == 0 || digits > 4) {
            return 0;
        }
        words[nbytes++] = (uint8_t)(v >> 8);
        words[nbytes++] = (uint8_t)v;
        if (name[i] == ':') {
            i++;
            if (name[i] == ':') {
                if (gap != 16) {
                    return 0; /* a second "::" */
                }
                gap = nbytes;
                i++;
            } else if (name[i] == '\0') {
                return 0; /* trailing single ':' */
            }
        } else if (name[i] != '\0') {
            return 0;
        }
    }
    if (name[i] != '\0') {
        return 0;
    }
    if (gap == 16) {
        if (nbytes != 16) {
            return 0;
        }
        memcpy(out, words, 16);
    } else {
        size_t tail = nbytes - gap;
        if (nbytes > 14) {
            return 0; /* "::" must stand for at least one zero group */
        }
        memset(out, 0, 16);
        memcpy(out, words, gap);
        memcpy(out + 16 - tail, words + gap, tail);
    }
    return 16;
}

/* Called by mbedTLS for each certificate of the chain; at the leaf, when the name is an IP
 * literal, the name check is redone against the iPAddress entries (tag [7]) only. */
static int verify_ip_cb(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    const struct s3l_tls *tls = (const struct s3l_tls *)ctx;
    const mbedtls_x509_sequence *cur;
    uint8_t ip[16];
    size_t len;
    if (depth != 0 || tls->verify_name == NULL) {
        return 0;
    }
    len = parse_ip(tls->verify_name, ip);
    if (len == 0) {
        return 0;
    }
    *flags |= MBEDTLS_X509_BADCERT_CN_MISMATCH;
    for (cur = &crt->subject_alt_names; cur != NULL; cur = cur->next) {
        if ((cur->buf.tag & MBEDTLS_ASN1_TAG_VALUE_MASK) == 7 && cur->buf.len == len &&
            cur->buf.p != NULL && memcmp(cur->buf.p, ip, len) == 0) {
            *flags &= ~(uint32_t)MBEDTLS_X509_BADCERT_CN_MISMATCH;
            break;
        }
    }
    return 0;
}
#endif /* S3L_TLS_OWN_IP_CHECK */

/* ---- setup, once per struct s3l_tls ---------------------------------------------- */

/* Bytes of an in-memory PEM/DER blob as mbedTLS wants them: PEM counts its NUL. */
static size_t blob_len(const char *pem, size_t len)
{
    return len != 0 ? len : strlen(pem) + 1;
}

static int setup_fail(struct s3l_tls *tls, const char *what, int mbed_rc)
{
    tls->fail_what = what;
    tls->mbed_err = mbed_rc;
    return S3L_ERR_TLS;
}

static int load_cas(struct s3l_tls *tls)
{
    const struct s3l_tls_config *cfg = tls->cfg;
    const char *file;
    int rc;
    if (cfg->ca_pem != NULL) {
        rc = mbedtls_x509_crt_parse(&tls->ca, (const unsigned char *)cfg->ca_pem,
                                    blob_len(cfg->ca_pem, cfg->ca_pem_len));
    } else {
        file = cfg->ca_file != NULL ? cfg->ca_file : S3L_TLS_CA_FILE_DEFAULT;
        if (file[0] == '\0') {
            return S3L_ERR_ARG;
        }
#if defined(MBEDTLS_FS_IO)
        rc = mbedtls_x509_crt_parse_file(&tls->ca, file);
#else
        return S3L_ERR_ARG; /* no file system in this mbedTLS build: give ca_pem */
#endif
    }
    /* A positive count means some certificates of a bundle were skipped (unsupported
     * algorithms in a system bundle): fine as long as at least one was loaded. */
    if (rc < 0 || tls->ca.version == 0) {
        return setup_fail(tls, "CA certificates", rc < 0 ? rc : MBEDTLS_ERR_X509_INVALID_FORMAT);
    }
    return S3L_OK;
}

/* Mutual TLS: our certificate chain and its private key, when the configuration names them.
 * mbedtls_pk_parse_keyfile wipes the buffer it reads the file into. */
static int load_client_cert(struct s3l_tls *tls)
{
    const struct s3l_tls_config *cfg = tls->cfg;
    int have_cert = cfg->client_cert_pem != NULL || cfg->client_cert_file != NULL;
    int have_key = cfg->client_key_pem != NULL || cfg->client_key_file != NULL;
    int rc;
    if (!have_cert && !have_key) {
        return S3L_OK;
    }
    if (!have_cert || !have_key) {
        tls->fail_what = have_cert ? "client certificate given without its key"
                                   : "client key given without its certificate";
        return S3L_ERR_ARG;
    }
    if (cfg->client_cert_pem != NULL) {
        rc = mbedtls_x509_crt_parse(&tls->own_cert, (const unsigned char *)cfg->client_cert_pem,
                                    blob_len(cfg->client_cert_pem, cfg->client_cert_pem_len));
    } else {
#if defined(MBEDTLS_FS_IO)
        rc = mbedtls_x509_crt_parse_file(&tls->own_cert, cfg->client_cert_file);
#else
        rc = MBEDTLS_ERR_X509_FEATURE_UNAVAILABLE; /* no file system: give client_cert_pem */
#endif
    }
    /* Unlike a CA bundle, every certificate of our own chain must load. */
    if (rc != 0 || tls->own_cert.version == 0) {
        return setup_fail(tls, "client certificate", rc < 0 ? rc : MBEDTLS_ERR_X509_INVALID_FORMAT);
    }
    if (cfg->client_key_pem != NULL) {
        rc = mbedtls_pk_parse_key(&tls->own_key, (const unsigned char *)cfg->client_key_pem,
                                  blob_len(cfg->client_key_pem, cfg->client_key_pem_len), NULL, 0
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
                                  , mbedtls_ctr_drbg_random, &tls->drbg
#endif
        );
    } else {
#if defined(MBEDTLS_FS_IO)
        rc = mbedtls_pk_parse_keyfile(&tls->own_key, cfg->client_key_file, NULL
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
                                      , mbedtls_ctr_drbg_random, &tls->drbg
#endif
        );
#else
        rc = MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE; /* no file system: give client_key_pem */
#endif
    }
    if (rc != 0) {
        return setup_fail(tls, "client key", rc);
    }
    rc = mbedtls_pk_check_pair(&tls->own_cert.pk, &tls->own_key
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
                               , mbedtls_ctr_drbg_random, &tls->drbg
#endif
    );
    if (rc != 0) {
        return setup_fail(tls, "client key does not match the client certificate", rc);
    }
    rc = mbedtls_ssl_conf_own_cert(&tls->conf, &tls->own_cert, &tls->own_key);
    if (rc != 0) {
        return setup_fail(tls, "client certificate", rc);
    }
    return S3L_OK;
}

/* Back to the state s3l_tls_init left, so that a failed setup can be tried again. */
static void unconfigure(struct s3l_tls *tls)
{
    free_mbed(tls);
    init_mbed(tls);
}

static int configure_once(struct s3l_tls *tls)
{
    static const unsigned char pers[] = "s3lite-tls";
    int rc;
#if defined(S3L_TLS_PSA)
    if (psa_crypto_init() != PSA_SUCCESS) {
        tls->mbed_err = MBEDTLS_ERR_SSL_HW_ACCEL_FAILED;
        return S3L_ERR_TLS;
    }
#endif
    rc = mbedtls_ctr_drbg_seed(&tls->drbg, seed_entropy, (void *)(uintptr_t)tls->platform, pers,
                               sizeof pers - 1);
    if (rc != 0) {
        tls->mbed_err = rc;
        return S3L_ERR_TLS;
    }
    if (!tls->cfg->insecure_no_verify) {
        rc = load_cas(tls);
        if (rc != S3L_OK) {
            return rc;
        }
    }
    rc = mbedtls_ssl_config_defaults(&tls->conf, MBEDTLS_SSL_IS_CLIENT,
                                     MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
    if (rc != 0) {
        tls->mbed_err = rc;
        return S3L_ERR_TLS;
    }
#if MBEDTLS_VERSION_NUMBER < 0x03000000
    /* 2.x may still allow TLS 1.0/1.1; S3 wants 1.2 or later. */
    mbedtls_ssl_conf_min_version(&tls->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
                                 MBEDTLS_SSL_MINOR_VERSION_3);
#endif
    mbedtls_ssl_conf_rng(&tls->conf, mbedtls_ctr_drbg_random, &tls->drbg);
    rc = load_client_cert(tls);
    if (rc != S3L_OK) {
        return rc;
    }
    if (tls->cfg->insecure_no_verify) {
        mbedtls_ssl_conf_authmode(&tls->conf, MBEDTLS_SSL_VERIFY_NONE);
    } else {
        mbedtls_ssl_conf_authmode(&tls->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
        mbedtls_ssl_conf_ca_chain(&tls->conf, &tls->ca, NULL);
#if defined(S3L_TLS_OWN_IP_CHECK)
        mbedtls_ssl_conf_verify(&tls->conf, verify_ip_cb, tls);
#endif
    }
    rc = mbedtls_ssl_setup(&tls->ssl, &tls->conf);
    if (rc != 0) {
        tls->mbed_err = rc;
        return S3L_ERR_TLS;
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

/* ---- connection ------------------------------------------------------------------- */

static void reset_call(struct s3l_tls *tls, uint32_t timeout_ms)
{
    tls->io_timeout_ms = timeout_ms;
    tls->io_err = 0;
    tls->lower_blocked = 0;
}

/* Turn a failed mbedTLS call into an s3l_err, keeping the details for the caller. */
static int tls_fail(struct s3l_tls *tls, int mbed_rc)
{
    if (tls->io_err != 0) {
        return tls->io_err; /* the lower layer's own reason: timeout, closed, reset */
    }
    tls->mbed_err = mbed_rc;
    return S3L_ERR_TLS;
}

static int handshake(struct s3l_tls *tls)
{
    unsigned spins = 0;
    int rc;
    for (;;) {
        tls->io_err = 0;
        tls->lower_blocked = 0;
        rc = mbedtls_ssl_handshake(&tls->ssl);
        if (rc == 0) {
            return S3L_OK;
        }
        if ((rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) &&
            tls->io_err == 0) {
            if (++spins >= S3L_TLS_HANDSHAKE_SPINS) {
                return S3L_ERR_TIMEOUT;
            }
            continue;
        }
        break;
    }
    tls->mbed_err = rc;
    if (!tls->cfg->insecure_no_verify) {
        /* Checked before the lower layer's error: the alert that follows a refused
         * certificate may well fail to go out. */
        uint32_t flags = mbedtls_ssl_get_verify_result(&tls->ssl);
        if (flags == UINT32_MAX) {
            flags = 0; /* no certificate was checked */
        }
        if (rc == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED || (flags != 0 && tls->io_err == 0)) {
            tls->verify_flags = flags;
            return S3L_ERR_TLS_VERIFY;
        }
    }
    if (tls->io_err != 0) {
        tls->mbed_err = 0;
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
    tls->mbed_err = 0;
    tls->fail_what = NULL;
    tls->verify_flags = 0;
    if (tls->state == TLS_NEW) {
        rc = configure(tls);
        if (rc != S3L_OK) {
            return rc;
        }
    }
    if (tls->used) {
        rc = mbedtls_ssl_session_reset(&tls->ssl);
        if (rc != 0) {
            tls->mbed_err = rc;
            return S3L_ERR_TLS;
        }
        tls->used = 0;
    }
    name = tls->cfg->server_name != NULL ? tls->cfg->server_name : host;
    rc = mbedtls_ssl_set_hostname(&tls->ssl, name);
    if (rc != 0) {
        tls->mbed_err = rc;
        return rc == MBEDTLS_ERR_SSL_BAD_INPUT_DATA ? S3L_ERR_ARG : S3L_ERR_TLS;
    }
    rc = tls->lower->connect(tls->lower->net, host, port, timeout_ms);
    if (rc != S3L_OK) {
        return rc;
    }
    mbedtls_ssl_set_bio(&tls->ssl, tls, bio_send, bio_recv, NULL);
    reset_call(tls, timeout_ms);
    tls->verify_name = name;
    tls->used = 1;
    rc = handshake(tls);
    tls->verify_name = NULL;
    if (rc != S3L_OK) {
        tls->lower->close(tls->lower->net);
        return rc;
    }
    tls->state = TLS_CONNECTED;
    return S3L_OK;
}

long s3l_tls_send(struct s3l_tls *tls, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    int rc;
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
    rc = mbedtls_ssl_write(&tls->ssl, buf, len);
    if (rc > 0) {
        return rc;
    }
    if ((rc == MBEDTLS_ERR_SSL_WANT_WRITE || rc == MBEDTLS_ERR_SSL_WANT_READ) &&
        tls->io_err == 0) {
        return S3L_ERR_AGAIN;
    }
    return tls_fail(tls, rc);
}

long s3l_tls_recv(struct s3l_tls *tls, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    int turn, rc = 0;
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
        rc = mbedtls_ssl_read(&tls->ssl, buf, len);
        if (rc > 0) {
            return rc;
        }
        if (tls->io_err == S3L_ERR_CLOSED || rc == 0 || rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY ||
            rc == MBEDTLS_ERR_SSL_CONN_EOF) {
            return 0; /* orderly close */
        }
        if (tls->io_err != 0) {
            return tls->io_err;
        }
        if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) {
            if (tls->lower_blocked) {
                return S3L_ERR_AGAIN;
            }
            continue; /* a record without application data was consumed */
        }
#if defined(MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
        if (rc == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) {
            continue;
        }
#endif
        return tls_fail(tls, rc);
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
        (void)mbedtls_ssl_close_notify(&tls->ssl);
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
    free_mbed(tls);
    mbedtls_platform_zeroize(tls, sizeof *tls);
}

/* ---- diagnostics ------------------------------------------------------------------ */

uint32_t s3l_tls_verify_flags(const struct s3l_tls *tls)
{
    return tls != NULL ? tls->verify_flags : 0;
}

int s3l_tls_verify_info(const struct s3l_tls *tls, char *buf, size_t cap)
{
    int n;
    if (buf == NULL || cap == 0) {
        return S3L_ERR_ARG;
    }
    buf[0] = '\0';
    if (tls == NULL || tls->verify_flags == 0) {
        return 0;
    }
    n = mbedtls_x509_crt_verify_info(buf, cap, "", tls->verify_flags);
    buf[cap - 1] = '\0';
    if (n < 0 || (size_t)n >= cap) {
        return S3L_ERR_BUF_TOO_SMALL;
    }
    /* mbedTLS ends every reason with a newline; drop the last one. */
    if (n > 0 && buf[n - 1] == '\n') {
        buf[--n] = '\0';
    }
    return n;
}

int s3l_tls_last_error(const struct s3l_tls *tls)
{
    return tls != NULL ? tls->mbed_err : 0;
}

int s3l_tls_error_text(const struct s3l_tls *tls, char *buf, size_t cap)
{
    size_t n = 0;
    int err;
    if (buf == NULL || cap == 0) {
        return S3L_ERR_ARG;
    }
    buf[0] = '\0';
    if (tls == NULL || (tls->mbed_err == 0 && tls->fail_what == NULL)) {
        return 0;
    }
    err = tls->mbed_err;
    if (tls->fail_what != NULL) {
        (void)snprintf(buf, cap, "%s%s", tls->fail_what, err != 0 ? ": " : "");
        n = strlen(buf);
    }
    if (err != 0 && n + 1 < cap) {
#if defined(MBEDTLS_ERROR_C)
        mbedtls_strerror(err, buf + n, cap - n);
#else
        (void)snprintf(buf + n, cap - n, "mbedTLS error -0x%04X", (unsigned)-err);
#endif
    }
    buf[cap - 1] = '\0';
    n = strlen(buf);
    if (n + 1 >= cap) {
        return S3L_ERR_BUF_TOO_SMALL;
    }
    return (int)n;
}
