//! `cargo xtask figures`: cold release build time, peak compiler memory and
//! stripped binary size of the example application that calls the five
//! operations (`tests/app`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::workspace_root;

#[derive(clap::Args)]
pub struct Args {
    /// Build directory to use (emptied first); defaults to a fresh temporary one.
    #[arg(long)]
    target_dir: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let root = workspace_root();
    let target = args
        .target_dir
        .unwrap_or_else(|| std::env::temp_dir().join("slimaws-figures-target"));
    if target.exists() {
        std::fs::remove_dir_all(&target)
            .with_context(|| format!("emptying {}", target.display()))?;
    }

    // Fetch sources first so the timing covers compilation only.
    let fetch = Command::new("cargo")
        .args(["fetch", "--locked"])
        .current_dir(&root)
        .status()
        .context("running cargo fetch")?;
    if !fetch.success() {
        bail!("cargo fetch failed");
    }

    let time_log = target.with_extension("time.txt");
    let started = Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-v")
        .arg("-o")
        .arg(&time_log)
        .args([
            "cargo",
            "build",
            "--release",
            "--locked",
            "-p",
            "slimaws-example-app",
        ])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(&root)
        .status()
        .context("running /usr/bin/time cargo build (is GNU time installed?)")?;
    let elapsed = started.elapsed();
    if !status.success() {
        bail!("cargo build failed");
    }
    let peak_kib = max_rss_kib(&time_log)?;

    let binary = target.join("release/five_operations");
    let stripped = target.join("five_operations.stripped");
    let strip = Command::new("strip")
        .arg("-o")
        .arg(&stripped)
        .arg(&binary)
        .status()
        .context("running strip")?;
    if !strip.success() {
        bail!("strip failed on {}", binary.display());
    }
    let size = std::fs::metadata(&stripped)?.len();
    let crates = count_crates(&target.join("release/deps"));

    println!(
        "cold release build of tests/app (five_operations, {} cores):",
        num_cpus()
    );
    println!("  wall time:            {:.1} s", elapsed.as_secs_f64());
    println!(
        "  peak compiler memory: {:.0} MB (largest process, GNU time max RSS)",
        peak_kib as f64 / 1024.0
    );
    println!(
        "  stripped binary:      {:.2} MB",
        size as f64 / 1_048_576.0
    );
    println!("  crates compiled:      {crates}");
    Ok(())
}

fn max_rss_kib(log: &Path) -> Result<u64> {
    let text =
        std::fs::read_to_string(log).with_context(|| format!("reading {}", log.display()))?;
    text.lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .with_context(|| format!("no maximum resident set size in {}", log.display()))
}

/// Distinct crate names among the compiled `.rlib`s.
fn count_crates(deps: &Path) -> usize {
    let mut names: Vec<String> = std::fs::read_dir(deps)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let stem = name.strip_prefix("lib")?.strip_suffix(".rlib")?;
                    Some(stem.rsplit_once('-').map_or(stem, |(n, _)| n).to_owned())
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names.dedup();
    names.len() + 1
}

fn num_cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
