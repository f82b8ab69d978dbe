"""Regenerates serialize-model/: every serialize case, plus the extra cases
below, asked of botocore with "param_order": "model" (members in model
order, as a generator emits them), so request bodies and signatures can be
compared byte for byte.

    python3 -m venv /tmp/oracle-venv && /tmp/oracle-venv/bin/pip install botocore==1.44.5
    /tmp/oracle-venv/bin/python tests/data/oracle/make_serialize_model.py ../shared/oracle/botocore_oracle.py
"""
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = sys.argv[1]

EXTRA = {
    # Non-ASCII and JSON escapes in a JSON body.
    "voiceid_update_domain_unicode": {
        "service": "voice-id", "operation": "UpdateDomain",
        "params": {"DomainId": "UFdTcXk0YTJyNXZPNm9ab0", "Name": "centre-d\u00e9-contact",
                   "Description": "quote \" backslash \\ tab \t emoji \U0001F600",
                   "ServerSideEncryptionConfiguration": {"KmsKeyId": "alias/k"}},
    },
    # XML escaping and a label full of reserved characters.
    "cloudfront_update_key_group_hostile_label": {
        "service": "cloudfront", "operation": "UpdateKeyGroup",
        "params": {"Id": "../a/b?c#d e\u00e9%", "IfMatch": "E1",
                   "KeyGroupConfig": {"Name": "<n&'\">", "Items": ["K1"], "Comment": "a\u00e9b"}},
    },
    # An endpoint URL with a path and an operation path of `/`: botocore's
    # `_urljoin` keeps `/custom` (no trailing slash), which the conformance
    # suites' *HostWithPath cases contradict (see tests/conformance/skip.toml).
    "voiceid_update_domain_endpoint_path": {
        "service": "voice-id", "operation": "UpdateDomain",
        "endpoint_url": "https://example.com/custom",
        "params": {"DomainId": "UFdTcXk0YTJyNXZPNm9ab0", "Name": "n",
                   "ServerSideEncryptionConfiguration": {"KmsKeyId": "alias/k"}},
    },
    # An explicit default port stays in the URL; Host and the signature
    # drop it (botocore's `_host_from_url`).
    "voiceid_update_domain_endpoint_default_port": {
        "service": "voice-id", "operation": "UpdateDomain",
        "endpoint_url": "https://127.0.0.1:443",
        "params": {"DomainId": "UFdTcXk0YTJyNXZPNm9ab0", "Name": "n",
                   "ServerSideEncryptionConfiguration": {"KmsKeyId": "alias/k"}},
    },
    # An upper-case host: the URL keeps it, Host and the signature are lower case.
    "voiceid_update_domain_endpoint_upper_case_host": {
        "service": "voice-id", "operation": "UpdateDomain",
        "endpoint_url": "http://LOCALHOST:80",
        "params": {"DomainId": "UFdTcXk0YTJyNXZPNm9ab0", "Name": "n",
                   "ServerSideEncryptionConfiguration": {"KmsKeyId": "alias/k"}},
    },
    # Only required members, one item.
    "quicksight_update_key_registration_minimal": {
        "service": "quicksight", "operation": "UpdateKeyRegistration",
        "params": {"AwsAccountId": "123456789012",
                   "KeyRegistration": [{"KeyArn": "arn:aws:kms:us-west-2:123456789012:key/k"}]},
    },
    # S3 (restXml, S3SigV4Auth: X-Amz-Content-SHA256, virtual-host buckets).
    "s3_head_bucket": {
        "service": "s3", "operation": "HeadBucket", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "ExpectedBucketOwner": "123456789012"},
    },
    "s3_create_bucket": {
        "service": "s3", "operation": "CreateBucket", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "ACL": "private",
                   "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}},
    },
    "s3_delete_bucket": {
        "service": "s3", "operation": "DeleteBucket", "region": "us-east-1",
        "params": {"Bucket": "my-bucket"},
    },
    "s3_get_bucket_location": {
        "service": "s3", "operation": "GetBucketLocation", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket"},
    },
    "s3_get_bucket_tagging": {
        "service": "s3", "operation": "GetBucketTagging", "region": "ap-southeast-2",
        "params": {"Bucket": "my-bucket"},
    },
    # Flexible checksums: GetObject asks for response validation
    # (x-amz-checksum-mode), PutObject over HTTP sends CRC32 by default or
    # the caller's algorithm, in headers; over HTTPS a streaming upload's
    # checksum goes in an aws-chunked trailer (`_apply_request_trailer_checksum`).
    "s3_get_object": {
        "service": "s3", "operation": "GetObject", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "Key": "dir/a b+c~d.txt", "Range": "bytes=0-99",
                   "IfNoneMatch": "\"etag\"", "ResponseContentType": "text/plain",
                   "VersionId": "v1"},
    },
    "s3_put_object_http": {
        "service": "s3", "operation": "PutObject", "region": "eu-west-1",
        "endpoint_url": "http://127.0.0.1:9000",
        "params": {"Bucket": "my-bucket", "Key": "notes/a.txt", "Body": "hello, world",
                   "ContentType": "text/plain", "Metadata": {"owner": "me"}},
    },
    "s3_put_object_sha256": {
        "service": "s3", "operation": "PutObject", "region": "eu-west-1",
        "endpoint_url": "http://127.0.0.1:9000",
        "params": {"Bucket": "my-bucket", "Key": "k", "Body": "hello", "ChecksumAlgorithm": "SHA256"},
    },
    "s3_put_object_https": {
        "service": "s3", "operation": "PutObject", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "Key": "notes/a.txt", "Body": "hello, world",
                   "ContentType": "text/plain"},
    },
    # `Expires` is a timestamp by botocore's S3 sdk-extras: an HTTP date.
    "s3_put_object_expires": {
        "service": "s3", "operation": "PutObject", "region": "eu-west-1",
        "endpoint_url": "http://127.0.0.1:9000",
        "params": {"Bucket": "my-bucket", "Key": "k", "Body": "x",
                   "Expires": "2026-01-02T03:04:05Z", "CacheControl": "max-age=60"},
    },
    "s3_put_object_https_sha256": {
        "service": "s3", "operation": "PutObject", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "Key": "k", "Body": "hello", "ChecksumAlgorithm": "SHA256"},
    },
    "s3_put_object_https_md5_gzip": {
        "service": "s3", "operation": "PutObject", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "Key": "k.gz", "Body": "not really gzip",
                   "ContentEncoding": "gzip", "ContentMD5": "2Yy8Bfp1K0SvJ+sVkk4pMQ=="},
    },
    "s3_put_object_https_crc32_given": {
        "service": "s3", "operation": "PutObject", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "Key": "k", "Body": "hello world",
                   "ChecksumCRC32": "DUoRhQ=="},
    },
    "s3_upload_part_https": {
        "service": "s3", "operation": "UploadPart", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "Key": "big.bin", "PartNumber": 4, "UploadId": "U-1",
                   "Body": "part four"},
    },
    "s3_head_object": {
        "service": "s3", "operation": "HeadObject", "region": "eu-west-1",
        "params": {"Bucket": "my.dotted.bucket", "Key": "k", "PartNumber": 2},
    },
    "s3_delete_object": {
        "service": "s3", "operation": "DeleteObject", "region": "us-west-2",
        "params": {"Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/ap", "Key": "k/\u00e9",
                   "MFA": "serial 123456", "VersionId": "v2"},
    },
    # S3 customizations (botocore's handlers.py): an SSE-C key goes
    # base64-encoded with its MD5 unless the caller gave the MD5
    # (`sse_md5`); the copy source is percent-encoded but for `/` and a
    # trailing `?versionId=` (`handle_copy_source_param`).
    "s3_get_object_sse_c": {
        "service": "s3", "operation": "GetObject", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "Key": "secret.bin", "SSECustomerAlgorithm": "AES256",
                   "SSECustomerKey": "01234567890123456789012345678901"},
    },
    "s3_head_object_sse_c_md5_given": {
        "service": "s3", "operation": "HeadObject", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "Key": "secret.bin", "SSECustomerAlgorithm": "AES256",
                   "SSECustomerKey": "a-key-sent-as-given",
                   "SSECustomerKeyMD5": "an-md5-sent-as-given"},
    },
    "s3_copy_object": {
        "service": "s3", "operation": "CopyObject", "region": "eu-west-1",
        "params": {"Bucket": "dest-bucket", "Key": "copies/a.txt",
                   "CopySource": "src-bucket/dir/a b+\u00e9.txt?versionId=v 1?versionId=v2",
                   "CopySourceSSECustomerAlgorithm": "AES256",
                   "CopySourceSSECustomerKey": "01234567890123456789012345678901",
                   "MetadataDirective": "REPLACE", "Metadata": {"k": "v"}},
    },
    # Listing, batch deletes (a required CRC32) and multipart uploads.
    "s3_list_objects_v2": {
        "service": "s3", "operation": "ListObjectsV2", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "Prefix": "dir/a b", "Delimiter": "/", "MaxKeys": 100,
                   "ContinuationToken": "tok+/=", "FetchOwner": True},
    },
    "s3_delete_objects": {
        "service": "s3", "operation": "DeleteObjects", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket",
                   "Delete": {"Objects": [{"Key": "a.txt"}, {"Key": "b&c.txt", "VersionId": "v1"}],
                              "Quiet": True}},
    },
    # `escape_xml_payload`: line breaks in a key go as character references.
    "s3_delete_objects_line_breaks": {
        "service": "s3", "operation": "DeleteObjects", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket",
                   "Delete": {"Objects": [{"Key": "a\nb\rc.txt"}, {"Key": "plain"}]}},
    },
    "s3_create_multipart_upload": {
        "service": "s3", "operation": "CreateMultipartUpload", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "Key": "big.bin", "ContentType": "application/octet-stream"},
    },
    "s3_upload_part": {
        "service": "s3", "operation": "UploadPart", "region": "eu-west-1",
        "endpoint_url": "http://127.0.0.1:9000",
        "params": {"Bucket": "my-bucket", "Key": "big.bin", "PartNumber": 3, "UploadId": "U-1",
                   "Body": "part three"},
    },
    "s3_complete_multipart_upload": {
        "service": "s3", "operation": "CompleteMultipartUpload", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "Key": "big.bin", "UploadId": "U-1",
                   "MultipartUpload": {"Parts": [{"ETag": "\"e1\"", "PartNumber": 1},
                                                 {"ETag": "\"e2\"", "PartNumber": 2}]}},
    },
    "s3_abort_multipart_upload": {
        "service": "s3", "operation": "AbortMultipartUpload", "region": "eu-west-1",
        "params": {"Bucket": "my-bucket", "Key": "big.bin", "UploadId": "U-1"},
    },
    # STS (awsQuery).
    "sts_get_caller_identity": {
        "service": "sts", "operation": "GetCallerIdentity", "region": "eu-west-1",
        "params": {},
    },
    "sts_assume_role": {
        "service": "sts", "operation": "AssumeRole", "region": "us-east-1",
        "params": {"RoleArn": "arn:aws:iam::123456789012:role/demo", "RoleSessionName": "s p",
                   "DurationSeconds": 900,
                   "Tags": [{"Key": "team", "Value": "a&b"}], "TransitiveTagKeys": ["team"],
                   "PolicyArns": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]},
    },
    # DynamoDB (awsJson1_0), SQS (awsJson1_0, query-compatible), SNS
    # (awsQuery), KMS, Secrets Manager and SSM (awsJson1_1).
    "dynamodb_create_table": {
        "service": "dynamodb", "operation": "CreateTable", "region": "eu-west-1",
        "params": {"AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                   "TableName": "events", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                   "BillingMode": "PAY_PER_REQUEST"},
    },
    "dynamodb_put_item": {
        "service": "dynamodb", "operation": "PutItem", "region": "eu-west-1",
        "params": {"TableName": "events",
                   # Map keys in sorted order: slimaws's maps are HashMaps,
                   # serialized by key; botocore keeps the caller's order.
                   "Item": {"b": {"B": b"\x00\xff".decode("latin-1")},
                            "l": {"L": [{"BOOL": True}, {"NULL": True}]}, "m": {"M": {"s": {"SS": ["a", "b"]}}},
                            "n": {"N": "1.5"}, "pk": {"S": "user#1"}},
                   "ConditionExpression": "attribute_not_exists(pk)"},
    },
    "dynamodb_get_item": {
        "service": "dynamodb", "operation": "GetItem", "region": "us-east-1",
        "params": {"TableName": "events", "Key": {"pk": {"S": "user#1"}}, "ConsistentRead": True},
    },
    "dynamodb_query": {
        "service": "dynamodb", "operation": "Query", "region": "eu-west-1",
        "params": {"TableName": "events", "Limit": 10,
                   "KeyConditionExpression": "pk = :pk",
                   "ExpressionAttributeValues": {":pk": {"S": "user#1"}}},
    },
    "dynamodb_batch_write_item": {
        "service": "dynamodb", "operation": "BatchWriteItem", "region": "eu-west-1",
        "params": {"RequestItems": {"events": [
            {"PutRequest": {"Item": {"pk": {"S": "a"}}}},
            {"DeleteRequest": {"Key": {"pk": {"S": "b"}}}}]}},
    },
    "sqs_create_queue": {
        "service": "sqs", "operation": "CreateQueue", "region": "eu-west-1",
        "params": {"QueueName": "jobs", "Attributes": {"VisibilityTimeout": "60"}},
    },
    "sqs_send_message": {
        "service": "sqs", "operation": "SendMessage", "region": "eu-west-1",
        "params": {"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
                   "MessageBody": "hello \u2713", "DelaySeconds": 5,
                   "MessageAttributes": {"k": {"DataType": "String", "StringValue": "v"}}},
    },
    "sqs_receive_message": {
        "service": "sqs", "operation": "ReceiveMessage", "region": "eu-west-1",
        "params": {"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
                   "MaxNumberOfMessages": 10, "WaitTimeSeconds": 20},
    },
    "sqs_delete_message": {
        "service": "sqs", "operation": "DeleteMessage", "region": "eu-west-1",
        "params": {"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
                   "ReceiptHandle": "AQEB+/=="},
    },
    "sns_create_topic": {
        "service": "sns", "operation": "CreateTopic", "region": "eu-west-1",
        "params": {"Name": "alerts", "Attributes": {"DisplayName": "Alerts"},
                   "Tags": [{"Key": "team", "Value": "ops"}]},
    },
    "sns_publish": {
        "service": "sns", "operation": "Publish", "region": "eu-west-1",
        "params": {"TopicArn": "arn:aws:sns:eu-west-1:123456789012:alerts", "Message": "disk full & more",
                   "Subject": "ops",
                   "MessageAttributes": {"k": {"DataType": "String", "StringValue": "v"}}},
    },
    "kms_create_key": {
        "service": "kms", "operation": "CreateKey", "region": "eu-west-1",
        "params": {"Description": "e2e", "KeyUsage": "ENCRYPT_DECRYPT",
                   "Tags": [{"TagKey": "team", "TagValue": "ops"}]},
    },
    "kms_encrypt": {
        "service": "kms", "operation": "Encrypt", "region": "eu-west-1",
        "params": {"KeyId": "alias/app", "Plaintext": "secret",
                   "EncryptionContext": {"purpose": "test"}},
    },
    "kms_decrypt": {
        "service": "kms", "operation": "Decrypt", "region": "eu-west-1",
        "params": {"CiphertextBlob": "AQID", "KeyId": "alias/app"},
    },
    "secretsmanager_create_secret": {
        "service": "secretsmanager", "operation": "CreateSecret", "region": "eu-west-1",
        "params": {"Name": "db/password", "ClientRequestToken": "00000000-0000-4000-8000-000000000001",
                   "SecretString": "s3cr3t"},
    },
    "secretsmanager_get_secret_value": {
        "service": "secretsmanager", "operation": "GetSecretValue", "region": "eu-west-1",
        "params": {"SecretId": "db/password", "VersionStage": "AWSCURRENT"},
    },
    "ssm_put_parameter": {
        "service": "ssm", "operation": "PutParameter", "region": "eu-west-1",
        "params": {"Name": "/app/mode", "Value": "fast", "Type": "String", "Overwrite": True},
    },
    # botocore's input rewrites: Route 53 ids cut to their last segment
    # (`fix_route53_ids`), UserData base64-encoded (`base64_encode_user_data`).
    "route53_get_hosted_zone": {
        "service": "route53", "operation": "GetHostedZone", "region": "us-east-1",
        "params": {"Id": "/hostedzone/Z1D633PJN98FT9"},
    },
    "route53_get_change": {
        "service": "route53", "operation": "GetChange", "region": "us-east-1",
        "params": {"Id": "/change/C2682N5HXP0BZ4"},
    },
    "route53_change_resource_record_sets": {
        "service": "route53", "operation": "ChangeResourceRecordSets", "region": "us-east-1",
        "params": {"HostedZoneId": "/hostedzone/Z1D633PJN98FT9",
                   "ChangeBatch": {"Comment": "web", "Changes": [
                       {"Action": "UPSERT", "ResourceRecordSet": {
                           "Name": "www.example.com.", "Type": "A", "TTL": 60,
                           "ResourceRecords": [{"Value": "192.0.2.1"}, {"Value": "192.0.2.2"}]}}]}},
    },
    "route53_create_hosted_zone": {
        "service": "route53", "operation": "CreateHostedZone", "region": "us-east-1",
        "params": {"Name": "example.com.", "CallerReference": "ref-1",
                   "DelegationSetId": "/delegationset/N1PA6795SAMPLE"},
    },
    "ec2_run_instances": {
        "service": "ec2", "operation": "RunInstances", "region": "eu-west-1",
        "params": {"ImageId": "ami-0abcdef1234567890", "MinCount": 1, "MaxCount": 2,
                   "ClientToken": "token-1",
                   "InstanceType": "t3.micro", "UserData": "#!/bin/sh\necho h\u00e9llo\n",
                   "TagSpecifications": [{"ResourceType": "instance",
                                          "Tags": [{"Key": "Name", "Value": "web"}]}]},
    },
    "autoscaling_create_launch_configuration": {
        "service": "autoscaling", "operation": "CreateLaunchConfiguration", "region": "eu-west-1",
        "params": {"LaunchConfigurationName": "web", "ImageId": "ami-0abcdef1234567890",
                   "InstanceType": "t3.micro", "UserData": "#cloud-config\npackages: [nginx]\n"},
    },
    # Lambda, and the batch calls of CloudWatch Logs and EventBridge.
    "lambda_invoke": {
        "service": "lambda", "operation": "Invoke", "region": "eu-west-1",
        "params": {"FunctionName": "my-function", "InvocationType": "RequestResponse",
                   "LogType": "Tail", "Payload": "{\"k\": \"v\"}"},
    },
    "logs_create_log_group": {
        "service": "logs", "operation": "CreateLogGroup", "region": "eu-west-1",
        "params": {"logGroupName": "/app/web", "tags": {"team": "web"}},
    },
    "logs_create_log_stream": {
        "service": "logs", "operation": "CreateLogStream", "region": "eu-west-1",
        "params": {"logGroupName": "/app/web", "logStreamName": "i-0123/web"},
    },
    "logs_put_log_events": {
        "service": "logs", "operation": "PutLogEvents", "region": "eu-west-1",
        "params": {"logGroupName": "/app/web", "logStreamName": "i-0123/web",
                   "logEvents": [{"timestamp": 1767323045000, "message": "started"},
                                 {"timestamp": 1767323046000, "message": "caf\u00e9 \"ready\""}]},
    },
    "events_put_events": {
        "service": "events", "operation": "PutEvents", "region": "eu-west-1",
        "params": {"Entries": [
            {"Source": "app.orders", "DetailType": "OrderPlaced",
             "Detail": "{\"id\": 1}", "Resources": ["arn:aws:s3:::b"],
             "Time": "2026-01-02T03:04:05Z"},
            {"Source": "app.orders", "DetailType": "OrderShipped", "Detail": "{}",
             "EventBusName": "orders"}]},
    },
    # Operations whose output is an event stream: the requests are plain.
    "s3_select_object_content": {
        "service": "s3", "operation": "SelectObjectContent", "region": "eu-west-1",
        "params": {"Bucket": "amzn-s3-demo-bucket", "Key": "data/2026.csv",
                   "Expression": "SELECT s._1 FROM S3Object s WHERE s._2 > '10'",
                   "ExpressionType": "SQL", "RequestProgress": {"Enabled": True},
                   "InputSerialization": {"CSV": {"FileHeaderInfo": "NONE"},
                                          "CompressionType": "NONE"},
                   "OutputSerialization": {"JSON": {"RecordDelimiter": "\n"}}},
    },
    "lambda_invoke_with_response_stream": {
        "service": "lambda", "operation": "InvokeWithResponseStream", "region": "eu-west-1",
        "params": {"FunctionName": "my-function", "Payload": "{\"stream\": true}",
                   "LogType": "Tail"},
    },
    "logs_start_live_tail": {
        "service": "logs", "operation": "StartLiveTail", "region": "eu-west-1",
        "params": {"logGroupIdentifiers": ["arn:aws:logs:eu-west-1:123456789012:log-group:/app/web"],
                   "logEventFilterPattern": "ERROR"},
    },
    "bedrock_runtime_converse_stream": {
        "service": "bedrock-runtime", "operation": "ConverseStream", "region": "us-west-2",
        "params": {"modelId": "anthropic.claude-3-haiku-20240307-v1:0",
                   "messages": [{"role": "user", "content": [{"text": "Say hello"}]}],
                   "inferenceConfig": {"maxTokens": 256, "temperature": 0.5}},
    },
    "kinesis_subscribe_to_shard": {
        "service": "kinesis", "operation": "SubscribeToShard", "region": "eu-west-1",
        "params": {"ConsumerARN": "arn:aws:kinesis:eu-west-1:123456789012:stream/s/consumer/c:1",
                   "ShardId": "shardId-000000000000",
                   "StartingPosition": {"Type": "AT_TIMESTAMP", "Timestamp": "2026-01-02T03:04:05Z"}},
    },
    "kinesis_put_record": {
        "service": "kinesis", "operation": "PutRecord", "region": "eu-west-1",
        "params": {"StreamName": "s", "Data": "hello", "PartitionKey": "p1"},
    },
    # Unsigned (`authtype: none`): how an application gets credentials.
    "sts_assume_role_with_web_identity": {
        "service": "sts", "operation": "AssumeRoleWithWebIdentity", "region": "eu-west-1",
        "params": {"RoleArn": "arn:aws:iam::123456789012:role/web", "RoleSessionName": "app",
                   "WebIdentityToken": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2ln",
                   "DurationSeconds": 900},
    },
    "ssm_get_parameter": {
        "service": "ssm", "operation": "GetParameter", "region": "eu-west-1",
        "params": {"Name": "/app/mode", "WithDecryption": True},
    },
}

cases = []
for path in sorted(glob.glob(os.path.join(HERE, "serialize", "*.input.json"))):
    name = os.path.basename(path)[: -len(".input.json")]
    with open(path) as f:
        case = json.load(f)
    cases.append((name, case))
base = dict(cases[0][1])
for name, extra in EXTRA.items():
    case = {k: v for k, v in base.items() if k not in ("service", "operation", "params", "endpoint_url")}
    case.update(extra)
    cases.append((name, case))

batch = []
for name, case in cases:
    case = dict(case, command="serialize", param_order="model")
    batch.append(case)
out = subprocess.run([sys.executable, ORACLE, "batch"], input=json.dumps(batch),
                     capture_output=True, text=True, check=True)
results = json.loads(out.stdout)
for (name, _), case, result in zip(cases, batch, results):
    case = {k: v for k, v in case.items() if k != "command"}
    with open(os.path.join(HERE, "serialize-model", name + ".input.json"), "w") as f:
        json.dump(case, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(HERE, "serialize-model", name + ".output.json"), "w") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")
print(f"{len(cases)} cases written")
