"""Asks botocore 1.44.5 (through the shared oracle, parameter validation on)
what it rejects for the five operations, and writes the answers to
validation/cases.json for tests/tests/validation_oracle.rs.

    /tmp/oracle-venv/bin/python tests/data/oracle/make_validation.py ../shared/oracle/botocore_oracle.py

Each case starts from a serialize-model/ input and changes a few parameters
(`set`: a path of keys and list indexes, and the new value). `slimaws` says
what slimaws answers where it deliberately differs from botocore (an empty
URI label, which botocore sends as `//`); otherwise it must equal botocore.
"""
import copy
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

EMPTY_LABEL = "Invalid length for parameter {}, value: 0, a URI label must not be empty"

CASES = [
    ("quicksight_update_key_registration_valid", "quicksight_update_key_registration", [], None),
    ("quicksight_update_key_registration_short_account", "quicksight_update_key_registration",
     [(["AwsAccountId"], "1234")], None),
    ("quicksight_update_key_registration_empty_list", "quicksight_update_key_registration",
     [(["KeyRegistration"], [])], None),
    ("quicksight_update_key_registration_empty_key_arn", "quicksight_update_key_registration",
     [(["KeyRegistration", 1, "KeyArn"], "")], None),
    ("quicksight_update_action_connector_valid", "quicksight_update_action_connector_api_key", [], None),
    ("quicksight_update_action_connector_many", "quicksight_update_action_connector_api_key",
     [(["AwsAccountId"], "12345678901"), (["ActionConnectorId"], ""), (["Name"], ""),
      (["AuthenticationConfig", "AuthenticationMetadata", "ApiKeyConnectionMetadata", "BaseEndpoint"], ""),
      (["Description"], "")], None),
    ("quicksight_update_action_connector_unicode_account", "quicksight_update_action_connector_api_key",
     [(["AwsAccountId"], "1234567890\u00e9"), (["Name"], "\u00e9")], None),
    ("quicksight_update_action_connector_short_role", "quicksight_update_action_connector_iam",
     [(["AuthenticationConfig", "AuthenticationMetadata", "IamConnectionMetadata", "RoleArn"], "arn:aws:iam::1:r")], None),
    ("quicksight_update_action_connector_empty_client_id", "quicksight_update_action_connector_client_credentials_grant",
     [(["AuthenticationConfig", "AuthenticationMetadata", "ClientCredentialsGrantMetadata",
        "ClientCredentialsDetails", "ClientCredentialsGrantDetails", "ClientId"], "")], None),
    ("quicksight_update_self_upgrade_valid", "quicksight_update_self_upgrade", [], None),
    ("quicksight_update_self_upgrade_empty_namespace", "quicksight_update_self_upgrade",
     [(["Namespace"], "")], [EMPTY_LABEL.format("Namespace")]),
    ("cloudfront_update_key_group_valid", "cloudfront_update_key_group", [], None),
    ("cloudfront_update_key_group_empty_id", "cloudfront_update_key_group",
     [(["Id"], "")], [EMPTY_LABEL.format("Id")]),
    ("cloudfront_update_key_group_empty_strings", "cloudfront_update_key_group",
     [(["IfMatch"], ""), (["KeyGroupConfig", "Name"], ""), (["KeyGroupConfig", "Items"], [])], None),
    # botocore's `validate_ascii_metadata` (S3 PutObject, CopyObject,
    # CreateMultipartUpload), which runs before its ParamValidator.
    ("s3_put_object_metadata_non_ascii_value", "s3_put_object_http",
     [(["Metadata"], {"color": "bl\u00e9u"})], None),
    ("s3_copy_object_metadata_non_ascii_key", "s3_copy_object",
     [(["Metadata"], {"caf\u00e9": "x"})], None),
    ("s3_create_multipart_upload_metadata_ascii", "s3_create_multipart_upload",
     [(["Metadata"], {"team": "web", "build": "42"})], None),
    ("voiceid_update_domain_valid", "voiceid_update_domain", [], None),
    ("voiceid_update_domain_many", "voiceid_update_domain",
     [(["DomainId"], "short"), (["Name"], ""), (["Description"], ""),
      (["ServerSideEncryptionConfiguration", "KmsKeyId"], "")], None),
]


def main():
    oracle = sys.argv[1]
    batch = []
    for name, base, sets, _ in CASES:
        with open(os.path.join(HERE, "serialize-model", base + ".input.json")) as f:
            case = json.load(f)
        params = copy.deepcopy(case["params"])
        for path, value in sets:
            target = params
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        case["params"] = params
        case["command"] = "serialize"
        case["validate"] = True
        batch.append(case)
    out = subprocess.run(
        [sys.executable, oracle, "batch"], input=json.dumps(batch), capture_output=True,
        text=True, check=True,
    )
    answers = json.loads(out.stdout)
    cases = []
    for (name, base, _, slimaws), case, answer in zip(CASES, batch, answers):
        entry = {
            "name": name,
            "service": case["service"],
            "operation": case["operation"],
            "params": case["params"],
        }
        if answer.get("ok"):
            entry["botocore"] = {"sent": True}
        else:
            exc = answer["exception"]
            entry["botocore"] = {"sent": False, "type": exc["type"], "message": exc["message"]}
        if slimaws is not None:
            entry["slimaws_rejects"] = slimaws
        cases.append(entry)
    with open(os.path.join(HERE, "validation", "cases.json"), "w") as f:
        json.dump(cases, f, indent=2, ensure_ascii=False)
        f.write("\n")


main()
