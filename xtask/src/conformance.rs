//! `cargo xtask conformance`: runs botocore's protocol test suites (the
//! `slimaws-conformance` crate) and prints one line per suite, then the skip
//! list; fails if any case fails.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use slimaws_testgen::conformance::{read_skips, suite_module, todo_file, SUITES};

use crate::workspace_root;

#[derive(clap::Args)]
pub struct Args {
    /// Only run the tests whose path contains this filter (as `cargo test`).
    #[arg(long)]
    filter: Option<String>,
}

#[derive(Default)]
struct Counts {
    passed: usize,
    failed: Vec<String>,
    skipped: usize,
    /// Cases botocore passes and we do not yet (`todo.toml`).
    todo: usize,
}

pub fn run(args: Args) -> Result<()> {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(&cargo);
    cmd.current_dir(&root)
        .args([
            "test",
            "--package",
            "slimaws-conformance",
            "--lib",
            "--no-fail-fast",
            "--",
        ])
        .arg(args.filter.as_deref().unwrap_or("generated::"))
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let output = cmd.output().context("running cargo test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);

    // `test generated::<suite>::cases::<group>::<case> ... ok|FAILED|ignored[, reason]`
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut seen = 0;
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test generated::") else {
            continue;
        };
        let Some((path, result)) = rest.split_once(" ... ") else {
            continue;
        };
        let suite = path.split("::").next().unwrap_or_default().to_owned();
        let c = counts.entry(suite).or_default();
        seen += 1;
        if result == "ok" {
            c.passed += 1;
        } else if result.starts_with("ignored, todo:") {
            c.todo += 1;
        } else if result.starts_with("ignored") {
            c.skipped += 1;
        } else {
            c.failed.push(path.to_owned());
        }
    }
    if seen == 0 {
        eprintln!("{stdout}");
        bail!("no conformance test ran (does the crate build? run `cargo xtask codegen`)");
    }

    let mut failed = Vec::new();
    for (protocol, direction) in SUITES {
        let c = counts
            .remove(&suite_module(protocol, direction))
            .unwrap_or_default();
        let todo = match c.todo {
            0 => String::new(),
            n => format!(", {n} todo"),
        };
        println!(
            "conformance {protocol} {direction}: {} passed, {} failed, {} skipped{todo}",
            c.passed,
            c.failed.len(),
            c.skipped
        );
        failed.extend(c.failed);
    }

    let skips = read_skips(&root.join("tests/conformance/skip.toml"))?;
    if skips.is_empty() {
        println!("skipped cases: none");
    } else {
        println!(
            "skipped cases ({}, from tests/conformance/skip.toml):",
            skips.len()
        );
        for s in &skips {
            println!("  {} {}: {}", s.suite, s.case, s.reason);
        }
    }

    let todo = read_skips(&todo_file(&root.join("tests/conformance/skip.toml")))?;
    if !todo.is_empty() {
        println!(
            "todo cases ({}, from tests/conformance/todo.toml: botocore passes them, slimaws not yet)",
            todo.len()
        );
    }

    // A skipped case that passes now should leave the list.
    let stale = passing_skips(&root, &cargo)?;
    if !stale.is_empty() {
        eprintln!("skipped or todo cases that pass now (remove them from skip.toml or todo.toml):");
        for s in &stale {
            eprintln!("  {s}");
        }
    }

    if !failed.is_empty() {
        eprintln!("failed cases ({}):", failed.len());
        for f in &failed {
            eprintln!("  {f}");
        }
        bail!(
            "{} conformance case(s) failed; rerun one with `cargo test -p slimaws-conformance -- <name>`",
            failed.len()
        );
    }
    if !output.status.success() {
        bail!("cargo test failed");
    }
    if !stale.is_empty() {
        bail!(
            "{} skipped case(s) pass; the skip list must only hold failing cases",
            stale.len()
        );
    }
    Ok(())
}

/// The skipped (`#[ignore]`d) tests that pass when run.
fn passing_skips(root: &std::path::Path, cargo: &str) -> Result<Vec<String>> {
    let output = Command::new(cargo)
        .current_dir(root)
        .args([
            "test",
            "--package",
            "slimaws-conformance",
            "--lib",
            // Not `--quiet`: that prints a dot, not `test .. ok`, per passing case.
            "--",
            "generated::",
            "--ignored",
        ])
        .env("RUST_BACKTRACE", "0")
        .stderr(Stdio::null())
        .output()
        .context("running cargo test --ignored")?;
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("test generated::"))
        .filter_map(|l| l.strip_suffix(" ... ok"))
        .map(str::to_owned)
        .collect())
}
