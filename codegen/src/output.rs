//! Writing generated files, and checking that committed ones are current.
//! The output directory belongs to the generator: `.rs` files in it that the
//! generator did not produce are stale and removed.

use std::path::{Path, PathBuf};

use crate::emit::Files;
use crate::error::{Error, Result};

/// How a file on disk differs from what the generator produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    Missing(PathBuf),
    Changed(PathBuf),
    /// On disk but no longer generated.
    Extra(PathBuf),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing(p) => write!(f, "missing: {}", p.display()),
            Drift::Changed(p) => write!(f, "stale:   {}", p.display()),
            Drift::Extra(p) => write!(f, "extra:   {}", p.display()),
        }
    }
}

/// Compares `files` with the contents of `out`, without writing anything.
pub fn check(out: &Path, files: &Files) -> Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for (rel, text) in files {
        let path = out.join(rel);
        match std::fs::read_to_string(&path) {
            Ok(on_disk) if on_disk == *text => {}
            Ok(_) => drift.push(Drift::Changed(path)),
            Err(_) => drift.push(Drift::Missing(path)),
        }
    }
    for path in existing_rs_files(out)? {
        let rel = path.strip_prefix(out).unwrap_or(&path).to_path_buf();
        if !files.contains_key(&rel) {
            drift.push(Drift::Extra(path));
        }
    }
    Ok(drift)
}

/// Writes changed files only (so unchanged files keep their timestamps and
/// cargo does not rebuild), removes stale ones, and returns what changed.
pub fn write(out: &Path, files: &Files) -> Result<Vec<Drift>> {
    let drift = check(out, files)?;
    for d in &drift {
        match d {
            Drift::Missing(path) | Drift::Changed(path) => {
                let rel = path.strip_prefix(out).unwrap_or(path);
                let text = &files[rel];
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                        path: dir.to_owned(),
                        source,
                    })?;
                }
                std::fs::write(path, text).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
            }
            Drift::Extra(path) => {
                std::fs::remove_file(path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
            }
        }
    }
    remove_empty_dirs(out);
    Ok(drift)
}

fn existing_rs_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(Error::Io { path: d, source }),
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

fn remove_empty_dirs(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                remove_empty_dirs(&path);
                // Fails, harmlessly, when the directory still has files.
                let _ = std::fs::remove_dir(&path);
            }
        }
    }
}
