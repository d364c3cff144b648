/* SPDX-License-Identifier: MIT */
/*
 * An S3L_CONFIG_FILE as a firmware would write one (smaller keys and messages), used by
 * test_abi for an application whose config file the library was not built with.
 */
#ifndef S3L_TEST_SMALL_CONFIG_H
#define S3L_TEST_SMALL_CONFIG_H

#define S3L_KEY_MAX 256
#define S3L_ERROR_MESSAGE_MAX 128

#endif /* S3L_TEST_SMALL_CONFIG_H */
