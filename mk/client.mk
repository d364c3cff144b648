# The client (core/client.c) against the project's local S3 server (Ceph RGW on 127.0.0.1):
#
#   make client-rgw   start a throwaway server (its own temp dir, port CLIENT_RGW_PORT), run
#                     build/tests/rgw_client_smoke: PutObject in every payload mode at sizes
#                     around the aws-chunked chunk, one multipart upload per mode, each object
#                     read back and compared by SHA-256; stop the server whatever happens.
#                     RGW 16 refuses the two trailer modes: reported, not failed.
# (The unit tests, tests/test_client.c and tests/test_aws_chunked.c, run with `make test`.)

CLIENT_RGW_PORT ?= 7740

.PHONY: client-rgw
client-rgw: $(BUILD)/tests/rgw_client_smoke
	S3L_RGW_PORT=$(CLIENT_RGW_PORT) bash scripts/s3-server-run.sh --no-tls -- $(BUILD)/tests/rgw_client_smoke
