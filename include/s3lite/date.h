/* SPDX-License-Identifier: MIT */
/*
 * s3lite date: the one calendar of the library (UTC only, proleptic Gregorian, years 0..9999).
 *
 *   struct s3l_tm tm;
 *   s3l_date_from_unix(1894233846, &tm);
 *   s3l_date_format(&tm, S3L_DATE_HTTP, out);          // "Thu, 10 Jan 2030 00:04:06 GMT"
 *   s3l_date_parse("20130524T000000Z", S3L_DATE_AMZ, &tm, NULL);
 *   s3l_date_parse("Fri, 24 May 2013 00:00:00 GMT", S3L_DATE_HTTP, &tm, NULL);
 *
 * Closed formulas (days from civil and back), no tables beyond the month and weekday names, no
 * libc time functions, 32-bit divisions only (a 64-bit division calls libgcc on Cortex-M).
 * Nothing here allocates or keeps state.
 */
#ifndef S3LITE_DATE_H
#define S3LITE_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A UTC instant broken down. wday is an output of s3l_date_parse / s3l_date_from_unix only:
 * the functions that read a struct s3l_tm ignore it. */
struct s3l_tm {
    uint16_t year; /* 0 .. 9999 */
    uint8_t mon;   /* 1 .. 12 */
    uint8_t mday;  /* 1 .. days of the month */
    uint8_t hour;  /* 0 .. 23 */
    uint8_t min;   /* 0 .. 59 */
    uint8_t sec;   /* 0 .. 59 (no leap seconds: S3 and HTTP have none) */
    uint8_t wday;  /* 0 = Sunday .. 6 = Saturday */
};

/* The text forms. Lengths are exact: the formatter writes that many bytes and no NUL. */
enum s3l_date_form {
    S3L_DATE_AMZ,  /* "20300110T000406Z" (X-Amz-Date, SigV4) */
    S3L_DATE_ISO,  /* "2030-01-10T00:04:06Z" (ISO 8601 / RFC 3339, UTC) */
    S3L_DATE_HTTP  /* "Thu, 10 Jan 2030 00:04:06 GMT" (IMF-fixdate, RFC 9110) */
};
#define S3L_DATE_AMZ_LEN 16
#define S3L_DATE_ISO_LEN 20
#define S3L_DATE_HTTP_LEN 29

/* The last second of 9999-12-31 in Unix time. */
#define S3L_DATE_UNIX_MAX INT64_C(253402300799)

/*
 * Unix seconds -> broken-down UTC time (wday set).
 * t: 0 .. S3L_DATE_UNIX_MAX (1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z).
 * Errors: S3L_ERR_ARG (tm NULL), S3L_ERR_RANGE (t outside that range); *tm unchanged then.
 */
int s3l_date_from_unix(int64_t t, struct s3l_tm *tm);

/*
 * Broken-down UTC time -> Unix seconds in *t (negative before 1970; tm->wday ignored).
 * Errors: S3L_ERR_ARG (NULL), S3L_ERR_BAD_DATE (a field out of range: year > 9999, month not
 * 1..12, day not in the month (leap years counted), hour > 23, minute or second > 59);
 * *t unchanged then. Also the validity check of a struct s3l_tm built by hand.
 */
int s3l_date_to_unix(const struct s3l_tm *tm, int64_t *t);

/*
 * Text -> broken-down time (wday set). s is NUL-terminated and must be exactly the form:
 *   S3L_DATE_AMZ  "YYYYMMDDTHHMMSSZ";
 *   S3L_DATE_ISO  "YYYY-MM-DDTHH:MM:SS" then optionally '.' and 1..9 digits, then "Z" or
 *                 "+00:00" (UTC only);
 *   S3L_DATE_HTTP "Www, DD Mmm YYYY HH:MM:SS GMT", the IMF-fixdate of RFC 9110 5.6.7 and
 *                 nothing looser: the names as written there (Sun..Sat, Jan..Dec, GMT; case
 *                 counts), two-digit day, one space each, 29 bytes. The obsolete HTTP-date
 *                 forms (RFC 850, asctime) are refused. The weekday must be one of the seven
 *                 names but is NOT compared with the date: the date decides the instant, and
 *                 tm->wday is computed from it, never taken from the name (a sender's wrong
 *                 weekday costs nothing, so it is not worth refusing the time).
 * Years 0000..9999; the fields are checked as s3l_date_to_unix does, so no second 60 (RFC
 * 9110's grammar allows a leap second; Unix time has none and servers never send one). s is
 * never read past its NUL. frac_len (may be NULL) receives the length of the ISO fraction
 * including its '.' (0 when there is none, and for the other forms; the fraction is
 * s[19 .. 19 + *frac_len)).
 * Errors: S3L_ERR_ARG (s or tm NULL, an unknown form), S3L_ERR_BAD_DATE; *tm and *frac_len
 * unchanged then.
 */
int s3l_date_parse(const char *s, enum s3l_date_form form, struct s3l_tm *tm, size_t *frac_len);

/*
 * Broken-down time -> text: writes exactly S3L_DATE_<form>_LEN bytes to out (no NUL; the
 * caller owns out and its room) and returns that length. The weekday is computed from the
 * date (tm->wday ignored). Returns 0 and writes nothing when tm is NULL or invalid (see
 * s3l_date_to_unix) or form is unknown.
 */
size_t s3l_date_format(const struct s3l_tm *tm, enum s3l_date_form form, char *out);

#ifdef __cplusplus
}
#endif

#endif
