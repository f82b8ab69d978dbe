//! `cargo xtask models import`: copy AWS models out of a botocore wheel.
//!
//! botocore ships each model as `botocore/data/<service>/<api-version>/*.json.gz`.
//! We take the newest API version of each service, gunzip it otherwise
//! unmodified into `models/`, and record the provenance (wheel name and
//! sha256, a sha256 per file) in `models/README.md`, so the committed models
//! can be checked and re-imported. `models/codegen.toml` is never touched.

use std::collections::BTreeSet;
use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process;

use anyhow::{bail, ensure, Context, Result};
use flate2::read::MultiGzDecoder;
use sha2::{Digest, Sha256};
use zip::ZipArchive;

use crate::workspace_root;

/// The botocore release the committed models come from.
const DEFAULT_BOTOCORE: &str = "1.44.5";
/// Files copied from each service's API-version directory.
const SERVICE_FILES: [&str; 2] = ["service-2.json", "endpoint-rule-set-1.json"];
/// Top-level files of the models dir that are ours, not botocore's.
const OWN_FILES: [&str; 2] = ["README.md", "codegen.toml"];

#[derive(clap::Subcommand)]
pub enum Command {
    /// Copy the newest models of services from a botocore wheel; rewrite models/README.md.
    Import(ImportArgs),
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// botocore release to download from PyPI [default: 1.44.5; with --wheel, the wheel's].
    #[arg(long, value_name = "VERSION")]
    botocore_version: Option<String>,
    /// Service to import, as botocore names it; repeatable [default: every service already in the models dir].
    #[arg(long = "service", value_name = "SERVICE")]
    services: Vec<String>,
    /// Models directory [default: models/ in the workspace].
    #[arg(long, value_name = "DIR")]
    models: Option<PathBuf>,
    /// Use this local botocore wheel instead of downloading one with pip.
    #[arg(long, value_name = "PATH")]
    wheel: Option<PathBuf>,
}

pub fn run(command: Command) -> Result<()> {
    match command {
        Command::Import(args) => import(args),
    }
}

fn import(args: ImportArgs) -> Result<()> {
    let models = args
        .models
        .unwrap_or_else(|| workspace_root().join("models"));
    let mut services = if args.services.is_empty() {
        existing_services(&models)?
    } else {
        args.services
    };
    // Sorted so the README does not depend on the order of the flags.
    services.sort();
    services.dedup();
    ensure!(
        !services.is_empty(),
        "no service directories in {}; name the services to import with --service",
        models.display()
    );
    for service in &services {
        ensure!(
            is_service_name(service),
            "`{service}` is not a botocore service name (lowercase letters, digits and dashes)"
        );
    }

    // Declared out here so the downloaded wheel lives until the import is done.
    let scratch;
    let wheel_path = match args.wheel {
        Some(path) => path,
        None => {
            scratch = ScratchDir::new()?;
            let version = args.botocore_version.as_deref().unwrap_or(DEFAULT_BOTOCORE);
            download_wheel(version, &scratch.0)?
        }
    };
    let mut wheel = Wheel::open(&wheel_path)?;
    if let Some(wanted) = &args.botocore_version {
        ensure!(
            *wanted == wheel.version,
            "{} is botocore {}, not --botocore-version {wanted}",
            wheel_path.display(),
            wheel.version
        );
    }

    // Everything this import writes, relative to the models dir, with where it comes from.
    let mut copies = Vec::new();
    let mut imported = Vec::new();
    for service in &services {
        let api_version = wheel.newest_api_version(service)?;
        for file in SERVICE_FILES {
            let rel = format!("{service}/{api_version}/{file}");
            copies.push((format!("botocore/data/{rel}"), rel));
        }
        imported.push((service.clone(), api_version));
    }
    copies.push((
        "botocore/data/partitions.json".into(),
        "partitions.json".into(),
    ));
    for file in ["LICENSE.txt", "NOTICE"] {
        copies.push((format!("{}/{file}", wheel.dist_info), file.into()));
    }

    // Read everything before writing anything, so a bad wheel changes nothing.
    let contents = copies
        .iter()
        .map(|(from, _)| wheel.read_entry(from))
        .collect::<Result<Vec<_>>>()?;
    let mut changed = 0;
    for ((_, to), bytes) in copies.iter().zip(&contents) {
        if write_if_changed(&models.join(to), bytes)? {
            println!("  wrote {to}");
            changed += 1;
        }
    }
    for (service, api_version) in &imported {
        note_other_api_versions(&models, service, api_version)?;
    }

    let written: BTreeSet<&str> = copies.iter().map(|(_, to)| to.as_str()).collect();
    let (ours, others): (Vec<_>, Vec<_>) = list_files(&models)?
        .into_iter()
        .partition(|f| written.contains(f.path.as_str()));
    let source = Source {
        version: wheel.version.clone(),
        wheel_name: wheel.file_name.clone(),
        wheel_sha256: wheel.sha256.clone(),
    };
    let readme = render_readme(&source, &imported, &ours, &others);
    if write_if_changed(&models.join("README.md"), readme.as_bytes())? {
        println!("  wrote README.md");
    }
    println!(
        "models import: botocore {} ({} service(s)), {} file(s) in {}, {changed} changed",
        wheel.version,
        imported.len(),
        copies.len(),
        models.display()
    );
    Ok(())
}

/// botocore's service directory names; anything else could escape the models dir.
fn is_service_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The services already imported: the subdirectories of the models dir.
fn existing_services(models: &Path) -> Result<Vec<String>> {
    let mut services = Vec::new();
    let entries = match fs::read_dir(models) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(services),
        Err(e) => return Err(e).with_context(|| format!("listing {}", models.display())),
    };
    for entry in entries {
        let entry = entry.with_context(|| format!("listing {}", models.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !name.starts_with('.') {
            services.push(name);
        }
    }
    services.sort();
    Ok(services)
}

/// The newest API version of `service` among wheel entry names: the last
/// `<api-version>` (they are dates) having a `service-2.json[.gz]`.
fn newest_api_version<'a>(
    names: impl IntoIterator<Item = &'a str>,
    service: &str,
) -> Option<&'a str> {
    let prefix = format!("botocore/data/{service}/");
    names
        .into_iter()
        .filter_map(|name| {
            let (version, file) = name.strip_prefix(&prefix)?.split_once('/')?;
            matches!(file, "service-2.json" | "service-2.json.gz").then_some(version)
        })
        .max()
}

/// An older (or otherwise different) API version stays: codegen.toml may
/// still point at it, and removing it is a reviewable decision of its own.
fn note_other_api_versions(models: &Path, service: &str, api_version: &str) -> Result<()> {
    let dir = models.join(service);
    let codegen_toml = fs::read_to_string(models.join("codegen.toml")).unwrap_or_default();
    let mut others: Vec<String> = fs::read_dir(&dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|v| v != api_version)
        .collect();
    others.sort();
    for other in others {
        println!("note: left {service}/{other}/ in place; the newest is {api_version}");
        if codegen_toml.contains(&format!("\"{service}/{other}/")) {
            println!(
                "note: codegen.toml still uses {service}/{other}/; point its `model` at \
                 {service}/{api_version}/service-2.json to switch"
            );
        }
    }
    Ok(())
}

/// A directory under the system temp dir, removed when dropped.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new() -> Result<Self> {
        let path = std::env::temp_dir().join(format!("slimaws-botocore-{}", process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Self(path))
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Fetches the botocore wheel with pip, which knows PyPI's index, mirrors and proxies.
fn download_wheel(version: &str, dir: &Path) -> Result<PathBuf> {
    let spec = format!("botocore=={version}");
    println!("models import: python3 -m pip download {spec}");
    let status = process::Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(["--no-deps", "--only-binary", ":all:", &spec, "-d"])
        .arg(dir)
        .status()
        .context("running `python3 -m pip` (is Python 3 installed? or pass --wheel PATH)")?;
    ensure!(
        status.success(),
        "`python3 -m pip download {spec}` failed ({status}); is {version} a botocore release? \
         (or pass --wheel PATH)"
    );
    let wheels: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "whl"))
        .collect();
    match wheels.as_slice() {
        [wheel] => Ok(wheel.clone()),
        _ => bail!(
            "pip left {} wheel(s) in {}, expected one",
            wheels.len(),
            dir.display()
        ),
    }
}

/// A botocore wheel, read into memory (about 15 MB) to hash it and unzip from it.
struct Wheel {
    file_name: String,
    sha256: String,
    version: String,
    /// `botocore-<version>.dist-info`, which holds LICENSE.txt and NOTICE.
    dist_info: String,
    names: Vec<String>,
    zip: ZipArchive<Cursor<Vec<u8>>>,
}

impl Wheel {
    fn open(path: &Path) -> Result<Self> {
        let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let sha256 = sha256_hex(&bytes);
        let zip = ZipArchive::new(Cursor::new(bytes))
            .with_context(|| format!("{} is not a wheel (zip) file", path.display()))?;
        let names = zip
            .file_names()
            .map(|n| n.map(|n| n.into_owned()))
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("reading the entry names of {}", path.display()))?;
        let dist_info = names
            .iter()
            .filter_map(|n| n.strip_suffix("/LICENSE.txt"))
            .find(|d| d.starts_with("botocore-") && d.ends_with(".dist-info"))
            .with_context(|| {
                format!(
                    "{} is not a botocore wheel: no botocore-*.dist-info/LICENSE.txt",
                    path.display()
                )
            })?
            .to_owned();
        let version = dist_info["botocore-".len()..dist_info.len() - ".dist-info".len()].to_owned();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Self {
            file_name,
            sha256,
            version,
            dist_info,
            names,
            zip,
        })
    }

    fn newest_api_version(&self, service: &str) -> Result<String> {
        if let Some(v) = newest_api_version(self.names.iter().map(String::as_str), service) {
            return Ok(v.to_owned());
        }
        let dir = format!("botocore/data/{service}/");
        if self.names.iter().any(|n| n.starts_with(&dir)) {
            bail!("{dir} in botocore {} has no service-2.json", self.version)
        }
        bail!(
            "service `{service}` is not in botocore {}: no {dir} in the wheel",
            self.version
        )
    }

    /// The entry `name`, from `name.gz` gunzipped if the wheel has that instead.
    fn read_entry(&mut self, name: &str) -> Result<Vec<u8>> {
        let gz = format!("{name}.gz");
        let (entry, gzipped) = if self.names.contains(&gz) {
            (gz, true)
        } else if self.names.iter().any(|n| n == name) {
            (name.to_owned(), false)
        } else {
            bail!("botocore {} has no {name} (nor {name}.gz)", self.version);
        };
        let mut raw = Vec::new();
        let unzipping = || format!("unzipping {entry} from {}", self.file_name);
        let mut file = self.zip.by_name(&entry).with_context(unzipping)?;
        file.read_to_end(&mut raw).with_context(unzipping)?;
        if !gzipped {
            return Ok(raw);
        }
        let mut out = Vec::new();
        MultiGzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .with_context(|| format!("gunzipping {entry} from {}", self.file_name))?;
        Ok(out)
    }
}

/// Leaves identical files alone so their mtimes (and build caches) stay put.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(true)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(Debug, PartialEq)]
struct FileEntry {
    /// Relative to the models dir, `/`-separated.
    path: String,
    sha256: String,
    size: u64,
}

/// Every file of the models dir except our own, sorted by path.
fn list_files(models: &Path) -> Result<Vec<FileEntry>> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<FileEntry>) -> Result<()> {
        for entry in fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
            let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = format!("{prefix}{name}");
            if name.starts_with('.') || (prefix.is_empty() && OWN_FILES.contains(&name.as_str())) {
                continue;
            }
            if entry.path().is_dir() {
                walk(&entry.path(), &format!("{path}/"), out)?;
            } else {
                let bytes = fs::read(entry.path())
                    .with_context(|| format!("reading {}", entry.path().display()))?;
                out.push(FileEntry {
                    path,
                    sha256: sha256_hex(&bytes),
                    size: bytes.len() as u64,
                });
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(models, "", &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

struct Source {
    version: String,
    wheel_name: String,
    wheel_sha256: String,
}

/// models/README.md: only a function of its arguments (no dates), so
/// re-importing the same wheel reproduces it exactly.
fn render_readme(
    source: &Source,
    imported: &[(String, String)],
    files: &[FileEntry],
    others: &[FileEntry],
) -> String {
    let Source {
        version,
        wheel_name,
        wheel_sha256,
    } = source;
    let services: Vec<String> = imported.iter().map(|(s, v)| format!("`{s}` {v}")).collect();
    let example = imported.first().map_or("quicksight", |(s, _)| s.as_str());
    let table = |files: &[FileEntry]| -> String {
        let mut t = String::from("| File | SHA-256 | Bytes |\n| --- | --- | ---: |\n");
        for f in files {
            t += &format!("| `{}` | `{}` | {} |\n", f.path, f.sha256, f.size);
        }
        t
    };

    let mut out = format!(
        "# models\n\
         \n\
         <!-- Written by `cargo xtask models import`; edits here are overwritten. -->\n\
         \n\
         The input of `cargo xtask codegen`: AWS service models (`service-2.json`),\n\
         endpoint rule sets (`endpoint-rule-set-1.json`) and partition data\n\
         (`partitions.json`) from botocore, the data package of the AWS SDK for\n\
         Python, laid out as `<service>/<api-version>/<file>`. The wheel ships the\n\
         service files as `.json.gz`; they are gunzipped, and every file here is\n\
         otherwise byte-for-byte as in the wheel.\n\
         \n\
         `codegen.toml` (ours, not botocore's) selects the operations to generate.\n\
         \n\
         ## Source\n\
         \n\
         - Package: botocore {version}, the wheel from PyPI\n\
         - Wheel: `{wheel_name}`\n\
         - Wheel SHA-256: `{wheel_sha256}`\n\
         - Services (API version): {}\n\
         \n\
         ## License\n\
         \n\
         botocore and its data are licensed under the Apache License, Version 2.0:\n\
         see [LICENSE.txt](LICENSE.txt) and [NOTICE](NOTICE), copied unmodified from\n\
         the wheel's `botocore-{version}.dist-info/`.\n\
         \n\
         ## Files\n\
         \n\
         From botocore {version}:\n\
         \n\
         {}",
        services.join(", "),
        table(files),
    );
    if !others.is_empty() {
        out += &format!(
            "\n\
             Not written by the import above (older API versions, or services\n\
             imported earlier; version control history has their source):\n\
             \n\
             {}",
            table(others)
        );
    }
    out += &format!(
        "\n\
         ## Re-importing\n\
         \n\
         ```sh\n\
         cargo xtask models import --botocore-version {version}\n\
         cargo xtask models import --botocore-version {version} --service {example}\n\
         ```\n\
         \n\
         This downloads the botocore wheel with `python3 -m pip download`\n\
         (`--wheel PATH` uses a local wheel instead), copies the newest API version\n\
         of each `--service` (default: every service directory here; a new name\n\
         adds a service), plus `partitions.json`, `LICENSE.txt` and `NOTICE`, and\n\
         rewrites this README. An older API-version directory is left in place.\n\
         \n\
         The import never touches `codegen.toml`: to use a new API version, point\n\
         the service's `model` there at it; to add operations, list them there.\n\
         Then run `cargo xtask codegen`.\n"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_api_version_is_the_last_date_with_a_service_model() {
        let names = [
            "botocore/data/cloudfront/2016-01-28/service-2.json.gz",
            "botocore/data/cloudfront/2020-05-31/service-2.json.gz",
            "botocore/data/cloudfront/2019-03-26/service-2.json",
            // Newer, but without a service model: not an API version.
            "botocore/data/cloudfront/2099-01-01/paginators-1.json",
            // A different service sharing the prefix.
            "botocore/data/cloudfront-keyvaluestore/2022-07-26/service-2.json.gz",
            "botocore/data/partitions.json",
        ];
        assert_eq!(newest_api_version(names, "cloudfront"), Some("2020-05-31"));
        assert_eq!(
            newest_api_version(names, "cloudfront-keyvaluestore"),
            Some("2022-07-26")
        );
        assert_eq!(newest_api_version(names, "quicksight"), None);
    }

    #[test]
    fn service_names_cannot_leave_the_models_dir() {
        assert!(is_service_name("voice-id"));
        assert!(is_service_name("s3"));
        assert!(!is_service_name(""));
        assert!(!is_service_name("../etc"));
        assert!(!is_service_name("a/b"));
        assert!(!is_service_name("QuickSight"));
    }

    #[test]
    fn readme_lists_source_files_and_others() {
        let source = Source {
            version: "1.2.3".into(),
            wheel_name: "botocore-1.2.3-py3-none-any.whl".into(),
            wheel_sha256: "ab".repeat(32),
        };
        let file = |path: &str, size| FileEntry {
            path: path.into(),
            sha256: "0".repeat(64),
            size,
        };
        let imported = [("voice-id".to_string(), "2021-09-27".to_string())];
        let files = [
            file("NOTICE", 7),
            file("voice-id/2021-09-27/service-2.json", 12345),
        ];
        let readme = render_readme(&source, &imported, &files, &[]);
        assert!(readme.contains("- Package: botocore 1.2.3, the wheel from PyPI\n"));
        assert!(readme.contains(&format!("- Wheel SHA-256: `{}`\n", "ab".repeat(32))));
        assert!(readme.contains("- Services (API version): `voice-id` 2021-09-27\n"));
        assert!(readme.contains(&format!(
            "| `voice-id/2021-09-27/service-2.json` | `{}` | 12345 |\n",
            "0".repeat(64)
        )));
        assert!(readme.contains("--botocore-version 1.2.3 --service voice-id\n"));
        assert!(!readme.contains("Not written by the import"));
        // Same inputs, same bytes.
        assert_eq!(readme, render_readme(&source, &imported, &files, &[]));

        let old = [file("voice-id/2020-01-01/service-2.json", 1)];
        let with_old = render_readme(&source, &imported, &files, &old);
        assert!(with_old.contains("Not written by the import"));
        assert!(with_old.contains("| `voice-id/2020-01-01/service-2.json` |"));
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
