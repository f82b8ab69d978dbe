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
    for path in owned_rs_files(out, files)? {
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
    // Only where a stale file was removed, so no one else's empty directory goes.
    for d in &drift {
        if let Drift::Extra(path) = d {
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| d.starts_with(out) && *d != out) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    Ok(drift)
}

/// The `.rs` files the generator owns in `dir`: those at its top level and
/// those in the top-level directories it writes into (`src/`, say), so that a
/// crate's `target/` or an application's own files are never touched.
fn owned_rs_files(dir: &Path, files: &Files) -> Result<Vec<PathBuf>> {
    let mut owned: Vec<PathBuf> = files
        .keys()
        .filter(|rel| rel.components().count() > 1)
        .filter_map(|rel| rel.components().next())
        .map(|first| dir.join(first))
        .collect();
    owned.dedup();
    let mut found = existing_rs_files(&owned)?;
    let top = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(source) => {
            return Err(Error::Io {
                path: dir.to_owned(),
                source,
            })
        }
    };
    found.extend(
        top.flatten()
            .map(|entry| entry.path())
            .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "rs")),
    );
    found.sort();
    Ok(found)
}

/// Every `.rs` file under `dirs`, recursively.
fn existing_rs_files(dirs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = dirs.to_vec();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate directory after `cargo build`: the generator's files, a
    /// stale one, and files it does not own.
    #[test]
    fn only_owned_files_are_checked_and_removed() {
        let dir = std::env::temp_dir().join(format!("slimaws-output-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in [
            ("src/lib.rs", "old"),
            ("src/gone/mod.rs", "stale"),
            ("target/debug/build/x/out/bindings.rs", "theirs"),
            ("examples/demo.rs", "theirs"),
        ] {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let files = Files::from([
            (PathBuf::from("Cargo.toml"), "[package]".to_owned()),
            (PathBuf::from("src/lib.rs"), "new".to_owned()),
        ]);
        let drift = write(&dir, &files).unwrap();
        assert_eq!(
            drift,
            [
                Drift::Missing(dir.join("Cargo.toml")),
                Drift::Changed(dir.join("src/lib.rs")),
                Drift::Extra(dir.join("src/gone/mod.rs")),
            ]
        );
        assert!(!dir.join("src/gone").exists());
        assert!(dir.join("target/debug/build/x/out/bindings.rs").exists());
        assert!(dir.join("examples/demo.rs").exists());
        assert_eq!(check(&dir, &files).unwrap(), []);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
