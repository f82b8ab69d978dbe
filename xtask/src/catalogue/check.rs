//! `catalogue --check`: the written service crates compiled with `cargo
//! check`, a batch of packages per run in one workspace and target
//! directory, with every error and warning counted per service.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

/// What the compiler said of the catalogue.
#[derive(Default)]
pub struct Report {
    /// Package -> its warnings (`file:line: message`).
    warnings: BTreeMap<String, Vec<String>>,
    /// Package -> its errors, or why its batch could not be checked.
    errors: BTreeMap<String, Vec<String>>,
    checked: usize,
}

impl Report {
    /// No error and no warning.
    pub fn clean(&self) -> bool {
        self.errors.is_empty() && self.warnings.is_empty()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let warnings: usize = self.warnings.values().map(Vec::len).sum();
        for (what, map) in [("error", &self.errors), ("warning", &self.warnings)] {
            for (package, messages) in map {
                writeln!(f, "  {package}: {} {what}(s)", messages.len())?;
                for m in messages.iter().take(3) {
                    writeln!(f, "    {m}")?;
                }
            }
        }
        write!(
            f,
            "catalogue check: {} services compile, {warnings} warnings",
            self.checked - self.errors.len()
        )
    }
}

/// Checks `crates` (package names; each in `out/<service>/`, the package
/// being `catalogue-<service>`), `batch` packages per `cargo check`.
pub fn run(out: &Path, crates: &[&str], batch: usize) -> Result<Report> {
    write_workspace(out, crates)?;
    let mut report = Report {
        checked: crates.len(),
        ..Report::default()
    };
    for (i, chunk) in crates.chunks(batch).enumerate() {
        eprintln!(
            "catalogue check: batch {} of {} ({} crates)",
            i + 1,
            crates.len().div_ceil(batch),
            chunk.len()
        );
        check_batch(out, chunk, &mut report)?;
    }
    Ok(report)
}

/// A workspace of every crate, so the runtime is compiled once.
fn write_workspace(out: &Path, crates: &[&str]) -> Result<()> {
    let mut manifest = String::from(
        "# Written by `cargo xtask catalogue --check`.\n[workspace]\nresolver = \"2\"\nmembers = [\n",
    );
    for package in crates {
        let dir = package.trim_start_matches("catalogue-");
        let _ = writeln!(manifest, "    \"{dir}\",");
    }
    manifest.push_str("]\n");
    let path = out.join("Cargo.toml");
    std::fs::write(&path, manifest).with_context(|| format!("writing {}", path.display()))?;
    // The runtime's dependencies at the versions this repository is tested with.
    let lock = out.join("Cargo.lock");
    if !lock.exists() {
        let ours = crate::workspace_root().join("Cargo.lock");
        std::fs::copy(&ours, &lock).with_context(|| format!("copying {}", ours.display()))?;
    }
    Ok(())
}

fn check_batch(out: &Path, chunk: &[&str], report: &mut Report) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(out)
        .args(["check", "--quiet", "--message-format=json"])
        .env("CARGO_TARGET_DIR", out.join("target"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for package in chunk {
        cmd.args(["-p", package]);
    }
    let output = cmd.output().context("running cargo check")?;
    let mut built = BTreeSet::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        read_message(line, chunk, report, &mut built);
    }
    if !output.status.success() && chunk.iter().all(|p| !report.errors.contains_key(*p)) {
        // Cargo itself failed (a manifest, a dependency): every crate of the batch.
        let stderr = String::from_utf8_lossy(&output.stderr);
        // Shown whole, since its last line seldom says why.
        eprintln!("catalogue check: cargo failed; it said:\n{stderr}");
        let why = stderr
            .lines()
            .last()
            .unwrap_or("cargo check failed")
            .to_owned();
        for package in chunk.iter().filter(|p| !built.contains(**p)) {
            report
                .errors
                .insert((*package).to_owned(), vec![why.clone()]);
        }
    }
    Ok(())
}

/// One line of cargo's JSON output: a diagnostic of one of `chunk`'s
/// packages is recorded; a finished artifact is noted in `built`.
fn read_message(line: &str, chunk: &[&str], report: &mut Report, built: &mut BTreeSet<String>) {
    let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
        return;
    };
    let Some(package) = message["package_id"].as_str().map(package_name) else {
        return;
    };
    if !chunk.contains(&package.as_str()) {
        return;
    }
    match message["reason"].as_str() {
        Some("compiler-artifact") => {
            built.insert(package);
        }
        Some("compiler-message") => {
            let diagnostic = &message["message"];
            let text = diagnostic["message"].as_str().unwrap_or("?");
            let text = match diagnostic["spans"].as_array().and_then(|s| s.first()) {
                Some(span) => format!(
                    "{}:{}: {text}",
                    span["file_name"].as_str().unwrap_or("?"),
                    span["line_start"]
                ),
                // rustc's own closing summaries ("aborting due to ...",
                // "N warnings emitted") repeat what came before.
                None if is_summary(text) => return,
                // An error of the compiler itself (no space left, a limit
                // reached) has no place in the code: its message is all.
                None => text.to_owned(),
            };
            let map = match diagnostic["level"].as_str() {
                Some("error") => &mut report.errors,
                Some("warning") => &mut report.warnings,
                _ => return,
            };
            map.entry(package).or_default().push(text);
        }
        _ => {}
    }
}

/// rustc's closing lines, which only count the diagnostics before them.
fn is_summary(message: &str) -> bool {
    message.starts_with("aborting due to")
        || (message.ends_with("emitted") && message.contains("warning"))
}

/// The package name in a cargo package id: `path+file:///d/x#name@0.1.0`
/// or, when the name is the directory's, `path+file:///d/name#0.1.0` (cargo
/// 1.77 and later); `name 0.1.0 (path+file:///d/x)` before.
fn package_name(id: &str) -> String {
    let Some((url, fragment)) = id.rsplit_once('#') else {
        return id.split(' ').next().unwrap_or(id).to_owned();
    };
    match fragment.split_once('@') {
        Some((name, _)) => name.to_owned(),
        None => url.rsplit('/').next().unwrap_or(url).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_summary, package_name};

    #[test]
    fn only_rustcs_closing_counts_are_summaries() {
        assert!(is_summary("aborting due to 1 previous error"));
        assert!(is_summary("3 warnings emitted"));
        assert!(!is_summary(
            "could not write output to x.rmeta: No space left on device"
        ));
        assert!(!is_summary("queries overflow the depth limit!"));
    }

    #[test]
    fn package_names_from_every_id_form() {
        assert_eq!(
            package_name("path+file:///t/ec2#catalogue-ec2@0.1.0"),
            "catalogue-ec2"
        );
        assert_eq!(
            package_name("path+file:///t/catalogue-ec2#0.1.0"),
            "catalogue-ec2"
        );
        assert_eq!(
            package_name("catalogue-ec2 0.1.0 (path+file:///t/ec2)"),
            "catalogue-ec2"
        );
    }
}
