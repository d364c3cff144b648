/* SPDX-License-Identifier: MIT */
/*
 * S3 response parsers, table-driven. Each result struct's list in s3_response.h (e.g.
 * S3L_CREATE_MPU_FIELDS) makes, here, the parser's table for that struct: one row per field
 * with the member's offset (offsetof) and kind, and one string holding each row's element
 * name and header name. A header is looked up in the error's table and the result's, its
 * name compared ignoring case; an element in the table of the open document (the result,
 * an Error, or a list item), by its path below the root ("Initiator/ID"): a name that is no
 * child of the open element drops its whole subtree; unknown headers are ignored.
 *
 * Strings are appended as the XML scanner delivers text, cut at the field's size; the
 * struct's first member (`unsigned truncated`) gets the size class's bit. Numbers and
 * booleans are collected in r->num and converted when their element closes.
 */
#include <string.h>

#include "s3lite/s3_response.h"

/* ---- tables -------------------------------------------------------------------------------- */

/* Kinds of a row. 0..19: a string of that size class (= its S3L_TRUNC_* bit). */
enum {
    C_BUCKET, C_KEY, C_UPLOAD_ID, C_ETAG, C_DATE, C_TOKEN, C_OWNER_ID, C_DISPLAY_NAME,
    C_CHECKSUM_CRC, C_CHECKSUM_SHA, C_URL, C_VERSION_ID, C_EXPIRATION, C_KMS_KEY_ID,
    C_SSE_CONTEXT, C_HEADER_VALUE, C_ERROR_CODE, C_ERROR_MESSAGE, C_REQUEST_ID, C_HOST_ID,
    K_BOOL, K_U32, K_U64,
    K_TEXT,              /* a string kept in caller storage (struct s3l_text), cut with
                            S3L_TRUNC_KEY */
    K_SSE_HEADERS,       /* a struct s3l_sse_info, by its header names */
    K_CHECKSUM_HEADERS,  /* a struct s3l_checksums, by its header names */
    K_CHECKSUM_ELEMENTS, /* a struct s3l_checksums, by its element names */
    K_LIST               /* + L_*: a struct s3l_list; the element is one item */
};
enum { L_PART, L_UPLOAD, L_PREFIX, L_OBJECT };

/* Bytes of a field of each string class, and of K_BOOL, K_U32, K_U64. */
static const uint16_t sizes[] = {
    S3L_BUCKET_MAX, S3L_KEY_MAX, S3L_UPLOAD_ID_MAX, S3L_ETAG_MAX, S3L_DATE_MAX, S3L_TOKEN_MAX,
    S3L_OWNER_ID_MAX, S3L_DISPLAY_NAME_MAX, S3L_CHECKSUM_CRC_MAX, S3L_CHECKSUM_SHA_MAX,
    S3L_URL_MAX, S3L_VERSION_ID_MAX, S3L_EXPIRATION_MAX, S3L_KMS_KEY_ID_MAX,
    S3L_SSE_CONTEXT_MAX, S3L_HEADER_VALUE_MAX, S3L_ERROR_CODE_MAX, S3L_ERROR_MESSAGE_MAX,
    S3L_REQUEST_ID_MAX, S3L_HOST_ID_MAX, 1, 4, 8};

/* One field: where its member is in the struct, and its kind. */
struct row {
    uint16_t off;
    uint8_t kind;
};

/* A struct's table: its rows, and their names, row by row: the element name, NUL, the
 * header name, NUL ("" for none). */
struct table {
    const struct row *rows;
    const char *names;
    uint8_t n;
};

/* A row of a list in s3_response.h, for struct T (#defined around each table below). */
#define ROW(kind, member, size, element, header) {offsetof(T, member), KIND_##kind(size)},
#define KIND_STR(size) C_##size
#define KIND_ALSO(size) C_##size
#define KIND_U32(size) K_U32
#define KIND_U64(size) K_U64
#define KIND_BOOL(size) K_BOOL
#define KIND_TEXT(size) K_TEXT
#define KIND_SSE_HEADERS(size) K_SSE_HEADERS
#define KIND_CHECKSUM_HEADERS(size) K_CHECKSUM_HEADERS
#define KIND_CHECKSUM_ELEMENTS(size) K_CHECKSUM_ELEMENTS
#define KIND_LIST(size) K_LIST + L_##size
#define NAMES(kind, member, size, element, header) element "\0" header "\0"

#define TABLE(name, LIST)                                                                     \
    static const struct row name##_rows[] = {LIST(ROW)};                                      \
    static const char name##_names[] = LIST(NAMES);                                           \
    static const struct table name = {name##_rows, name##_names,                              \
                                      sizeof name##_rows / sizeof name##_rows[0]}

#define T struct s3l_sse_info
TABLE(sse_table, S3L_SSE_FIELDS);
#undef T
#define T struct s3l_checksums
TABLE(checksums_table, S3L_CHECKSUMS_FIELDS);
#undef T
#define T struct s3l_s3_error
TABLE(error_table, S3L_S3_ERROR_FIELDS);
#undef T
#define T struct s3l_create_mpu_result
TABLE(create_table, S3L_CREATE_MPU_FIELDS);
#undef T
#define T struct s3l_upload_part_result
TABLE(upload_part_table, S3L_UPLOAD_PART_FIELDS);
#undef T
#define T struct s3l_complete_mpu_result
TABLE(complete_table, S3L_COMPLETE_MPU_FIELDS);
#undef T
#define T struct s3l_part_info
TABLE(part_table, S3L_PART_FIELDS);
#undef T
#define T struct s3l_list_parts_result
TABLE(list_parts_table, S3L_LIST_PARTS_FIELDS);
#undef T
#define T struct s3l_upload_info
TABLE(upload_table, S3L_UPLOAD_FIELDS);
#undef T
#define T struct s3l_prefix_info
TABLE(prefix_table, S3L_PREFIX_FIELDS);
#undef T
#define T struct s3l_list_uploads_result
TABLE(list_uploads_table, S3L_LIST_UPLOADS_FIELDS);
#undef T
#define T struct s3l_put_object_result
TABLE(put_table, S3L_PUT_OBJECT_FIELDS);
#undef T
#define T struct s3l_object_info
TABLE(object_table, S3L_OBJECT_FIELDS);
#undef T
#define T struct s3l_list_objects_result
TABLE(list_objects_table, S3L_LIST_OBJECTS_FIELDS);
#undef T
#define T struct s3l_delete_object_result
TABLE(delete_table, S3L_DELETE_OBJECT_FIELDS);
#undef T
#define T struct s3l_head_object_result
TABLE(head_table, S3L_HEAD_OBJECT_FIELDS);
#undef T

/* The items of each kind of list (by L_*): their table and size. */
static const struct table *const item_tables[] = {&part_table, &upload_table, &prefix_table,
                                                  &object_table};
static const uint16_t item_sizes[] = {sizeof(struct s3l_part_info),
                                      sizeof(struct s3l_upload_info),
                                      sizeof(struct s3l_prefix_info),
                                      sizeof(struct s3l_object_info)};

/* Per operation: its table; the root element of its XML body (NULL: headers only); which
 * bytes init clears: [0, inputs) and [fields, size), the caller's inputs (lists,
 * callbacks, caller storage) being in between; text: the offset of its struct s3l_text
 * (0: none). */
struct op {
    const struct table *table;
    const char *root;
    uint16_t inputs, fields, size, text;
};
#define END_OF(T, m) (offsetof(T, m) + sizeof(((T *)0)->m))
#define NO_INPUTS(T) END_OF(T, truncated), END_OF(T, truncated), sizeof(T), 0
#define OP_TEXT(T, first, last) offsetof(T, first), END_OF(T, last), sizeof(T), offsetof(T, key)
#define OP_INPUTS(T, first, last) offsetof(T, first), END_OF(T, last), sizeof(T), 0
#define OP_LAST S3L_OP_DELETE_OBJECT
static const struct op ops[OP_LAST + 1] = { /* AbortMPU, CreateBucket, Generic: none */
    [S3L_OP_CREATE_MPU] = {&create_table, "InitiateMultipartUploadResult",
                           OP_TEXT(struct s3l_create_mpu_result, key, key)},
    [S3L_OP_UPLOAD_PART] = {&upload_part_table, NULL, NO_INPUTS(struct s3l_upload_part_result)},
    [S3L_OP_COMPLETE_MPU] = {&complete_table, "CompleteMultipartUploadResult",
                             OP_TEXT(struct s3l_complete_mpu_result, key, key)},
    [S3L_OP_LIST_PARTS] = {&list_parts_table, "ListPartsResult",
                           OP_TEXT(struct s3l_list_parts_result, parts, key)},
    [S3L_OP_LIST_UPLOADS] = {&list_uploads_table, "ListMultipartUploadsResult",
                             OP_INPUTS(struct s3l_list_uploads_result, uploads, prefixes)},
    [S3L_OP_PUT_OBJECT] = {&put_table, NULL, NO_INPUTS(struct s3l_put_object_result)},
    [S3L_OP_HEAD_OBJECT] = {&head_table, NULL,
                            OP_INPUTS(struct s3l_head_object_result, on_meta, on_meta_ctx)},
    /* GetObject: its head (at offset 0) is a HeadObject result; the sink is an input */
    [S3L_OP_GET_OBJECT] = {&head_table, NULL,
                           OP_INPUTS(struct s3l_head_object_result, on_meta, on_meta_ctx)},
    [S3L_OP_LIST_OBJECTS] = {&list_objects_table, "ListBucketResult",
                             OP_INPUTS(struct s3l_list_objects_result, objects, prefixes)},
    [S3L_OP_DELETE_OBJECT] = {&delete_table, NULL, NO_INPUTS(struct s3l_delete_object_result)},
};
/* The Error document, and the headers kept with it. */
static const struct op error_op = {&error_table, "Error", 0, 0, 0, 0};

/* What the tables rely on: GetObject's head first;
 * string classes line up with the S3L_TRUNC_* bits; kinds fit a byte, offsets 16 bits. */
typedef char s3l_chk_tables[(offsetof(struct s3l_get_object_result, head) == 0 &&
                             S3L_TRUNC_HOST_ID == 1u << C_HOST_ID &&
                             S3L_TRUNC_CHECKSUM_CRC == 1u << C_CHECKSUM_CRC &&
                             sizeof(struct s3l_list_uploads_result) < 65536 &&
                             sizeof(struct s3l_list_objects_result) < 65536 &&
                             sizeof(struct s3l_head_object_result) < 65536 &&
                             sizeof(struct s3l_s3_error) < 65536 &&
                             sizeof(struct s3l_list_parts_result) < 65536 &&
                             sizeof(struct s3l_upload_info) < 65536 &&
                             S3L_XML_DEPTH_MAX < 256 && /* depths are kept in bytes */
                             S3L_KEY_MAX < 65536 && S3L_ERROR_MESSAGE_MAX < 65536) ? 1 : -1];

/* The S3 error codes: every row of S3L_S3_CODES, then the other spellings S3 uses for some,
 * each row X(enum name, text). The texts are one string ("AccessDenied\0NoSuchUpload\0...")
 * and code_rows[] says, row by row, which enum value the text is and whether it is
 * retryable (an alias is retryable when the code it spells is). */
#define CODE_ALIASES(X)                                                                       \
    X(EXPIRED_TOKEN, "TokenRefreshRequired")                                                  \
    X(THROTTLING, "ThrottlingException")                                                      \
    X(THROTTLING, "RequestThrottled")                                                         \
    X(THROTTLING, "TooManyRequests")                                                          \
    X(THROTTLING, "TooManyRequestsException")                                                 \
    X(THROTTLING, "RequestLimitExceeded")
#define CODE_RETRYABLE(name, text, retryable) RETRYABLE_##name = retryable,
enum { S3L_S3_CODES(CODE_RETRYABLE) };
#define CODE_TEXT(name, text, retryable) text "\0"
#define ALIAS_TEXT(name, text) text "\0"
#define CODE_ROW(name, text, retryable) {S3L_S3_##name, retryable},
#define ALIAS_ROW(name, text) {S3L_S3_##name, RETRYABLE_##name},
static const char code_texts[] = S3L_S3_CODES(CODE_TEXT) CODE_ALIASES(ALIAS_TEXT);
static const struct {
    uint8_t id, retryable;
} code_rows[] = {S3L_S3_CODES(CODE_ROW) CODE_ALIASES(ALIAS_ROW)};


/* ---- lookup -------------------------------------------------------------------------------- */

enum { M_NONE, M_IGNORE, M_XML, M_SINK };
#define F_STOP 1u   /* a callback asked to stop: its error is r->rc */
#define F_FED 2u    /* body bytes went to the XML scanner */
#define F_ERRDOC 4u /* the root is <Error> */

/* The string after the one at p (in a table's names, a row's element name is followed by
 * its header name, and that by the next row's element name). */
static const char *next_name(const char *p)
{
    return p + strlen(p) + 1;
}

/* 1 when s[0..n) is the text t. */
static int is_text(const char *s, size_t n, const char *t)
{
    return strlen(t) == n && memcmp(s, t, n) == 0;
}

/* 1 when header name s[0..n) is the lower-case name, ignoring case. */
static int is_header(const char *s, size_t n, const char *name)
{
    size_t i;
    if (n == 0 || strlen(name) != n) return 0;
    for (i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i];
        if (c - 'A' < 26u) c += 32;
        if ((unsigned char)name[i] != c) return 0;
    }
    return 1;
}

/* How element path `path` (a row's) goes on from the open element, whose path is the first
 * plen bytes of `open` ("Initiator/"; "" at the root): NO when not with the element
 * s[0..n); LEAF when s is its last step; NODE when more steps follow ("Initiator" of
 * "Initiator/ID"). */
enum { NO, LEAF, NODE };
static int element_step(const char *path, const char *open, size_t plen, const char *s,
                        size_t n)
{
    size_t i;
    if (n == 0 || strncmp(path, open, plen) != 0) return NO;
    for (i = 0; i < n; i++) {
        if (path[plen + i] == '\0' || path[plen + i] != s[i]) return NO;
    }
    return path[plen + n] == '\0' ? LEAF : path[plen + n] == '/' ? NODE : NO;
}

/* The table of the member struct a row of this kind stands for, when it is read by header
 * names (header) or by element names (!header); else NULL. */
static const struct table *member_table(unsigned kind, int header)
{
    if (kind == K_SSE_HEADERS && header) return &sse_table;
    if (kind == K_CHECKSUM_HEADERS && header) return &checksums_table;
    if (kind == K_CHECKSUM_ELEMENTS && !header) return &checksums_table;
    return NULL;
}

/* What a name was found to be: the row of the field (in a member struct's table for a
 * field of a member struct), the field's offset in the table's struct, and the row's
 * element path (for a NODE). */
struct hit {
    const struct row *row;
    size_t off;
    const char *path;
};

/* Look up header name s[0..n) (header) or the element s[0..n) below the open element
 * (open, plen: see element_step) in table t: LEAF or NODE with *h filled, or NO. A member
 * struct's fields are looked up in its own table; its elements are children of the root. */
static int find(const struct table *t, int header, const char *open, size_t plen,
                const char *s, size_t n, struct hit *h)
{
    const char *name = t->names;
    unsigned i, j;
    for (i = 0; i < t->n; i++, name = next_name(next_name(name))) {
        const struct table *m = member_table(t->rows[i].kind, header);
        const char *mname;
        int how;
        if (m != NULL) {
            for (j = 0, mname = m->names; j < m->n && plen == 0;
                 j++, mname = next_name(next_name(mname))) {
                if (header ? is_header(s, n, next_name(mname)) : is_text(s, n, mname)) {
                    h->row = &m->rows[j];
                    h->off = t->rows[i].off + m->rows[j].off;
                    return LEAF;
                }
            }
            continue;
        }
        how = header ? (is_header(s, n, next_name(name)) ? LEAF : NO)
                     : element_step(name, open, plen, s, n);
        if (how != NO) {
            h->row = &t->rows[i];
            h->off = t->rows[i].off;
            h->path = name;
            return how;
        }
    }
    return NO;
}

/* ---- values -------------------------------------------------------------------------------- */

/* A string kind: a fixed array (k < K_BOOL) or caller storage (K_TEXT). */
static int is_str(unsigned k)
{
    return k < K_BOOL || k == K_TEXT;
}

/* Where the string field of kind k at base + off keeps its text, and its size (0: the value
 * is dropped); *bit is its S3L_TRUNC_* bit. */
static char *str_dest(char *base, size_t off, unsigned k, size_t *size, unsigned *bit)
{
    if (k == K_TEXT) {
        const struct s3l_text *t = (const struct s3l_text *)(const void *)(base + off);
        *size = t->buf != NULL ? t->cap : 0;
        *bit = S3L_TRUNC_KEY;
        return t->buf;
    }
    *size = sizes[k];
    *bit = 1u << k;
    return base + off;
}

/* Append s[0..n) to the string field of kind k at base + off, whose text so far is *len
 * bytes; cut at the field's size and flag the struct. */
static void put_str(char *base, size_t off, unsigned k, size_t *len, const char *s, size_t n)
{
    size_t size, room;
    unsigned bit;
    char *d = str_dest(base, off, k, &size, &bit);
    if (size == 0) return;
    room = size - 1u - *len;
    if (n > room) {
        n = room;
        *(unsigned *)(void *)base |= bit;
    }
    memcpy(d + *len, s, n);
    *len += n;
    d[*len] = '\0';
}

/* Empty the string field (a repeated element replaces the value). */
static void clear_str(char *base, size_t off, unsigned k)
{
    size_t size;
    unsigned bit;
    char *d = str_dest(base, off, k, &size, &bit);
    if (size != 0) d[0] = '\0';
}

/* Store the number or boolean s[0..n) ("" is 0) of kind k at d. */
static int put_num(char *d, unsigned k, const char *s, size_t n)
{
    uint64_t v = 0, w;
    size_t i;
    if (k == K_BOOL) {
        if (n == 4 && memcmp(s, "true", 4) == 0) {
            v = 1;
        } else if (n != 0 && !(n == 5 && memcmp(s, "false", 5) == 0)) {
            return S3L_ERR_RANGE;
        }
        *(uint8_t *)d = (uint8_t)v;
        return 0;
    }
    for (i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i] - '0';
        /* v * 10 cannot wrap below this bound (UINT64_MAX / 10); + c wrapped iff the sum is
         * below c. No division: it would pull a 64-bit divide from libgcc. */
        if (c > 9u || v > 1844674407370955161u || (w = v * 10u + c) < c) return S3L_ERR_RANGE;
        v = w;
    }
    if (k == K_U64) {
        *(uint64_t *)(void *)d = v;
    } else if (v > UINT32_MAX) {
        return S3L_ERR_RANGE;
    } else {
        *(uint32_t *)(void *)d = (uint32_t)v;
    }
    return 0;
}

static int stop(struct s3l_response *r, int rc)
{
    r->rc = rc;
    r->flags |= F_STOP;
    return rc;
}

/* ---- XML events ---------------------------------------------------------------------------- */

/*
 * r->path[d - 1] says what the element open at depth d is (the root's is unused):
 *   an element with children of its own ("Initiator"): the offset of its row's path in the
 *   table's names | the length of its path with the '/' << 16;
 *   a list item: its L_* (its children are looked up in item_tables[L_*]);
 *   a field (r->leaf): the field's offset in r->item or r->doc.
 */

/* The table the children of the element open at depth d are looked up in, and the path
 * of that element (*open, *plen: see element_step). */
static const struct table *open_table(const struct s3l_response *r, unsigned d,
                                      const char **open, size_t *plen)
{
    const struct table *t = ((const struct op *)r->tab)->table;
    *open = "";
    *plen = 0;
    if (r->item != NULL && d >= r->item_depth) {
        t = item_tables[r->path[r->item_depth - 1]];
        if (d == r->item_depth) return t;
    } else if (d == 1) {
        return t;
    }
    *open = t->names + (r->path[d - 1] & 0xFFFFu);
    *plen = r->path[d - 1] >> 16;
    return t;
}

static int item_begin(struct s3l_response *r, unsigned l, size_t off, unsigned depth)
{
    struct s3l_list *li = (struct s3l_list *)(void *)(r->doc + off);
    size_t i = li->on_item != NULL ? 0 : li->count;
    if (li->items == NULL || i >= li->cap) { /* full: drop the item */
        *(unsigned *)(void *)r->doc |= S3L_TRUNC_LIST;
        r->skip = (uint8_t)depth;
        return 0;
    }
    r->item = (char *)li->items + i * item_sizes[l];
    memset(r->item, 0, item_sizes[l]);
    r->list = li;
    r->item_depth = (uint8_t)depth;
    r->path[depth - 1] = l;
    return 0;
}

static int item_end(struct s3l_response *r)
{
    struct s3l_list *l = r->list;
    const char *it = r->item;
    int rc;
    r->item = NULL;
    *(unsigned *)(void *)r->doc |= *(const unsigned *)(const void *)it;
    l->count++;
    if (l->on_item != NULL && (rc = l->on_item(l->ctx, it)) != 0) return stop(r, rc);
    return 0;
}

/* The root element s[0..n) decides what the body is: an S3 Error document (any status) or
 * the operation's result (2xx only).
 *
 * CompleteMultipartUpload is lenient: once its 200 has a whole document that is not <Error>,
 * the object exists, and calling that a failure would make a caller retry or abort a finished
 * upload. S3 names the root CompleteMultipartUploadResult; moto (5.x) answers with
 * CompleteMultipartUploadResponse around the same fields (botocore reads either, ignoring the
 * root), so the fields are read from both. Any other root is a success with no fields. */
static int root(struct s3l_response *r, const char *s, size_t n)
{
    const struct op *o = &ops[r->op];
    int ok = r->status / 100 == 2;
    if (is_text(s, n, "Error")) {
        r->tab = &error_op;
        r->doc = (char *)r->err;
        r->flags |= F_ERRDOC;
    } else if (ok && o->root != NULL && (is_text(s, n, o->root) || r->op == S3L_OP_COMPLETE_MPU)) {
        r->tab = o;
        r->doc = r->result;
        if (!is_text(s, n, o->root) && !is_text(s, n, "CompleteMultipartUploadResponse")) {
            r->skip = 1;
        }
    } else {
        return S3L_ERR_XML_ROOT;
    }
    if (r->doc == NULL) r->skip = 1; /* nowhere to keep the fields */
    return 0;
}

static int on_xml(void *ctx, int ev, const char *s, size_t n, unsigned depth)
{
    struct s3l_response *r = ctx;
    const struct row *f = r->leaf;
    const struct table *t;
    char *base = r->item != NULL ? r->item : r->doc;
    const char *open;
    size_t plen;
    struct hit h;
    unsigned k;
    int how;
    if (r->skip != 0) { /* inside a subtree being dropped */
        if (ev == S3L_XML_END && depth == r->skip) r->skip = 0;
        return 0;
    }
    if (ev == S3L_XML_TEXT) {
        if (f == NULL || depth != r->leaf_depth) return 0;
        if (is_str(f->kind)) {
            put_str(base, r->path[depth - 1], f->kind, &r->len, s, n);
        } else if (n > sizeof r->num - r->len) {
            return S3L_ERR_RANGE; /* longer than any number */
        } else {
            memcpy(r->num + r->len, s, n);
            r->len += n;
        }
        return 0;
    }
    if (ev == S3L_XML_END) {
        if (f != NULL && depth == r->leaf_depth) {
            r->leaf = NULL;
            return is_str(f->kind) ? 0 : put_num(base + r->path[depth - 1], f->kind, r->num,
                                                  r->len);
        }
        return (r->item != NULL && depth == r->item_depth) ? item_end(r) : 0;
    }
    if (depth == 1) return root(r, s, n);
    /* an element inside a field's text, or deeper than any S3 field: ignored */
    if (f != NULL || depth > sizeof r->path / sizeof r->path[0]) return 0;
    t = open_table(r, depth - 1, &open, &plen);
    how = find(t, 0, open, plen, s, n, &h);
    if (how == NO) { /* no such child: nothing below it can be known either */
        r->skip = (uint8_t)depth;
        return 0;
    }
    k = h.row->kind;
    if (how == NODE) {
        r->path[depth - 1] = (uint32_t)(h.path - t->names) | (uint32_t)(plen + n + 1) << 16;
        return 0;
    }
    if (k >= K_LIST) return item_begin(r, k - K_LIST, h.off, depth);
    r->leaf = h.row;
    r->leaf_depth = (uint8_t)depth;
    r->path[depth - 1] = (uint32_t)h.off;
    r->len = 0;
    if (is_str(k)) clear_str(base, h.off, k); /* a repeated element replaces the value */
    return 0;
}

/* ---- HTTP callbacks ------------------------------------------------------------------------ */

static int on_status(void *ctx, int status)
{
    struct s3l_response *r = ctx;
    r->status = status;
    if (r->err != NULL) r->err->http_status = status;
    if (status / 100 != 2) {
        r->mode = M_XML; /* an Error document, perhaps */
    } else if (r->op == S3L_OP_GET_OBJECT) {
        r->mode = M_SINK;
    } else {
        r->mode = ops[r->op].root != NULL ? M_XML : M_IGNORE;
    }
    return r->rc;
}

/* Keep header name[0..nl) = v[0..n) in the struct at base when table t has it; 1 if so. */
static int keep_header(struct s3l_response *r, const struct table *t, char *base,
                       const char *name, size_t nl, const char *v, size_t n)
{
    struct hit h;
    size_t len = 0;
    int rc = 0;
    if (find(t, 1, "", 0, name, nl, &h) == NO) return 0;
    if (is_str(h.row->kind)) {
        put_str(base, h.off, h.row->kind, &len, v, n);
    } else {
        rc = put_num(base + h.off, h.row->kind, v, n);
    }
    if (rc != 0 && r->rc == 0) r->rc = rc; /* reported by finish */
    return 1;
}

static int on_header(void *ctx, const char *name, size_t name_len, const char *value,
                     size_t value_len)
{
    struct s3l_response *r = ctx;
    const struct op *o = &ops[r->op];
    int rc;
    if (r->on_header != NULL &&
        (rc = r->on_header(r->on_header_ctx, name, name_len, value, value_len)) != 0) {
        return stop(r, rc);
    }
    /* the error's headers (every answer), then the result's (2xx only) */
    if (r->err != NULL) (void)keep_header(r, &error_table, (char *)r->err, name, name_len, value, value_len);
    if (r->status / 100 != 2 || r->result == NULL || o->table == NULL ||
        keep_header(r, o->table, r->result, name, name_len, value, value_len)) {
        return 0;
    }
    if (o->table == &head_table && name_len > 11 && is_header(name, 11, "x-amz-meta-")) {
        struct s3l_head_object_result *h = r->result;
        h->meta_count++;
        if (h->on_meta != NULL &&
            (rc = h->on_meta(h->on_meta_ctx, name + 11, name_len - 11, value, value_len)) != 0) {
            return stop(r, rc);
        }
    }
    return 0;
}

static int on_body(void *ctx, const uint8_t *data, size_t len)
{
    struct s3l_response *r = ctx;
    int rc;
    if (r->mode == M_SINK) {
        const struct s3l_get_object_result *g = r->result;
        if (g != NULL && g->sink.write != NULL && (rc = g->sink.write(g->sink.ctx, data, len)) != 0) {
            return stop(r, rc);
        }
    } else if (r->mode == M_XML) {
        r->flags |= F_FED;
        (void)s3l_xml_feed(&r->xml, data, len); /* errors stay in the scanner for finish */
        if (r->flags & F_STOP) return r->rc;
    }
    return 0;
}


/* ---- public -------------------------------------------------------------------------------- */

int s3l_response_init_abi(struct s3l_response *r, enum s3l_op op, void *result,
                          struct s3l_s3_error *err, char *scratch, size_t scratch_cap,
                          size_t app_size, uint32_t app_config)
{
    const struct op *o;
    char *b = result;
    if (s3l_abi_check(app_size, app_config, sizeof *r) != S3L_OK) return S3L_ERR_ABI;
    memset(r, 0, sizeof *r);
    r->cb.on_status = on_status;
    r->cb.on_header = on_header;
    r->cb.on_body = on_body;
    r->result = result;
    r->err = err;
    s3l_xml_init(&r->xml, scratch, scratch_cap, on_xml, r);
    if (err != NULL) memset(err, 0, sizeof *err);
    if ((unsigned)op > OP_LAST) { /* unknown op: every callback fails */
        r->rc = S3L_ERR_ARG;
        op = S3L_OP_GENERIC;
    }
    r->op = op;
    o = &ops[op];
    if (b == NULL || o->table == NULL) return r->rc;
    memset(b, 0, o->inputs);
    memset(b + o->fields, 0, (size_t)(o->size - o->fields));
    if (o->text != 0) clear_str(b, o->text, K_TEXT);
    if (op == S3L_OP_LIST_PARTS) ((struct s3l_list_parts_result *)result)->parts.count = 0;
    if (op == S3L_OP_LIST_UPLOADS) {
        struct s3l_list_uploads_result *lu = result;
        lu->uploads.count = lu->prefixes.count = 0;
    }
    if (op == S3L_OP_LIST_OBJECTS) {
        struct s3l_list_objects_result *lo = result;
        lo->objects.count = lo->prefixes.count = 0;
    }
    return r->rc;
}

int s3l_response_finish(struct s3l_response *r)
{
    struct s3l_s3_error *e = r->err;
    int ok = r->status / 100 == 2;
    int x = 0, retry = 0;
    int status_retry = r->status >= 500 || r->status == 408 || r->status == 429;
    if (r->flags & F_STOP) return r->rc;
    if (r->status == 0) return r->rc != 0 ? r->rc : S3L_ERR_STATE;
    if (r->mode == M_XML && (ok || (r->flags & F_FED))) x = s3l_xml_finish(&r->xml);
    if (x == 0 && (r->flags & F_ERRDOC)) {
        if (e != NULL) {
            e->code_enum = (enum s3l_s3_code)s3l_s3_code_from_string(e->code, strlen(e->code),
                                                                     &retry);
            if (e->truncated & S3L_TRUNC_ERROR_CODE) { /* a cut code is no known code */
                e->code_enum = S3L_S3_OTHER;
                retry = 0;
            }
            e->retryable = retry || status_retry;
        }
        return S3L_ERR_S3;
    }
    if (!ok) {
        if (e != NULL) {
            e->code[0] = '\0';
            e->message[0] = '\0';
            e->code_enum = S3L_S3_NONE;
            e->retryable = status_retry;
            e->body_error = x;
        }
        return S3L_ERR_HTTP_STATUS;
    }
    if (x != 0) return x;
    if (r->rc != 0) return r->rc;
    /* A field that did not fit is reported in result->truncated: the operation succeeded on
     * the server, so the call does too. */
    return S3L_OK;
}

int s3l_s3_code_from_string(const char *code, size_t len, int *retryable)
{
    const char *text = code_texts;
    size_t i, n;
    int id = S3L_S3_NONE, retry = 0;
    if (code != NULL && len > 0) {
        id = S3L_S3_OTHER;
        for (i = 0; i < sizeof code_rows / sizeof code_rows[0]; i++, text += n + 1) {
            n = strlen(text);
            if (n == len && memcmp(text, code, len) == 0) {
                id = code_rows[i].id;
                retry = code_rows[i].retryable;
                break;
            }
        }
    }
    if (retryable != NULL) *retryable = retry;
    return id;
}
