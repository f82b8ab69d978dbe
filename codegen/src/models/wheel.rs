//! A botocore wheel: the models inside `botocore/data/` read straight from
//! the zip, and pip to fetch one from PyPI.

use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process;

use flate2::read::MultiGzDecoder;
use zip::ZipArchive;

use super::{io_error, sha256_hex};
use crate::error::{Error, Result};

/// A botocore wheel, read into memory (about 15 MB) to hash it and unzip from it.
pub struct Wheel {
    path: PathBuf,
    /// The wheel's file name, as PyPI lists it.
    pub file_name: String,
    /// SHA-256 of the whole wheel, lowercase hex.
    pub sha256: String,
    /// The botocore release, from its `.dist-info` directory.
    pub version: String,
    /// `botocore-<version>.dist-info`, which holds LICENSE.txt and NOTICE.
    pub dist_info: String,
    names: Vec<String>,
    zip: ZipArchive<Cursor<Vec<u8>>>,
}

impl std::fmt::Debug for Wheel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wheel")
            .field("path", &self.path)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl Wheel {
    /// Opens `path`, which must be a botocore wheel.
    pub fn open(path: &Path) -> Result<Self> {
        let bytes = fs::read(path).map_err(io_error(path))?;
        let bad = |message: String| Error::Models {
            path: path.to_owned(),
            message,
        };
        let sha256 = sha256_hex(&bytes);
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| bad(format!("not a wheel (zip) file: {e}")))?;
        let names = zip
            .file_names()
            .map(|n| n.map(|n| n.into_owned()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| bad(format!("reading the entry names: {e}")))?;
        let dist_info = names
            .iter()
            .filter_map(|n| n.strip_suffix("/LICENSE.txt"))
            .find(|d| d.starts_with("botocore-") && d.ends_with(".dist-info"))
            .ok_or_else(|| bad("not a botocore wheel: no botocore-*.dist-info/LICENSE.txt".into()))?
            .to_owned();
        let version = dist_info["botocore-".len()..dist_info.len() - ".dist-info".len()].to_owned();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Self {
            path: path.to_owned(),
            file_name,
            sha256,
            version,
            dist_info,
            names,
            zip,
        })
    }

    /// Every service of the wheel with its newest API version, sorted by name.
    pub fn services(&self) -> Vec<(String, String)> {
        let mut newest = std::collections::BTreeMap::<&str, &str>::new();
        for name in &self.names {
            if let Some((service, version)) = service_model_entry(name) {
                let slot = newest.entry(service).or_insert(version);
                *slot = (*slot).max(version);
            }
        }
        newest
            .into_iter()
            .map(|(s, v)| (s.to_owned(), v.to_owned()))
            .collect()
    }

    /// The newest API version of `service`: the last `<api-version>` (they
    /// are dates) having a `service-2.json[.gz]`.
    pub fn newest_api_version(&self, service: &str) -> Result<String> {
        let newest = self
            .names
            .iter()
            .filter_map(|n| service_model_entry(n))
            .filter(|(s, _)| *s == service)
            .map(|(_, v)| v)
            .max();
        if let Some(version) = newest {
            return Ok(version.to_owned());
        }
        let dir = format!("botocore/data/{service}/");
        let message = if self.names.iter().any(|n| n.starts_with(&dir)) {
            format!("{dir} in botocore {} has no service-2.json", self.version)
        } else {
            format!(
                "service `{service}` is not in botocore {}: no {dir} in the wheel",
                self.version
            )
        };
        Err(self.error(message))
    }

    /// Whether the wheel has `name` or `name.gz`.
    pub fn has_entry(&self, name: &str) -> bool {
        let gz = format!("{name}.gz");
        self.names.iter().any(|n| *n == name || *n == gz)
    }

    /// The entry `name`, from `name.gz` gunzipped if the wheel has that instead.
    pub fn read_entry(&mut self, name: &str) -> Result<Vec<u8>> {
        let gz = format!("{name}.gz");
        let (entry, gzipped) = if self.names.contains(&gz) {
            (gz, true)
        } else if self.names.iter().any(|n| n == name) {
            (name.to_owned(), false)
        } else {
            let message = format!("botocore {} has no {name} (nor {name}.gz)", self.version);
            return Err(self.error(message));
        };
        let mut raw = Vec::new();
        let read = self
            .zip
            .by_name(&entry)
            .map_err(std::io::Error::other)
            .and_then(|mut file| file.read_to_end(&mut raw));
        if let Err(e) = read {
            return Err(self.error(format!("unzipping {entry}: {e}")));
        }
        if !gzipped {
            return Ok(raw);
        }
        let mut out = Vec::new();
        if let Err(e) = MultiGzDecoder::new(raw.as_slice()).read_to_end(&mut out) {
            return Err(self.error(format!("gunzipping {entry}: {e}")));
        }
        Ok(out)
    }

    fn error(&self, message: String) -> Error {
        Error::Models {
            path: self.path.clone(),
            message,
        }
    }
}

/// `(service, api_version)` of a `botocore/data/<service>/<api-version>/service-2.json[.gz]` entry.
fn service_model_entry(name: &str) -> Option<(&str, &str)> {
    let rest = name.strip_prefix("botocore/data/")?;
    let (service, rest) = rest.split_once('/')?;
    let (version, file) = rest.split_once('/')?;
    matches!(file, "service-2.json" | "service-2.json.gz").then_some((service, version))
}

/// The botocore release front ends import when the user names none: the
/// one slimaws is proven against.
pub const DEFAULT_BOTOCORE: &str = "1.44.5";

/// The wheel a front end uses: `local` if given, else the `release` (default
/// [`DEFAULT_BOTOCORE`]) through [`fetch`].
pub fn local_or_fetch(local: Option<PathBuf>, release: Option<&str>) -> Result<PathBuf> {
    match local {
        Some(path) => Ok(path),
        None => fetch(release.unwrap_or(DEFAULT_BOTOCORE)),
    }
}

/// The botocore `version` wheel from the cache (`<cache>/wheels/`), fetched
/// from PyPI with pip the first time.
pub fn fetch(version: &str) -> Result<PathBuf> {
    let release = |c: char| c.is_ascii_alphanumeric() || c == '.';
    if version.is_empty() || !version.chars().all(release) {
        return Err(Error::Models {
            path: PathBuf::from(version),
            message: "not a botocore release number (such as 1.44.5)".into(),
        });
    }
    let wheels = super::cache::cache_root().join("wheels");
    let cached = wheels.join(format!("botocore-{version}-py3-none-any.whl"));
    if cached.is_file() {
        return Ok(cached);
    }
    let scratch = wheels.join(format!("download-{}", process::id()));
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch).map_err(io_error(&scratch))?;
    let fetched = download(version, &scratch).and_then(|path| {
        let named = path.file_name().map(|n| wheels.join(n)).unwrap_or(cached);
        fs::rename(&path, &named).map_err(io_error(&named))?;
        Ok(named)
    });
    let _ = fs::remove_dir_all(&scratch);
    fetched
}

/// Fetches the botocore `version` wheel into `dir` with pip, which knows
/// PyPI's index, mirrors and proxies; returns its path.
pub fn download(version: &str, dir: &Path) -> Result<PathBuf> {
    let spec = format!("botocore=={version}");
    let failed = |message: String| Error::Models {
        path: dir.to_owned(),
        message,
    };
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
        .map_err(|e| {
            failed(format!(
                "running `python3 -m pip`: {e} (is Python 3 installed? or pass a wheel's path)"
            ))
        })?;
    if !status.success() {
        return Err(failed(format!(
            "`python3 -m pip download {spec}` failed ({status}); is {version} a botocore \
             release? (or pass a wheel's path)"
        )));
    }
    let wheels: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(io_error(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "whl"))
        .collect();
    match wheels.as_slice() {
        [wheel] => Ok(wheel.clone()),
        _ => Err(failed(format!(
            "pip left {} wheel(s), expected one",
            wheels.len()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_model_entries_are_service_and_api_version() {
        let entry = service_model_entry;
        assert_eq!(
            entry("botocore/data/cloudfront/2020-05-31/service-2.json.gz"),
            Some(("cloudfront", "2020-05-31"))
        );
        assert_eq!(
            entry("botocore/data/cloudfront/2019-03-26/service-2.json"),
            Some(("cloudfront", "2019-03-26"))
        );
        assert_eq!(
            entry("botocore/data/cloudfront/2099-01-01/paginators-1.json"),
            None
        );
        assert_eq!(entry("botocore/data/partitions.json"), None);
        assert_eq!(entry("botocore/data/a/b/c/service-2.json"), None);
    }
}
