/* SPDX-License-Identifier: MIT */
/*
 * Temporary credentials (core/credentials.c): the IoT credentials provider's and the
 * container endpoint's requests, written with s3l_http_write_head and compared byte for byte
 * with heads written by hand from the AWS documentation; then the answer parser over a table
 * of documents (valid in both formats, missing fields, oversized values, bad expiries,
 * garbage, nested noise, error documents), every one fed whole, byte by byte and split at
 * every index, which must all give the same result; on every failure the output struct must
 * be all zero bytes (wiped). Expected Unix times are from Python's calendar.timegm.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "s3lite/credentials.h"

#define T_2026_12_07_18 INT64_C(1796666400) /* calendar.timegm((2026,12,7,18,0,0)) */
#define T_2017_05_26 INT64_C(1495825794)    /* calendar.timegm((2017,5,26,19,9,54)) */

/* ---- requests ------------------------------------------------------------------------ */

struct built {
    struct s3l_request req;
    struct s3l_header hv[4];
    char mem[300];
    struct s3l_arena arena;
    char head[1024];
    size_t head_len;
};

static void built_reset(struct built *b, size_t header_cap, size_t arena_cap)
{
    memset(b, 0, sizeof *b);
    memset(b->mem, 'G', sizeof b->mem);
    b->req.headers.items = b->hv;
    b->req.headers.cap = header_cap;
    b->arena.buf = b->mem;
    b->arena.cap = arena_cap;
}

static int iot(struct built *b, const char *host, const char *alias, const char *thing)
{
    int rc = s3l_iot_credentials_request(&b->req, &b->arena, host, alias, thing);
    if (rc == S3L_OK) {
        rc = s3l_http_write_head(&b->req, b->head, sizeof b->head - 1, &b->head_len);
        b->head[rc == S3L_OK ? b->head_len : 0] = '\0';
    }
    return rc;
}

static void test_iot_request(void)
{
    static struct built b;
    char long_name[S3L_IOT_ROLE_ALIAS_MAX + 2];

    /* the documented request (AWS IoT developer guide, "Authorizing direct calls to AWS
     * services using AWS IoT Core credential provider") */
    built_reset(&b, 4, sizeof b.mem);
    CHECK_EQ_INT(iot(&b, "c2abcdefghijkl.credentials.iot.us-east-1.amazonaws.com", "s3-writer",
                     "sensor-17"), S3L_OK);
    CHECK_EQ_STR(b.head, "GET /role-aliases/s3-writer/credentials HTTP/1.1\r\n"
                         "Host: c2abcdefghijkl.credentials.iot.us-east-1.amazonaws.com\r\n"
                         "x-amzn-iot-thingname: sensor-17\r\n\r\n");
    CHECK_EQ_INT(b.req.has_body, 0);
    CHECK_EQ_INT(b.req.headers.count, 2);

    /* AWS's alias alphabet is written as is; other bytes percent-encoded */
    built_reset(&b, 4, sizeof b.mem);
    CHECK_EQ_INT(iot(&b, "h:8443", "Az09_=,@-", "t"), S3L_OK);
    CHECK_EQ_STR(b.head, "GET /role-aliases/Az09_=,@-/credentials HTTP/1.1\r\nHost: h:8443\r\n"
                         "x-amzn-iot-thingname: t\r\n\r\n");
    built_reset(&b, 4, sizeof b.mem);
    CHECK_EQ_INT(iot(&b, "h", "a b/\xC3\xA9?#%", "t"), S3L_OK);
    CHECK_EQ_STR(b.head, "GET /role-aliases/a%20b%2F%C3%A9%3F%23%25/credentials HTTP/1.1\r\n"
                         "Host: h\r\nx-amzn-iot-thingname: t\r\n\r\n");
    CHECK(memcmp(b.mem + b.arena.used, "GGGG", 4) == 0); /* nothing written past the path */

    /* CR, LF and other control bytes refused in every value, nothing left behind */
    built_reset(&b, 4, sizeof b.mem);
    CHECK_EQ_INT(iot(&b, "h", "alias", "thing\r\nx-evil: 1"), S3L_ERR_BAD_CHAR);
    CHECK_EQ_INT(iot(&b, "h", "ali\nas", "thing"), S3L_ERR_BAD_CHAR);
    CHECK_EQ_INT(iot(&b, "h\r", "alias", "thing"), S3L_ERR_BAD_CHAR);
    CHECK_EQ_INT(iot(&b, "h", "alias", "th\x7Fing"), S3L_ERR_BAD_CHAR);
    CHECK_EQ_INT(iot(&b, "h", "alias", "th\ting"), S3L_ERR_BAD_CHAR);
    CHECK(b.arena.used == 0 && b.req.headers.count == 0 && b.req.method == NULL);

    /* empty or NULL */
    CHECK_EQ_INT(iot(&b, "", "a", "t"), S3L_ERR_ARG);
    CHECK_EQ_INT(iot(&b, "h", "", "t"), S3L_ERR_ARG);
    CHECK_EQ_INT(iot(&b, "h", "a", ""), S3L_ERR_ARG);
    CHECK_EQ_INT(iot(&b, NULL, "a", "t"), S3L_ERR_ARG);
    CHECK_EQ_INT(iot(&b, "h", NULL, "t"), S3L_ERR_ARG);
    CHECK_EQ_INT(iot(&b, "h", "a", NULL), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_iot_credentials_request(NULL, &b.arena, "h", "a", "t"), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_iot_credentials_request(&b.req, NULL, "h", "a", "t"), S3L_ERR_ARG);

    /* 128 characters is AWS's most for both names */
    memset(long_name, 'x', sizeof long_name);
    long_name[S3L_IOT_ROLE_ALIAS_MAX] = '\0';
    CHECK_EQ_INT(iot(&b, "h", long_name, long_name), S3L_OK);
    long_name[S3L_IOT_ROLE_ALIAS_MAX] = 'x';
    long_name[S3L_IOT_ROLE_ALIAS_MAX + 1] = '\0';
    built_reset(&b, 4, sizeof b.mem);
    CHECK_EQ_INT(iot(&b, "h", long_name, "t"), S3L_ERR_RANGE);
    CHECK_EQ_INT(iot(&b, "h", "a", long_name), S3L_ERR_RANGE);

    /* arena and header array too small: rolled back */
    built_reset(&b, 4, 30); /* "/role-aliases/s3-writer/credentials" is 35 */
    CHECK_EQ_INT(iot(&b, "h", "s3-writer", "t"), S3L_ERR_BUF_TOO_SMALL);
    CHECK(b.arena.used == 0 && b.req.headers.count == 0);
    built_reset(&b, 35, 35);
    b.req.headers.cap = 1;
    CHECK_EQ_INT(iot(&b, "h", "s3-writer", "t"), S3L_ERR_TOO_MANY);
    CHECK(b.arena.used == 0 && b.req.headers.count == 0 && b.req.method == NULL);
    b.req.headers.cap = 2;
    CHECK_EQ_INT(iot(&b, "h", "s3-writer", "t"), S3L_OK);
    CHECK_EQ_INT(b.arena.used, 35);
}

static int container(struct built *b, const char *host, const char *path, const char *auth)
{
    int rc = s3l_container_credentials_request(&b->req, host, path, auth);
    if (rc == S3L_OK) {
        rc = s3l_http_write_head(&b->req, b->head, sizeof b->head - 1, &b->head_len);
        b->head[rc == S3L_OK ? b->head_len : 0] = '\0';
    }
    return rc;
}

static void test_container_request(void)
{
    static struct built b;
    built_reset(&b, 4, sizeof b.mem);
    CHECK_EQ_INT(container(&b, "169.254.170.23", "/v1/credentials", "Bearer abc=="), S3L_OK);
    CHECK_EQ_STR(b.head, "GET /v1/credentials HTTP/1.1\r\nHost: 169.254.170.23\r\n"
                         "Authorization: Bearer abc==\r\n\r\n");
    built_reset(&b, 4, sizeof b.mem);
    CHECK_EQ_INT(container(&b, "localhost:8080", "/2016-11-01/credential/x?a=1&b", NULL), S3L_OK);
    CHECK_EQ_STR(b.head, "GET /2016-11-01/credential/x?a=1&b HTTP/1.1\r\nHost: localhost:8080"
                         "\r\n\r\n");
    built_reset(&b, 4, sizeof b.mem);
    CHECK_EQ_INT(container(&b, "h", "/a b", NULL), S3L_ERR_BAD_CHAR);
    CHECK_EQ_INT(container(&b, "h", "/a\r\n", NULL), S3L_ERR_BAD_CHAR);
    CHECK_EQ_INT(container(&b, "h", "/a\xC3\xA9", NULL), S3L_ERR_BAD_CHAR);
    CHECK_EQ_INT(container(&b, "h", "/", "tok\r\nX: 1"), S3L_ERR_BAD_CHAR);
    CHECK_EQ_INT(container(&b, "h\n", "/", NULL), S3L_ERR_BAD_CHAR);
    CHECK_EQ_INT(container(&b, "h", "", NULL), S3L_ERR_ARG);
    CHECK_EQ_INT(container(&b, "h", "v1/credentials", NULL), S3L_ERR_ARG);
    CHECK_EQ_INT(container(&b, "", "/", NULL), S3L_ERR_ARG);
    CHECK_EQ_INT(container(&b, NULL, "/", NULL), S3L_ERR_ARG);
    CHECK_EQ_INT(container(&b, "h", NULL, NULL), S3L_ERR_ARG);
    CHECK(b.req.headers.count == 0 && b.req.method == NULL);
    b.req.headers.cap = 1;
    CHECK_EQ_INT(container(&b, "h", "/", "t"), S3L_ERR_TOO_MANY);
    CHECK_EQ_INT(b.req.headers.count, 0);
}

/* ---- the answer ------------------------------------------------------------------------ */

struct outcome {
    int rc;
    struct s3l_temp_credentials creds;
    char message[S3L_ERROR_MESSAGE_MAX];
};

static int all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n; i++) {
        if (b[i] != 0) return 0;
    }
    return 1;
}

/* Parse doc[0..len) fed as a first piece of `first` bytes, then `step`-byte pieces. */
static void parse(const char *doc, size_t len, size_t first, size_t step, struct outcome *o)
{
    static struct s3l_credentials_parser p;
    size_t pos = 0;
    int rc = S3L_PENDING;
    memset(&o->creds, 0xA5, sizeof o->creds); /* init must clear it */
    if (s3l_credentials_parser_init(&p, &o->creds) != S3L_OK) CHECKF(0, "init");
    if (first == 0) { /* an empty piece first */
        rc = s3l_credentials_feed(&p, (const uint8_t *)doc, 0);
        first = step;
    }
    while (pos < len) {
        size_t n = pos == 0 ? first : step;
        if (n > len - pos) n = len - pos;
        rc = s3l_credentials_feed(&p, (const uint8_t *)doc + pos, n);
        pos += n;
        if (rc < 0) break;
    }
    o->rc = s3l_credentials_finish(&p);
    if (rc < 0 && o->rc != rc) CHECKF(0, "finish %d after feed error %d", o->rc, rc);
    if (rc >= 0 && len > 0 && rc != (o->rc == S3L_OK ? S3L_OK : S3L_PENDING)) {
        CHECKF(0, "last feed %d, finish %d", rc, o->rc);
    }
    if (o->rc != S3L_OK && !all_zero(&o->creds, sizeof o->creds)) {
        CHECKF(0, "credentials not wiped after error %d", o->rc);
    }
    if (rc < 0 && s3l_credentials_feed(&p, (const uint8_t *)"{}", 2) != rc) {
        CHECKF(0, "error not sticky");
    }
    memcpy(o->message, p.message, sizeof o->message);
}

struct ccase {
    const char *name;
    const char *doc; /* NULL: the built document below */
    int rc;
    const char *key_id, *secret, *token; /* when rc is S3L_OK */
    int64_t expiration;
    const char *message; /* NULL: not checked */
};

static void run_case(const struct ccase *c, const char *doc, size_t len)
{
    static struct outcome o0, o;
    size_t i;
    parse(doc, len, len, len, &o0);
    CHECKF(o0.rc == c->rc, "%s: rc %d (%s), want %d", c->name, o0.rc, s3l_strerror(o0.rc), c->rc);
    if (c->rc == S3L_OK && o0.rc == S3L_OK) {
        CHECKF(strcmp(o0.creds.access_key_id, c->key_id) == 0, "%s: key id %s", c->name,
               o0.creds.access_key_id);
        CHECKF(strcmp(o0.creds.secret_access_key, c->secret) == 0, "%s: secret", c->name);
        CHECKF(strcmp(o0.creds.session_token, c->token) == 0, "%s: token %.40s", c->name,
               o0.creds.session_token);
        CHECKF(o0.creds.expiration == c->expiration, "%s: expiration %lld", c->name,
               (long long)o0.creds.expiration);
    }
    if (c->message != NULL) {
        CHECKF(strcmp(o0.message, c->message) == 0, "%s: message '%s'", c->name, o0.message);
    }
    parse(doc, len, 1, 1, &o);
    CHECKF(o.rc == o0.rc && memcmp(&o.creds, &o0.creds, sizeof o.creds) == 0,
           "%s byte by byte: %d", c->name, o.rc);
    for (i = 0; i <= len; i++) {
        parse(doc, len, i, len, &o);
        if (o.rc != o0.rc || memcmp(&o.creds, &o0.creds, sizeof o.creds) != 0
            || strcmp(o.message, o0.message) != 0) {
            break;
        }
    }
    CHECKF(i == len + 1, "%s split at %zu: rc %d vs %d", c->name, i, o.rc, o0.rc);
}

#define IOT_OK(k, s, t, e)                                                                   \
    "{\"credentials\":{\"accessKeyId\":\"" k "\",\"secretAccessKey\":\"" s "\","            \
    "\"sessionToken\":\"" t "\",\"expiration\":\"" e "\"}}"
#define CONTAINER_OK(k, s, t, e)                                                             \
    "{\"AccessKeyId\":\"" k "\",\"SecretAccessKey\":\"" s "\",\"Token\":\"" t "\","         \
    "\"Expiration\":\"" e "\"}"
#define E18 "2026-12-07T18:00:00Z"

static const struct ccase cases[] = {
    /* valid: the IoT answer, the ECS sample of the AWS documentation, EC2's metadata answer */
    {"iot", IOT_OK("ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                   "AQoDYXdzEJr+/Fw==", E18),
     S3L_OK, "ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
     "AQoDYXdzEJr+/Fw==", T_2026_12_07_18, ""},
    {"ecs",
     "{\n    \"AccessKeyId\": \"ACCESS_KEY_ID\",\n    \"Expiration\": \"2017-05-26T19:09:54Z\",\n"
     "    \"RoleArn\": \"TASK_ROLE_ARN\",\n    \"SecretAccessKey\": \"SECRET_ACCESS_KEY\",\n"
     "    \"Token\": \"SECURITY_TOKEN_STRING\"\n}\n",
     S3L_OK, "ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "SECURITY_TOKEN_STRING", T_2017_05_26, ""},
    {"imds",
     "{\"Code\":\"Success\",\"LastUpdated\":\"2026-12-07T17:00:00Z\",\"Type\":\"AWS-HMAC\","
     "\"AccessKeyId\":\"A1\",\"SecretAccessKey\":\"S1\",\"Token\":\"T1\",\"Expiration\":\"" E18
     "\"}",
     S3L_OK, "A1", "S1", "T1", T_2026_12_07_18, ""},
    {"escapes decoded", IOT_OK("A\\u0042", "s\\/k", "t\\u002Bk", E18), S3L_OK, "AB", "s/k",
     "t+k", T_2026_12_07_18, NULL},
    {"fraction", CONTAINER_OK("A", "S", "T", "2026-12-07T18:00:00.999Z"), S3L_OK, "A", "S", "T",
     T_2026_12_07_18, NULL},
    {"before 1970: in the past, negative", CONTAINER_OK("A", "S", "T", "1969-12-31T23:59:59Z"),
     S3L_OK, "A", "S", "T", -1, NULL},
    {"+00:00", CONTAINER_OK("A", "S", "T", "2026-12-07T18:00:00+00:00"), S3L_OK, "A", "S", "T",
     T_2026_12_07_18, NULL},
    {"nested noise",
     "{\"x\":{\"credentials\":{\"accessKeyId\":\"no\"},\"AccessKeyId\":\"no\"},"
     "\"accessKeyId\":\"no\",\"Credentials\":{\"accessKeyId\":\"no\"},"
     "\"credentials\":{\"x\":{\"accessKeyId\":\"no\"},\"accessKeyId\":\"A\","
     "\"list\":[1,\"s\",{\"sessionToken\":\"no\"},[\"expiration\"]],\"secretAccessKey\":\"S\","
     "\"AccessKeyId\":\"no\",\"n\":-1.5e3,\"b\":[true,false,null],"
     "\"sessionToken\":\"T\",\"expiration\":\"" E18 "\"},\"credentials2\":[],\"message\":\"m\"}",
     S3L_OK, "A", "S", "T", T_2026_12_07_18, "m"},
    {"values with whitespace around", "\r\n { \"credentials\" : { \"accessKeyId\" : \"A\" , "
     "\"secretAccessKey\" :\"S\",\"sessionToken\":\"T\" ,\"expiration\": \"" E18 "\" } } \n",
     S3L_OK, "A", "S", "T", T_2026_12_07_18, NULL},

    /* missing, empty, repeated, wrongly typed, misplaced, mixed */
    {"no token", "{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"S\","
                 "\"expiration\":\"" E18 "\"}}", S3L_ERR_CREDENTIALS, 0, 0, 0, 0, NULL},
    {"no expiration", "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\",\"Token\":\"T\"}",
     S3L_ERR_CREDENTIALS, 0, 0, 0, 0, NULL},
    {"empty token", IOT_OK("A", "S", "", E18), S3L_ERR_CREDENTIALS, 0, 0, 0, 0, NULL},
    {"token a number", "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\",\"Token\":12,"
                       "\"Expiration\":\"" E18 "\"}", S3L_ERR_CREDENTIALS, 0, 0, 0, 0, NULL},
    {"token null", "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\",\"Token\":null,"
                   "\"Expiration\":\"" E18 "\"}", S3L_ERR_CREDENTIALS, 0, 0, 0, 0, NULL},
    {"token an object", "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\",\"Token\":{},"
                        "\"Expiration\":\"" E18 "\"}", S3L_ERR_CREDENTIALS, 0, 0, 0, 0, NULL},
    {"expiration a number", "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\",\"Token\":\"T\","
                            "\"Expiration\":1796666400}", S3L_ERR_CREDENTIALS, 0, 0, 0, 0, NULL},
    {"credentials a string", "{\"credentials\":\"x\"}", S3L_ERR_CREDENTIALS, 0, 0, 0, 0, ""},
    {"repeated key id", "{\"AccessKeyId\":\"A\",\"AccessKeyId\":\"B\",\"SecretAccessKey\":\"S\","
                        "\"Token\":\"T\",\"Expiration\":\"" E18 "\"}",
     S3L_ERR_CREDENTIALS, 0, 0, 0, 0, NULL},
    {"two credentials objects", "{\"credentials\":{\"accessKeyId\":\"A\"},\"credentials\":{"
                                "\"accessKeyId\":\"B\"}}", S3L_ERR_CREDENTIALS, 0, 0, 0, 0, NULL},
    {"formats mixed", "{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"S\","
                      "\"sessionToken\":\"T\"},\"Expiration\":\"" E18 "\"}",
     S3L_ERR_CREDENTIALS, 0, 0, 0, 0, NULL},
    {"iot names at the root", "{\"accessKeyId\":\"A\",\"secretAccessKey\":\"S\","
                              "\"sessionToken\":\"T\",\"expiration\":\"" E18 "\"}",
     S3L_ERR_CREDENTIALS, 0, 0, 0, 0, NULL},
    {"container names inside credentials", "{\"credentials\":" CONTAINER_OK("A", "S", "T", E18)
     "}", S3L_ERR_CREDENTIALS, 0, 0, 0, 0, NULL},
    {"empty object", "{}", S3L_ERR_CREDENTIALS, 0, 0, 0, 0, ""},
    {"array root", "[" CONTAINER_OK("A", "S", "T", E18) "]", S3L_ERR_CREDENTIALS, 0, 0, 0, 0,
     NULL},

    /* bytes a header value cannot carry, or a signer should not */
    {"space in token", IOT_OK("A", "S", "T T", E18), S3L_ERR_BAD_CHAR, 0, 0, 0, 0, NULL},
    {"escaped LF in token", IOT_OK("A", "S", "T\\nX-Evil: 1", E18), S3L_ERR_BAD_CHAR, 0, 0, 0, 0,
     NULL},
    {"escaped CR in key id", IOT_OK("A\\r", "S", "T", E18), S3L_ERR_BAD_CHAR, 0, 0, 0, 0, NULL},
    {"NUL in secret", IOT_OK("A", "S\\u0000", "T", E18), S3L_ERR_BAD_CHAR, 0, 0, 0, 0, NULL},
    {"UTF-8 in secret", IOT_OK("A", "S\xC3\xA9", "T", E18), S3L_ERR_BAD_CHAR, 0, 0, 0, 0, NULL},

    /* expiration */
    {"month 13", IOT_OK("A", "S", "T", "2026-13-07T18:00:00Z"), S3L_ERR_BAD_DATE, 0, 0, 0, 0,
     NULL},
    {"not a date", IOT_OK("A", "S", "T", "tomorrow"), S3L_ERR_BAD_DATE, 0, 0, 0, 0, NULL},
    {"not UTC", IOT_OK("A", "S", "T", "2026-12-07T18:00:00+01:00"), S3L_ERR_BAD_DATE, 0, 0, 0,
     0, NULL},
    {"HTTP date", IOT_OK("A", "S", "T", "Mon, 07 Dec 2026 18:00:00 GMT"), S3L_ERR_BAD_DATE, 0, 0,
     0, 0, NULL},
    {"date with a control byte", IOT_OK("A", "S", "T", "2026-12-07T18:00:00Z\\u0000"),
     S3L_ERR_BAD_DATE, 0, 0, 0, 0, NULL},
    {"date too long", IOT_OK("A", "S", "T", "2026-12-07T18:00:00.000000000000000000Z"),
     S3L_ERR_BAD_DATE, 0, 0, 0, 0, NULL},

    /* error documents */
    {"iot refusal", "{\"message\":\"Access Denied\"}", S3L_ERR_CREDENTIALS_REFUSED, 0, 0, 0, 0,
     "Access Denied"},
    {"container refusal", "{\"Code\":\"AccessDenied\",\"Message\":\"bad \\\"token\\\"\\nx\"}",
     S3L_ERR_CREDENTIALS_REFUSED, 0, 0, 0, 0, "bad \"token\"?x"},
    {"message not a string", "{\"message\":{\"a\":\"b\"}}", S3L_ERR_CREDENTIALS, 0, 0, 0, 0,
     ""},
    {"empty message", "{\"message\":\"\"}", S3L_ERR_CREDENTIALS, 0, 0, 0, 0, ""},
    {"message with half the credentials", "{\"message\":\"m\",\"AccessKeyId\":\"A\"}",
     S3L_ERR_CREDENTIALS, 0, 0, 0, 0, "m"},

    /* not JSON, or cut short */
    {"html", "<html><body>502 Bad Gateway</body></html>", S3L_ERR_JSON_SYNTAX, 0, 0, 0, 0, NULL},
    {"empty", "", S3L_ERR_JSON_SYNTAX, 0, 0, 0, 0, NULL},
    {"cut short", "{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"S\","
                  "\"sessionToken\":\"T\",\"expiration\":\"" E18 "\"}",
     S3L_ERR_JSON_SYNTAX, 0, 0, 0, 0, NULL},
    {"bad escape", IOT_OK("A", "S", "T\\x", E18), S3L_ERR_JSON_ESCAPE, 0, 0, 0, 0, NULL},
    {"trailing garbage", CONTAINER_OK("A", "S", "T", E18) "x", S3L_ERR_JSON_SYNTAX, 0, 0, 0, 0,
     NULL},
};

static void test_cases(void)
{
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_case(&cases[i], cases[i].doc, strlen(cases[i].doc));
    }
}

/* Tokens of 320 characters (RGW's longest seen), S3L_SESSION_TOKEN_MAX - 1 (the most that
 * fits) and S3L_SESSION_TOKEN_MAX (one too many); key id and secret at their limits too. */
static void test_sizes(void)
{
    static char doc[S3L_SESSION_TOKEN_MAX + 2 * S3L_SECRET_KEY_MAX + 256];
    static char token[S3L_SESSION_TOKEN_MAX + 1], key_id[S3L_ACCESS_KEY_ID_MAX + 1];
    static char secret[S3L_SECRET_KEY_MAX + 1];
    static const size_t token_lens[3] = {320, S3L_SESSION_TOKEN_MAX - 1, S3L_SESSION_TOKEN_MAX};
    struct ccase c;
    size_t i;
    memset(&c, 0, sizeof c);
    c.expiration = T_2026_12_07_18;
    memset(key_id, 'K', S3L_ACCESS_KEY_ID_MAX - 1);
    memset(secret, 'S', S3L_SECRET_KEY_MAX - 1);
    c.key_id = key_id;
    c.secret = secret;
    c.token = token;
    for (i = 0; i < 3; i++) {
        size_t k;
        memset(token, 0, sizeof token);
        for (k = 0; k < token_lens[i]; k++) token[k] = "AQoD+/=9"[k % 8];
        c.name = i == 0 ? "token 320" : i == 1 ? "token at most" : "token one too long";
        c.rc = i < 2 ? S3L_OK : S3L_ERR_BUF_TOO_SMALL;
        snprintf(doc, sizeof doc, IOT_OK("%s", "%s", "%s", E18), key_id, secret, token);
        run_case(&c, doc, strlen(doc));
    }
    token[5] = '\0';
    c.rc = S3L_ERR_BUF_TOO_SMALL;
    c.name = "key id one too long";
    key_id[S3L_ACCESS_KEY_ID_MAX - 1] = 'K';
    snprintf(doc, sizeof doc, CONTAINER_OK("%s", "%s", "%s", E18), key_id, secret, token);
    run_case(&c, doc, strlen(doc));
    key_id[S3L_ACCESS_KEY_ID_MAX - 1] = '\0';
    c.name = "secret one too long";
    secret[S3L_SECRET_KEY_MAX - 1] = 'S';
    snprintf(doc, sizeof doc, CONTAINER_OK("%s", "%s", "%s", E18), key_id, secret, token);
    run_case(&c, doc, strlen(doc));
}

/* An error message longer than the parser keeps is cut, not an error of its own. */
static void test_long_message(void)
{
    static char doc[S3L_ERROR_MESSAGE_MAX + 64], want[S3L_ERROR_MESSAGE_MAX];
    struct ccase c;
    memset(&c, 0, sizeof c);
    memset(want, 'm', sizeof want - 1);
    want[sizeof want - 1] = '\0';
    snprintf(doc, sizeof doc, "{\"message\":\"%sMMMMMMMM\"}", want);
    c.name = "long message";
    c.rc = S3L_ERR_CREDENTIALS_REFUSED;
    c.message = want;
    run_case(&c, doc, strlen(doc));
}

static void test_init(void)
{
    struct s3l_credentials_parser p;
    struct s3l_temp_credentials creds;
    CHECK_EQ_INT(s3l_credentials_parser_init(&p, NULL), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_credentials_feed(&p, (const uint8_t *)"{}", 2), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_credentials_finish(&p), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_credentials_parser_init_abi(&p, &creds, sizeof p + 4, S3L_ABI_CONFIG),
                 S3L_ERR_ABI);
    CHECK_EQ_INT(s3l_credentials_parser_init_abi(&p, &creds, sizeof p, S3L_ABI_CONFIG ^ 2u),
                 S3L_ERR_ABI);
    CHECK_EQ_INT(s3l_credentials_parser_init(&p, &creds), S3L_OK);
    CHECK_EQ_INT(s3l_credentials_feed(&p, NULL, 3), S3L_ERR_ARG);
}

int main(void)
{
    test_iot_request();
    test_container_request();
    test_cases();
    test_sizes();
    test_long_message();
    test_init();
    return th_summary();
}
