/* SPDX-License-Identifier: MIT */
/*
 * Streaming JSON scanner: one byte-driven state machine. Runs of plain string bytes and of
 * number digits are reported as slices of the fed buffer (no copy); decoded escapes are
 * reported on their own. Member names are collected in the struct and reported whole, so a
 * consumer can compare them with a plain memcmp. The open containers are a bit stack
 * (1 = array), which is why S3L_JSON_DEPTH_MAX is at most 32.
 */
#include <string.h>

#include "s3lite/json.h"

#if S3L_JSON_DEPTH_MAX < 1 || S3L_JSON_DEPTH_MAX > 32
#error "S3L_JSON_DEPTH_MAX must be 1..32 (one bit of a uint32_t per level)"
#endif
#if S3L_JSON_KEY_MAX < 1 || S3L_JSON_KEY_MAX > 255
#error "S3L_JSON_KEY_MAX must be 1..255 (its length is a uint8_t)"
#endif

enum {
    S_VALUE,  /* a value is expected; sub = 1 right after '[' (then ']' may close it) */
    S_MEMBER, /* a member name is expected; sub = 1 right after '{' (then '}' may close it) */
    S_COLON,  /* after a member name */
    S_NEXT,   /* after a value: ',' or the closing bracket; after the root, whitespace only */
    S_STRING, /* in a string (a member name when is_key) */
    S_ESCAPE, /* after '\' in a string */
    S_HEX,    /* in "\uXXXX": sub = hex digits read, cp = their value */
    S_LOW,    /* after a high surrogate: sub = 0 wants '\', sub = 1 wants 'u' */
    S_NUMBER, /* in a number: sub = one of the N_* parts below */
    S_LITERAL /* in true / false / null: sub = index in LITERALS of the next letter */
};

/* Parts of a number (RFC 8259 section 6). The ones marked "end" may be the last. */
enum {
    N_MINUS, /* after '-' */
    N_ZERO,  /* a leading 0 (end) */
    N_INT,   /* integer digits (end) */
    N_POINT, /* after '.' */
    N_FRAC,  /* fraction digits (end) */
    N_E,     /* after 'e' or 'E' */
    N_SIGN,  /* after the exponent's sign */
    N_EXP    /* exponent digits (end) */
};

#define AGAIN 1 /* step(): the byte ended a number; look at it again in the new state */

static const char LITERALS[] = "true\0false\0null";

static int is_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_digit(unsigned c)
{
    return c - '0' < 10u;
}

/* Hex digit value, or 16 when c is not one. */
static unsigned hexval(unsigned c)
{
    if (c - '0' < 10u) return c - '0';
    c |= 0x20u;
    return (c - 'a' < 6u) ? c - 'a' + 10u : 16u;
}

int s3l_json_init_abi(struct s3l_json *j, s3l_json_cb cb, void *ctx, size_t app_size,
                      uint32_t app_config)
{
    if (s3l_abi_check(app_size, app_config, sizeof *j) != S3L_OK) return S3L_ERR_ABI;
    memset(j, 0, sizeof *j);
    j->cb = cb;
    j->ctx = ctx;
    if (cb == NULL) j->err = S3L_ERR_ARG;
    return j->err;
}

static int emit(struct s3l_json *j, int ev, const char *s, size_t n)
{
    int rc = j->cb(j->ctx, ev, s, n, j->depth);
    return rc > 0 ? S3L_ERR_ARG : rc;
}

/* Report the pending run [*run, p) of a string or number, if any. */
static int flush(struct s3l_json *j, const char **run, const char *p)
{
    const char *r = *run;
    *run = NULL;
    if (r == NULL || p == r) return 0;
    return emit(j, j->state == S_NUMBER ? S3L_JSON_NUMBER : S3L_JSON_STRING, r,
                (size_t)(p - r));
}

static int is_array(const struct s3l_json *j)
{
    return (int)((j->arrays >> (j->depth - 1)) & 1u);
}

/* '{' or '[': one level deeper. */
static int open_container(struct s3l_json *j, unsigned c)
{
    uint32_t bit;
    if (j->depth >= S3L_JSON_DEPTH_MAX) return S3L_ERR_JSON_DEPTH;
    bit = (uint32_t)1u << j->depth;
    j->depth++;
    if (c == '[') {
        j->arrays |= bit;
        j->state = S_VALUE;
    } else {
        j->arrays &= ~bit;
        j->state = S_MEMBER;
    }
    j->sub = 1; /* empty container allowed */
    return emit(j, c == '[' ? S3L_JSON_ARRAY : S3L_JSON_OBJECT, c == '[' ? "[" : "{", 1);
}

/* '}' or ']' closing the innermost container (the caller checked it is the right one). */
static int close_container(struct s3l_json *j, unsigned c)
{
    int rc = emit(j, S3L_JSON_END, c == ']' ? "]" : "}", 1);
    j->depth--;
    j->state = S_NEXT;
    return rc;
}

/* A string, number or literal value is complete. */
static int value_done(struct s3l_json *j)
{
    j->state = S_NEXT;
    return emit(j, S3L_JSON_VALUE_END, "", 0);
}

/* Decoded bytes of a string: into the name, or reported as a piece of the value. */
static int string_bytes(struct s3l_json *j, const char *s, size_t n)
{
    size_t i;
    if (!j->is_key) return emit(j, S3L_JSON_STRING, s, n);
    for (i = 0; i < n && j->key_len < S3L_JSON_KEY_MAX; i++) j->key[j->key_len++] = s[i];
    return 0;
}

/* One code point (<= 0x10FFFF, not a surrogate) as UTF-8. */
static int code_point(struct s3l_json *j, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80u) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800u) {
        u[0] = (char)(0xC0u | (cp >> 6));
        u[1] = (char)(0x80u | (cp & 0x3Fu));
        n = 2;
    } else if (cp < 0x10000u) {
        u[0] = (char)(0xE0u | (cp >> 12));
        u[1] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        u[2] = (char)(0x80u | (cp & 0x3Fu));
        n = 3;
    } else {
        u[0] = (char)(0xF0u | (cp >> 18));
        u[1] = (char)(0x80u | ((cp >> 12) & 0x3Fu));
        u[2] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        u[3] = (char)(0x80u | (cp & 0x3Fu));
        n = 4;
    }
    j->state = S_STRING;
    return string_bytes(j, u, n);
}

/* The fourth hex digit of "\uXXXX" was read: a BMP code point, the first half of a pair
 * (then the second must follow at once), or the second half. */
static int unicode_escape(struct s3l_json *j)
{
    uint32_t u = j->cp;
    uint32_t high = j->high;
    j->high = 0;
    if (high != 0) {
        if (u - 0xDC00u >= 0x400u) return S3L_ERR_JSON_ESCAPE; /* not a low surrogate */
        return code_point(j, 0x10000u + ((high - 0xD800u) << 10) + (u - 0xDC00u));
    }
    if (u - 0xD800u < 0x400u) { /* high surrogate */
        j->high = (uint16_t)u;
        j->sub = 0;
        j->state = S_LOW;
        return 0;
    }
    if (u - 0xDC00u < 0x400u) return S3L_ERR_JSON_ESCAPE; /* low surrogate alone */
    return code_point(j, u);
}

/* A byte where a value may start (state S_VALUE, c not whitespace). */
static int start_value(struct s3l_json *j, const char *p, const char **run)
{
    unsigned c = (unsigned char)*p;
    const char *lit;
    if (c == '{' || c == '[') return open_container(j, c);
    if (j->depth == 0) return S3L_ERR_JSON_SYNTAX; /* the root is an object or an array */
    if (c == ']' && j->sub) return close_container(j, c);
    if (c == '"') {
        j->is_key = 0;
        j->state = S_STRING;
        return 0;
    }
    if (c == '-' || is_digit(c)) {
        j->sub = (uint8_t)(c == '-' ? N_MINUS : c == '0' ? N_ZERO : N_INT);
        j->state = S_NUMBER;
        *run = p;
        return 0;
    }
    lit = c == 't' ? LITERALS : c == 'f' ? LITERALS + 5 : c == 'n' ? LITERALS + 11 : NULL;
    if (lit == NULL) return S3L_ERR_JSON_SYNTAX;
    j->cp = (uint16_t)(lit - LITERALS);
    j->sub = (uint8_t)(j->cp + 1);
    j->state = S_LITERAL;
    return 0;
}

/* The next part of a number after c, or N_MINUS when c cannot follow `part` (N_MINUS is
 * never a next part, so it serves as "no"). */
static unsigned number_next(unsigned part, unsigned c)
{
    if (is_digit(c)) {
        switch (part) {
        case N_MINUS: return c == '0' ? N_ZERO : N_INT;
        case N_ZERO: return N_MINUS; /* no leading zeros */
        case N_INT: return N_INT;
        case N_POINT: case N_FRAC: return N_FRAC;
        default: return N_EXP; /* N_E, N_SIGN, N_EXP */
        }
    }
    if (c == '.' && (part == N_ZERO || part == N_INT)) return N_POINT;
    if ((c == 'e' || c == 'E') && (part == N_ZERO || part == N_INT || part == N_FRAC)) return N_E;
    if ((c == '+' || c == '-') && part == N_E) return N_SIGN;
    return N_MINUS;
}

/* One byte at p (the run of string or number bytes not reported yet starts at *run): 0,
 * AGAIN, or an error. */
static int step(struct s3l_json *j, const char *p, const char **run)
{
    unsigned c = (unsigned char)*p;
    unsigned part;
    int rc;
    switch (j->state) {
    case S_VALUE:
        if (is_space(c)) return 0;
        return start_value(j, p, run);
    case S_MEMBER:
        if (is_space(c)) return 0;
        if (c == '}' && j->sub) return close_container(j, c);
        if (c != '"') return S3L_ERR_JSON_SYNTAX;
        j->is_key = 1;
        j->key_len = 0;
        j->state = S_STRING;
        return 0;
    case S_COLON:
        if (is_space(c)) return 0;
        if (c != ':') return S3L_ERR_JSON_SYNTAX;
        j->sub = 0;
        j->state = S_VALUE;
        return 0;
    case S_NEXT:
        if (is_space(c)) return 0;
        if (j->depth == 0) return S3L_ERR_JSON_SYNTAX; /* something after the root */
        if (c == ',') {
            j->sub = 0;
            j->state = is_array(j) ? S_VALUE : S_MEMBER;
            return 0;
        }
        if (c == (is_array(j) ? ']' : '}')) return close_container(j, c);
        return S3L_ERR_JSON_SYNTAX;
    case S_STRING:
        if (c == '"') {
            rc = flush(j, run, p);
            if (rc != 0) return rc;
            if (!j->is_key) return value_done(j);
            j->state = S_COLON;
            return emit(j, S3L_JSON_KEY, j->key, j->key_len);
        }
        if (c < 0x20u) return S3L_ERR_JSON_SYNTAX; /* control bytes must be escaped */
        if (c == '\\') {
            rc = flush(j, run, p);
            j->state = S_ESCAPE;
            return rc;
        }
        if (j->is_key) return string_bytes(j, p, 1);
        if (*run == NULL) *run = p;
        return 0;
    case S_ESCAPE: {
        /* the escape letters, each followed by the byte it stands for */
        static const char ESCAPES[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
        const char *e;
        if (c == 'u') {
            j->sub = 0;
            j->cp = 0;
            j->state = S_HEX;
            return 0;
        }
        for (e = ESCAPES; *e != '\0' && (unsigned char)*e != c; e += 2) continue;
        if (*e == '\0') return S3L_ERR_JSON_ESCAPE;
        j->state = S_STRING;
        return string_bytes(j, e + 1, 1);
    }
    case S_HEX:
        if (hexval(c) >= 16u) return S3L_ERR_JSON_ESCAPE;
        j->cp = (uint16_t)(((unsigned)j->cp << 4) | hexval(c));
        if (++j->sub < 4) return 0;
        return unicode_escape(j);
    case S_LOW: /* "\u" must follow a high surrogate at once */
        if (c != (j->sub == 0 ? '\\' : 'u')) return S3L_ERR_JSON_ESCAPE;
        if (j->sub == 0) {
            j->sub = 1;
            return 0;
        }
        j->sub = 0;
        j->cp = 0;
        j->state = S_HEX;
        return 0;
    case S_NUMBER:
        part = number_next(j->sub, c);
        if (part != N_MINUS) {
            j->sub = (uint8_t)part;
            if (*run == NULL) *run = p;
            return 0;
        }
        if (j->sub != N_ZERO && j->sub != N_INT && j->sub != N_FRAC && j->sub != N_EXP) {
            return S3L_ERR_JSON_SYNTAX; /* "-", "1.", "1e", "1e+" and what follows them */
        }
        if (is_digit(c)) return S3L_ERR_JSON_SYNTAX; /* a leading zero: "01" */
        rc = flush(j, run, p);
        if (rc == 0) rc = value_done(j);
        return rc != 0 ? rc : AGAIN;
    default: /* S_LITERAL */
        if (c != (unsigned char)LITERALS[j->sub]) return S3L_ERR_JSON_SYNTAX;
        if (LITERALS[++j->sub] != '\0') return 0;
        j->state = S_NEXT;
        return emit(j, S3L_JSON_LITERAL, LITERALS + j->cp, (size_t)(j->sub - j->cp));
    }
}

int s3l_json_feed(struct s3l_json *j, const uint8_t *buf, size_t len)
{
    const char *p = (const char *)buf;
    const char *run = NULL; /* start of a string or number run not reported yet */
    size_t i = 0;
    int rc = j->err;
    if (p == NULL && len > 0 && rc == 0) rc = S3L_ERR_ARG;
    while (rc == 0 && i < len) {
        rc = step(j, p + i, &run);
        if (rc == AGAIN) {
            rc = 0; /* the byte that ended a number, once more in S_NEXT (which never says
                       AGAIN: so at most two steps a byte) */
        } else if (rc == 0) {
            i++; /* on an error i stays at the byte that caused it */
        }
    }
    /* A run before an error is reported too, and a callback error on it wins: with other
     * splits it would have been reported before the offending byte was seen. */
    if (run != NULL) {
        int frc = flush(j, &run, p + i);
        if (frc != 0) rc = frc;
    }
    if (rc != 0) {
        j->err = rc;
        return rc;
    }
    return s3l_json_finish(j) != 0 ? S3L_PENDING : S3L_OK;
}

int s3l_json_finish(const struct s3l_json *j)
{
    if (j->err != 0) return j->err;
    return (j->state == S_NEXT && j->depth == 0) ? S3L_OK : S3L_ERR_JSON_SYNTAX;
}
