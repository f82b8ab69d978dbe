//! The runtime crate's sources, built into the generator for
//! `--runtime inline`: a generated crate then carries its own copy of
//! `slimaws-runtime` and needs nothing from this repository.
//!
//! The copy leaves out the runtime's test-only modules (they read data from
//! this repository) and their declarations; the unit tests inside the other
//! modules stay. A test checks these lists against `codegen/runtime/`.

use std::path::PathBuf;

use crate::emit::package::RUNTIME_PACKAGE;
use crate::emit::Files;

/// Embeds each runtime file by its path in the runtime crate.
macro_rules! runtime_files {
    ($($path:literal,)*) => {
        &[$(($path, include_str!(concat!("../runtime/", $path)))),*]
    };
}

/// Every file of the runtime crate a copy needs, with its text.
pub const FILES: &[(&str, &str)] = runtime_files![
    "Cargo.toml",
    "src/adaptive.rs",
    "src/aws_chunked.rs",
    "src/build_error.rs",
    "src/byte_stream.rs",
    "src/checksum.rs",
    "src/compression.rs",
    "src/config.rs",
    "src/config/sources.rs",
    "src/credentials.rs",
    "src/credentials/aws.rs",
    "src/credentials/keys.rs",
    "src/default_client.rs",
    "src/document.rs",
    "src/endpoint/arn.rs",
    "src/endpoint/error.rs",
    "src/endpoint/eval.rs",
    "src/endpoint/extra.rs",
    "src/endpoint/functions.rs",
    "src/endpoint/mod.rs",
    "src/endpoint/partition.rs",
    "src/endpoint/region_regex.rs",
    "src/endpoint/rules.rs",
    "src/endpoint/template.rs",
    "src/endpoint/url.rs",
    "src/endpoint_cache.rs",
    "src/endpoint_settings.rs",
    "src/error.rs",
    "src/event_stream.rs",
    "src/invoke.rs",
    "src/lib.rs",
    "src/paginate.rs",
    "src/presign.rs",
    "src/profile.rs",
    "src/proto/cbor.rs",
    "src/proto/customize.rs",
    "src/proto/encode.rs",
    "src/proto/errors.rs",
    "src/proto/json.rs",
    "src/proto/json_value.rs",
    "src/proto/mod.rs",
    "src/proto/query.rs",
    "src/proto/s3.rs",
    "src/proto/time.rs",
    "src/proto/xml.rs",
    "src/invoke/redirect.rs",
    "src/retry.rs",
    "src/s3_bucket.rs",
    "src/setting.rs",
    "src/sign.rs",
    "src/spec.rs",
    "src/transport.rs",
    "src/upload.rs",
    "src/upload_off.rs",
    "src/user_agent.rs",
    "src/validation.rs",
    "src/values.rs",
    "src/waiter.rs",
];

/// The runtime's test-only modules, which a copy leaves out.
pub const TEST_ONLY: &[&str] = &[
    "src/bounded_tests.rs",
    "src/default_client_tests.rs",
    "src/endpoint/tests.rs",
    "src/event_stream_tests.rs",
    "src/hostile_config_tests.rs",
    "src/loopback_tests.rs",
    "src/oracle_tests.rs",
    "src/proto/cbor_tests.rs",
    "src/streaming_tests.rs",
    "src/upload_tests.rs",
];

/// The first line of every copied Rust file.
pub const COPY_HEADER: &str =
    "// Copied from slimaws-runtime by slimaws-codegen (`--runtime inline`). Do not edit.\n";

/// The runtime crate as files under `slimaws-runtime/` of a generated crate.
pub fn inline_files() -> Files {
    FILES
        .iter()
        .map(|(path, text)| {
            let text = if path.ends_with(".rs") {
                format!("{COPY_HEADER}{}", without_test_only_modules(text))
            } else {
                (*text).to_owned()
            };
            (PathBuf::from(RUNTIME_PACKAGE).join(path), text)
        })
        .collect()
}

/// `text` without the `#[cfg(test)] mod name;` declarations of the modules
/// in [`TEST_ONLY`].
fn without_test_only_modules(text: &str) -> String {
    let test_only: Vec<&str> = TEST_ONLY
        .iter()
        .filter_map(|p| p.rsplit('/').next()?.strip_suffix(".rs"))
        .collect();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < lines.len() {
        let cfg = lines[i].trim();
        let test_cfg = cfg == "#[cfg(test)]" || cfg.starts_with("#[cfg(all(test, ");
        let declares_test_only = test_cfg
            && lines.get(i + 1).is_some_and(|next| {
                next.trim()
                    .strip_prefix("mod ")
                    .and_then(|m| m.strip_suffix(';'))
                    .is_some_and(|m| test_only.contains(&m))
            });
        if declares_test_only {
            i += 2;
            continue;
        }
        out.push_str(lines[i]);
        out.push('\n');
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every file under `codegen/runtime/` (but `target/`), relative to it.
    fn runtime_dir_listing() -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut found = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    if path.file_name().is_some_and(|n| n != "target") {
                        stack.push(path);
                    }
                } else {
                    let rel = path.strip_prefix(&root).unwrap();
                    found.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        found.sort();
        found
    }

    #[test]
    fn the_lists_cover_the_runtime_crate() {
        let mut listed: Vec<String> = FILES
            .iter()
            .map(|(p, _)| p.to_string())
            .chain(TEST_ONLY.iter().map(|p| p.to_string()))
            .collect();
        listed.sort();
        let on_disk: Vec<String> = runtime_dir_listing()
            .into_iter()
            .filter(|p| !p.starts_with("src/testdata/"))
            .collect();
        assert_eq!(
            listed, on_disk,
            "update codegen/src/runtime_source.rs for the runtime's files"
        );
    }

    #[test]
    fn copies_drop_only_the_test_only_declarations() {
        let files = inline_files();
        let lib = &files[Path::new("slimaws-runtime/src/lib.rs")];
        assert!(lib.starts_with(COPY_HEADER));
        assert!(!lib.contains("mod loopback_tests;") && !lib.contains("mod oracle_tests;"));
        assert!(lib.contains("mod adaptive;\n") && lib.contains("pub mod proto;\n"));
        let endpoint = &files[Path::new("slimaws-runtime/src/endpoint/mod.rs")];
        assert!(!endpoint.contains("mod tests;"));
        let kept = "#[cfg(test)]\nmod tests {";
        let json = &files[Path::new("slimaws-runtime/src/proto/json.rs")];
        assert!(json.contains(kept), "in-file unit tests stay");
        assert!(!files.keys().any(|p| p.ends_with("oracle_tests.rs")));
    }
}
