//! `cargo xtask figures`: cold release build time, peak compiler memory and
//! stripped binary size of the example application that calls the five
//! operations (`tests/app`). Build time on a shared 2-core machine varies by
//! several seconds from run to run, so it builds `--runs` times from scratch
//! and reports the median with the range.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::workspace_root;

#[derive(clap::Args)]
pub struct Args {
    /// Build directory to use (emptied before each run); defaults to a fresh temporary one.
    #[arg(long)]
    target_dir: Option<PathBuf>,
    /// Cold builds to run; the median is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Instead of building cold, count the instructions one call of each
    /// operation costs (callgrind over `tests/app/examples/calls.rs`).
    #[arg(long)]
    instructions: bool,
}

pub fn run(args: Args) -> Result<()> {
    let root = workspace_root();
    if args.instructions {
        return crate::instructions::run(&root);
    }
    let target = args
        .target_dir
        .unwrap_or_else(|| std::env::temp_dir().join("slimaws-figures-target"));
    if args.runs == 0 {
        bail!("--runs must be at least 1");
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

    let mut runs = Vec::with_capacity(args.runs);
    for i in 1..=args.runs {
        let run = cold_build(&root, &target)?;
        println!(
            "  run {i}: {:.1} s wall, {:.1} s CPU, {:.0} MB peak",
            run.wall_s,
            run.cpu_s,
            run.peak_kib as f64 / 1024.0
        );
        runs.push(run);
    }

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

    let wall = median(runs.iter().map(|r| r.wall_s));
    let cpu = median(runs.iter().map(|r| r.cpu_s));
    let (lo, hi) = runs.iter().fold((f64::MAX, 0f64), |(lo, hi), r| {
        (lo.min(r.wall_s), hi.max(r.wall_s))
    });
    let peak = runs.iter().map(|r| r.peak_kib).max().unwrap_or(0);
    println!(
        "cold release build of tests/app (five_operations, {} cores, {} runs):",
        num_cpus(),
        runs.len()
    );
    println!("  wall time:            {wall:.1} s median ({lo:.1} to {hi:.1} s)");
    println!("  CPU time:             {cpu:.1} s median (user + system)");
    println!(
        "  peak compiler memory: {:.0} MB (largest process, GNU time max RSS)",
        peak as f64 / 1024.0
    );
    println!(
        "  stripped binary:      {:.2} MB",
        size as f64 / 1_048_576.0
    );
    println!("  crates compiled:      {crates}");
    Ok(())
}

struct ColdBuild {
    wall_s: f64,
    cpu_s: f64,
    peak_kib: u64,
}

/// One `cargo build --release` of the example app in an emptied target dir.
fn cold_build(root: &Path, target: &Path) -> Result<ColdBuild> {
    if target.exists() {
        std::fs::remove_dir_all(target)
            .with_context(|| format!("emptying {}", target.display()))?;
    }
    std::fs::create_dir_all(target)?;
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
            "--quiet",
            "-p",
            "slimaws-example-app",
        ])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(root)
        .status()
        .context("running /usr/bin/time cargo build (is GNU time installed?)")?;
    let wall_s = started.elapsed().as_secs_f64();
    if !status.success() {
        bail!("cargo build failed");
    }
    let text = std::fs::read_to_string(&time_log)
        .with_context(|| format!("reading {}", time_log.display()))?;
    let seconds = |key: &str| -> f64 {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(key))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0.0)
    };
    Ok(ColdBuild {
        wall_s,
        cpu_s: seconds("User time (seconds):") + seconds("System time (seconds):"),
        peak_kib: max_rss_kib(&time_log)?,
    })
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
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

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median([3.0, 1.0, 2.0].into_iter()), 2.0);
        assert_eq!(median([4.0, 1.0, 3.0, 2.0].into_iter()), 2.5);
        assert_eq!(median(std::iter::empty()), 0.0);
    }
}
