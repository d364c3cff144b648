/* SPDX-License-Identifier: MIT */
/*
 * The core on the microcontroller itself, sized for 16 KiB of RAM (the Cortex-M0 runs it too):
 *  - known answers: SHA-256, the three CRCs with every table option, base64, dates, the SigV4
 *    signature and the aws-chunked seed and chunk signatures of AWS's documented examples,
 *    an UploadPart request built and written, a CreateMultipartUpload answer and an S3 error
 *    parsed through the HTTP parser and the response parser, byte by byte;
 *  - with S3L_REPORT=1: the stack each public call used (painted stack, see board.h), one
 *    "STACK name bytes" line each;
 *  - with S3L_BENCH=1 (run under -icount shift=0): instructions per operation, "BENCH" lines.
 * Ends with the "N passed, N failed, N skipped" line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "harness.h"
#include "s3lite/aws_chunked.h"
#include "s3lite/checksum.h"
#include "s3lite/date.h"
#include "s3lite/hash.h"
#include "s3lite/http.h"
#include "s3lite/s3_request.h"
#include "s3lite/s3_response.h"
#include "s3lite/sigv4.h"

/* The CRC table options, compiled beside the seam with renamed symbols (boards/qemu-mps2/qemu.mk). */
#define VARIANT_DECL(p)                                                                    \
    uint32_t p##s3l_crc32_update(uint32_t crc, const void *data, size_t len);              \
    uint32_t p##s3l_crc32c_update(uint32_t crc, const void *data, size_t len);             \
    uint64_t p##s3l_crc64nvme_update(uint64_t crc, const void *data, size_t len);
VARIANT_DECL(t0_)
VARIANT_DECL(t1_)
VARIANT_DECL(t8_)

/* AWS's documented examples (sig-v4-header-based-auth.html, sigv4-streaming.html). */
static const struct s3l_credentials k_creds = {"AKIAIOSFODNN7EXAMPLE",
                                               "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", NULL};
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define GET_SIGNATURE "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
#define SEED_SIGNATURE "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
#define CHUNK1_SIGNATURE "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648"
#define CHUNK2_SIGNATURE "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497"
#define FINAL_SIGNATURE "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"

#define DATA_LEN 1024 /* the streaming example's data, one KiB at a time (all 'a') */
static uint8_t g_data[DATA_LEN];
static int g_report;

/* ---- the calls under test, each behind a probe-shaped wrapper ------------------------ */

struct sign_ctx {
    struct s3l_sigv4 sig;
    struct s3l_header items[10];
    struct s3l_headers headers;
    struct s3l_sigv4_request req;
    char authz[320];
    int rc;
};

static void setup_get(struct sign_ctx *s)
{
    memset(s, 0, sizeof *s);
    s->headers.items = s->items;
    s->headers.cap = sizeof s->items / sizeof s->items[0];
    s3l_headers_add(&s->headers, "Host", 4, "examplebucket.s3.amazonaws.com", 30);
    s3l_headers_add(&s->headers, "Range", 5, "bytes=0-9", 9);
    s->req.method = "GET";
    s->req.path = "/test.txt";
    s->req.path_len = 9;
    s->req.headers = &s->headers;
    s->req.payload_hash = EMPTY_SHA256;
    s3l_sigv4_init(&s->sig, &k_creds, "us-east-1", "s3");
    s3l_sigv4_set_time(&s->sig, "20130524T000000Z");
}

static void call_sign_headers(void *arg)
{
    struct sign_ctx *s = arg;
    s->rc = s3l_sigv4_sign_headers(&s->sig, &s->req, s->authz, sizeof s->authz);
}

static void setup_streaming(struct sign_ctx *s)
{
    memset(s, 0, sizeof *s);
    s->headers.items = s->items;
    s->headers.cap = sizeof s->items / sizeof s->items[0];
    s3l_headers_add(&s->headers, "Host", 4, "s3.amazonaws.com", 16);
    s3l_headers_add(&s->headers, "x-amz-storage-class", 19, "REDUCED_REDUNDANCY", 18);
    s3l_headers_add(&s->headers, "Content-Encoding", 16, "aws-chunked", 11);
    s3l_headers_add(&s->headers, "x-amz-decoded-content-length", 28, "66560", 5);
    s3l_headers_add(&s->headers, "Content-Length", 14, "66824", 5);
    s->req.method = "PUT";
    s->req.path = "/examplebucket/chunkObject.txt";
    s->req.path_len = strlen(s->req.path);
    s->req.headers = &s->headers;
    s->req.payload_hash = S3L_CONTENT_SHA256_STREAMING;
    s3l_sigv4_init(&s->sig, &k_creds, "us-east-1", "s3");
    s3l_sigv4_set_time(&s->sig, "20130524T000000Z");
}

struct chunk_ctx {
    struct sign_ctx *s;
    struct s3l_chunked enc;
    const uint8_t *data;
    size_t n;
    char head[S3L_CHUNKED_HEAD_MAX];
    size_t len;
    int rc;
};

static void call_chunked_head(void *arg)
{
    struct chunk_ctx *c = arg;
    c->rc = s3l_chunked_head(&c->enc, c->data, c->n, c->head, sizeof c->head, &c->len);
}

struct chunk_sig_ctx {
    struct s3l_sigv4 *sig;
    uint8_t hash[S3L_SHA256_LEN];
    char out[S3L_SIG_HEX_LEN + 1];
    int rc;
};

static void call_sign_chunk(void *arg)
{
    struct chunk_sig_ctx *c = arg;
    c->rc = s3l_sigv4_sign_chunk(c->sig, c->hash, c->out);
}

struct build_ctx {
    struct s3l_request req;
    struct s3l_header items[16];
    char arena_buf[768];
    struct s3l_arena arena;
    struct s3l_endpoint ep;
    struct s3l_upload_part_params p;
    char head[640];
    size_t head_len;
    int rc;
};

static void setup_build(struct build_ctx *b)
{
    memset(b, 0, sizeof *b);
    b->req.headers.items = b->items;
    b->req.headers.cap = sizeof b->items / sizeof b->items[0];
    b->arena.buf = b->arena_buf;
    b->arena.cap = sizeof b->arena_buf;
    b->ep.host = "127.0.0.1:7480";
    b->p.bucket = "logs";
    b->p.key = "device-7/2024/06/11 log.txt";
    b->p.key_len = strlen(b->p.key);
    b->p.upload_id = "2~abcdEFGH_ijkl-mnop.qrst";
    b->p.part_number = 3;
    b->p.content_length = 5242880;
    b->p.checksum_algorithm = S3L_CHECKSUM_CRC32C;
    b->p.checksum_value = "yZRlqg==";
}

static void call_build_upload_part(void *arg)
{
    struct build_ctx *b = arg;
    b->rc = s3l_build_upload_part(&b->req, &b->arena, &b->ep, &b->p);
}

static void call_write_head(void *arg)
{
    struct build_ctx *b = arg;
    b->rc = s3l_http_write_head(&b->req, b->head, sizeof b->head, &b->head_len);
}

/* A response, fed byte by byte through the HTTP parser into the S3 response parser. */
struct parse_ctx {
    struct s3l_http_parser http;
    struct s3l_response resp;
    struct s3l_s3_error err;
    union {
        struct s3l_create_mpu_result create;
    } result;
    char line[256];
    char scratch[S3L_XML_SCRATCH_SIZE];
    const char *wire;
    enum s3l_op op;
    int rc;
};

static void call_parse(void *arg)
{
    struct parse_ctx *p = arg;
    size_t i, n = strlen(p->wire), used = 0;
    int rc = s3l_response_init(&p->resp, p->op, &p->result, &p->err, p->scratch,
                               sizeof p->scratch);
    if (rc == S3L_OK)
        rc = s3l_http_parser_init(&p->http, p->line, sizeof p->line, &p->resp.cb, &p->resp, 0);
    for (i = 0; rc == S3L_OK || rc == S3L_PENDING; i++) {
        if (i >= n) break;
        rc = s3l_http_feed(&p->http, (const uint8_t *)p->wire + i, 1, &used);
    }
    p->rc = rc == S3L_OK ? s3l_response_finish(&p->resp) : rc;
}

#define UPLOAD_ID "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA"
static const char k_create_wire[] =
    "HTTP/1.1 200 OK\r\nx-amz-request-id: 4442587FB7D0A2F9\r\nContent-Type: application/xml\r\n"
    "Transfer-Encoding: chunked\r\n\r\n"
    "9d\r\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult xmlns=\""
    "http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>logs</Bucket><Key>a/b.txt</Key>\r\n"
    "4f\r\n<UploadId>" UPLOAD_ID "</UploadId>\r\n"
    "20\r\n</InitiateMultipartUploadResult>\r\n0\r\n\r\n";
static const char k_error_wire[] =
    "HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: 182\r\n\r\n"
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code>"
    "<Message>The request signature we calculated does not match</Message><RequestId>R1</Req"
    "uestId></Error>";

struct digest_ctx {
    struct s3l_checksum c;
    enum s3l_checksum_alg alg;
    char out[64];
    size_t len;
    int rc;
};

static void call_checksum(void *arg)
{
    struct digest_ctx *d = arg;
    d->rc = s3l_checksum_start(&d->c, d->alg);
    if (d->rc == S3L_OK) d->rc = s3l_checksum_update(&d->c, g_data, sizeof g_data);
    if (d->rc == S3L_OK) d->rc = s3l_checksum_finish_base64(&d->c, d->out, sizeof d->out, &d->len);
}

struct date_ctx {
    struct s3l_tm tm;
    int64_t t;
    char out[40];
    int rc;
};

static void call_date(void *arg)
{
    struct date_ctx *d = arg;
    d->rc = s3l_date_parse("Tue, 11 Jun 2024 08:09:10 GMT", S3L_DATE_HTTP, &d->tm, NULL);
    if (d->rc == S3L_OK) d->rc = s3l_date_to_unix(&d->tm, &d->t);
    if (d->rc == S3L_OK) (void)s3l_date_format(&d->tm, S3L_DATE_AMZ, d->out);
}

/* One instance of each call's context, shared by the checks and the benchmark (16 KiB RAM). */
static struct sign_ctx g_sign;
static struct chunk_ctx g_chunk;
static struct chunk_sig_ctx g_chunk_sig;
static struct build_ctx g_build;
static struct parse_ctx g_parse;
static struct digest_ctx g_digest;
static struct date_ctx g_date;

#define FNS_CHECKSUM "s3l_checksum_start_abi,s3l_checksum_update,s3l_checksum_finish_base64"
#define FNS_PARSE "s3l_response_init_abi,s3l_http_parser_init_abi,s3l_http_feed,s3l_response_finish"

/* Run fn(arg) once through the stack probe; with S3L_REPORT, say how deep it went and which
 * public functions the call ran (for the static figures beside it, boards/qemu-mps2/qemu.mk). */
static void probe(const char *name, const char *functions, void (*fn)(void *), void *arg)
{
    size_t used = board_stack_probe(fn, arg, 3072);
    if (g_report) printf("STACK %s %u %s\n", name, (unsigned)used, functions);
}

/* ---- known answers ------------------------------------------------------------------ */

static void test_crcs(void)
{
    static const uint8_t check[] = "123456789";
    typedef uint32_t (*f32)(uint32_t, const void *, size_t);
    typedef uint64_t (*f64)(uint64_t, const void *, size_t);
    const f32 c32[] = {s3l_crc32_update, t0_s3l_crc32_update, t1_s3l_crc32_update,
                       t8_s3l_crc32_update};
    const f32 c32c[] = {s3l_crc32c_update, t0_s3l_crc32c_update, t1_s3l_crc32c_update,
                        t8_s3l_crc32c_update};
    const f64 c64[] = {s3l_crc64nvme_update, t0_s3l_crc64nvme_update, t1_s3l_crc64nvme_update,
                       t8_s3l_crc64nvme_update};
    size_t i;
    for (i = 0; i < 4; i++) {
        /* Check values of the CRC catalogue; then the same over two unaligned pieces. */
        CHECK(c32[i](0, check, 9) == 0xCBF43926u);
        CHECK(c32c[i](0, check, 9) == 0xE3069283u);
        CHECK(c64[i](0, check, 9) == UINT64_C(0xAE8B14860A799888));
        CHECK(c32c[i](c32c[i](0, check, 3), check + 3, 6) == 0xE3069283u);
        CHECK(c64[i](c64[i](0, check + 0, 5), check + 5, 4) == UINT64_C(0xAE8B14860A799888));
        /* one KiB of 'a' (unaligned start) agrees across the table options */
        CHECK(c32c[i](0, g_data + 1, 1000) == s3l_crc32c_update(0, g_data + 1, 1000));
    }
}

static void test_digests(void)
{
    uint8_t h[S3L_SHA256_LEN];
    static const uint8_t abc_sha256[8] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea};
    s3l_sha256_ctx c;
    char b64[16];
    size_t n;
    CHECK(s3l_sha256_start(&c) == S3L_OK && s3l_sha256_update(&c, "abc", 3) == S3L_OK &&
          s3l_sha256_finish(&c, h) == S3L_OK && memcmp(h, abc_sha256, 8) == 0);
    CHECK(s3l_base64_encode("foobar", 6, b64, sizeof b64, &n) == S3L_OK && n == 8 &&
          memcmp(b64, "Zm9vYmFy", 8) == 0);
    /* SHA-256 of 1024 'a', as the streaming example's second chunk hashes 1024 'a'. */
    g_digest.alg = S3L_CHECKSUM_SHA256;
    probe("s3l_checksum(SHA256,1KiB)", FNS_CHECKSUM, call_checksum, &g_digest);
    CHECK(g_digest.rc == S3L_OK &&
          strcmp(g_digest.out, "LtyYaEfiCbQBbhQabchxbTIHNQ9BaWk4LUMVOb8pLko=") == 0);
    g_digest.alg = S3L_CHECKSUM_CRC32C;
    probe("s3l_checksum(CRC32C,1KiB)", FNS_CHECKSUM, call_checksum, &g_digest);
    CHECK(g_digest.rc == S3L_OK && g_digest.len == 8);
    g_digest.alg = S3L_CHECKSUM_CRC64NVME;
    probe("s3l_checksum(CRC64NVME,1KiB)", FNS_CHECKSUM, call_checksum, &g_digest);
    CHECK(g_digest.rc == S3L_OK && g_digest.len == 12);
}

static void test_dates(void)
{
    probe("s3l_date_parse+to_unix+format", "s3l_date_parse,s3l_date_to_unix,s3l_date_format",
          call_date, &g_date);
    CHECK(g_date.rc == S3L_OK && g_date.t == 1718093350 &&
          strcmp(g_date.out, "20240611T080910Z") == 0);
}

static void test_signer(void)
{
    const char *sig;
    setup_get(&g_sign);
    probe("s3l_sigv4_sign_headers(cold-key)", "s3l_sigv4_sign_headers", call_sign_headers, &g_sign);
    sig = strstr(g_sign.authz, "Signature=");
    CHECK(g_sign.rc == S3L_OK && sig != NULL && strcmp(sig + 10, GET_SIGNATURE) == 0);
    /* again, with the signing key cached (the headers the signer appended are dropped) */
    g_sign.headers.count = 2;
    probe("s3l_sigv4_sign_headers(warm-key)", "s3l_sigv4_sign_headers", call_sign_headers, &g_sign);
    sig = strstr(g_sign.authz, "Signature=");
    CHECK(g_sign.rc == S3L_OK && sig != NULL && strcmp(sig + 10, GET_SIGNATURE) == 0);

    setup_streaming(&g_sign);
    call_sign_headers(&g_sign);
    CHECK(g_sign.rc == S3L_OK && strcmp(g_sign.sig.last_signature, SEED_SIGNATURE) == 0);
    memset(&g_chunk, 0, sizeof g_chunk);
    g_chunk.s = &g_sign;
    CHECK(s3l_chunked_init(&g_chunk.enc, S3L_PAYLOAD_MODE_STREAMING, &g_sign.sig, NULL) == S3L_OK);
    /* chunk 1 is 65536 'a': hash it here 1 KiB at a time, sign through the signer */
    {
        s3l_sha256_ctx c;
        size_t i;
        g_chunk_sig.sig = &g_sign.sig;
        s3l_sha256_start(&c);
        for (i = 0; i < 64; i++) s3l_sha256_update(&c, g_data, DATA_LEN);
        s3l_sha256_finish(&c, g_chunk_sig.hash);
        probe("s3l_sigv4_sign_chunk", "s3l_sigv4_sign_chunk", call_sign_chunk, &g_chunk_sig);
        CHECK(g_chunk_sig.rc == S3L_OK && strcmp(g_chunk_sig.out, CHUNK1_SIGNATURE) == 0);
    }
    /* chunk 2 (1024 'a') through the encoder, then the final chunk */
    g_chunk.data = g_data;
    g_chunk.n = DATA_LEN;
    probe("s3l_chunked_head(1KiB)", "s3l_chunked_head", call_chunked_head, &g_chunk);
    CHECK(g_chunk.rc == S3L_OK && g_chunk.len == 3 + 17 + 64 + 2 &&
          memcmp(g_chunk.head, "400;chunk-signature=" CHUNK2_SIGNATURE "\r\n", g_chunk.len) == 0);
    {
        char fin[200];
        size_t n = 0;
        CHECK(s3l_chunked_final(&g_chunk.enc, NULL, 0, fin, sizeof fin, &n) == S3L_OK &&
              n > 64 + 20 && memcmp(fin, "0;chunk-signature=" FINAL_SIGNATURE, 82) == 0);
    }
}

static void test_request(void)
{
    static const char want_start[] =
        "PUT /logs/device-7/2024/06/11%20log.txt?partNumber=3&uploadId=2~abcdEFGH_ijkl-mnop.qrst"
        " HTTP/1.1\r\nHost: 127.0.0.1:7480\r\n";
    setup_build(&g_build);
    probe("s3l_build_upload_part", "s3l_build_upload_part", call_build_upload_part, &g_build);
    CHECK(g_build.rc == S3L_OK);
    probe("s3l_http_write_head", "s3l_http_write_head", call_write_head, &g_build);
    CHECKF(g_build.rc == S3L_OK && g_build.head_len > sizeof want_start &&
               memcmp(g_build.head, want_start, sizeof want_start - 1) == 0 &&
               strstr(g_build.head, "\r\nx-amz-checksum-crc32c: yZRlqg==\r\n") != NULL,
           "%.*s", (int)g_build.head_len, g_build.head);
}

static void test_responses(void)
{
    memset(&g_parse, 0, sizeof g_parse);
    g_parse.op = S3L_OP_CREATE_MPU;
    g_parse.wire = k_create_wire;
    probe("s3l_http_feed+s3l_response(CreateMPU)", FNS_PARSE, call_parse, &g_parse);
    CHECKF(g_parse.rc == S3L_OK && strcmp(g_parse.result.create.upload_id, UPLOAD_ID) == 0,
           "rc %d", g_parse.rc);
    memset(&g_parse, 0, sizeof g_parse);
    g_parse.op = S3L_OP_UPLOAD_PART;
    g_parse.wire = k_error_wire;
    probe("s3l_http_feed+s3l_response(Error)", FNS_PARSE, call_parse, &g_parse);
    CHECKF(g_parse.rc == S3L_ERR_S3 && g_parse.err.http_status == 403 &&
               strcmp(g_parse.err.code, "SignatureDoesNotMatch") == 0 &&
               strcmp(g_parse.err.request_id, "R1") == 0,
           "rc %d", g_parse.rc);
}

/* ---- instruction counts (S3L_BENCH=1, under -icount shift=0) ---------------------------- */

static unsigned long long insns_since(uint64_t t0)
{
    return (unsigned long long)((board_ticks() - t0) * BOARD_TICK_INSNS);
}

static void bench_crc(const char *name, uint32_t (*fn)(uint32_t, const void *, size_t))
{
    uint64_t t0 = board_ticks();
    uint32_t crc = 0;
    int i;
    for (i = 0; i < 64; i++) crc = fn(crc, g_data, DATA_LEN);
    printf("BENCH %s per KiB: %llu instructions (crc %08lx)\n", name, insns_since(t0) / 64,
           (unsigned long)crc);
}

static void bench_crc64(const char *name, uint64_t (*fn)(uint64_t, const void *, size_t))
{
    uint64_t t0 = board_ticks();
    uint64_t crc = 0;
    int i;
    for (i = 0; i < 64; i++) crc = fn(crc, g_data, DATA_LEN);
    printf("BENCH %s per KiB: %llu instructions (crc %08lx)\n", name, insns_since(t0) / 64,
           (unsigned long)crc);
}

static void bench(void)
{
    enum { CHUNK = 8192 };
    uint8_t *chunk = malloc(CHUNK); /* the M0 has no room for it: the bench is for the M4 */
    uint64_t t0;
    unsigned long long loop;
    int i;

    if (chunk == NULL) {
        SKIP(1, "bench: no room for an 8 KiB chunk");
        return;
    }
    board_ticks_start();
    /* The tick's worth: a loop of exactly 2 instructions a turn (subs, bne), 500000 turns. */
    t0 = board_ticks();
    {
        uint32_t n = 500000;
        __asm__ volatile(".syntax unified\n1: subs %0, %0, #1\n\tbne 1b" : "+l"(n) : : "cc");
    }
    loop = insns_since(t0);
    printf("BENCH calibration: a loop of 1000000 instructions measured %llu (%u instructions "
           "a SysTick tick)\n", loop, BOARD_TICK_INSNS);

    bench_crc("crc32 tables=0", t0_s3l_crc32_update);
    bench_crc("crc32 tables=1", t1_s3l_crc32_update);
    bench_crc("crc32 tables=8", t8_s3l_crc32_update);
    bench_crc("crc32c tables=0", t0_s3l_crc32c_update);
    bench_crc("crc32c tables=1", t1_s3l_crc32c_update);
    bench_crc("crc32c tables=8", t8_s3l_crc32c_update);
    bench_crc64("crc64nvme tables=0", t0_s3l_crc64nvme_update);
    bench_crc64("crc64nvme tables=1", t1_s3l_crc64nvme_update);
    bench_crc64("crc64nvme tables=8", t8_s3l_crc64nvme_update);
    {
        s3l_sha256_ctx c;
        uint8_t h[32];
        t0 = board_ticks();
        s3l_sha256_start(&c);
        for (i = 0; i < 64; i++) s3l_sha256_update(&c, g_data, DATA_LEN);
        s3l_sha256_finish(&c, h);
        printf("BENCH sha256 (mbedTLS) per KiB: %llu instructions\n", insns_since(t0) / 64);
    }

    /* A warm UploadPart signature: the request built, the signing key cached. */
    setup_build(&g_build);
    s3l_build_upload_part(&g_build.req, &g_build.arena, &g_build.ep, &g_build.p);
    memset(&g_sign, 0, sizeof g_sign);
    g_sign.req.method = g_build.req.method;
    g_sign.req.path = g_build.req.path;
    g_sign.req.path_len = g_build.req.path_len;
    g_sign.req.query = g_build.req.query;
    g_sign.req.query_len = g_build.req.query_len;
    g_sign.req.headers = &g_build.req.headers;
    g_sign.req.payload_hash = S3L_CONTENT_SHA256_UNSIGNED;
    s3l_sigv4_init(&g_sign.sig, &k_creds, "us-east-1", "s3");
    s3l_sigv4_set_time(&g_sign.sig, "20240611T080910Z");
    {
        size_t base = g_build.req.headers.count;
        call_sign_headers(&g_sign); /* cold: derives the key */
        t0 = board_ticks();
        for (i = 0; i < 20; i++) {
            g_build.req.headers.count = base;
            call_sign_headers(&g_sign);
        }
        printf("BENCH UploadPart signature (warm key, UNSIGNED-PAYLOAD): %llu instructions%s\n",
               insns_since(t0) / 20, g_sign.rc == S3L_OK ? "" : " (FAILED)");
    }
    /* A chunk signature alone (its data already hashed). */
    setup_streaming(&g_sign);
    call_sign_headers(&g_sign);
    g_chunk_sig.sig = &g_sign.sig;
    t0 = board_ticks();
    for (i = 0; i < 20; i++) call_sign_chunk(&g_chunk_sig);
    printf("BENCH aws-chunked chunk signature: %llu instructions\n", insns_since(t0) / 20);

    /* One MiB of a streamed part: 128 chunks of 8 KiB (S3L_CHUNK_SIZE), each hashed and signed
     * by the encoder, and CRC32C over the data as the trailer's checksum. */
    memset(chunk, 'a', CHUNK);
    setup_streaming(&g_sign);
    call_sign_headers(&g_sign);
    memset(&g_chunk, 0, sizeof g_chunk);
    s3l_chunked_init(&g_chunk.enc, S3L_PAYLOAD_MODE_STREAMING_TRAILER, &g_sign.sig,
                     "x-amz-checksum-crc32c");
    {
        uint32_t crc = 0;
        t0 = board_ticks();
        for (i = 0; i < 128; i++) {
            g_chunk.data = chunk;
            g_chunk.n = CHUNK;
            call_chunked_head(&g_chunk);
            crc = s3l_crc32c_update(crc, chunk, CHUNK);
        }
        printf("BENCH streamed part (signed aws-chunked + CRC32C trailer) per MiB: %llu "
               "instructions (crc %08lx)\n", insns_since(t0), (unsigned long)crc);
        t0 = board_ticks();
        {
            s3l_sha256_ctx c;
            uint8_t h[32];
            crc = 0;
            for (i = 0; i < 128; i++) {
                s3l_sha256_start(&c);
                s3l_sha256_update(&c, chunk, CHUNK);
                s3l_sha256_finish(&c, h);
                crc = s3l_crc32c_update(crc, chunk, CHUNK);
            }
        }
        printf("BENCH floor (SHA-256 + CRC32C of the same MiB): %llu instructions\n",
               insns_since(t0));
    }
    free(chunk);
}

int main(void)
{
    const char *r = getenv("S3L_REPORT"), *b = getenv("S3L_BENCH");
    g_report = r != NULL && r[0] == '1';
    memset(g_data, 'a', sizeof g_data);
    test_crcs();
    test_digests();
    test_dates();
    test_signer();
    test_request();
    test_responses();
    if (b != NULL && b[0] == '1') bench();
    return th_summary();
}
