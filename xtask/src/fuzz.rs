//! `cargo xtask fuzz`: builds the fuzz targets of `tests/fuzz/` with
//! libFuzzer's coverage instrumentation (what cargo-fuzz passes, minus
//! anything nightly), then runs one target, or all, over its committed seeds
//! `tests/fuzz/corpus/<target>/` and a scratch working corpus outside the
//! repository. Fails on a crash, an allocation over the limit or a hang,
//! naming the reproducer.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::workspace_root;

/// Every fuzz target (a `[[bin]]` of `tests/fuzz/Cargo.toml`).
const TARGETS: &[&str] = &[
    "deserialize_update_key_registration",
    "deserialize_update_action_connector",
    "deserialize_update_self_upgrade",
    "deserialize_update_key_group",
    "deserialize_update_domain",
    "error_metadata",
    "event_streams",
    "endpoint_params",
    "endpoint_rule_set",
    "model_botocore",
    "model_smithy",
];

/// Coverage instrumentation of SanitizerCoverage, as libFuzzer reads it.
const INSTRUMENT: &str = "-Cpasses=sancov-module \
    -Cllvm-args=-sanitizer-coverage-level=4 \
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
    -Cllvm-args=-sanitizer-coverage-pc-table \
    -Cllvm-args=-sanitizer-coverage-trace-compares \
    --cfg fuzzing";

/// An explicit target keeps RUSTFLAGS off build scripts (which cannot link
/// the instrumentation).
const HOST: &str = "x86_64-unknown-linux-gnu";

#[derive(clap::Args)]
pub struct Args {
    /// The target to run (see `--list`).
    #[arg(long, conflicts_with = "all")]
    target: Option<String>,
    /// Run every target.
    #[arg(long)]
    all: bool,
    /// Executions per target.
    #[arg(long, default_value_t = 100_000)]
    execs: u64,
    /// Print the targets and exit.
    #[arg(long)]
    list: bool,
    /// Seconds one input may take before it counts as a hang.
    #[arg(long, default_value_t = 10)]
    timeout: u64,
    /// Memory limit (RSS and one allocation), MB.
    #[arg(long, default_value_t = 2048)]
    memory_mb: u64,
}

pub fn run(args: Args) -> Result<()> {
    if args.list {
        for t in TARGETS {
            println!("{t}");
        }
        return Ok(());
    }
    let targets: Vec<&str> = match (&args.target, args.all) {
        (Some(t), _) if TARGETS.contains(&t.as_str()) => vec![t.as_str()],
        (Some(t), _) => bail!("no fuzz target `{t}` (see `cargo xtask fuzz --list`)"),
        (None, true) => TARGETS.to_vec(),
        (None, false) => bail!("name a target with --target, or --all"),
    };
    let dir = workspace_root().join("tests/fuzz");
    build(&dir)?;
    let bin = dir.join("target").join(HOST).join("release");
    for target in targets {
        run_target(&dir, &bin.join(target), target, &args)?;
    }
    Ok(())
}

fn build(dir: &Path) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(dir)
        .args(["build", "--release", "--locked", "--bins", "--target", HOST])
        .env("RUSTFLAGS", INSTRUMENT)
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .context("running cargo build for tests/fuzz")?;
    if !status.success() {
        bail!("building the fuzz targets failed");
    }
    Ok(())
}

fn run_target(dir: &Path, bin: &Path, target: &str, args: &Args) -> Result<()> {
    let scratch = std::env::temp_dir().join("slimaws-fuzz").join(target);
    let work = scratch.join("corpus");
    let artifacts = scratch.join("artifacts");
    std::fs::create_dir_all(&work).with_context(|| work.display().to_string())?;
    std::fs::create_dir_all(&artifacts).with_context(|| artifacts.display().to_string())?;
    let seeds = dir.join("corpus").join(target);
    let before = reproducers(&artifacts)?;

    let start = Instant::now();
    let output = Command::new(bin)
        .arg(format!("-runs={}", args.execs))
        .arg(format!("-timeout={}", args.timeout))
        .arg(format!("-rss_limit_mb={}", args.memory_mb))
        .arg(format!("-malloc_limit_mb={}", args.memory_mb))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg(&work)
        .arg(&seeds)
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    let secs = start.elapsed().as_secs_f64();
    let log = String::from_utf8_lossy(&output.stderr);

    let new: Vec<PathBuf> = reproducers(&artifacts)?
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    let crashes = new.len();
    println!(
        "fuzz {target}: {} execs in {secs:.1} s ({:.0} exec/s), {crashes} crashes",
        args.execs,
        args.execs as f64 / secs.max(1e-9)
    );
    if !output.status.success() || crashes > 0 {
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        for line in tail.into_iter().rev() {
            eprintln!("  {line}");
        }
        for p in &new {
            eprintln!("reproducer: {}", p.display());
        }
        bail!(
            "fuzz target {target} failed; rerun one input with `{} <reproducer>`",
            bin.display()
        );
    }
    Ok(())
}

/// libFuzzer's `crash-*`, `oom-*`, `timeout-*` and `leak-*` files.
fn reproducers(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| dir.display().to_string())? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if ["crash-", "oom-", "timeout-", "leak-", "slow-unit-"]
            .iter()
            .any(|p| name.starts_with(p))
        {
            found.push(path);
        }
    }
    Ok(found)
}
