/* SPDX-License-Identifier: MIT */
/*
 * A user config header that turns the log macros on (make check-log): core/ must compile
 * warning-free with them, so every format matches its arguments.
 */
#ifndef S3L_TEST_LOG_CONFIG_H
#define S3L_TEST_LOG_CONFIG_H
int s3l_test_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define S3L_LOG_ERROR(...) ((void)s3l_test_log("E", __VA_ARGS__))
#define S3L_LOG_WARN(...) ((void)s3l_test_log("W", __VA_ARGS__))
#define S3L_LOG_INFO(...) ((void)s3l_test_log("I", __VA_ARGS__))
#define S3L_LOG_DEBUG(...) ((void)s3l_test_log("D", __VA_ARGS__))
#endif
