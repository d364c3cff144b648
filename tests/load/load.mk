# SPDX-License-Identifier: MIT
# Load: LOAD_N (100) concurrent `s3lite cp` multipart uploads of LOAD_MIB (8) MiB to the local
# S3 server, every object verified by SHA-256; throughput, errors, retries, peak RSS.
#
#   make test-load            uses the server in S3L_ENDPOINT when set, else starts one
#                             (tests/server/s3-server-run.sh, port LOAD_PORT=7600) and stops it
#   make test-load LOAD_N=20  the short form CI runs

LOAD_PORT ?= 7600
LOAD_PY   ?= python3

.PHONY: test-load
test-load: $(CLI)
	@if [ -n "$$S3L_ENDPOINT" ]; then \
	  echo "test-load: using the running server at $$S3L_ENDPOINT"; \
	  S3LITE=$(abspath $(CLI)) $(LOAD_PY) tests/load/load.py; \
	else \
	  S3L_RGW_PORT=$(LOAD_PORT) S3LITE=$(abspath $(CLI)) bash tests/server/s3-server-run.sh --no-tls -- \
	    $(LOAD_PY) tests/load/load.py; \
	fi
