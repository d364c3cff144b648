/* SPDX-License-Identifier: MIT */
/*
 * Temporary credentials from a credentials provider, sans-IO: request builders and a parser
 * for the answer, so a device holds no long-term secret key.
 *
 *  - The AWS IoT credentials provider: the device shows its X.509 certificate over mutual TLS
 *    to https://<endpoint>/role-aliases/<alias>/credentials with the header
 *    x-amzn-iot-thingname, and gets
 *      {"credentials":{"accessKeyId":..,"secretAccessKey":..,"sessionToken":..,
 *                      "expiration":"2026-12-07T18:00:00Z"}}
 *  - Container credentials (ECS, Greengrass, EKS Pod Identity: AWS_CONTAINER_CREDENTIALS_FULL_URI
 *    and AWS_CONTAINER_AUTHORIZATION_TOKEN), and EC2's instance metadata answer the same way:
 *      {"AccessKeyId":..,"SecretAccessKey":..,"Token":..,"Expiration":"2026-12-07T18:00:00Z"}
 *
 *   struct s3l_header hv[4]; char mem[256];
 *   struct s3l_arena arena = { mem, sizeof mem, 0 };
 *   struct s3l_request req;
 *   req.headers.items = hv; req.headers.cap = 4; req.headers.count = 0;
 *   rc = s3l_iot_credentials_request(&req, &arena, "x.credentials.iot.eu-west-1.amazonaws.com",
 *                                    "s3-writer", "sensor-17");
 *   ... write the head (s3l_http_write_head), read the response (s3l_http_feed), and hand
 *   ... the body to the parser:
 *   struct s3l_temp_credentials creds;
 *   struct s3l_credentials_parser cp;
 *   s3l_credentials_parser_init(&cp, &creds);
 *   while (body bytes) { rc = s3l_credentials_feed(&cp, buf, n); if (rc < 0) fail; }
 *   rc = s3l_credentials_finish(&cp);   (S3L_OK: creds filled; else creds wiped)
 *
 * The parser does not look at the HTTP status: a refusal (403 certificate refused, 404 alias
 * unknown...) comes with an error document, which the parser reports as
 * S3L_ERR_CREDENTIALS_REFUSED with its message kept; a caller that sees a non-2xx status
 * without a body reports the status itself.
 */
#ifndef S3LITE_CREDENTIALS_H
#define S3LITE_CREDENTIALS_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/common.h"
#include "s3lite/config.h"
#include "s3lite/http.h"
#include "s3lite/json.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One set of temporary credentials, NUL-terminated strings. Wipe it (s3l_wipe) when it is
 * replaced or no longer needed. */
struct s3l_temp_credentials {
    char access_key_id[S3L_ACCESS_KEY_ID_MAX];
    char secret_access_key[S3L_SECRET_KEY_MAX];
    char session_token[S3L_SESSION_TOKEN_MAX];
    int64_t expiration; /* Unix seconds (UTC) after which the provider says they stop working
                           (negative for a time before 1970: long expired) */
};

/* The AWS limits on the request's names (1..128 characters each). */
#define S3L_IOT_ROLE_ALIAS_MAX 128
#define S3L_IOT_THING_NAME_MAX 128

/*
 * Build the IoT credentials provider's request:
 *   GET /role-aliases/<role_alias>/credentials HTTP/1.1
 *   Host: <host>
 *   x-amzn-iot-thingname: <thing_name>
 * The alias is URI-encoded into the arena (written as is when it keeps to AWS's alphabet,
 * [A-Za-z0-9_=,@-]); host and thing_name are referenced, not copied. req->headers.items and
 * cap are the caller's (2 slots used); headers are appended.
 * Errors: S3L_ERR_ARG (a NULL pointer, an empty string), S3L_ERR_BAD_CHAR (CR, LF or another
 * control byte in any of the three), S3L_ERR_RANGE (alias or thing name over 128 bytes),
 * S3L_ERR_BUF_TOO_SMALL (arena full), S3L_ERR_TOO_MANY (header array full). On error
 * arena->used and req->headers.count are as before, and the other fields of *req untouched.
 */
int s3l_iot_credentials_request(struct s3l_request *req, struct s3l_arena *arena,
                                const char *host, const char *role_alias,
                                const char *thing_name);

/*
 * Build a container credentials request: GET <path> with Host: <host> and, when
 * authorization is not NULL, Authorization: <authorization> (AWS_CONTAINER_AUTHORIZATION_TOKEN
 * as it is). path is the URI's path and query as written ("/v2/credentials?x=1"), starting
 * with '/'; it is referenced, as host and authorization are (nothing goes into an arena).
 * Errors: S3L_ERR_ARG (NULL host or path, empty host, path not starting with '/'),
 * S3L_ERR_BAD_CHAR (a control byte or a space in the path, CR, LF or another control byte in
 * host or authorization), S3L_ERR_TOO_MANY. On error req->headers.count is as before.
 */
int s3l_container_credentials_request(struct s3l_request *req, const char *host,
                                      const char *path, const char *authorization);

/* Parser state. All fields are private but message. */
struct s3l_credentials_parser {
    struct s3l_json json;
    struct s3l_temp_credentials *out;
    char *value;         /* where the string being read goes (NULL: not one of ours) */
    size_t value_cap;
    size_t value_len;
    uint8_t field;       /* the member being read */
    uint8_t seen;        /* members read, one bit each */
    uint8_t format;      /* the document's format, once one of its members was seen */
    uint8_t where;       /* the IoT "credentials" object: 1 its value is next, 2 inside it */
    char expiration[S3L_DATE_MAX];
    /* An error document's "message" (IoT) or "Message" (container, EC2) member, NUL-terminated,
     * cut to fit, control bytes shown as '?'; "" when there was none. Never a secret. */
    char message[S3L_ERROR_MESSAGE_MAX];
};

/*
 * Start parsing one answer into *out (zeroed now). out is borrowed until the last feed.
 * Returns S3L_OK, S3L_ERR_ARG (out NULL: every feed fails too) or S3L_ERR_ABI.
 */
int s3l_credentials_parser_init_abi(struct s3l_credentials_parser *p,
                                    struct s3l_temp_credentials *out, size_t app_size,
                                    uint32_t app_config);
#define s3l_credentials_parser_init(p, out) \
    s3l_credentials_parser_init_abi((p), (out), sizeof(struct s3l_credentials_parser), \
                                    S3L_ABI_CONFIG)

/*
 * Feed body bytes, in any split. Either format is recognised by its member names; other
 * members, at any depth, are skipped (so are members of the format's names at the wrong
 * place). Returns S3L_PENDING while the document is open; once it is closed, S3L_OK when the
 * four members were there and valid (*out filled), else an error; errors are sticky and wipe
 * *out:
 *   S3L_ERR_CREDENTIALS_REFUSED  no credentials, and an error message (p->message);
 *   S3L_ERR_CREDENTIALS          a member missing, empty, repeated, not a string, members of
 *                                both formats mixed, or no credentials at all;
 *   S3L_ERR_BUF_TOO_SMALL        a key id, secret or token longer than its S3L_*_MAX - 1;
 *   S3L_ERR_BAD_CHAR             a byte outside visible ASCII (0x21..0x7E) in one of them;
 *   S3L_ERR_BAD_DATE             an expiration that is not an ISO 8601 UTC time (nor short
 *                                visible ASCII);
 *   S3L_ERR_JSON_*               not JSON (see s3lite/json.h); S3L_ERR_ARG.
 */
int s3l_credentials_feed(struct s3l_credentials_parser *p, const uint8_t *buf, size_t len);

/* End of the body: S3L_OK when feed said S3L_OK; else the error (a document cut short is
 * S3L_ERR_JSON_SYNTAX), and *out is wiped. */
int s3l_credentials_finish(struct s3l_credentials_parser *p);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_CREDENTIALS_H */
