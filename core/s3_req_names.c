/* SPDX-License-Identifier: MIT */
/*
 * The names blob of core/s3_req_names.h, in its own object: the response parser
 * (core/s3_response.c) matches the header names it lists. The request builders no longer
 * read it (their names are in the params lists of s3lite/s3_request.h).
 */
#include "s3_req_names.h"

#define NAME_INIT(f, s) s,
const struct s3l_req_names s3l_req_names = {S3L_REQ_NAMES(NAME_INIT, NAME_INIT)};
typedef char s3l_names_fit[sizeof(struct s3l_req_names) <= 1024 ? 1 : -1];
