/* SPDX-License-Identifier: MIT */
/*
 * Temporary credentials: the providers' requests, and one parser for both answers. The
 * parser is a consumer of the JSON scanner's events: a member name picks where its string
 * goes (straight into the caller's struct, bounds-checked per piece), and the document's end
 * decides. Both formats have the same four members; a table maps their names.
 */
#include <string.h>

#include "s3lite/credentials.h"
#include "s3lite/date.h"
#include "s3lite/hash.h"

/* ---- requests ------------------------------------------------------------------------ */

/* 1 when every byte of s is printable (no control byte, no DEL); empty is fine. */
static int is_printable(const char *s)
{
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20u || c == 0x7Fu) return 0;
    }
    return 1;
}

/* A role alias byte AWS allows ([A-Za-z0-9_=,@-]) or another unreserved one: written as is
 * (all are path characters under RFC 3986); anything else is percent-encoded. */
static int alias_keeps(unsigned c)
{
    return (c - 'a' < 26u) || (c - 'A' < 26u) || (c - '0' < 10u)
           || (c != '\0' && strchr("-._~=,@", (int)c) != NULL);
}

int s3l_iot_credentials_request(struct s3l_request *req, struct s3l_arena *arena,
                                const char *host, const char *role_alias,
                                const char *thing_name)
{
    static const char HEX[] = "0123456789ABCDEF";
    static const char PREFIX[] = "/role-aliases/";
    static const char SUFFIX[] = "/credentials";
    size_t used, count, alias_len, path_len, i;
    char *path, *w;
    int rc;
    if (req == NULL || arena == NULL || host == NULL || role_alias == NULL
        || thing_name == NULL || req->headers.items == NULL) {
        return S3L_ERR_ARG;
    }
    if (host[0] == '\0' || role_alias[0] == '\0' || thing_name[0] == '\0') return S3L_ERR_ARG;
    if (!is_printable(host) || !is_printable(role_alias) || !is_printable(thing_name)) {
        return S3L_ERR_BAD_CHAR;
    }
    alias_len = strlen(role_alias);
    if (alias_len > S3L_IOT_ROLE_ALIAS_MAX || strlen(thing_name) > S3L_IOT_THING_NAME_MAX) {
        return S3L_ERR_RANGE;
    }
    path_len = sizeof PREFIX - 1 + sizeof SUFFIX - 1;
    for (i = 0; i < alias_len; i++) path_len += alias_keeps((unsigned char)role_alias[i]) ? 1 : 3;

    used = arena->used;
    count = req->headers.count;
    path = s3l_arena_alloc(arena, path_len);
    if (path == NULL) return S3L_ERR_BUF_TOO_SMALL;
    memcpy(path, PREFIX, sizeof PREFIX - 1);
    w = path + sizeof PREFIX - 1;
    for (i = 0; i < alias_len; i++) {
        unsigned c = (unsigned char)role_alias[i];
        if (alias_keeps(c)) {
            *w++ = (char)c;
        } else {
            *w++ = '%';
            *w++ = HEX[c >> 4];
            *w++ = HEX[c & 15u];
        }
    }
    memcpy(w, SUFFIX, sizeof SUFFIX - 1);

    rc = s3l_headers_add(&req->headers, "Host", 4, host, strlen(host));
    if (rc == S3L_OK) {
        rc = s3l_headers_add(&req->headers, "x-amzn-iot-thingname", 20, thing_name,
                             strlen(thing_name));
    }
    if (rc != S3L_OK) {
        arena->used = used;
        req->headers.count = count;
        return rc;
    }
    req->method = "GET";
    req->path = path;
    req->path_len = path_len;
    req->query = NULL;
    req->query_len = 0;
    req->body_len = 0;
    req->has_body = 0;
    return S3L_OK;
}

int s3l_container_credentials_request(struct s3l_request *req, const char *host,
                                      const char *path, const char *authorization)
{
    size_t count, path_len, i;
    int rc;
    if (req == NULL || host == NULL || path == NULL || req->headers.items == NULL) {
        return S3L_ERR_ARG;
    }
    if (host[0] == '\0' || path[0] != '/') return S3L_ERR_ARG;
    if (!is_printable(host) || (authorization != NULL && !is_printable(authorization))) {
        return S3L_ERR_BAD_CHAR;
    }
    path_len = strlen(path);
    for (i = 0; i < path_len; i++) {
        unsigned char c = (unsigned char)path[i];
        if (c <= 0x20u || c >= 0x7Fu) return S3L_ERR_BAD_CHAR; /* a blank splits the line */
    }
    count = req->headers.count;
    rc = s3l_headers_add(&req->headers, "Host", 4, host, strlen(host));
    if (rc == S3L_OK && authorization != NULL) {
        rc = s3l_headers_add(&req->headers, "Authorization", 13, authorization,
                             strlen(authorization));
    }
    if (rc != S3L_OK) {
        req->headers.count = count;
        return rc;
    }
    req->method = "GET";
    req->path = path;
    req->path_len = path_len;
    req->query = NULL; /* the query stays in path: it is sent as written */
    req->query_len = 0;
    req->body_len = 0;
    req->has_body = 0;
    return S3L_OK;
}

/* ---- the answer ------------------------------------------------------------------------ */

enum { F_NONE, F_KEY_ID, F_SECRET, F_TOKEN, F_EXPIRATION, F_MESSAGE };
enum { FORMAT_IOT = 1, FORMAT_CONTAINER = 2 };
#define ALL_FOUR 0x1Eu /* the bits (1 << F_KEY_ID) .. (1 << F_EXPIRATION) */

/* The members that matter, by format. IoT's sit in the root's "credentials" object
 * (depth 2), the container's in the root (depth 1). */
static const struct member {
    const char *name;
    uint8_t format;
    uint8_t field;
} MEMBERS[] = {
    {"accessKeyId", FORMAT_IOT, F_KEY_ID},
    {"secretAccessKey", FORMAT_IOT, F_SECRET},
    {"sessionToken", FORMAT_IOT, F_TOKEN},
    {"expiration", FORMAT_IOT, F_EXPIRATION},
    {"AccessKeyId", FORMAT_CONTAINER, F_KEY_ID},
    {"SecretAccessKey", FORMAT_CONTAINER, F_SECRET},
    {"Token", FORMAT_CONTAINER, F_TOKEN},
    {"Expiration", FORMAT_CONTAINER, F_EXPIRATION},
};

static int name_is(const char *name, size_t len, const char *lit)
{
    return strlen(lit) == len && memcmp(name, lit, len) == 0;
}

/* A member name at `depth`: pick where its value goes. */
static int on_name(struct s3l_credentials_parser *p, const char *name, size_t len,
                   unsigned depth)
{
    struct s3l_temp_credentials *o = p->out;
    unsigned format = depth == 1 ? FORMAT_CONTAINER : FORMAT_IOT;
    size_t i;
    p->field = F_NONE;
    p->value = NULL;
    if (depth == 1 && name_is(name, len, "credentials")) {
        p->where = 1; /* its value may be the IoT object */
        return 0;
    }
    if (depth == 1 && (name_is(name, len, "message") || name_is(name, len, "Message"))) {
        p->field = F_MESSAGE;
        p->value = p->message;
        p->value_cap = sizeof p->message;
        p->value_len = 0;
        return 0;
    }
    if (depth == 2 && p->where != 2) return 0; /* depth 2 elsewhere: noise */
    for (i = 0; i < sizeof MEMBERS / sizeof MEMBERS[0]; i++) {
        if (MEMBERS[i].format == format && name_is(name, len, MEMBERS[i].name)) break;
    }
    if (depth > 2 || i == sizeof MEMBERS / sizeof MEMBERS[0]) return 0;
    if (p->format != 0 && p->format != format) return S3L_ERR_CREDENTIALS; /* both formats */
    if (p->seen & (1u << MEMBERS[i].field)) return S3L_ERR_CREDENTIALS;   /* repeated */
    p->format = (uint8_t)format;
    p->field = MEMBERS[i].field;
    p->value_len = 0;
    switch (p->field) {
    case F_KEY_ID:
        p->value = o->access_key_id;
        p->value_cap = sizeof o->access_key_id;
        break;
    case F_SECRET:
        p->value = o->secret_access_key;
        p->value_cap = sizeof o->secret_access_key;
        break;
    case F_TOKEN:
        p->value = o->session_token;
        p->value_cap = sizeof o->session_token;
        break;
    default:
        p->value = p->expiration;
        p->value_cap = sizeof p->expiration;
    }
    return 0;
}

/* A piece of the string value of the member picked. */
static int on_piece(struct s3l_credentials_parser *p, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (p->field == F_MESSAGE) {
            if (p->value_len + 1 < p->value_cap) {
                p->value[p->value_len++] = (c < 0x20u || c == 0x7Fu) ? '?' : (char)c;
            }
            continue;
        }
        if (p->field == F_EXPIRATION) {
            /* an ISO 8601 time is short and visible ASCII: anything else cannot be one */
            if (c < 0x21u || c > 0x7Eu || p->value_len + 1 >= p->value_cap) {
                return S3L_ERR_BAD_DATE;
            }
        } else if (c < 0x21u || c > 0x7Eu) {
            return S3L_ERR_BAD_CHAR; /* would break a header, or is not what AWS sends */
        } else if (p->value_len + 1 >= p->value_cap) {
            return S3L_ERR_BUF_TOO_SMALL;
        }
        p->value[p->value_len++] = (char)c;
    }
    return 0;
}

/* The string of the member picked is complete. */
static int on_value_end(struct s3l_credentials_parser *p)
{
    unsigned field = p->field;
    p->field = F_NONE;
    if (field == F_NONE) return 0;
    p->value[p->value_len] = '\0';
    if (field == F_MESSAGE) return 0;
    if (p->value_len == 0) return S3L_ERR_CREDENTIALS;
    p->seen = (uint8_t)(p->seen | (1u << field));
    return 0;
}

/* The root closed: are the credentials complete and valid? */
static int on_root_end(struct s3l_credentials_parser *p)
{
    struct s3l_tm tm;
    int64_t t;
    if ((p->seen & ALL_FOUR) != ALL_FOUR) {
        return (p->seen == 0 && p->message[0] != '\0') ? S3L_ERR_CREDENTIALS_REFUSED
                                                       : S3L_ERR_CREDENTIALS;
    }
    if (s3l_date_parse(p->expiration, S3L_DATE_ISO, &tm, NULL) != S3L_OK
        || s3l_date_to_unix(&tm, &t) != S3L_OK) {
        return S3L_ERR_BAD_DATE;
    }
    p->out->expiration = t;
    return 0;
}

static int on_event(void *ctx, int ev, const char *data, size_t len, unsigned depth)
{
    struct s3l_credentials_parser *p = ctx;
    unsigned where = p->where;
    if (ev != S3L_JSON_KEY && where == 1) p->where = 0; /* "credentials": only the next event */
    switch (ev) {
    case S3L_JSON_KEY:
        return on_name(p, data, len, depth);
    case S3L_JSON_STRING:
        return p->field != F_NONE ? on_piece(p, data, len) : 0;
    case S3L_JSON_VALUE_END:
        return on_value_end(p);
    case S3L_JSON_OBJECT:
        if (where == 1 && depth == 2) p->where = 2;
        break;
    case S3L_JSON_END:
        if (depth == 2 && where == 2) p->where = 0;
        if (depth == 1) return on_root_end(p);
        return 0;
    default: /* a number or a literal */
        break;
    }
    /* a member of ours whose value is not a string (an error message may be anything) */
    if (p->field == F_MESSAGE) p->field = F_NONE;
    return p->field != F_NONE ? S3L_ERR_CREDENTIALS : 0;
}

int s3l_credentials_parser_init_abi(struct s3l_credentials_parser *p,
                                    struct s3l_temp_credentials *out, size_t app_size,
                                    uint32_t app_config)
{
    int rc;
    if (s3l_abi_check(app_size, app_config, sizeof *p) != S3L_OK) return S3L_ERR_ABI;
    memset(p, 0, sizeof *p);
    p->out = out;
    /* without out, no callback: the scanner then refuses every feed */
    rc = s3l_json_init(&p->json, out != NULL ? on_event : NULL, p);
    if (out != NULL) memset(out, 0, sizeof *out);
    return rc;
}

int s3l_credentials_feed(struct s3l_credentials_parser *p, const uint8_t *buf, size_t len)
{
    int rc = s3l_json_feed(&p->json, buf, len);
    if (rc < 0 && p->out != NULL) s3l_wipe(p->out, sizeof *p->out);
    return rc;
}

int s3l_credentials_finish(struct s3l_credentials_parser *p)
{
    int rc = s3l_json_finish(&p->json);
    if (rc < 0 && p->out != NULL) s3l_wipe(p->out, sizeof *p->out);
    return rc;
}
