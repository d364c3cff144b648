/* SPDX-License-Identifier: MIT */
/*
 * The example's entry point: a 5 MiB log upload through the S3 stub, then the same upload
 * with S3 refusing the part (403), which must end in AbortMultipartUpload. Everything large
 * lives in static storage (struct upload_task is about 14 KB with an 8 KiB chunk); main's own
 * frame holds a few pointers.
 *
 * On a device main() would be the upload task's body, with a real transport (lwIP + TLS) and
 * the RTC behind now(). Built for the host (make firmware-example-host, run by make test) it
 * checks what the stub saw and prints "N passed, N failed"; built for Cortex-M4 (make
 * firmware-example) it is the image whose flash and RAM make size reports.
 */
#include <string.h>

#include "example.h"
#include "s3_stub.h"

#ifdef S3L_EXAMPLE_HOST
#include <stdio.h>
#endif

#define LOG_BYTES (5u * 1024u * 1024u) /* the smallest part S3 takes for a non-last part */
#define NOW 1796644800                 /* Mon, 07 Dec 2026 12:00:00 GMT, as the stub's Date */

/* ---- platform hooks ---------------------------------------------------------------------- */

/* Wall-clock Unix seconds: the RTC on a device. A wrong clock is corrected from the server's
 * Date header, so an unset RTC (0) works too after one round trip. */
static int64_t platform_now(void *ctx)
{
    (void)ctx;
    return NOW;
}

/* Wait while the transport answers S3L_ERR_AGAIN, and before a retry:
 * vTaskDelay(pdMS_TO_TICKS(ms)) under FreeRTOS. Without it a single S3L_ERR_AGAIN ends the
 * call with S3L_ERR_TIMEOUT, and nothing is retried. */
static void platform_sleep_ms(void *ctx, uint32_t ms)
{
    (void)ctx;
    (void)ms;
}

/* ---- static storage ---------------------------------------------------------------------- */

static struct upload_task task;
static struct s3l_net stub;
static struct log_source source;

static const struct s3l_credentials creds = {
    "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", NULL};

static const struct upload_target target = {
    "s3.eu-west-1.amazonaws.com", "eu-west-1", &creds, "device-logs", "dev-0001/2026-12-07.log"};

/* What the two runs produced (a debugger reads these on the device). */
static int rc_ok_run, rc_fail_run;

static int run(int fail_part)
{
    static struct s3l_transport transport;
    /* No entropy: retries back off without jitter; no monotonic clock: deadlines use now(). */
    static const struct s3l_platform platform = {.now = platform_now,
                                                 .sleep_ms = platform_sleep_ms};
    struct s3l_reader rd;
    int rc;
    s3_stub_init(&stub, &transport);
    stub.fail_part = fail_part;
    log_source_init(&source, LOG_BYTES, &rd);
    rc = upload_task_init(&task, &target, &transport, &platform);
    if (rc == S3L_OK) rc = upload_task_run(&task, &target, &rd, LOG_BYTES);
    return rc;
}

#ifdef S3L_EXAMPLE_HOST
static unsigned passed, failed;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (cond) {                                                                    \
            passed++;                                                                  \
        } else {                                                                       \
            failed++;                                                                  \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                     \
        }                                                                              \
    } while (0)

static void check_ok_run(int rc)
{
    CHECK(rc == S3L_OK);
    CHECK(stub.requests == 3);
    CHECK(stub.ops[0] == OP_CREATE && stub.ops[1] == OP_PART && stub.ops[2] == OP_COMPLETE);
    CHECK(stub.signed_requests == 3);
    CHECK(stub.part_decoded_len == LOG_BYTES);
    CHECK(stub.part_payload == LOG_BYTES);
    CHECK(stub.part_chunks == LOG_BYTES / S3L_CHUNK_SIZE + 1); /* + the final empty chunk */
    CHECK(stub.complete_body_ok);
    CHECK(stub.connects == 1); /* one kept-alive connection for the whole flow */
    CHECK(strcmp(stub.connect_host, "s3.eu-west-1.amazonaws.com") == 0 && stub.connect_port == 443);
    CHECK(strcmp(task.upload_id, "VXBsb2FkIElEIGZvciBkZXZpY2UgbG9ncw") == 0);
    CHECK(strcmp(task.etag, "\"b54357faf0632cce46e942fa68356b38\"") == 0);
    CHECK(strcmp(task.result.complete.etag, "\"7e10e7d25dc4581d89b9285be5f384fd-1\"") == 0);
    CHECK(task.failed_step == STEP_NONE && !task.aborted);
}

static void check_fail_run(int rc)
{
    CHECK(rc == S3L_ERR_S3);
    CHECK(task.failed_step == STEP_PART);
    CHECK(task.err.code_enum == S3L_S3_ACCESS_DENIED && task.err.http_status == 403);
    CHECK(stub.requests == 3);
    CHECK(stub.ops[0] == OP_CREATE && stub.ops[1] == OP_PART && stub.ops[2] == OP_ABORT);
    CHECK(stub.part_payload == 0); /* Expect: 100-continue: the refused body was never sent */
    CHECK(task.aborted);
}
#endif

int main(void)
{
    rc_ok_run = run(0);
#ifdef S3L_EXAMPLE_HOST
    check_ok_run(rc_ok_run);
#endif
    rc_fail_run = run(1);
#ifdef S3L_EXAMPLE_HOST
    check_fail_run(rc_fail_run);
    printf("firmware example: %s, then %s (aborted)\n", s3l_strerror(rc_ok_run),
           s3l_strerror(rc_fail_run));
    printf("%u passed, %u failed\n", passed, failed);
    return failed != 0;
#else
    return rc_ok_run == S3L_OK && rc_fail_run == S3L_ERR_S3 ? 0 : 1;
#endif
}
