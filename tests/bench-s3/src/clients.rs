//! The same two calls through each client: bucket `bench`, key `big`,
//! path-style, to the loopback endpoint, with static credentials.

use std::time::Duration;

use rustls::pki_types::pem::PemObject;

use crate::CERT;

pub async fn slimaws_get(endpoint: &str) -> u64 {
    let s3 = slimaws_client(endpoint);
    let out = s3
        .get_object()
        .bucket("bench")
        .key("big")
        .send()
        .await
        .unwrap();
    let mut body = out.body.expect("a body");
    let mut moved = 0;
    while let Some(chunk) = body.next().await {
        moved += chunk.unwrap().len() as u64;
    }
    moved
}

pub async fn slimaws_put(endpoint: &str, file: &str) -> u64 {
    let s3 = slimaws_client(endpoint);
    let body = slimaws_runtime::ByteStream::from_path(file).await.unwrap();
    let len = body.content_length().unwrap();
    let put = s3.put_object().bucket("bench").key("big").body(body);
    put.send().await.unwrap();
    len
}

fn slimaws_client(endpoint: &str) -> slimaws::s3::Client {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls::pki_types::CertificateDer::pem_slice_iter(CERT) {
        roots.add(cert.unwrap()).unwrap();
    }
    let http =
        slimaws_runtime::DefaultHttpClient::with_roots(Duration::from_secs(5), roots).unwrap();
    let config = slimaws_runtime::Config::builder()
        .region("us-east-1")
        .static_credentials("AKIDEXAMPLE", "SECRET", None)
        .endpoint_url(endpoint)
        .force_path_style(true)
        .http_client(http)
        .build();
    slimaws::s3::Client::new(&config)
}

pub async fn sdk_get(endpoint: &str) -> u64 {
    let s3 = sdk_client(endpoint);
    let out = s3
        .get_object()
        .bucket("bench")
        .key("big")
        .send()
        .await
        .unwrap();
    let mut body = out.body;
    let mut moved = 0;
    while let Some(chunk) = body.try_next().await.unwrap() {
        moved += chunk.len() as u64;
    }
    moved
}

pub async fn sdk_put(endpoint: &str, file: &str) -> u64 {
    let s3 = sdk_client(endpoint);
    let body = aws_sdk_s3::primitives::ByteStream::from_path(file)
        .await
        .unwrap();
    let len = body.size_hint().1.unwrap();
    let put = s3.put_object().bucket("bench").key("big").body(body);
    put.send().await.unwrap();
    len
}

fn sdk_client(endpoint: &str) -> aws_sdk_s3::Client {
    use aws_smithy_http_client::tls;
    let trust = tls::TrustStore::empty().with_pem_certificate(CERT);
    let context = tls::TlsContext::builder()
        .with_trust_store(trust)
        .build()
        .unwrap();
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .tls_context(context)
        .build_https();
    let credentials =
        aws_credential_types::Credentials::new("AKIDEXAMPLE", "SECRET", None, None, "bench");
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new("us-east-1"))
        .credentials_provider(credentials)
        .endpoint_url(endpoint)
        .force_path_style(true)
        .http_client(http)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}
