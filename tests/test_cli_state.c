/* SPDX-License-Identifier: MIT */
/*
 * `s3lite cp --state FILE`: build/s3lite run against the in-memory S3 of tests/util_mini_s3
 * behind tests/util_fake_server (real TCP on 127.0.0.1), 64 KiB parts
 * (S3L_ALLOW_SMALL_PARTS=1). Checked: a fresh upload removes FILE; a failure keeps the
 * upload and FILE (written after each part: its blob records the parts done) and says how to
 * resume or abort; the same command resumes and keeps what the server holds; a changed
 * option or source is refused (exit 2) unless --restart, which aborts the recorded upload;
 * --abort-on-failure aborts; stdin is refused; a damaged FILE is refused; a lost Complete
 * answer is settled by HeadObject. The object the server ends with is compared with the file.
 */
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd_cp_state.h"
#include "harness.h"
#include "s3lite/uploader.h"
#include "util_fake_server.h"
#include "util_file.h"
#include "util_mini_s3.h"

#define S(lit) ((char *)(uintptr_t)(lit))
#define PART 65536

struct run {
    int code;
    char out[16384];
    char err[8192];
};

static const char *cli_path(void)
{
    static char path[512];
    const char *b = getenv("BUILD");
    snprintf(path, sizeof path, "%s/s3lite", b != NULL && b[0] != '\0' ? b : "build");
    return path;
}

/* Run s3lite with exactly env and args (argv[0] added), stdin from /dev/null. */
static void run_cli(struct run *r, const char *const *env, const char *const *args)
{
    char outf[] = "/tmp/s3l_test_state_outXXXXXX", errf[] = "/tmp/s3l_test_state_errXXXXXX";
    int fo = mkstemp(outf), fe = mkstemp(errf), status = 0;
    pid_t pid;
    memset(r, 0, sizeof *r);
    r->code = -1;
    if (fo < 0 || fe < 0) return;
    pid = fork();
    if (pid == 0) {
        char *argv[64];
        int i = 0, fi = open("/dev/null", O_RDONLY);
        argv[i++] = S(cli_path());
        while (args[i - 1] != NULL && i < 63) {
            argv[i] = S(args[i - 1]);
            i++;
        }
        argv[i] = NULL;
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        execve(argv[0], argv, (char *const *)(uintptr_t)env);
        _exit(127);
    }
    close(fo);
    close(fe);
    if (pid > 0 && waitpid(pid, &status, 0) == pid) {
        r->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    file_read_into(outf, r->out, sizeof r->out);
    file_read_into(errf, r->err, sizeof r->err);
    unlink(outf);
    unlink(errf);
}

/* As run_cli, but send sig once `wait_for` exists (polled for up to 10 s). */
static void run_cli_signal(struct run *r, const char *const *env, const char *const *args,
                           const char *wait_for, int sig)
{
    char outf[] = "/tmp/s3l_test_state_outXXXXXX", errf[] = "/tmp/s3l_test_state_errXXXXXX";
    int fo = mkstemp(outf), fe = mkstemp(errf), status = 0, i;
    pid_t pid;
    memset(r, 0, sizeof *r);
    r->code = -1;
    if (fo < 0 || fe < 0) return;
    pid = fork();
    if (pid == 0) {
        char *argv[64];
        int k = 0, fi = open("/dev/null", O_RDONLY);
        argv[k++] = S(cli_path());
        while (args[k - 1] != NULL && k < 63) {
            argv[k] = S(args[k - 1]);
            k++;
        }
        argv[k] = NULL;
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        execve(argv[0], argv, (char *const *)(uintptr_t)env);
        _exit(127);
    }
    close(fo);
    close(fe);
    for (i = 0; pid > 0 && i < 1000 && access(wait_for, F_OK) != 0; i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (pid > 0) kill(pid, sig);
    if (pid > 0 && waitpid(pid, &status, 0) == pid) {
        r->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    file_read_into(outf, r->out, sizeof r->out);
    file_read_into(errf, r->err, sizeof r->err);
    unlink(outf);
    unlink(errf);
}

static char g_dir[] = "/tmp/s3l_test_state_XXXXXX";
static char g_src[64], g_state[64], g_endpoint[64];
static uint8_t *g_data;
static size_t g_len;
static struct mini_s3 *g_s3;
static struct fake_server *g_srv;

static const char *const g_env[] = {"AWS_ACCESS_KEY_ID=AKIDEXAMPLE",
                                    "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                    "S3L_ALLOW_SMALL_PARTS=1", NULL};

static void write_source(size_t len, unsigned seed)
{
    FILE *f;
    size_t i;
    uint32_t x = seed;
    free(g_data);
    g_data = malloc(len + 1);
    g_len = len;
    for (i = 0; g_data != NULL && i < len; i++) {
        x = x * 1103515245u + 12345u;
        g_data[i] = (uint8_t)(x >> 16);
    }
    f = fopen(g_src, "wb");
    if (f != NULL) {
        if (len > 0) fwrite(g_data, 1, len, f);
        fclose(f);
    }
}

static int server_start(void)
{
    g_s3 = ms_new();
    if (g_s3 == NULL) return -1;
    g_s3->list_page_max = 3; /* ListParts pages of 3 parts: the answers fit the fake server */
    g_srv = fs_start(ms_fs_handler, g_s3);
    if (g_srv == NULL) return -1;
    snprintf(g_endpoint, sizeof g_endpoint, "http://127.0.0.1:%u", (unsigned)fs_port(g_srv));
    return 0;
}

static void server_stop(void)
{
    fs_stop(g_srv);
    ms_free(g_s3);
    g_srv = NULL;
    g_s3 = NULL;
}

static int object_ok(const char *key)
{
    char path[128];
    size_t len = 0;
    const uint8_t *d;
    snprintf(path, sizeof path, "/bkt/%s", key);
    d = ms_object(g_s3, path, &len, NULL, 0);
    return d != NULL && len == g_len && memcmp(d, g_data, len) == 0;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* `cp --state STATE SRC s3://bkt/KEY --endpoint-url ... --part-size 64KiB` plus extra. */
static void cp_state(struct run *r, const char *key, const char *x1, const char *x2,
                     const char *x3)
{
    char url[128];
    const char *a[20];
    int n = 0;
    snprintf(url, sizeof url, "s3://bkt/%s", key);
    a[n++] = "cp";
    a[n++] = "--state";
    a[n++] = g_state;
    a[n++] = g_src;
    a[n++] = url;
    a[n++] = "--endpoint-url";
    a[n++] = g_endpoint;
    a[n++] = "--part-size";
    a[n++] = "65536";
    a[n++] = "--no-progress";
    /* one connection: the fake server answers one at a time, and the faults below are
     * aimed at the n-th UploadPart in order (tests/integration covers several) */
    a[n++] = "--concurrency";
    a[n++] = "1";
    if (x1 != NULL) a[n++] = x1;
    if (x2 != NULL) a[n++] = x2;
    if (x3 != NULL) a[n++] = x3;
    a[n] = NULL;
    run_cli(r, g_env, a);
}

static void test_fresh(void)
{
    struct run r;
    if (server_start() != 0) {
        CHECK(0);
        return;
    }
    write_source(3 * PART + 123, 1);
    cp_state(&r, "fresh", NULL, NULL, NULL);
    CHECKF(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK(strstr(r.out, "upload: ") != NULL && strstr(r.out, "4 parts") != NULL);
    CHECK(!exists(g_state));
    CHECK(object_ok("fresh"));
    CHECK_EQ_INT(g_s3->count[MS_PART], 4);
    CHECK_EQ_INT(g_s3->uploads_open, 0);
    server_stop();
}

/* A failure keeps the upload and FILE; the same command resumes it. */
static void test_fail_then_resume(void)
{
    struct run r;
    uint8_t file[4096];
    size_t flen = 0;
    const char *b, *k;
    const uint8_t *blob;
    size_t bl, kl, blen;
    char id[S3L_UPLOAD_ID_MAX], server_id[64];
    if (server_start() != 0) {
        CHECK(0);
        return;
    }
    write_source(5 * PART + 1, 2);
    ms_add_rule(g_s3, MS_PART, 3, MS_FAULT_ERROR, 403, "AccessDenied");
    cp_state(&r, "resume", NULL, NULL, NULL);
    CHECKF(r.code == 1, "exit %d: %s", r.code, r.err);
    CHECK(strstr(r.err, "UploadPart 3 failed: AccessDenied") != NULL);
    CHECK(strstr(r.err, "resume: run the same command again") != NULL);
    CHECK(strstr(r.err, "s3lite abort 's3://bkt/resume' --upload-id 'ms-upload-1'") != NULL);
    CHECK(exists(g_state));
    CHECK_EQ_INT(g_s3->uploads_open, 1);
    CHECK_EQ_INT(g_s3->count[MS_ABORT], 0);
    /* FILE: bucket, key and the blob saved after part 2 */
    {
        FILE *f = fopen(g_state, "rb");
        if (f != NULL) {
            flen = fread(file, 1, sizeof file, f);
            fclose(f);
        }
    }
    CHECK_EQ_INT(s3l_cli_state_decode(file, flen, &b, &bl, &k, &kl, &blob, &blen), 0);
    CHECK(bl == 3 && memcmp(b, "bkt", 3) == 0 && kl == 6 && memcmp(k, "resume", 6) == 0);
    CHECK_EQ_INT(s3l_uploader_blob_upload_id(blob, blen, id, sizeof id), S3L_OK);
    CHECK_EQ_INT(ms_upload_id(g_s3, server_id, sizeof server_id), 0);
    CHECK_EQ_STR(id, server_id);
    CHECK_EQ_INT(blen, S3L_UPLOADER_STATE_FIXED + strlen(id) + 4); /* parts 1-2: one run */
    CHECK_EQ_INT(blob[56] | (blob[57] << 8) | (blob[58] << 16), 2 * PART); /* bytes done */
    /* the same command again: resumed, parts 1 and 2 kept */
    cp_state(&r, "resume", NULL, NULL, NULL);
    CHECKF(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK(strstr(r.out, "2 kept from before") != NULL);
    CHECK(!exists(g_state));
    CHECK(object_ok("resume"));
    CHECK_EQ_INT(g_s3->uploads_created, 1);
    CHECK_EQ_INT(g_s3->count[MS_PART], 3 + 4); /* 1, 2, (3 refused); then 3, 4, 5, 6 */
    CHECK_EQ_INT(g_s3->uploads_open, 0);
    server_stop();
}

/* A changed option or source is refused (exit 2) with FILE and the upload left alone;
 * --restart aborts the recorded upload and starts anew. */
static void test_refused_and_restart(void)
{
    struct run r;
    if (server_start() != 0) {
        CHECK(0);
        return;
    }
    write_source(4 * PART, 3);
    ms_add_rule(g_s3, MS_PART, 2, MS_FAULT_ERROR, 403, "AccessDenied");
    cp_state(&r, "shape", NULL, NULL, NULL);
    CHECK_EQ_INT(r.code, 1);
    CHECK(exists(g_state));
    cp_state(&r, "shape", "--metadata", "origin=sensor-7", NULL);
    CHECKF(r.code == 2, "exit %d: %s", r.code, r.err);
    CHECK(strstr(r.err, "with other parameters") != NULL && strstr(r.err, "--restart") != NULL);
    cp_state(&r, "other-key", NULL, NULL, NULL);
    CHECK_EQ_INT(r.code, 2);
    CHECK(strstr(r.err, "s3://bkt/shape") != NULL); /* names what FILE records */
    cp_state(&r, "shape", "--payload", "unsigned", NULL);
    CHECK_EQ_INT(r.code, 2);
    cp_state(&r, "shape", "--checksum-algorithm", "CRC32", NULL);
    CHECK_EQ_INT(r.code, 2);
    cp_state(&r, "shape", "--content-type", "text/plain", NULL);
    CHECK_EQ_INT(r.code, 2);
    /* --retries does not shape the object: accepted (the upload then resumes) */
    {
        /* but first a changed source: rewritten with other bytes, same size */
        struct run r2;
        struct timespec ts[2];
        write_source(4 * PART, 4);
        ts[0].tv_sec = ts[1].tv_sec = 2000000000; /* a clearly different mtime */
        ts[0].tv_nsec = ts[1].tv_nsec = 0;
        CHECK_EQ_INT(utimensat(AT_FDCWD, g_src, ts, 0), 0);
        cp_state(&r2, "shape", "--retries", "5", NULL);
        CHECKF(r2.code == 2, "exit %d: %s", r2.code, r2.err);
        CHECK(strstr(r2.err, "changed since") != NULL);
    }
    CHECK_EQ_INT(g_s3->count[MS_ABORT], 0);
    CHECK_EQ_INT(g_s3->uploads_open, 1);
    CHECK_EQ_INT(g_s3->uploads_created, 1);
    CHECK(exists(g_state));
    /* --restart: the recorded upload aborted, a new one made (with the new options) */
    cp_state(&r, "shape", "--restart", "--metadata", "origin=sensor-7");
    CHECKF(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK(strstr(r.err, "aborted upload ms-upload-1") != NULL);
    CHECK_EQ_INT(g_s3->count[MS_ABORT], 1);
    CHECK_EQ_INT(g_s3->uploads_created, 2);
    CHECK_EQ_INT(g_s3->uploads_open, 0);
    CHECK(object_ok("shape"));
    CHECK(!exists(g_state));
    server_stop();
}

static void test_abort_on_failure(void)
{
    struct run r;
    if (server_start() != 0) {
        CHECK(0);
        return;
    }
    write_source(3 * PART, 5);
    ms_add_rule(g_s3, MS_PART, 2, MS_FAULT_ERROR, 403, "AccessDenied");
    cp_state(&r, "aof", "--abort-on-failure", NULL, NULL);
    CHECKF(r.code == 1, "exit %d: %s", r.code, r.err);
    CHECK(strstr(r.err, "aborted upload ms-upload-1") != NULL);
    CHECK_EQ_INT(g_s3->count[MS_ABORT], 1);
    CHECK_EQ_INT(g_s3->uploads_open, 0);
    CHECK(!exists(g_state));
    server_stop();
}

/* A Complete whose answer is lost: the retry meets NoSuchUpload, HeadObject proves it done. */
static void test_complete_lost(void)
{
    struct run r;
    if (server_start() != 0) {
        CHECK(0);
        return;
    }
    write_source(2 * PART + 5, 6);
    ms_add_rule(g_s3, MS_COMPLETE, 1, MS_FAULT_LOSE_ANSWER, 0, NULL);
    cp_state(&r, "lost", "--checksum-algorithm", "CRC32C", NULL);
    CHECKF(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK(strstr(r.out, "checked with HeadObject") != NULL);
    CHECK_EQ_INT(g_s3->count[MS_HEAD], 1);
    CHECK_EQ_INT(g_s3->count[MS_ABORT], 0);
    CHECK(object_ok("lost"));
    CHECK(!exists(g_state));
    server_stop();
}

/* Retries are the client's: a 500 on a part is retried (default) and the upload completes;
 * with --retries 0 it fails at once, the upload kept for a rerun. */
static void test_retries(void)
{
    struct run r;
    if (server_start() != 0) {
        CHECK(0);
        return;
    }
    write_source(3 * PART, 8);
    ms_add_rule(g_s3, MS_PART, 2, MS_FAULT_ERROR, 500, "InternalError");
    cp_state(&r, "retried", NULL, NULL, NULL);
    CHECKF(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK_EQ_INT(g_s3->count[MS_PART], 4); /* part 2 twice */
    CHECK(object_ok("retried"));
    server_stop();
    if (server_start() != 0) {
        CHECK(0);
        return;
    }
    ms_add_rule(g_s3, MS_PART, 2, MS_FAULT_ERROR, 500, "InternalError");
    cp_state(&r, "no-retry", "--retries", "0", NULL);
    CHECKF(r.code == 1, "exit %d: %s", r.code, r.err);
    CHECK(strstr(r.err, "InternalError") != NULL);
    CHECK_EQ_INT(g_s3->count[MS_PART], 2);
    CHECK(exists(g_state));
    cp_state(&r, "no-retry", "--retries", "2", NULL); /* --retries may change between runs */
    CHECKF(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK(object_ok("no-retry"));
    CHECK(!exists(g_state));
    server_stop();
    /* the network gone for every attempt at part 2: retries run out, exit 3, upload kept */
    if (server_start() != 0) {
        CHECK(0);
        return;
    }
    ms_add_rule(g_s3, MS_PART, 2, MS_FAULT_DROP, 0, NULL);
    ms_add_rule(g_s3, MS_PART, 3, MS_FAULT_DROP, 0, NULL);
    ms_add_rule(g_s3, MS_PART, 4, MS_FAULT_DROP, 0, NULL);
    cp_state(&r, "net", "--retries", "2", NULL);
    CHECKF(r.code == 3, "exit %d: %s", r.code, r.err);
    CHECK_EQ_INT(g_s3->count[MS_PART], 4); /* part 1, then part 2 three times */
    CHECK(strstr(r.err, "resume: run the same command again") != NULL);
    CHECK(exists(g_state));
    cp_state(&r, "net", NULL, NULL, NULL);
    CHECKF(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK(object_ok("net"));
    CHECK_EQ_INT(g_s3->uploads_created, 1);
    server_stop();
}

/* ^C in the middle: the upload and FILE are kept, the way on printed; a rerun finishes. */
static void test_interrupt(void)
{
    struct run r;
    char url[64];
    const char *a[] = {"cp", "--state", g_state, g_src, url, "--endpoint-url", g_endpoint,
                       "--part-size", "65536", "--no-progress", NULL};
    if (server_start() != 0) {
        CHECK(0);
        return;
    }
    snprintf(url, sizeof url, "s3://bkt/interrupted");
    write_source(4 * PART, 9);
    ms_add_rule(g_s3, MS_PART, 2, MS_FAULT_STALL, 1500, NULL); /* ^C lands in part 2 */
    run_cli_signal(&r, g_env, a, g_state, SIGINT);
    CHECKF(r.code == 130, "exit %d: %s", r.code, r.err);
    CHECK(strstr(r.err, "interrupted") != NULL);
    CHECK(strstr(r.err, "resume: run the same command again") != NULL);
    CHECK(exists(g_state));
    CHECK_EQ_INT(g_s3->count[MS_ABORT], 0);
    CHECK_EQ_INT(g_s3->uploads_open, 1);
    cp_state(&r, "interrupted", NULL, NULL, NULL);
    CHECKF(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK(object_ok("interrupted"));
    CHECK_EQ_INT(g_s3->uploads_created, 1);
    CHECK(!exists(g_state));
    server_stop();
}

static void test_usage(void)
{
    struct run r;
    static const char *const a1[] = {"cp", "--state", "/tmp/s3l_never", "-", "s3://bkt/k", NULL};
    static const char *const a2[] = {"cp", "--restart", "/tmp/x", "s3://bkt/k", NULL};
    static const char *const a3[] = {"cp", "--state", "/tmp/s3l_never", "s3://bkt/k", "/tmp/x",
                                     NULL};
    static const char *const a4[] = {"cp", "/tmp/x", "s3://bkt/k", "--retries", "many", NULL};
    static const char *const a5[] = {"cp", "--abort-on-failure", "/tmp/x", "s3://bkt/k", NULL};
    run_cli(&r, g_env, a1);
    CHECK_EQ_INT(r.code, 2);
    CHECK(strstr(r.err, "stdin") != NULL);
    CHECK(!exists("/tmp/s3l_never"));
    run_cli(&r, g_env, a2);
    CHECK_EQ_INT(r.code, 2);
    CHECK(strstr(r.err, "--restart needs --state") != NULL);
    run_cli(&r, g_env, a3);
    CHECK_EQ_INT(r.code, 2);
    run_cli(&r, g_env, a4);
    CHECK_EQ_INT(r.code, 2);
    CHECK(strstr(r.err, "--retries") != NULL);
    run_cli(&r, g_env, a5);
    CHECK_EQ_INT(r.code, 2);
    /* a damaged FILE is refused, not overwritten; --restart starts anew */
    if (server_start() != 0) {
        CHECK(0);
        return;
    }
    write_source(PART + 1, 7);
    {
        FILE *f = fopen(g_state, "wb");
        if (f != NULL) {
            fputs("not a state file", f);
            fclose(f);
        }
    }
    cp_state(&r, "damaged", NULL, NULL, NULL);
    CHECKF(r.code == 2, "exit %d: %s", r.code, r.err);
    CHECK(strstr(r.err, "damaged") != NULL);
    CHECK(exists(g_state));
    CHECK_EQ_INT(g_s3->requests, 0);
    cp_state(&r, "damaged", "--restart", NULL, NULL);
    CHECKF(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK(object_ok("damaged"));
    CHECK(!exists(g_state));
    server_stop();
}

static void test_wrapper(void)
{
    uint8_t out[256], blob[4] = {1, 2, 3, 4};
    const char *b, *k;
    const uint8_t *bb;
    size_t bl, kl, n, blen;
    n = s3l_cli_state_encode("bkt", "a\tkey", 5, blob, sizeof blob, out, sizeof out);
    CHECK_EQ_INT(n, 8 + 2 + 3 + 2 + 5 + 2 + 4 + 4);
    CHECK_EQ_INT(s3l_cli_state_decode(out, n, &b, &bl, &k, &kl, &bb, &blen), 0);
    CHECK(bl == 3 && kl == 5 && memcmp(k, "a\tkey", 5) == 0 && blen == 4 && bb[3] == 4);
    CHECK_EQ_INT(s3l_cli_state_encode("bkt", "k", 1, blob, sizeof blob, out, 20), 0);
    out[9] ^= 1;
    CHECK_EQ_INT(s3l_cli_state_decode(out, n, &b, &bl, &k, &kl, &bb, &blen), -1);
    out[9] ^= 1;
    out[7] = 9; /* another version, CRC fixed */
    {
        uint32_t crc = s3l_crc32_update(0, out, n - 4);
        out[n - 4] = (uint8_t)crc;
        out[n - 3] = (uint8_t)(crc >> 8);
        out[n - 2] = (uint8_t)(crc >> 16);
        out[n - 1] = (uint8_t)(crc >> 24);
    }
    CHECK_EQ_INT(s3l_cli_state_decode(out, n, &b, &bl, &k, &kl, &bb, &blen), -2);
}

int main(void)
{
    test_wrapper();
    if (access(cli_path(), X_OK) != 0 || mkdtemp(g_dir) == NULL) {
        SKIP(1, "build/s3lite is not built");
        return th_summary();
    }
    snprintf(g_src, sizeof g_src, "%s/src.bin", g_dir);
    snprintf(g_state, sizeof g_state, "%s/cp.state", g_dir);
    test_usage();
    test_fresh();
    test_fail_then_resume();
    test_refused_and_restart();
    test_abort_on_failure();
    test_complete_lost();
    test_retries();
    test_interrupt();
    unlink(g_src);
    unlink(g_state);
    rmdir(g_dir);
    free(g_data);
    return th_summary();
}
