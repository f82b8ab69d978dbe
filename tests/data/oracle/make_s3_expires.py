"""botocore 1.44.5's `Expires` and `ExpiresString` for S3 `HeadObject` and
`GetObject` responses (`handle_expires_header`, S3's `sdk-extras`), through
the whole client (the oracle's `_parse_via_client`: its `parse` command
runs the bare parser first, which fails on a header that is not a date),
for tests/tests/s3_customizations.rs.

Run: python3 -m venv /tmp/oracle-venv && /tmp/oracle-venv/bin/pip install botocore==1.44.5
     /tmp/oracle-venv/bin/python tests/data/oracle/make_s3_expires.py \
         ../shared/oracle/botocore_oracle.py > tests/data/oracle/s3-expires/cases.json
"""
import importlib.util
import json
import sys

HEADERS = [
    ("http_date", "Thu, 01 Jan 2026 00:00:00 GMT"),
    ("iso_8601", "2026-01-02T03:04:05Z"),
    ("not_a_date", "tomorrow, maybe"),
    ("absent", None),
]


def load_oracle(path):
    spec = importlib.util.spec_from_file_location("botocore_oracle", path)
    oracle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(oracle)
    return oracle


def main(path):
    oracle = load_oracle(path)
    cases = []
    for operation in ("HeadObject", "GetObject"):
        for name, expires in HEADERS:
            headers = {"Content-Length": "0", "x-amz-request-id": "R1"}
            if expires is not None:
                headers["Expires"] = expires
            case = {"service": "s3", "operation": operation, "params": {"Bucket": "b", "Key": "k"}}
            response = {"status_code": 200, "headers": headers, "body": b""}
            answer = oracle._parse_via_client(case, response)
            assert answer["ok"], answer
            result = answer["result"]
            result.pop("Body", None)  # GetObject's stream; not the point here
            result = json.loads(oracle.dumps(result))
            cases.append({
                "name": f"{operation}_{name}",
                "expires": expires,
                "botocore": {k: result.get(k) for k in ("Expires", "ExpiresString")},
            })
    json.dump(cases, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv[1])
