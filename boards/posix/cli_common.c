/* SPDX-License-Identifier: MIT */
/*
 * Shared pieces of the s3lite CLI: option walking, configuration, URL parsing, times, sizes,
 * part planning, progress bar, error codes. See cli_common.h.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_common.h"
#include "s3lite/checksum.h"
#include "s3lite/common.h"
#include "s3lite/hash.h"

/* ---- small helpers ------------------------------------------------------------------------ */

static void set_err(char *err, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void set_err(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    if (err == NULL || cap == 0) return;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int ieq(const char *a, const char *b)
{
    while (*a != '\0' && *b != '\0') {
        if (lower((unsigned char)*a) != lower((unsigned char)*b)) return 0;
        a++;
        b++;
    }
    return *a == *b;
}

/* ---- option parsing ------------------------------------------------------------------------ */

void s3l_cli_args_init(struct s3l_cli_args *a, int argc, char **argv,
                       const struct s3l_cli_opt *opts, size_t nopts)
{
    memset(a, 0, sizeof *a);
    a->argc = argc;
    a->argv = argv;
    a->i = 1;
    a->opts = opts;
    a->nopts = nopts;
}

int s3l_cli_next(struct s3l_cli_args *a, const char **value)
{
    const char *arg, *name, *eq;
    size_t name_len, k;
    *value = NULL;
    if (a->i >= a->argc) return S3L_CLI_END;
    arg = a->argv[a->i++];
    if (a->only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
        *value = arg;
        return S3L_CLI_POSITIONAL;
    }
    if (strcmp(arg, "--") == 0) {
        a->only_positional = 1;
        return s3l_cli_next(a, value) /* one level only: the flag makes the next a positional */;
    }
    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) return S3L_CLI_HELP;
    if (arg[1] != '-') {
        set_err(a->err, sizeof a->err, "unknown option '%s' (options are --long-names)", arg);
        return S3L_CLI_ERROR;
    }
    name = arg + 2;
    eq = strchr(name, '=');
    name_len = eq != NULL ? (size_t)(eq - name) : strlen(name);
    for (k = 0; k < a->nopts; k++) {
        const struct s3l_cli_opt *o = &a->opts[k];
        if (strlen(o->name) != name_len || memcmp(o->name, name, name_len) != 0) continue;
        if (!o->has_value) {
            if (eq != NULL) {
                set_err(a->err, sizeof a->err, "--%s is a switch and takes no value", o->name);
                return S3L_CLI_ERROR;
            }
            return o->id;
        }
        if (eq != NULL) {
            *value = eq + 1;
        } else if (a->i < a->argc) {
            *value = a->argv[a->i++];
        } else {
            set_err(a->err, sizeof a->err, "--%s needs a value", o->name);
            return S3L_CLI_ERROR;
        }
        return o->id;
    }
    set_err(a->err, sizeof a->err, "unknown option '--%.*s'", (int)name_len, name);
    return S3L_CLI_ERROR;
}

/* ---- configuration ------------------------------------------------------------------------- */

static const char *env_get(const char *(*get)(const char *), const char *name)
{
    const char *v = get != NULL ? get(name) : getenv(name);
    return (v != NULL && v[0] != '\0') ? v : NULL;
}

void s3l_cli_conf_from_env(struct s3l_cli_conf *conf, const char *(*get)(const char *name))
{
    memset(conf, 0, sizeof *conf);
    conf->access_key_id = env_get(get, "AWS_ACCESS_KEY_ID");
    conf->secret_access_key = env_get(get, "AWS_SECRET_ACCESS_KEY");
    conf->session_token = env_get(get, "AWS_SESSION_TOKEN");
    conf->region = env_get(get, "AWS_REGION");
    if (conf->region == NULL) conf->region = env_get(get, "AWS_DEFAULT_REGION");
    if (conf->region == NULL) conf->region = "us-east-1";
    conf->endpoint_url = env_get(get, "AWS_ENDPOINT_URL");
    conf->ca_bundle = env_get(get, "AWS_CA_BUNDLE");
    conf->container_uri = env_get(get, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
    conf->container_token = env_get(get, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
}

static int region_ok(const char *r)
{
    size_t i, n = strlen(r);
    if (n == 0 || n > S3L_REGION_MAX) return 0;
    for (i = 0; i < n; i++) {
        char c = r[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' ||
              c == '_')) {
            return 0;
        }
    }
    return 1;
}

static int iot_option(struct s3l_cli_conf *conf, int id, const char *value, char *err,
                      size_t err_cap);

int s3l_cli_conf_option(struct s3l_cli_conf *conf, int id, const char *value, char *err,
                        size_t err_cap)
{
    switch (id) {
    case S3L_CLI_OPT_ENDPOINT_URL: {
        struct s3l_cli_endpoint ep;
        if (s3l_cli_parse_endpoint(value, &ep, err, err_cap) != 0) return -1;
        conf->endpoint_url = value;
        return 1;
    }
    case S3L_CLI_OPT_REGION:
        if (!region_ok(value)) {
            set_err(err, err_cap,
                    "--region '%s': want a region name such as us-east-1 (letters, digits, "
                    "'-', at most %d)",
                    value, S3L_REGION_MAX);
            return -1;
        }
        conf->region = value;
        return 1;
    case S3L_CLI_OPT_CA_BUNDLE:
        if (value == NULL || value[0] == '\0') {
            set_err(err, err_cap, "--ca-bundle needs a file name");
            return -1;
        }
        conf->ca_bundle = value;
        return 1;
    case S3L_CLI_OPT_NO_VERIFY_SSL:
        conf->no_verify_ssl = 1;
        return 1;
    case S3L_CLI_OPT_IOT_ENDPOINT:
    case S3L_CLI_OPT_ROLE_ALIAS:
    case S3L_CLI_OPT_THING_NAME:
    case S3L_CLI_OPT_CERT:
    case S3L_CLI_OPT_KEY:
        return iot_option(conf, id, value, err, err_cap);
    default:
        return 0;
    }
}

/* The IoT provider's options, in the order the usage names them. */
static const struct {
    int id;
    const char *name;
} k_iot_opts[] = {{S3L_CLI_OPT_IOT_ENDPOINT, "--iot-credentials-endpoint"},
                  {S3L_CLI_OPT_ROLE_ALIAS, "--role-alias"},
                  {S3L_CLI_OPT_THING_NAME, "--thing-name"},
                  {S3L_CLI_OPT_CERT, "--cert"},
                  {S3L_CLI_OPT_KEY, "--key"}};

static const char **iot_field(struct s3l_cli_conf *conf, int id)
{
    switch (id) {
    case S3L_CLI_OPT_IOT_ENDPOINT: return &conf->iot_endpoint;
    case S3L_CLI_OPT_ROLE_ALIAS: return &conf->iot_role_alias;
    case S3L_CLI_OPT_THING_NAME: return &conf->iot_thing_name;
    case S3L_CLI_OPT_CERT: return &conf->iot_cert;
    default: return &conf->iot_key;
    }
}

static int iot_option(struct s3l_cli_conf *conf, int id, const char *value, char *err,
                      size_t err_cap)
{
    const char *name = "";
    size_t i, n = strlen(value != NULL ? value : "");
    for (i = 0; i < sizeof k_iot_opts / sizeof k_iot_opts[0]; i++) {
        if (k_iot_opts[i].id == id) name = k_iot_opts[i].name;
    }
    if (n == 0) {
        set_err(err, err_cap, "%s needs a value", name);
        return -1;
    }
    if ((id == S3L_CLI_OPT_ROLE_ALIAS || id == S3L_CLI_OPT_THING_NAME) && n > 128) {
        set_err(err, err_cap, "%s: at most 128 characters (AWS IoT's limit)", name);
        return -1;
    }
    if (id == S3L_CLI_OPT_IOT_ENDPOINT) {
        struct s3l_cli_endpoint ep;
        if (s3l_cli_parse_iot_endpoint(value, &ep, err, err_cap) != 0) return -1;
    }
    *iot_field(conf, id) = value;
    return 1;
}

int s3l_cli_conf_credentials_source(const struct s3l_cli_conf *conf, char *err, size_t err_cap)
{
    struct s3l_cli_conf copy = *conf;
    size_t i, given = 0, n = sizeof k_iot_opts / sizeof k_iot_opts[0];
    for (i = 0; i < n; i++) given += *iot_field(&copy, k_iot_opts[i].id) != NULL;
    if (given == n) return S3L_CLI_CREDS_IOT;
    if (given > 0) {
        const char *missing = "";
        for (i = n; i > 0; i--) {
            if (*iot_field(&copy, k_iot_opts[i - 1].id) == NULL) missing = k_iot_opts[i - 1].name;
        }
        set_err(err, err_cap,
                "the IoT credentials options go together (--iot-credentials-endpoint, "
                "--role-alias, --thing-name, --cert, --key): %s is missing",
                missing);
        return -1;
    }
    if (conf->access_key_id != NULL) {
        if (conf->secret_access_key == NULL) {
            set_err(err, err_cap, "no credentials: AWS_SECRET_ACCESS_KEY is not set");
            return -1;
        }
        return S3L_CLI_CREDS_ENV;
    }
    if (conf->container_uri != NULL) {
        struct s3l_cli_endpoint ep;
        char path[S3L_CLI_PATH_MAX];
        char why[S3L_CLI_ERR_MAX];
        if (s3l_cli_parse_container_uri(conf->container_uri, &ep, path, sizeof path, why,
                                        sizeof why) != 0) {
            set_err(err, err_cap, "AWS_CONTAINER_CREDENTIALS_FULL_URI: %s", why);
            return -1;
        }
        return S3L_CLI_CREDS_CONTAINER;
    }
    if (conf->secret_access_key != NULL) {
        set_err(err, err_cap, "no credentials: AWS_ACCESS_KEY_ID is not set");
    } else {
        set_err(err, err_cap,
                "no credentials: AWS_ACCESS_KEY_ID is not set (nor the IoT options, nor "
                "AWS_CONTAINER_CREDENTIALS_FULL_URI)");
    }
    return -1;
}

int s3l_cli_conf_need_credentials(const struct s3l_cli_conf *conf, char *err, size_t err_cap)
{
    if (s3l_cli_conf_credentials_source(conf, err, err_cap) < 0) return -1;
    if (!region_ok(conf->region)) {
        set_err(err, err_cap, "region '%s' (AWS_REGION) is not a region name", conf->region);
        return -1;
    }
    return 0;
}

int s3l_cli_parse_one_url(int argc, char **argv, const struct s3l_cli_opt *opts, size_t nopts,
                          const char *(*getenv_fn)(const char *), struct s3l_cli_conf *conf,
                          const char **url,
                          int (*on_opt)(void *ctx, int id, const char *value, char *err,
                                        size_t err_cap),
                          void *ctx, char *err, size_t err_cap)
{
    struct s3l_cli_args a;
    const char *v;
    int id;
    *url = NULL;
    s3l_cli_conf_from_env(conf, getenv_fn);
    s3l_cli_args_init(&a, argc, argv, opts, nopts);
    while ((id = s3l_cli_next(&a, &v)) != S3L_CLI_END) {
        int r;
        if (id == S3L_CLI_HELP) return 1;
        if (id == S3L_CLI_ERROR) {
            set_err(err, err_cap, "%s", a.err);
            return -1;
        }
        if (id == S3L_CLI_POSITIONAL) {
            if (*url != NULL) {
                set_err(err, err_cap, "too many arguments ('%s'): want one s3:// URL", v);
                return -1;
            }
            *url = v;
            continue;
        }
        r = s3l_cli_conf_option(conf, id, v, err, err_cap);
        if (r < 0) return -1;
        if (r > 0) continue;
        if (on_opt == NULL || on_opt(ctx, id, v, err, err_cap) != 0) return -1;
    }
    if (*url == NULL) {
        set_err(err, err_cap, "want an s3:// URL");
        return -1;
    }
    return 0;
}

int s3l_cli_sse_c_key(const char *b64, uint8_t raw[32], char md5_b64[25], char *err,
                      size_t err_cap)
{
    uint8_t key[33], md5[S3L_MD5_LEN];
    s3l_md5_ctx ctx;
    long n = s3l_cli_base64_decode(b64, key, sizeof key);
    if (n != 32) {
        s3l_wipe(key, sizeof key);
        set_err(err, err_cap,
                "--sse-c-key: want the 32-byte AES-256 key in base64 (44 characters), got %s",
                n < 0 ? "malformed base64" : "a key of another length");
        return -1;
    }
    if (s3l_md5_start(&ctx) != 0 || s3l_md5_update(&ctx, key, 32) != 0 ||
        s3l_md5_finish(&ctx, md5) != 0) {
        s3l_md5_wipe(&ctx);
        s3l_wipe(key, sizeof key);
        set_err(err, err_cap, "--sse-c-key: MD5 failed");
        return -1;
    }
    memcpy(raw, key, 32);
    s3l_wipe(key, sizeof key);
    s3l_cli_base64_encode(md5, sizeof md5, md5_b64);
    return 0;
}

/* ---- URLs ------------------------------------------------------------------------------------ */

/* A byte of a bucket name or of an endpoint's host name: letters, digits, '.', '-', '_'. */
static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' ||
           c == '-' || c == '_';
}

int s3l_cli_parse_s3url(const char *url, struct s3l_cli_s3url *out, char *err, size_t err_cap)
{
    const char *b, *slash;
    size_t i, blen;
    memset(out, 0, sizeof *out);
    if (strncmp(url, "s3://", 5) != 0) {
        set_err(err, err_cap, "'%s' is not an s3:// URL (want s3://bucket/key)", url);
        return -1;
    }
    b = url + 5;
    slash = strchr(b, '/');
    blen = slash != NULL ? (size_t)(slash - b) : strlen(b);
    if (blen == 0) {
        set_err(err, err_cap, "'%s': the bucket name is empty", url);
        return -1;
    }
    if (blen > S3L_CLI_BUCKET_MAX) {
        set_err(err, err_cap, "'%s': bucket name longer than %d bytes", url, S3L_CLI_BUCKET_MAX);
        return -1;
    }
    for (i = 0; i < blen; i++) {
        if (!name_char(b[i])) {
            set_err(err, err_cap,
                    "'%s': bucket name holds '%c' (allowed: letters, digits, '.', '-', '_')",
                    url, (b[i] >= 0x20 && b[i] < 0x7f) ? b[i] : '?');
            return -1;
        }
    }
    out->bucket = b;
    out->bucket_len = blen;
    if (slash != NULL) {
        const char *k = slash + 1;
        size_t klen = strlen(k);
        if (klen > S3L_CLI_KEY_MAX) {
            set_err(err, err_cap, "key longer than %d bytes (%zu)", S3L_CLI_KEY_MAX, klen);
            return -1;
        }
        /* Any byte is a key byte (S3 keys are UTF-8 up to 1024 bytes, control characters
         * included): the key travels URI-encoded in the path. */
        out->key = k;
        out->key_len = klen;
    } else {
        out->key = b + blen; /* "" */
    }
    return 0;
}

int s3l_cli_parse_endpoint(const char *url, struct s3l_cli_endpoint *out, char *err,
                           size_t err_cap)
{
    const char *p, *hs, *he, *rest;
    size_t hlen, i;
    memset(out, 0, sizeof *out);
    out->path_style = 1;
    if (strncmp(url, "http://", 7) == 0) {
        p = url + 7;
    } else if (strncmp(url, "https://", 8) == 0) {
        p = url + 8;
        out->https = 1;
    } else {
        set_err(err, err_cap, "endpoint '%s': want http:// or https://", url);
        return -1;
    }
    if (*p == '[') {
        hs = p + 1;
        he = strchr(hs, ']');
        if (he == NULL) {
            set_err(err, err_cap, "endpoint '%s': IPv6 address without ']'", url);
            return -1;
        }
        rest = he + 1;
        out->ipv6 = 1;
    } else {
        hs = p;
        he = p;
        while (*he != '\0' && *he != ':' && *he != '/' && *he != '?' && *he != '#') he++;
        rest = he;
    }
    hlen = (size_t)(he - hs);
    if (hlen == 0) {
        set_err(err, err_cap, "endpoint '%s': no host", url);
        return -1;
    }
    if (hlen > S3L_CLI_HOST_MAX) {
        set_err(err, err_cap, "endpoint '%s': host name too long", url);
        return -1;
    }
    for (i = 0; i < hlen; i++) {
        char c = hs[i];
        int ok = out->ipv6 ? ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || is_digit(c) ||
                              c == ':' || c == '.')
                           : name_char(c);
        if (!ok) {
            set_err(err, err_cap, "endpoint '%s': bad character in the host", url);
            return -1;
        }
    }
    if (out->ipv6 && memchr(hs, ':', hlen) == NULL) {
        set_err(err, err_cap, "endpoint '%s': '[%.*s]' is not an IPv6 address", url, (int)hlen,
                hs);
        return -1;
    }
    memcpy(out->host, hs, hlen);
    out->host[hlen] = '\0';
    out->port = out->https ? 443 : 80;
    if (*rest == ':') {
        unsigned long port = 0;
        const char *q = rest + 1;
        if (!is_digit(*q)) {
            set_err(err, err_cap, "endpoint '%s': bad port", url);
            return -1;
        }
        while (is_digit(*q)) {
            port = port * 10 + (unsigned long)(*q - '0');
            if (port > 65535) break;
            q++;
        }
        if (port == 0 || port > 65535) {
            set_err(err, err_cap, "endpoint '%s': port out of range 1..65535", url);
            return -1;
        }
        out->port = (uint16_t)port;
        out->port_given = 1;
        rest = q;
    }
    if (!(*rest == '\0' || (rest[0] == '/' && rest[1] == '\0'))) {
        set_err(err, err_cap,
                "endpoint '%s': a path, query or fragment after the host is not supported", url);
        return -1;
    }
    /* Host header: brackets for IPv6, the port only when not the scheme's default. */
    {
        int def = out->port == (out->https ? 443 : 80);
        if (out->ipv6) {
            if (def) {
                snprintf(out->authority, sizeof out->authority, "[%s]", out->host);
            } else {
                snprintf(out->authority, sizeof out->authority, "[%s]:%u", out->host,
                         (unsigned)out->port);
            }
        } else if (def) {
            snprintf(out->authority, sizeof out->authority, "%s", out->host);
        } else {
            snprintf(out->authority, sizeof out->authority, "%s:%u", out->host,
                     (unsigned)out->port);
        }
    }
    return 0;
}

int s3l_cli_resolve_endpoint(const struct s3l_cli_conf *conf, struct s3l_cli_endpoint *out,
                             char *err, size_t err_cap)
{
    if (conf->endpoint_url != NULL) {
        if (s3l_cli_parse_endpoint(conf->endpoint_url, out, err, err_cap) != 0) return -1;
        out->path_style = 1;
        return 0;
    }
    if (!region_ok(conf->region)) {
        set_err(err, err_cap, "region '%s' is not a region name", conf->region);
        return -1;
    }
    memset(out, 0, sizeof *out);
    out->https = 1;
    out->port = 443;
    snprintf(out->host, sizeof out->host, "s3.%s.amazonaws.com", conf->region);
    snprintf(out->authority, sizeof out->authority, "%s", out->host);
    out->path_style = 0;
    return 0;
}

int s3l_cli_parse_iot_endpoint(const char *hostport, struct s3l_cli_endpoint *out, char *err,
                               size_t err_cap)
{
    char url[8 + S3L_CLI_HOST_MAX + 8];
    char why[S3L_CLI_ERR_MAX];
    if (hostport[0] == '\0' || strstr(hostport, "://") != NULL || strchr(hostport, '/') != NULL ||
        strlen(hostport) > S3L_CLI_HOST_MAX + 6) {
        set_err(err, err_cap, "--iot-credentials-endpoint '%s': want HOST[:PORT] (HTTPS always)",
                hostport);
        return -1;
    }
    snprintf(url, sizeof url, "https://%s", hostport);
    if (s3l_cli_parse_endpoint(url, out, why, sizeof why) != 0) {
        set_err(err, err_cap, "--iot-credentials-endpoint '%s': want HOST[:PORT] (%s)", hostport,
                why);
        return -1;
    }
    return 0;
}

/* 1 when host is a dotted-quad IPv4 address in 127.0.0.0/8. */
static int loopback_v4(const char *host)
{
    unsigned parts = 0, value = 0, digits = 0;
    const char *p;
    if (strncmp(host, "127.", 4) != 0) return 0;
    for (p = host;; p++) {
        if (is_digit(*p)) {
            value = value * 10u + (unsigned)(*p - '0');
            if (++digits > 3 || value > 255) return 0;
        } else if ((*p == '.' || *p == '\0') && digits > 0) {
            parts++;
            value = 0;
            digits = 0;
            if (*p == '\0') break;
        } else {
            return 0;
        }
    }
    return parts == 4;
}

int s3l_cli_parse_container_uri(const char *uri, struct s3l_cli_endpoint *out, char *path,
                                size_t path_cap, char *err, size_t err_cap)
{
    char base[8 + S3L_CLI_HOST_MAX + 8];
    const char *start, *slash;
    size_t n;
    start = strstr(uri, "://");
    if (start == NULL) {
        set_err(err, err_cap, "'%s': want http://127.x.x.x[:PORT]/PATH or https://", uri);
        return -1;
    }
    slash = strchr(start + 3, '/');
    n = slash != NULL ? (size_t)(slash - uri) : strlen(uri);
    if (n >= sizeof base) {
        set_err(err, err_cap, "'%s': host name too long", uri);
        return -1;
    }
    memcpy(base, uri, n);
    base[n] = '\0';
    if (s3l_cli_parse_endpoint(base, out, err, err_cap) != 0) return -1;
    if (!out->https && (out->ipv6 || !loopback_v4(out->host))) {
        set_err(err, err_cap,
                "'%s': plain http only to 127.0.0.0/8 (the token and the credentials would "
                "cross the network in clear); use https",
                uri);
        return -1;
    }
    if (slash == NULL) slash = "/";
    if (strlen(slash) >= path_cap) {
        set_err(err, err_cap, "'%s': path too long", uri);
        return -1;
    }
    for (n = 0; slash[n] != '\0'; n++) {
        if ((unsigned char)slash[n] <= 0x20 || (unsigned char)slash[n] >= 0x7F ||
            slash[n] == '#') {
            set_err(err, err_cap, "'%s': a blank, control byte or fragment in the path", uri);
            return -1;
        }
    }
    memcpy(path, slash, n + 1);
    return 0;
}

int s3l_cli_bucket_dns_ok(const char *bucket, size_t len)
{
    size_t i;
    if (len < 3 || len > 63) return 0;
    for (i = 0; i < len; i++) {
        char c = bucket[i];
        if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '-')) return 0;
    }
    return bucket[0] != '-' && bucket[len - 1] != '-';
}

int s3l_cli_target_init(struct s3l_cli_target *t, const struct s3l_cli_conf *conf,
                        const struct s3l_cli_s3url *url, char *err, size_t err_cap)
{
    memset(t, 0, sizeof *t);
    if (s3l_cli_resolve_endpoint(conf, &t->ep, err, err_cap) != 0) return -1;
    if (url->bucket_len == 0 || url->bucket_len > S3L_CLI_BUCKET_MAX) {
        set_err(err, err_cap, "bad bucket name");
        return -1;
    }
    memcpy(t->bucket, url->bucket, url->bucket_len);
    t->bucket[url->bucket_len] = '\0';
    t->s3ep.host = t->ep.authority;
    /* Virtual-hosted style only where the bucket fits in a DNS label that the wildcard
     * certificate covers (no dots); otherwise path-style, as awscli does. */
    t->s3ep.virtual_hosted = !t->ep.path_style && s3l_cli_bucket_dns_ok(t->bucket, url->bucket_len);
    if (t->s3ep.virtual_hosted) {
        snprintf(t->connect_host, sizeof t->connect_host, "%s.%s", t->bucket, t->ep.host);
    } else {
        snprintf(t->connect_host, sizeof t->connect_host, "%s", t->ep.host);
    }
    return 0;
}

/* ---- times ---------------------------------------------------------------------------------- */

/* Howard Hinnant's civil-date algorithms (public domain), for years >= 0. */
int64_t s3l_cli_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (int64_t)d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void s3l_cli_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, unsigned m)
{
    static const unsigned char dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : dm[m - 1];
}

/* n decimal digits at s into *v; 0 or -1. */
static int digits(const char *s, int n, int *v)
{
    int i, x = 0;
    for (i = 0; i < n; i++) {
        if (!is_digit(s[i])) return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

int s3l_cli_parse_iso8601(const char *s, int64_t *out)
{
    int Y, M, D, h = 0, mi = 0, sec = 0;
    int64_t off = 0;
    const char *p;
    size_t n = strlen(s);
    /* basic form YYYYMMDDTHHMMSSZ (as x-amz-date) */
    if (n == 16 && s[8] == 'T' && s[15] == 'Z') {
        if (digits(s, 4, &Y) || digits(s + 4, 2, &M) || digits(s + 6, 2, &D) ||
            digits(s + 9, 2, &h) || digits(s + 11, 2, &mi) || digits(s + 13, 2, &sec)) {
            return -1;
        }
        p = s + 16;
    } else {
        if (n < 10 || digits(s, 4, &Y) || s[4] != '-' || digits(s + 5, 2, &M) || s[7] != '-' ||
            digits(s + 8, 2, &D)) {
            return -1;
        }
        p = s + 10;
        if (*p == 'T' || *p == 't') {
            if (digits(p + 1, 2, &h) || p[3] != ':' || digits(p + 4, 2, &mi)) return -1;
            p += 6;
            if (*p == ':') {
                if (digits(p + 1, 2, &sec)) return -1;
                p += 3;
                if (*p == '.' || *p == ',') {
                    p++;
                    if (!is_digit(*p)) return -1;
                    while (is_digit(*p)) p++;
                }
            }
            if (*p == 'Z' || *p == 'z') {
                p++;
            } else if (*p == '+' || *p == '-') {
                int oh, om;
                int sign = *p == '-' ? -1 : 1;
                if (digits(p + 1, 2, &oh)) return -1;
                if (p[3] == ':') {
                    if (digits(p + 4, 2, &om)) return -1;
                    p += 6;
                } else {
                    if (digits(p + 3, 2, &om)) return -1;
                    p += 5;
                }
                if (oh > 23 || om > 59) return -1;
                off = sign * ((int64_t)oh * 3600 + (int64_t)om * 60);
            } else {
                return -1; /* a time needs its zone: UTC is not assumed silently */
            }
        }
    }
    if (*p != '\0') return -1;
    if (Y < 1970 || M < 1 || M > 12 || D < 1 || D > days_in_month(Y, (unsigned)M) || h > 23 ||
        mi > 59 || sec > 59) {
        return -1;
    }
    *out = s3l_cli_days_from_civil(Y, (unsigned)M, (unsigned)D) * 86400 + (int64_t)h * 3600 +
           (int64_t)mi * 60 + sec - off;
    return *out < 0 ? -1 : 0;
}

static void split_time(int64_t t, int64_t *y, unsigned *mo, unsigned *d, unsigned *h,
                       unsigned *mi, unsigned *s, unsigned *wday)
{
    int64_t days = t / 86400, rem = t % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    s3l_cli_civil_from_days(days, y, mo, d);
    *h = (unsigned)(rem / 3600);
    *mi = (unsigned)(rem / 60 % 60);
    *s = (unsigned)(rem % 60);
    *wday = (unsigned)(((days % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
}

/* width decimal digits of v, zero-padded, at out (no NUL). */
static void put_num(char *out, unsigned v, int width)
{
    int i;
    for (i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void s3l_cli_format_http_date(int64_t t, char out[30])
{
    static const char wd[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char mn[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int64_t y;
    unsigned mo, d, h, mi, s, w;
    split_time(t, &y, &mo, &d, &h, &mi, &s, &w);
    /* Field by field like the ISO forms: every width is fixed, so nothing can be cut (snprintf
     * made -O0 builds warn that "%04d" of an int might not fit). */
    memcpy(out, wd[w], 3);
    memcpy(out + 3, ", ", 2);
    put_num(out + 5, d, 2);
    out[7] = ' ';
    memcpy(out + 8, mn[mo - 1], 3);
    out[11] = ' ';
    put_num(out + 12, (unsigned)(y % 10000), 4);
    out[16] = ' ';
    put_num(out + 17, h, 2);
    out[19] = ':';
    put_num(out + 20, mi, 2);
    out[22] = ':';
    put_num(out + 23, s, 2);
    memcpy(out + 25, " GMT", 5); /* with the NUL */
}

void s3l_cli_format_iso8601(int64_t t, char out[21])
{
    int64_t y;
    unsigned mo, d, h, mi, s, w;
    split_time(t, &y, &mo, &d, &h, &mi, &s, &w);
    put_num(out, (unsigned)(y % 10000), 4);
    out[4] = '-';
    put_num(out + 5, mo, 2);
    out[7] = '-';
    put_num(out + 8, d, 2);
    out[10] = 'T';
    put_num(out + 11, h, 2);
    out[13] = ':';
    put_num(out + 14, mi, 2);
    out[16] = ':';
    put_num(out + 17, s, 2);
    out[19] = 'Z';
    out[20] = '\0';
}

void s3l_cli_format_amz_date(int64_t t, char out[17])
{
    int64_t y;
    unsigned mo, d, h, mi, s, w;
    split_time(t, &y, &mo, &d, &h, &mi, &s, &w);
    put_num(out, (unsigned)(y % 10000), 4);
    put_num(out + 4, mo, 2);
    put_num(out + 6, d, 2);
    out[8] = 'T';
    put_num(out + 9, h, 2);
    put_num(out + 11, mi, 2);
    put_num(out + 13, s, 2);
    out[15] = 'Z';
    out[16] = '\0';
}

int s3l_cli_now(int64_t *out, char *err, size_t err_cap)
{
    const char *fixed = getenv("S3L_FIXED_TIME");
    if (fixed != NULL && fixed[0] != '\0') {
        if (strlen(fixed) != 16 || s3l_cli_parse_iso8601(fixed, out) != 0) {
            set_err(err, err_cap, "S3L_FIXED_TIME '%s': want YYYYMMDDTHHMMSSZ", fixed);
            return -1;
        }
        return 0;
    }
    *out = (int64_t)time(NULL);
    return 0;
}

/* ---- sizes ----------------------------------------------------------------------------------- */

int s3l_cli_parse_size(const char *s, uint64_t *out)
{
    uint64_t v = 0, mul = 1;
    const char *p = s;
    if (!is_digit(*p)) return -1;
    while (is_digit(*p)) {
        uint64_t dgt = (uint64_t)(*p - '0');
        if (v > (UINT64_MAX - dgt) / 10) return -1;
        v = v * 10 + dgt;
        p++;
    }
    if (*p != '\0') {
        static const struct {
            const char *suffix;
            unsigned shift;
        } sfx[] = {{"b", 0},    {"k", 10},   {"kb", 10},  {"kib", 10}, {"m", 20},
                   {"mb", 20},  {"mib", 20}, {"g", 30},   {"gb", 30},  {"gib", 30},
                   {"t", 40},   {"tb", 40},  {"tib", 40}};
        size_t i;
        int found = 0;
        for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
            if (ieq(p, sfx[i].suffix)) {
                mul = (uint64_t)1 << sfx[i].shift;
                found = 1;
                break;
            }
        }
        if (!found) return -1;
    }
    if (mul > 1 && v > UINT64_MAX / mul) return -1;
    *out = v * mul;
    return 0;
}

void s3l_cli_format_size(uint64_t n, char *out, size_t cap)
{
    static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = (double)n;
    unsigned u = 0;
    if (n < 1024) {
        snprintf(out, cap, "%u B", (unsigned)n);
        return;
    }
    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        u++;
    }
    snprintf(out, cap, "%.1f %s", v, unit[u]);
}

int s3l_cli_check_part_size(uint64_t part_size, int allow_small, char *err, size_t err_cap)
{
    if (part_size == 0) {
        set_err(err, err_cap, "--part-size must be more than 0");
        return -1;
    }
    if (part_size > S3L_CLI_PART_MAX) {
        set_err(err, err_cap, "--part-size %llu is over S3's 5 GiB per part",
                (unsigned long long)part_size);
        return -1;
    }
    if (part_size < S3L_CLI_PART_MIN && !allow_small) {
        set_err(err, err_cap,
                "--part-size %llu is under S3's minimum of 5 MiB (5242880) per part "
                "(S3L_ALLOW_SMALL_PARTS=1 allows it, for tests)",
                (unsigned long long)part_size);
        return -1;
    }
    return 0;
}

int s3l_cli_plan_upload(uint64_t size, uint64_t part_size, int part_size_given,
                        struct s3l_cli_plan *plan, char *err, size_t err_cap)
{
    uint64_t parts;
    memset(plan, 0, sizeof *plan);
    if (part_size == 0) {
        set_err(err, err_cap, "part size 0");
        return -1;
    }
    if (size > S3L_CLI_OBJECT_MAX) {
        set_err(err, err_cap, "%llu bytes is more than S3 takes in one object (5 TiB)",
                (unsigned long long)size);
        return -1;
    }
    if (size <= part_size) {
        plan->multipart = 0;
        plan->part_size = part_size;
        plan->parts = 1;
        plan->last_part = size;
        return 0;
    }
    parts = (size + part_size - 1) / part_size;
    if (parts > S3L_CLI_PARTS_MAX) {
        /* smallest whole-MiB part size that fits in 10000 parts */
        uint64_t need = (size + S3L_CLI_PARTS_MAX - 1) / S3L_CLI_PARTS_MAX;
        need = (need + S3L_CLI_MIB - 1) / S3L_CLI_MIB * S3L_CLI_MIB;
        if (part_size_given) {
            set_err(err, err_cap,
                    "--part-size %llu gives %llu parts for %llu bytes, S3 takes at most "
                    "10000: use --part-size %lluMiB or more",
                    (unsigned long long)part_size, (unsigned long long)parts,
                    (unsigned long long)size, (unsigned long long)(need / S3L_CLI_MIB));
            return -1;
        }
        part_size = need;
        parts = (size + part_size - 1) / part_size;
    }
    plan->multipart = 1;
    plan->part_size = part_size;
    plan->parts = (uint32_t)parts;
    plan->last_part = size - (parts - 1) * part_size;
    return 0;
}

/* ---- progress bar ---------------------------------------------------------------------------- */

double s3l_cli_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

size_t s3l_cli_progress_format(char *out, size_t cap, uint64_t done, uint64_t total,
                               double elapsed)
{
    char a[32], b[32], r[32];
    double rate = elapsed > 0.0 ? (double)done / elapsed : 0.0;
    int n;
    s3l_cli_format_size(done, a, sizeof a);
    s3l_cli_format_size((uint64_t)rate, r, sizeof r);
    if (total > 0) {
        unsigned pct = (unsigned)(done >= total ? 100 : done * 100 / total);
        char eta[32];
        s3l_cli_format_size(total, b, sizeof b);
        if (rate > 0.0 && done <= total) {
            double left = (double)(total - done) / rate;
            unsigned long secs = (unsigned long)(left + 0.5);
            if (secs >= 3600) {
                snprintf(eta, sizeof eta, "%lu:%02lu:%02lu", secs / 3600, secs / 60 % 60,
                         secs % 60);
            } else {
                snprintf(eta, sizeof eta, "%lu:%02lu", secs / 60, secs % 60);
            }
        } else {
            snprintf(eta, sizeof eta, "--:--");
        }
        n = snprintf(out, cap, "%10s / %-10s %3u%%  %10s/s  ETA %s", a, b, pct, r, eta);
    } else {
        n = snprintf(out, cap, "%10s  %10s/s", a, r);
    }
    if (n < 0) return 0;
    return (size_t)n < cap ? (size_t)n : cap - 1;
}

static void progress_draw(struct s3l_cli_progress *p, double now)
{
    char line[128];
    s3l_cli_progress_format(line, sizeof line, p->done, p->total, now - p->start);
    fprintf(stderr, "\r%s\033[K", line);
    fflush(stderr);
    p->last_draw = now;
    p->drawn = 1;
}

void s3l_cli_progress_start(struct s3l_cli_progress *p, uint64_t total)
{
    memset(p, 0, sizeof *p);
    p->enabled = isatty(2) ? 1 : 0;
    p->total = total;
    p->start = s3l_cli_monotonic();
    p->last_draw = 0.0;
}

void s3l_cli_progress_add(struct s3l_cli_progress *p, uint64_t n)
{
    double now;
    p->done += n;
    if (!p->enabled) return;
    now = s3l_cli_monotonic();
    if (now - p->last_draw >= 0.1) progress_draw(p, now);
}

void s3l_cli_progress_finish(struct s3l_cli_progress *p)
{
    if (!p->enabled) return;
    progress_draw(p, s3l_cli_monotonic());
    fputc('\n', stderr);
    p->drawn = 0;
}

void s3l_cli_progress_clear(struct s3l_cli_progress *p)
{
    if (!p->enabled || !p->drawn) return;
    fputs("\r\033[K", stderr);
    p->drawn = 0;
}

/* ---- value checks -------------------------------------------------------------------------------- */

int s3l_cli_in_list(const char *s, const char *const *names)
{
    for (; *names != NULL; names++) {
        if (strcmp(s, *names) == 0) return 1;
    }
    return 0;
}

void s3l_cli_join_list(const char *const *names, char *out, size_t cap)
{
    size_t used = 0;
    if (cap == 0) return;
    out[0] = '\0';
    for (; *names != NULL; names++) {
        int n = snprintf(out + used, cap - used, "%s%s", used > 0 ? "|" : "", *names);
        if (n < 0 || (size_t)n >= cap - used) return;
        used += (size_t)n;
    }
}

int s3l_cli_check_grants(const char *s)
{
    const char *p = s;
    int count = 0;
    for (;;) {
        static const char *const types[] = {"id=", "uri=", "emailAddress="};
        size_t t;
        int matched = 0;
        while (*p == ' ') p++;
        for (t = 0; t < 3; t++) {
            size_t n = strlen(types[t]);
            if (strncmp(p, types[t], n) == 0) {
                p += n;
                matched = 1;
                break;
            }
        }
        if (!matched) return -1;
        if (*p == '"') {
            const char *q = strchr(p + 1, '"');
            if (q == NULL || q == p + 1) return -1;
            p = q + 1;
        } else {
            /* unquoted value: S3 accepts it; up to the next comma */
            const char *q = p;
            while (*q != '\0' && *q != ',' && *q != ' ') q++;
            if (q == p) return -1;
            p = q;
        }
        count++;
        while (*p == ' ') p++;
        if (*p == '\0') break;
        if (*p != ',') return -1;
        p++;
    }
    for (p = s; *p != '\0'; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f) return -1;
    }
    return count > 0 ? 0 : -1;
}

static int b64_val(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (is_digit(c)) return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

long s3l_cli_base64_decode(const char *s, uint8_t *out, size_t cap)
{
    size_t n = strlen(s), i, o = 0;
    if (n == 0 || n % 4 != 0) return -1;
    for (i = 0; i < n; i += 4) {
        int v[4], k, pad = 0;
        uint32_t w;
        for (k = 0; k < 4; k++) {
            char c = s[i + (size_t)k];
            if (c == '=' && i + 4 == n && k >= 2) {
                v[k] = 0;
                pad++;
            } else {
                if (pad > 0) return -1; /* data after '=' */
                v[k] = b64_val(c);
                if (v[k] < 0) return -1;
            }
        }
        if (pad == 1 && s[i + 3] != '=') return -1;
        w = ((uint32_t)v[0] << 18) | ((uint32_t)v[1] << 12) | ((uint32_t)v[2] << 6) |
            (uint32_t)v[3];
        for (k = 0; k < 3 - pad; k++) {
            if (o >= cap) return -1;
            out[o++] = (uint8_t)(w >> (16 - 8 * k));
        }
    }
    return (long)o;
}

size_t s3l_cli_base64_encode(const uint8_t *in, size_t len, char *out)
{
    /* the library's encoder; out has room for all of it (cli_common.h), plus the NUL */
    size_t n = 0;
    if (s3l_base64_encode(in, len, out, S3L_BASE64_ENC_LEN(len), &n) != S3L_OK) n = 0;
    out[n] = '\0';
    return n;
}

/* ---- errors ----------------------------------------------------------------------------------------- */

int s3l_cli_exit_code(int err)
{
    switch (err) {
    case S3L_OK:
        return S3L_EXIT_OK;
    case S3L_ERR_S3:
    case S3L_ERR_HTTP_STATUS:
        return S3L_EXIT_S3;
    case S3L_ERR_ARG:
    case S3L_ERR_ENUM:
    case S3L_ERR_BAD_DATE:
    case S3L_ERR_BAD_BASE64:
    case S3L_ERR_BAD_CHAR:
    case S3L_ERR_RANGE:
        return S3L_EXIT_USAGE;
    default:
        return S3L_EXIT_NET;
    }
}

void s3l_cli_errorf(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "s3lite %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
