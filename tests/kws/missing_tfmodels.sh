#!/bin/sh
# Stands in for a test whose TensorFlow models are not there (see
# third_party/tfmodels/tfmodels.bzl); tools/test.sh skips it and says so.
echo "needs the TensorFlow models in \$TFAOT_TFMODELS or ../shared/tfmodels (kws/*.pb)" >&2
exit 1
