"""botocore 1.44.5's parse of responses of the popular services' calls,
added to tests/data/oracle/parse/ beside the oracle's own examples: Lambda
`Invoke` with a function error (`X-Amz-Function-Error`) and without,
CloudWatch Logs `PutLogEvents` with rejected events, EventBridge
`PutEvents` with a failed entry, Route 53 `GetChange`.

Run: python3 -m venv /tmp/oracle-venv && /tmp/oracle-venv/bin/pip install botocore==1.44.5
     /tmp/oracle-venv/bin/python tests/data/oracle/make_parse_cases.py ../shared/oracle/botocore_oracle.py
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
JSON_11 = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "req-1"}

CASES = {
    "lambda_invoke_function_error": {
        "service": "lambda", "operation": "Invoke", "status": 200,
        "headers": {"Content-Type": "application/json", "x-amzn-RequestId": "req-1",
                    "X-Amz-Function-Error": "Unhandled", "X-Amz-Executed-Version": "$LATEST",
                    "X-Amz-Log-Result": "U1RBUlQgUmVxdWVzdElkOiAxCg=="},
        "body": '{"errorMessage": "boom", "errorType": "Exception", "stackTrace": []}',
    },
    "lambda_invoke_ok": {
        "service": "lambda", "operation": "Invoke", "status": 200,
        "headers": {"Content-Type": "application/json", "x-amzn-RequestId": "req-2",
                    "X-Amz-Executed-Version": "7"},
        "body": '{"ok": true}',
    },
    "lambda_invoke_error_too_many_requests": {
        "service": "lambda", "operation": "Invoke", "status": 429,
        "headers": {"Content-Type": "application/json", "x-amzn-RequestId": "req-3",
                    "x-amzn-ErrorType": "TooManyRequestsException"},
        "body": '{"Reason": "ConcurrentInvocationLimitExceeded", "Type": "User", '
                '"message": "Rate exceeded", "retryAfterSeconds": "2"}',
    },
    "logs_put_log_events_rejected": {
        "service": "logs", "operation": "PutLogEvents", "status": 200, "headers": JSON_11,
        "body": '{"nextSequenceToken": "4963", "rejectedLogEventsInfo": '
                '{"tooNewLogEventStartIndex": 1, "expiredLogEventEndIndex": 0}}',
    },
    "events_put_events_partial_failure": {
        "service": "events", "operation": "PutEvents", "status": 200, "headers": JSON_11,
        "body": '{"FailedEntryCount": 1, "Entries": [{"EventId": "11710aed-b79e-4468-a20b"}, '
                '{"ErrorCode": "InternalFailure", "ErrorMessage": "Try again"}]}',
    },
    "route53_get_change": {
        "service": "route53", "operation": "GetChange", "status": 200,
        "headers": {"Content-Type": "text/xml", "x-amzn-RequestId": "req-4"},
        "body": '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<GetChangeResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
                '<ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>INSYNC</Status>'
                '<SubmittedAt>2026-01-02T03:04:05.123Z</SubmittedAt><Comment>web</Comment>'
                '</ChangeInfo></GetChangeResponse>',
    },
}


def main(oracle):
    batch = [dict(case, command="parse") for case in CASES.values()]
    out = subprocess.run([sys.executable, oracle, "batch"], input=json.dumps(batch),
                         capture_output=True, text=True, check=True)
    for (name, case), result in zip(CASES.items(), json.loads(out.stdout)):
        for suffix, data in (("input", case), ("output", result)):
            with open(os.path.join(HERE, "parse", f"{name}.{suffix}.json"), "w") as f:
                json.dump(data, f, indent=2, ensure_ascii=False)
                f.write("\n")
    print(f"{len(CASES)} cases written")


if __name__ == "__main__":
    main(sys.argv[1])
