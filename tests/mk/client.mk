# SPDX-License-Identifier: MIT
# The client (core/client.c) against the project's local S3 server (Ceph RGW on 127.0.0.1):
#
#   make client-rgw   start a throwaway server (its own temp dir, port CLIENT_RGW_PORT; or use
#                     the one given by S3L_ENDPOINT and the keys, see s3-server-run.sh --reuse), run
#                     build/tests/rgw_client_smoke (the library's own client): PutObject of 0 B, 1 B,
#                     chunk - 1, chunk, chunk + 1 (chunk = S3L_CHUNK_SIZE), 5 MiB and 64 MiB in
#                     STREAMING, SIGNED and UNSIGNED mode, and a 3-part multipart upload per
#                     mode, through one client whose buffers are client.h's minimums; each
#                     object read back (GetObject) and compared by SHA-256 and length; stop the
#                     server whatever happens (a bucket of its own per run, S3L_BUCKET to
#                     choose). RGW 16 refuses the two trailer modes: one try
#                     each, then a visible SKIP line (test_aws_chunked checks their framing
#                     against the vectors). Ends with "N passed, N failed, N skipped"; ~10 s.
# (The unit tests, tests/test_client.c and tests/test_aws_chunked.c, run with `make test`.)

CLIENT_RGW_PORT ?= 7740

.PHONY: client-rgw
client-rgw: $(BUILD)/tests/rgw_client_smoke
	S3L_RGW_PORT=$(CLIENT_RGW_PORT) bash tests/server/s3-server-run.sh --no-tls --reuse -- $(BUILD)/tests/rgw_client_smoke
