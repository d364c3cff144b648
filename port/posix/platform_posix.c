/* SPDX-License-Identifier: MIT */
/*
 * POSIX platform hooks for the client: wall clock, monotonic clock, entropy, sleep.
 */
#include "s3lite/port_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

/* Bound on retries after EINTR / short reads; entropy requests are small. */
#define PLAT_RETRIES_MAX 1000u

static int64_t posix_now(void *ctx)
{
    struct timespec ts;
    (void)ctx;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
        return 0;
    }
    return (int64_t)ts.tv_sec;
}

static uint64_t posix_monotonic_ms(void *ctx)
{
    struct timespec ts;
    (void)ctx;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0;
    }
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* /dev/urandom, for systems without getrandom(). */
static int urandom_fill(uint8_t *buf, size_t len)
{
    size_t done = 0;
    unsigned i;
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd < 0) {
        return S3L_ERR_IO;
    }
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    for (i = 0; i < PLAT_RETRIES_MAX && done < len; i++) {
        ssize_t n = read(fd, buf + done, len - done);
        if (n > 0) {
            done += (size_t)n;
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    (void)close(fd);
    return done == len ? S3L_OK : S3L_ERR_IO;
}

static int posix_entropy(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    if (buf == NULL && len > 0) {
        return S3L_ERR_ARG;
    }
#if defined(__linux__)
    {
        size_t done = 0;
        unsigned i;
        for (i = 0; i < PLAT_RETRIES_MAX && done < len; i++) {
            ssize_t n = getrandom(buf + done, len - done, 0);
            if (n > 0) {
                done += (size_t)n;
            } else if (n < 0 && errno == ENOSYS) {
                return urandom_fill(buf + done, len - done); /* kernel older than 3.17 */
            } else if (n == 0 || errno != EINTR) {
                return S3L_ERR_IO;
            }
        }
        return done == len ? S3L_OK : S3L_ERR_IO;
    }
#else
    return urandom_fill(buf, len);
#endif
}

static void posix_sleep_ms(void *ctx, uint32_t ms)
{
    struct timespec req, rem;
    unsigned i;
    (void)ctx;
    req.tv_sec = (time_t)(ms / 1000u);
    req.tv_nsec = (long)(ms % 1000u) * 1000000L;
    /* Resume after a signal with what is left; bounded in case of a signal storm. */
    for (i = 0; i < PLAT_RETRIES_MAX; i++) {
        if (nanosleep(&req, &rem) == 0 || errno != EINTR) {
            return;
        }
        req = rem;
    }
}

int s3l_posix_platform_init_abi(struct s3l_platform *p,
                                size_t app_size, uint32_t app_config)
{
    if (s3l_abi_check(app_size, app_config, sizeof *p) != S3L_OK) return S3L_ERR_ABI;
    if (p == NULL) {
        return S3L_ERR_ARG;
    }
    p->now = posix_now;
    p->entropy = posix_entropy;
    p->sleep_ms = posix_sleep_ms;
    p->monotonic_ms = posix_monotonic_ms;
    p->ctx = NULL;
    return S3L_OK;
}
