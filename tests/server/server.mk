# SPDX-License-Identifier: MIT
# The project's own local S3 server (Ceph RADOS Gateway on 127.0.0.1), for the demo, the
# integration tests and by hand. Scripts: tests/server/s3-server-{up,down,run}.sh.
#
#   make server-up      start it in $(S3L_SERVER_DIR) (default build/rgw), HTTP and HTTPS
#                       (SERVER_TLS=0: HTTP only; SERVER_STS=1: also RGW's STS, which
#                       make test-creds can then use, but RGW then answers a wrong secret
#                       with AccessDenied, not SignatureDoesNotMatch: test-integration's
#                       err_wrong_secret fails); stdout is the S3L_* lines, so
#                       eval "$(make -s server-up)" sets S3L_ENDPOINT, S3L_TLS_ENDPOINT,
#                       S3L_CA_FILE, the keys and the region. Already up: prints them again.
#   make server-down    stop it and remove $(S3L_SERVER_DIR)
#   make server-check   start a TLS server in a temp dir, check a signed ListBuckets over
#                       http and over https verified with the generated CA (and refused
#                       without it), stop it whatever happens
# Ports: S3L_RGW_PORT (7480), HTTPS on PORT+1; see tests/server/s3-server-up.sh.

S3L_SERVER_DIR ?= $(BUILD)/rgw
SERVER_TLS     ?= 1
SERVER_STS     ?= 0

.PHONY: server-up server-down server-check
server-up:
	@bash tests/server/s3-server-up.sh $(if $(filter 1,$(SERVER_TLS)),--tls,--no-tls) \
	  $(if $(filter 1,$(SERVER_STS)),--sts,--no-sts) $(S3L_SERVER_DIR)

server-down:
	@bash tests/server/s3-server-down.sh $(S3L_SERVER_DIR)

server-check:
	@bash tests/server/s3-server-run.sh --tls -- bash tests/server_check.sh
