/* SPDX-License-Identifier: MIT */
/*
 * `s3lite cp`: upload a file or stdin (PutObject, or a multipart upload when the content is
 * larger than one part or of unknown length), or download an object (GetObject) to a file
 * or stdout. Options and their checks: cmd_cp_opts.c. Flow:
 *
 *   file, size <= part size  -> PutObject (the client hashes/checksums it in a pre-pass when
 *                               the payload mode needs a value before the body)
 *   file, larger             -> CreateMultipartUpload, UploadPart 1..N read with pread from
 *                               the file (never loaded whole), CompleteMultipartUpload
 *   stdin / pipe             -> the same multipart flow, each part read into one RAM buffer
 *                               of --part-size bytes (its length must be known before it is
 *                               sent); a regular file redirected to stdin counts as a file
 *
 * A failed part, a failed Complete or an interrupt (SIGINT/SIGTERM) aborts the upload, so no
 * orphan upload is left when that can be avoided. With --state FILE the upload goes through
 * core/uploader instead and is kept for a rerun to resume (cmd_cp_state.c). With
 * --concurrency N > 1 (the default is 4) a multipart upload goes through core/uploader too,
 * its parts over N connections (cmd_cp_state.c; stdin read into N part buffers), and a
 * download to a file is N ranged GETs (cmd_cp_get.c); the flows above are --concurrency 1.
 * --dry-run runs the one-connection flow over a transport that sends nothing and prints the
 * heads of the Create (or Put), of the first UploadPart and of the Complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli_client.h"
#include "cli_common.h"
#include "cli_net.h"
#include "cmd_cp_get.h"
#include "cmd_cp_state.h"
#include "s3lite/checksum.h"
#include "s3lite/client.h"
#include "s3lite/common.h"
#include "s3lite/hash.h"

static const char CMD[] = "cp";

/* ---- interrupts ------------------------------------------------------------------------- */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig; /* exit status 128 + sig, as a shell reports a signal */
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = (int)SA_RESETHAND; /* a second ^C ends the program at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* ---- body readers -------------------------------------------------------------------------- */

/* One part's bytes: a file range read with pread, or a RAM buffer (stdin). Counts progress
 * once per byte, on the pass that sends (after the client's hashing pre-pass, if any). */
struct part_reader {
    int fd;
    uint64_t off;               /* file offset of the part */
    const uint8_t *mem;         /* RAM part (stdin), else NULL */
    uint64_t len;
    uint64_t pos;
    int prepass;                /* the client reads the part once before sending it */
    unsigned rewinds;
    uint64_t counted;
    struct s3l_cli_progress *prog;
    int *err_no;                /* where a read error's errno goes */
};

static long pr_read(void *ctx, uint8_t *buf, size_t cap)
{
    struct part_reader *r = ctx;
    size_t n;
    if (interrupted) return S3L_ERR_IO;
    if (r->pos >= r->len) return 0;
    n = cap;
    if ((uint64_t)n > r->len - r->pos) n = (size_t)(r->len - r->pos);
    if (r->mem != NULL) {
        memcpy(buf, r->mem + r->pos, n);
    } else {
        size_t got = 0;
        while (got < n) {
            ssize_t k = pread(r->fd, buf + got, n - got, (off_t)(r->off + r->pos + got));
            if (k < 0 && errno == EINTR) {
                if (interrupted) return S3L_ERR_IO;
                continue;
            }
            if (k <= 0) { /* error, or the file shrank under us */
                if (r->err_no != NULL) *r->err_no = k < 0 ? errno : 0;
                return S3L_ERR_IO;
            }
            got += (size_t)k;
        }
    }
    r->pos += n;
    if ((!r->prepass || r->rewinds > 0) && r->pos > r->counted && r->prog != NULL) {
        s3l_cli_progress_add(r->prog, r->pos - r->counted);
        r->counted = r->pos;
    }
    return (long)n;
}

static int pr_rewind(void *ctx)
{
    struct part_reader *r = ctx;
    r->pos = 0;
    r->rewinds++;
    return S3L_OK;
}

/* Read up to cap bytes from a stream (stdin, pipe): as much as there is, until EOF. */
static int read_full(int fd, uint8_t *buf, size_t cap, size_t *got)
{
    *got = 0;
    while (*got < cap) {
        ssize_t k;
        if (interrupted) return -1; /* a stalled pipe must not hold up an abort */
        k = read(fd, buf + *got, cap - *got);
        if (k < 0 && errno == EINTR) {
            if (interrupted) return -1;
            continue;
        }
        if (k < 0) return -1;
        if (k == 0) break;
        *got += (size_t)k;
    }
    return interrupted ? -1 : 0;
}

/* ---- the upload ------------------------------------------------------------------------------ */

struct upload {
    struct s3l_cli_cp *cp;
    struct s3l_cli_client *cc;
    const char *src_name;       /* for messages */
    char key[S3L_CLI_KEY_MAX + 1];
    size_t key_len;
    struct s3l_meta meta[S3L_CLI_METADATA_MAX];
    char *meta_names;           /* NUL-terminated copies of the --metadata keys */
    struct s3l_object_attrs attrs;
    struct s3l_sse_c ssec;
    enum s3l_request_payer payer;
    enum s3l_checksum_alg alg;
    enum s3l_checksum_type ctype_sent; /* 0 when --checksum-type was not given */
    enum s3l_checksum_type ctype;      /* effective */
    enum s3l_payload_mode mode;
    struct s3l_cli_progress prog;
    /* source */
    int fd;
    int stream;                 /* unknown length (pipe, stdin) */
    uint64_t base;              /* file offset where the content starts */
    uint64_t size;              /* known size (not stream) */
    uint8_t *buf;               /* stream part buffer */
    /* multipart state */
    char upload_id[S3L_UPLOAD_ID_MAX];
    struct s3l_complete_part *parts;
    char (*etags)[S3L_ETAG_MAX];
    char (*cks)[S3L_CHECKSUM_B64_MAX + 1];
    uint32_t nparts, cap_parts;
    uint64_t total;             /* bytes uploaded */
    struct s3l_checksum_mp mp;
    int mp_on;
    char final_checksum[S3L_CHECKSUM_VALUE_MAX];
    /* --dry-run: print the next head the client sends */
    int print_next;
    int read_errno;             /* errno of a failed read of the source, 0 if none */
};

static void dry_on_head(void *ctx, const char *head, size_t len)
{
    struct upload *u = ctx;
    if (!u->print_next) return;
    s3l_cli_print_head(stdout, head, len);
    u->print_next = 0;
}

/* --sse-c-key as the builders take it (all zero when not given); upload and download. */
static void sse_c_of(const struct s3l_cli_cp *cp, struct s3l_sse_c *s)
{
    memset(s, 0, sizeof *s);
    if (cp->sse_c_key == NULL) return;
    s->algorithm = S3L_SSEC_AES256;
    s->key = cp->sse_c_key_raw;
    s->key_len = sizeof cp->sse_c_key_raw;
    s->key_md5 = cp->sse_c_key_md5;
}

/* Map the checked option strings onto the builders' enums and structs. */
static int setup_params(struct upload *u)
{
    struct s3l_cli_cp *cp = u->cp;
    struct s3l_object_attrs *a = &u->attrs;
    size_t i, off = 0, need = 0;
    memset(a, 0, sizeof *a);
    if (cp->acl != NULL) (void)s3l_parse_acl(cp->acl, &a->acl);
    a->cache_control = cp->cache_control;
    a->content_disposition = cp->content_disposition;
    a->content_encoding = cp->content_encoding;
    a->content_language = cp->content_language;
    a->content_type = cp->content_type;
    a->expires = cp->has_expires ? cp->expires_iso : NULL;
    a->grant_full_control = cp->grant_full_control;
    a->grant_read = cp->grant_read;
    a->grant_read_acp = cp->grant_read_acp;
    a->grant_write_acp = cp->grant_write_acp;
    for (i = 0; i < cp->metadata_count; i++) need += cp->metadata[i].key_len + 1;
    u->meta_names = malloc(need + 1);
    if (u->meta_names == NULL) return -1;
    for (i = 0; i < cp->metadata_count; i++) {
        memcpy(u->meta_names + off, cp->metadata[i].key, cp->metadata[i].key_len);
        u->meta_names[off + cp->metadata[i].key_len] = '\0';
        u->meta[i].name = u->meta_names + off;
        u->meta[i].value = cp->metadata[i].value;
        off += cp->metadata[i].key_len + 1;
    }
    a->metadata = u->meta;
    a->metadata_count = cp->metadata_count;
    if (cp->sse != NULL) (void)s3l_parse_sse(cp->sse, &a->sse);
    if (cp->storage_class != NULL) (void)s3l_parse_storage_class(cp->storage_class, &a->storage_class);
    a->website_redirect_location = cp->website_redirect;
    a->sse_kms_key_id = cp->sse_kms_key_id;
    a->sse_kms_context = cp->sse_kms_context;
    a->bucket_key_enabled = cp->bucket_key_enabled ? S3L_BOOL_TRUE : S3L_BOOL_NONE;
    a->tagging = cp->tagging;
    if (cp->object_lock_mode != NULL) (void)s3l_parse_lock_mode(cp->object_lock_mode, &a->object_lock_mode);
    a->object_lock_retain_until = cp->has_retain_until ? cp->retain_until_iso : NULL;
    if (cp->legal_hold != NULL) (void)s3l_parse_legal_hold(cp->legal_hold, &a->object_lock_legal_hold);
    sse_c_of(cp, &u->ssec);
    u->payer = cp->request_payer != NULL ? S3L_PAYER_REQUESTER : S3L_PAYER_NONE;
    u->alg = S3L_CHECKSUM_NONE;
    u->ctype = u->ctype_sent = (enum s3l_checksum_type)0;
    if (cp->checksum_algorithm != NULL) {
        (void)s3l_checksum_alg_parse(cp->checksum_algorithm, strlen(cp->checksum_algorithm), &u->alg);
        u->ctype = cp->full_object ? S3L_CHECKSUM_FULL_OBJECT : S3L_CHECKSUM_COMPOSITE;
        if (cp->checksum_type != NULL) u->ctype_sent = u->ctype;
    }
    switch (cp->payload) {
    case S3L_CLI_PAYLOAD_UNSIGNED: u->mode = S3L_PAYLOAD_MODE_UNSIGNED; break;
    case S3L_CLI_PAYLOAD_STREAMING: u->mode = S3L_PAYLOAD_MODE_STREAMING; break;
    case S3L_CLI_PAYLOAD_STREAMING_TRAILER: u->mode = S3L_PAYLOAD_MODE_STREAMING_TRAILER; break;
    case S3L_CLI_PAYLOAD_UNSIGNED_TRAILER: u->mode = S3L_PAYLOAD_MODE_UNSIGNED_TRAILER; break;
    default: u->mode = S3L_PAYLOAD_MODE_SIGNED; break;
    }
    return 0;
}

/* A body over a part reader; says whether the client will read it twice. */
static void make_body(struct upload *u, struct s3l_body *body, struct part_reader *pr)
{
    memset(body, 0, sizeof *body);
    body->reader.read = pr_read;
    body->reader.rewind = pr_rewind;
    body->reader.ctx = pr;
    body->mode = u->mode;
    body->checksum = u->alg;
    body->expect = S3L_EXPECT_AUTO;
    pr->prepass = u->mode == S3L_PAYLOAD_MODE_SIGNED ||
                  (u->alg != S3L_CHECKSUM_NONE && !s3l_chunked_has_trailer(u->mode));
    pr->prog = &u->prog;
    pr->err_no = &u->read_errno;
}

/* Print an error (clearing the progress line first) and give the exit code. */
static int fail(struct upload *u, int rc, const char *what)
{
    s3l_cli_progress_clear(&u->prog);
    if (interrupted) {
        s3l_cli_errorf(CMD, "interrupted");
        return 128 + (int)interrupted;
    }
    if (rc == S3L_ERR_IO) {
        /* our reader failed: say which file and why, not just "reader failed" */
        s3l_cli_errorf(CMD, "%s failed: reading %s: %s", what, u->src_name,
                       u->read_errno != 0 ? strerror(u->read_errno)
                                          : "the file ended early (did it change?)");
        return S3L_EXIT_NET;
    }
    return s3l_cli_report(CMD, u->cc, rc, what);
}

static int put_object(struct upload *u)
{
    struct s3l_put_object_params p;
    struct s3l_put_object_result res;
    struct s3l_request req;
    struct s3l_body body;
    struct part_reader pr;
    int rc;
    memset(&p, 0, sizeof p);
    memset(&res, 0, sizeof res);
    p.bucket = u->cc->target.bucket;
    p.key = u->key;
    p.key_len = u->key_len;
    p.attrs = u->attrs;
    p.sse_c = u->ssec;
    p.request_payer = u->payer;
    p.expected_bucket_owner = u->cp->expected_bucket_owner;
    p.content_length = u->size;
    p.checksum_algorithm = u->alg;
    memset(&pr, 0, sizeof pr);
    pr.fd = u->fd;
    pr.off = u->base;
    pr.len = u->size;
    make_body(u, &body, &pr);
    s3l_cli_client_request(u->cc, &req);
    rc = s3l_build_put_object(&req, s3l_client_arena(&u->cc->c), &u->cc->target.s3ep, &p);
    if (rc != S3L_OK) return fail(u, rc, "building PutObject");
    u->print_next = 1;
    s3l_cli_progress_start(&u->prog, u->size);
    if (u->cp->no_progress || u->cp->dry_run) u->prog.enabled = 0;
    rc = s3l_client_exec(&u->cc->c, &req, &body, S3L_OP_PUT_OBJECT, &res, &u->cc->err);
    if (rc != S3L_OK) return fail(u, rc, "PutObject");
    s3l_cli_progress_finish(&u->prog);
    u->total = u->size;
    if (!u->cp->dry_run) {
        printf("upload: %s to s3://%s/%s (%llu bytes", u->src_name, u->cc->target.bucket, u->key,
               (unsigned long long)u->size);
        if (res.etag[0] != '\0') printf(", ETag %s", res.etag);
        if (body.checksum_b64[0] != '\0') {
            printf(", %s %s", s3l_checksum_alg_name(u->alg), body.checksum_b64);
        }
        printf(")\n");
    }
    return S3L_EXIT_OK;
}

static int create_mpu(struct upload *u)
{
    struct s3l_create_mpu_params p;
    struct s3l_create_mpu_result res;
    struct s3l_request req;
    int rc;
    memset(&p, 0, sizeof p);
    memset(&res, 0, sizeof res);
    p.bucket = u->cc->target.bucket;
    p.key = u->key;
    p.key_len = u->key_len;
    p.attrs = u->attrs;
    p.sse_c = u->ssec;
    p.request_payer = u->payer;
    p.expected_bucket_owner = u->cp->expected_bucket_owner;
    p.checksum_algorithm = u->alg;
    p.checksum_type = u->ctype_sent;
    s3l_cli_client_request(u->cc, &req);
    rc = s3l_build_create_mpu(&req, s3l_client_arena(&u->cc->c), &u->cc->target.s3ep, &p);
    if (rc != S3L_OK) return fail(u, rc, "building CreateMultipartUpload");
    u->print_next = 1;
    rc = s3l_client_exec(&u->cc->c, &req, NULL, S3L_OP_CREATE_MPU, &res, &u->cc->err);
    if (rc == S3L_OK && (res.truncated & S3L_TRUNC_UPLOAD_ID)) {
        s3l_cli_errorf(CMD, "CreateMultipartUpload: the upload id is longer than %d bytes "
                            "(S3L_UPLOAD_ID_MAX); the upload is left open on the server",
                       S3L_UPLOAD_ID_MAX - 1);
        return S3L_EXIT_S3;
    }
    if (rc != S3L_OK) return fail(u, rc, "CreateMultipartUpload");
    if (res.upload_id[0] == '\0') {
        s3l_cli_errorf(CMD, "CreateMultipartUpload: the answer holds no UploadId");
        return S3L_EXIT_S3;
    }
    memcpy(u->upload_id, res.upload_id, sizeof u->upload_id);
    return S3L_EXIT_OK;
}

/* Abort after a failure; says what happened. */
static void abort_mpu(struct upload *u)
{
    struct s3l_abort_mpu_params p;
    struct s3l_s3_error e;
    int rc;
    memset(&e, 0, sizeof e);
    memset(&p, 0, sizeof p);
    p.bucket = u->cc->target.bucket;
    p.key = u->key;
    p.key_len = u->key_len;
    p.upload_id = u->upload_id;
    p.request_payer = u->payer;
    p.expected_bucket_owner = u->cp->expected_bucket_owner;
    rc = s3l_client_abort_mpu(&u->cc->c, &p, &e);
    if (rc == S3L_OK) {
        fprintf(stderr, "s3lite cp: aborted upload %s\n", u->upload_id);
    } else {
        fprintf(stderr,
                "s3lite cp: could not abort upload %s (%s%s%s); abort it with:\n"
                "  s3lite abort 's3://%s/%s' --upload-id '%s'\n",
                u->upload_id, s3l_strerror(rc), e.code[0] != '\0' ? ": " : "", e.code,
                u->cc->target.bucket, u->key, u->upload_id);
    }
}

/* Make room for part n (1-based). */
static int grow_parts(struct upload *u, uint32_t n)
{
    if (n <= u->cap_parts) return 0;
    {
        uint32_t cap = u->cap_parts == 0 ? 64 : u->cap_parts * 2;
        void *p, *e, *k;
        if (cap > S3L_CLI_PARTS_MAX) cap = S3L_CLI_PARTS_MAX;
        if (n > cap) return -1;
        p = realloc(u->parts, cap * sizeof *u->parts);
        if (p != NULL) u->parts = p;
        e = realloc(u->etags, cap * sizeof *u->etags);
        if (e != NULL) u->etags = e;
        k = realloc(u->cks, cap * sizeof *u->cks);
        if (k != NULL) u->cks = k;
        if (p == NULL || e == NULL || k == NULL) return -1;
        u->cap_parts = cap;
    }
    return 0;
}

static int upload_part(struct upload *u, uint32_t num, struct part_reader *pr)
{
    struct s3l_upload_part_params p;
    struct s3l_upload_part_result res;
    struct s3l_body body;
    char what[48];
    int rc;
    snprintf(what, sizeof what, "UploadPart %u", (unsigned)num);
    if (grow_parts(u, num) != 0) {
        s3l_cli_progress_clear(&u->prog);
        s3l_cli_errorf(CMD, "more than %u parts: use a larger --part-size", S3L_CLI_PARTS_MAX);
        return S3L_EXIT_USAGE;
    }
    memset(&p, 0, sizeof p);
    memset(&res, 0, sizeof res);
    p.bucket = u->cc->target.bucket;
    p.key = u->key;
    p.key_len = u->key_len;
    p.upload_id = u->upload_id;
    p.part_number = num;
    p.content_length = pr->len;
    p.checksum_algorithm = u->alg;
    p.sse_c = u->ssec;
    p.request_payer = u->payer;
    p.expected_bucket_owner = u->cp->expected_bucket_owner;
    make_body(u, &body, pr);
    u->print_next = num == 1;
    rc = s3l_client_upload_part(&u->cc->c, &p, &body, &res, &u->cc->err);
    if (rc != S3L_OK) return fail(u, rc, what);
    if (res.truncated & S3L_TRUNC_ETAG) {
        s3l_cli_progress_clear(&u->prog);
        s3l_cli_errorf(CMD, "%s: the ETag is longer than %d bytes (S3L_ETAG_MAX)", what,
                       S3L_ETAG_MAX - 1);
        return S3L_EXIT_S3;
    }
    if (res.etag[0] == '\0') {
        s3l_cli_progress_clear(&u->prog);
        s3l_cli_errorf(CMD, "%s: the answer holds no ETag", what);
        return S3L_EXIT_S3;
    }
    memcpy(u->etags[num - 1], res.etag, S3L_ETAG_MAX);
    if (u->alg != S3L_CHECKSUM_NONE) {
        if (body.checksum_len == 0) {
            s3l_cli_progress_clear(&u->prog);
            s3l_cli_errorf(CMD, "%s: no %s checksum was computed", what,
                           s3l_checksum_alg_name(u->alg));
            return S3L_EXIT_NET;
        }
        memcpy(u->cks[num - 1], body.checksum_b64, sizeof u->cks[num - 1]);
        if (u->mp_on) {
            rc = s3l_checksum_mp_add(&u->mp, body.checksum_raw, body.checksum_len, pr->len);
            if (rc != S3L_OK) return fail(u, rc, "combining part checksums");
        }
    }
    u->nparts = num;
    u->total += pr->len;
    return S3L_EXIT_OK;
}

static int complete_mpu(struct upload *u)
{
    struct s3l_complete_mpu_params p;
    struct s3l_complete_mpu_result res;
    uint32_t i;
    int rc;
    /* The list points into etags and cks only now that they have stopped growing: grow_parts
     * may move them (realloc), which left the pointers of earlier parts dangling. */
    for (i = 0; i < u->nparts; i++) {
        u->parts[i].part_number = i + 1;
        u->parts[i].etag = u->etags[i];
        u->parts[i].checksum = u->alg != S3L_CHECKSUM_NONE ? u->cks[i] : NULL;
    }
    memset(&p, 0, sizeof p);
    memset(&res, 0, sizeof res);
    p.bucket = u->cc->target.bucket;
    p.key = u->key;
    p.key_len = u->key_len;
    p.upload_id = u->upload_id;
    p.parts = u->parts;
    p.part_count = u->nparts;
    p.checksum_algorithm = u->alg;
    p.checksum_type = u->ctype_sent;
    if (u->mp_on) {
        size_t n = 0;
        rc = s3l_checksum_mp_finish(&u->mp, u->final_checksum, sizeof u->final_checksum, &n);
        u->mp_on = 0;
        if (rc != S3L_OK) return fail(u, rc, "combining part checksums");
        /* FULL_OBJECT: S3 checks the whole object's CRC; COMPOSITE's "-N" value is shown only */
        if (u->ctype == S3L_CHECKSUM_FULL_OBJECT) p.checksum_value = u->final_checksum;
    }
    p.mpu_object_size = u->stream ? 0 : u->size;
    p.sse_c = u->ssec;
    p.request_payer = u->payer;
    p.expected_bucket_owner = u->cp->expected_bucket_owner;
    u->print_next = 1;
    rc = s3l_client_complete_mpu(&u->cc->c, &p, &res, &u->cc->err);
    if (rc != S3L_OK) return fail(u, rc, "CompleteMultipartUpload");
    s3l_cli_progress_finish(&u->prog);
    if (!u->cp->dry_run) {
        printf("upload: %s to s3://%s/%s (%llu bytes, %u part%s", u->src_name,
               u->cc->target.bucket, u->key, (unsigned long long)u->total, (unsigned)u->nparts,
               u->nparts == 1 ? "" : "s");
        if (res.etag[0] != '\0') printf(", ETag %s", res.etag);
        if (u->final_checksum[0] != '\0') {
            printf(", %s %s %s", s3l_checksum_alg_name(u->alg), s3l_checksum_type_name(u->ctype),
                   u->final_checksum);
        }
        printf(")\n");
    }
    return S3L_EXIT_OK;
}

static int multipart(struct upload *u, const struct s3l_cli_plan *plan)
{
    int rc = create_mpu(u);
    uint32_t num;
    if (rc != S3L_EXIT_OK) return rc;
    if (u->alg != S3L_CHECKSUM_NONE) {
        if (s3l_checksum_mp_start(&u->mp, u->alg, u->ctype) == S3L_OK) u->mp_on = 1;
    }
    s3l_cli_progress_start(&u->prog, u->stream ? 0 : u->size);
    if (u->cp->no_progress || u->cp->dry_run) u->prog.enabled = 0;
    if (interrupted) {
        rc = fail(u, S3L_ERR_IO, "upload");
    } else if (!u->stream) {
        for (num = 1; num <= plan->parts && rc == S3L_EXIT_OK; num++) {
            struct part_reader pr;
            memset(&pr, 0, sizeof pr);
            pr.fd = u->fd;
            pr.off = u->base + (uint64_t)(num - 1) * plan->part_size;
            pr.len = num == plan->parts ? plan->last_part : plan->part_size;
            rc = upload_part(u, num, &pr);
        }
    } else {
        for (num = 1; rc == S3L_EXIT_OK; num++) {
            struct part_reader pr;
            size_t got = 0;
            if (read_full(u->fd, u->buf, (size_t)plan->part_size, &got) != 0) {
                rc = interrupted ? fail(u, S3L_ERR_IO, "reading")
                                 : (s3l_cli_progress_clear(&u->prog),
                                    s3l_cli_errorf(CMD, "reading %s: %s", u->src_name,
                                                   strerror(errno)),
                                    S3L_EXIT_NET);
                break;
            }
            if (got == 0 && num > 1) break; /* the end, on a part boundary */
            if (num > S3L_CLI_PARTS_MAX) {
                s3l_cli_progress_clear(&u->prog);
                s3l_cli_errorf(CMD,
                               "%s holds more than %u parts of %llu bytes: use a larger "
                               "--part-size",
                               u->src_name, S3L_CLI_PARTS_MAX,
                               (unsigned long long)plan->part_size);
                rc = S3L_EXIT_USAGE;
                break;
            }
            memset(&pr, 0, sizeof pr);
            pr.mem = u->buf;
            pr.len = got;
            rc = upload_part(u, num, &pr);
            if (got < plan->part_size) break; /* a short part is the last */
        }
    }
    if (rc == S3L_EXIT_OK && interrupted) rc = fail(u, S3L_ERR_IO, "upload");
    if (rc == S3L_EXIT_OK) rc = complete_mpu(u);
    if (rc != S3L_EXIT_OK) abort_mpu(u);
    if (u->mp_on) s3l_checksum_mp_wipe(&u->mp);
    return rc;
}

/* Connections for this cp: --concurrency, else the default; capped by what the network
 * takes; 1 under --dry-run (its printed heads follow one connection's order). */
static unsigned concurrency_of(const struct s3l_cli_cp *cp)
{
    unsigned n = cp->concurrency > 0 ? cp->concurrency : S3L_CLI_CONCURRENCY_DEFAULT;
    unsigned max = s3l_cli_net_connections_max();
    if (cp->dry_run) return 1;
    return n < max ? n : max;
}

/* --state FILE, or a FILE's parts over several connections: the upload through core/uploader
 * (cmd_cp_state.c) with this upload's parameters. */
static int resumable(struct upload *u, const struct stat *st)
{
    struct s3l_create_mpu_params p;
    struct s3l_cli_state_job job;
    memset(&p, 0, sizeof p);
    p.bucket = u->cc->target.bucket;
    p.key = u->key;
    p.key_len = u->key_len;
    p.attrs = u->attrs;
    p.sse_c = u->ssec;
    p.request_payer = u->payer;
    p.expected_bucket_owner = u->cp->expected_bucket_owner;
    p.checksum_algorithm = u->alg;
    p.checksum_type = u->ctype_sent;
    memset(&job, 0, sizeof job);
    job.cp = u->cp;
    job.cc = u->cc;
    job.fd = u->fd;
    job.base = u->base;
    job.st = *st;
    job.src_name = u->src_name;
    job.create = &p;
    job.mode = u->mode;
    job.interrupted = &interrupted;
    job.concurrency = concurrency_of(u->cp);
    job.stream = u->stream;
    return s3l_cli_cp_state_upload(&job);
}

/* base name of a path (after the last '/'). */
static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s != NULL ? s + 1 : path;
}

static int do_upload(struct s3l_cli_cp *cp)
{
    struct upload u;
    struct s3l_cli_plan plan;
    struct stat st;
    char err[S3L_CLI_ERR_MAX];
    int rc;
    memset(&u, 0, sizeof u);
    u.cp = cp;
    u.fd = -1;
    u.src_name = cp->from_stdin ? "stdin" : cp->src;
    /* the key: as given, or with the file's base name appended to a "dir/" key */
    {
        const char *bn = "";
        size_t bl = 0;
        if (cp->url.key_len == 0 || cp->url.key[cp->url.key_len - 1] == '/') {
            bn = base_name(cp->src);
            bl = strlen(bn);
            if (bl == 0) {
                s3l_cli_errorf(CMD, "'%s' has no file name to use as the key", cp->src);
                return S3L_EXIT_USAGE;
            }
        }
        if (cp->url.key_len + bl > S3L_CLI_KEY_MAX) {
            s3l_cli_errorf(CMD, "the key would be longer than %d bytes", S3L_CLI_KEY_MAX);
            return S3L_EXIT_USAGE;
        }
        memcpy(u.key, cp->url.key, cp->url.key_len);
        memcpy(u.key + cp->url.key_len, bn, bl);
        u.key_len = cp->url.key_len + bl;
        u.key[u.key_len] = '\0';
    }
    /* the source */
    if (cp->from_stdin) {
        u.fd = 0;
    } else {
        u.fd = open(cp->src, O_RDONLY);
        if (u.fd < 0) {
            s3l_cli_errorf(CMD, "cannot open '%s': %s", cp->src, strerror(errno));
            return S3L_EXIT_USAGE;
        }
    }
    if (fstat(u.fd, &st) != 0) {
        s3l_cli_errorf(CMD, "cannot stat '%s': %s", u.src_name, strerror(errno));
        rc = S3L_EXIT_USAGE;
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        s3l_cli_errorf(CMD, "'%s' is a directory (cp copies one file)", cp->src);
        rc = S3L_EXIT_USAGE;
        goto out;
    }
    if (S_ISREG(st.st_mode)) {
        off_t here = lseek(u.fd, 0, SEEK_CUR); /* stdin may be a file read part-way */
        u.base = here > 0 ? (uint64_t)here : 0;
        u.size = (uint64_t)st.st_size > u.base ? (uint64_t)st.st_size - u.base : 0;
        if (s3l_cli_plan_upload(u.size, cp->part_size, cp->part_size_given, &plan, err,
                                sizeof err) != 0) {
            s3l_cli_errorf(CMD, "%s", err);
            rc = S3L_EXIT_USAGE;
            goto out;
        }
    } else if (cp->state_file != NULL) {
        s3l_cli_errorf(CMD, "--state needs a regular file: '%s' cannot be read again to resume",
                       u.src_name);
        rc = S3L_EXIT_USAGE;
        goto out;
    } else {
        u.stream = 1;
        memset(&plan, 0, sizeof plan);
        plan.multipart = 1;
        plan.part_size = cp->part_size;
        /* one part buffer; with several connections the parts wait in the senders' instead */
        if (concurrency_of(cp) == 1) u.buf = malloc((size_t)cp->part_size);
        if (concurrency_of(cp) == 1 && u.buf == NULL) {
            s3l_cli_errorf(CMD, "cannot allocate a part buffer of %llu bytes",
                           (unsigned long long)cp->part_size);
            rc = S3L_EXIT_USAGE;
            goto out;
        }
    }
    if (setup_params(&u) != 0) {
        s3l_cli_errorf(CMD, "out of memory");
        rc = S3L_EXIT_USAGE;
        goto out;
    }
    u.cc = s3l_cli_client_new(&cp->conf, &cp->url, cp->dry_run, err, sizeof err);
    if (u.cc == NULL) {
        s3l_cli_errorf(CMD, "%s", err);
        rc = S3L_EXIT_USAGE;
        goto out;
    }
    if (cp->retries >= 0) u.cc->c.cfg.max_attempts = (unsigned)cp->retries + 1u;
    if (cp->dry_run) {
        u.cc->dry.on_head = dry_on_head;
        u.cc->dry.on_head_ctx = &u;
    }
    catch_signals();
    if (cp->state_file != NULL || (plan.multipart && concurrency_of(cp) > 1)) {
        rc = resumable(&u, &st);
        goto out;
    }
    rc = plan.multipart ? multipart(&u, &plan) : put_object(&u);
out:
    s3l_cli_client_free(u.cc);
    if (u.fd > 0) close(u.fd);
    free(u.buf);
    free(u.meta_names);
    free(u.parts);
    free(u.etags);
    free(u.cks);
    return rc;
}

/* ---- download ------------------------------------------------------------------------------ */

struct download {
    int fd;
    int write_errno;
    struct s3l_get_object_result *res;
    struct s3l_cli_progress prog;
    int started;
    int no_progress;
    uint64_t written;
};

static int dl_write(void *ctx, const uint8_t *data, size_t len)
{
    struct download *d = ctx;
    size_t done = 0;
    if (!d->started) {
        d->started = 1;
        s3l_cli_progress_start(&d->prog, d->res->head.content_length);
        if (d->no_progress) d->prog.enabled = 0;
    }
    if (interrupted) return S3L_ERR_IO;
    while (done < len) {
        ssize_t k = write(d->fd, data + done, len - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            d->write_errno = k < 0 ? errno : EIO;
            return S3L_ERR_IO;
        }
        done += (size_t)k;
    }
    d->written += len;
    s3l_cli_progress_add(&d->prog, len);
    return 0;
}

static int do_download(struct s3l_cli_cp *cp)
{
    struct s3l_cli_client *cc;
    struct s3l_get_object_params p;
    struct s3l_get_object_result res;
    struct download d;
    char err[S3L_CLI_ERR_MAX], *tmp = NULL, *dst = NULL;
    int to_stdout = strcmp(cp->dst, "-") == 0, rc, code, direct = 0;
    struct stat st;

    memset(&d, 0, sizeof d);
    d.fd = -1;
    d.no_progress = cp->no_progress || cp->dry_run;
    cc = s3l_cli_client_new(&cp->conf, &cp->url, cp->dry_run, err, sizeof err);
    if (cc == NULL) {
        s3l_cli_errorf(CMD, "%s", err);
        return S3L_EXIT_USAGE;
    }
    if (cp->retries >= 0) cc->c.cfg.max_attempts = (unsigned)cp->retries + 1u;
    if (to_stdout || cp->dry_run) {
        d.fd = cp->dry_run ? -1 : 1;
    } else if (stat(cp->dst, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        /* a device, FIFO or socket: write to it as it is; a temporary file renamed over it
         * would replace the node */
        d.fd = open(cp->dst, O_WRONLY);
        if (d.fd < 0) {
            s3l_cli_errorf(CMD, "cannot open '%s': %s", cp->dst, strerror(errno));
            s3l_cli_client_free(cc);
            return S3L_EXIT_USAGE;
        }
        direct = 1;
    } else {
        /* a directory gets the key's base name; the bytes go to a temporary file beside the
         * destination, renamed over it once complete */
        const char *bn = base_name(cp->url.key);
        size_t n;
        if (stat(cp->dst, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (bn[0] == '\0') {
                s3l_cli_errorf(CMD, "the key '%s' has no base name to use in '%s'", cp->url.key,
                               cp->dst);
                s3l_cli_client_free(cc);
                return S3L_EXIT_USAGE;
            }
            n = strlen(cp->dst) + 1 + strlen(bn) + 1;
            dst = malloc(n);
            if (dst != NULL) snprintf(dst, n, "%s/%s", cp->dst, bn);
        } else {
            dst = malloc(strlen(cp->dst) + 1);
            if (dst != NULL) memcpy(dst, cp->dst, strlen(cp->dst) + 1);
        }
        tmp = dst != NULL ? malloc(strlen(dst) + 16) : NULL;
        if (tmp == NULL) {
            s3l_cli_errorf(CMD, "out of memory");
            free(dst);
            s3l_cli_client_free(cc);
            return S3L_EXIT_USAGE;
        }
        snprintf(tmp, strlen(dst) + 16, "%s.s3lite-XXXXXX", dst);
        d.fd = mkstemp(tmp);
        if (d.fd >= 0) {
            /* mkstemp makes 0600; give the file the mode a plain create would (0666 & ~umask) */
            mode_t mask = umask(0);
            umask(mask);
            (void)fchmod(d.fd, (mode_t)(0666 & ~mask));
        }
        if (d.fd < 0) {
            s3l_cli_errorf(CMD, "cannot create '%s': %s", tmp, strerror(errno));
            free(tmp);
            free(dst);
            s3l_cli_client_free(cc);
            return S3L_EXIT_USAGE;
        }
    }
    memset(&p, 0, sizeof p);
    p.bucket = cc->target.bucket;
    p.key = cp->url.key;
    p.key_len = cp->url.key_len;
    sse_c_of(cp, &p.sse_c);
    p.request_payer = cp->request_payer != NULL ? S3L_PAYER_REQUESTER : S3L_PAYER_NONE;
    p.expected_bucket_owner = cp->expected_bucket_owner;
    memset(&res, 0, sizeof res);
    d.res = &res;
    res.sink.write = cp->dry_run ? NULL : dl_write;
    res.sink.ctx = &d;
    if (cp->dry_run) {
        cc->dry.on_head = s3l_cli_print_head_stdout;
        rc = s3l_client_get_object(&cc->c, &p, &res, &cc->err);
    } else if (tmp != NULL && concurrency_of(cp) > 1) {
        /* a new file: ranges over several connections, written at their offsets */
        struct s3l_cli_get_job job;
        catch_signals();
        memset(&job, 0, sizeof job);
        job.cp = cp;
        job.cc = cc;
        job.params = &p;
        job.fd = d.fd;
        job.concurrency = concurrency_of(cp);
        job.interrupted = &interrupted;
        job.prog = &d.prog;
        job.no_progress = d.no_progress;
        rc = s3l_cli_cp_parallel_get(&job);
        if (rc == 1) {
            rc = s3l_client_get_object(&cc->c, &p, &res, &cc->err); /* one range's worth */
        } else {
            d.started = 1;
            d.written = job.written;
            d.write_errno = job.write_errno;
            res.head.content_length = job.written;
        }
    } else {
        catch_signals();
        rc = s3l_client_get_object(&cc->c, &p, &res, &cc->err);
    }
    if (rc == S3L_OK && !cp->dry_run && d.written != res.head.content_length &&
        res.head.content_length != 0) {
        rc = S3L_ERR_CLOSED;
    }
    if (rc != S3L_OK) {
        s3l_cli_progress_clear(&d.prog);
        if (interrupted) {
            s3l_cli_errorf(CMD, "interrupted");
            code = 128 + (int)interrupted;
        } else if (rc == S3L_ERR_IO && d.write_errno != 0) {
            s3l_cli_errorf(CMD, "GetObject failed: writing %s: %s", to_stdout ? "stdout" : cp->dst,
                           strerror(d.write_errno));
            code = S3L_EXIT_NET;
        } else {
            code = s3l_cli_report(CMD, cc, rc, "GetObject");
        }
        if (tmp != NULL) {
            close(d.fd);
            unlink(tmp);
        }
        if (direct) close(d.fd);
        free(tmp);
        free(dst);
        s3l_cli_client_free(cc);
        return code;
    }
    if (!d.started) {
        s3l_cli_progress_start(&d.prog, 0);
        d.prog.enabled = 0;
    }
    s3l_cli_progress_finish(&d.prog);
    code = S3L_EXIT_OK;
    if (tmp != NULL) {
        if (fsync(d.fd) != 0 || close(d.fd) != 0 || rename(tmp, dst) != 0) {
            s3l_cli_errorf(CMD, "cannot write '%s': %s", dst, strerror(errno));
            unlink(tmp);
            code = S3L_EXIT_USAGE;
        } else {
            printf("download: s3://%s/%s to %s (%llu bytes)\n", cc->target.bucket, cp->url.key,
                   dst, (unsigned long long)d.written);
        }
    }
    if (direct) {
        if (close(d.fd) != 0) {
            s3l_cli_errorf(CMD, "cannot write '%s': %s", cp->dst, strerror(errno));
            code = S3L_EXIT_NET;
        } else {
            printf("download: s3://%s/%s to %s (%llu bytes)\n", cc->target.bucket, cp->url.key,
                   cp->dst, (unsigned long long)d.written);
        }
    }
    free(tmp);
    free(dst);
    s3l_cli_client_free(cc);
    return code;
}

int s3l_cmd_cp(int argc, char **argv)
{
    struct s3l_cli_cp cp;
    char err[S3L_CLI_ERR_MAX];
    int rc = s3l_cli_cp_parse(argc, argv, NULL, &cp, err, sizeof err);
    if (rc == 1) {
        s3l_cli_cp_usage(stdout);
        return S3L_EXIT_OK;
    }
    if (rc != 0) {
        s3l_cli_errorf(CMD, "%s", err);
        fprintf(stderr, "(s3lite cp --help lists the options)\n");
        return S3L_EXIT_USAGE;
    }
    rc = cp.upload ? do_upload(&cp) : do_download(&cp);
    s3l_cli_cp_wipe(&cp);
    fflush(stdout);
    return rc;
}
