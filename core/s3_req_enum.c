/* SPDX-License-Identifier: MIT */
/*
 * The S3 enumerations of the request builders: name tables, string <-> enum.
 */
#include <string.h>

#include "s3_req_int.h"
#include "s3lite/checksum.h"
#include "s3lite/s3_request.h"

/*
 * The spellings of every kind's values 1, 2, ... each ended by a NUL, each kind's list ended
 * by an empty name, expanded from the lists that also make the enums (s3_request.h), so the
 * order cannot drift. Packed strings instead of pointer tables: no pointers, no
 * relocations. The checksum kinds' lists are empty here: checksum.h has their names.
 */
#define VALUE_NAME(id, text) text "\0"
#define KIND_NAMES(kind, values) values(VALUE_NAME) "\0"
static const char enum_names[] = S3L_ENUM_KINDS(KIND_NAMES);

#define ONE_MORE(kind, values) +1
enum { KIND_COUNT = 0 S3L_ENUM_KINDS(ONE_MORE) };

const char *s3l_enum_name(enum s3l_enum_kind kind, unsigned v)
{
    const char *p = enum_names;
    unsigned k = (unsigned)kind;
    if (k == S3L_EK_CHECKSUM_ALG) return s3l_checksum_alg_name((enum s3l_checksum_alg)v);
    if (k == S3L_EK_CHECKSUM_TYPE) return s3l_checksum_type_name((enum s3l_checksum_type)v);
    if (k >= KIND_COUNT || v == 0) return NULL;
    /* skip k lists (an empty name ends each), then to the v-th name of the list */
    for (;; p += strlen(p) + 1) {
        if (k == 0) {
            if (*p == '\0') return NULL;
            if (--v == 0) return p;
        } else if (*p == '\0') {
            k--;
        }
    }
}

unsigned s3l_enum_lookup(enum s3l_enum_kind kind, const char *s, size_t len)
{
    unsigned v;
    const char *n;
    if (s == NULL) return 0;
    for (v = 1; (n = s3l_enum_name(kind, v)) != NULL; v++) {
        if (strlen(n) == len && memcmp(n, s, len) == 0) return v;
    }
    return 0;
}

int s3l_enum_parse(enum s3l_enum_kind kind, const char *s, unsigned *out)
{
    unsigned v;
    if (s == NULL || out == NULL) return S3L_ERR_ARG;
    v = s3l_enum_lookup(kind, s, strlen(s));
    if (v == 0) return S3L_ERR_ENUM;
    *out = v;
    return S3L_OK;
}
