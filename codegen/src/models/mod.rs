//! botocore's models where they come from: a wheel ([`wheel`]), copied into
//! a models directory with its provenance ([`import`]), or read in place by
//! the [`Catalog`](crate::catalog::Catalog) through an extraction cache
//! ([`cache`]).

pub mod cache;
pub mod import;
pub mod wheel;

use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

pub use wheel::Wheel;

/// Files copied from each service's API-version directory: the model, and
/// where the service has them botocore's extras merged into it, its
/// endpoint rule set, paginators and waiters.
pub const SERVICE_FILES: [&str; 5] = [
    "service-2.json",
    "service-2.sdk-extras.json",
    "endpoint-rule-set-1.json",
    "paginators-1.json",
    "waiters-2.json",
];

/// botocore's service directory names; anything else could escape the models dir.
pub fn is_service_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `map_err` for I/O on `path`.
fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_owned();
    move |source| Error::Io { path, source }
}

/// Leaves identical files alone so their mtimes (and build caches) stay
/// put; writes through a temporary file renamed into place, so an
/// interrupted run never leaves a truncated file behind.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    fs::write(&tmp, bytes).map_err(io_error(&tmp))?;
    fs::rename(&tmp, path).map_err(io_error(path))?;
    Ok(true)
}

#[cfg(test)]
pub(crate) mod test_wheel {
    //! A small botocore wheel built in memory, for tests of the readers.
    use std::io::Write;

    /// Writes a wheel of botocore `version` holding `services` (name, API
    /// version, model JSON), gzipped as botocore ships them.
    pub fn write(path: &std::path::Path, version: &str, services: &[(&str, &str, &str)]) {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut add = |name: &str, bytes: &[u8]| {
            zip.start_file(name, stored).unwrap();
            zip.write_all(bytes).unwrap();
        };
        let gzip = |text: &str| {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(text.as_bytes()).unwrap();
            enc.finish().unwrap()
        };
        for (service, api, model) in services {
            add(
                &format!("botocore/data/{service}/{api}/service-2.json.gz"),
                &gzip(model),
            );
            add(
                &format!("botocore/data/{service}/{api}/endpoint-rule-set-1.json.gz"),
                &gzip(r#"{"version":"1.0","parameters":{},"rules":[]}"#),
            );
            // As botocore ships them: not gzipped.
            add(
                &format!("botocore/data/{service}/{api}/paginators-1.json"),
                br#"{"pagination":{}}"#,
            );
        }
        add("botocore/data/partitions.json", br#"{"partitions":[]}"#);
        let info = format!("botocore-{version}.dist-info");
        add(&format!("{info}/LICENSE.txt"), b"Apache-2.0\n");
        add(&format!("{info}/NOTICE"), b"notice\n");
        zip.finish().unwrap();
    }

    /// An empty directory of its own for the test `name`.
    pub fn scratch_dir(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("slimaws-codegen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
