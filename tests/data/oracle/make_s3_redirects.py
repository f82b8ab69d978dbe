"""botocore 1.44.5's S3 region redirects (`S3RegionRedirectorv2`), for
tests/tests/s3_redirects.rs: each case is a client in one region and a few
calls; every request botocore sends is answered by the case's next scripted
response. Written out: the answers, botocore's requests (method, URL, Host,
`amz-sdk-request`, `Authorization`) and each call's outcome.

Run: python3 -m venv /tmp/oracle-venv && /tmp/oracle-venv/bin/pip install botocore==1.44.5
     /tmp/oracle-venv/bin/python tests/data/oracle/make_s3_redirects.py \
         ../shared/oracle/botocore_oracle.py > tests/data/oracle/s3-redirects/cases.json
"""
import importlib.util
import json
import sys

TIME = "2026-01-02T03:04:05Z"
ARN = "arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint"


def error(code, region=None):
    extra = f"<Region>{region}</Region>" if region else ""
    return (
        f"<Error><Code>{code}</Code><Message>Wrong region.</Message>{extra}"
        "<RequestId>R1</RequestId></Error>"
    )


def answer(status, headers=None, body=""):
    return {"status": status, "headers": headers or {}, "body": body}


MOVED = answer(301, {"x-amz-bucket-region": "eu-west-1"}, error("PermanentRedirect"))
OK = answer(200, {}, "hello")

# name, region, [(operation, params)], answers
CASES = [
    ("permanent_redirect_then_remembered", "us-east-1",
     [("GetObject", {"Bucket": "my-bucket", "Key": "k"}),
      ("GetObject", {"Bucket": "my-bucket", "Key": "k2"})],
     [MOVED, OK, OK]),
    ("wrong_signing_region_in_body", "us-west-2",
     [("GetObject", {"Bucket": "my-bucket", "Key": "a/b.txt"})],
     [answer(400, {}, error("AuthorizationHeaderMalformed", "eu-central-1")), OK]),
    ("upload_resent_to_the_region", "us-west-2",
     [("PutObject", {"Bucket": "my-bucket", "Key": "a/b.txt", "Body": "data"})],
     [answer(400, {}, error("AuthorizationHeaderMalformed", "eu-central-1")),
      answer(200, {"ETag": '"8d777f385d3dfec8815d20f7496026dc"'})]),
    ("head_object_asks_head_bucket", "eu-west-1",
     [("HeadObject", {"Bucket": "my-bucket", "Key": "k"})],
     [answer(400), answer(200, {"x-amz-bucket-region": "ap-southeast-2"}),
      answer(200, {"Content-Length": "5"})]),
    ("head_bucket_error_names_region", "eu-west-1",
     [("HeadObject", {"Bucket": "my-bucket", "Key": "k"})],
     [answer(400), answer(403, {"x-amz-bucket-region": "sa-east-1"}),
      answer(200, {"Content-Length": "5"})]),
    ("head_bucket_without_region_stands", "eu-west-1",
     [("HeadObject", {"Bucket": "my-bucket", "Key": "k"})],
     [answer(400), answer(403)]),
    ("redirected_once_only", "us-east-1",
     [("ListObjectsV2", {"Bucket": "my-bucket"})],
     [MOVED, answer(301, {"x-amz-bucket-region": "eu-west-2"}, error("PermanentRedirect"))]),
    ("dotted_bucket_path_style", "us-east-1",
     [("GetObject", {"Bucket": "my.dotted.bucket", "Key": "k"})],
     [MOVED, OK]),
    ("access_point_arn_not_redirected", "us-west-2",
     [("GetObject", {"Bucket": ARN, "Key": "k"})],
     [MOVED]),
    ("not_a_redirect", "us-east-1",
     [("GetObject", {"Bucket": "my-bucket", "Key": "k"})],
     [answer(403, {"x-amz-bucket-region": "eu-west-1"}, error("AccessDenied"))]),
    ("hostile_region_refused", "us-east-1",
     [("GetObject", {"Bucket": "my-bucket", "Key": "k"})],
     [answer(301, {"x-amz-bucket-region": "evil.example.com"}, error("PermanentRedirect"))]),
]

KEPT_HEADERS = ["Host", "amz-sdk-request", "X-Amz-Content-SHA256", "Authorization"]


def load_oracle(path):
    spec = importlib.util.spec_from_file_location("botocore_oracle", path)
    oracle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(oracle)
    return oracle


def run(oracle, name, region, calls, answers):
    from botocore.awsrequest import AWSResponse

    oracle._CLIENTS.clear()
    client = oracle._client({"service": "s3", "region": region}, True)
    oracle._STATE["now"] = oracle._parse_time(TIME)
    script = list(answers)
    sent = []

    def reply(request, **kwargs):
        headers = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
        from urllib.parse import urlsplit
        u = urlsplit(request.url)
        headers["Host"] = u.netloc
        sent.append({
            "method": request.method,
            "url": request.url,
            "headers": {k: headers.get(k) for k in KEPT_HEADERS},
        })
        a = script.pop(0)
        return AWSResponse(request.url, a["status"], a["headers"], oracle._RawBody(a["body"].encode()))

    client.meta.events.register("before-send.s3", reply, unique_id="redirect-script")
    outcomes = []
    for op, params in calls:
        try:
            result = getattr(client, oracle._method_name(client, op))(**params)
            outcomes.append({"ok": True, "status": result["ResponseMetadata"]["HTTPStatusCode"]})
        except Exception as e:  # ClientError, InvalidRegionError
            outcome = {"ok": False, "exception": type(e).__name__}
            if hasattr(e, "response"):
                outcome["code"] = e.response["Error"]["Code"]
            outcomes.append(outcome)
    client.meta.events.unregister("before-send.s3", unique_id="redirect-script")
    oracle._STATE["now"] = None
    assert not script, f"{name}: answers left over"
    return {
        "name": name,
        "region": region,
        "calls": [{"operation": op, "params": params} for op, params in calls],
        "answers": answers,
        "requests": sent,
        "outcomes": outcomes,
    }


def main(path):
    oracle = load_oracle(path)
    cases = [run(oracle, *case) for case in CASES]
    json.dump(cases, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1])
