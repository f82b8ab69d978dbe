"""botocore 1.44.5's presigned URLs (`generate_presigned_url`) for the cases
of tests/tests/presign.rs. Each case's settings, as slimaws names them,
become botocore client settings; S3 clients are given
`signature_version='s3v4'` (slimaws presigns with SigV4 only; botocore's
default in regions that still accept SigV2 is SigV2, which its own
documentation advises against). Hermetic as `botocore_oracle.py`: no AWS_*
variables or files, the SigV4 clock frozen at 2026-01-02T03:04:05Z.

Run: python3 -m venv /tmp/oracle-venv && /tmp/oracle-venv/bin/pip install botocore==1.44.5
     /tmp/oracle-venv/bin/python tests/data/oracle/make_presign.py > tests/data/oracle/presign/cases.json
"""
import datetime
import json
import os
from unittest import mock

for name in list(os.environ):
    if name.startswith(("AWS_", "BOTO_")):
        del os.environ[name]
os.environ["AWS_CONFIG_FILE"] = "/nonexistent/config"
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials"

import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402

KEY = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
NOW = datetime.datetime(2026, 1, 2, 3, 4, 5)
ARN = "arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint"
OBJECT = {"Bucket": "my-bucket", "Key": "a b/c.txt"}

# name, service, operation, params, region, settings (slimaws's names), expires
CASES = [
    ("s3_get_object", "s3", "GetObject", OBJECT, "eu-west-1", {}, 900),
    ("s3_get_object_us_east_1", "s3", "GetObject", OBJECT, "us-east-1", {}, 3600),
    ("s3_put_object", "s3", "PutObject", {"Bucket": "my-bucket", "Key": "k"}, "eu-west-1", {}, 900),
    ("s3_dotted_bucket", "s3", "GetObject", {"Bucket": "my.dotted", "Key": "k"}, "eu-west-1", {}, 900),
    ("s3_force_path_style", "s3", "GetObject", OBJECT, "eu-west-1", {"force_path_style": True}, 900),
    ("s3_virtual_host_forced", "s3", "GetObject", OBJECT, "eu-west-1", {"force_path_style": False}, 900),
    ("s3_signed_range_and_response_type", "s3", "GetObject",
     {"Bucket": "my-bucket", "Key": "k", "Range": "bytes=0-9", "ResponseContentType": "text/plain"},
     "eu-central-1", {}, 900),
    ("s3_session_token", "s3", "GetObject", OBJECT, "eu-west-1", {"session_token": "TOKEN/with+chars="}, 900),
    ("s3_access_point_arn", "s3", "GetObject", {"Bucket": ARN, "Key": "k"}, "us-west-2", {}, 900),
    ("s3_us_east_1_regional", "s3", "GetObject", OBJECT, "us-east-1",
     {"s3_us_east_1_regional_endpoint": "regional"}, 900),
    ("s3_custom_endpoint", "s3", "GetObject", OBJECT, "eu-west-1",
     {"endpoint_url": "http://127.0.0.1:5000"}, 900),
    ("s3_dual_stack", "s3", "GetObject", OBJECT, "eu-west-1", {"use_dual_stack": True}, 900),
    ("s3_seven_days", "s3", "GetObject", OBJECT, "eu-west-1", {}, 604800),
    ("sts_get_caller_identity", "sts", "GetCallerIdentity", {}, "eu-west-1", {}, 900),
    ("sts_assume_role", "sts", "AssumeRole",
     {"RoleArn": "arn:aws:iam::123456789012:role/demo", "RoleSessionName": "s p", "DurationSeconds": 900},
     "us-east-1", {}, 60),
]


def client(service, region, settings):
    config, s3 = {}, {}
    if service == "s3":
        config["signature_version"] = "s3v4"
    if "force_path_style" in settings:
        s3["addressing_style"] = "path" if settings["force_path_style"] else "virtual"
    if "s3_us_east_1_regional_endpoint" in settings:
        s3["us_east_1_regional_endpoint"] = settings["s3_us_east_1_regional_endpoint"]
    if settings.get("use_dual_stack"):
        config["use_dualstack_endpoint"] = True
    if s3:
        config["s3"] = s3
    return botocore.session.get_session().create_client(
        service,
        region_name=region,
        endpoint_url=settings.get("endpoint_url"),
        aws_access_key_id=KEY,
        aws_secret_access_key=SECRET,
        aws_session_token=settings.get("session_token"),
        config=Config(**config),
    )


out = []
for name, service, op, params, region, settings, expires in CASES:
    c = client(service, region, settings)
    method = c.meta.method_to_api_mapping
    snake = {v: k for k, v in method.items()}[op]
    with mock.patch("botocore.auth.get_current_datetime", return_value=NOW):
        url = c.generate_presigned_url(snake, Params=params, ExpiresIn=expires)
    out.append(
        {
            "name": name,
            "service": service,
            "operation": op,
            "params": params,
            "region": region,
            "settings": settings,
            "expires_in": expires,
            "botocore_url": url,
        }
    )
print(json.dumps(out, indent=1, ensure_ascii=False))
