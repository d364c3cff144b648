/* SPDX-License-Identifier: MIT */
/*
 * Capture of the SigV4 trace hook (s3l_sigv4_trace_fn) for tests: the canonical request
 * (what 0) and the string to sign (what 1), each NUL-terminated in its own buffer.
 */
#ifndef S3L_TEST_UTIL_TRACE_H
#define S3L_TEST_UTIL_TRACE_H

#include <stddef.h>

struct cap {
    char buf[2][16384];
    size_t len[2];
};

/* Empty both buffers. */
void cap_reset(struct cap *c);

/* The trace hook: ctx is a struct cap (caller-owned). Appends data to buf[what]; other
 * values of what and a piece that does not fit (with its NUL) are dropped. */
void cap_trace(void *ctx, int what, const char *data, size_t len);

#endif
