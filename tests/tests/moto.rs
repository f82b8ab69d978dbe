//! End to end against moto's server (`moto[server]` from PyPI, an
//! AWS-compatible server on 127.0.0.1): every call goes through the
//! generated client, the default HTTP client, SigV4 and the rule sets, with
//! no mock. The first run creates a Python venv with moto in cargo's
//! target directory (a minute or two; then reused); `python3` with `venv`
//! must be installed.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use slimaws::{s3, sts};
use slimaws_runtime as runtime;

/// The moto release the tests were written against.
const MOTO: &str = "moto[server]==5.2.6";

/// The venv's Python, created with moto on first use.
fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("moto-venv-5.2.6");
        let python = venv.join("bin/python");
        let ready = venv.join("installed");
        if !ready.exists() {
            run(Command::new("python3").arg("-m").arg("venv").arg(&venv));
            run(Command::new(&python).args(["-m", "pip", "install", "--quiet", MOTO]));
            std::fs::write(&ready, MOTO).unwrap();
        }
        python
    })
}

fn run(command: &mut Command) {
    let status = command
        .status()
        .unwrap_or_else(|e| panic!("{command:?}: {e} (python3 with venv is needed)"));
    assert!(status.success(), "{command:?}: {status}");
}

/// A moto server on a free port of 127.0.0.1, stopped when dropped.
struct Moto {
    child: Child,
    url: String,
}

impl Moto {
    fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(python())
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto.server starts");
        let mut moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = moto.child.try_wait() {
                panic!("moto.server exited: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "moto.server did not listen in 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    /// A configuration for this server, as an application would write it.
    fn config(&self, region: &str) -> runtime::Config {
        runtime::Config::builder()
            .region(region)
            .static_credentials("AKIDMOTO", "moto-secret", None)
            .endpoint_url(&self.url)
            .build()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn s3_bucket_and_object_round_trip() {
    let moto = Moto::start();
    let s3 = s3::client::Client::new(&moto.config("eu-west-1"));
    let location = s3::types::CreateBucketConfiguration::builder()
        .location_constraint(s3::types::BucketLocationConstraint::EuWest1)
        .build();
    s3.create_bucket()
        .bucket("slimaws-e2e")
        .create_bucket_configuration(location)
        .send()
        .await
        .unwrap();
    s3.head_bucket().bucket("slimaws-e2e").send().await.unwrap();
    let located = s3
        .get_bucket_location()
        .bucket("slimaws-e2e")
        .send()
        .await
        .unwrap();
    assert_eq!(
        located.location_constraint,
        Some(s3::types::BucketLocationConstraint::EuWest1)
    );

    let body = b"hello from slimaws \xe2\x9c\x93".to_vec();
    let put = s3
        .put_object()
        .bucket("slimaws-e2e")
        .key("dir/a b+c.txt")
        .body(runtime::Blob::new(body.clone()))
        .content_type("text/plain")
        .send()
        .await
        .unwrap();
    assert!(put.e_tag.is_some());
    let head = s3
        .head_object()
        .bucket("slimaws-e2e")
        .key("dir/a b+c.txt")
        .send()
        .await
        .unwrap();
    assert_eq!(head.content_length, Some(body.len() as i64));
    assert_eq!(head.content_type.as_deref(), Some("text/plain"));
    let got = s3
        .get_object()
        .bucket("slimaws-e2e")
        .key("dir/a b+c.txt")
        .send()
        .await
        .unwrap();
    let got_body = got.body.unwrap().collect().await.unwrap();
    assert_eq!(got_body.as_ref(), body.as_slice());
    assert_eq!(got.e_tag, put.e_tag);

    s3.delete_object()
        .bucket("slimaws-e2e")
        .key("dir/a b+c.txt")
        .send()
        .await
        .unwrap();
    let missing = s3
        .head_object()
        .bucket("slimaws-e2e")
        .key("dir/a b+c.txt")
        .send()
        .await
        .unwrap_err();
    // As botocore: a HEAD error has no body, its code is the status.
    match missing {
        s3::operation::head_object::HeadObjectError::Unhandled(e) => {
            assert_eq!((e.code(), e.message()), (Some("404"), Some("Not Found")));
        }
        other => panic!("{other:?}"),
    }
    s3.delete_bucket()
        .bucket("slimaws-e2e")
        .send()
        .await
        .unwrap();
}

/// A GetObject body streams: 3 MiB (uploaded from a file, read as it is
/// sent) read in pieces past a 64 KiB cap on bodies read whole, through
/// `into_async_read`, its CRC32 checked at the end.
#[tokio::test]
async fn s3_object_streams_past_the_cap_on_whole_bodies() {
    let moto = Moto::start();
    let config = runtime::Config::builder()
        .region("us-east-1")
        .static_credentials("AKIDMOTO", "moto-secret", None)
        .endpoint_url(&moto.url)
        .max_response_bytes(64 << 10)
        .build();
    let s3 = s3::client::Client::new(&config);
    s3.create_bucket()
        .bucket("slimaws-stream")
        .send()
        .await
        .unwrap();
    let object: Vec<u8> = (0..3u32 << 20).map(|i| (i % 251) as u8).collect();
    s3.put_object()
        .bucket("slimaws-stream")
        .key("big")
        .body(runtime::Blob::new(object.clone()))
        .checksum_algorithm(s3::types::ChecksumAlgorithm::Crc32)
        .send()
        .await
        .unwrap();

    // The same object uploaded again, from a file read as it is sent.
    let file = std::env::temp_dir().join(format!("slimaws-moto-{}", std::process::id()));
    std::fs::write(&file, &object).unwrap();
    let from_file = runtime::ByteStream::from_path(&file).await.unwrap();
    s3.put_object()
        .bucket("slimaws-stream")
        .key("big")
        .body(from_file)
        .send()
        .await
        .unwrap();
    std::fs::remove_file(&file).unwrap();

    let got = s3
        .get_object()
        .bucket("slimaws-stream")
        .key("big")
        .checksum_mode(s3::types::ChecksumMode::Enabled)
        .send()
        .await
        .unwrap();
    assert_eq!(got.content_length, Some(object.len() as i64));
    assert!(got.checksum_crc32.is_some(), "moto sent the checksum");
    let mut body = got.body.unwrap();
    assert_eq!(body.content_length(), Some(object.len() as u64));
    let first = body.next().await.unwrap().unwrap();
    assert!(first.len() < object.len(), "read in pieces");
    let mut rest = Vec::new();
    tokio::io::AsyncReadExt::read_to_end(&mut body.into_async_read(), &mut rest)
        .await
        .unwrap();
    assert_eq!([&first[..], &rest[..]].concat(), object);
}

/// Listing, copying, batch deletes, a 20 MB multipart upload, and a
/// presigned GET fetched over a plain TCP connection.
#[tokio::test]
async fn s3_listing_copies_multipart_and_presigned_get() {
    let moto = Moto::start();
    let s3 = s3::client::Client::new(&moto.config("us-east-1"));
    let bucket = "slimaws-more";
    s3.create_bucket().bucket(bucket).send().await.unwrap();
    for key in ["dir/a b.txt", "dir/c+d.txt", "dir/sub/e.txt", "top.txt"] {
        s3.put_object()
            .bucket(bucket)
            .key(key)
            .body(runtime::Blob::new(key.as_bytes().to_vec()))
            .send()
            .await
            .unwrap();
    }
    // Keys come URL-encoded (asked for on our behalf) and are decoded.
    let listed = s3
        .list_objects_v2()
        .bucket(bucket)
        .prefix("dir/")
        .delimiter("/")
        .send()
        .await
        .unwrap();
    let keys: Vec<_> = listed
        .contents
        .iter()
        .flatten()
        .map(|o| o.key.clone().unwrap())
        .collect();
    assert_eq!(keys, ["dir/a b.txt", "dir/c+d.txt"]);
    let prefixes: Vec<_> = listed
        .common_prefixes
        .iter()
        .flatten()
        .map(|p| p.prefix.clone().unwrap())
        .collect();
    assert_eq!(prefixes, ["dir/sub/"]);

    s3.copy_object()
        .bucket(bucket)
        .key("copy of a b.txt")
        .copy_source(format!("{bucket}/dir/a b.txt"))
        .send()
        .await
        .unwrap();
    let copied = s3
        .get_object()
        .bucket(bucket)
        .key("copy of a b.txt")
        .send()
        .await
        .unwrap();
    assert_eq!(
        copied.body.unwrap().collect().await.unwrap(),
        &b"dir/a b.txt"[..]
    );

    let gone = |key: &str| {
        s3::types::ObjectIdentifier::builder()
            .key(key)
            .build()
            .unwrap()
    };
    let delete = s3::types::Delete::builder()
        .objects(gone("dir/c+d.txt"))
        .objects(gone("top.txt"))
        .build()
        .unwrap();
    let deleted = s3
        .delete_objects()
        .bucket(bucket)
        .delete(delete)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.deleted.map(|d| d.len()), Some(2));

    // 20 MB in four parts of 5 MiB and a last one of the rest.
    let object: Vec<u8> = (0..20_000_000u32).map(|i| (i % 253) as u8).collect();
    let upload = s3
        .create_multipart_upload()
        .bucket(bucket)
        .key("big")
        .send()
        .await
        .unwrap();
    let upload_id = upload.upload_id.unwrap();
    let mut done = s3::types::CompletedMultipartUpload::builder();
    for (i, part) in object.chunks(5 << 20).enumerate() {
        let number = i as i32 + 1;
        let sent = s3
            .upload_part()
            .bucket(bucket)
            .key("big")
            .upload_id(&upload_id)
            .part_number(number)
            .body(runtime::Blob::new(part.to_vec()))
            .send()
            .await
            .unwrap();
        let part = s3::types::CompletedPart::builder()
            .e_tag(sent.e_tag.unwrap())
            .part_number(number);
        done = done.parts(part.build());
    }
    s3.complete_multipart_upload()
        .bucket(bucket)
        .key("big")
        .upload_id(&upload_id)
        .multipart_upload(done.build())
        .send()
        .await
        .unwrap();
    let head = s3
        .head_object()
        .bucket(bucket)
        .key("big")
        .send()
        .await
        .unwrap();
    assert_eq!(head.content_length, Some(object.len() as i64));

    // An upload begun and abandoned.
    let dropped = s3
        .create_multipart_upload()
        .bucket(bucket)
        .key("dropped")
        .send()
        .await
        .unwrap();
    s3.abort_multipart_upload()
        .bucket(bucket)
        .key("dropped")
        .upload_id(dropped.upload_id.unwrap())
        .send()
        .await
        .unwrap();

    let presigned = s3
        .get_object()
        .bucket(bucket)
        .key("big")
        .presigned(runtime::PresigningConfig::expires_in(Duration::from_secs(300)).unwrap())
        .await
        .unwrap();
    let (status, body) = plain_get(presigned.uri());
    assert_eq!(status, 200);
    assert!(
        body == object,
        "the presigned GET gave {} bytes",
        body.len()
    );
}

/// GET `uri` over a plain TCP connection, as any HTTP client would send it.
fn plain_get(uri: &runtime::http::Uri) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let authority = uri.authority().unwrap().as_str();
    let mut stream = TcpStream::connect(authority).unwrap();
    let path = uri.path_and_query().unwrap().as_str();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let end = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..end]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{head}"
    );
    (status, response[end + 4..].to_vec())
}

#[tokio::test]
async fn sts_identity_and_role() {
    let moto = Moto::start();
    let sts = sts::client::Client::new(&moto.config("us-east-1"));
    let me = sts.get_caller_identity().send().await.unwrap();
    assert_eq!(me.account.as_deref(), Some("123456789012"));
    let role = sts
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("slimaws")
        .duration_seconds(900)
        .send()
        .await
        .unwrap();
    let creds = role.credentials.unwrap();
    assert!(!creds.access_key_id.is_empty());
    assert!(role
        .assumed_role_user
        .unwrap()
        .arn
        .ends_with("assumed-role/demo/slimaws"));
}

#[tokio::test]
async fn dynamodb_table_items_and_query() {
    use slimaws::dynamodb::{self, types as t};
    let moto = Moto::start();
    let db = dynamodb::client::Client::new(&moto.config("eu-west-1"));
    let s = |v: &str| t::AttributeValue::builder().s(v).build();
    let n = |v: &str| t::AttributeValue::builder().n(v).build();
    let key = |name: &str, kind| {
        t::KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(kind)
            .build()
            .unwrap()
    };
    let attr = |name: &str, kind| {
        t::AttributeDefinition::builder()
            .attribute_name(name)
            .attribute_type(kind)
            .build()
            .unwrap()
    };
    db.create_table()
        .table_name("events")
        .attribute_definitions(attr("pk", t::ScalarAttributeType::S))
        .attribute_definitions(attr("sk", t::ScalarAttributeType::N))
        .key_schema(key("pk", t::KeyType::Hash))
        .key_schema(key("sk", t::KeyType::Range))
        .billing_mode(t::BillingMode::PayPerRequest)
        .send()
        .await
        .unwrap();
    db.put_item()
        .table_name("events")
        .item("pk", s("user#1"))
        .item("sk", n("1"))
        .item("note", s("caf\u{e9}"))
        .send()
        .await
        .unwrap();
    let put = |sk: &str| {
        let item = [("pk".to_string(), s("user#1")), ("sk".to_string(), n(sk))];
        let request = t::PutRequest::builder()
            .set_item(Some(item.into()))
            .build()
            .unwrap();
        t::WriteRequest::builder().put_request(request).build()
    };
    let batch = db
        .batch_write_item()
        .request_items("events", vec![put("2"), put("3")])
        .send()
        .await
        .unwrap();
    assert!(batch.unprocessed_items.unwrap_or_default().is_empty());

    let got = db
        .get_item()
        .table_name("events")
        .key("pk", s("user#1"))
        .key("sk", n("1"))
        .send()
        .await
        .unwrap();
    let item = got.item.unwrap();
    assert_eq!(item["note"].s.as_deref(), Some("caf\u{e9}"));
    let found = db
        .query()
        .table_name("events")
        .key_condition_expression("pk = :pk AND sk >= :from")
        .expression_attribute_values(":pk", s("user#1"))
        .expression_attribute_values(":from", n("2"))
        .send()
        .await
        .unwrap();
    assert_eq!(found.count, Some(2));
    let sks: Vec<_> = found
        .items
        .unwrap()
        .iter()
        .map(|i| i["sk"].n.clone().unwrap())
        .collect();
    assert_eq!(sks, ["2", "3"]);
}

#[tokio::test]
async fn sqs_send_receive_delete() {
    use slimaws::sqs;
    let moto = Moto::start();
    let sqs = sqs::client::Client::new(&moto.config("eu-west-1"));
    let queue = sqs
        .create_queue()
        .queue_name("jobs")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let sent = sqs
        .send_message()
        .queue_url(&queue)
        .message_body("hello <queue> & \u{2713}")
        .send()
        .await
        .unwrap();
    let received = sqs
        .receive_message()
        .queue_url(&queue)
        .max_number_of_messages(10)
        .send()
        .await
        .unwrap();
    let messages = received.messages.unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].message_id, sent.message_id);
    assert_eq!(
        messages[0].body.as_deref(),
        Some("hello <queue> & \u{2713}")
    );
    sqs.delete_message()
        .queue_url(&queue)
        .receipt_handle(messages[0].receipt_handle.clone().unwrap())
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn sns_kms_secrets_and_parameters() {
    use slimaws::{kms, secretsmanager, sns, ssm};
    let moto = Moto::start();
    let config = moto.config("us-west-2");

    let sns = sns::client::Client::new(&config);
    let topic = sns.create_topic().name("alerts").send().await.unwrap();
    let published = sns
        .publish()
        .set_topic_arn(topic.topic_arn)
        .message("disk full")
        .subject("ops")
        .send()
        .await
        .unwrap();
    assert!(published.message_id.is_some());

    let kms = kms::client::Client::new(&config);
    let key = kms.create_key().description("e2e").send().await.unwrap();
    let key_id = key.key_metadata.unwrap().key_id;
    let secret = b"\x00\x01 plaintext \xff".to_vec();
    let encrypted = kms
        .encrypt()
        .key_id(&key_id)
        .plaintext(runtime::Blob::new(secret.clone()))
        .send()
        .await
        .unwrap();
    let decrypted = kms
        .decrypt()
        .set_ciphertext_blob(encrypted.ciphertext_blob)
        .send()
        .await
        .unwrap();
    assert_eq!(decrypted.plaintext.unwrap().as_ref(), secret.as_slice());

    let secrets = secretsmanager::client::Client::new(&config);
    secrets
        .create_secret()
        .name("db/password")
        .secret_string("s3cr3t")
        .send()
        .await
        .unwrap();
    let value = secrets
        .get_secret_value()
        .secret_id("db/password")
        .send()
        .await
        .unwrap();
    assert_eq!(value.secret_string.as_deref(), Some("s3cr3t"));

    let ssm = ssm::client::Client::new(&config);
    ssm.put_parameter()
        .name("/app/mode")
        .value("fast")
        .r#type(ssm::types::ParameterType::String)
        .send()
        .await
        .unwrap();
    let parameter = ssm
        .get_parameter()
        .name("/app/mode")
        .send()
        .await
        .unwrap()
        .parameter
        .unwrap();
    assert_eq!(parameter.value.as_deref(), Some("fast"));
}
