/* SPDX-License-Identifier: MIT */
/*
 * request.txt parser (see reqtxt.h).
 */
#include <stdio.h>
#include <string.h>

#include "reqtxt.h"

/* End of the line starting at p (the '\n' or end), and the start of the next one. */
static char *line_end(char *p, char *end, char **next)
{
    char *nl = memchr(p, '\n', (size_t)(end - p));
    if (nl == NULL) {
        *next = end;
        nl = end;
    } else {
        *next = nl + 1;
    }
    if (nl > p && nl[-1] == '\r') nl--;
    return nl;
}

int s3l_reqtxt_parse(char *buf, size_t len, struct s3l_reqtxt *r, struct s3l_header *items,
                     size_t cap, char *err, size_t err_cap)
{
    char *end = buf + len, *p = buf, *next, *le, *sp1, *sp2, *q;
    unsigned line = 1;
    memset(r, 0, sizeof *r);
    r->headers.items = items;
    r->headers.cap = cap;
    le = line_end(p, end, &next);
    sp1 = memchr(p, ' ', (size_t)(le - p));
    for (sp2 = le; sp2 > p && sp2[-1] != ' '; sp2--) continue;
    if (sp1 == NULL || sp2 <= sp1 + 1 || sp2 == le || strncmp(sp2, "HTTP/", 5) != 0 ||
        sp1 == p) {
        snprintf(err, err_cap, "line 1: want 'METHOD PATH HTTP/1.1'");
        return -1;
    }
    r->method = p;
    *sp1 = '\0';
    r->path = sp1 + 1;
    sp2[-1] = '\0';
    r->version = sp2;
    *le = '\0';
    q = memchr(r->path, '?', (size_t)(sp2 - 1 - r->path));
    if (q != NULL) {
        r->query = q + 1;
        r->query_len = (size_t)(sp2 - 1 - r->query);
        r->path_len = (size_t)(q - r->path);
    } else {
        r->path_len = (size_t)(sp2 - 1 - r->path);
    }
    for (p = next; p < end; p = next) {
        char *colon;
        line++;
        le = line_end(p, end, &next);
        if (le == p) { /* empty line: the body follows */
            r->body = next;
            r->body_len = (size_t)(end - next);
            return 0;
        }
        if (*p == ' ' || *p == '\t') { /* folded: append " " + trimmed text to the last value */
            struct s3l_header *h;
            char *dst;
            if (r->headers.count == 0) {
                snprintf(err, err_cap, "line %u: continuation line before any header", line);
                return -1;
            }
            h = &items[r->headers.count - 1];
            while (p < le && (*p == ' ' || *p == '\t')) p++;
            dst = buf + (h->value - buf) + h->value_len; /* our own buffer: writable */
            *dst++ = ' ';
            memmove(dst, p, (size_t)(le - p));
            h->value_len += 1 + (size_t)(le - p);
            continue;
        }
        colon = memchr(p, ':', (size_t)(le - p));
        if (colon == NULL) {
            snprintf(err, err_cap, "line %u: header line without ':'", line);
            return -1;
        }
        if (r->headers.count >= cap) {
            snprintf(err, err_cap, "line %u: more than %zu headers", line, cap);
            return -1;
        }
        items[r->headers.count].name = p;
        items[r->headers.count].name_len = (size_t)(colon - p);
        items[r->headers.count].value = colon + 1;
        items[r->headers.count].value_len = (size_t)(le - colon - 1);
        r->headers.count++;
    }
    r->body = end;
    r->body_len = 0;
    return 0;
}
