# SPDX-License-Identifier: MIT
# The integration suite against a real S3 server (the CLI, every operation), run by CI.
#
#   make test-integration   build the CLI, start the local Ceph RGW with HTTPS on 127.0.0.1
#                           (tests/server/s3-server-run.sh --tls, temp dir, port IT_PORT=7530),
#                           run tests/integration/suite.py, stop the server whatever happens;
#                           last line "N passed, N failed". Needs Debian's ceph packages
#                           (installed by the server script when root), python3-botocore, curl.
#   IT_ONLY=REGEX           only the tests whose names match (e.g. IT_ONLY=tls)
#   IT_VERBOSE=1            print every s3lite command

.PHONY: test-integration
test-integration: $(CLI)
	@S3LITE=$(abspath $(CLI)) PYTHON=$(PYTHON) bash tests/integration/run.sh
