/* SPDX-License-Identifier: MIT */
/*
 * Parallel download (see cmd_cp_get.h): HeadObject, then ranges of S3L_CLI_PART_DEFAULT
 * bytes taken in order by N senders (threads, each with its own client), written where they
 * belong. Memory: N clients and their I/O buffers; nothing of the object is held.
 */
#include "cmd_cp_get.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "s3lite/client.h"

struct range_getter;

struct par_get {
    struct s3l_cli_get_job *job;
    char etag[S3L_ETAG_MAX];
    uint64_t size, chunk;
    pthread_mutex_t lock;       /* next, stop, the failure, written and the bar */
    uint64_t next;              /* offset of the next range to take */
    int stop;
    int rc;                     /* the first failure, S3L_OK when none */
    struct s3l_s3_error err;
};

struct range_getter {
    struct par_get *g;
    struct s3l_cli_client *cc;
    pthread_t thread;
    uint64_t off, len, pos;     /* the range being written */
    int write_errno;
};

static int range_write(void *ctx, const uint8_t *data, size_t len)
{
    struct range_getter *rg = ctx;
    struct par_get *g = rg->g;
    size_t done = 0;
    if (*g->job->interrupted) return S3L_ERR_IO;
    if ((uint64_t)len > rg->len - rg->pos) return S3L_ERR_CLOSED; /* more than asked for */
    while (done < len) {
        ssize_t k = pwrite(g->job->fd, data + done, len - done,
                           (off_t)(rg->off + rg->pos + done));
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            rg->write_errno = k < 0 ? errno : EIO;
            return S3L_ERR_IO;
        }
        done += (size_t)k;
    }
    rg->pos += len;
    pthread_mutex_lock(&g->lock);
    g->job->written += len;
    s3l_cli_progress_add(g->job->prog, len);
    pthread_mutex_unlock(&g->lock);
    return 0;
}

/* GET one range into the file. */
static int get_range(struct range_getter *rg)
{
    struct par_get *g = rg->g;
    struct s3l_get_object_params p = *g->job->params;
    struct s3l_get_object_result res;
    char range[64];
    int rc;
    snprintf(range, sizeof range, "bytes=%llu-%llu", (unsigned long long)rg->off,
             (unsigned long long)(rg->off + rg->len - 1));
    p.range = range;
    p.if_match = g->etag;
    memset(&res, 0, sizeof res);
    res.sink.write = range_write;
    res.sink.ctx = rg;
    rg->pos = 0;
    rg->write_errno = 0;
    rc = s3l_client_get_object(&rg->cc->c, &p, &res, &rg->cc->err);
    if (rc == S3L_OK && rg->pos != rg->len) rc = S3L_ERR_CLOSED; /* a short or whole answer */
    return rc;
}

static void *getter_main(void *arg)
{
    struct range_getter *rg = arg;
    struct par_get *g = rg->g;
    for (;;) {
        int rc;
        pthread_mutex_lock(&g->lock);
        if (g->stop || *g->job->interrupted || g->next >= g->size) {
            pthread_mutex_unlock(&g->lock);
            break;
        }
        rg->off = g->next;
        rg->len = g->size - g->next < g->chunk ? g->size - g->next : g->chunk;
        g->next += rg->len;
        pthread_mutex_unlock(&g->lock);
        rc = get_range(rg);
        if (rc != S3L_OK) {
            pthread_mutex_lock(&g->lock);
            if (g->rc == S3L_OK) {
                g->rc = rc;
                g->err = rg->cc->err;
                if (rg->write_errno != 0) g->job->write_errno = rg->write_errno;
            }
            g->stop = 1;
            pthread_mutex_unlock(&g->lock);
            break;
        }
    }
    return NULL;
}

int s3l_cli_cp_parallel_get(struct s3l_cli_get_job *job)
{
    const struct s3l_get_object_params *gp = job->params;
    struct s3l_head_object_params hp;
    struct s3l_head_object_result *head;
    struct range_getter getters[S3L_CLI_CONCURRENCY_MAX];
    struct par_get g;
    char err[S3L_CLI_ERR_MAX];
    unsigned i, want, started = 0;
    uint64_t ranges;
    int rc;
    memset(&hp, 0, sizeof hp);
    hp.bucket = gp->bucket;
    hp.key = gp->key;
    hp.key_len = gp->key_len;
    hp.sse_c = gp->sse_c;
    hp.request_payer = gp->request_payer;
    hp.expected_bucket_owner = gp->expected_bucket_owner;
    memset(&g, 0, sizeof g);
    g.job = job;
    g.chunk = S3L_CLI_PART_DEFAULT;
    head = calloc(1, sizeof *head); /* a few KB of header fields */
    if (head == NULL) return 1;
    rc = s3l_client_head_object(&job->cc->c, &hp, head, &job->cc->err);
    g.size = head->content_length;
    memcpy(g.etag, head->etag, sizeof g.etag);
    free(head);
    if (rc != S3L_OK) return 1; /* 404, 403...: one GET says why, with the error document */
    if (g.size <= g.chunk || g.etag[0] == '\0') return 1;
    ranges = (g.size + g.chunk - 1) / g.chunk;
    want = job->concurrency;
    if ((uint64_t)want > ranges) want = (unsigned)ranges;
    if (want > S3L_CLI_CONCURRENCY_MAX) want = S3L_CLI_CONCURRENCY_MAX;
    if (want < 1) want = 1; /* this thread is getters[0] whatever was asked */
    s3l_cli_progress_start(job->prog, g.size);
    if (job->no_progress) job->prog->enabled = 0;
    pthread_mutex_init(&g.lock, NULL);
    memset(getters, 0, sizeof getters);
    for (i = 0; i < want; i++) {
        getters[i].g = &g;
        if (i == 0) {
            getters[i].cc = job->cc;
        } else {
            getters[i].cc = s3l_cli_client_new(&job->cp->conf, &job->cp->url, 0, err, sizeof err);
            if (getters[i].cc == NULL) break; /* fewer connections, same result */
            getters[i].cc->c.cfg.max_attempts = job->cc->c.cfg.max_attempts;
            if (pthread_create(&getters[i].thread, NULL, getter_main, &getters[i]) != 0) {
                s3l_cli_client_free(getters[i].cc);
                getters[i].cc = NULL;
                break;
            }
        }
        started = i + 1;
    }
    (void)getter_main(&getters[0]); /* this thread fetches too */
    for (i = 1; i < started; i++) {
        pthread_join(getters[i].thread, NULL);
        s3l_cli_client_free(getters[i].cc);
    }
    pthread_mutex_destroy(&g.lock);
    if (g.rc != S3L_OK) {
        job->cc->err = g.err;
        return g.rc;
    }
    if (*job->interrupted) return S3L_ERR_IO;
    return job->written == g.size ? S3L_OK : S3L_ERR_CLOSED;
}
