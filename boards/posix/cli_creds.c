/* SPDX-License-Identifier: MIT */
/*
 * Credentials providers for the CLI (see cli_creds.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli_creds.h"
#include "s3lite/common.h"
#include "s3lite/http.h"

#define PROVIDER_TIMEOUT_MS 10000u  /* each connect, send and receive */
#define PROVIDER_BODY_MAX 16384u    /* a credentials document is under 2 KB */
#define PROVIDER_RECV_MAX 64u       /* receive calls per answer (each up to the timeout) */

/* The answer being read: its status and the document, fed to the credentials parser. */
struct answer {
    int status;
    int doc_rc;                 /* the parser's last answer */
    size_t body_bytes;
    struct s3l_credentials_parser parser;
    struct s3l_temp_credentials creds;
};

/* snprintf that may cut its text (messages only). */
static void put(char *out, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void put(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, cap, fmt, ap);
    va_end(ap);
}

static int on_status(void *ctx, int status)
{
    struct answer *a = ctx;
    a->status = status;
    return 0;
}

static int on_body(void *ctx, const uint8_t *data, size_t len)
{
    struct answer *a = ctx;
    a->body_bytes += len;
    if (a->body_bytes > PROVIDER_BODY_MAX) return S3L_ERR_HTTP_BODY_TOO_LONG;
    a->doc_rc = s3l_credentials_feed(&a->parser, data, len);
    /* a bad document is judged with the status (exchange() takes this stop as the end) */
    return a->doc_rc < 0 ? a->doc_rc : 0;
}

static int file_readable(const char *path, const char *flag, char *err, size_t err_cap)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        put(err, err_cap, "%s '%s': cannot read it: %s", flag, path, strerror(errno));
        return -1;
    }
    fclose(f);
    return 0;
}

int s3l_cli_provider_init(struct s3l_cli_provider *p, const struct s3l_cli_conf *conf,
                          int source, char *err, size_t err_cap)
{
    memset(p, 0, sizeof *p);
    p->source = source;
    if (source == S3L_CLI_CREDS_IOT) {
        if (s3l_cli_parse_iot_endpoint(conf->iot_endpoint, &p->ep, err, err_cap) != 0) return -1;
        if (file_readable(conf->iot_cert, "--cert", err, err_cap) != 0) return -1;
        if (file_readable(conf->iot_key, "--key", err, err_cap) != 0) return -1;
        p->role_alias = conf->iot_role_alias;
        p->thing_name = conf->iot_thing_name;
        p->tls.client_cert_file = conf->iot_cert;
        p->tls.client_key_file = conf->iot_key;
    } else {
        char why[S3L_CLI_ERR_MAX];
        if (s3l_cli_parse_container_uri(conf->container_uri, &p->ep, p->path, sizeof p->path,
                                        why, sizeof why) != 0) {
            put(err, err_cap, "AWS_CONTAINER_CREDENTIALS_FULL_URI: %s", why);
            return -1;
        }
        p->authorization = conf->container_token;
    }
    p->tls.ca_file = conf->ca_bundle; /* trusted for the provider and the S3 endpoint alike */
    p->tls.insecure_no_verify = conf->no_verify_ssl ? 1u : 0u;
    p->net = s3l_cli_net_new(&p->transport, p->ep.https ? &p->tls : NULL);
    if (p->net == NULL) {
        put(err, err_cap, "out of memory");
        return -1;
    }
    return 0;
}

void s3l_cli_provider_name(const struct s3l_cli_provider *p, char *out, size_t cap)
{
    put(out, cap, "%s %s:%u",
        p->source == S3L_CLI_CREDS_IOT ? "IoT credentials provider"
                                       : "container credentials endpoint",
        p->ep.ipv6 ? p->ep.authority : p->ep.host, (unsigned)p->ep.port);
}

/* p->error = "<provider>: <what>", and the exit code; returns rc. */
static int fail(struct s3l_cli_provider *p, int rc, int exit_code, const char *what)
{
    char name[S3L_CLI_HOST_MAX + 48];
    s3l_cli_provider_name(p, name, sizeof name);
    put(p->error, sizeof p->error, "%s: %s", name, what);
    p->last_rc = rc;
    p->error_exit = exit_code;
    return rc;
}

/* A network or TLS failure, in words: which step and what the system or TLS said. */
static int fail_net(struct s3l_cli_provider *p, int rc, int connecting, int got_bytes)
{
    char why[384], what[480];
    (void)s3l_cli_net_describe(p->net, rc, why, sizeof why);
    if (rc == S3L_ERR_TLS && (strstr(why, "client key") != NULL ||
                              strstr(why, "client certificate") != NULL)) {
        /* port/tls names the part it could not load: nothing was sent */
        put(what, sizeof what, "cannot use --cert/--key: %s", why);
        return fail(p, rc, S3L_EXIT_USAGE, what);
    }
    if (rc == S3L_ERR_TLS_VERIFY) {
        put(what, sizeof what,
            "its certificate is not trusted (--ca-bundle names the CA to trust): %s", why);
    } else if (p->source == S3L_CLI_CREDS_IOT && !got_bytes &&
               ((rc == S3L_ERR_TLS && strstr(why, "alert") != NULL) ||
                (connecting && (rc == S3L_ERR_CLOSED || rc == S3L_ERR_NET)))) {
        /* TLS 1.2 refuses a client certificate in the handshake (with an alert, or by
         * closing), TLS 1.3 right after it: the first read gets the alert */
        put(what, sizeof what,
            "certificate refused: the provider ended the TLS session without accepting "
            "the device certificate (--cert, --key: is it signed by a CA the provider "
            "trusts?): %s",
            why);
    } else if (connecting && rc == S3L_ERR_TLS) {
        put(what, sizeof what, "the TLS handshake failed (is it an HTTPS server?): %s", why);
    } else if (connecting) {
        put(what, sizeof what, "unreachable: %s", why);
    } else {
        put(what, sizeof what, "the exchange failed: %s", why);
    }
    return fail(p, rc, S3L_EXIT_NET, what);
}

/* The provider said no: name what it refused. */
static int fail_status(struct s3l_cli_provider *p, const struct answer *a)
{
    char what[400];
    const char *msg = a->parser.message;
    const char *sep = msg[0] != '\0' ? ": " : "";
    if (p->source == S3L_CLI_CREDS_IOT && a->status == 404) {
        put(what, sizeof what, "role alias '%s' unknown (HTTP 404%s%s)", p->role_alias, sep,
            msg);
    } else if (p->source == S3L_CLI_CREDS_IOT && (a->status == 403 || a->status == 401)) {
        put(what, sizeof what,
            "refused thing '%s' with this certificate (HTTP %d%s%s): is the certificate "
            "attached to the thing, and the alias's role allowed?",
            p->thing_name, a->status, sep, msg);
    } else if (a->status == 401 || a->status == 403) {
        put(what, sizeof what,
            "refused the authorization token (AWS_CONTAINER_AUTHORIZATION_TOKEN; HTTP %d%s%s)",
            a->status, sep, msg);
    } else {
        put(what, sizeof what, "answered HTTP %d%s%s", a->status, sep, msg);
    }
    return fail(p, S3L_ERR_CREDENTIALS_REFUSED, S3L_EXIT_S3, what);
}

/* Send the whole head. */
static int send_all(struct s3l_cli_provider *p, const char *buf, size_t len)
{
    size_t off = 0;
    unsigned tries = 0;
    while (off < len && tries++ < PROVIDER_RECV_MAX) {
        long n = p->transport.send(p->net, (const uint8_t *)buf + off, len - off,
                                   PROVIDER_TIMEOUT_MS);
        if (n == S3L_ERR_AGAIN) continue;
        if (n <= 0) return n < 0 ? (int)n : S3L_ERR_CLOSED;
        off += (size_t)n;
    }
    return off == len ? S3L_OK : S3L_ERR_TIMEOUT;
}

/* Read the answer into a (bounded in calls and bytes). buf held the credentials in clear:
 * wiped before returning. */
static int read_answer(struct s3l_cli_provider *p, struct answer *a, int *got_bytes)
{
    static const struct s3l_http_callbacks cb = {on_status, NULL, on_body};
    struct s3l_http_parser hp;
    char line[S3L_HTTP_LINE_MAX];
    uint8_t buf[4096];
    unsigned calls;
    int rc = s3l_http_parser_init(&hp, line, sizeof line, &cb, a, 0), done = 0;
    for (calls = 0; rc == S3L_OK && !done && calls < PROVIDER_RECV_MAX; calls++) {
        size_t used = 0;
        long n = p->transport.recv(p->net, buf, sizeof buf, PROVIDER_TIMEOUT_MS);
        if (n == S3L_ERR_AGAIN) continue;
        if (n == 0 || n == S3L_ERR_CLOSED) {
            rc = s3l_http_finish(&hp);
            done = 1;
        } else if (n < 0) {
            rc = (int)n;
        } else {
            *got_bytes = 1;
            rc = s3l_http_feed(&hp, buf, (size_t)n, &used);
            done = rc == S3L_OK;
            if (rc == S3L_PENDING || rc == S3L_CONTINUE) rc = S3L_OK;
        }
    }
    s3l_wipe(buf, sizeof buf);
    s3l_wipe(line, sizeof line);
    if (rc == S3L_OK && !done) rc = S3L_ERR_TIMEOUT;
    return rc;
}

static int exchange(struct s3l_cli_provider *p, struct answer *a)
{
    struct s3l_header hv[4];
    char mem[512], head[2048];
    struct s3l_arena arena;
    struct s3l_request req;
    size_t head_len = 0;
    int rc, got_bytes = 0;

    memset(&req, 0, sizeof req);
    req.headers.items = hv;
    req.headers.cap = sizeof hv / sizeof hv[0];
    arena.buf = mem;
    arena.cap = sizeof mem;
    arena.used = 0;
    if (p->source == S3L_CLI_CREDS_IOT) {
        rc = s3l_iot_credentials_request(&req, &arena, p->ep.authority, p->role_alias,
                                         p->thing_name);
    } else {
        rc = s3l_container_credentials_request(&req, p->ep.authority, p->path, p->authorization);
    }
    if (rc == S3L_OK) rc = s3l_headers_add(&req.headers, "Connection", 10, "close", 5);
    if (rc == S3L_OK) rc = s3l_http_write_head(&req, head, sizeof head, &head_len);
    if (rc != S3L_OK) {
        char what[160];
        put(what, sizeof what, "cannot build the request: %s", s3l_strerror(rc));
        return fail(p, rc, S3L_EXIT_USAGE, what);
    }
    rc = p->transport.connect(p->net, p->ep.host, p->ep.port, PROVIDER_TIMEOUT_MS);
    if (rc != S3L_OK) return fail_net(p, rc, 1, 0);
    rc = send_all(p, head, head_len);
    if (rc == S3L_OK) rc = read_answer(p, a, &got_bytes);
    if (rc != S3L_OK && rc == a->doc_rc) rc = S3L_OK; /* not credentials: read no further */
    s3l_wipe(head, sizeof head); /* the container token */
    if (rc != S3L_OK) {
        int not_http = rc <= S3L_ERR_HTTP_SYNTAX && rc >= S3L_ERR_HTTP_BODY_TOO_LONG;
        int r = not_http ? fail(p, rc, S3L_EXIT_NET, "answered with something that is not a "
                                                     "credentials answer (bad HTTP or too long)")
                         : fail_net(p, rc, 0, got_bytes);
        p->transport.close(p->net);
        return r;
    }
    p->transport.close(p->net);
    return S3L_OK;
}

int s3l_cli_provider_fetch(struct s3l_cli_provider *p, int64_t now)
{
    struct answer a;
    int rc;
    memset(&a, 0, sizeof a);
    a.doc_rc = S3L_PENDING;
    (void)s3l_credentials_parser_init(&a.parser, &a.creds);
    rc = exchange(p, &a);
    if (rc == S3L_OK) {
        rc = s3l_credentials_finish(&a.parser);
        if (a.status < 200 || a.status > 299) {
            rc = fail_status(p, &a);
        } else if (rc != S3L_OK) {
            char what[200];
            put(what, sizeof what, "bad credentials document (HTTP %d): %s", a.status,
                s3l_strerror(rc));
            rc = fail(p, rc, S3L_EXIT_NET, what);
        }
    }
    if (rc != S3L_OK) {
        s3l_wipe(&a, sizeof a);
        return rc;
    }
    /* the client signs with the old ones no longer: replace them */
    s3l_wipe(&p->current, sizeof p->current);
    p->current = a.creds;
    s3l_wipe(&a, sizeof a);
    p->view.access_key_id = p->current.access_key_id;
    p->view.secret_access_key = p->current.secret_access_key;
    p->view.session_token = p->current.session_token[0] != '\0' ? p->current.session_token : NULL;
    p->have = 1;
    p->lifetime = p->current.expiration - now;
    p->fetches++;
    p->last_rc = 0;
    p->error[0] = '\0';
    return S3L_OK;
}

void s3l_cli_provider_free(struct s3l_cli_provider *p)
{
    if (p == NULL) return;
    s3l_cli_net_free(p->net);
    p->net = NULL;
    s3l_wipe(&p->current, sizeof p->current);
    s3l_wipe(&p->view, sizeof p->view);
    p->have = 0;
}
