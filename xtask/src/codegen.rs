//! `cargo xtask codegen [--check] [--models DIR] [--ops LIST] [--out DIR]`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use slimaws_codegen::features::runtime_features;
use slimaws_codegen::ir::Service;
use slimaws_codegen::{output, Selection};

use crate::workspace_root;

#[derive(clap::Args)]
pub struct Args {
    /// Write nothing; fail, naming the stale files, if the committed output differs.
    #[arg(long)]
    check: bool,
    /// Directory holding `codegen.toml` and the models it names.
    #[arg(long)]
    models: Option<PathBuf>,
    /// Only these operations (comma-separated, `Operation` or `service.Operation`).
    #[arg(long, value_delimiter = ',')]
    ops: Vec<String>,
    /// Directory to write the service modules into (default: generated/src/services).
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    let root = workspace_root();
    // The conformance crate is regenerated with the default selection only.
    let with_conformance = args.models.is_none() && args.ops.is_empty() && args.out.is_none();
    let default_models = args.models.is_none();
    let models = args.models.unwrap_or_else(|| root.join("models"));
    let default_out = args.out.is_none();
    let out: PathBuf = args
        .out
        .unwrap_or_else(|| root.join("generated/src/services"));

    let mut selection = Selection::read(&models.join("codegen.toml"), &models)?;
    if !args.ops.is_empty() {
        selection.restrict(&args.ops);
        if selection.services.is_empty() {
            bail!(
                "none of --ops {} is in {}",
                args.ops.join(","),
                models.join("codegen.toml").display()
            );
        }
    }
    let services = slimaws_codegen::load_services(&selection)?;
    let files = slimaws_codegen::generate_services(&services)?;
    // Each output directory belongs to the generator, with the files it gets.
    let mut targets = vec![(out, files)];
    if default_out {
        check_features(&root.join("generated/Cargo.toml"), &services)?;
    }
    if default_out && default_models && args.ops.is_empty() {
        let oracle =
            slimaws_codegen::generate_oracle_tests(&selection, &root.join("tests/data/oracle"))?;
        targets.push((root.join("tests/generated"), oracle));
    }
    if with_conformance {
        let dir = root.join("tests/conformance");
        let conformance =
            slimaws_codegen::conformance::generate(&dir.join("suites"), &dir.join("skip.toml"))?;
        targets.push((dir.join("src/generated"), conformance));
    }

    let elapsed = || format!("{:.2}s", started.elapsed().as_secs_f64());
    if args.check {
        let mut stale = 0;
        for (dir, files) in &targets {
            let drift = output::check(dir, files)?;
            for d in &drift {
                eprintln!("  {d}");
            }
            stale += drift.len();
            if drift.is_empty() {
                println!(
                    "codegen: {} files up to date in {}",
                    files.len(),
                    dir.display()
                );
            }
        }
        if stale > 0 {
            bail!("{stale} generated file(s) out of date; run `cargo xtask codegen` and commit the result");
        }
        println!("codegen: all up to date ({})", elapsed());
        return Ok(());
    }
    for (dir, files) in &targets {
        let drift = output::write(dir, files)?;
        for d in &drift {
            println!("  {d}");
        }
        println!(
            "codegen: {} files in {}, {} written or removed",
            files.len(),
            dir.display(),
            drift.len(),
        );
    }
    println!("codegen: done ({})", elapsed());
    Ok(())
}

/// Each generated service module sits behind a cargo feature of its name,
/// which enables the runtime features the service needs (`compression`);
/// say exactly which line to add or change when one is missing.
fn check_features(cargo_toml: &std::path::Path, services: &[Service]) -> Result<()> {
    let text = std::fs::read_to_string(cargo_toml)
        .with_context(|| format!("reading {}", cargo_toml.display()))?;
    let manifest: toml::Table = text
        .parse()
        .with_context(|| format!("parsing {}", cargo_toml.display()))?;
    let features = manifest.get("features").and_then(|f| f.as_table());
    let missing: Vec<&str> = services
        .iter()
        .map(|s| s.module.as_str())
        .filter(|m| !features.is_some_and(|f| f.contains_key(*m)))
        .collect();
    if !missing.is_empty() {
        bail!(
            "{} lacks a feature for service module(s) {}: add `{} = []` under [features] (and to `default`)",
            cargo_toml.display(),
            missing.join(", "),
            missing[0]
        );
    }
    for service in services {
        let needed = runtime_features(service);
        if needed.is_empty() {
            continue;
        }
        let module = service.module.as_str();
        let enabled: Vec<&str> = features
            .and_then(|f| f.get(module))
            .and_then(|v| v.as_array())
            .map(|list| list.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let lacking: Vec<&str> = needed
            .iter()
            .copied()
            .filter(|n| !enabled.contains(n))
            .collect();
        if !lacking.is_empty() {
            bail!(
                "{}: feature `{module}` must enable {} (its operations need it): \
                 write `{module} = [{}]`",
                cargo_toml.display(),
                lacking.join(", "),
                needed
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        println!(
            "codegen: service `{module}` needs runtime feature(s) {}: enabled",
            needed.join(", ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(features: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("slimaws-xtask-features-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("Cargo-{}.toml", features.len()));
        std::fs::write(
            &path,
            format!("[package]\nname = \"x\"\n\n[features]\n{features}"),
        )
        .unwrap();
        path
    }

    #[test]
    fn a_compressing_service_must_enable_compression() {
        let model = workspace_root().join("tests/golden/features/model.json");
        let service = slimaws_codegen::load_model(&model, "features").unwrap();
        let services = [service];
        let missing = check_features(&manifest(""), &services)
            .unwrap_err()
            .to_string();
        assert!(missing.contains("add `features = []`"), "{missing}");
        let plain = check_features(&manifest("features = []\n"), &services)
            .unwrap_err()
            .to_string();
        assert!(
            plain.contains("feature `features` must enable compression")
                && plain.contains(r#"write `features = ["compression"]`"#),
            "{plain}"
        );
        check_features(
            &manifest("features = [\"compression\"]\ncompression = []\n"),
            &services,
        )
        .unwrap();
    }
}
