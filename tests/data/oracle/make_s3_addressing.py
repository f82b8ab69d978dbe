"""botocore 1.44.5's S3 requests for the addressing cases of
tests/tests/s3_addressing.rs: each case's settings, as slimaws names them,
become botocore client settings; botocore's URL, Host and signature are
written next to them.

Run: python3 -m venv /tmp/oracle-venv && /tmp/oracle-venv/bin/pip install botocore==1.44.5
     /tmp/oracle-venv/bin/python tests/data/oracle/make_s3_addressing.py \
         ../shared/oracle/botocore_oracle.py > tests/data/oracle/s3-addressing/cases.json
"""
import json
import subprocess
import sys

KEY = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TIME = "2026-01-02T03:04:05Z"
ARN = "arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint"

# name, operation, params, region, settings (slimaws's names)
CASES = [
    ("virtual_host", "HeadBucket", {"Bucket": "my-bucket"}, "eu-west-1", {}),
    ("dotted_bucket_is_path_style", "HeadBucket", {"Bucket": "my.dotted.bucket"}, "eu-west-1", {}),
    ("force_path_style", "GetBucketTagging", {"Bucket": "my-bucket"}, "eu-west-1",
     {"force_path_style": True}),
    ("virtual_host_forced", "GetBucketTagging", {"Bucket": "my-bucket"}, "eu-west-1",
     {"force_path_style": False}),
    ("access_point_arn", "DeleteObject", {"Bucket": ARN, "Key": "a/b c.txt"}, "us-west-2", {}),
    ("access_point_arn_path_style_ignored", "DeleteObject", {"Bucket": ARN, "Key": "k"},
     "us-west-2", {"force_path_style": True}),
    ("dual_stack", "HeadBucket", {"Bucket": "my-bucket"}, "eu-west-1", {"use_dual_stack": True}),
    ("fips", "HeadBucket", {"Bucket": "my-bucket"}, "us-east-2", {"use_fips": True}),
    ("us_east_1_global", "HeadBucket", {"Bucket": "my-bucket"}, "us-east-1", {}),
    ("us_east_1_regional", "HeadBucket", {"Bucket": "my-bucket"}, "us-east-1",
     {"s3_us_east_1_regional_endpoint": "regional"}),
    ("aws_global", "HeadBucket", {"Bucket": "my-bucket"}, "aws-global", {}),
    ("get_bucket_location_is_path_style", "GetBucketLocation", {"Bucket": "my-bucket"},
     "eu-west-1", {}),
    ("accelerate", "HeadBucket", {"Bucket": "my-bucket"}, "eu-west-1", {"accelerate": True}),
    ("custom_endpoint_is_path_style", "DeleteObject", {"Bucket": "my-bucket", "Key": "x/y"},
     "eu-west-1", {"endpoint_url": "http://127.0.0.1:5000"}),
    ("custom_endpoint_virtual_host", "HeadBucket", {"Bucket": "my-bucket"}, "eu-west-1",
     {"endpoint_url": "http://localhost:5000", "force_path_style": False}),
    ("custom_endpoint_turns_fips_off", "HeadBucket", {"Bucket": "my-bucket"}, "eu-west-1",
     {"endpoint_url": "https://s3.example.internal", "use_fips": True}),
    ("key_with_reserved_characters", "DeleteObject",
     {"Bucket": "my-bucket", "Key": "dir/a+b=c&d~e%f ü"}, "eu-west-1", {}),
]


def client_config(settings):
    config, s3 = {}, {}
    if "force_path_style" in settings:
        s3["addressing_style"] = "path" if settings["force_path_style"] else "virtual"
    if settings.get("accelerate"):
        s3["use_accelerate_endpoint"] = True
    if "s3_us_east_1_regional_endpoint" in settings:
        s3["us_east_1_regional_endpoint"] = settings["s3_us_east_1_regional_endpoint"]
    if settings.get("use_dual_stack"):
        config["use_dualstack_endpoint"] = True
    if settings.get("use_fips"):
        config["use_fips_endpoint"] = True
    if s3:
        config["s3"] = s3
    return config


def main(oracle):
    requests = [
        {
            "command": "serialize",
            "service": "s3",
            "operation": op,
            "params": params,
            "region": region,
            "endpoint_url": settings.get("endpoint_url"),
            "access_key": KEY,
            "secret_key": SECRET,
            "time": TIME,
            "client_config": client_config(settings),
        }
        for (_, op, params, region, settings) in CASES
    ]
    answers = json.loads(
        subprocess.run(
            [sys.executable, oracle, "batch"],
            input=json.dumps(requests),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    out = []
    for (name, op, params, region, settings), answer in zip(CASES, answers):
        if not answer.get("ok"):
            raise SystemExit(f"{name}: {answer}")
        headers = dict(answer["wire_headers"])
        out.append(
            {
                "name": name,
                "operation": op,
                "params": params,
                "region": region,
                "settings": settings,
                "botocore": {
                    "method": answer["method"],
                    "url": answer["url"],
                    "host": headers["Host"],
                    "x-amz-content-sha256": headers["X-Amz-Content-SHA256"],
                    "authorization": headers["Authorization"],
                },
            }
        )
    print(json.dumps(out, indent=1, ensure_ascii=False))


main(sys.argv[1])
