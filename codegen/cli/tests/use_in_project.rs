//! The README's "Use it in your project", done as a newcomer does it, in a
//! temporary directory outside this workspace: `slimaws generate` writes a
//! crate for two operations, `cargo add --path` adds it to an application,
//! and the application's `UpdateDomain` call reaches a server on 127.0.0.1
//! signed. Once with the runtime copied in, once depending on it by path.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;

/// The application of the README: configuration from the environment, one call.
const MAIN_RS: &str = r#"use my_aws::voice_id::types::ServerSideEncryptionConfiguration;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = my_aws::Config::from_env().await?;
    let client = my_aws::voice_id::Client::new(&config);
    let sse = ServerSideEncryptionConfiguration::builder()
        .kms_key_id("alias/voice-id")
        .build()?;
    let output = client
        .update_domain()
        .domain_id("UFdTcXk0YTJyNXZPNm9ab0")
        .name("contact-center")
        .server_side_encryption_configuration(sse)
        .send()
        .await?;
    println!("updated: {:?}", output.domain.map(|d| d.name));
    Ok(())
}
"#;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(dir: &Path, program: &str, args: &[&str], env: &[(&str, String)]) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        // One build directory for both modes and every run: the
        // dependencies compile once.
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/use-in-project"),
        )
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "{program} {args:?} failed:\n{text}"
    );
    text
}

/// Answers one request with `200 {}`; the request's head, lower-cased.
fn one_request_server() -> (String, thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
            head.push_str(&lower);
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut stream = reader.into_inner();
        stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: 2\r\n\r\n{}")
            .unwrap();
        head
    });
    (url, handle)
}

fn use_in_project(runtime: &str) {
    let root = workspace_root().canonicalize().unwrap();
    let temp = std::env::temp_dir().join(format!(
        "slimaws-use-in-project-{}-{}",
        std::process::id(),
        runtime.replace([':', '/'], "_")
    ));
    let _ = std::fs::remove_dir_all(&temp);
    let app = temp.join("app");
    std::fs::create_dir_all(app.join("src")).unwrap();
    // The application before slimaws: a binary with tokio, and the
    // workspace's lock file so that versions match what was tested.
    std::fs::write(
        app.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n",
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    std::fs::write(app.join("src/main.rs"), MAIN_RS).unwrap();

    // The README's commands (the first, `cargo install --path codegen/cli`,
    // is this test's own binary).
    let models = root.join("models").display().to_string();
    run(
        &app,
        env!("CARGO_BIN_EXE_slimaws"),
        &[
            "generate",
            "--models",
            &models,
            "--ops",
            "voice-id:UpdateDomain,cloudfront:UpdateKeyGroup",
            "--name",
            "my-aws",
            "--runtime",
            runtime,
            "--out",
            "my-aws",
        ],
        &[],
    );
    run(
        &app,
        "cargo",
        &["add", "--offline", "--path", "my-aws"],
        &[],
    );

    let (url, server) = one_request_server();
    let env = [
        ("AWS_REGION", "us-east-1".to_owned()),
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "secret".to_owned()),
        ("AWS_ENDPOINT_URL", url),
        ("AWS_CONFIG_FILE", temp.join("none").display().to_string()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            temp.join("none").display().to_string(),
        ),
    ];
    let out = run(&app, "cargo", &["run", "--offline", "--quiet"], &env);
    assert!(out.contains("updated: None"), "{out}");
    let head = server.join().unwrap();
    assert!(head.starts_with("post / http/1.1\r\n"), "{head}");
    assert!(
        head.contains("x-amz-target: voiceid.updatedomain\r\n"),
        "{head}"
    );
    assert!(
        head.contains("authorization: aws4-hmac-sha256 credential=akidexample/")
            && head.contains("/us-east-1/voiceid/aws4_request, signedheaders="),
        "{head}"
    );
    std::fs::remove_dir_all(&temp).unwrap();
}

/// Both modes in turn: they share one build directory (and the binary
/// `app` in it), so they must not run at once.
#[test]
fn a_new_project_with_the_runtime_copied_in_or_by_path() {
    use_in_project("inline");
    let runtime = workspace_root()
        .join("codegen/runtime")
        .canonicalize()
        .unwrap();
    use_in_project(&format!("path:{}", runtime.display()));
}
