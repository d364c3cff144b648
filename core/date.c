/* SPDX-License-Identifier: MIT */
/*
 * The calendar (see include/s3lite/date.h).
 *
 * Days are counted with the closed "days from civil" formulas: a year that starts on March 1
 * puts the leap day last, so a month's first day follows from the month by (153 mp + 2) / 5
 * and a year's by y * 365 + y / 4 - y / 100 + y / 400. Every quantity fits 32 bits and only
 * 32-bit divisions by constants are used (Cortex-M has no 64-bit divide). The day of the month
 * is checked by a round trip instead of a month-length rule. The three text forms are one
 * template each, walked by both the formatter and the parser.
 */
#include <stddef.h>
#include <string.h>

#include "s3lite/date.h"

/*
 * Templates: bytes 1..7 are the two digits of field byte - 1 (century, year in century, month,
 * day, hour, minute, second), 8 the weekday name, 9 the month name; others are literal.
 * All three in one string, each at k_tpl_at[form].
 */
#define TPL_AMZ "\1\2\3\4T\5\6\7Z"
#define TPL_ISO "\1\2-\3-\4T\5:\6:\7Z"
#define TPL_HTTP "\10, \4 \11 \1\2 \5:\6:\7 GMT"
static const char k_tpl[] = TPL_AMZ "\0" TPL_ISO "\0" TPL_HTTP;
static const uint8_t k_tpl_at[3] = {0, sizeof TPL_AMZ, sizeof TPL_AMZ + sizeof TPL_ISO};
static const char k_names[] = "SunMonTueWedThuFriSatJanFebMarAprMayJunJulAugSepOctNovDec";

/* Day numbers count from (-400)-03-01, so that every date of years 0..9999 has a positive
 * one; 1970-01-01 is EPOCH_SHIFT. */
#define EPOCH_SHIFT 865565u
/* (EPOCH_SHIFT + WDAY_SHIFT) % 7 == 4: 1970-01-01 was a Thursday. */
#define WDAY_SHIFT 3u

/* Day number of March 1 of year y - 400 (a year runs from March 1 to the end of February). */
static uint32_t year_start(uint32_t y)
{
    return y * 365u + y / 4u - y / 100u + y / 400u;
}

/* Day number z -> year, month, day and weekday of tm. */
static void civil(uint32_t z, struct s3l_tm *tm)
{
    /* z * 400 / 146097 (days in 400 years) is within one of the year; start one below and
     * step up (at most 3 steps). z < 2^22, so z * 400 fits 32 bits. */
    uint32_t y = z * 400u / 146097u - 1u, doy, mp;
    while (year_start(y + 1u) <= z) y++;
    doy = z - year_start(y);
    mp = (5u * doy + 2u) / 153u; /* March = 0 .. February = 11 */
    tm->mday = (uint8_t)(doy - (153u * mp + 2u) / 5u + 1u);
    tm->mon = (uint8_t)(mp < 10u ? mp + 3u : mp - 9u);
    tm->year = (uint16_t)(y - 400u + (mp >= 10u));
    tm->wday = (uint8_t)((z + WDAY_SHIFT) % 7u);
}

/* Day number of tm's date, or 0 when a field is out of range (tm->wday is not read). A day
 * past the month's end, or 0, lands in another month: the round trip refuses it. */
static uint32_t day_number(const struct s3l_tm *tm)
{
    struct s3l_tm r;
    uint32_t m = tm->mon, z;
    if (tm->year > 9999u || m - 1u > 11u || tm->hour > 23u || tm->min > 59u || tm->sec > 59u) {
        return 0;
    }
    m = m > 2u ? m - 3u : m + 9u; /* March = 0 .. February = 11, of the year before for 0, 1 */
    z = year_start(tm->year + 400u - (m >= 10u)) + (153u * m + 2u) / 5u + tm->mday - 1u;
    civil(z, &r);
    return r.mday == tm->mday ? z : 0;
}

int s3l_date_from_unix(int64_t t, struct s3l_tm *tm)
{
    uint32_t u, s;
    if (tm == NULL) return S3L_ERR_ARG;
    if (t < 0 || t > S3L_DATE_UNIX_MAX) return S3L_ERR_RANGE;
    /* 86400 = 128 * 675 and t < 2^38: two 32-bit divisions instead of a 64-bit one */
    u = (uint32_t)(t >> 7);
    s = u % 675u * 128u + ((uint32_t)t & 127u);
    civil(u / 675u + EPOCH_SHIFT, tm);
    tm->hour = (uint8_t)(s / 3600u);
    tm->min = (uint8_t)(s / 60u % 60u);
    tm->sec = (uint8_t)(s % 60u);
    return S3L_OK;
}

int s3l_date_to_unix(const struct s3l_tm *tm, int64_t *t)
{
    uint32_t z;
    if (tm == NULL || t == NULL) return S3L_ERR_ARG;
    z = day_number(tm);
    if (z == 0) return S3L_ERR_BAD_DATE;
    *t = (int64_t)((int32_t)z - (int32_t)EPOCH_SHIFT) * 86400 +
         (int32_t)(tm->hour * 3600u + tm->min * 60u + tm->sec);
    return S3L_OK;
}

int s3l_date_parse(const char *s, enum s3l_date_form form, struct s3l_tm *tm, size_t *frac_len)
{
    unsigned v[7] = {0, 0, 0, 0, 0, 0, 0}, k, i, end; /* every template sets all seven */
    uint32_t z;
    size_t fl = 0;
    const char *t;
    struct s3l_tm r;
    if (s == NULL || tm == NULL || (unsigned)form > S3L_DATE_HTTP) return S3L_ERR_ARG;
    /* every template byte but the last ('Z', or the 'T' of "GMT"); a mismatch stops before
     * reading past a NUL */
    for (t = k_tpl + k_tpl_at[form]; t[1] != '\0'; t++, s++) {
        k = (unsigned char)*t;
        if (k > 9u) {
            if (*s != *t) return S3L_ERR_BAD_DATE;
        } else if (k > 7u) {
            /* a name, exactly as written (strncmp stops at s's NUL): the weekday's is only
             * checked to be one (the date decides the day), the month's gives the month */
            i = k == 8u ? 0u : 7u;
            end = k == 8u ? 7u : 19u;
            while (strncmp(s, k_names + i * 3u, 3) != 0) {
                if (++i == end) return S3L_ERR_BAD_DATE;
            }
            if (k == 9u) v[2] = i - 6u; /* Jan is name 7 */
            s += 2;
        } else if ((unsigned)(s[0] - '0') <= 9u && (unsigned)(s[1] - '0') <= 9u) {
            v[k - 1u] = (unsigned)(s[0] - '0') * 10u + (unsigned)(s[1] - '0');
            s++;
        } else {
            return S3L_ERR_BAD_DATE;
        }
    }
    if (form == S3L_DATE_ISO && *s == '.') {
        fl = strspn(s + 1, "0123456789") + 1u;
        if (fl < 2u || fl > 10u) return S3L_ERR_BAD_DATE;
        s += fl;
    }
    if (strcmp(s, t) != 0 && (form != S3L_DATE_ISO || strcmp(s, "+00:00") != 0)) {
        return S3L_ERR_BAD_DATE;
    }
    r.year = (uint16_t)(v[0] * 100u + v[1]);
    r.mon = (uint8_t)v[2];
    r.mday = (uint8_t)v[3];
    r.hour = (uint8_t)v[4];
    r.min = (uint8_t)v[5];
    r.sec = (uint8_t)v[6];
    z = day_number(&r);
    if (z == 0) return S3L_ERR_BAD_DATE;
    r.wday = (uint8_t)((z + WDAY_SHIFT) % 7u);
    *tm = r;
    if (frac_len != NULL) *frac_len = fl;
    return S3L_OK;
}

size_t s3l_date_format(const struct s3l_tm *tm, enum s3l_date_form form, char *out)
{
    unsigned v[7], k;
    uint32_t z;
    const char *t;
    char *w = out;
    if (tm == NULL || out == NULL || (unsigned)form > S3L_DATE_HTTP) return 0;
    z = day_number(tm);
    if (z == 0) return 0;
    v[0] = tm->year / 100u;
    v[1] = tm->year % 100u;
    v[2] = tm->mon;
    v[3] = tm->mday;
    v[4] = tm->hour;
    v[5] = tm->min;
    v[6] = tm->sec;
    for (t = k_tpl + k_tpl_at[form]; *t != '\0'; t++) {
        k = (unsigned char)*t;
        if (k > 9u) {
            *w++ = (char)k;
        } else if (k > 7u) {
            memcpy(w, k_names + (k == 8u ? (z + WDAY_SHIFT) % 7u * 3u : 18u + v[2] * 3u), 3);
            w += 3;
        } else {
            *w++ = (char)('0' + v[k - 1u] / 10u);
            *w++ = (char)('0' + v[k - 1u] % 10u);
        }
    }
    return (size_t)(w - out);
}
