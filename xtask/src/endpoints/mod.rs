//! `cargo xtask endpoints`: botocore's endpoint test suites for every
//! service (or the named ones), from its sdist, against the rule sets of its
//! wheel, both fetched from PyPI once and cached. The suites run in the
//! `endpoint-suites` binary of the tests crate (the runner
//! `tests/tests/endpoints.rs` uses for `models/`), which prints the failures
//! by service and `endpoints: P passed, F failed, S skipped`. Then the
//! suites' `operationInputs` runs go through generated operations (`e2e`).

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};
use slimaws_codegen::catalog::Catalog;
use slimaws_codegen::models::wheel;

use crate::{sdist, workspace_root};

mod e2e;

#[derive(clap::Args)]
pub struct Args {
    /// Only this service; repeatable [default: every service with a suite].
    #[arg(long = "service", value_name = "SERVICE")]
    services: Vec<String>,
}

pub fn run(args: Args) -> Result<()> {
    let version = wheel::DEFAULT_BOTOCORE;
    let suites = sdist::endpoint_tests(version)?;
    let catalog = Catalog::open(&wheel::fetch(version)?)?;
    let services: Vec<String> = if args.services.is_empty() {
        catalog.services().map(str::to_owned).collect()
    } else {
        args.services.clone()
    };
    // Extracts each service's model and rule set (and partitions.json).
    for service in &services {
        catalog.model(service)?;
        if !suites.join(service).is_dir() {
            bail!("botocore {version}'s sdist has no endpoint tests for `{service}`");
        }
    }
    let models = catalog.dir().to_owned();
    let partitions: PathBuf = models.join("partitions.json");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(workspace_root())
        .args([
            "run",
            "--quiet",
            "--package",
            "slimaws-tests",
            "--bin",
            "endpoint-suites",
            "--",
        ])
        .arg(&suites)
        .arg(&models)
        .arg(&partitions)
        .args(&args.services)
        .status()
        .context("running the endpoint-suites binary")?;
    let e2e_passed = e2e::run(&catalog, &suites, &services, &partitions)?;
    if !status.success() || !e2e_passed {
        bail!("endpoint cases failed (the list is above)");
    }
    Ok(())
}
