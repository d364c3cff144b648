/* SPDX-License-Identifier: MIT */
/*
 * Differential test: s3lite's SigV4 signer against botocore (Debian python3-botocore, run with
 * /usr/bin/python3 through tests/sigv4_botocore.py) on generated S3 requests.
 *
 * The cases come from a fixed seed, so every run checks the same cases and counts the same
 * checks; S3L_TEST_SEED=N (printed first) explores others, e.g. S3L_TEST_SEED=$RANDOM, and
 * replays one. S3L_SIGV4_CASES=N changes the number of cases (default 1500). Requests have odd keys
 * (spaces, unicode, reserved characters, "//", "..", lower-case escapes), subresource and
 * repeated query parameters, padded, folded-blank and repeated header values, stale
 * X-Amz-Date / x-amz-content-sha256 / Authorization headers, session tokens, long secrets,
 * signed / unsigned / streaming payloads, and presigned URLs. For each, the canonical request
 * and string to sign (through the trace hook), the signature, and the Authorization value or
 * presigned query must be byte-identical. SKIP when botocore is not installed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "s3lite/hash.h"
#include "s3lite/sigv4.h"
#include "s3lite/uri.h"
#include "util_trace.h"

#define PY "/usr/bin/python3"
#define MAXH 24

/* ---- random generation ---------------------------------------------------------------------- */

static uint64_t g_rng;

static uint64_t rnd(void) /* splitmix64 */
{
    uint64_t z = (g_rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
    return (unsigned)(rnd() % n);
}

#define PICK(a) ((a)[pick((unsigned)(sizeof(a) / sizeof((a)[0])))])

struct sbuf {
    char b[4096];
    size_t n;
};

static void sb_add(struct sbuf *s, const char *p, size_t n)
{
    if (n > sizeof s->b - 1 - s->n) n = sizeof s->b - 1 - s->n;
    memcpy(s->b + s->n, p, n);
    s->n += n;
    s->b[s->n] = '\0';
}

static void sb_str(struct sbuf *s, const char *p)
{
    sb_add(s, p, strlen(p));
}

/* URI-encode p (S3 style: upper-case hex); keep '/' when slash. */
static void sb_enc(struct sbuf *s, const char *p, int slash, int lower_hex)
{
    char tmp[2048];
    size_t n, i;
    if (s3l_uri_encode(p, strlen(p), slash ? S3L_URI_KEEP_SLASH : 0, tmp, sizeof tmp, &n) != 0) {
        return;
    }
    if (lower_hex) { /* "%c3%a9": a valid escape the signer must keep as is on the path */
        for (i = 0; i + 2 < n; i++) {
            if (tmp[i] == '%' && tmp[i + 1] >= 'A' && tmp[i + 1] <= 'F') tmp[i + 1] += 32;
        }
    }
    sb_add(s, tmp, n);
}

static const char *const k_seg[] = {
    "photos", "2024", "a b", "x  y", "caf\xc3\xa9", "\xe1\x88\xb4", "\xe6\x97\xa5\xe6\x9c\xac",
    "\xf0\x9f\x98\x80", "!$&'()*+,;=:@", "~tilde", "per%cent", "q?uery", "h#ash", "..", ".", "",
    "dots...", "under_score-dash.dot", "UPPER", "a+b=c", "[brackets]", "{braces}", "back\\slash",
    "quote\"", "<lt>", "^caret`", "|pipe", "tab\there", "%41", "-", "_"};

static const char *const k_word[] = {
    "value", "v2", "text/plain", "a,b", "semi;colon", "\"quoted\"", "caf\xc3\xa9",
    "\xe1\x88\xb4", "\xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x98\x80", "x=y", "p&q", "100%",
    "a+b", "/slash/", "?", "#", "~", "UPPER", "MiXeD", "0", "bytes=0-9", "key:val", "*",
    "<xml/>", "{}", "[]", "@", "!", "'", "(", ")", "^", "`", "|", "\\"};

static const char *const k_sub[] = {"uploads", "acl", "tagging", "versioning", "lifecycle",
                                    "cors", "policy", "location", "delete", "restore",
                                    "legal-hold", "retention", "torrent", "attributes"};

static const char *const k_qname[] = {
    "partNumber", "uploadId", "prefix", "delimiter", "max-keys", "marker", "versionId",
    "list-type", "continuation-token", "response-content-type", "x-id", "encoding-type",
    "start-after", "key-marker", "upload-id-marker", "max-uploads", "part-number-marker",
    "max-parts", "Mixed-Case", "z", "a", "a-b", "a.b", "a_b", "A", "caf\xc3\xa9", "sp ace",
    "~"};

static const char *const k_hname[] = {
    "Content-Type", "Content-MD5", "Cache-Control", "Content-Disposition", "Content-Encoding",
    "Content-Language", "Expires", "If-Match", "If-None-Match", "Range", "x-amz-acl",
    "x-amz-storage-class", "x-amz-meta-a", "X-Amz-Meta-Mixed", "x-amz-meta-repeated",
    "x-amz-tagging", "x-amz-server-side-encryption", "x-amz-checksum-crc32",
    "x-amz-sdk-checksum-algorithm", "x-amz-decoded-content-length", "x-amz-trailer",
    "X-Custom-Header", "x-amz-grant-read", "x-amz-object-lock-mode",
    "x-amz-expected-bucket-owner", "Content-Length", "x-amz-meta-!#$%&'*+.^_`|~"};

static const char *const k_region[] = {"us-east-1", "us-west-2", "eu-central-1",
                                       "ap-southeast-2", "cn-north-1", "us-gov-west-1",
                                       "me-south-1", "auto", "garage"};

static const char *const k_host[] = {"examplebucket.s3.amazonaws.com",
                                     "s3.us-west-2.amazonaws.com",
                                     "bucket-1.s3.eu-central-1.amazonaws.com", "127.0.0.1:9000",
                                     "[::1]:8080", "minio.local:9000"};

static void rnd_chars(char *out, size_t n, const char *set)
{
    size_t i, m = strlen(set);
    for (i = 0; i < n; i++) out[i] = set[pick((unsigned)m)];
    out[n] = '\0';
}

/* A header value: words with blank runs, sometimes padded, sometimes empty. */
static void rnd_value(struct sbuf *v)
{
    unsigned i, n = pick(5);
    static const char *const blanks[] = {" ", " ", "  ", "\t", " \t ", "   "};
    v->n = 0;
    v->b[0] = '\0';
    if (pick(4) == 0) sb_str(v, PICK(blanks));
    for (i = 0; i < n; i++) {
        if (i > 0) sb_str(v, PICK(blanks));
        sb_str(v, PICK(k_word));
    }
    if (pick(4) == 0) sb_str(v, PICK(blanks));
}

/* ---- one case --------------------------------------------------------------------------- */

struct tcase {
    char method[8];
    struct sbuf path, query;
    int has_query;
    int64_t t;
    char region[32], akid[32], secret[128], token[512];
    uint32_t expires;
    char payload[80]; /* "body", "unsigned" or a literal value */
    char body[64];
    size_t body_len;
    size_t nh;
    struct sbuf hn[MAXH], hv[MAXH];
};

static void add_header(struct tcase *c, const char *name, const char *value)
{
    if (c->nh >= MAXH - 6) return;
    c->hn[c->nh].n = c->hv[c->nh].n = 0;
    sb_str(&c->hn[c->nh], name);
    sb_str(&c->hv[c->nh], value);
    c->nh++;
}

static void gen_case(struct tcase *c)
{
    static const char *const methods[] = {"GET", "PUT", "POST", "HEAD", "DELETE"};
    static const char *const streaming[] = {S3L_CONTENT_SHA256_STREAMING, S3L_CONTENT_SHA256_STREAMING_TRAILER,
                                            S3L_CONTENT_SHA256_UNSIGNED_TRAILER};
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    struct sbuf key, v;
    const char *used[8];
    unsigned i, n, nused = 0;
    int lower_hex = pick(5) == 0;
    memset(c, 0, sizeof *c);
    strcpy(c->method, PICK(methods));
    c->expires = pick(4) == 0 ? 1u + (uint32_t)(rnd() % 604800u) : 0;
    if (c->expires != 0 && pick(3) == 0) c->expires = pick(2) ? 604800u : 1u;

    /* path: "/" [bucket "/"] key, key segments joined by '/', encoded once like botocore */
    key.n = 0;
    key.b[0] = '\0';
    if (pick(2)) sb_str(&key, "examplebucket/");
    n = 1 + pick(5);
    for (i = 0; i < n; i++) {
        if (i > 0) sb_str(&key, "/");
        sb_str(&key, PICK(k_seg));
    }
    sb_str(&c->path, "/");
    sb_enc(&c->path, key.b, 1, lower_hex);

    /* query: subresources and name=value pairs, encoded; repeats only for header signing */
    n = pick(3) == 0 ? 0 : 1 + pick(5);
    c->has_query = n > 0 || pick(20) == 0;
    for (i = 0; i < n; i++) {
        const char *name;
        unsigned j, sub = pick(4) == 0, dup = 0;
        name = sub ? PICK(k_sub) : PICK(k_qname);
        for (j = 0; j < nused; j++) dup |= strcmp(used[j], name) == 0;
        /* botocore's presigner keeps one value per name (parse_qs into a dict) */
        if (c->expires != 0 && dup) continue;
        if (nused < 8) used[nused++] = name;
        if (c->query.n > 0) sb_str(&c->query, "&");
        if (sub) {
            sb_str(&c->query, name);
            continue;
        }
        sb_enc(&c->query, name, 0, 0);
        sb_str(&c->query, "=");
        v.n = 0;
        v.b[0] = '\0';
        for (j = pick(3); j > 0; j--) sb_str(&v, PICK(k_word));
        sb_enc(&c->query, v.b, 0, 0);
    }
    if (c->query.n == 0) c->has_query = 0;

    c->t = 946684800 + (int64_t)(rnd() % 3155760000ull); /* 2000 .. 2099 */
    strcpy(c->region, PICK(k_region));
    strcpy(c->akid, pick(2) ? "AKIA" : "ASIA");
    rnd_chars(c->akid + 4, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    rnd_chars(c->secret, pick(10) == 0 ? 61 + pick(60) : 40, b64);
    if (pick(3) == 0) rnd_chars(c->token, 100 + pick(300), b64);

    if (c->expires == 0) {
        unsigned p = pick(6);
        strcpy(c->payload, p < 3 ? "body" : p == 3 ? "unsigned" : PICK(streaming));
    } else {
        strcpy(c->payload, "unsigned");
    }
    if (c->expires == 0 && pick(2)) {
        c->body_len = 1 + pick(40);
        rnd_chars(c->body, c->body_len, b64);
    }

    add_header(c, pick(3) == 0 ? "host" : "Host", PICK(k_host));
    n = pick(7);
    for (i = 0; i < n; i++) {
        char name[64];
        size_t k;
        unsigned rep = pick(6) == 0 ? 2 + pick(2) : 1;
        strcpy(name, PICK(k_hname));
        if (c->expires != 0 && strcmp(name, "Content-Type") == 0) continue;
        for (k = 0; name[k] != '\0'; k++) { /* header names are case-insensitive */
            if (pick(8) == 0 && name[k] >= 'a' && name[k] <= 'z') name[k] = (char)(name[k] - 32);
        }
        while (rep-- > 0) {
            rnd_value(&v);
            add_header(c, name, v.b);
        }
    }
    if (c->expires == 0) { /* stale values the signers must replace */
        if (pick(6) == 0) add_header(c, "X-Amz-Date", "20000101T000000Z");
        if (pick(6) == 0) add_header(c, "x-amz-content-sha256", "stale");
        if (pick(8) == 0) add_header(c, "Authorization", "AWS4-HMAC-SHA256 stale");
        if (pick(8) == 0) add_header(c, "X-Amz-Security-Token", "stale-token");
    }
}

/* ---- s3lite side ---------------------------------------------------------------------------- */

struct result {
    char *creq, *sts, *out;
    char sig[65];
    int rc;
};

static void sign_case(const struct tcase *c, struct result *r)
{
    struct s3l_credentials cr;
    struct s3l_sigv4 sig;
    struct s3l_header items[MAXH];
    struct s3l_headers hs;
    struct s3l_sigv4_request req;
    static struct cap cap;
    char out[4096], hex[65];
    size_t i, qlen = 0;
    uint8_t d[32];
    cr.access_key_id = c->akid;
    cr.secret_access_key = c->secret;
    cr.session_token = c->token[0] != '\0' ? c->token : NULL;
    memset(r, 0, sizeof *r);
    cap_reset(&cap);
    r->rc = s3l_sigv4_init(&sig, &cr, c->region, "s3");
    if (r->rc == 0) r->rc = s3l_sigv4_set_time_unix(&sig, c->t);
    sig.trace = cap_trace;
    sig.trace_ctx = &cap;
    hs.items = items;
    hs.count = 0;
    hs.cap = MAXH;
    for (i = 0; i < c->nh; i++) {
        if (s3l_headers_add(&hs, c->hn[i].b, c->hn[i].n, c->hv[i].b, c->hv[i].n) != 0) r->rc = -99;
    }
    memset(&req, 0, sizeof req);
    req.method = c->method;
    req.path = c->path.b;
    req.path_len = c->path.n;
    req.query = c->has_query ? c->query.b : NULL;
    req.query_len = c->has_query ? c->query.n : 0;
    req.headers = &hs;
    if (strcmp(c->payload, "body") == 0) {
        s3l_sha256(c->body, c->body_len, d);
        s3l_hex_lower(d, 32, hex);
        hex[64] = '\0';
        req.payload_hash = hex;
    } else if (strcmp(c->payload, "unsigned") == 0) {
        req.payload_hash = c->expires == 0 ? S3L_CONTENT_SHA256_UNSIGNED : NULL; /* presign default */
    } else {
        req.payload_hash = c->payload;
    }
    if (r->rc == 0) {
        r->rc = c->expires == 0 ? s3l_sigv4_sign_headers(&sig, &req, out, sizeof out)
                                : s3l_sigv4_presign(&sig, &req, c->expires, out, sizeof out, &qlen);
    }
    if (r->rc != 0) return;
    if (c->expires != 0) CHECK(qlen == strlen(out));
    r->creq = strdup(cap.buf[0]);
    r->sts = strdup(cap.buf[1]);
    r->out = strdup(out);
    memcpy(r->sig, sig.last_signature, 65);
    s3l_sigv4_wipe(&sig);
}

/* ---- plumbing ------------------------------------------------------------------------------ */

static void put_hex(FILE *f, const char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) fprintf(f, "%02x", (unsigned char)p[i]);
}

static void write_case(FILE *f, unsigned id, const struct tcase *c)
{
    size_t i;
    fprintf(f, "%u\t", id);
    put_hex(f, c->method, strlen(c->method));
    fputc('\t', f);
    put_hex(f, c->path.b, c->path.n);
    fputc('\t', f);
    if (c->has_query) {
        put_hex(f, c->query.b, c->query.n);
    } else {
        fputc('-', f);
    }
    fprintf(f, "\t%lld\t", (long long)c->t);
    put_hex(f, c->region, strlen(c->region));
    fputc('\t', f);
    put_hex(f, c->akid, strlen(c->akid));
    fputc('\t', f);
    put_hex(f, c->secret, strlen(c->secret));
    fputc('\t', f);
    if (c->token[0] != '\0') {
        put_hex(f, c->token, strlen(c->token));
    } else {
        fputc('-', f);
    }
    fprintf(f, "\t%u\t", (unsigned)c->expires);
    put_hex(f, c->payload, strlen(c->payload));
    fputc('\t', f);
    put_hex(f, c->body, c->body_len);
    for (i = 0; i < c->nh; i++) {
        fputc('\t', f);
        put_hex(f, c->hn[i].b, c->hn[i].n);
        fputc('\t', f);
        put_hex(f, c->hv[i].b, c->hv[i].n);
    }
    fputc('\n', f);
}

/* Decode hex field [p, e) into a malloc'd string. */
static char *unhex(const char *p, const char *e)
{
    size_t n = (size_t)(e - p) / 2, i;
    char *s = malloc(n + 1);
    if (s == NULL) return NULL;
    for (i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(p + 2 * i, "%2x", &v) != 1) v = '?';
        s[i] = (char)v;
    }
    s[n] = '\0';
    return s;
}

static const char *find_script(const char *argv0)
{
    static char p[4200];
    const char *slash;
    if (access("tests/sigv4_botocore.py", R_OK) == 0) return "tests/sigv4_botocore.py";
    slash = strrchr(argv0, '/');
    snprintf(p, sizeof p, "%.*s/../../tests/sigv4_botocore.py",
             slash != NULL ? (int)(slash - argv0) : 1, slash != NULL ? argv0 : ".");
    return access(p, R_OK) == 0 ? p : NULL;
}

static void show_case(const struct tcase *c)
{
    size_t i;
    fprintf(stderr, "  case: %s %s%s%s t=%lld region=%s expires=%u payload=%s token=%s\n",
            c->method, c->path.b, c->has_query ? "?" : "", c->has_query ? c->query.b : "",
            (long long)c->t, c->region, (unsigned)c->expires, c->payload,
            c->token[0] ? "yes" : "no");
    for (i = 0; i < c->nh; i++) fprintf(stderr, "    [%s]:[%s]\n", c->hn[i].b, c->hv[i].b);
}

int main(int argc, char **argv)
{
    const char *seed_env = getenv("S3L_TEST_SEED"), *n_env = getenv("S3L_SIGV4_CASES");
    const char *script;
    unsigned long long seed;
    unsigned n = n_env != NULL ? (unsigned)strtoul(n_env, NULL, 10) : 1500, i, got = 0, bad = 0;
    struct tcase *cases;
    struct result *res;
    char tmpl[] = "/tmp/s3l_sigv4_botocore_XXXXXX", cmd[8400], *line;
    size_t line_cap = 1 << 20;
    FILE *f, *p;
    int fd;
    (void)argc;

    if (n == 0) n = 1;
    script = find_script(argv[0]);
    if (access(PY, X_OK) != 0 || system(PY " -c 'import botocore.auth' 2>/dev/null") != 0 ||
        script == NULL) {
        SKIP(n, "botocore not available (apt-get install python3-botocore; needs " PY ")");
        return th_summary();
    }
    seed = seed_env != NULL && seed_env[0] != '\0' ? strtoull(seed_env, NULL, 0) : 20240611ull;
    printf("sigv4 vs botocore: seed %llu, %u cases (replay: S3L_TEST_SEED=%llu)\n", seed, n,
           seed);
    fflush(stdout);
    g_rng = seed;

    cases = calloc(n, sizeof *cases);
    res = calloc(n, sizeof *res);
    line = malloc(line_cap);
    fd = mkstemp(tmpl);
    if (cases == NULL || res == NULL || line == NULL || fd < 0 || (f = fdopen(fd, "w")) == NULL) {
        CHECKF(0, "setup failed");
        if (fd >= 0) {
            close(fd);
            unlink(tmpl);
        }
        free(cases);
        free(res);
        free(line);
        return th_summary();
    }
    for (i = 0; i < n; i++) {
        gen_case(&cases[i]);
        sign_case(&cases[i], &res[i]);
        CHECKF(res[i].rc == 0, "case %u: s3lite rc %d", i, res[i].rc);
        write_case(f, i, &cases[i]);
    }
    fclose(f);

    snprintf(cmd, sizeof cmd, PY " '%s' < '%s'", script, tmpl);
    p = popen(cmd, "r");
    if (p == NULL) {
        CHECKF(0, "cannot run %s", cmd);
        unlink(tmpl);
        free(cases);
        free(res);
        free(line);
        return th_summary();
    }
    while (fgets(line, (int)line_cap, p) != NULL) {
        char *fld[5], *s = line, *creq, *sts, *out;
        unsigned k, id;
        const struct result *r;
        for (k = 0; k < 5; k++) {
            fld[k] = s;
            s = strchr(s, k < 4 ? '\t' : '\n');
            if (s == NULL) break;
            *s++ = '\0';
        }
        if (k < 4) {
            CHECKF(0, "bad oracle line");
            continue;
        }
        id = (unsigned)strtoul(fld[0], NULL, 10);
        if (id >= n) continue;
        got++;
        r = &res[id];
        if (r->rc != 0) continue;
        creq = unhex(fld[1], fld[1] + strlen(fld[1]));
        sts = unhex(fld[2], fld[2] + strlen(fld[2]));
        out = unhex(fld[4], fld[4] + strlen(fld[4]));
        if (creq == NULL || sts == NULL || out == NULL) {
            CHECKF(0, "out of memory");
            break;
        }
        if (cases[id].expires != 0) { /* compare from X-Amz-Algorithm on: botocore re-encodes
                                         the request's own parameters ("uploads" -> "uploads=") */
            char *a = strstr(out, "X-Amz-Algorithm="), *b = strstr(r->out, "X-Amz-Algorithm=");
            memmove(out, a ? a : out, strlen(a ? a : out) + 1);
            if (b != NULL) memmove(r->out, b, strlen(b) + 1);
        }
        k = (unsigned)th_failed;
        CHECKF(strcmp(creq, r->creq) == 0, "case %u: canonical request\n--- botocore\n%s\n--- s3lite\n%s", id, creq, r->creq);
        CHECKF(strcmp(sts, r->sts) == 0, "case %u: string to sign\n--- botocore\n%s\n--- s3lite\n%s", id, sts, r->sts);
        CHECKF(strcmp(fld[3], r->sig) == 0, "case %u: signature %s vs %s", id, fld[3], r->sig);
        CHECKF(strcmp(out, r->out) == 0, "case %u: %s\n--- botocore\n%s\n--- s3lite\n%s", id,
               cases[id].expires ? "presigned query" : "Authorization", out, r->out);
        if ((unsigned)th_failed != k && bad++ < 5) show_case(&cases[id]);
        free(creq);
        free(sts);
        free(out);
    }
    CHECKF(pclose(p) == 0, "%s failed", cmd);
    CHECKF(got == n, "botocore answered %u of %u cases", got, n);
    printf("sigv4 vs botocore: %u cases compared, seed %llu\n", got, seed);
    unlink(tmpl);
    for (i = 0; i < n; i++) {
        free(res[i].creq);
        free(res[i].sts);
        free(res[i].out);
    }
    free(res);
    free(cases);
    free(line);
    return th_summary();
}
