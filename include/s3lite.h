/* SPDX-License-Identifier: MIT */
/*
 * s3lite: a firmware-friendly, zero-malloc S3 client for the multipart upload flow.
 * The umbrella header: includes every public module of the core. Port headers
 * (s3lite/port_posix.h, s3lite/port_tls.h) are included separately by code that uses them.
 */
#ifndef S3LITE_H
#define S3LITE_H

#include "s3lite/version.h"
#include "s3lite/config.h"
#include "s3lite/common.h"
#include "s3lite/hash.h"
#include "s3lite/uri.h"
#include "s3lite/date.h"
#include "s3lite/base64.h"
#include "s3lite/checksum.h"
#include "s3lite/sigv4.h"
#include "s3lite/http.h"
#include "s3lite/xml.h"
#include "s3lite/json.h"
#include "s3lite/credentials.h"
#include "s3lite/s3_request.h"
#include "s3lite/s3_response.h"
#include "s3lite/aws_chunked.h"
#include "s3lite/transport.h"
#include "s3lite/client.h"
#include "s3lite/uploader.h"

#endif /* S3LITE_H */
