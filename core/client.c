/* SPDX-License-Identifier: MIT */
/*
 * The S3 client (see include/s3lite/client.h): one request/response at a time over a caller
 * transport, with keep-alive, Expect: 100-continue, the five payload modes and the clock
 * correction. All state lives in struct s3l_client and the caller's buffers.
 *
 * Bytes are touched as few times as the payload mode allows: the body is read once into the
 * I/O buffer and sent from there (aws-chunked heads are written in place before each chunk,
 * so head, data and CRLF leave in one send); a signed payload whose hash the caller does not
 * give is read and hashed once, then read again to be sent.
 */
#include <string.h>

#include "s3lite/client.h"
#include "s3lite/date.h"
#include "s3lite/uri.h"
#include "compiler.h"

/* Per-attempt flags (c->flags). */
#define A_REUSED 0x01u       /* the attempt runs on a connection that served earlier responses */
#define A_RESP_BYTES 0x02u   /* a response byte arrived */
#define A_BODY_READ 0x04u    /* the body reader was read (a replay needs rewind) */
#define A_STATUS 0x08u       /* the final status line arrived */
#define A_CONTINUE 0x10u     /* 100 Continue arrived */
#define A_DONE 0x20u         /* the response is complete */
#define A_LEFTOVER 0x40u     /* bytes after the response: do not reuse the connection */
#define A_BODY_SKIPPED 0x80u /* a final answer came before the body: the connection is unusable */
#define A_PEER_CLOSED 0x100u /* the peer closed the connection */
#define A_SENT 0x200u        /* request bytes reached the transport */

/* Transparent retries (c->plan.retried). */
#define R_RECONNECT 0x01u    /* reopened after a stale kept-alive connection */
#define R_RESIGN 0x02u       /* re-signed after RequestTimeTooSkewed */
#define R_REFRESH 0x04u      /* new credentials after a stale-token answer */
/* again(): make another attempt (never an s3l_err, which are <= 0 here). */
#define RETRY 1
/* send_head(): the request goes without its body (it has none, or the server answered first). */
#define NO_BODY 2
/* frame_chunk(): the body's last chunk is framed. */
#define LAST 3
/* send_block(): the body's last block went out. */
#define DONE 4

/* NOINLINE (core/compiler.h) here: -Os inlines a static function called once, and then the
 * caller's frame is the largest of everything inlined into it; the request signer's depth
 * sits under the frame of its caller, so that caller is kept tiny and the heavy steps
 * (planning, header preparation, the exchange) stay beside the signer, not above it. */

static const char k_aws_chunked[] = "aws-chunked";
static const struct s3l_text no_text = {NULL, 0};
/* Stands in until cfg.credentials gives the first credentials (never used to sign). */
static const struct s3l_credentials k_no_creds = {"-", "-", NULL};
static const char k_100_continue[] = "100-continue";

/* ---- small helpers ----------------------------------------------------------------------- */

static int is_hex64(const char *s)
{
    size_t i;
    for (i = 0; i < S3L_SIG_HEX_LEN; i++) {
        char ch = s[i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return 0;
    }
    return s[S3L_SIG_HEX_LEN] == '\0';
}

/* A server's clock reading in form (the Date header's IMF-fixdate, an Error's ServerTime in
 * ISO 8601 with any fraction dropped) as Unix seconds; -1 when s is not that form or is before
 * 1970 (a clock set from it would be no use). s is NUL-terminated. */
static int64_t server_clock(const char *s, enum s3l_date_form form)
{
    struct s3l_tm tm;
    int64_t t;
    if (s3l_date_parse(s, form, &tm, NULL) != S3L_OK || s3l_date_to_unix(&tm, &t) != S3L_OK)
        return -1;
    return t < 0 ? -1 : t;
}

static int64_t raw_now(const struct s3l_client *c)
{
    return c->cfg.platform->now(c->cfg.platform->ctx);
}

/* ---- the body checksum (checksum.h) ------------------------------------------------------ */

/* Start the body checksum alg with its engine from cfg.checksums (checked by plan()). */
static int ck_start(struct s3l_client *c, enum s3l_checksum_alg alg)
{
    return s3l_checksum_start_algo(&c->ck, s3l_checksum_algo_find(c->cfg.checksums, alg));
}

/* Finish the running checksum into body->checksum_raw / checksum_b64. */
static int ck_finish(struct s3l_client *c, struct s3l_body *b)
{
    size_t n = 0;
    int rc = s3l_checksum_finish(&c->ck, b->checksum_raw, sizeof b->checksum_raw, &n);
    if (rc != S3L_OK) return rc;
    rc = s3l_base64_encode(b->checksum_raw, n, b->checksum_b64, sizeof b->checksum_b64 - 1,
                           &b->checksum_len);
    if (rc != S3L_OK) return rc;
    b->checksum_b64[b->checksum_len] = '\0';
    b->checksum_len = n;
    return S3L_OK;
}

/* ---- memory reader ----------------------------------------------------------------------- */

static long mem_read(void *ctx, uint8_t *buf, size_t cap)
{
    struct s3l_mem_reader *r = (struct s3l_mem_reader *)ctx;
    size_t n = r->len - r->pos;
    if (buf == NULL) return S3L_ERR_ARG;
    if (n > cap) n = cap;
    if (n > (size_t)0x7fffffff) n = 0x7fffffff;
    memcpy(buf, r->data + r->pos, n);
    r->pos += n;
    return (long)n;
}

static int mem_rewind(void *ctx)
{
    ((struct s3l_mem_reader *)ctx)->pos = 0;
    return S3L_OK;
}

int s3l_mem_reader_init_abi(struct s3l_mem_reader *r, const void *data, size_t len,
                            struct s3l_reader *out,
                            size_t app_size, uint32_t app_config)
{
    if (s3l_abi_check(app_size, app_config, sizeof *r) != S3L_OK) return S3L_ERR_ABI;
    r->data = (const uint8_t *)data;
    r->len = data != NULL ? len : 0;
    r->pos = 0;
    out->read = mem_read;
    out->rewind = mem_rewind;
    out->ctx = r;
    return S3L_OK;
}

static int cb_status(void *ctx, int status);
static int presigned_url(struct s3l_client *c);
static int cb_header(void *ctx, const char *name, size_t nl, const char *value, size_t vl);
static int cb_body(void *ctx, const uint8_t *data, size_t len);

/* ---- setup ------------------------------------------------------------------------------- */

/* The first required setting that is missing, as text for init_error, or NULL. */
static const char *missing_setting(const struct s3l_client_config *cfg)
{
    const struct s3l_transport *t = cfg->transport;
    if (t == NULL) return "cfg.transport is NULL";
    if (t->connect == NULL || t->send == NULL || t->recv == NULL || t->close == NULL)
        return "cfg.transport lacks connect, send, recv or close";
    if (cfg->platform == NULL || cfg->platform->now == NULL)
        return "cfg.platform or its now() is NULL";
    if (cfg->endpoint.host == NULL || cfg->endpoint.host[0] == '\0')
        return "cfg.endpoint.host is NULL or empty";
    if (cfg->connect_host != NULL && cfg->connect_host[0] == '\0')
        return "cfg.connect_host is empty (NULL: the endpoint's host)";
    if (cfg->presign != NULL && (cfg->creds != NULL || cfg->credentials != NULL))
        return "cfg.presign excludes cfg.creds and cfg.credentials (a presigning client holds no key)";
    if (cfg->creds == NULL && cfg->credentials == NULL && cfg->presign == NULL)
        return "cfg.creds and cfg.credentials are NULL";
    if (cfg->region == NULL && cfg->presign == NULL) return "cfg.region is NULL";
    if (cfg->io_buf == NULL) return "cfg.io_buf is NULL";
    if (cfg->line_buf == NULL) return "cfg.line_buf is NULL";
    if (cfg->scratch == NULL) return "cfg.scratch is NULL";
    if (cfg->work == NULL) return "cfg.work is NULL";
    return NULL;
}

/* The first buffer under its minimum, as text for init_error, or NULL. */
static const char *small_buffer(const struct s3l_client *c)
{
    const struct s3l_client_config *cfg = &c->cfg;
    if (cfg->io_cap < S3L_CLIENT_IO_OVERHEAD || cfg->io_cap - S3L_CLIENT_IO_OVERHEAD < c->chunk_size)
        return "cfg.io_cap is under chunk_size + S3L_CLIENT_IO_OVERHEAD";
    if (cfg->line_cap < S3L_CLIENT_LINE_MIN) return "cfg.line_cap is under S3L_CLIENT_LINE_MIN";
    if (cfg->scratch_cap < S3L_CLIENT_SCRATCH_MIN)
        return "cfg.scratch_cap is under S3L_CLIENT_SCRATCH_MIN";
    if (cfg->work_cap < S3L_CLIENT_WORK_MIN) return "cfg.work_cap is under S3L_CLIENT_WORK_MIN";
    return NULL;
}

/* Where to connect: the endpoint's "host[:port]" ("[v6]:port" too), split into c->host and
 * c->port, unless the config names another host or port. NULL, or what is wrong. */
static const char *connect_address(struct s3l_client *c)
{
    const char *ep = c->cfg.endpoint.host, *host = ep, *port = NULL;
    size_t n = strlen(ep), host_len = n;
    uint32_t num = 0;
    if (ep[0] == '[') { /* an IPv6 literal: the brackets are the Host header's, not the name's */
        const char *close = memchr(ep, ']', n);
        if (close == NULL) return "cfg.endpoint.host has '[' without ']'";
        host = ep + 1;
        host_len = (size_t)(close - host);
        if (close[1] == ':') port = close + 2;
        else if (close[1] != '\0') return "cfg.endpoint.host has bytes after ']'";
    } else {
        const char *colon = strchr(ep, ':');
        if (colon != NULL) {
            if (strchr(colon + 1, ':') != NULL)
                return "cfg.endpoint.host: write an IPv6 address as [addr]:port";
            host_len = (size_t)(colon - ep);
            port = colon + 1;
        }
    }
    if (host_len == 0) return "cfg.endpoint.host has no host name";
    if (port != NULL) {
        const char *d = port;
        if (*d == '\0') return "cfg.endpoint.host has ':' without a port";
        for (; *d != '\0'; d++) {
            if (*d < '0' || *d > '9' || num > 6553u) return "cfg.endpoint.host: port is not 1..65535";
            num = num * 10u + (uint32_t)(*d - '0');
        }
        if (num == 0 || num > 65535u) return "cfg.endpoint.host: port is not 1..65535";
    }
    c->port = c->cfg.connect_port != 0 ? c->cfg.connect_port : port != NULL ? (uint16_t)num : 443u;
    if (c->cfg.connect_host != NULL) return NULL;
    if (host_len >= sizeof c->host) return "cfg.endpoint.host is longer than S3L_HOST_MAX";
    memcpy(c->host, host, host_len);
    c->host[host_len] = '\0';
    c->cfg.connect_host = c->host;
    return NULL;
}

/* Both inits: presigner is presigned_url for s3l_client_init_presigned(), else NULL (and
 * then no code of the presigned mode is referenced: a firmware that signs links none). */
static int client_init(struct s3l_client *c, const struct s3l_client_config *cfg,
                       size_t app_size, uint32_t app_config, int (*presigner)(struct s3l_client *))
{
    int rc;
    /* before anything is written: c may be smaller in the application than here */
    if (s3l_abi_check(app_size, app_config, sizeof *c) != S3L_OK) return S3L_ERR_ABI;
    if (c == NULL) return S3L_ERR_ARG;
    memset(c, 0, sizeof *c);
    if (cfg == NULL) {
        c->init_error = "cfg is NULL";
        return S3L_ERR_ARG;
    }
    if (presigner == NULL && cfg->presign != NULL)
        c->init_error = "cfg.presign is set: set the client up with s3l_client_init_presigned()";
    else if (presigner != NULL && cfg->presign == NULL)
        c->init_error = "cfg.presign is NULL (s3l_client_init_presigned() needs it)";
    else
        c->init_error = missing_setting(cfg);
    if (c->init_error != NULL) return S3L_ERR_ARG;
    c->cfg = *cfg;
    c->presigner = presigner;
    if (c->cfg.connect_timeout_ms == 0) c->cfg.connect_timeout_ms = S3L_CLIENT_CONNECT_TIMEOUT_MS;
    if (c->cfg.io_timeout_ms == 0) c->cfg.io_timeout_ms = S3L_CLIENT_IO_TIMEOUT_MS;
    if (c->cfg.continue_timeout_ms == 0) c->cfg.continue_timeout_ms = S3L_CLIENT_CONTINUE_TIMEOUT_MS;
    if (c->cfg.expect_min == 0) c->cfg.expect_min = S3L_CLIENT_EXPECT_MIN;
    if (c->cfg.max_attempts == 0) c->cfg.max_attempts = S3L_CLIENT_ATTEMPTS;
    if (c->cfg.backoff_base_ms == 0) c->cfg.backoff_base_ms = S3L_CLIENT_BACKOFF_BASE_MS;
    if (c->cfg.backoff_max_ms == 0) c->cfg.backoff_max_ms = S3L_CLIENT_BACKOFF_MAX_MS;
    if (c->cfg.backoff_max_ms < c->cfg.backoff_base_ms) c->cfg.backoff_max_ms = c->cfg.backoff_base_ms;
    if (c->cfg.deadline_ms == 0) c->cfg.deadline_ms = S3L_CLIENT_DEADLINE_MS;
    c->chunk_size = cfg->chunk_size != 0 ? cfg->chunk_size : (size_t)S3L_CHUNK_SIZE;
    c->init_error = connect_address(c);
    if (c->init_error != NULL) return S3L_ERR_ARG;
    c->init_error = small_buffer(c);
    if (c->init_error != NULL) return S3L_ERR_BUF_TOO_SMALL;
    c->creds_expire_at = cfg->creds != NULL ? 0 : -1; /* -1: ask cfg.credentials first */
    /* Without creds yet the signer is set up with the first ones (check the region now);
     * a presigning client has no signer (c->sig stays zero). */
    rc = cfg->presign != NULL ? S3L_OK
         : s3l_sigv4_init(&c->sig, cfg->creds != NULL ? cfg->creds : &k_no_creds, cfg->region, "s3");
    if (rc != S3L_OK) {
        c->init_error = "cfg.region is too long (S3L_REGION_MAX) or the credentials are empty";
        return rc;
    }
    c->arena.buf = cfg->work;
    c->arena.cap = cfg->work_cap;
    /* The parser calls the client first (status, Date), which passes everything on to the
     * operation's response parser. Filled here, not a static table: no relocated data. */
    c->hcb.on_status = cb_status;
    c->hcb.on_header = cb_header;
    c->hcb.on_body = cb_body;
    return S3L_OK;
}

int s3l_client_init_abi(struct s3l_client *c, const struct s3l_client_config *cfg,
                        size_t app_size, uint32_t app_config)
{
    return client_init(c, cfg, app_size, app_config, NULL);
}

int s3l_client_init_presigned_abi(struct s3l_client *c, const struct s3l_client_config *cfg,
                                  size_t app_size, uint32_t app_config)
{
    return client_init(c, cfg, app_size, app_config, presigned_url);
}

static void conn_close(struct s3l_client *c)
{
    if (c->connected) c->cfg.transport->close(c->cfg.transport->net);
    c->connected = 0;
    c->conn_uses = 0;
}

void s3l_client_close(struct s3l_client *c)
{
    if (c == NULL) return;
    conn_close(c);
    s3l_sigv4_wipe(&c->sig);
    s3l_wipe(c->cfg.work, c->cfg.work_cap); /* may have held SSE-C key material */
    /* The I/O buffer held the last request head (SSE-C key, session token) and a response
     * shorter than the head does not overwrite it. */
    s3l_wipe(c->cfg.io_buf, c->cfg.io_cap);
    c->arena.used = 0;
}

struct s3l_arena *s3l_client_arena(struct s3l_client *c)
{
    s3l_wipe(c->arena.buf, c->arena.used);
    c->arena.used = 0;
    return &c->arena;
}

struct s3l_headers s3l_client_headers(struct s3l_client *c)
{
    struct s3l_headers h;
    h.items = c->hdr;
    h.count = 0;
    h.cap = S3L_CLIENT_HEADERS;
    return h;
}

/* ---- transport ---------------------------------------------------------------------------- */

/* Milliseconds on the platform's monotonic clock, or its wall clock in whole seconds. */
static uint64_t clock_ms(const struct s3l_client *c)
{
    const struct s3l_platform *p = c->cfg.platform;
    int64_t s;
    if (p->monotonic_ms != NULL) return p->monotonic_ms(p->ctx);
    s = p->now(p->ctx);
    return s > 0 ? (uint64_t)s * 1000u : 0;
}

/* How long the next wait may take: want, cut to what is left of the call's deadline; 0 once
 * the deadline has passed. Every wait of a call goes through here, so that a server that
 * trickles a byte per I/O timeout cannot hold a call past its deadline. */
static uint32_t budget(const struct s3l_client *c, uint32_t want)
{
    uint64_t now;
    if (c->plan.deadline == 0) return want;
    now = clock_ms(c);
    if (now >= c->plan.deadline) return 0;
    return c->plan.deadline - now < want ? (uint32_t)(c->plan.deadline - now) : want;
}

/* A transport answered S3L_ERR_AGAIN ("nothing yet"): wait a poll period, within timeout_ms
 * in all. Without sleep_ms there is no way to wait, so it is a timeout at once. */
static int stall(const struct s3l_client *c, uint32_t *waited, uint32_t timeout_ms)
{
    if (c->cfg.platform->sleep_ms == NULL || *waited >= timeout_ms ||
        budget(c, S3L_CLIENT_POLL_MS) == 0)
        return S3L_ERR_TIMEOUT;
    c->cfg.platform->sleep_ms(c->cfg.platform->ctx, S3L_CLIENT_POLL_MS);
    *waited += S3L_CLIENT_POLL_MS;
    return S3L_OK;
}

static int net_err(long r)
{
    /* Transports return s3l_err codes; anything else is a generic network error. */
    return (r <= S3L_ERR_NET && r >= S3L_ERR_AGAIN) ? (int)r : S3L_ERR_NET;
}

static int send_all(struct s3l_client *c, const uint8_t *p, size_t n)
{
    uint32_t waited = 0;
    while (n > 0) {
        uint32_t wait = budget(c, c->cfg.io_timeout_ms);
        long r;
        if (wait == 0) return S3L_ERR_TIMEOUT;
        r = c->cfg.transport->send(c->cfg.transport->net, p, n, wait);
        if (r == 0 || r == S3L_ERR_AGAIN) { /* nothing sent yet */
            int rc = stall(c, &waited, c->cfg.io_timeout_ms);
            if (rc != S3L_OK) return rc;
            continue;
        }
        if (r < 0) return net_err(r);
        if ((unsigned long)r > n) return S3L_ERR_NET;
        c->flags |= A_SENT;
        p += r;
        n -= (size_t)r;
        waited = 0;
    }
    return S3L_OK;
}

/* ---- response ------------------------------------------------------------------------------ */

/* Parser callbacks: note what the client needs (status, Date), pass everything on to the
 * operation's response parser. */
static int cb_status(void *ctx, int status)
{
    struct s3l_client *c = (struct s3l_client *)ctx;
    c->status = status;
    c->flags |= A_STATUS;
    return c->resp.cb.on_status != NULL ? c->resp.cb.on_status(&c->resp, status) : 0;
}

static int cb_header(void *ctx, const char *name, size_t nl, const char *value, size_t vl)
{
    struct s3l_client *c = (struct s3l_client *)ctx;
    if (s3l_eq_ci(name, nl, "date") && vl == S3L_DATE_HTTP_LEN) {
        char d[S3L_DATE_HTTP_LEN + 1]; /* the value is not NUL-terminated */
        int64_t t;
        memcpy(d, value, vl);
        d[vl] = '\0';
        t = server_clock(d, S3L_DATE_HTTP);
        if (t >= 0) c->server_date = t;
    }
    return c->resp.cb.on_header != NULL ? c->resp.cb.on_header(&c->resp, name, nl, value, vl) : 0;
}

static int cb_body(void *ctx, const uint8_t *data, size_t len)
{
    struct s3l_client *c = (struct s3l_client *)ctx;
    return c->resp.cb.on_body != NULL ? c->resp.cb.on_body(&c->resp, data, len) : 0;
}

/* Feed received bytes to the parser. */
static int feed(struct s3l_client *c, const uint8_t *buf, size_t n)
{
    size_t off = 0;
    c->flags |= A_RESP_BYTES;
    while (off < n) {
        size_t used = 0;
        int rc = s3l_http_feed(&c->parser, buf + off, n - off, &used);
        off += used;
        if (rc == S3L_OK) {
            c->flags |= A_DONE;
            if (off < n) c->flags |= A_LEFTOVER;
            return S3L_OK;
        }
        if (rc == S3L_CONTINUE) {
            c->flags |= A_CONTINUE;
            if (used == 0) return S3L_ERR_HTTP_SYNTAX; /* cannot happen; never spin */
            continue;
        }
        if (rc == S3L_PENDING) return S3L_OK;
        return rc;
    }
    return S3L_OK;
}

/* Receive once (waiting up to timeout_ms) and feed. S3L_ERR_TIMEOUT when nothing came. */
static int recv_feed(struct s3l_client *c, uint32_t timeout_ms)
{
    uint32_t waited = 0;
    for (;;) {
        uint32_t wait = budget(c, timeout_ms);
        long r;
        if (wait == 0) return S3L_ERR_TIMEOUT;
        r = c->cfg.transport->recv(c->cfg.transport->net, c->cfg.io_buf, c->cfg.io_cap, wait);
        if (r > 0) {
            if ((unsigned long)r > c->cfg.io_cap) return S3L_ERR_NET;
            return feed(c, c->cfg.io_buf, (size_t)r);
        }
        if (r == S3L_ERR_AGAIN) {
            int rc = stall(c, &waited, timeout_ms);
            if (rc != S3L_OK) return rc;
            continue;
        }
        if (r == 0 || r == S3L_ERR_CLOSED) { /* orderly close */
            int rc;
            c->flags |= A_PEER_CLOSED;
            rc = s3l_http_finish(&c->parser);
            if (rc == S3L_OK) c->flags |= A_DONE;
            return rc;
        }
        return net_err(r);
    }
}

static int read_response(struct s3l_client *c)
{
    /* Each round receives at least one byte or fails: bounded by the peer's data and the
     * I/O timeout. */
    while (!(c->flags & A_DONE)) {
        int rc = recv_feed(c, c->cfg.io_timeout_ms);
        if (rc != S3L_OK) return rc;
    }
    return S3L_OK;
}

/* After "Expect: 100-continue": 0 = send the body (100 came, or nothing within the continue
 * timeout), 1 = a final answer came first (do not send), < 0 error. Once an answer has begun,
 * its head is awaited at the I/O timeout: it may be a final one, and a body sent under it
 * would be wasted. */
static int wait_continue(struct s3l_client *c)
{
    for (;;) {
        int begun = (c->flags & A_RESP_BYTES) != 0;
        int rc = recv_feed(c, begun ? c->cfg.io_timeout_ms : c->cfg.continue_timeout_ms);
        if (rc == S3L_ERR_TIMEOUT && !begun) return 0;
        if (rc != S3L_OK) return rc;
        if (c->flags & (A_STATUS | A_DONE)) return 1;
        if (c->flags & A_CONTINUE) return 0;
        /* part of an interim head: keep reading */
    }
}

/* ---- presigned requests (cfg.presign) ------------------------------------------------------ */

static void target_object(struct s3l_presign_request *r, const char *bucket, const char *key,
                          size_t key_len)
{
    r->bucket = bucket;
    r->key = key;
    r->key_len = key != NULL && key_len == 0 ? strlen(key) : key_len;
}

/* The operation's target for cfg.presign, from its parameters (c->plan.params, whose type
 * c->plan.op says; NULL through s3l_client_exec(): no target). Read here, in the presigned
 * path only, so that the operations' frames above the signer stay as they are. */
static void presign_target(struct s3l_client *c)
{
    struct s3l_presign_request *r = &c->pre;
    const void *p = c->plan.params;
    target_object(r, NULL, NULL, 0);
    r->upload_id = NULL;
    r->part_number = 0;
    if (p == NULL) return;
    switch (c->plan.op) {
    case S3L_OP_CREATE_MPU: {
        const struct s3l_create_mpu_params *x = p;
        target_object(r, x->bucket, x->key, x->key_len);
        break;
    }
    case S3L_OP_UPLOAD_PART: {
        const struct s3l_upload_part_params *x = p;
        target_object(r, x->bucket, x->key, x->key_len);
        r->upload_id = x->upload_id;
        r->part_number = x->part_number;
        break;
    }
    case S3L_OP_COMPLETE_MPU: {
        const struct s3l_complete_mpu_params *x = p;
        target_object(r, x->bucket, x->key, x->key_len);
        r->upload_id = x->upload_id;
        break;
    }
    case S3L_OP_ABORT_MPU: {
        const struct s3l_abort_mpu_params *x = p;
        target_object(r, x->bucket, x->key, x->key_len);
        r->upload_id = x->upload_id;
        break;
    }
    case S3L_OP_LIST_PARTS: {
        const struct s3l_list_parts_params *x = p;
        target_object(r, x->bucket, x->key, x->key_len);
        r->upload_id = x->upload_id;
        break;
    }
    case S3L_OP_PUT_OBJECT: {
        const struct s3l_put_object_params *x = p;
        target_object(r, x->bucket, x->key, x->key_len);
        break;
    }
    case S3L_OP_HEAD_OBJECT: {
        const struct s3l_head_object_params *x = p;
        target_object(r, x->bucket, x->key, x->key_len);
        r->part_number = x->part_number;
        break;
    }
    case S3L_OP_GET_OBJECT: {
        const struct s3l_get_object_params *x = p;
        target_object(r, x->bucket, x->key, x->key_len);
        r->part_number = x->part_number;
        break;
    }
    case S3L_OP_LIST_UPLOADS: r->bucket = ((const struct s3l_list_uploads_params *)p)->bucket; break;
    case S3L_OP_CREATE_BUCKET: r->bucket = ((const struct s3l_create_bucket_params *)p)->bucket; break;
    case S3L_OP_LIST_OBJECTS: r->bucket = ((const struct s3l_list_objects_params *)p)->bucket; break;
    case S3L_OP_DELETE_OBJECT: {
        const struct s3l_delete_object_params *x = p;
        target_object(r, x->bucket, x->key, x->key_len);
        break;
    }
    default: break;
    }
}

/* An attempt sends the URL's path and query, which live in the arena: put the builder's back
 * before the next attempt and when the call ends. */
static void builder_target(struct s3l_client *c)
{
    struct s3l_request *req = c->plan.req;
    if (c->cfg.presign == NULL) return;
    req->path = c->pre.path;
    req->path_len = c->pre.path_len;
    req->query = c->pre.query;
    req->query_len = c->pre.query_len;
}

static int hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* The next byte of s[*i..n) percent-decoded (lowercased when fold), advancing *i; -1 at the
 * end. A '%' without two hex digits stands for itself. */
static int decoded_byte(const char *s, size_t n, size_t *i, int fold)
{
    int ch;
    if (*i >= n) return -1;
    if (s[*i] == '%' && n - *i > 2 && hex_digit(s[*i + 1]) >= 0 && hex_digit(s[*i + 2]) >= 0) {
        ch = hex_digit(s[*i + 1]) * 16 + hex_digit(s[*i + 2]);
        *i += 3;
    } else {
        ch = (unsigned char)s[(*i)++];
    }
    if (fold && ch >= 'A' && ch <= 'Z') ch += 'a' - 'A';
    return ch;
}

/* Are a[0..an) and b[0..bn) the same once percent-decoded (and lowercased when fold)? An
 * encoding may differ ("%2f", "%2F", "~", "%7E"); what it stands for may not. */
static int same_decoded(const char *a, size_t an, const char *b, size_t bn, int fold)
{
    size_t i = 0, j = 0;
    for (;;) { /* bounded: each round consumes a byte of both, or ends */
        int x = decoded_byte(a, an, &i, fold), y = decoded_byte(b, bn, &j, fold);
        if (x != y) return 0;
        if (x < 0) return 1;
    }
}

/* The next item of a list in s[0..n) from *pos: separated by sep, or by its percent-encoded
 * form when enc (the ';' of X-Amz-SignedHeaders, "%3B"); sets *item, *len; 0 at the end. */
static int next_item(const char *s, size_t n, size_t *pos, char sep, int enc, const char **item,
                     size_t *len)
{
    size_t i = *pos;
    if (i >= n) return 0;
    *item = s + i;
    for (; i < n; i++) {
        size_t w = s[i] == sep ? 1 : (enc && s[i] == '%' && n - i > 2 && s[i + 1] == '3' &&
                                      (s[i + 2] == 'B' || s[i + 2] == 'b')) ? 3 : 0;
        if (w != 0) {
            *len = (size_t)(s + i - *item);
            *pos = i + w;
            return 1;
        }
    }
    *len = (size_t)(s + n - *item);
    *pos = n;
    return 1;
}

/* Length of a query item's name (up to its '='). */
static size_t name_len(const char *item, size_t n)
{
    const char *eq = memchr(item, '=', n);
    return eq != NULL ? (size_t)(eq - item) : n;
}

/* The value of a query item whose name is nl bytes long ("" when it has no '='). */
static const char *item_value(const char *item, size_t n, size_t nl, size_t *vl)
{
    *vl = nl < n ? n - nl - 1 : 0;
    return nl < n ? item + nl + 1 : item + n;
}

/* Does query q hold an item equal to it (names and values decoded; "uploads" = "uploads=")? */
static int query_has(const char *q, size_t qn, const char *it, size_t in)
{
    size_t pos = 0, nl = name_len(it, in), len, vl, xvl;
    const char *x, *v = item_value(it, in, nl, &vl);
    while (next_item(q, qn, &pos, '&', 0, &x, &len)) { /* bounded: pos grows */
        size_t xl = name_len(x, len);
        const char *xv = item_value(x, len, xl, &xvl);
        if (same_decoded(x, xl, it, nl, 0) && same_decoded(xv, xvl, v, vl, 0)) return 1;
    }
    return 0;
}

/* The value of query item `name` in q (raw), NULL when absent. */
static const char *query_value(const char *q, size_t qn, const char *name, size_t *vl)
{
    size_t pos = 0, len, nl = strlen(name);
    const char *x;
    while (next_item(q, qn, &pos, '&', 0, &x, &len)) {
        size_t xl = name_len(x, len);
        if (same_decoded(x, xl, name, nl, 0)) return item_value(x, len, xl, vl);
    }
    return NULL;
}

/* Is header `name` in the URL's signed list (X-Amz-SignedHeaders, encoded, ';'-separated)? */
static int list_has(const char *list, size_t ln, const char *name, size_t nl)
{
    size_t pos = 0, len;
    const char *x;
    while (next_item(list, ln, &pos, ';', 1, &x, &len)) {
        if (same_decoded(x, len, name, nl, 1)) return 1;
    }
    return 0;
}

/* Why url[0..n) (path and query split out into *path, *query) is not for the request in
 * c->pre, or NULL when it is. */
static const char *url_mismatch(const struct s3l_client *c, const char *url, size_t n,
                                const char **path, size_t *path_len, const char **query,
                                size_t *query_len)
{
    const struct s3l_presign_request *r = &c->pre;
    const struct s3l_headers *h = r->headers;
    const char *p = url, *end = url + n, *q, *list, *x;
    size_t i, pos = 0, len, ll = 0;
    for (i = 0; i < n; i++) {
        if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f || url[i] == '#')
            return "the URL has a blank, a control or non-ASCII byte, or a '#'";
    }
    if (n > 7 && s3l_eq_ci(url, 7, "http://")) p = url + 7;
    else if (n > 8 && s3l_eq_ci(url, 8, "https://")) p = url + 8;
    if (p != url) { /* scheme and host: the host must be the one the request goes to */
        const char *slash = memchr(p, '/', (size_t)(end - p));
        if (slash == NULL) slash = end;
        if (r->host == NULL || (size_t)(slash - p) != r->host_len ||
            !same_decoded(p, (size_t)(slash - p), r->host, r->host_len, 1))
            return "the URL's host is not the request's (Host: the endpoint's)";
        p = slash;
    }
    if (p == end || *p != '/') return "the URL is neither /path?query nor http[s]://host/path?query";
    q = memchr(p, '?', (size_t)(end - p));
    *path = p;
    *path_len = (size_t)((q != NULL ? q : end) - p);
    *query = q != NULL ? q + 1 : NULL;
    *query_len = q != NULL ? (size_t)(end - q - 1) : 0;
    if (!same_decoded(*path, *path_len, r->path, r->path_len, 0))
        return "the URL's path is not the request's (another bucket or key)";
    while (next_item(r->query, r->query_len, &pos, '&', 0, &x, &len)) {
        if (!query_has(*query, *query_len, x, len))
            return "the URL lacks a parameter of the request's query (uploads, uploadId, partNumber...)";
    }
    pos = 0;
    while (next_item(*query, *query_len, &pos, '&', 0, &x, &len)) {
        size_t xl = name_len(x, len);
        if ((same_decoded(x, xl, "uploads", 7, 0) || same_decoded(x, xl, "uploadId", 8, 0) ||
             same_decoded(x, xl, "partNumber", 10, 0)) && !query_has(r->query, r->query_len, x, len))
            return "the URL's query names another operation (uploads, uploadId or partNumber)";
    }
    /* S3 refuses an x-amz-* header the URL does not sign; a signed header not sent fails the
     * signature. Without X-Amz-SignedHeaders nothing but host is taken as signed. */
    list = query_value(*query, *query_len, "X-Amz-SignedHeaders", &ll);
    if (list == NULL) {
        list = "host";
        ll = 4;
    }
    for (i = 0; i < h->count; i++) {
        const struct s3l_header *y = &h->items[i];
        if (y->name_len >= 6 && s3l_eq_ci(y->name, 6, "x-amz-") &&
            !list_has(list, ll, y->name, y->name_len))
            return "the request has an x-amz-* header (checksum, metadata, SSE...) the URL does not sign";
    }
    pos = 0;
    while (next_item(list, ll, &pos, ';', 1, &x, &len)) {
        int sent = 0;
        for (i = 0; i < h->count && !sent; i++)
            sent = same_decoded(x, len, h->items[i].name, h->items[i].name_len, 1);
        if (!sent) return "the URL signs a header the request does not send";
    }
    return NULL;
}

/* Instead of signing: ask cfg.presign for this attempt's URL (into the arena's free part),
 * check it against the request and send its path and query. */
NOINLINE static int presigned_url(struct s3l_client *c)
{
    struct s3l_request *req = c->plan.req;
    const struct s3l_header *host = s3l_headers_find(&req->headers, "Host");
    char *url = c->arena.buf + c->arena.used;
    size_t cap = c->arena.cap - c->arena.used, n;
    const char *path = NULL, *query = NULL;
    size_t path_len = 0, query_len = 0;
    int rc;
    c->pre.host = host != NULL ? host->value : NULL;
    c->pre.host_len = host != NULL ? host->value_len : 0;
    presign_target(c);
    c->pre.attempt = c->plan.tries + 1u;
    c->pre.refused = (c->plan.retried & R_REFRESH) != 0;
    if (cap < 2) return S3L_ERR_BUF_TOO_SMALL;
    url[0] = '\0';
    rc = c->cfg.presign(c->cfg.presign_ctx, &c->pre, url, cap);
    if (rc != S3L_OK) {
        c->presign_error = "the presign hook failed";
        S3L_LOG_ERROR("s3lite: the presign hook failed: %s (%d)", s3l_strerror(rc), rc);
        return rc < 0 ? rc : S3L_ERR_PRESIGN;
    }
    if (memchr(url, '\0', cap) == NULL) {
        c->presign_error = "the URL does not fit in the work arena (work_cap)";
        rc = S3L_ERR_BUF_TOO_SMALL;
    } else if ((n = strlen(url)) == 0) {
        c->presign_error = "the presign hook gave no URL";
        rc = S3L_ERR_PRESIGN;
    } else {
        c->presign_error = url_mismatch(c, url, n, &path, &path_len, &query, &query_len);
        rc = c->presign_error != NULL ? S3L_ERR_PRESIGN : S3L_OK;
    }
    if (rc != S3L_OK) { /* the URL is a bearer credential: wiped, never logged */
        s3l_wipe(url, cap);
        S3L_LOG_ERROR("s3lite: presigned URL not used: %s", c->presign_error);
        return rc;
    }
    c->arena.used += n + 1;
    req->path = path;
    req->path_len = path_len;
    req->query = query;
    req->query_len = query_len;
    c->presigned++;
    return S3L_OK;
}

/* ---- headers the client adds ---------------------------------------------------------------- */

/* Names of the headers the client and the signer add, NUL-separated (a pointer table would
 * need relocations: writable data in position-independent builds). */
static const char k_added[] = "content-length\0x-amz-content-sha256\0x-amz-date\0"
                              "x-amz-security-token\0authorization\0expect\0"
                              "x-amz-decoded-content-length\0x-amz-trailer\0";

/* Remove what an earlier attempt (or a caller) put in the headers the client owns, so each
 * attempt starts from the builder's headers. The signer sorted the array, so go by name. */
static void strip_added(struct s3l_client *c, struct s3l_request *req, const struct s3l_client_plan *pl)
{
    size_t i = 0, k;
    struct s3l_headers *h = &req->headers;
    while (i < h->count) {
        struct s3l_header *x = &h->items[i];
        int drop = 0;
        for (k = 0; k_added[k] != '\0'; k += strlen(k_added + k) + 1) {
            if (s3l_eq_ci(x->name, x->name_len, k_added + k)) drop = 1;
        }
        if (pl->body != NULL && x->value == pl->body->checksum_b64) drop = 1;
        if (x->value == k_aws_chunked) drop = 1;
        if (c->ce_new != NULL && x->value == c->ce_new) {
            x->value = c->ce_orig;
            x->value_len = c->ce_orig_len;
        }
        if (drop) {
            h->items[i] = h->items[h->count - 1];
            h->count--;
        } else {
            i++;
        }
    }
    c->ce_new = NULL;
}

static int add(struct s3l_request *req, const char *name, const char *value, size_t vl)
{
    return s3l_headers_add(&req->headers, name, strlen(name), value, vl);
}

/* Add header name with v in decimal (at most 20 digits), written right to left so that it
 * ends just before end (of c->clen or c->dlen). */
static int add_u64(struct s3l_request *req, const char *name, char *end, uint64_t v)
{
    char *p = end;
    do {
        *--p = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    return add(req, name, p, (size_t)(end - p));
}

/* Start an attempt: reset its state, add the payload headers and fill c->sreq, the request
 * to sign (run() signs it; start() adds Expect after). */
NOINLINE static int prepare(struct s3l_client *c)
{
    struct s3l_client_plan *pl = &c->plan;
    struct s3l_request *req = pl->req;
    struct s3l_sigv4_request *sr = &c->sreq;
    int rc;

    c->flags = 0;
    c->body_sent = 0;
    c->server_date = 0;
    c->status = 0;
    strip_added(c, req, pl);
    s3l_wipe(c->arena.buf + pl->mark, c->arena.used - pl->mark);
    c->arena.used = pl->mark;
    builder_target(c);

    c->signed_at = raw_now(c) + c->clock_offset;
    if (c->cfg.presign == NULL) {
        rc = s3l_sigv4_set_time_unix(&c->sig, c->signed_at);
        if (rc != S3L_OK) return rc;
    }
    if (req->has_body) {
        rc = add_u64(req, "Content-Length", c->clen + sizeof c->clen, pl->wire_len);
        if (rc != S3L_OK) return rc;
    }
    if (pl->streaming) {
        struct s3l_header *ce = NULL;
        size_t i;
        for (i = 0; i < req->headers.count; i++) {
            struct s3l_header *x = &req->headers.items[i];
            if (s3l_eq_ci(x->name, x->name_len, "content-encoding")) ce = x;
        }
        if (ce != NULL) {
            /* The object's own encoding stays, after aws-chunked (S3's rule). */
            char *v = s3l_arena_alloc(&c->arena, sizeof k_aws_chunked + ce->value_len);
            if (v == NULL) return S3L_ERR_BUF_TOO_SMALL;
            memcpy(v, k_aws_chunked, sizeof k_aws_chunked - 1);
            v[sizeof k_aws_chunked - 1] = ',';
            memcpy(v + sizeof k_aws_chunked, ce->value, ce->value_len);
            c->ce_orig = ce->value;
            c->ce_orig_len = ce->value_len;
            c->ce_new = v;
            ce->value = v;
            ce->value_len += sizeof k_aws_chunked;
        } else {
            rc = add(req, "Content-Encoding", k_aws_chunked, sizeof k_aws_chunked - 1);
            if (rc != S3L_OK) return rc;
        }
        rc = add_u64(req, "x-amz-decoded-content-length", c->dlen + sizeof c->dlen, pl->len);
        if (rc == S3L_OK && pl->trailer)
            rc = add(req, "x-amz-trailer", pl->trailer_name, strlen(pl->trailer_name));
        if (rc != S3L_OK) return rc;
    }
    if (pl->ck_header != NULL && pl->body != NULL) { /* set by decide() for a caller's body */
        rc = add(req, pl->ck_header, pl->body->checksum_b64, strlen(pl->body->checksum_b64));
        if (rc != S3L_OK) return rc;
    }

    memset(sr, 0, sizeof *sr);
    sr->method = req->method;
    sr->path = req->path;
    sr->path_len = req->path_len;
    sr->query = req->query;
    sr->query_len = req->query_len;
    sr->headers = &req->headers;
    sr->payload_hash = pl->payload_hash;
    return S3L_OK;
}

/* ---- body ---------------------------------------------------------------------------------- */

/* Read exactly n bytes into buf (a reader may return short counts). Kept out of
 * send_chunk(), whose frame is under the chunk signer's. */
NOINLINE static int read_full(struct s3l_client *c, const struct s3l_reader *rd, uint8_t *buf, size_t n)
{
    size_t got = 0;
    c->flags |= A_BODY_READ;
    while (got < n) {
        long r = rd->read(rd->ctx, buf + got, n - got);
        if (r <= 0 || (unsigned long)r > n - got) return S3L_ERR_IO; /* error or short body */
        got += (size_t)r;
    }
    return S3L_OK;
}

/* n more payload bytes went out: count them and tell the progress callback. */
NOINLINE static void sent(struct s3l_client *c, size_t n)
{
    c->body_sent += n;
    if (c->cfg.progress != NULL) c->cfg.progress(c->cfg.progress_ctx, c->body_sent, c->plan.len);
}

/* SIGNED / UNSIGNED: the head, when start() left it at the start of the I/O buffer
 * (pl->prefix bytes), goes out with the first block; blocks as large as the buffer. */
NOINLINE static int send_plain(struct s3l_client *c)
{
    const struct s3l_client_plan *pl = &c->plan;
    const struct s3l_reader *rd = pl->rd;
    uint64_t left = pl->len;
    size_t fill = pl->prefix;
    int rc;
    c->flags |= A_BODY_READ;
    while (left > 0) {
        size_t want = c->cfg.io_cap - fill;
        long r;
        if ((uint64_t)want > left) want = (size_t)left;
        r = rd->read(rd->ctx, c->cfg.io_buf + fill, want);
        if (r <= 0 || (unsigned long)r > want) return S3L_ERR_IO;
        if (pl->alg != S3L_CHECKSUM_NONE) {
            rc = s3l_checksum_update(&c->ck, c->cfg.io_buf + fill, (size_t)r);
            if (rc != S3L_OK) return S3L_ERR_HASH;
        }
        rc = send_all(c, c->cfg.io_buf, fill + (size_t)r);
        if (rc != S3L_OK) return rc;
        left -= (uint64_t)r;
        fill = 0;
        sent(c, (size_t)r);
    }
    return S3L_OK;
}

/* Payload bytes of the next aws-chunked chunk. */
static size_t chunk_n(const struct s3l_client *c)
{
    uint64_t left = c->plan.len - c->body_sent;
    return left < (uint64_t)c->chunk_size ? (size_t)left : c->chunk_size;
}

/* aws-chunked is sent a block at a time, by three steps that run() calls in turn, so that
 * each has a small frame under the chunk signer's depth and none sits above another: */

/* 1. The next chunk read into place after room for its head and framed in place; the
 * block's bounds go to c (blk_start, blk_len). LAST when it is the body's last chunk. */
NOINLINE static int frame_chunk(struct s3l_client *c)
{
    size_t n = chunk_n(c);
    int rc = S3L_OK;
    c->blk_start = S3L_CHUNKED_HEAD_MAX + n + S3L_CHUNKED_TAIL_LEN; /* n == 0: final only */
    c->blk_len = 0;
    if (n > 0) {
        rc = read_full(c, c->plan.rd, c->cfg.io_buf + S3L_CHUNKED_HEAD_MAX, n);
        if (rc == S3L_OK && c->plan.alg != S3L_CHECKSUM_NONE)
            rc = s3l_checksum_update(&c->ck, c->cfg.io_buf + S3L_CHUNKED_HEAD_MAX, n);
        if (rc == S3L_OK)
            rc = s3l_chunked_frame(&c->chunked, c->cfg.io_buf, n, &c->blk_start, &c->blk_len);
    }
    if (rc == S3L_OK && (uint64_t)n == c->plan.len - c->body_sent) rc = LAST;
    return rc;
}

/* 2. Behind the last chunk, in the same block: the final chunk and the trailer (its value
 * is the checksum, base64, S3L_BASE64_ENC_LEN of the raw length: no strlen call here). */
NOINLINE static int put_final(struct s3l_client *c)
{
    const struct s3l_body *b = c->plan.body; /* streaming: always the caller's body */
    size_t at = c->blk_start + c->blk_len;
    int rc;
    if (c->plan.alg != S3L_CHECKSUM_NONE) {
        rc = ck_finish(c, c->plan.body);
        if (rc != S3L_OK) return rc;
    }
    rc = s3l_chunked_final(&c->chunked, c->plan.trailer ? b->checksum_b64 : NULL,
                           c->plan.trailer ? S3L_BASE64_ENC_LEN(b->checksum_len) : 0,
                           (char *)c->cfg.io_buf + at, c->cfg.io_cap - at, &c->blk_fin);
    c->blk_len += c->blk_fin;
    return rc;
}

/* 3. The block, in one send. DONE after the body's last. */
NOINLINE static int send_block(struct s3l_client *c)
{
    size_t n = chunk_n(c);
    int rc = send_all(c, c->cfg.io_buf + c->blk_start, c->blk_len);
    if (rc != S3L_OK) return rc;
    if (n > 0) sent(c, n);
    return c->body_sent == c->plan.len ? DONE : S3L_OK;
}

/* Read the body once before sending: SHA-256 for SIGNED and/or the header checksum (alg,
 * finished into b). */
static int prepass(struct s3l_client *c, struct s3l_body *b, int hash, enum s3l_checksum_alg alg)
{
    const struct s3l_reader *rd = c->plan.rd;
    uint64_t left = c->plan.len;
    int rc = S3L_OK;
    if (hash && s3l_sha256_start(&c->payload_sha) != S3L_OK) return S3L_ERR_HASH;
    if (alg != S3L_CHECKSUM_NONE) rc = ck_start(c, alg);
    while (rc == S3L_OK && left > 0) {
        size_t want = c->cfg.io_cap;
        long r;
        if ((uint64_t)want > left) want = (size_t)left;
        r = rd->read(rd->ctx, c->cfg.io_buf, want);
        if (r <= 0 || (unsigned long)r > want) {
            rc = S3L_ERR_IO;
            break;
        }
        if (hash && s3l_sha256_update(&c->payload_sha, c->cfg.io_buf, (size_t)r) != S3L_OK)
            rc = S3L_ERR_HASH;
        if (rc == S3L_OK && alg != S3L_CHECKSUM_NONE)
            rc = s3l_checksum_update(&c->ck, c->cfg.io_buf, (size_t)r);
        left -= (uint64_t)r;
    }
    if (rc == S3L_OK && hash) {
        uint8_t d[S3L_SHA256_LEN];
        rc = s3l_sha256_finish(&c->payload_sha, d) == S3L_OK ? S3L_OK : S3L_ERR_HASH;
        if (rc == S3L_OK) {
            s3l_hex_lower(d, sizeof d, c->payload_hex);
            c->payload_hex[S3L_SIG_HEX_LEN] = '\0';
        }
    } else if (hash) {
        s3l_sha256_wipe(&c->payload_sha);
    }
    if (rc == S3L_OK && alg != S3L_CHECKSUM_NONE) rc = ck_finish(c, b);
    else if (alg != S3L_CHECKSUM_NONE) s3l_checksum_wipe(&c->ck);
    if (rc == S3L_OK && c->plan.len > 0 && rd->rewind(rd->ctx) != S3L_OK) rc = S3L_ERR_IO;
    return rc;
}

/* ---- one attempt ------------------------------------------------------------------------------ */

/* After the signature: Expect, the head (written into the I/O buffer), the connection, the
 * response parser and the body's encoder or checksum. Nothing is sent yet: an error here
 * ends the attempt as it is. */
NOINLINE static int start(struct s3l_client *c)
{
    struct s3l_client_plan *pl = &c->plan;
    int rc;

    if (c->cfg.presign == NULL) /* keep the Authorization value (a URL is kept already) */
        c->arena.used += strlen(c->arena.buf + c->arena.used) + 1;
    /* Expect is left unsigned, as the SDKs do: a proxy may take it off. */
    if (pl->expect) {
        rc = add(pl->req, "Expect", k_100_continue, sizeof k_100_continue - 1);
        if (rc != S3L_OK) return rc;
    }
    pl->prefix = 0;
    rc = s3l_http_write_head(pl->req, (char *)c->cfg.io_buf, c->cfg.io_cap, &pl->prefix);
    if (rc != S3L_OK) return rc;

    /* A CreateMultipartUpload goes on a fresh connection: on a kept-alive one, a close by
     * the server's idle timer looks like a drop after the request arrived, which cannot be
     * retried (a second Create would leave the first upload behind). */
    if (c->connected && c->conn_uses > 0 && pl->op == S3L_OP_CREATE_MPU) conn_close(c);
    if (!c->connected) {
        S3L_LOG_INFO("s3lite: connecting to %s port %u", c->cfg.connect_host, (unsigned)c->port);
        uint32_t wait = budget(c, c->cfg.connect_timeout_ms);
        if (wait == 0) return S3L_ERR_TIMEOUT;
        rc = c->cfg.transport->connect(c->cfg.transport->net, c->cfg.connect_host, c->port, wait);
        if (rc != S3L_OK) {
            c->cfg.transport->close(c->cfg.transport->net);
            return rc < 0 ? rc : S3L_ERR_CONNECT;
        }
        c->connected = 1;
        c->conn_uses = 0;
        c->connects++;
    } else if (c->conn_uses > 0) {
        c->flags |= A_REUSED;
    }

    s3l_response_init(&c->resp, pl->op, pl->result, pl->err, c->cfg.scratch, c->cfg.scratch_cap);
    s3l_http_parser_init(&c->parser, c->cfg.line_buf, c->cfg.line_cap, &c->hcb, c, pl->head);
    if (pl->alg != S3L_CHECKSUM_NONE) {
        rc = ck_start(c, pl->alg);
        if (rc != S3L_OK) return rc;
    }
    if (pl->streaming) rc = s3l_chunked_init(&c->chunked, pl->body->mode, &c->sig, pl->trailer_name);
    return rc;
}

/* Send the head (pl->prefix bytes at the start of the I/O buffer) and wait for 100 Continue
 * when asked to; a plain body without Expect takes the head along with its first block
 * instead (send_plain()). S3L_OK when the body is to be sent, NO_BODY when there is none or
 * the server answered first, else an error. */
NOINLINE static int send_head(struct s3l_client *c)
{
    struct s3l_client_plan *pl = &c->plan;
    int rc, w;
    if (pl->len > 0 && !pl->expect && !pl->streaming) return S3L_OK;
    rc = send_all(c, c->cfg.io_buf, pl->prefix);
    pl->prefix = 0;
    if (rc != S3L_OK) return rc;
    if (pl->len == 0) return NO_BODY;
    if (pl->expect) {
        w = wait_continue(c);
        if (w < 0) return w;
        if (w == 1) {
            c->flags |= A_BODY_SKIPPED;
            c->bodies_saved++;
            return NO_BODY;
        }
    }
    return S3L_OK;
}

/* After the body (rc: how sending went; NO_BODY and DONE are fine): the checksum, the response, the connection's fate
 * and the clock. Returns the call's result. */
NOINLINE static int finish(struct s3l_client *c, int rc)
{
    const struct s3l_client_plan *pl = &c->plan;
    if (rc == NO_BODY || rc == DONE) rc = S3L_OK;
    if (rc == S3L_OK && pl->alg != S3L_CHECKSUM_NONE && pl->ck_header == NULL && !pl->streaming &&
        !(c->flags & A_BODY_SKIPPED))
        rc = ck_finish(c, pl->body);

    if (rc == S3L_ERR_NET || rc == S3L_ERR_CLOSED) {
        /* The peer may have answered (and closed) while we were sending: read what it said. */
        if (read_response(c) == S3L_OK) {
            c->flags |= A_BODY_SKIPPED;
            rc = S3L_OK;
        }
    }
    if (rc == S3L_OK) rc = read_response(c);
    if (pl->alg != S3L_CHECKSUM_NONE && (rc != S3L_OK || (c->flags & A_BODY_SKIPPED)))
        s3l_checksum_wipe(&c->ck);
    if (rc != S3L_OK) {
        conn_close(c);
        return rc;
    }
    c->conn_uses++;
    if ((c->parser.flags & S3L_HTTP_F_CLOSE) ||
        (c->flags & (A_LEFTOVER | A_BODY_SKIPPED | A_PEER_CLOSED)))
        conn_close(c);

    if (c->server_date != 0) {
        int64_t now = raw_now(c), d = c->server_date - (now + c->clock_offset);
        if (d > S3L_CLIENT_SKEW_MAX_S || d < -S3L_CLIENT_SKEW_MAX_S) {
            S3L_LOG_WARN("s3lite: clock corrected by %ld s from the server's Date", (long)d);
            c->clock_offset = c->server_date - now;
        }
    }
    S3L_LOG_DEBUG("s3lite: HTTP %d", c->status);
    return s3l_response_finish(&c->resp);
}

/* ---- exec ----------------------------------------------------------------------------------------- */

/* Was the request refused for its time? With an Error document: RequestTimeTooSkewed.
 * Without one (err NULL): a 403 whose Date is more than S3's 15 minutes away from the
 * signing time. Then set the clock offset from ServerTime, else Date; 1 when it was set. */
static int fix_skew(struct s3l_client *c, int rc, const struct s3l_s3_error *e)
{
    int64_t t, d;
    if (e != NULL) {
        if (rc != S3L_ERR_S3 || e->code_enum != S3L_S3_REQUEST_TIME_TOO_SKEWED) return 0;
        t = server_clock(e->server_time, S3L_DATE_ISO);
        if (t >= 0) {
            c->clock_offset = t - raw_now(c);
            return 1;
        }
    } else {
        d = c->server_date - c->signed_at;
        if (rc == S3L_OK || c->status != 403 || (d <= 900 && d >= -900)) return 0;
    }
    if (c->server_date == 0) return 0; /* no Date */
    c->clock_offset = c->server_date - raw_now(c);
    return 1;
}

/* Can the body be sent again? Rewinds it when it was read. */
static int replayable(struct s3l_client *c, const struct s3l_client_plan *pl)
{
    if (pl->rd == NULL || !(c->flags & A_BODY_READ)) return 1;
    if (pl->rd->rewind == NULL) return 0;
    return pl->rd->rewind(pl->rd->ctx) == S3L_OK;
}

/* Fetch credentials from cfg.credentials (force, or none yet, or expiring within the
 * margin) and set the signer up with them: a new signing key, the old one wiped. */
static int refresh_credentials(struct s3l_client *c, int force)
{
    const struct s3l_credentials *creds = NULL;
    int64_t expires = 0;
    int rc;
    if (c->cfg.credentials == NULL) return S3L_OK;
    if (!force && c->creds_expire_at == 0) return S3L_OK;
    if (!force && c->creds_expire_at > 0 &&
        raw_now(c) + c->clock_offset + S3L_CLIENT_REFRESH_MARGIN_S < c->creds_expire_at)
        return S3L_OK;
    rc = c->cfg.credentials(c->cfg.credentials_ctx, &creds, &expires);
    if (rc == S3L_OK && creds == NULL) rc = S3L_ERR_ARG;
    if (rc != S3L_OK) {
        S3L_LOG_ERROR("s3lite: the credentials hook failed: %s (%d)", s3l_strerror(rc), rc);
        return rc < 0 ? rc : S3L_ERR_ARG;
    }
    s3l_sigv4_wipe(&c->sig);
    rc = s3l_sigv4_init(&c->sig, creds, c->cfg.region, "s3");
    if (rc != S3L_OK) return rc;
    c->creds_expire_at = expires;
    c->refreshes++;
    S3L_LOG_INFO("s3lite: new credentials, expiring at %lld", (long long)expires);
    return S3L_OK;
}

/* Was the request refused because its token is stale? (Then new credentials may help.) */
static int stale_token(const struct s3l_client *c, int rc)
{
    const struct s3l_s3_error *e = c->plan.err;
    int had_token = c->sig.creds != NULL && c->sig.creds->session_token != NULL;
    if (c->cfg.credentials == NULL || (c->status != 403 && c->status != 400)) return 0;
    if (rc == S3L_ERR_S3 && e != NULL) {
        return e->code_enum == S3L_S3_EXPIRED_TOKEN || e->code_enum == S3L_S3_INVALID_TOKEN ||
               (had_token && e->code_enum == S3L_S3_ACCESS_DENIED);
    }
    return had_token && c->status == 403 && (rc == S3L_ERR_S3 || rc == S3L_ERR_HTTP_STATUS);
}

/* Was a presigned request refused (403: the URL expired, or its signature or token is bad)?
 * Then a new URL from cfg.presign may help. */
static int url_refused(const struct s3l_client *c, int rc)
{
    return c->cfg.presign != NULL && c->status == 403 &&
           (rc == S3L_ERR_S3 || rc == S3L_ERR_HTTP_STATUS);
}

/* Is an attempt that ended with rc worth another try? Network trouble (a reset, a timeout, a
 * connection refused or cut), 5xx, 429 and 408, and the S3 codes marked retryable (SlowDown,
 * InternalError, RequestTimeout, a Complete's "200 with an Error body"...). Not other 4xx,
 * not a refused certificate, not a malformed answer, not the caller's own errors. A
 * CreateMultipartUpload that may have reached the server is not sent again: a second one
 * would leave the first upload behind. */
static int retryable(const struct s3l_client *c, int rc)
{
    const struct s3l_client_plan *pl = &c->plan;
    int status = c->status;
    switch (rc) {
    case S3L_ERR_NET:
    case S3L_ERR_TIMEOUT:
    case S3L_ERR_CLOSED:
    case S3L_ERR_CONNECT:
    case S3L_ERR_DNS:
    case S3L_ERR_TLS:
        return pl->op != S3L_OP_CREATE_MPU || !(c->flags & A_SENT);
    case S3L_ERR_S3:
        if (pl->err != NULL) return pl->err->retryable;
        break;
    case S3L_ERR_HTTP_STATUS:
        break;
    default:
        return 0;
    }
    return status >= 500 || status == 429 || status == 408;
}

/* The wait before retry number n (0 for the first): capped exponential backoff with full
 * jitter, a random time in [0, min(max, base * 2^n)] drawn from the entropy hook (without
 * one, or when it fails: the cap itself). */
static uint32_t backoff_ms(const struct s3l_client *c, unsigned n)
{
    const struct s3l_platform *p = c->cfg.platform;
    uint32_t cap = c->cfg.backoff_base_ms;
    uint8_t r[4];
    unsigned i;
    for (i = 0; i < n && cap < c->cfg.backoff_max_ms; i++) cap *= 2u;
    if (cap > c->cfg.backoff_max_ms) cap = c->cfg.backoff_max_ms;
    if (p->entropy == NULL || p->entropy(p->ctx, r, sizeof r) != S3L_OK) return cap;
    return (uint32_t)(((uint32_t)r[0] << 24 | (uint32_t)r[1] << 16 | (uint32_t)r[2] << 8 | r[3]) %
                      ((uint64_t)cap + 1u));
}

/* After an attempt that ended with rc: RETRY for another one, else rc. Transparent first (at
 * most one reconnect after a stale kept-alive connection and one re-sign after a clock
 * answer), then up to max_attempts - 1 retries after a backoff, within the deadline; each
 * needs a body that can be sent again. Bounded: every branch spends a one-time flag or a
 * retry. */
NOINLINE static int again(struct s3l_client *c, int rc)
{
    struct s3l_client_plan *pl = &c->plan;
    uint32_t wait;
    pl->tries++;
    if (rc == S3L_OK) return rc;
    if ((rc == S3L_ERR_CLOSED || rc == S3L_ERR_NET) && (c->flags & A_REUSED) &&
        !(c->flags & A_RESP_BYTES) && !(pl->retried & R_RECONNECT) && replayable(c, pl)) {
        pl->retried |= R_RECONNECT;
        c->reconnects++;
        S3L_LOG_WARN("s3lite: kept-alive connection was closed (%d); reconnecting", rc);
        return RETRY;
    }
    if (!(pl->retried & R_REFRESH) && url_refused(c, rc) && replayable(c, pl)) {
        pl->retried |= R_REFRESH;
        S3L_LOG_WARN("s3lite: the presigned URL was refused (HTTP %d); asking for a new one", c->status);
        return RETRY;
    }
    if (url_refused(c, rc))
        c->presign_error = "the server refused the URL (HTTP 403: expired, or a bad signature or token)";
    if (c->cfg.presign == NULL && !(pl->retried & R_RESIGN) && fix_skew(c, rc, pl->err) &&
        replayable(c, pl)) {
        pl->retried |= R_RESIGN;
        c->resigns++;
        S3L_LOG_WARN("s3lite: request refused for its time; re-signing with the server's clock");
        return RETRY;
    }
    if (!(pl->retried & R_REFRESH) && stale_token(c, rc) && replayable(c, pl)) {
        pl->retried |= R_REFRESH;
        S3L_LOG_WARN("s3lite: the token was refused (HTTP %d); fetching new credentials", c->status);
        rc = refresh_credentials(c, 1);
        return rc == S3L_OK ? RETRY : rc;
    }
    if (pl->backoffs + 1u >= c->cfg.max_attempts || c->cfg.platform->sleep_ms == NULL ||
        !retryable(c, rc))
        return rc;
    wait = backoff_ms(c, pl->backoffs);
    if (budget(c, wait) < wait || !replayable(c, pl)) return rc; /* past the deadline first */
    pl->backoffs++;
    c->retries++;
    S3L_LOG_WARN("s3lite: %s (HTTP %d); retry %u in %lu ms", s3l_strerror(rc), c->status,
                 pl->backoffs, (unsigned long)wait);
    c->cfg.platform->sleep_ms(c->cfg.platform->ctx, wait);
    return RETRY;
}

/* Decide how the call's body goes (c->plan): payload mode, hash, checksum, lengths, Expect;
 * runs the pre-pass when the hash or a header checksum is needed before sending. */
NOINLINE static int decide(struct s3l_client *c)
{
    struct s3l_client_plan *pl = &c->plan;
    struct s3l_request *req = pl->req;
    struct s3l_body *body = pl->body;
    enum s3l_payload_mode mode = body != NULL ? body->mode : S3L_PAYLOAD_MODE_SIGNED;
    enum s3l_expect expect = body != NULL ? body->expect : S3L_EXPECT_AUTO;
    int rc, need_hash = 0;

    /* Every decided field is set here; the call's own (req, body, rd, op, result, err) were
     * set by the caller. */
    pl->ck_header = NULL;
    pl->trailer_name = NULL;
    pl->alg = S3L_CHECKSUM_NONE;
    pl->tries = 0;
    pl->retried = 0;
    pl->backoffs = 0;
    /* 0: none (deadline_ms is never 0 after init, so a real deadline is never 0) */
    pl->deadline = c->cfg.deadline_ms == S3L_NO_DEADLINE ? 0 : clock_ms(c) + c->cfg.deadline_ms;
    if (body != NULL) pl->rd = &body->reader;
    pl->len = req->has_body ? req->body_len : 0;
    if (!req->has_body && req->body_len != 0) return S3L_ERR_ARG;
    if (pl->len > 0 && (pl->rd == NULL || pl->rd->read == NULL)) return S3L_ERR_ARG;
    if (mode != S3L_PAYLOAD_MODE_SIGNED && mode != S3L_PAYLOAD_MODE_UNSIGNED &&
        !s3l_chunked_is_streaming(mode))
        return S3L_ERR_ARG;
    if (s3l_chunked_is_streaming(mode) && !req->has_body) return S3L_ERR_ARG;
    pl->trailer = s3l_chunked_has_trailer(mode);
    pl->head = s3l_eq_ci(req->method, strlen(req->method), "head");
    pl->mark = c->arena.used;
    c->ce_new = NULL;

    if (body != NULL) {
        body->checksum_len = 0;
        body->checksum_b64[0] = '\0';
        pl->alg = body->checksum;
        /* only the engines the caller linked in (cfg.checksums) */
        if (pl->alg != S3L_CHECKSUM_NONE && s3l_checksum_algo_find(c->cfg.checksums, pl->alg) == NULL)
            return S3L_ERR_ENUM;
    }
    if (pl->trailer && pl->alg == S3L_CHECKSUM_NONE) return S3L_ERR_ARG;
    /* An empty body has nothing to stream: it goes as a signed empty payload whatever the
     * mode (its hash and checksum need no reading), and RGW 16 refuses an empty aws-chunked
     * body anyway. */
    if (s3l_chunked_is_streaming(mode) && pl->len == 0) {
        mode = S3L_PAYLOAD_MODE_SIGNED;
        pl->trailer = 0;
    }
    /* A presigned URL covers no payload hash (UNSIGNED-PAYLOAD) and the client has no key
     * to sign aws-chunked chunks with. */
    if (c->cfg.presign != NULL) {
        c->presign_error = NULL;
        if (s3l_chunked_is_streaming(mode)) {
            c->presign_error = "an aws-chunked (STREAMING) body needs a signing key: send it UNSIGNED";
            return S3L_ERR_PRESIGN;
        }
        mode = S3L_PAYLOAD_MODE_UNSIGNED;
        c->pre.op = pl->op;
        c->pre.method = req->method;
        c->pre.path = req->path;
        c->pre.path_len = req->path_len;
        c->pre.query = req->query;
        c->pre.query_len = req->query_len;
        c->pre.content_length = pl->len;
        c->pre.headers = &req->headers;
    }
    pl->streaming = s3l_chunked_is_streaming(mode);
    if (pl->trailer) pl->trailer_name = s3l_checksum_header_name(pl->alg);

    /* A header checksum needs its value before the body: a pre-pass, shared with the SIGNED
     * hash when there is one. A header the caller already set is left alone. (A checksum
     * implies the caller's body.) */
    if (pl->alg != S3L_CHECKSUM_NONE && !pl->trailer && !body->checksum_report_only) {
        const char *hn = s3l_checksum_header_name(pl->alg);
        if (s3l_headers_find(&req->headers, hn) == NULL) pl->ck_header = hn;
    }
    if (mode == S3L_PAYLOAD_MODE_SIGNED) {
        need_hash = pl->len > 0 && (body == NULL || body->sha256_hex == NULL);
        if (body != NULL && body->sha256_hex != NULL && !is_hex64(body->sha256_hex))
            return S3L_ERR_ARG;
        pl->payload_hash = need_hash ? c->payload_hex
                          : (body != NULL && body->sha256_hex != NULL) ? body->sha256_hex
                                                                       : S3L_CONTENT_SHA256_EMPTY;
    } else {
        pl->payload_hash = s3l_chunked_payload_hash(mode);
    }
    if (need_hash || pl->ck_header != NULL) {
        if (pl->len > 0 && pl->rd->rewind == NULL) return S3L_ERR_NOT_REWINDABLE;
        rc = prepass(c, body, need_hash, pl->ck_header != NULL ? pl->alg : S3L_CHECKSUM_NONE);
        if (rc != S3L_OK) return rc;
    }
    /* The checksum computed during the send pass: trailer modes, or reporting only. */
    if (pl->ck_header != NULL) pl->alg = S3L_CHECKSUM_NONE;

    pl->wire_len = pl->len;
    if (pl->streaming) {
        rc = s3l_chunked_length(mode, pl->len, c->chunk_size,
                                pl->trailer ? strlen(pl->trailer_name) : 0,
                                pl->trailer ? S3L_BASE64_ENC_LEN(s3l_checksum_len(pl->alg)) : 0, &pl->wire_len);
        if (rc != S3L_OK) return rc;
    }
    pl->expect = pl->len > 0 && expect != S3L_EXPECT_NEVER &&
                 (expect == S3L_EXPECT_ALWAYS || pl->len >= c->cfg.expect_min ||
                  pl->op == S3L_OP_UPLOAD_PART);
    return S3L_OK;
}

/* Sign c->sreq, the Authorization value going to the arena's free end. Apart so that the
 * signer's whole depth sits under this empty frame and run()'s. */
NOINLINE static int sign(struct s3l_client *c)
{
    return s3l_sigv4_sign_headers(&c->sig, &c->sreq, c->arena.buf + c->arena.used,
                                  c->arena.cap - c->arena.used);
}

/* Run the call in c->plan: decide, then prepare, sign, send and read, at most three times.
 * Each step is a function of its own and only c is live across them: this frame, under the
 * deepest paths (the signer's, the chunk signer's), is the smallest a caller can have. */
NOINLINE static int run(struct s3l_client *c)
{
    int rc = refresh_credentials(c, 0);
    if (rc == S3L_OK) rc = decide(c);
    if (rc != S3L_OK) return rc;
    do {
        rc = prepare(c);
        if (rc == S3L_OK) rc = c->presigner != NULL ? c->presigner(c) : sign(c);
        if (rc == S3L_OK) rc = start(c);
        if (rc == S3L_OK) {
            /* From here on bytes go out: whatever happens, finish() reads what came back. */
            rc = send_head(c);
            if (rc == S3L_OK && !c->plan.streaming) rc = send_plain(c);
            /* aws-chunked, a block a round; bounded: each round sends chunk_size more bytes
             * of a finite body, or its end. */
            while (rc == S3L_OK && c->plan.streaming) {
                rc = frame_chunk(c);
                if (rc == LAST) rc = put_final(c);
                if (rc == S3L_OK) rc = send_block(c);
            }
            rc = finish(c, rc);
        }
        rc = again(c, rc); /* bounded: RETRY at most twice */
    } while (rc == RETRY);
    builder_target(c); /* the URL's path and query lived in the arena */
    if (rc != S3L_OK) {
        S3L_LOG_ERROR("s3lite: request failed: %s (%d), HTTP %d, S3 code %s", s3l_strerror(rc), rc,
                      c->status, rc == S3L_ERR_S3 && c->plan.err != NULL ? c->plan.err->code : "-");
    }
    return rc;
}

int s3l_client_exec(struct s3l_client *c, struct s3l_request *req, struct s3l_body *body,
                    enum s3l_op op, void *result, struct s3l_s3_error *err)
{
    if (c == NULL || req == NULL || req->method == NULL) return S3L_ERR_ARG;
    c->plan.req = req;
    c->plan.body = body;
    c->plan.rd = NULL;
    c->plan.op = op;
    c->plan.result = result;
    c->plan.err = err;
    c->plan.params = NULL;
    return run(c);
}

/* ---- operations ------------------------------------------------------------------------------------ */

/* A call over the client's request, arena and header array; the caller has set the
 * call's body, op, result and err in c->plan. Returns p, so that the caller keeps nothing
 * but c in a register across this call (the caller's frame is under the signer's). */
static const void *begin(struct s3l_client *c, const void *p, void *result, enum s3l_op op)
{
    struct s3l_request *req = &c->req;
    c->plan.op = op;
    c->plan.result = result;
    memset(req, 0, sizeof *req);
    req->headers = s3l_client_headers(c);
    (void)s3l_client_arena(c);
    c->plan.req = req;
    c->plan.rd = NULL;
    c->plan.params = p;
    return p;
}

int s3l_client_create_mpu(struct s3l_client *c, const struct s3l_create_mpu_params *p,
                          struct s3l_create_mpu_result *out, struct s3l_s3_error *err)
{
    int rc;
    if (c == NULL) return S3L_ERR_ARG; /* p: checked by the builder (S3L_ERR_ARG) */
    /* The echoed Key is the caller's own: dropped here, so that a result declared without
     * initialising it (the usual way to declare an output) is safe. */
    if (out != NULL) out->key = no_text;
    c->plan.err = err;
    c->plan.body = NULL;
    p = begin(c, p, out, S3L_OP_CREATE_MPU);
    rc = s3l_build_create_mpu(&c->req, &c->arena, &c->cfg.endpoint, p);
    return rc != S3L_OK ? rc : run(c);
}

int s3l_client_upload_part(struct s3l_client *c, const struct s3l_upload_part_params *p,
                           struct s3l_body *body, struct s3l_upload_part_result *out,
                           struct s3l_s3_error *err)
{
    int rc;
    if (c == NULL || body == NULL) return S3L_ERR_ARG; /* p: checked by the builder */
    c->plan.err = err;
    c->plan.body = body;
    p = begin(c, p, out, S3L_OP_UPLOAD_PART);
    /* An algorithm named without its value: the client computes it (header or trailer). */
    body = c->plan.body;
    if (p != NULL && body->checksum == S3L_CHECKSUM_NONE &&
        p->checksum_algorithm != S3L_CHECKSUM_NONE && p->checksum_value == NULL)
        body->checksum = p->checksum_algorithm;
    rc = s3l_build_upload_part(&c->req, &c->arena, &c->cfg.endpoint, p);
    return rc != S3L_OK ? rc : run(c);
}

/* Local wrappers: the address of an external function would need the GOT in PIE builds. */
static long complete_read(void *w, uint8_t *buf, size_t cap)
{
    return s3l_complete_body_read(w, buf, cap);
}

static int complete_rewind(void *w)
{
    return s3l_complete_body_rewind(w);
}

/* The body writer and its reader live in the client (c->op_src, c->op_reader), not on the
 * stack: this frame is under the signer's. */
int s3l_client_complete_mpu(struct s3l_client *c, const struct s3l_complete_mpu_params *p,
                            struct s3l_complete_mpu_result *out, struct s3l_s3_error *err)
{
    int rc;
    if (c == NULL || p == NULL) return S3L_ERR_ARG;
    if (out != NULL) out->key = no_text; /* as in s3l_client_create_mpu() */
    c->plan.err = err;
    c->plan.body = NULL;
    p = begin(c, p, out, S3L_OP_COMPLETE_MPU);
    rc = s3l_build_complete_mpu(&c->req, &c->arena, &c->cfg.endpoint, p);
    if (rc == S3L_OK)
        rc = s3l_complete_body_init(&c->op_src.complete, p->parts, p->part_count,
                                    p->checksum_algorithm);
    if (rc != S3L_OK) return rc;
    c->op_reader.read = complete_read;
    c->op_reader.rewind = complete_rewind;
    c->op_reader.ctx = &c->op_src.complete;
    c->plan.rd = &c->op_reader; /* a signed body: hashed, then sent */
    return run(c);
}

int s3l_client_abort_mpu(struct s3l_client *c, const struct s3l_abort_mpu_params *p,
                         struct s3l_s3_error *err)
{
    int rc;
    if (c == NULL) return S3L_ERR_ARG; /* p: checked by the builder (S3L_ERR_ARG) */
    c->plan.err = err;
    c->plan.body = NULL;
    p = begin(c, p, NULL, S3L_OP_ABORT_MPU);
    rc = s3l_build_abort_mpu(&c->req, &c->arena, &c->cfg.endpoint, p);
    return rc != S3L_OK ? rc : run(c);
}

int s3l_client_list_parts(struct s3l_client *c, const struct s3l_list_parts_params *p,
                          struct s3l_list_parts_result *out, struct s3l_s3_error *err)
{
    int rc;
    if (c == NULL) return S3L_ERR_ARG; /* p: checked by the builder (S3L_ERR_ARG) */
    c->plan.err = err;
    c->plan.body = NULL;
    p = begin(c, p, out, S3L_OP_LIST_PARTS);
    rc = s3l_build_list_parts(&c->req, &c->arena, &c->cfg.endpoint, p);
    return rc != S3L_OK ? rc : run(c);
}

int s3l_client_list_uploads(struct s3l_client *c, const struct s3l_list_uploads_params *p,
                            struct s3l_list_uploads_result *out, struct s3l_s3_error *err)
{
    int rc;
    if (c == NULL) return S3L_ERR_ARG; /* p: checked by the builder (S3L_ERR_ARG) */
    c->plan.err = err;
    c->plan.body = NULL;
    p = begin(c, p, out, S3L_OP_LIST_UPLOADS);
    rc = s3l_build_list_uploads(&c->req, &c->arena, &c->cfg.endpoint, p);
    return rc != S3L_OK ? rc : run(c);
}

int s3l_client_put_object(struct s3l_client *c, const struct s3l_put_object_params *p,
                          struct s3l_body *body, struct s3l_put_object_result *out,
                          struct s3l_s3_error *err)
{
    int rc;
    if (c == NULL) return S3L_ERR_ARG; /* p: checked by the builder */
    c->plan.err = err;
    c->plan.body = body;
    p = begin(c, p, out, S3L_OP_PUT_OBJECT);
    body = c->plan.body;
    if (p != NULL && p->content_length > 0 && body == NULL) return S3L_ERR_ARG;
    if (p != NULL && body != NULL && body->checksum == S3L_CHECKSUM_NONE &&
        p->checksum_algorithm != S3L_CHECKSUM_NONE && p->checksum_value == NULL)
        body->checksum = p->checksum_algorithm;
    rc = s3l_build_put_object(&c->req, &c->arena, &c->cfg.endpoint, p);
    return rc != S3L_OK ? rc : run(c);
}

int s3l_client_head_object(struct s3l_client *c, const struct s3l_head_object_params *p,
                           struct s3l_head_object_result *out, struct s3l_s3_error *err)
{
    int rc;
    if (c == NULL) return S3L_ERR_ARG; /* p: checked by the builder (S3L_ERR_ARG) */
    c->plan.err = err;
    c->plan.body = NULL;
    p = begin(c, p, out, S3L_OP_HEAD_OBJECT);
    rc = s3l_build_head_object(&c->req, &c->arena, &c->cfg.endpoint, p);
    return rc != S3L_OK ? rc : run(c);
}

int s3l_client_get_object(struct s3l_client *c, const struct s3l_get_object_params *p,
                          struct s3l_get_object_result *out, struct s3l_s3_error *err)
{
    int rc;
    if (c == NULL) return S3L_ERR_ARG; /* p: checked by the builder (S3L_ERR_ARG) */
    c->plan.err = err;
    c->plan.body = NULL;
    p = begin(c, p, out, S3L_OP_GET_OBJECT);
    rc = s3l_build_get_object(&c->req, &c->arena, &c->cfg.endpoint, p);
    return rc != S3L_OK ? rc : run(c);
}

int s3l_client_list_objects(struct s3l_client *c, const struct s3l_list_objects_params *p,
                            struct s3l_list_objects_result *out, struct s3l_s3_error *err)
{
    int rc;
    if (c == NULL) return S3L_ERR_ARG; /* p: checked by the builder (S3L_ERR_ARG) */
    c->plan.err = err;
    c->plan.body = NULL;
    p = begin(c, p, out, S3L_OP_LIST_OBJECTS);
    rc = s3l_build_list_objects(&c->req, &c->arena, &c->cfg.endpoint, p);
    return rc != S3L_OK ? rc : run(c);
}

int s3l_client_delete_object(struct s3l_client *c, const struct s3l_delete_object_params *p,
                             struct s3l_delete_object_result *out, struct s3l_s3_error *err)
{
    int rc;
    if (c == NULL) return S3L_ERR_ARG; /* p: checked by the builder (S3L_ERR_ARG) */
    c->plan.err = err;
    c->plan.body = NULL;
    p = begin(c, p, out, S3L_OP_DELETE_OBJECT);
    rc = s3l_build_delete_object(&c->req, &c->arena, &c->cfg.endpoint, p);
    return rc != S3L_OK ? rc : run(c);
}

/* CreateBucket's XML body, when it has one: in the arena, read through c->op_reader (a
 * signed body). Apart from s3l_client_create_bucket(), whose frame is under the signer's. */
NOINLINE static int bucket_body(struct s3l_client *c, const struct s3l_create_bucket_params *p)
{
    struct s3l_mem_reader *mr = &c->op_src.mem;
    size_t n = 0;
    char *xml;
    int rc = s3l_create_bucket_body(p, NULL, 0, &n);
    if (rc != S3L_OK && rc != S3L_ERR_BUF_TOO_SMALL) return rc;
    if (n == 0) return S3L_OK;
    xml = s3l_arena_alloc(&c->arena, n);
    if (xml == NULL) return S3L_ERR_BUF_TOO_SMALL;
    rc = s3l_create_bucket_body(p, xml, n, &n);
    if (rc != S3L_OK) return rc;
    s3l_mem_reader_init(mr, xml, n, &c->op_reader);
    c->plan.rd = &c->op_reader;
    return S3L_OK;
}

int s3l_client_create_bucket(struct s3l_client *c, const struct s3l_create_bucket_params *p,
                             struct s3l_s3_error *err)
{
    int rc;
    if (c == NULL || p == NULL) return S3L_ERR_ARG;
    c->plan.err = err;
    c->plan.body = NULL;
    p = begin(c, p, NULL, S3L_OP_CREATE_BUCKET);
    rc = s3l_build_create_bucket(&c->req, &c->arena, &c->cfg.endpoint, p);
    if (rc == S3L_OK) rc = bucket_body(c, p);
    return rc != S3L_OK ? rc : run(c);
}
