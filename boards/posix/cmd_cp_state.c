/* SPDX-License-Identifier: MIT */
/*
 * `s3lite cp --state FILE SRC s3://BUCKET/KEY`: the resumable upload (see cmd_cp_state.h).
 *
 *   FILE absent           a new multipart upload; FILE written after Create, after each part
 *                         and before Complete
 *   FILE present          its upload is resumed: ListParts says what the server holds, parts
 *                         of the right size (and checksum) are kept, the rest sent, Complete
 *   SRC or options changed refused (exit 2) unless --restart: then the recorded upload is
 *                         aborted and a new one started
 *   success               FILE removed
 *   failure, ^C           the upload and FILE kept, and the way to resume or abort printed;
 *                         --abort-on-failure aborts instead (never once a Complete was sent)
 *
 * SRC's identity is its device, inode, size and modification time (st_dev, st_ino, st_size,
 * st_mtim): cheap, and any rewrite of the file changes the mtime. Its content is not hashed
 * up front (a 5 TiB file would be read twice); with --checksum-algorithm every part the server
 * holds is re-read and compared with the server's checksum on resume.
 */
#include "cmd_cp_state.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "s3lite/checksum.h"
#include "s3lite/hash.h"
#include "s3lite/uploader.h"

static const char CMD[] = "cp";
static const uint8_t MAGIC[7] = {'S', '3', 'L', 'C', 'P', 'S', 'T'};

#define STATE_FILE_MAX (8 + 2 + S3L_CLI_BUCKET_MAX + 2 + S3L_CLI_KEY_MAX + 2 + \
                        S3L_UPLOADER_STATE_MAX + 4)

/* ---- FILE's wrapper ------------------------------------------------------------------------ */

static void put16(uint8_t *p, size_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static size_t get16(const uint8_t *p)
{
    return (size_t)p[0] | ((size_t)p[1] << 8);
}

size_t s3l_cli_state_encode(const char *bucket, const char *key, size_t key_len,
                            const uint8_t *blob, size_t blob_len, uint8_t *out, size_t cap)
{
    size_t bl = strlen(bucket), n = 8 + 2 + bl + 2 + key_len + 2 + blob_len + 4, pos = 0;
    uint32_t crc;
    if (n > cap || bl > 0xffff || key_len > 0xffff || blob_len > 0xffff) return 0;
    memcpy(out, MAGIC, 7);
    out[7] = S3L_CLI_STATE_VERSION;
    pos = 8;
    put16(out + pos, bl);
    memcpy(out + pos + 2, bucket, bl);
    pos += 2 + bl;
    put16(out + pos, key_len);
    memcpy(out + pos + 2, key, key_len);
    pos += 2 + key_len;
    put16(out + pos, blob_len);
    memcpy(out + pos + 2, blob, blob_len);
    pos += 2 + blob_len;
    crc = s3l_crc32_update(0, out, pos);
    out[pos] = (uint8_t)crc;
    out[pos + 1] = (uint8_t)(crc >> 8);
    out[pos + 2] = (uint8_t)(crc >> 16);
    out[pos + 3] = (uint8_t)(crc >> 24);
    return pos + 4;
}

int s3l_cli_state_decode(const uint8_t *in, size_t len, const char **bucket, size_t *bucket_len,
                         const char **key, size_t *key_len, const uint8_t **blob,
                         size_t *blob_len)
{
    size_t pos = 8;
    uint32_t crc;
    if (len < 8 + 6 + 4 || memcmp(in, MAGIC, 7) != 0) return -1;
    crc = (uint32_t)in[len - 4] | ((uint32_t)in[len - 3] << 8) | ((uint32_t)in[len - 2] << 16) |
          ((uint32_t)in[len - 1] << 24);
    if (crc != s3l_crc32_update(0, in, len - 4)) return -1;
    if (in[7] != S3L_CLI_STATE_VERSION) return -2;
    *bucket_len = get16(in + pos);
    *bucket = (const char *)in + pos + 2;
    pos += 2 + *bucket_len;
    if (pos + 2 > len - 4) return -1;
    *key_len = get16(in + pos);
    *key = (const char *)in + pos + 2;
    pos += 2 + *key_len;
    if (pos + 2 > len - 4) return -1;
    *blob_len = get16(in + pos);
    *blob = in + pos + 2;
    pos += 2 + *blob_len;
    return pos == len - 4 ? 0 : -1;
}

/* ---- the job ---------------------------------------------------------------------------------- */

struct state_run;

/* One connection sending parts (--concurrency): its own client, and its own thread. */
struct part_sender {
    struct state_run *r;
    struct s3l_cli_client *cc;      /* the job's client for the first, else its own */
    pthread_t thread;
    int read_errno;
};

struct state_run {
    struct s3l_cli_state_job *job;
    struct s3l_uploader up;
    char bucket[S3L_CLI_BUCKET_MAX + 1];
    int save_errno;
    int read_errno;
    int writes;                     /* 0 under --dry-run or without --state: no FILE */
    struct s3l_cli_progress prog;
    uint64_t shown;                 /* bytes the bar has counted */
    /* parallel parts: the lock serialises every use of up, prog and what follows */
    pthread_mutex_t lock;
    struct part_sender senders[S3L_CLI_CONCURRENCY_MAX];
    unsigned nsenders;
    uint32_t next_part;             /* the next part a sender looks at */
    uint32_t last_part;
    /* stdin: part n waits in slot (n - 1) % nslots until sent; the reader fills the slots */
    uint8_t *slots[S3L_CLI_CONCURRENCY_MAX];
    uint32_t slot_part[S3L_CLI_CONCURRENCY_MAX]; /* the part a slot holds, 0 when free */
    unsigned nslots;
    uint64_t available;             /* bytes read from stdin so far */
    pthread_cond_t more;            /* the reader added a part or stopped */
    pthread_cond_t freed;           /* a sender freed a slot or stopped */
    int stop;                       /* a part failed: take no more */
    int par_rc;                     /* the first failure, S3L_OK when none */
    const char *par_op;             /* its request and part, and the S3 error document */
    uint32_t par_part;
    struct s3l_s3_error par_err;
};

static long src_read_at(void *ctx, uint64_t off, uint8_t *buf, size_t len)
{
    struct state_run *r = ctx;
    ssize_t k;
    if (*r->job->interrupted) return S3L_ERR_IO;
    for (;;) {
        k = pread(r->job->fd, buf, len, (off_t)(r->job->base + off));
        if (k >= 0 || errno != EINTR || *r->job->interrupted) break;
    }
    if (k < 0) {
        r->read_errno = errno;
        return S3L_ERR_IO;
    }
    return (long)k;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* ---- parts over several connections (--concurrency) --------------------------------------- */

/* A part's bytes read with pread at their offset: nothing is buffered, and a signed part is
 * simply read twice (the client's hashing pass, then the sending one). */
struct span_reader {
    struct part_sender *s;
    const uint8_t *mem;             /* stdin: the part in its slot; else read from the file */
    uint64_t off, len, pos;
};

static long span_read(void *ctx, uint8_t *buf, size_t cap)
{
    struct span_reader *sr = ctx;
    const struct s3l_cli_state_job *job = sr->s->r->job;
    size_t want = cap;
    ssize_t k;
    if (*job->interrupted) return S3L_ERR_IO;
    if (sr->pos >= sr->len) return 0;
    if ((uint64_t)want > sr->len - sr->pos) want = (size_t)(sr->len - sr->pos);
    if (sr->mem != NULL) {
        memcpy(buf, sr->mem + sr->pos, want);
        sr->pos += want;
        return (long)want;
    }
    for (;;) {
        k = pread(job->fd, buf, want, (off_t)(job->base + sr->off + sr->pos));
        if (k >= 0 || errno != EINTR || *job->interrupted) break;
    }
    if (k <= 0) { /* an error, or the file shrank under us */
        sr->s->read_errno = k < 0 ? errno : 0;
        return S3L_ERR_IO;
    }
    sr->pos += (uint64_t)k;
    return (long)k;
}

static int span_rewind(void *ctx)
{
    ((struct span_reader *)ctx)->pos = 0;
    return S3L_OK;
}

/* Move the bar to the uploader's count (under the lock). */
static void show_progress(struct state_run *r)
{
    if (r->up.bytes_done > r->shown) {
        s3l_cli_progress_add(&r->prog, r->up.bytes_done - r->shown);
        r->shown = r->up.bytes_done;
    }
}

/* The first failure wins; the others stop taking parts (under the lock). */
static void par_fail(struct state_run *r, int rc, const char *op, uint32_t part,
                     const struct s3l_s3_error *err, int read_errno)
{
    if (r->par_rc == S3L_OK) {
        r->par_rc = rc;
        r->par_op = op;
        r->par_part = part;
        if (err != NULL) r->par_err = *err;
        if (read_errno != 0) r->read_errno = read_errno;
    }
    r->stop = 1;
    pthread_cond_broadcast(&r->more);
    pthread_cond_broadcast(&r->freed);
}

/* Send one part over s->cc: S3L_OK with the ETag in *res, or the request's error. */
static int send_part(struct part_sender *s, const struct s3l_upload_part_params *p, uint64_t off,
                     const uint8_t *mem, struct s3l_upload_part_result *res, char *checksum_b64,
                     size_t cap)
{
    struct state_run *r = s->r;
    struct span_reader sr;
    struct s3l_body body;
    int rc;
    memset(&sr, 0, sizeof sr);
    sr.s = s;
    sr.mem = mem;
    sr.off = off;
    sr.len = p->content_length;
    memset(&body, 0, sizeof body);
    body.reader.read = span_read;
    body.reader.rewind = span_rewind;
    body.reader.ctx = &sr;
    body.mode = r->up.cfg.mode;
    body.checksum = p->checksum_algorithm;
    body.expect = r->up.cfg.expect;
    memset(res, 0, sizeof *res);
    s->read_errno = 0;
    rc = s3l_client_upload_part(&s->cc->c, p, &body, res, &s->cc->err);
    if (rc == S3L_OK && (res->etag[0] == '\0' || (res->truncated & S3L_TRUNC_ETAG))) {
        rc = S3L_ERR_BUF_TOO_SMALL;
    }
    if (rc == S3L_OK && p->checksum_algorithm != S3L_CHECKSUM_NONE &&
        body.checksum_b64[0] == '\0') {
        rc = S3L_ERR_CHECKSUM;
    }
    snprintf(checksum_b64, cap, "%s", body.checksum_b64);
    return rc;
}

/* A sender's thread: take the next part still to send, send it, record it; until none is
 * left, one failed, or ^C. */
static void *sender_main(void *arg)
{
    struct part_sender *s = arg;
    struct state_run *r = s->r;
    struct s3l_upload_part_params p;
    struct s3l_upload_part_result res;
    char sum[S3L_CHECKSUM_B64_MAX + 1];
    uint64_t off = 0, len = 0;
    for (;;) {
        uint32_t n = 0;
        int rc = 0;
        pthread_mutex_lock(&r->lock);
        while (!r->stop && !*r->job->interrupted && r->next_part <= r->last_part) {
            rc = s3l_uploader_part_todo(&r->up, r->next_part, &p, &off, &len);
            if (rc == S3L_WAIT_SOURCE && r->job->stream) {
                pthread_cond_wait(&r->more, &r->lock); /* stdin: the reader is on it */
                rc = 0;
                continue;
            }
            n = r->next_part++;
            if (rc != 0) break; /* 0: done already (kept from before), or past the end */
            n = 0;
        }
        if (rc < 0 || rc == S3L_WAIT_SOURCE) {
            par_fail(r, rc < 0 ? rc : S3L_ERR_IO, "UploadPart", n, NULL, 0);
            n = 0;
        }
        pthread_mutex_unlock(&r->lock);
        if (n == 0) break;
        rc = send_part(s, &p, off,
                       r->job->stream ? r->slots[(n - 1) % r->nslots] : NULL, &res, sum,
                       sizeof sum);
        pthread_mutex_lock(&r->lock);
        if (r->job->stream) {
            r->slot_part[(n - 1) % r->nslots] = 0;
            pthread_cond_broadcast(&r->freed);
        }
        if (rc == S3L_OK) {
            rc = s3l_uploader_part_sent(&r->up, n, res.etag, sum);
            if (rc != S3L_OK) par_fail(r, rc, "saving the state", n, NULL, 0);
            show_progress(r);
        } else {
            par_fail(r, rc, "UploadPart", n, &s->cc->err, s->read_errno);
        }
        pthread_mutex_unlock(&r->lock);
    }
    return NULL;
}

/* Read stdin whole into part slots for the senders, each part once its slot is free;
 * closes the uploader's source at the end. */
static void read_stream(struct state_run *r)
{
    const struct s3l_cli_state_job *job = r->job;
    uint64_t part_size = r->up.part_size;
    uint32_t n;
    int ended = 0;
    for (n = 1; !ended; n++) {
        unsigned slot = (n - 1) % r->nslots;
        size_t got = 0;
        int closed, bad;
        pthread_mutex_lock(&r->lock);
        while (r->slot_part[slot] != 0 && !r->stop && !*job->interrupted) {
            pthread_cond_wait(&r->freed, &r->lock);
        }
        bad = r->stop || *job->interrupted;
        pthread_mutex_unlock(&r->lock);
        if (bad) break;
        if (n > S3L_CLI_PARTS_MAX) {
            pthread_mutex_lock(&r->lock);
            par_fail(r, S3L_ERR_TOO_MANY, "reading", n, NULL, 0);
            pthread_mutex_unlock(&r->lock);
            break;
        }
        while (got < part_size) {
            ssize_t k = read(job->fd, r->slots[slot] + got, (size_t)(part_size - got));
            if (k < 0 && errno == EINTR && !*job->interrupted) continue;
            if (k <= 0) {
                bad = k < 0;
                break;
            }
            got += (size_t)k;
        }
        pthread_mutex_lock(&r->lock);
        if (bad || *job->interrupted) {
            par_fail(r, S3L_ERR_IO, "reading", 0, NULL, bad ? errno : 0);
            pthread_mutex_unlock(&r->lock);
            break;
        }
        /* a short part is the last; an empty one too, except a first (an empty object) */
        closed = got < part_size;
        if (got > 0 || n == 1) r->slot_part[slot] = n;
        r->available += got;
        s3l_uploader_source(&r->up, r->available, (unsigned)closed);
        if (closed) r->last_part = got > 0 || n == 1 ? n : n - 1;
        pthread_cond_broadcast(&r->more);
        pthread_mutex_unlock(&r->lock);
        ended = closed;
    }
    if (!ended) { /* ^C or a failure: no sender may wait for more */
        pthread_mutex_lock(&r->lock);
        r->stop = 1;
        pthread_cond_broadcast(&r->more);
        pthread_cond_broadcast(&r->freed);
        pthread_mutex_unlock(&r->lock);
    }
}

/* Phase PARTS with --concurrency N: send every part still to send over up to N connections
 * at once. S3L_PENDING when all are sent (step() sends Complete next), else the first
 * failure (par_op, par_part, par_err say which). */
static int parallel_parts(struct state_run *r, uint32_t nparts)
{
    const struct s3l_cli_state_job *job = r->job;
    uint32_t n, todo = 0;
    unsigned i, want, started = 0;
    struct s3l_upload_part_params p;
    uint64_t off = 0, len = 0;
    char err[S3L_CLI_ERR_MAX];
    sigset_t block, old;
    for (n = 1; n <= nparts && !job->stream; n++) {
        if (s3l_uploader_part_todo(&r->up, n, &p, &off, &len) == 1) todo++;
    }
    if (job->stream) todo = job->concurrency;
    want = job->concurrency < todo ? job->concurrency : todo;
    if (want == 0) want = 1; /* nothing to send: step() goes on to Complete */
    /* the first sender is the job's own client; the others get theirs, once */
    r->senders[0].cc = job->cc;
    r->nsenders = r->nsenders > 0 ? r->nsenders : 1;
    while (r->nsenders < want) {
        struct s3l_cli_client *cc =
            s3l_cli_client_new(&job->cp->conf, &job->cp->url, job->cp->dry_run, err, sizeof err);
        if (cc == NULL) break; /* fewer connections, same result */
        cc->c.cfg.max_attempts = job->cc->c.cfg.max_attempts;
        r->senders[r->nsenders++].cc = cc;
    }
    if (want > r->nsenders) want = r->nsenders;
    r->next_part = 1;
    r->last_part = nparts;
    r->stop = 0;
    r->par_rc = S3L_OK;
    if (job->stream) {
        /* stdin: as many slots of a part as senders; this thread reads, they all send */
        r->nslots = want;
        for (i = 0; i < want; i++) {
            if (r->slots[i] == NULL) r->slots[i] = malloc((size_t)r->up.part_size);
            if (r->slots[i] == NULL) {
                s3l_cli_errorf("cp", "cannot allocate %u part buffers of %llu bytes", want,
                               (unsigned long long)r->up.part_size);
                return S3L_ERR_BUF_TOO_SMALL;
            }
        }
    }
    /* ^C goes to this thread (the senders block it): it interrupts a read of stdin */
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    for (i = 0; i < want; i++) {
        r->senders[i].r = r;
        if ((i > 0 || job->stream) &&
            pthread_create(&r->senders[i].thread, NULL, sender_main, &r->senders[i]) != 0) {
            break;
        }
        started = i + 1;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (job->stream) {
        if (started == 0) return S3L_ERR_BUF_TOO_SMALL;
        read_stream(r);
        for (i = 0; i < started; i++) pthread_join(r->senders[i].thread, NULL);
    } else {
        (void)sender_main(&r->senders[0]); /* this thread sends too */
        for (i = 1; i < started; i++) pthread_join(r->senders[i].thread, NULL);
    }
    if (*job->interrupted) return S3L_ERR_IO;
    return r->par_rc != S3L_OK ? r->par_rc : S3L_PENDING;
}

/* FILE := the wrapper around blob, atomically (FILE.tmp, fsync, rename). */
static int save_state(void *ctx, const uint8_t *blob, size_t len)
{
    struct state_run *r = ctx;
    const struct s3l_create_mpu_params *c = r->job->create;
    const char *path = r->job->cp->state_file;
    uint8_t buf[STATE_FILE_MAX];
    char tmp[4096];
    size_t n;
    int fd;
    if (!r->writes) return S3L_OK;
    n = s3l_cli_state_encode(c->bucket, c->key, c->key_len, blob, len, buf, sizeof buf);
    if (n == 0 || (size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
        r->save_errno = ENAMETOOLONG;
        return S3L_ERR_IO;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write_all(fd, buf, n) != 0 || fsync(fd) != 0) {
        r->save_errno = errno;
        if (fd >= 0) close(fd);
        unlink(tmp);
        return S3L_ERR_IO;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        r->save_errno = errno;
        unlink(tmp);
        return S3L_ERR_IO;
    }
    return S3L_OK;
}

/* Read FILE whole into buf. 1 read, 0 absent, -1 error (errno). */
static int read_state(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
    int fd = open(path, O_RDONLY);
    *len = 0;
    if (fd < 0) return errno == ENOENT ? 0 : -1;
    for (;;) {
        ssize_t k = read(fd, buf + *len, cap - *len);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) {
            close(fd);
            return -1;
        }
        if (k == 0) break;
        *len += (size_t)k;
        if (*len == cap) break; /* too long: not ours, the decoder says so */
    }
    close(fd);
    return 1;
}

/* Abort the upload a state file records, at the bucket and key it records. */
static void abort_recorded(struct state_run *r, const char *bucket, size_t bucket_len,
                           const char *key, size_t key_len, const uint8_t *blob, size_t blob_len)
{
    struct s3l_abort_mpu_params p;
    char b[S3L_CLI_BUCKET_MAX + 1], id[S3L_UPLOAD_ID_MAX];
    const struct s3l_create_mpu_params *c = r->job->create;
    int rc;
    if (s3l_uploader_blob_upload_id(blob, blob_len, id, sizeof id) != S3L_OK ||
        bucket_len > S3L_CLI_BUCKET_MAX || id[0] == '\0') {
        fprintf(stderr, "s3lite cp: %s records no upload id (the last run's Create got no "
                        "recorded answer): nothing aborted by id; s3lite ls-uploads lists what "
                        "is open\n",
                r->job->cp->state_file);
        return;
    }
    memcpy(b, bucket, bucket_len);
    b[bucket_len] = '\0';
    memset(&p, 0, sizeof p);
    p.bucket = b;
    p.key = key;
    p.key_len = key_len;
    p.upload_id = id;
    p.request_payer = c->request_payer;
    p.expected_bucket_owner = c->expected_bucket_owner;
    if (key_len == 0) {
        fprintf(stderr, "s3lite cp: %s records an empty key: nothing aborted\n",
                r->job->cp->state_file);
        return;
    }
    rc = s3l_client_abort_mpu(&r->job->cc->c, &p, &r->job->cc->err);
    if (rc == S3L_OK || (rc == S3L_ERR_S3 && (r->job->cc->err.code_enum == S3L_S3_NO_SUCH_UPLOAD ||
                                              r->job->cc->err.code_enum == S3L_S3_NO_SUCH_KEY))) {
        fprintf(stderr, "s3lite cp: --restart: aborted upload %s of s3://%s/%.*s\n", id, b,
                (int)key_len, key);
    } else {
        fprintf(stderr, "s3lite cp: --restart: could not abort upload %s of s3://%s/%.*s (%s); "
                        "abort it with: s3lite abort 's3://%s/%.*s' --upload-id '%s'\n",
                id, b, (int)key_len, key, s3l_strerror(rc), b, (int)key_len, key, id);
    }
}

/* The last run sent a Create whose answer never reached FILE: abort the upload it may have
 * left (same key, initiated since), before this run creates its own. */
static int sweep(struct state_run *r)
{
    struct s3l_uploader_sweep_mem *mem = malloc(sizeof *mem);
    int rc;
    if (mem == NULL) return S3L_ERR_BUF_TOO_SMALL;
    rc = s3l_uploader_sweep(&r->up, mem);
    free(mem);
    if (r->up.swept > 0) {
        fprintf(stderr, "s3lite cp: the last run's CreateMultipartUpload got no recorded answer: "
                        "aborted %u upload%s it left open\n",
                r->up.swept, r->up.swept == 1 ? "" : "s");
    }
    return rc;
}

/* The whole object's checksum from the part checksums ("b64-N" COMPOSITE, "b64" FULL_OBJECT),
 * as the one-connection upload prints it; "" when the parts' are not all known. */
static void object_checksum(const struct state_run *r, uint32_t nparts, uint64_t size, char *out,
                            size_t cap)
{
    const struct s3l_uploader *u = &r->up;
    struct s3l_checksum_mp mp;
    size_t got = 0;
    uint32_t n;
    int rc;
    out[0] = '\0';
    if (u->alg == S3L_CHECKSUM_NONE || u->cfg.parts.checksums == NULL) return;
    rc = s3l_checksum_mp_start_algo(&mp, s3l_checksum_algo_find(u->cfg.client->cfg.checksums,
                                                                u->alg), u->type);
    for (n = 1; rc == S3L_OK && n <= nparts; n++) {
        const char *v = u->cfg.parts.checksums[n - 1];
        uint64_t off = (uint64_t)(n - 1) * u->part_size;
        uint64_t len = size - off < u->part_size ? size - off : u->part_size;
        rc = v[0] != '\0' ? s3l_checksum_mp_add_base64(&mp, v, strlen(v), len) : S3L_ERR_ARG;
    }
    if (rc == S3L_OK) rc = s3l_checksum_mp_finish(&mp, out, cap, &got);
    s3l_checksum_mp_wipe(&mp);
    if (rc != S3L_OK) out[0] = '\0';
}

/* Print how to go on after a failure that keeps the upload. */
static void print_kept(const struct state_run *r)
{
    const struct s3l_create_mpu_params *c = r->job->create;
    const struct s3l_uploader *u = &r->up;
    if (u->upload_id[0] == '\0') return;
    fprintf(stderr,
            "s3lite cp: the upload is kept (upload id %s, %u part%s done, %llu bytes) and %s "
            "records it.\n"
            "  resume: run the same command again\n",
            u->upload_id, (unsigned)u->parts_done, u->parts_done == 1 ? "" : "s",
            (unsigned long long)u->bytes_done, r->job->cp->state_file);
    if (u->complete_sent) {
        fprintf(stderr, "  (a CompleteMultipartUpload was sent: the object may be complete; the "
                        "rerun checks)\n");
    } else {
        fprintf(stderr, "  abort:  s3lite abort 's3://%s/%.*s' --upload-id '%s' && rm '%s'\n",
                c->bucket, (int)c->key_len, c->key, u->upload_id, r->job->cp->state_file);
    }
}

int s3l_cli_cp_state_upload(struct s3l_cli_state_job *job)
{
    const struct s3l_cli_cp *cp = job->cp;
    struct s3l_uploader_config cfg;
    struct state_run *r;
    char source_id[160], shape[S3L_CLI_HOST_MAX + 64];
    uint8_t *file = NULL;
    uint64_t size = (uint64_t)job->st.st_size > job->base ? (uint64_t)job->st.st_size - job->base : 0;
    uint64_t part_size, nparts;
    unsigned i;
    size_t file_len = 0;
    int rc, code = S3L_EXIT_OK, have;
    char what[64];

    rc = s3l_uploader_part_size(size, cp->part_size_given || job->stream ? cp->part_size : 0,
                                (unsigned)cp->allow_small_parts, &part_size);
    if (rc != S3L_OK) {
        if (size > S3L_UPLOADER_OBJECT_MAX) {
            s3l_cli_errorf(CMD, "%s: %llu bytes is more than S3 takes in one object (5 TiB)",
                           job->src_name, (unsigned long long)size);
        } else {
            s3l_cli_errorf(CMD, "--part-size %llu gives more than 10000 parts for %llu bytes",
                           (unsigned long long)cp->part_size, (unsigned long long)size);
        }
        return S3L_EXIT_USAGE;
    }
    nparts = size == 0 ? 1 : (size + part_size - 1) / part_size;
    if (job->stream) nparts = S3L_CLI_PARTS_MAX; /* unknown: room for the most (calloc: only
                                                     the entries used are touched) */
    r = calloc(1, sizeof *r);
    if (r == NULL) {
        s3l_cli_errorf(CMD, "out of memory");
        return S3L_EXIT_USAGE;
    }
    r->job = job;
    r->writes = !cp->dry_run && cp->state_file != NULL;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->more, NULL);
    pthread_cond_init(&r->freed, NULL);
    memset(&cfg, 0, sizeof cfg);
    cfg.parts.cap = (uint32_t)nparts;
    cfg.parts.list = calloc((size_t)nparts, sizeof *cfg.parts.list);
    cfg.parts.etags = calloc((size_t)nparts, sizeof *cfg.parts.etags);
    if (job->create->checksum_algorithm != S3L_CHECKSUM_NONE) {
        cfg.parts.checksums = calloc((size_t)nparts, sizeof *cfg.parts.checksums);
    }
    file = malloc(STATE_FILE_MAX);
    if (cfg.parts.list == NULL || cfg.parts.etags == NULL || file == NULL ||
        (job->create->checksum_algorithm != S3L_CHECKSUM_NONE && cfg.parts.checksums == NULL)) {
        s3l_cli_errorf(CMD, "out of memory for %llu parts", (unsigned long long)nparts);
        code = S3L_EXIT_USAGE;
        goto out;
    }
    snprintf(source_id, sizeof source_id, "dev=%llu ino=%llu size=%llu mtime=%lld.%09ld base=%llu",
             (unsigned long long)job->st.st_dev, (unsigned long long)job->st.st_ino,
             (unsigned long long)job->st.st_size, (long long)job->st.st_mtim.tv_sec,
             (long)job->st.st_mtim.tv_nsec, (unsigned long long)job->base);
    /* the same bucket and key on another endpoint is another object */
    snprintf(shape, sizeof shape, "endpoint=%s virtual=%u", job->cc->target.s3ep.host,
             job->cc->target.s3ep.virtual_hosted);
    cfg.client = &job->cc->c;
    cfg.create = job->create;
    cfg.mode = job->mode;
    cfg.part_size = part_size;
    cfg.size_hint = job->stream ? 0 : size;
    cfg.allow_small_parts = (unsigned)cp->allow_small_parts;
    cfg.read_at = src_read_at;
    cfg.save = save_state;
    cfg.ctx = r;
    cfg.source_id = source_id;
    cfg.source_id_len = strlen(source_id);
    cfg.shape = shape;
    cfg.shape_len = strlen(shape);
    rc = s3l_uploader_init(&r->up, &cfg);
    if (rc != S3L_OK) {
        s3l_cli_errorf(CMD, "cannot set up the upload: %s", s3l_strerror(rc));
        code = s3l_cli_exit_code(rc);
        goto out;
    }
    s3l_uploader_source(&r->up, size, job->stream ? 0u : 1u); /* stdin: it grows as read */

    /* FILE: resume, refuse, or restart */
    have = r->writes && cp->state_file != NULL
               ? read_state(cp->state_file, file, STATE_FILE_MAX, &file_len)
               : 0;
    if (have < 0) {
        s3l_cli_errorf(CMD, "cannot read %s: %s", cp->state_file, strerror(errno));
        code = S3L_EXIT_USAGE;
        goto out;
    }
    if (have > 0) {
        const char *sb = NULL, *sk = NULL;
        const uint8_t *blob = NULL;
        size_t sbl = 0, skl = 0, blob_len = 0;
        int d = s3l_cli_state_decode(file, file_len, &sb, &sbl, &sk, &skl, &blob, &blob_len);
        rc = d == 0 ? s3l_uploader_load(&r->up, blob, blob_len)
                    : (d == -2 ? S3L_ERR_STATE_VERSION : S3L_ERR_STATE_CORRUPT);
        if (rc != S3L_OK && !cp->restart) {
            switch (rc) {
            case S3L_ERR_STATE_TARGET:
                s3l_cli_errorf(CMD,
                               "%s records an upload to s3://%.*s/%.*s with other parameters "
                               "(bucket, key, part size, payload, checksum, metadata, headers or "
                               "endpoint differ from this command); run it as before to resume, "
                               "or add --restart to abort that upload and start anew",
                               cp->state_file, (int)sbl, sb, (int)skl, sk);
                break;
            case S3L_ERR_STATE_SOURCE:
                s3l_cli_errorf(CMD,
                               "%s changed since %s was written (size, modification time or "
                               "inode); add --restart to abort the recorded upload and start "
                               "anew",
                               job->src_name, cp->state_file);
                break;
            case S3L_ERR_STATE_VERSION:
                s3l_cli_errorf(CMD, "%s was written by another version of s3lite (state version);"
                                    " add --restart to start anew", cp->state_file);
                break;
            default:
                s3l_cli_errorf(CMD, "%s is not a state file of s3lite cp or is damaged (%s); "
                                    "add --restart to start anew", cp->state_file,
                               s3l_strerror(rc));
                break;
            }
            code = S3L_EXIT_USAGE;
            goto out;
        }
        if (rc == S3L_OK && r->up.create_sent_at != 0) {
            int sr = sweep(r);
            if (sr != S3L_OK) {
                s3l_cli_errorf(CMD, "the last run's CreateMultipartUpload got no recorded answer, "
                                    "and looking for the upload it may have left failed (%s: %s%s%s);"
                                    " run the same command again to retry",
                               r->up.failed_op != NULL ? r->up.failed_op : "sweep",
                               s3l_strerror(sr), r->up.err.code[0] != '\0' ? " " : "",
                               r->up.err.code);
                code = s3l_cli_exit_code(sr);
                goto out;
            }
        }
        if (cp->restart) {
            if (d == 0) abort_recorded(r, sb, sbl, sk, skl, blob, blob_len);
            else fprintf(stderr, "s3lite cp: %s cannot be read: nothing aborted\n", cp->state_file);
            /* start from nothing: a fresh uploader */
            rc = s3l_uploader_init(&r->up, &cfg);
            if (rc != S3L_OK) {
                code = s3l_cli_exit_code(rc);
                goto out;
            }
            s3l_uploader_source(&r->up, size, 1);
            if (unlink(cp->state_file) != 0 && errno != ENOENT) {
                s3l_cli_errorf(CMD, "cannot remove %s: %s", cp->state_file, strerror(errno));
                code = S3L_EXIT_USAGE;
                goto out;
            }
        }
    }

    /* run, one request a step (the parts over job->concurrency connections); the bar moves
     * part by part */
    s3l_cli_progress_start(&r->prog, size);
    if (cp->no_progress || cp->dry_run) r->prog.enabled = 0;
    if (cp->dry_run) job->cc->dry.on_head = s3l_cli_print_head_stdout;
    do {
        if (*job->interrupted) {
            rc = S3L_ERR_IO;
        } else if (job->concurrency > 1 && r->up.phase == S3L_UPLOADER_PARTS) {
            rc = parallel_parts(r, (uint32_t)nparts);
            if (rc == S3L_PENDING) rc = s3l_uploader_step(&r->up); /* on to Complete */
        } else {
            rc = s3l_uploader_step(&r->up);
        }
        show_progress(r);
    } while (rc == S3L_PENDING);

    if (rc == S3L_OK) {
        s3l_cli_progress_finish(&r->prog);
        if (r->writes && unlink(cp->state_file) != 0 && errno != ENOENT) {
            s3l_cli_errorf(CMD, "the upload is complete, but %s could not be removed: %s",
                           cp->state_file, strerror(errno));
        }
        if (!cp->dry_run) {
            printf("upload: %s to s3://%s/%.*s (%llu bytes, %llu part%s", job->src_name,
                   job->create->bucket, (int)job->create->key_len, job->create->key,
                   (unsigned long long)(job->stream ? r->available : size),
                   (unsigned long long)(job->stream ? r->last_part : nparts),
                   (job->stream ? r->last_part : nparts) == 1 ? "" : "s");
            if (r->up.parts_kept > 0) printf(", %u kept from before", (unsigned)r->up.parts_kept);
            if (r->up.confirmed_by_head) printf(", completed earlier: checked with HeadObject");
            if (r->up.r.complete.etag[0] != '\0' && !r->up.confirmed_by_head) {
                printf(", ETag %s", r->up.r.complete.etag);
            }
            {
                char sum[S3L_CHECKSUM_VALUE_MAX];
                uint64_t total = job->stream ? r->available : size;
                object_checksum(r, (uint32_t)(job->stream ? r->last_part : nparts), total, sum,
                                sizeof sum);
                if (sum[0] != '\0') {
                    printf(", %s %s %s", s3l_checksum_alg_name(r->up.alg),
                           s3l_checksum_type_name(r->up.type), sum);
                }
            }
            printf(")\n");
        }
        code = S3L_EXIT_OK;
        goto out;
    }

    /* a failure: say what, then keep or abort */
    s3l_cli_progress_clear(&r->prog);
    if (r->par_rc != S3L_OK) {
        if (r->par_part != 0) {
            snprintf(what, sizeof what, "%s %u", r->par_op, (unsigned)r->par_part);
        } else {
            snprintf(what, sizeof what, "%s", r->par_op);
        }
    } else if (r->up.failed_part != 0) {
        snprintf(what, sizeof what, "%s %u", r->up.failed_op, (unsigned)r->up.failed_part);
    } else {
        snprintf(what, sizeof what, "%s", r->up.failed_op != NULL ? r->up.failed_op : "upload");
    }
    if (*job->interrupted) {
        s3l_cli_errorf(CMD, "interrupted");
        code = 128 + (int)*job->interrupted;
    } else if (r->save_errno != 0) {
        s3l_cli_errorf(CMD, "cannot write %s: %s", cp->state_file, strerror(r->save_errno));
        code = S3L_EXIT_USAGE;
    } else if (rc == S3L_ERR_IO) {
        s3l_cli_errorf(CMD, "%s failed: reading %s: %s", what, job->src_name,
                       r->read_errno != 0 ? strerror(r->read_errno)
                                          : "the file ended early (did it change?)");
        code = S3L_EXIT_NET;
    } else if (rc == S3L_ERR_UPLOAD_LOST) {
        s3l_cli_errorf(CMD,
                       "the upload %s records is gone (aborted or expired) and s3://%s/%.*s is "
                       "not this file; add --restart to start anew",
                       cp->state_file, job->create->bucket, (int)job->create->key_len,
                       job->create->key);
        code = S3L_EXIT_S3;
    } else {
        job->cc->err = r->par_rc != S3L_OK ? r->par_err : r->up.err;
        code = s3l_cli_report(CMD, job->cc, rc, what);
    }
    /* without --state nothing could resume it: abort, as a plain multipart upload does
     * (also after a failed Complete: one that succeeded leaves nothing to abort) */
    if ((cp->state_file == NULL || (cp->abort_on_failure && !r->up.complete_sent)) &&
        r->up.upload_id[0] != '\0' && rc != S3L_ERR_UPLOAD_LOST) {
        int ar = s3l_uploader_abort(&r->up);
        if (ar == S3L_OK) {
            fprintf(stderr, "s3lite cp: aborted upload %s\n", r->up.upload_id);
            if (r->writes && cp->state_file != NULL) unlink(cp->state_file);
        } else {
            fprintf(stderr, "s3lite cp: could not abort upload %s (%s)\n", r->up.upload_id,
                    s3l_strerror(ar));
            if (r->writes) {
                print_kept(r);
            } else {
                fprintf(stderr, "  abort it with: s3lite abort 's3://%s/%.*s' --upload-id '%s'\n",
                        job->create->bucket, (int)job->create->key_len, job->create->key,
                        r->up.upload_id);
            }
        }
    } else if (r->writes) {
        print_kept(r);
    }
out:
    if (r != NULL) {
        for (i = 1; i < r->nsenders; i++) s3l_cli_client_free(r->senders[i].cc);
        for (i = 0; i < S3L_CLI_CONCURRENCY_MAX; i++) free(r->slots[i]);
        pthread_mutex_destroy(&r->lock);
        pthread_cond_destroy(&r->more);
        pthread_cond_destroy(&r->freed);
    }
    free(cfg.parts.list);
    free(cfg.parts.etags);
    free(cfg.parts.checksums);
    free(file);
    free(r);
    return code;
}
