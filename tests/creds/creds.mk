# SPDX-License-Identifier: MIT
# Temporary credentials end to end: s3lite taking its credentials from an IoT credentials
# provider (mutual TLS) and a container credentials endpoint of the project's own
# (tests/creds/creds_server.py), minted by RGW's STS to last 3 s.
#
#   make test-creds   a 64 MiB upload over a slow link (8 MB/s) outliving several credentials,
#                     read back by SHA-256; the failure cases (other-CA device certificate,
#                     wrong alias and thing, revoked tokens, wrong container token,
#                     unreachable provider, clock 6 h off, partial options). Uses the server
#                     in the environment when it has STS (CI: make server-up SERVER_STS=1),
#                     else starts one (port CREDS_PORT=7590, HTTPS +1). Last line
#                     "N passed, N failed".

CREDS_PORT ?= 7590

.PHONY: test-creds
test-creds: $(CLI)
	@CREDS_PORT=$(CREDS_PORT) S3LITE=$(abspath $(CLI)) bash tests/creds/run.sh
