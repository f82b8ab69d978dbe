"""botocore 1.44.5's bytes for the `rpcv2` golden fixture (tests/tests/rpcv2.rs).

Run: python3 -m venv /tmp/bv && /tmp/bv/bin/pip install botocore==1.44.5
     /tmp/bv/bin/python tests/data/rpcv2/make.py > tests/data/rpcv2/botocore.json
"""
import datetime
import json
import pathlib

import botocore.model
from botocore.parsers import RpcV2CBORParser
from botocore.serialize import RpcV2CBORSerializer

here = pathlib.Path(__file__).parent
model = botocore.model.ServiceModel(
    json.loads((here / "../../golden/rpcv2/model.json").read_text())
)
utc = datetime.timezone.utc
# Members in model order, as the generated serializer writes them.
params = {
    "Name": "cpu",
    "Value": 0.25,
    "Ratio": 1.5,
    "Count": -7,
    "Payload": b"\x00\x01\xfe",
    "At": datetime.datetime(2025, 1, 2, 3, 4, 5, 250000, tzinfo=utc),
    "Tags": ["a", "b"],
    "Limits": {"max": 10, "min": 0},
}
request = RpcV2CBORSerializer().serialize_to_request(
    params, model.operation_model("PutSample")
)
ping = RpcV2CBORSerializer().serialize_to_request({}, model.operation_model("Ping"))

# A response body: the output structure written by botocore's CBOR writer.
output_shape = model.operation_model("PutSample").output_shape
body = bytearray()
RpcV2CBORSerializer()._serialize_data_item(
    body,
    {
        "Sample": {
            "Name": "cpu",
            "Value": 2.5,
            "Payload": b"\xff",
            "At": datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=utc),
            "Tags": ["x"],
        }
    },
    output_shape,
)
parsed = RpcV2CBORParser().parse(
    {"status_code": 200, "headers": {}, "body": bytes(body)}, output_shape
)
sample = parsed["Sample"]
print(
    json.dumps(
        {
            "put_sample": {
                "url_path": request["url_path"],
                "headers": dict(request["headers"]),
                "body_hex": request["body"].hex(),
            },
            "ping": {
                "url_path": ping["url_path"],
                "headers": dict(ping["headers"]),
                "body_hex": ping["body"].hex(),
            },
            "response_hex": bytes(body).hex(),
            "parsed_sample": {
                "Name": sample["Name"],
                "Value": sample["Value"],
                "Payload_hex": sample["Payload"].hex(),
                "At_epoch": sample["At"].timestamp(),
                "Tags": sample["Tags"],
            },
        },
        indent=2,
    )
)
