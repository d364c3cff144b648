/* SPDX-License-Identifier: MIT */
/*
 * A log source for the example: text lines generated on the fly, so a 5 MiB body needs no
 * RAM. A device reads its log from flash or an SD card through the same struct s3l_reader.
 */
#include <string.h>

#include "example.h"

#define LINE_LEN 64u /* every line is exactly this long, newline included */

/* Line number n: "00000123 sensor=ok temp=21.5C ...\n" (LINE_LEN bytes). */
static void make_line(uint32_t n, char line[LINE_LEN])
{
    static const char tail[] = " sensor=ok temp=21.5C rh=40% battery=3.71V";
    unsigned i;
    memset(line, '.', LINE_LEN);
    for (i = 8; i > 0; i--, n /= 10u) line[i - 1] = (char)('0' + n % 10u);
    memcpy(line + 8, tail, sizeof tail - 1);
    line[LINE_LEN - 1] = '\n';
}

static long log_read(void *ctx, uint8_t *buf, size_t cap)
{
    struct log_source *s = ctx;
    size_t n = 0;
    while (n < cap && s->pos < s->len) {
        char line[LINE_LEN];
        /* 32-bit arithmetic (a 4 GiB log at most): no 64-bit division pulled from libgcc */
        uint32_t pos = (uint32_t)s->pos;
        size_t off = pos % LINE_LEN, take = LINE_LEN - off;
        if (take > cap - n) take = cap - n;
        if ((uint64_t)take > s->len - s->pos) take = (size_t)(s->len - s->pos);
        make_line(pos / LINE_LEN, line);
        memcpy(buf + n, line + off, take);
        n += take;
        s->pos += take;
    }
    return (long)n;
}

static int log_rewind(void *ctx)
{
    ((struct log_source *)ctx)->pos = 0;
    return S3L_OK;
}

void log_source_init(struct log_source *s, uint64_t len, struct s3l_reader *out)
{
    s->len = len;
    s->pos = 0;
    out->read = log_read;
    out->rewind = log_rewind;
    out->ctx = s;
}
