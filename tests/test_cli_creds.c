/* SPDX-License-Identifier: MIT */
/*
 * The CLI's credentials providers (boards/posix/cli_creds.c) and its credentials hook
 * (cli_client.c) against an in-process server on 127.0.0.1 that plays both a container
 * credentials endpoint and S3: what the provider request carries, what each failure says
 * (and that the token is never in it), and when the hook fetches: first, not again while the
 * credentials are fresh, again near their expiry, again after S3 refused their token.
 * (The IoT provider over mutual TLS is tested against RGW by make test-creds.)
 */
#include <stdio.h>
#include <string.h>

#include "cli_client.h"
#include "cli_creds.h"
#include "harness.h"
#include "s3lite/s3_request.h"
#include "util_fake_server.h"

#define TOKEN "Secret-Auth-Token-42"
#define T0 1796630400 /* 2026-12-07T00:00:00Z: the tests' fixed time */

enum mode { M_OK, M_UNAUTHORIZED, M_GARBAGE, M_DROP, M_NOT_HTTP, M_MISSING, M_BIG };

struct state {
    enum mode mode;
    int64_t now;          /* the time the "provider" issues credentials at */
    int lifetime;         /* seconds they last */
    int fetches;          /* provider requests answered */
    int s3_requests;
    int refuse_s3;        /* S3 requests still to answer 403 AccessDenied */
    char last_token[64];  /* X-Amz-Security-Token of the last S3 request */
};

static struct state g;

static void fmt_iso(int64_t t, char *out, size_t cap)
{
    char buf[21];
    s3l_cli_format_iso8601(t, buf);
    snprintf(out, cap, "%s", buf);
}

static void handler(void *ctx, const struct fs_request *q, int phase, struct fs_reply *r)
{
    struct state *s = ctx;
    char body[6000], exp[32];
    if (phase == 0) {
        r->action = FS_READ_BODY;
        return;
    }
    r->close_after = 1;
    if (strncmp(q->target, "/v2/credentials", 15) == 0) {
        char auth[128];
        s->fetches++;
        if (fs_header(q->head, "Authorization", auth, sizeof auth) < 0 ||
            strcmp(auth, TOKEN) != 0 || s->mode == M_UNAUTHORIZED) {
            fs_format(r, 401, "Unauthorized", "",
                      "{\"code\":\"Unauthorized\",\"message\":\"bad token\"}");
            return;
        }
        fmt_iso(s->now + s->lifetime, exp, sizeof exp);
        switch (s->mode) {
        case M_GARBAGE: fs_format(r, 200, "OK", "", "<html>not json</html>"); return;
        case M_DROP: r->action = FS_DROP; return;
        case M_NOT_HTTP: snprintf(r->raw, sizeof r->raw, "SSH-2.0-OpenSSH\r\n\r\n"); return;
        case M_MISSING:
            fs_format(r, 200, "OK", "", "{\"AccessKeyId\":\"AK\",\"SecretAccessKey\":\"SK\"}");
            return;
        case M_BIG: {
            size_t i;
            memset(r->raw, 0, sizeof r->raw);
            snprintf(r->raw, sizeof r->raw,
                     "HTTP/1.1 200 OK\r\nContent-Length: 20000\r\n\r\n{\"AccessKeyId\":\"");
            for (i = strlen(r->raw); i < sizeof r->raw - 1; i++) r->raw[i] = 'A';
            return;
        }
        default:
            snprintf(body, sizeof body,
                     "{\"AccessKeyId\":\"ASIA%d\",\"SecretAccessKey\":\"secret%d\","
                     "\"Token\":\"token-%d\",\"Expiration\":\"%s\"}",
                     s->fetches, s->fetches, s->fetches, exp);
            fs_format(r, 200, "OK", "", body);
            return;
        }
    }
    s->s3_requests++;
    if (fs_header(q->head, "X-Amz-Security-Token", s->last_token, sizeof s->last_token) < 0) {
        s->last_token[0] = '\0';
    }
    if (s->refuse_s3 > 0) {
        s->refuse_s3--;
        fs_format(r, 403, "Forbidden", "", "");
        return;
    }
    fs_format(r, 200, "OK", "ETag: \"e\"\r\n", "");
}

static void set_conf(struct s3l_cli_conf *c, char *uri, size_t cap, uint16_t port)
{
    memset(c, 0, sizeof *c);
    snprintf(uri, cap, "http://127.0.0.1:%u/v2/credentials?role=x", (unsigned)port);
    c->container_uri = uri;
    c->container_token = TOKEN;
    c->region = "us-east-1";
}

/* Each answer of the container endpoint, through s3l_cli_provider_fetch. */
static void test_provider(struct fake_server *srv)
{
    struct s3l_cli_conf conf;
    struct s3l_cli_provider p;
    char uri[128], err[S3L_CLI_ERR_MAX];
    static const struct {
        enum mode mode;
        int rc;
        const char *says;
    } fails[] = {
        {M_UNAUTHORIZED, S3L_ERR_CREDENTIALS_REFUSED, "refused the authorization token"},
        {M_GARBAGE, S3L_ERR_JSON_SYNTAX, "bad credentials document"},
        {M_MISSING, S3L_ERR_CREDENTIALS, "bad credentials document"},
        {M_DROP, 0, "container credentials endpoint 127.0.0.1:"},
        {M_NOT_HTTP, S3L_ERR_HTTP_SYNTAX, "not a credentials answer"},
        {M_BIG, S3L_ERR_BUF_TOO_SMALL, "bad credentials document"},
    };
    size_t i;

    set_conf(&conf, uri, sizeof uri, fs_port(srv));
    CHECK_EQ_INT(s3l_cli_conf_credentials_source(&conf, err, sizeof err),
                 S3L_CLI_CREDS_CONTAINER);
    CHECK_EQ_INT(s3l_cli_provider_init(&p, &conf, S3L_CLI_CREDS_CONTAINER, err, sizeof err), 0);
    memset(&g, 0, sizeof g);
    g.now = T0;
    g.lifetime = 900;
    fs_clear(srv);
    CHECK_EQ_INT(s3l_cli_provider_fetch(&p, T0), S3L_OK);
    CHECK_EQ_STR(p.view.access_key_id, "ASIA1");
    CHECK_EQ_STR(p.view.secret_access_key, "secret1");
    CHECK(p.view.session_token != NULL && strcmp(p.view.session_token, "token-1") == 0);
    CHECK_EQ_INT(p.current.expiration, T0 + 900);
    CHECK_EQ_INT(p.lifetime, 900);
    CHECK_EQ_INT(p.fetches, 1);
    CHECK_EQ_INT(fs_count(srv), 1);
    if (fs_count(srv) == 1) {
        const struct fs_request *q = fs_get(srv, 0);
        char v[128];
        CHECK_EQ_STR(q->method, "GET");
        CHECK_EQ_STR(q->target, "/v2/credentials?role=x");
        CHECK(fs_header(q->head, "Authorization", v, sizeof v) == 0 && strcmp(v, TOKEN) == 0);
        CHECK(fs_header(q->head, "Host", v, sizeof v) == 0 && strncmp(v, "127.0.0.1:", 10) == 0);
    }
    /* a second fetch replaces them */
    CHECK_EQ_INT(s3l_cli_provider_fetch(&p, T0), S3L_OK);
    CHECK_EQ_STR(p.view.access_key_id, "ASIA2");

    for (i = 0; i < sizeof fails / sizeof fails[0]; i++) {
        int rc;
        g.mode = fails[i].mode;
        rc = s3l_cli_provider_fetch(&p, T0);
        if (fails[i].rc != 0) {
            CHECKF(rc == fails[i].rc, "case %zu: rc %d (%s)", i, rc, p.error);
        } else {
            CHECKF(rc < 0, "case %zu: rc %d", i, rc);
        }
        CHECK_EQ_INT(p.last_rc, rc);
        CHECKF(strstr(p.error, fails[i].says) != NULL, "case %zu: '%s'", i, p.error);
        CHECKF(strstr(p.error, TOKEN) == NULL, "case %zu: the token is in '%s'", i, p.error);
        CHECK(p.error_exit == S3L_EXIT_S3 || p.error_exit == S3L_EXIT_NET);
        /* a failed fetch leaves the last good credentials in place */
        CHECK_EQ_STR(p.view.access_key_id, "ASIA2");
    }
    g.mode = M_OK;
    CHECK_EQ_INT(s3l_cli_provider_fetch(&p, T0), S3L_OK);
    CHECK_EQ_INT(p.last_rc, 0);
    CHECK_EQ_STR(p.error, "");
    s3l_cli_provider_free(&p);
    CHECK(p.current.secret_access_key[0] == '\0' && p.current.session_token[0] == '\0');

    /* nobody listening: unreachable, exit 3 */
    {
        char dead[80];
        snprintf(dead, sizeof dead, "http://127.0.0.1:1/v2/credentials");
        conf.container_uri = dead;
        CHECK_EQ_INT(s3l_cli_provider_init(&p, &conf, S3L_CLI_CREDS_CONTAINER, err, sizeof err),
                     0);
        CHECK(s3l_cli_provider_fetch(&p, T0) < 0);
        CHECKF(strstr(p.error, "unreachable") != NULL, "'%s'", p.error);
        CHECK_EQ_INT(p.error_exit, S3L_EXIT_NET);
        s3l_cli_provider_free(&p);
    }
}

static int head(struct s3l_cli_client *cc)
{
    struct s3l_request req;
    struct s3l_head_object_params hp;
    struct s3l_head_object_result res;
    int rc;
    s3l_cli_client_request(cc, &req);
    memset(&hp, 0, sizeof hp);
    hp.bucket = cc->target.bucket;
    hp.key = "k";
    hp.key_len = 1;
    rc = s3l_build_head_object(&req, s3l_client_arena(&cc->c), &cc->target.s3ep, &hp);
    if (rc != S3L_OK) return rc;
    memset(&res, 0, sizeof res);
    return s3l_client_exec(&cc->c, &req, NULL, S3L_OP_HEAD_OBJECT, &res, &cc->err);
}

/* When the CLI's hook fetches, with the client's clock set by hand. */
static void test_hook(struct fake_server *srv)
{
    struct s3l_cli_conf conf;
    struct s3l_cli_s3url url;
    struct s3l_cli_client *cc;
    char uri[128], ep[64], err[S3L_CLI_ERR_MAX];

    set_conf(&conf, uri, sizeof uri, fs_port(srv));
    snprintf(ep, sizeof ep, "http://127.0.0.1:%u", (unsigned)fs_port(srv));
    conf.endpoint_url = ep;
    CHECK_EQ_INT(s3l_cli_parse_s3url("s3://bucket/k", &url, err, sizeof err), 0);
    cc = s3l_cli_client_new(&conf, &url, 0, err, sizeof err);
    CHECKF(cc != NULL, "%s", err);
    if (cc == NULL) return;
    CHECK_EQ_INT(cc->has_provider, 1);
    cc->fixed = 1;
    memset(&g, 0, sizeof g);
    g.lifetime = 30; /* a third: fetched again 10 s before the expiry */

    cc->fixed_time = g.now = T0;
    CHECK_EQ_INT(head(cc), S3L_OK);
    CHECK_EQ_INT(g.fetches, 1);
    CHECK_EQ_STR(g.last_token, "token-1");

    cc->fixed_time = T0 + 19; /* 11 s left: the same credentials */
    CHECK_EQ_INT(head(cc), S3L_OK);
    CHECK_EQ_INT(g.fetches, 1);
    CHECK_EQ_STR(g.last_token, "token-1");

    cc->fixed_time = g.now = T0 + 21; /* 9 s left: new ones first */
    CHECK_EQ_INT(head(cc), S3L_OK);
    CHECK_EQ_INT(g.fetches, 2);
    CHECK_EQ_STR(g.last_token, "token-2");

    /* S3 refuses the token once: new credentials, the request again, no user action */
    g.refuse_s3 = 1;
    g.s3_requests = 0;
    CHECK_EQ_INT(head(cc), S3L_OK);
    CHECK_EQ_INT(g.fetches, 3);
    CHECK_EQ_INT(g.s3_requests, 2);
    CHECK_EQ_STR(g.last_token, "token-3");

    /* refused twice: one refresh only, then the error (exit 1), naming the provider */
    g.refuse_s3 = 2;
    g.s3_requests = 0;
    CHECK_EQ_INT(head(cc), S3L_ERR_HTTP_STATUS);
    CHECK_EQ_INT(g.fetches, 4);
    CHECK_EQ_INT(g.s3_requests, 2);

    /* the provider fails during a refresh: the request fails with the provider's words */
    cc->fixed_time = g.now = T0 + 100; /* expired */
    g.mode = M_UNAUTHORIZED;
    {
        int rc = head(cc);
        CHECK_EQ_INT(rc, S3L_ERR_CREDENTIALS_REFUSED);
        CHECK_EQ_INT(cc->provider.last_rc, rc);
        CHECK(strstr(cc->provider.error, "refused the authorization token") != NULL);
    }
    CHECK_EQ_INT(cc->c.refreshes >= 4, 1);
    s3l_cli_client_free(cc);
}

int main(void)
{
    struct fake_server *srv = fs_start(handler, &g);
    if (srv == NULL) {
        SKIP(1, "cannot listen on 127.0.0.1");
        return th_summary();
    }
    test_provider(srv);
    test_hook(srv);
    fs_stop(srv);
    return th_summary();
}
