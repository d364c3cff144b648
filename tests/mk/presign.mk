# SPDX-License-Identifier: MIT
# Presigned uploads (cfg.presign in client.h: a device that holds no key) against the local
# S3 server (Ceph RGW on 127.0.0.1):
#
#   make test-presign-rgw   start a throwaway server with STS (its own temp dir, port
#                           PRESIGN_RGW_PORT; or use the one given by S3L_ENDPOINT and the keys,
#                           see s3-server-run.sh --reuse: its session-token case needs that
#                           server with STS, as CI's `make server-up SERVER_STS=1`, else it
#                           is a visible skip), run
#                           build/tests/rgw_presigned_upload through tests/rgw_presigned.sh: the
#                           uploader's 3 x 5 MiB upload through URLs a backend presigns per
#                           request, with long-term keys and with an STS session token, each
#                           object read back by SHA-256; an expired URL refused (403) and a
#                           fresh one after it accepted. Ends with "N passed, N failed, N
#                           skipped"; about 10 s.
# (The unit tests, tests/test_presign.c, run with `make test`.)

PRESIGN_RGW_PORT ?= 7800

.PHONY: test-presign-rgw
test-presign-rgw: $(BUILD)/tests/rgw_presigned_upload
	S3L_RGW_PORT=$(PRESIGN_RGW_PORT) S3L_RGW_STS=1 bash tests/server/s3-server-run.sh --no-tls --reuse -- \
	  bash tests/rgw_presigned.sh $(BUILD)/tests/rgw_presigned_upload
