//! A wheel used in place of a models directory: each service's files are
//! extracted, when first asked for, into a cache directory in botocore's
//! layout, named by the wheel's version and hash so that two wheels never
//! share one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{write_if_changed, Wheel, SERVICE_FILES};
use crate::error::Result;

/// A wheel and the directory its services are extracted into.
#[derive(Debug)]
pub struct WheelCache {
    wheel: Mutex<Wheel>,
    dir: PathBuf,
    /// Service -> its newest API version.
    services: BTreeMap<String, String>,
}

impl WheelCache {
    /// Opens the wheel at `path`, caching under the user's cache directory
    /// (`$SLIMAWS_CACHE_DIR`, else `$XDG_CACHE_HOME/slimaws`, else
    /// `~/.cache/slimaws`).
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_in(path, &cache_root())
    }

    /// Opens the wheel at `path`, caching under `root`.
    pub fn open_in(path: &Path, root: &Path) -> Result<Self> {
        let wheel = Wheel::open(path)?;
        let dir = root.join(format!(
            "botocore-{}-{}",
            wheel.version,
            &wheel.sha256[..16]
        ));
        let services = wheel.services().into_iter().collect();
        Ok(Self {
            wheel: Mutex::new(wheel),
            dir,
            services,
        })
    }

    /// The directory the services are extracted into (botocore's layout).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every service of the wheel with its newest API version.
    pub fn services(&self) -> &BTreeMap<String, String> {
        &self.services
    }

    /// Extracts `service`'s newest model and rule set, and `partitions.json`,
    /// unless they are there already; returns the API-version directory.
    pub fn extract(&self, service: &str, api_version: &str) -> Result<PathBuf> {
        let version_dir = self.dir.join(service).join(api_version);
        // A poisoned lock only means another thread's extraction failed; the
        // files it did write are whole (see `write_if_changed`).
        let mut wheel = self.wheel.lock().unwrap_or_else(|e| e.into_inner());
        for file in SERVICE_FILES {
            let entry = format!("botocore/data/{service}/{api_version}/{file}");
            let path = version_dir.join(file);
            if !path.is_file() && wheel.has_entry(&entry) {
                write_if_changed(&path, &wheel.read_entry(&entry)?)?;
            }
        }
        let partitions = self.dir.join("partitions.json");
        if !partitions.is_file() {
            write_if_changed(
                &partitions,
                &wheel.read_entry("botocore/data/partitions.json")?,
            )?;
        }
        Ok(version_dir)
    }
}

/// The user's cache directory for slimaws: `$SLIMAWS_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/slimaws`, else `~/.cache/slimaws`.
pub fn cache_root() -> PathBuf {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = var("SLIMAWS_CACHE_DIR") {
        return dir;
    }
    if let Some(dir) = var("XDG_CACHE_HOME") {
        return dir.join("slimaws");
    }
    if let Some(home) = var("HOME") {
        return home.join(".cache").join("slimaws");
    }
    std::env::temp_dir().join("slimaws-cache")
}
