/* SPDX-License-Identifier: MIT */
/*
 * A tiny test harness: CHECK macros that count, a skip counter, and the closing line
 * "N passed, N failed, N skipped" that tests/run.sh adds up. Header-only, for test programs.
 */
#ifndef S3L_TEST_HARNESS_H
#define S3L_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned th_passed, th_failed, th_skipped;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (cond) {                                                                        \
            th_passed++;                                                                   \
        } else {                                                                           \
            th_failed++;                                                                   \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                \
        }                                                                                  \
    } while (0)

/* Like CHECK, with a printf-style explanation on failure. */
#define CHECKF(cond, ...)                                                                  \
    do {                                                                                   \
        if (cond) {                                                                        \
            th_passed++;                                                                   \
        } else {                                                                           \
            th_failed++;                                                                   \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                \
            fprintf(stderr, __VA_ARGS__);                                                  \
            fputc('\n', stderr);                                                           \
        }                                                                                  \
    } while (0)

#define CHECK_EQ_INT(a, b) CHECKF((long long)(a) == (long long)(b), "%lld != %lld", \
                                  (long long)(a), (long long)(b))
#define CHECK_EQ_STR(a, b) CHECKF(strcmp((a), (b)) == 0, "\"%s\" != \"%s\"", (a), (b))
#define CHECK_EQ_MEM(a, b, n) CHECK(memcmp((a), (b), (n)) == 0)

/* Count n cases as skipped and say why, visibly. */
#define SKIP(n, why)                                                                       \
    do {                                                                                   \
        th_skipped += (unsigned)(n);                                                       \
        printf("SKIP %u: %s\n", (unsigned)(n), (why));                                     \
    } while (0)

/* Print the closing line; use as `return th_summary();` at the end of main. */
static inline int th_summary(void)
{
    printf("%u passed, %u failed, %u skipped\n", th_passed, th_failed, th_skipped);
    return th_failed == 0 ? 0 : 1;
}

/* Directory of the shared vectors: $SHARED/vectors or ../shared/vectors. */
static inline const char *th_vectors_dir(void)
{
    static char buf[4096];
    const char *s = getenv("SHARED");
    snprintf(buf, sizeof buf, "%s/vectors", s != NULL && s[0] != '\0' ? s : "../shared");
    return buf;
}

#endif
