"""AWS CLI plugin for bench/s3-upload.sh: accepts a "100 Continue" response without a reason phrase.

S3Mock runs on Tomcat, which answers "Expect: 100-continue" with "HTTP/1.1 100" (the reason phrase is optional, RFC 9110
section 4 of HTTP/1.1); the botocore bundled in awscli 2.9.19 (Debian 12) wants three tokens, so every part upload over
plain HTTP fails with BadStatusLine (adobe/S3Mock#2321, boto/botocore#3455). This is the upstream fix (botocore 1.40.21,
aws-cli PR #9702): the status line needs two tokens, not three. Nothing else of the CLI's behaviour changes.
"""
# The CLI imports its bundled botocore (awscli/botocore) under the name botocore.
from botocore.awsrequest import AWSConnection


def _is_100_continue_status(self, maybe_status_line):
    parts = maybe_status_line.split(None, 2)
    return len(parts) >= 2 and parts[0].startswith(b'HTTP/') and parts[1] == b'100'


def awscli_initialize(cli):
    AWSConnection._is_100_continue_status = _is_100_continue_status
