//! botocore's source distribution, for the tests the wheel does not ship:
//! fetched from PyPI with pip once, cached under `<cache>/sdists/`, and the
//! parts used extracted beside it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use slimaws_codegen::models::cache::cache_root;

/// `<cache>/endpoint-tests/<version>/<service>/endpoint-tests-1.json`,
/// extracted from the sdist's `tests/functional/endpoint-rules/` once.
pub fn endpoint_tests(version: &str) -> Result<PathBuf> {
    let dir = cache_root().join("endpoint-tests").join(version);
    if dir.join(".complete").is_file() {
        return Ok(dir);
    }
    let archive = fetch(version)?;
    let prefix = format!("botocore-{version}/tests/functional/endpoint-rules/");
    let scratch = dir.with_extension(format!("partial-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    let file = fs::File::open(&archive).with_context(|| archive.display().to_string())?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut extracted = 0;
    for entry in tar.entries()? {
        let mut entry = entry?;
        let path = entry.path()?.to_string_lossy().into_owned();
        let Some(rest) = path.strip_prefix(&prefix) else {
            continue;
        };
        // `<service>/endpoint-tests-1.json`, nothing that climbs out.
        let parts: Vec<&str> = rest.split('/').collect();
        let [service, "endpoint-tests-1.json"] = parts.as_slice() else {
            continue;
        };
        if !slimaws_codegen::models::is_service_name(service) {
            bail!("{}: unexpected entry {path}", archive.display());
        }
        let target = scratch.join(service).join("endpoint-tests-1.json");
        fs::create_dir_all(scratch.join(service))?;
        entry.unpack(&target)?;
        extracted += 1;
    }
    if extracted == 0 {
        bail!("{}: no {prefix}*/endpoint-tests-1.json", archive.display());
    }
    fs::write(scratch.join(".complete"), format!("{extracted}\n"))?;
    let _ = fs::remove_dir_all(&dir);
    fs::rename(&scratch, &dir)?;
    Ok(dir)
}

/// The sdist `botocore-<version>.tar.gz`, from the cache or PyPI.
fn fetch(version: &str) -> Result<PathBuf> {
    let dir = cache_root().join("sdists");
    let cached = dir.join(format!("botocore-{version}.tar.gz"));
    if cached.is_file() {
        return Ok(cached);
    }
    let scratch = dir.join(format!("download-{}", std::process::id()));
    fs::create_dir_all(&scratch)?;
    let result = download(version, &scratch).and_then(|path| {
        fs::rename(&path, &cached)?;
        Ok(cached.clone())
    });
    let _ = fs::remove_dir_all(&scratch);
    result
}

fn download(version: &str, dir: &Path) -> Result<PathBuf> {
    let spec = format!("botocore=={version}");
    let status = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(["--no-deps", "--no-binary", ":all:", &spec, "-d"])
        .arg(dir)
        .status()
        .context("running `python3 -m pip` (is Python 3 installed?)")?;
    if !status.success() {
        bail!("`python3 -m pip download --no-binary :all: {spec}` failed ({status})");
    }
    let path = dir.join(format!("botocore-{version}.tar.gz"));
    if !path.is_file() {
        bail!("pip left no {}", path.display());
    }
    Ok(path)
}
