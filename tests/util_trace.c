/* SPDX-License-Identifier: MIT */
/* Capture of the SigV4 trace hook for tests: see util_trace.h. */
#include <string.h>

#include "util_trace.h"

void cap_reset(struct cap *c)
{
    c->len[0] = c->len[1] = 0;
    c->buf[0][0] = c->buf[1][0] = '\0';
}

void cap_trace(void *ctx, int what, const char *data, size_t len)
{
    struct cap *c = ctx;
    if (what < 0 || what > 1 || c->len[what] + len >= sizeof c->buf[0]) return;
    memcpy(c->buf[what] + c->len[what], data, len);
    c->len[what] += len;
    c->buf[what][c->len[what]] = '\0';
}
