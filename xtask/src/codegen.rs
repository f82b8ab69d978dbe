//! `cargo xtask codegen [--check] [--models DIR] [--ops LIST] [--out DIR]`.
//!
//! Without options: the `slimaws` crate in `generated/` (manifest, `lib.rs`,
//! services), the oracle tests and the conformance crate's cases.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Result};
use slimaws_codegen::catalog::Catalog;
use slimaws_codegen::{output, CrateOptions, RuntimeDependency, Selection};

use crate::workspace_root;

#[derive(clap::Args)]
pub struct Args {
    /// Write nothing; fail, naming the stale files, if the committed output differs.
    #[arg(long)]
    check: bool,
    /// Models directory in botocore's layout, holding the `codegen.toml`
    /// used without --ops [default: models/].
    #[arg(long)]
    models: Option<PathBuf>,
    /// These operations instead of codegen.toml's, comma-separated, in the
    /// grammar of every front end: `service:Operation` with `*` wildcards
    /// (`voice-id:UpdateDomain`, `cloudfront:*`).
    #[arg(long, value_delimiter = ',')]
    ops: Vec<String>,
    /// Directory to write the crate into (default: generated/), depending on
    /// this repository's runtime crate by its absolute path.
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
    let out: PathBuf = args.out.unwrap_or_else(|| root.join("generated"));

    let selection = if args.ops.is_empty() {
        Selection::read(&models.join("codegen.toml"), &models)?
    } else {
        Catalog::open(&models)?.select(&args.ops)?
    };
    let services = slimaws_codegen::load_services(&selection)?;
    let crate_options = match (&selection.crate_options, default_out) {
        (Some(options), true) => options.clone(),
        _ => {
            let runtime = root.join("codegen/runtime");
            CrateOptions::new(
                "slimaws",
                RuntimeDependency::Path(runtime.display().to_string()),
            )
        }
    };
    let files = slimaws_codegen::generate_crate(&services, &crate_options)?;
    // Each output directory belongs to the generator, with the files it gets.
    let mut targets = vec![(out, files)];
    if default_out && default_models && args.ops.is_empty() {
        let oracle =
            slimaws_testgen::generate_oracle_tests(&selection, &root.join("tests/data/oracle"))?;
        targets.push((root.join("tests/generated"), oracle));
    }
    if with_conformance {
        let dir = root.join("tests/conformance");
        let conformance =
            slimaws_testgen::conformance::generate(&dir.join("suites"), &dir.join("skip.toml"))?;
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
