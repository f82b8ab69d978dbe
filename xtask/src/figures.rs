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
    /// Also build with cargo's stock release profile, alternating with the
    /// workspace's, and report both and their ratio (the machine's speed
    /// drifts, so only runs taken side by side compare).
    #[arg(long)]
    versus_stock_profile: bool,
}

/// `--config` overrides that turn the workspace's `[profile.release]` back
/// into cargo's defaults. The test `stock_overrides_cover_the_workspace_profile`
/// keeps this list in step with `Cargo.toml`.
const STOCK_PROFILE: &[&str] = &[
    "--config",
    "profile.release.codegen-units=16",
    "--config",
    "profile.release.package.\"*\".codegen-units=16",
    "--config",
    "profile.release.package.\"slimaws-runtime\".codegen-units=16",
    "--config",
    "profile.release.panic=\"unwind\"",
];

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
    let mut stock = Vec::new();
    for i in 1..=args.runs {
        if args.versus_stock_profile {
            let run = cold_build(&root, &target, STOCK_PROFILE)?;
            print_run(&format!("run {i}, stock profile"), &run);
            stock.push(run);
        }
        let run = cold_build(&root, &target, &[])?;
        print_run(&format!("run {i}"), &run);
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
    if !stock.is_empty() {
        let stock_wall = median(stock.iter().map(|r| r.wall_s));
        let stock_cpu = median(stock.iter().map(|r| r.cpu_s));
        let ratio = median(runs.iter().zip(&stock).map(|(r, s)| r.wall_s / s.wall_s));
        println!("  stock release profile, same runs: {stock_wall:.1} s wall, {stock_cpu:.1} s CPU (medians)");
        println!("  wall time ratio, workspace / stock profile: {ratio:.2} (median of pairs)");
    }
    Ok(())
}

fn print_run(label: &str, run: &ColdBuild) {
    println!(
        "  {label}: {:.1} s wall, {:.1} s CPU, {:.0} MB peak",
        run.wall_s,
        run.cpu_s,
        run.peak_kib as f64 / 1024.0
    );
}

struct ColdBuild {
    wall_s: f64,
    cpu_s: f64,
    peak_kib: u64,
}

/// One `cargo build --release` of the example app in an emptied target dir,
/// with `extra` cargo arguments.
fn cold_build(root: &Path, target: &Path, extra: &[&str]) -> Result<ColdBuild> {
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
        .args(extra)
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
        peak_kib: max_rss_kib(&text, &time_log)?,
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

/// GNU time's maximum resident set size, from the text of its `-v` log.
fn max_rss_kib(text: &str, log: &Path) -> Result<u64> {
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
    use super::{median, STOCK_PROFILE};

    /// Every setting of the workspace's release profile must be one the
    /// stock-profile comparison resets, or the comparison would be wrong.
    #[test]
    fn stock_overrides_cover_the_workspace_profile() {
        let manifest = std::fs::read_to_string(crate::workspace_root().join("Cargo.toml")).unwrap();
        let manifest: toml::Table = manifest.parse().unwrap();
        let release = manifest["profile"]["release"].as_table().unwrap();
        let mut settings = Vec::new();
        for (key, value) in release {
            if key == "package" {
                for (package, table) in value.as_table().unwrap() {
                    for key in table.as_table().unwrap().keys() {
                        settings.push(format!("profile.release.package.\"{package}\".{key}="));
                    }
                }
            } else {
                settings.push(format!("profile.release.{key}="));
            }
        }
        assert!(!settings.is_empty());
        for setting in settings {
            assert!(
                STOCK_PROFILE.iter().any(|o| o.starts_with(&setting)),
                "{setting} is not reset by STOCK_PROFILE"
            );
        }
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median([3.0, 1.0, 2.0].into_iter()), 2.0);
        assert_eq!(median([4.0, 1.0, 3.0, 2.0].into_iter()), 2.5);
        assert_eq!(median(std::iter::empty()), 0.0);
    }
}
