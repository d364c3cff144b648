/* SPDX-License-Identifier: MIT */
/*
 * Client setup and error reporting for the s3lite commands (see cli_client.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_client.h"
#include "s3lite/common.h"
#include "s3lite/hash.h"
#include "s3lite/port_posix.h"

/* The platform: the POSIX hooks, with the clock fixed by S3L_FIXED_TIME when set. */
static int64_t cli_now(void *ctx)
{
    struct s3l_cli_client *cc = ctx;
    if (cc->fixed) return cc->fixed_time;
    return cc->posix.now(cc->posix.ctx);
}

static int cli_entropy(void *ctx, uint8_t *buf, size_t len)
{
    struct s3l_cli_client *cc = ctx;
    return cc->posix.entropy(cc->posix.ctx, buf, len);
}

static void cli_sleep(void *ctx, uint32_t ms)
{
    struct s3l_cli_client *cc = ctx;
    if (cc->dry_run) return; /* the dry transport never makes anyone wait */
    cc->posix.sleep_ms(cc->posix.ctx, ms);
}

/* How long before the expiry new credentials are fetched: the client's margin, or a third
 * of their lifetime when they are shorter-lived than three margins (tests hand out
 * credentials that last seconds). A lifetime measured with a clock far ahead (before the
 * server's Date corrected it) can look negative: then at the expiry itself. */
static int64_t refresh_lead(const struct s3l_cli_provider *p)
{
    int64_t third = p->lifetime > 0 ? p->lifetime / 3 : 0;
    return third < S3L_CLIENT_REFRESH_MARGIN_S ? third : S3L_CLIENT_REFRESH_MARGIN_S;
}

/* The client's credentials hook. It is called before each request once the credentials are
 * within the client's margin of their expiry, and after a stale-token refusal (the last
 * answer then was a 400 or 403): fetch new ones then, or when they are within refresh_lead()
 * of it; else hand back the same. Time is the client's: the local clock corrected by the
 * server's Date (a device clock far off still refreshes on time). */
static int cli_credentials(void *ctx, const struct s3l_credentials **out, int64_t *expires_at)
{
    struct s3l_cli_client *cc = ctx;
    struct s3l_cli_provider *p = &cc->provider;
    int64_t now = cli_now(cc) + cc->c.clock_offset;
    int refused = cc->c.status == 400 || cc->c.status == 403;
    if (!p->have || refused || now >= p->current.expiration - refresh_lead(p)) {
        const char *stats = getenv("S3L_STATS");
        int rc = s3l_cli_provider_fetch(p, now);
        if (rc != S3L_OK) return rc;
        if (stats != NULL && strcmp(stats, "1") == 0) {
            char name[S3L_CLI_HOST_MAX + 48];
            s3l_cli_provider_name(p, name, sizeof name);
            fprintf(stderr, "s3lite: credentials: refreshed from %s (%s), valid %lld s\n", name,
                    refused ? "token refused" : p->fetches == 1 ? "first" : "expiring",
                    (long long)p->lifetime);
        }
    }
    *out = &p->view;
    /* 0 would mean "never expires" to the client */
    *expires_at = p->current.expiration != 0 ? p->current.expiration : -1;
    return S3L_OK;
}

struct s3l_cli_client *s3l_cli_client_new(const struct s3l_cli_conf *conf,
                                          const struct s3l_cli_s3url *url, int dry_run,
                                          char *err, size_t err_cap)
{
    struct s3l_cli_client *cc;
    struct s3l_client_config cfg;
    int rc, source;
    if (s3l_cli_conf_need_credentials(conf, err, err_cap) != 0) return NULL;
    source = s3l_cli_conf_credentials_source(conf, err, err_cap);
    cc = calloc(1, sizeof *cc);
    if (cc == NULL) {
        snprintf(err, err_cap, "out of memory");
        return NULL;
    }
    if (source != S3L_CLI_CREDS_ENV) {
        if (s3l_cli_provider_init(&cc->provider, conf, source, err, err_cap) != 0) {
            s3l_cli_provider_free(&cc->provider);
            free(cc);
            return NULL;
        }
        cc->has_provider = 1;
    }
    if (s3l_cli_target_init(&cc->target, conf, url, err, err_cap) != 0) {
        s3l_cli_provider_free(&cc->provider);
        free(cc);
        return NULL;
    }
    {
        int64_t t;
        const char *fixed = getenv("S3L_FIXED_TIME");
        if (s3l_cli_now(&t, err, err_cap) != 0) {
            s3l_cli_provider_free(&cc->provider);
            free(cc);
            return NULL;
        }
        cc->fixed = fixed != NULL && fixed[0] != '\0';
        cc->fixed_time = t;
    }
    cc->dry_run = dry_run;
    cc->creds.access_key_id = conf->access_key_id;
    cc->creds.secret_access_key = conf->secret_access_key;
    cc->creds.session_token = conf->session_token;
    s3l_posix_platform_init(&cc->posix);
    cc->platform.now = cli_now;
    cc->platform.entropy = cli_entropy;
    cc->platform.sleep_ms = cli_sleep;
    cc->platform.monotonic_ms = cc->posix.monotonic_ms; /* ignores its ctx */
    cc->platform.ctx = cc;
    if (dry_run) {
        s3l_cli_dry_init(&cc->dry, &cc->transport);
    } else {
        cc->tls.ca_file = conf->ca_bundle;
        cc->tls.insecure_no_verify = conf->no_verify_ssl ? 1u : 0u;
        cc->net = s3l_cli_net_new(&cc->transport, cc->target.ep.https ? &cc->tls : NULL);
        if (cc->net == NULL) {
            snprintf(err, err_cap, "out of memory");
            s3l_cli_provider_free(&cc->provider);
            free(cc);
            return NULL;
        }
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.transport = &cc->transport;
    cfg.platform = &cc->platform;
    cfg.connect_host = cc->target.connect_host; /* bucket.host when virtual-hosted */
    cfg.connect_port = cc->target.ep.port;
    cfg.endpoint = cc->target.s3ep;
    if (cc->has_provider) {
        cfg.credentials = cli_credentials;
        cfg.credentials_ctx = cc;
    } else {
        cfg.creds = &cc->creds;
    }
    cfg.region = conf->region;
    cfg.chunk_size = S3L_CLI_CHUNK;
    cfg.io_buf = cc->io;
    cfg.io_cap = sizeof cc->io;
    cfg.line_buf = cc->line;
    cfg.line_cap = sizeof cc->line;
    cfg.scratch = cc->scratch;
    cfg.scratch_cap = sizeof cc->scratch;
    cfg.work = cc->work;
    cfg.work_cap = sizeof cc->work;
    cfg.checksums = s3l_checksum_algos_all; /* cp --checksum-algorithm takes any */
    rc = s3l_client_init(&cc->c, &cfg);
    if (rc != S3L_OK) {
        snprintf(err, err_cap, "cannot set up the client: %s (%s)", s3l_strerror(rc),
                 cc->c.init_error != NULL ? cc->c.init_error : "");
        s3l_cli_client_free(cc);
        return NULL;
    }
    return cc;
}

/* Peak resident memory of this program image in KiB (Linux: VmHWM), or -1. Not getrusage():
 * its ru_maxrss also counts the parent's pages from before exec. */
static long peak_rss_kib(void)
{
    char line[128];
    long kib = -1;
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL) return -1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "VmHWM:", 6) == 0) {
            kib = strtol(line + 6, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kib;
}

void s3l_cli_client_free(struct s3l_cli_client *cc)
{
    const char *stats = getenv("S3L_STATS");
    if (cc == NULL) return;
    /* S3L_STATS=1: what the connection went through, for load and fault runs. */
    if (stats != NULL && strcmp(stats, "1") == 0) {
        fprintf(stderr,
                "s3lite: stats: connects %lu reconnects %lu resigns %lu retries %lu peak_rss_kib %ld"
                " credentials_asked %lu credentials_fetched %lu\n",
                cc->c.connects, cc->c.reconnects, cc->c.resigns, cc->c.retries, peak_rss_kib(),
                cc->c.refreshes, cc->provider.fetches);
    }
    s3l_client_close(&cc->c);
    s3l_cli_provider_free(&cc->provider);
    s3l_cli_net_free(cc->net);
    s3l_wipe(cc->work, sizeof cc->work); /* may hold SSE-C key text */
    s3l_wipe(cc->io, sizeof cc->io);
    free(cc);
}

void s3l_cli_client_request(struct s3l_cli_client *cc, struct s3l_request *req)
{
    memset(req, 0, sizeof *req);
    req->headers.items = cc->hdr;
    req->headers.cap = sizeof cc->hdr / sizeof cc->hdr[0];
    req->headers.count = 0;
}

const char *s3l_cli_http_reason(int status)
{
    switch (status) {
    case 301: return "Moved Permanently";
    case 307: return "Temporary Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 416: return "Range Not Satisfiable";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "";
    }
}

int s3l_cli_report(const char *cmd, struct s3l_cli_client *cc, int rc, const char *what)
{
    const struct s3l_s3_error *e = &cc->err;
    int status = e->http_status != 0 ? e->http_status : cc->c.status;
    if (cc->has_provider && cc->provider.last_rc != 0 && rc == cc->provider.last_rc) {
        /* the credentials hook failed: say what the provider did (never a secret) */
        s3l_cli_errorf(cmd, "%s failed: no credentials: %s", what, cc->provider.error);
        return cc->provider.error_exit;
    }
    if (cc->has_provider && status == 403 &&
        (rc == S3L_ERR_HTTP_STATUS ||
         (rc == S3L_ERR_S3 && (e->code_enum == S3L_S3_ACCESS_DENIED ||
                               e->code_enum == S3L_S3_EXPIRED_TOKEN ||
                               e->code_enum == S3L_S3_INVALID_TOKEN)))) {
        /* the client fetched new ones once and sent the request again: those were refused */
        char name[S3L_CLI_HOST_MAX + 48];
        s3l_cli_provider_name(&cc->provider, name, sizeof name);
        fprintf(stderr,
                "s3lite %s: the server refused the credentials from %s, also freshly fetched "
                "ones (%lu fetched in all)\n",
                cmd, name, cc->provider.fetches);
    }
    if (rc == S3L_ERR_S3) {
        if (e->message[0] != '\0') {
            s3l_cli_errorf(cmd, "%s failed: %s: %s (HTTP %d)", what, e->code, e->message, status);
        } else {
            /* RGW sends most errors without a Message: the code and the status say it */
            s3l_cli_errorf(cmd, "%s failed: %s (HTTP %d %s)", what, e->code, status,
                           s3l_cli_http_reason(status));
        }
        if (e->request_id[0] != '\0') fprintf(stderr, "  RequestId: %s\n", e->request_id);
        if (e->endpoint[0] != '\0') fprintf(stderr, "  Endpoint: %s\n", e->endpoint);
        if (e->region[0] != '\0') fprintf(stderr, "  Region: %s\n", e->region);
        if (e->server_time[0] != '\0') fprintf(stderr, "  ServerTime: %s\n", e->server_time);
        if (e->argument_name[0] != '\0') {
            fprintf(stderr, "  ArgumentName: %s ArgumentValue: %s\n", e->argument_name,
                    e->argument_value);
        }
        return S3L_EXIT_S3;
    }
    if (rc == S3L_ERR_HTTP_STATUS) {
        s3l_cli_errorf(cmd, "%s failed: HTTP %d %s%s", what, status, s3l_cli_http_reason(status),
                       status == 404 ? " (no error document: the key or bucket does not exist)"
                                     : " (no error document)");
        if (e->request_id[0] != '\0') fprintf(stderr, "  RequestId: %s\n", e->request_id);
        return S3L_EXIT_S3;
    }
    switch (rc) {
    case S3L_ERR_NET:
    case S3L_ERR_DNS:
    case S3L_ERR_CONNECT:
    case S3L_ERR_TIMEOUT:
    case S3L_ERR_CLOSED:
    case S3L_ERR_TLS:
    case S3L_ERR_TLS_VERIFY: {
        char why[768];
        if (cc->net != NULL) {
            (void)s3l_cli_net_describe(cc->net, rc, why, sizeof why);
        } else {
            snprintf(why, sizeof why, "%s", s3l_strerror(rc));
        }
        s3l_cli_errorf(cmd, "%s failed: %s (%s:%u)", what, why, cc->target.connect_host,
                       (unsigned)cc->target.ep.port);
        if (rc == S3L_ERR_TLS_VERIFY) {
            fprintf(stderr, "  (--ca-bundle FILE names the CA to trust; --no-verify-ssl skips "
                            "the check)\n");
        }
        return S3L_EXIT_NET;
    }
    default:
        s3l_cli_errorf(cmd, "%s failed: %s", what, s3l_strerror(rc));
        return s3l_cli_exit_code(rc);
    }
}
