"""Event stream responses and what botocore 1.44.5 makes of them, written to
tests/data/oracle/event-streams/<case>.json.

Each case is an HTTP response whose body is `application/vnd.amazon.eventstream`
messages, framed here (prelude, headers, payload, CRC-32s, as
botocore/eventstream.py reads them). botocore's client parses the response
(a `before-send` hook answers the call; the body is handed over in the
case's chunk size, so messages straddle reads) and iterates the event
stream; the file records the frames (base64), the output botocore returned
beside the stream, every event it yielded and how the stream ended: the
`EventStreamError` it raised (code, message) or the parser's error.

The shared oracle (../shared/oracle) answers one parse per response and
cannot iterate a stream, hence this script. It renders values as the oracle
renders a parsed output: payload bytes as their (UTF-8) text, datetimes as
ISO-8601 in UTC.

Run: python3 -m venv /tmp/oracle-venv && /tmp/oracle-venv/bin/pip install botocore==1.44.5
     /tmp/oracle-venv/bin/python tests/data/oracle/make_event_streams.py
"""
import base64
import binascii
import datetime
import json
import os
import struct

import botocore
import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "event-streams")

# Header value types of the framing (botocore's EventStreamHeaderParser).
TYPES = {"bool": None, "byte": 2, "short": 3, "int": 4, "long": 5,
         "bytes": 6, "string": 7, "timestamp": 8, "uuid": 9}


def header(name, kind, value):
    out = bytes([len(name)]) + name.encode()
    if kind == "bool":
        return out + bytes([0 if value else 1])
    out += bytes([TYPES[kind]])
    if kind == "byte":
        return out + struct.pack(">b", value)
    if kind == "short":
        return out + struct.pack(">h", value)
    if kind == "int":
        return out + struct.pack(">i", value)
    if kind in ("long", "timestamp"):
        return out + struct.pack(">q", value)
    if kind == "uuid":
        return out + bytes.fromhex(value)
    raw = value if isinstance(value, bytes) else value.encode()
    return out + struct.pack(">H", len(raw)) + raw


def frame(headers, payload=b""):
    """One message: `headers` is a list of (name, type, value)."""
    if isinstance(payload, str):
        payload = payload.encode()
    hb = b"".join(header(*h) for h in headers)
    prelude = struct.pack(">II", 12 + len(hb) + len(payload) + 4, len(hb))
    message = prelude + struct.pack(">I", binascii.crc32(prelude)) + hb + payload
    return message + struct.pack(">I", binascii.crc32(message))


def event(event_type, payload=b"", content_type=None, extra=()):
    headers = [(":message-type", "string", "event"), (":event-type", "string", event_type)]
    if content_type:
        headers.append((":content-type", "string", content_type))
    return frame(headers + list(extra), payload)


def exception(exception_type, payload):
    return frame([(":message-type", "string", "exception"),
                  (":exception-type", "string", exception_type),
                  (":content-type", "string", "application/json")], payload)


def error(code, message):
    return frame([(":message-type", "string", "error"),
                  (":error-code", "string", code), (":error-message", "string", message)])


STREAM = "application/vnd.amazon.eventstream"
STATS = ("<Stats><BytesScanned>512</BytesScanned><BytesProcessed>512</BytesProcessed>"
         "<BytesReturned>16</BytesReturned></Stats>")
PROGRESS = ("<Progress><BytesScanned>256</BytesScanned><BytesProcessed>256</BytesProcessed>"
            "<BytesReturned>8</BytesReturned></Progress>")
SELECT = {"Bucket": "b", "Key": "data.csv", "Expression": "SELECT * FROM S3Object",
          "ExpressionType": "SQL", "InputSerialization": {"CSV": {}},
          "OutputSerialization": {"CSV": {}}}
LIVE_TAIL = {"logGroupIdentifiers": ["arn:aws:logs:us-east-1:123456789012:log-group:app"]}
SESSION_START = json.dumps({
    "requestId": "req-9", "sessionId": "sess-1",
    "logGroupIdentifiers": ["arn:aws:logs:us-east-1:123456789012:log-group:app"],
    "logEventFilterPattern": "ERROR"})
SESSION_UPDATE = json.dumps({
    "sessionMetadata": {"sampled": False},
    "sessionResults": [{"logStreamName": "web-1", "logGroupIdentifier": "app",
                        "message": "ERROR boom", "timestamp": 1767323045123,
                        "ingestionTime": 1767323046000}]})

CASES = {
    "s3_select_object_content": {
        "service": "s3", "operation": "SelectObjectContent", "params": SELECT,
        "headers": {"x-amz-request-id": "req-1", "Content-Type": "application/octet-stream"},
        "messages": [
            event("Records", b"a,b\n1,2\n", "application/octet-stream"),
            event("Records", b"3,4\n", "application/octet-stream"),
            event("Cont"),
            event("Progress", PROGRESS, "text/xml"),
            event("Stats", STATS, "text/xml"),
            event("End"),
        ],
        "chunk": 7,
    },
    "s3_select_object_content_error_message": {
        "service": "s3", "operation": "SelectObjectContent", "params": SELECT,
        "headers": {"x-amz-request-id": "req-2"},
        "messages": [
            event("Records", b"a,b\n", "application/octet-stream"),
            error("InternalError", "We encountered an internal error. Please try again."),
            event("End"),
        ],
        "chunk": 64,
    },
    "lambda_invoke_with_response_stream": {
        "service": "lambda", "operation": "InvokeWithResponseStream",
        "params": {"FunctionName": "f"},
        "headers": {"x-amzn-RequestId": "req-3", "Content-Type": STREAM,
                    "X-Amz-Executed-Version": "$LATEST"},
        "messages": [
            event("PayloadChunk", b'{"answer": ', "application/octet-stream"),
            event("PayloadChunk", b"", "application/octet-stream"),
            # An event this client's model does not have: botocore skips it.
            event("FutureEvent", b"{}", "application/json"),
            event("PayloadChunk", b"42}", "application/octet-stream"),
            event("InvokeComplete", json.dumps({"LogResult": "U1RBUlQK"}), "application/json"),
        ],
        "chunk": 5,
    },
    "logs_start_live_tail": {
        "service": "logs", "operation": "StartLiveTail", "params": LIVE_TAIL,
        "headers": {"x-amzn-RequestId": "req-4", "Content-Type": STREAM},
        "messages": [
            event("initial-response", b"{}", "application/json"),
            event("sessionStart", SESSION_START, "application/json"),
            event("sessionUpdate", SESSION_UPDATE, "application/json"),
            exception("SessionTimeoutException", json.dumps({"message": "Session timed out"})),
        ],
        "chunk": 11,
    },
    "logs_start_live_tail_unmodeled_exception": {
        "service": "logs", "operation": "StartLiveTail", "params": LIVE_TAIL,
        "headers": {"x-amzn-RequestId": "req-5", "Content-Type": STREAM},
        "messages": [
            event("initial-response", b"{}", "application/json"),
            exception("ThrottlingException", json.dumps({"message": "Slow down"})),
        ],
        "chunk": 1024,
    },
    "logs_start_live_tail_without_initial_response": {
        "service": "logs", "operation": "StartLiveTail", "params": LIVE_TAIL,
        "headers": {"x-amzn-RequestId": "req-6", "Content-Type": STREAM},
        "messages": [event("sessionStart", SESSION_START, "application/json")],
        "chunk": 1024,
    },
}


CONVERSE = {"modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "messages": [{"role": "user", "content": [{"text": "Say hello"}]}]}
SUBSCRIBE = {"ConsumerARN": "arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1",
             "ShardId": "shardId-000000000000", "StartingPosition": {"Type": "LATEST"}}
SHARD_EVENT = json.dumps({
    "Records": [{"SequenceNumber": "4961", "ApproximateArrivalTimestamp": 1767323045.123,
                 "Data": "aGVsbG8=", "PartitionKey": "p1", "EncryptionType": "NONE"}],
    "ContinuationSequenceNumber": "4962", "MillisBehindLatest": 0,
    "ChildShards": [{"ShardId": "shardId-000000000001", "ParentShards": ["shardId-000000000000"],
                     "HashKeyRange": {"StartingHashKey": "0", "EndingHashKey": "99"}}]})

CASES.update({
    "bedrock_runtime_converse_stream": {
        "service": "bedrock-runtime", "operation": "ConverseStream", "params": CONVERSE,
        "headers": {"x-amzn-RequestId": "req-7", "Content-Type": STREAM},
        "messages": [
            event("messageStart", json.dumps({"role": "assistant"}), "application/json"),
            event("contentBlockDelta", json.dumps({"delta": {"text": "Hel"}, "contentBlockIndex": 0}),
                  "application/json"),
            event("contentBlockDelta", json.dumps({"delta": {"text": "lo!"}, "contentBlockIndex": 0}),
                  "application/json"),
            event("contentBlockStop", json.dumps({"contentBlockIndex": 0}), "application/json"),
            event("messageStop", json.dumps({"stopReason": "end_turn",
                                             "additionalModelResponseFields": {"trace": [1, "x", None]}}),
                  "application/json"),
            event("metadata", json.dumps({"usage": {"inputTokens": 9, "outputTokens": 3,
                                                    "totalTokens": 12},
                                          "metrics": {"latencyMs": 120}}), "application/json"),
        ],
        "chunk": 13,
    },
    "bedrock_runtime_converse_stream_model_error": {
        "service": "bedrock-runtime", "operation": "ConverseStream", "params": CONVERSE,
        "headers": {"x-amzn-RequestId": "req-8", "Content-Type": STREAM},
        "messages": [
            event("messageStart", json.dumps({"role": "assistant"}), "application/json"),
            exception("modelStreamErrorException", json.dumps({
                "message": "The model failed", "originalStatusCode": 500,
                "originalMessage": "upstream timeout"})),
        ],
        "chunk": 64,
    },
    "kinesis_subscribe_to_shard": {
        "service": "kinesis", "operation": "SubscribeToShard", "params": SUBSCRIBE,
        "headers": {"x-amzn-RequestId": "req-9", "Content-Type": STREAM},
        "messages": [
            event("initial-response", b"{}", "application/json"),
            event("SubscribeToShardEvent", SHARD_EVENT, "application/x-amz-json-1.1"),
            exception("ResourceInUseException", json.dumps({"message": "Another consumer"})),
        ],
        "chunk": 17,
    },
})


class Raw:
    """The response body as urllib3 hands it to botocore: `stream()`
    yields it in chunks of the case's size."""

    def __init__(self, body, chunk):
        self.body, self.chunk = body, chunk

    def stream(self, *args, **kwargs):
        for i in range(0, len(self.body), self.chunk):
            yield self.body[i:i + self.chunk]

    def read(self, *args, **kwargs):
        return self.body

    def close(self):
        pass


def render(value):
    if isinstance(value, dict):
        return {k: render(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [render(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        # As the oracle renders a streamed body: the text itself.
        return bytes(value).decode("utf-8")
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).isoformat()
    return value


def run(case):
    session = botocore.session.get_session()
    client = session.create_client(
        case["service"], region_name="us-east-1", aws_access_key_id="AKID",
        aws_secret_access_key="SECRET", config=Config(retries={"max_attempts": 0}))
    body = b"".join(case["messages"])

    def answer(request, **kwargs):
        return AWSResponse(request.url, 200, case["headers"], Raw(body, case["chunk"]))

    client.meta.events.register("before-send", answer)
    op = client.meta.service_model.operation_model(case["operation"])
    method = getattr(client, botocore.xform_name(case["operation"]))
    result = {"frames": base64.b64encode(body).decode("ascii"), "chunk": case["chunk"],
              "status": 200, "headers": case["headers"],
              "service": case["service"], "operation": case["operation"],
              "events": [], "end": None, "botocore_version": botocore.__version__}
    try:
        output = method(**case["params"])
    except Exception as e:  # botocore fails the call itself
        result["end"] = {"call_error": type(e).__name__, "message": str(e)}
        return result
    stream_member = op.output_shape.event_stream_name
    stream = output.pop(stream_member)
    result["output"] = render(output)
    try:
        for parsed in stream:
            result["events"].append(render(parsed))
    except botocore.exceptions.EventStreamError as e:
        result["end"] = {"error": e.response["Error"]}
    return result


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, case in CASES.items():
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(run(case), f, indent=2, ensure_ascii=False)
            f.write("\n")
    print(f"{len(CASES)} cases written to {OUT}")


if __name__ == "__main__":
    main()
