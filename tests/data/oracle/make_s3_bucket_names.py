"""botocore 1.44.5's `validate_bucket_name` for S3 `GetObject`: which
buckets it refuses before a request is built, and its message, for
tests/tests/s3_customizations.rs.

Run: python3 -m venv /tmp/oracle-venv && /tmp/oracle-venv/bin/pip install botocore==1.44.5
     /tmp/oracle-venv/bin/python tests/data/oracle/make_s3_bucket_names.py \
         ../shared/oracle/botocore_oracle.py > tests/data/oracle/s3-bucket-names/cases.json
"""
import json
import subprocess
import sys

BUCKETS = [
    "my-bucket", "My_Bucket.2", "a/b", "evil.example.com/x?", "buck et", "b\u00fccket",
    "arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint",
    "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/ap",
    "arn:aws:iam::123456789012:accesspoint/x",
]


def main(oracle):
    batch = [{"command": "serialize", "service": "s3", "operation": "GetObject",
              "params": {"Bucket": b, "Key": "k"}, "region": "us-west-2",
              "time": "2026-01-02T03:04:05Z"} for b in BUCKETS]
    out = subprocess.run([sys.executable, oracle, "batch"], input=json.dumps(batch),
                         capture_output=True, text=True, check=True)
    cases = []
    for bucket, answer in zip(BUCKETS, json.loads(out.stdout)):
        refused = None if answer["ok"] else answer["exception"]["message"]
        cases.append({"bucket": bucket, "refused": refused})
    json.dump(cases, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main(sys.argv[1])
