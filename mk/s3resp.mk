# XML scanner and S3 response parsers (core/xml.c, core/s3_response.c).
#
#   make s3-names        regenerate core/s3_names.h (FNV-1a hashes of the element paths,
#                        header names and error codes core/s3_response.c matches) after
#                        adding a field; test_s3_response re-checks every hash
#   make test-s3resp     build and run test_xml and test_s3_response
#   make test-s3resp-tiny  the same tests against a build with tiny field sizes (every
#                        field truncates: checks cutting and that nothing is overrun)
#   make size-s3resp     Cortex-M4 -Os text/data/bss and stack of the two modules

.PHONY: s3-names test-s3resp test-s3resp-tiny size-s3resp

s3-names:
	$(PYTHON) tests/gen_s3_names.py core/s3_response.c core/s3_names.h

test-s3resp: $(BUILD)/tests/test_xml $(BUILD)/tests/test_s3_response
	@SHARED=$(SHARED) BUILD=$(BUILD) sh tests/run.sh $^
