//! The suites' end-to-end runs (`operationInputs`) through generated
//! operations: the operations they name, generated as one crate into
//! `target/endpoint-e2e/services/`, and a program over them
//! (`target/endpoint-e2e/runner/`, from `slimaws_testgen::endpoint_e2e`)
//! that builds each run's input, takes the operation's endpoint parameters
//! and resolves them with the run's built-ins.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use slimaws_codegen::catalog::Catalog;
use slimaws_codegen::{CrateOptions, Files, RuntimeDependency};
use slimaws_testgen::endpoint_e2e::{runner_main, runs_of, Run};

use crate::workspace_root;

const SERVICES: &str = "endpoint-e2e-services";

/// Generates and runs the program; `Ok(false)` when a run failed.
pub fn run(
    catalog: &Catalog,
    suites: &Path,
    services: &[String],
    partitions: &Path,
) -> Result<bool> {
    let (mut runs, mut skipped): (Vec<Run>, usize) = (Vec::new(), 0);
    for service in services {
        let path = suites.join(service).join("endpoint-tests-1.json");
        let suite: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path)?)
            .with_context(|| path.display().to_string())?;
        let (of_service, skipped_of_service) = runs_of(service, &suite);
        runs.extend(of_service);
        skipped += skipped_of_service;
    }
    if runs.is_empty() {
        println!("endpoints end to end: no operationInputs runs");
        return Ok(true);
    }
    let root = workspace_root();
    let out = root.join("target/endpoint-e2e");
    let loaded = generate_services(catalog, &runs, &out.join("services"))?;
    write_runner(&out, &loaded, &runs, skipped)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&out)
        .args(["run", "--quiet", "--package", "endpoint-e2e-runner", "--"])
        .arg(catalog.dir())
        .arg(partitions)
        .env("CARGO_TARGET_DIR", out.join("target"))
        .status()
        .context("running the end-to-end endpoint program")?;
    Ok(status.success())
}

/// The operations the runs name, one crate; returns each service loaded.
fn generate_services(
    catalog: &Catalog,
    runs: &[Run],
    dir: &Path,
) -> Result<Vec<(String, slimaws_codegen::ir::Service)>> {
    let named: BTreeSet<(&str, &str)> = runs
        .iter()
        .map(|r| (r.service.as_str(), r.operation.as_str()))
        .collect();
    let services: BTreeSet<&str> = named.iter().map(|(s, _)| *s).collect();
    let mut loaded = Vec::new();
    for service in services {
        let patterns: Vec<String> = named
            .iter()
            .filter(|(s, _)| *s == service)
            .map(|(s, op)| format!("{s}:{op}"))
            .collect();
        let selection = catalog.select(&patterns)?;
        for service_ir in slimaws_codegen::load_services(&selection)? {
            loaded.push((service.to_owned(), service_ir));
        }
    }
    let runtime = workspace_root().join("codegen/runtime");
    let options = CrateOptions::new(
        SERVICES,
        RuntimeDependency::Path(runtime.display().to_string()),
    );
    let irs: Vec<_> = loaded.iter().map(|(_, s)| s.clone()).collect();
    let files = slimaws_codegen::generate_crate(&irs, &options)?;
    slimaws_codegen::output::write(dir, &files)?;
    Ok(loaded)
}

/// The runner crate and the workspace around both.
fn write_runner(
    out: &Path,
    services: &[(String, slimaws_codegen::ir::Service)],
    runs: &[Run],
    skipped: usize,
) -> Result<()> {
    let root = workspace_root();
    let mut files = Files::new();
    slimaws_codegen::emit::add(
        &mut files,
        "src/main.rs".into(),
        runner_main(SERVICES, services, runs, skipped),
    )?;
    slimaws_codegen::output::write(&out.join("runner"), &files)?;
    let manifest = format!(
        "# Written by `cargo xtask endpoints`.\n[package]\nname = \"endpoint-e2e-runner\"\n\
         version = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         {SERVICES} = {{ path = \"../services\" }}\n\
         slimaws-runtime = {{ path = {:?} }}\nslimaws-tests = {{ path = {:?} }}\n",
        root.join("codegen/runtime").display().to_string(),
        root.join("tests").display().to_string(),
    );
    fs::write(out.join("runner/Cargo.toml"), manifest)?;
    fs::write(
        out.join("Cargo.toml"),
        "# Written by `cargo xtask endpoints`.\n[workspace]\nresolver = \"2\"\nmembers = [\"services\", \"runner\"]\n",
    )?;
    let lock = out.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(root.join("Cargo.lock"), &lock)?;
    }
    if !out.join("services/Cargo.toml").is_file() {
        bail!("the services crate was not written");
    }
    Ok(())
}
