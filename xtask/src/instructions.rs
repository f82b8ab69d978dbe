//! `cargo xtask figures --instructions`: the client-side cost of one call of
//! each operation in instructions, which, unlike time, does not change with
//! the load on the machine. Runs `tests/app/examples/calls.rs` under
//! callgrind with 0 and with `CALLS` calls; the difference over `CALLS` is
//! one call. Valgrind emulates no SHA extensions, so SHA-256 runs as
//! portable code there; its share is printed apart, since on the CPUs it
//! runs on it costs a small fraction of that.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

const CALLS: u64 = 1000;

pub fn run(root: &Path) -> Result<()> {
    let build = Command::new("cargo")
        .args([
            "build",
            "--release",
            "--locked",
            "--quiet",
            "-p",
            "slimaws-example-app",
            "--example",
            "calls",
        ])
        .current_dir(root)
        .status()
        .context("running cargo build")?;
    if !build.success() {
        bail!("cargo build of the calls example failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let example = target.join("release/examples/calls");
    // The example knows its operations.
    let list = Command::new(&example)
        .arg("--list")
        .output()
        .context("listing the example's operations")?;
    let operations = String::from_utf8_lossy(&list.stdout).into_owned();
    println!("instructions per call (callgrind, {CALLS} calls):");
    println!(
        "  {:<24} {:>10} {:>12}",
        "operation", "total", "w/o SHA-256"
    );
    for operation in operations.lines() {
        let base = count(&example, operation, 0)?;
        let many = count(&example, operation, CALLS)?;
        let total = many.total.saturating_sub(base.total) / CALLS;
        let sha = many.sha256.saturating_sub(base.sha256) / CALLS;
        println!(
            "  {operation:<24} {total:>10} {:>12}",
            total.saturating_sub(sha)
        );
    }
    Ok(())
}

struct Counts {
    total: u64,
    sha256: u64,
}

fn count(example: &Path, operation: &str, calls: u64) -> Result<Counts> {
    let out = std::env::temp_dir().join(format!("slimaws-callgrind-{operation}-{calls}.out"));
    let run = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(example)
        .arg(operation)
        .arg(calls.to_string())
        .output()
        .context("running valgrind (is it installed?)")?;
    if !run.status.success() {
        bail!(
            "valgrind {operation} {calls} failed: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let annotate = Command::new("callgrind_annotate")
        .arg("--inclusive=yes")
        .arg(&out)
        .output()
        .context("running callgrind_annotate")?;
    let text = String::from_utf8_lossy(&annotate.stdout);
    let _ = std::fs::remove_file(&out);
    Ok(Counts {
        total: first_count(&text, "PROGRAM TOTALS")
            .with_context(|| format!("no total in callgrind's output for {operation}"))?,
        sha256: first_count(&text, "sha2::sha256::compress256").unwrap_or(0),
    })
}

/// The instruction count (`1,234,567 (12.3%)  name`) of the first line
/// naming `what`.
fn first_count(annotated: &str, what: &str) -> Option<u64> {
    annotated
        .lines()
        .find(|l| l.contains(what))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.replace(',', "").parse().ok())
}

#[cfg(test)]
mod tests {
    use super::first_count;

    #[test]
    fn reads_callgrind_annotate_lines() {
        let text = "20,302,341 (100.0%)  PROGRAM TOTALS\n\
                    8,832,081 (43.50%)  ???:sha2::sha256::compress256 [calls]\n";
        assert_eq!(first_count(text, "PROGRAM TOTALS"), Some(20_302_341));
        assert_eq!(
            first_count(text, "sha2::sha256::compress256"),
            Some(8_832_081)
        );
        assert_eq!(first_count(text, "missing"), None);
    }
}
