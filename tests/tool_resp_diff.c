/* SPDX-License-Identifier: MIT */
/*
 * tool_resp_diff: prints what the S3 response parsers make of each input, one line a run,
 * so that two builds of the parsers (make diff-responses: the code at BASE and the working
 * tree) can be compared line by line. Uses the public API only, so it builds against both.
 *
 *   tool_resp_diff [--sizes] [-s OP=BYTES]... [-m MUTANTS] FILE|DIR...
 *
 * Inputs are in the format of tests/fuzz/fuzz_responses.c: 4 control bytes (operation,
 * status, unused, flags), header lines "Name: value\n" up to an empty line, then the body
 * (tests/resp_diff_inputs.py writes the shared samples, golden files and fuzz seeds so).
 * Each input, and MUTANTS random mutations of it (a fixed seed: both builds see the same
 * ones), is parsed whole, in two pieces at every split point (bodies up to 1024 bytes, else
 * at 97 points; a mutant at 8) and byte by byte (bodies up to 4096 bytes; a mutant's up to
 * 512). Each run's result is a 64-bit
 * FNV-1a digest of the return code, the result struct, the list items, the Error struct,
 * the caller storage for the key and everything the callbacks saw. The split runs must give
 * the whole run's digest; a line "SPLIT <file> <run>" reports one that did not.
 *
 * --sizes prints the size of each result struct ("OP BYTES"); -s OP=BYTES digests only the
 * first BYTES of that operation's result struct (a field added at the end of a struct since
 * BASE is then left out of the comparison). Output: "<file>#<mutant> <digest>" per input and
 * a last line "inputs N runs N split-runs N".
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "s3lite/s3_response.h"

#define MAX_HEADERS 32
#define INPUT_MAX (256u * 1024u)

struct state {
    union {
        struct s3l_create_mpu_result create;
        struct s3l_upload_part_result upload_part;
        struct s3l_complete_mpu_result complete;
        struct s3l_list_parts_result list_parts;
        struct s3l_list_uploads_result list_uploads;
        struct s3l_put_object_result put;
        struct s3l_head_object_result head;
        struct s3l_get_object_result get;
    } res;
    struct s3l_part_info parts[2];
    struct s3l_upload_info uploads[2];
    struct s3l_prefix_info prefixes[2];
    struct s3l_s3_error err;
    char key[40];
    uint64_t seen;
};

static struct state st;
static size_t limit[S3L_OP_GENERIC + 1];
static unsigned long n_inputs, n_runs, n_split_runs;

static void mix(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i;
    for (i = 0; i < n; i++) {
        *h ^= s[i];
        *h *= 1099511628211u;
    }
}

static int on_item(void *ctx, const void *item)
{
    mix(&((struct state *)ctx)->seen, item, 64);
    return 0;
}

static int on_meta(void *ctx, const char *name, size_t nl, const char *value, size_t vl)
{
    struct state *s = ctx;
    mix(&s->seen, name, nl);
    mix(&s->seen, "=", 1);
    mix(&s->seen, value, vl);
    return 0;
}

static int sink(void *ctx, const uint8_t *data, size_t len)
{
    mix(&((struct state *)ctx)->seen, data, len);
    return 0;
}

static size_t result_size(enum s3l_op op)
{
    switch (op) {
    case S3L_OP_CREATE_MPU: return sizeof(struct s3l_create_mpu_result);
    case S3L_OP_UPLOAD_PART: return sizeof(struct s3l_upload_part_result);
    case S3L_OP_COMPLETE_MPU: return sizeof(struct s3l_complete_mpu_result);
    case S3L_OP_LIST_PARTS: return sizeof(struct s3l_list_parts_result);
    case S3L_OP_LIST_UPLOADS: return sizeof(struct s3l_list_uploads_result);
    case S3L_OP_PUT_OBJECT: return sizeof(struct s3l_put_object_result);
    case S3L_OP_HEAD_OBJECT: /* GetObject: its head (the sink is an input) */
    case S3L_OP_GET_OBJECT: return sizeof(struct s3l_head_object_result);
    default: return 0;
    }
}

struct hdr {
    const char *name, *value;
    size_t nl, vl;
};

/* One run: the body in a first piece of `first` bytes, then pieces of `step`. */
static uint64_t run(enum s3l_op op, int status, unsigned flags, const struct hdr *h, size_t nh,
                    const uint8_t *body, size_t n, size_t first, size_t step)
{
    static const size_t scratch_caps[4] = {16, 48, 128, 512};
    static char scratch[512];
    struct s3l_response r;
    size_t i, pos = 0, cap = (flags & 2) ? 1 : 2;
    uint64_t d = 14695981039346656037u;
    int rc;
    void *result = (flags & 8) || result_size(op) == 0 ? NULL : &st.res;
    memset(&st, 0xA5, sizeof st);
    st.seen = 0;
    if (op == S3L_OP_CREATE_MPU || op == S3L_OP_COMPLETE_MPU || op == S3L_OP_LIST_PARTS) {
        struct s3l_text key = {st.key, sizeof st.key};
        if (flags & 1) key.buf = NULL;
        if (op == S3L_OP_CREATE_MPU) st.res.create.key = key;
        if (op == S3L_OP_COMPLETE_MPU) st.res.complete.key = key;
        if (op == S3L_OP_LIST_PARTS) st.res.list_parts.key = key;
    }
    if (op == S3L_OP_LIST_PARTS) {
        struct s3l_list l = {st.parts, cap, 0, NULL, NULL};
        if (flags & 1) {
            l.cap = 1;
            l.on_item = on_item;
            l.ctx = &st;
        }
        st.res.list_parts.parts = l;
    } else if (op == S3L_OP_LIST_UPLOADS) {
        struct s3l_list u = {st.uploads, cap, 0, NULL, NULL};
        struct s3l_list p = {st.prefixes, cap, 0, NULL, NULL};
        if (flags & 1) {
            u.cap = p.cap = 1;
            u.on_item = p.on_item = on_item;
            u.ctx = p.ctx = &st;
        }
        st.res.list_uploads.uploads = u;
        st.res.list_uploads.prefixes = p;
    } else if (op == S3L_OP_HEAD_OBJECT || op == S3L_OP_GET_OBJECT) {
        st.res.head.on_meta = (flags & 1) ? on_meta : NULL;
        st.res.head.on_meta_ctx = &st;
        st.res.get.sink.write = sink;
        st.res.get.sink.ctx = &st;
    }
    s3l_response_init(&r, op, result, (flags & 4) ? NULL : &st.err, scratch,
                      scratch_caps[(flags >> 4) & 3]);
    rc = r.cb.on_status(&r, status);
    for (i = 0; rc == 0 && i < nh; i++) rc = r.cb.on_header(&r, h[i].name, h[i].nl, h[i].value, h[i].vl);
    if (first == 0) first = step;
    while (rc == 0 && pos < n) {
        size_t k = pos == 0 ? first : step;
        if (k > n - pos) k = n - pos;
        rc = r.cb.on_body(&r, body + pos, k);
        pos += k;
    }
    if (rc == 0) rc = s3l_response_finish(&r);
    mix(&d, &rc, sizeof rc);
    /* the inputs hold addresses, which differ between two builds: the lists are digested
     * by their counts, and every input is then cleared before the struct is */
    if (op == S3L_OP_CREATE_MPU) memset(&st.res.create.key, 0, sizeof(struct s3l_text));
    if (op == S3L_OP_COMPLETE_MPU) memset(&st.res.complete.key, 0, sizeof(struct s3l_text));
    if (op == S3L_OP_LIST_PARTS) {
        mix(&d, &st.res.list_parts.parts.count, sizeof(size_t));
        memset(&st.res.list_parts.parts, 0, sizeof(struct s3l_list));
        memset(&st.res.list_parts.key, 0, sizeof(struct s3l_text));
    } else if (op == S3L_OP_LIST_UPLOADS) {
        mix(&d, &st.res.list_uploads.uploads.count, sizeof(size_t));
        mix(&d, &st.res.list_uploads.prefixes.count, sizeof(size_t));
        memset(&st.res.list_uploads.uploads, 0, sizeof(struct s3l_list));
        memset(&st.res.list_uploads.prefixes, 0, sizeof(struct s3l_list));
    } else if (op == S3L_OP_HEAD_OBJECT || op == S3L_OP_GET_OBJECT) {
        st.res.head.on_meta = NULL;
        st.res.head.on_meta_ctx = NULL;
    }
    if (result != NULL) mix(&d, &st.res, limit[op] != 0 ? limit[op] : result_size(op));
    mix(&d, st.parts, sizeof st.parts);
    mix(&d, st.uploads, sizeof st.uploads);
    mix(&d, st.prefixes, sizeof st.prefixes);
    if (!(flags & 4)) mix(&d, &st.err, sizeof st.err);
    mix(&d, st.key, sizeof st.key);
    mix(&d, &st.seen, sizeof st.seen);
    n_runs++;
    return d;
}

/* Parse one input (the format above) and print its line. */
static void one(const char *name, unsigned mutant, const uint8_t *data, size_t size)
{
    static const int statuses[16] = {200, 206, 204, 200, 301, 307, 400, 403,
                                     404, 409, 412, 429, 500, 503, 200, 200};
    static struct hdr h[MAX_HEADERS];
    static char text[4096];
    const uint8_t *p, *end, *body;
    size_t nh = 0, n, tl = 0, s, points;
    enum s3l_op op;
    int status, split_diff = 0;
    unsigned flags;
    uint64_t whole;
    n_inputs++;
    if (size < 4) {
        printf("%s#%u short\n", name, mutant);
        return;
    }
    status = statuses[data[1] & 15];
    flags = data[3];
    p = data + 4;
    end = data + size;
    while (p < end && *p != '\n' && nh < MAX_HEADERS) {
        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
        const uint8_t *line_end = nl != NULL ? nl : end;
        const uint8_t *colon = memchr(p, ':', (size_t)(line_end - p));
        size_t ll = (size_t)(line_end - p);
        if (colon != NULL && tl + ll <= sizeof text) {
            const char *v;
            memcpy(text + tl, p, ll);
            h[nh].name = text + tl;
            h[nh].nl = (size_t)(colon - p);
            v = text + tl + h[nh].nl + 1;
            h[nh].vl = ll - h[nh].nl - 1;
            while (h[nh].vl > 0 && *v == ' ') {
                v++;
                h[nh].vl--;
            }
            h[nh].value = v;
            tl += ll;
            nh++;
        }
        p = nl != NULL ? nl + 1 : end;
    }
    if (p < end && *p == '\n') p++;
    body = p;
    n = (size_t)(end - body);
    op = (enum s3l_op)(data[0] % 11);
    whole = run(op, status, flags, h, nh, body, n, n, n);
    /* a sample: every split (up to 1024 bytes); a mutant: 8 of them */
    points = mutant == 0 && n <= 1024 ? n : mutant == 0 ? 97 : 8;
    for (s = 1; s < points && s < n; s++) {
        size_t at = points == n ? s : s * n / points;
        n_split_runs++;
        if (run(op, status, flags, h, nh, body, n, at, n) != whole) split_diff = 1;
    }
    if (n <= (mutant == 0 ? 4096u : 512u)) {
        n_split_runs++;
        if (run(op, status, flags, h, nh, body, n, 1, 1) != whole) split_diff = 1;
    }
    printf("%s#%u %016llx\n", name, mutant, (unsigned long long)whole);
    if (split_diff) printf("SPLIT %s#%u\n", name, mutant);
}

static uint32_t rng;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* Mutations: flip, insert, delete, duplicate a run, cut; never the 4 control bytes'
 * count (an input keeps at least them). */
static size_t mutate(uint8_t *b, size_t n, size_t cap)
{
    unsigned i, k = 1 + next() % 4;
    for (i = 0; i < k && n > 4; i++) {
        size_t at = 4 + next() % (n - 4), len;
        switch (next() % 5) {
        case 0: b[at] ^= (uint8_t)(1u << (next() % 8)); break;
        case 1:
            if (n < cap) {
                memmove(b + at + 1, b + at, n - at);
                b[at] = (uint8_t)"<>/=&;\" \nAZaz09"[next() % 15];
                n++;
            }
            break;
        case 2:
            memmove(b + at, b + at + 1, n - at - 1);
            n--;
            break;
        case 3:
            len = 1 + next() % 16;
            if (len > n - at) len = n - at;
            if (n + len <= cap) {
                memmove(b + at + len, b + at, n - at);
                n += len;
            }
            break;
        default: n = at + (n - at) / 2; break;
        }
    }
    return n;
}

static unsigned mutants;

static void file(const char *path)
{
    static uint8_t buf[INPUT_MAX], mut[INPUT_MAX];
    FILE *f = fopen(path, "rb");
    size_t n;
    unsigned m;
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    one(path, 0, buf, n);
    rng = 2463534242u;
    for (m = 0; m < n; m++) rng = (rng ^ buf[m]) * 16777619u | 1u;
    for (m = 1; m <= mutants && n > 4; m++) {
        size_t k;
        memcpy(mut, buf, n);
        k = mutate(mut, n, sizeof mut);
        one(path, m, mut, k);
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void arg(const char *path)
{
    struct stat sb;
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, i;
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        file(path);
        return;
    }
    if ((d = opendir(path)) == NULL) return;
    while ((e = readdir(d)) != NULL) {
        char **nn;
        if (e->d_name[0] == '.') continue;
        nn = realloc(names, (n + 1) * sizeof *names);
        if (nn == NULL) exit(1);
        names = nn;
        names[n] = malloc(strlen(path) + strlen(e->d_name) + 2);
        if (names[n] == NULL) exit(1);
        sprintf(names[n], "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    if (n > 0) qsort(names, n, sizeof *names, by_name);
    for (i = 0; i < n; i++) {
        arg(names[i]);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--sizes") == 0) {
            unsigned op;
            for (op = 0; op <= S3L_OP_GENERIC; op++) {
                printf("%u=%lu\n", op, (unsigned long)result_size((enum s3l_op)op));
            }
            return 0;
        } else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
            unsigned op;
            unsigned long bytes;
            if (sscanf(argv[++i], "%u=%lu", &op, &bytes) == 2 && op <= S3L_OP_GENERIC) {
                limit[op] = bytes;
            }
        } else if (strcmp(argv[i], "-m") == 0 && i + 1 < argc) {
            mutants = (unsigned)strtoul(argv[++i], NULL, 10);
        } else {
            arg(argv[i]);
        }
    }
    printf("inputs %lu runs %lu split-runs %lu\n", n_inputs, n_runs, n_split_runs);
    return 0;
}
