# SPDX-License-Identifier: MIT
# Kill loop: KILL_N (100) kill -9 of `s3lite cp --state` at random moments during a 64 MiB
# upload (5 MiB parts), each followed by a resume; every object read back by SHA-256, none
# left open.
#
#   make test-kill             uses the server in S3L_ENDPOINT when set, else starts one
#                              (tests/server/s3-server-run.sh --reuse, port KILL_PORT=7650)
#   make test-kill KILL_N=10   the short form CI runs

KILL_PORT ?= 7650

.PHONY: test-kill
test-kill: $(CLI)
	@S3L_RGW_PORT=$(KILL_PORT) S3LITE=$(abspath $(CLI)) bash tests/server/s3-server-run.sh --reuse --no-tls -- \
	  python3 tests/kill/kill_loop.py
