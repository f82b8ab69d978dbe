//! `Handle::invoke` against botocore's requests (`tests/data/oracle/serialize`):
//! for each case the serializer's part of botocore's request (relative URI,
//! protocol headers, body) goes through `invoke` with the real endpoint rules
//! and a capturing HTTP client; the request that comes out must have
//! botocore's URL, Host, header names, signing scope and signed headers, and
//! re-signed at the case's frozen time, botocore's exact signature.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use serde_json::Value;

use super::*;

const PARTITIONS: &str = include_str!("../../../models/partitions.json");

static CLOUDFRONT: ServiceSpec = ServiceSpec {
    service_id: "CloudFront",
    signing_name: "cloudfront",
    protocol: Protocol::RestXml,
    endpoint_rules: include_str!("../../../models/cloudfront/2020-05-31/endpoint-rule-set-1.json"),
    partitions: PARTITIONS,
    api_version: "2020-05-31",
    client_context_params: &[],
};
static QUICKSIGHT: ServiceSpec = ServiceSpec {
    service_id: "QuickSight",
    signing_name: "quicksight",
    protocol: Protocol::RestJson1,
    endpoint_rules: include_str!("../../../models/quicksight/2018-04-01/endpoint-rule-set-1.json"),
    partitions: PARTITIONS,
    api_version: "2018-04-01",
    client_context_params: &[],
};
static VOICE_ID: ServiceSpec = ServiceSpec {
    service_id: "Voice ID",
    signing_name: "voiceid",
    protocol: Protocol::AwsJson1_0,
    endpoint_rules: include_str!("../../../models/voice-id/2021-09-27/endpoint-rule-set-1.json"),
    partitions: PARTITIONS,
    api_version: "2021-09-27",
    client_context_params: &[],
};

/// Headers botocore adds while signing or after; not the serializer's.
const NOT_SERIALIZED: &[&str] = &[
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "user-agent",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "content-length",
    "host",
    "accept-encoding",
];

/// Records requests and answers 200.
#[derive(Debug, Clone, Default)]
pub(super) struct Capture(pub(super) Arc<Mutex<Vec<HttpRequest>>>);

impl HttpClient for Capture {
    fn send(
        &self,
        request: HttpRequest,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<HttpResponse, TransportError>> + Send + '_>,
    > {
        self.0.lock().unwrap().push(request);
        Box::pin(async { Ok(http::Response::new(bytes::Bytes::new())) })
    }
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn names(headers: impl Iterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = headers
        .map(|h| h.to_ascii_lowercase())
        .filter(|h| h != "accept-encoding")
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn invoke_builds_botocores_requests() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/oracle/serialize");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(case) = path.to_str().unwrap().strip_suffix(".output.json") else {
            continue;
        };
        let output = read(&path);
        let input = read(Path::new(&format!("{case}.input.json")));
        let service: &'static ServiceSpec = match input["service"].as_str().unwrap() {
            "cloudfront" => &CLOUDFRONT,
            "quicksight" => &QUICKSIGHT,
            "voice-id" => &VOICE_ID,
            other => panic!("{other}"),
        };
        let op: &'static OperationSpec = Box::leak(Box::new(OperationSpec {
            name: "Case",
            service,
            request_compression: &[],
            request_compression_any_size: false,
            request_checksum_required: false,
            checksum_algorithm_header: None,
            checksum_mode_header: None,
            response_checksum_algorithms: &[],
            success_may_be_error: false,
            unsigned: false,
        }));
        let capture = Capture::default();
        let mut config = Config::builder()
            .region(input["region"].as_str().unwrap())
            .static_credentials(
                input["access_key"].as_str().unwrap(),
                input["secret_key"].as_str().unwrap(),
                input["session_token"].as_str().map(str::to_string),
            )
            .http_client(capture.clone());
        if let Some(url) = input["endpoint_url"].as_str() {
            config = config.endpoint_url(url);
        }
        let handle = Handle::new(&config.build(), service);

        // The serializer's part of botocore's request.
        let url: http::Uri = output["url"].as_str().unwrap().parse().unwrap();
        let body = match output["body_encoding"].as_str() {
            Some("base64") => {
                crate::proto::encode::from_base64(output["body"].as_str().unwrap()).unwrap()
            }
            _ => output["body"].as_str().unwrap().as_bytes().to_vec(),
        };
        let mut request = http::Request::builder()
            .method(output["method"].as_str().unwrap())
            .uri(url.path_and_query().unwrap().as_str());
        for (name, value) in output["headers"].as_object().unwrap() {
            if !NOT_SERIALIZED.contains(&name.to_ascii_lowercase().as_str()) {
                request = request.header(name, value.as_str().unwrap());
            }
        }
        let response = handle
            .invoke(op, request.body(body).unwrap(), InvokeContext::default())
            .await
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(response.status(), 200);

        let mut sent = capture.0.lock().unwrap().pop().unwrap();
        let wire = output["wire_headers"].as_array().unwrap();
        let botocore = |name: &str| {
            wire.iter()
                .find(|p| p[0].as_str().unwrap().eq_ignore_ascii_case(name))
                .map(|p| p[1].as_str().unwrap())
        };
        let ours = |r: &HttpRequest, name: &str| {
            r.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
        };
        assert_eq!(
            sent.uri().to_string(),
            output["url"].as_str().unwrap(),
            "{case}"
        );
        assert_eq!(ours(&sent, "host").as_deref(), botocore("host"), "{case}");
        let len = ours(&sent, "content-length");
        assert_eq!(len.as_deref(), botocore("content-length"), "{case}");
        assert_eq!(
            ours(&sent, "amz-sdk-request").as_deref(),
            Some("attempt=1; max=3")
        );
        assert_eq!(
            names(sent.headers().keys().map(|k| k.to_string())),
            names(wire.iter().map(|p| p[0].as_str().unwrap().to_string())),
            "{case}: same header names"
        );

        // Same scope and signed headers; and botocore's signature when
        // re-signed at the case's time.
        let signing = &output["signing"];
        let auth = ours(&sent, "authorization").unwrap();
        let scope_tail = format!(
            "/{}/{}/aws4_request, SignedHeaders={},",
            signing["signing_region"].as_str().unwrap(),
            signing["signing_name"].as_str().unwrap(),
            signing["signed_headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h.as_str().unwrap())
                .collect::<Vec<_>>()
                .join(";")
        );
        assert!(auth.contains(&scope_tail), "{case}: {auth} vs {scope_tail}");
        let time = time::OffsetDateTime::parse(
            input["time"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        let creds = Credentials::new(
            input["access_key"].as_str().unwrap(),
            input["secret_key"].as_str().unwrap(),
            input["session_token"].as_str().map(str::to_string),
            None,
            "oracle",
        );
        for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
            sent.headers_mut().remove(name);
        }
        sign_request(
            &mut sent,
            &creds,
            signing["signing_region"].as_str().unwrap(),
            signing["signing_name"].as_str().unwrap(),
            SystemTime::from(time),
        )
        .unwrap();
        assert_eq!(
            ours(&sent, "authorization").as_deref(),
            botocore("authorization"),
            "{case}"
        );
        count += 1;
    }
    assert_eq!(count, 16);
}
