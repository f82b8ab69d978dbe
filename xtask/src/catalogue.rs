//! `cargo xtask catalogue`: every operation of every service of a botocore
//! wheel, generated (and with `--check`, compiled), to find what the
//! generator cannot do yet. One failing service never stops the run.
//!
//! Prints `catalogue: N of S services, M of K operations generated in T s`,
//! then the failures grouped by cause.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use slimaws_codegen::catalog::Catalog;
use slimaws_codegen::models::wheel;
use slimaws_codegen::{CrateOptions, RuntimeDependency};

use crate::workspace_root;

mod check;

#[derive(clap::Args)]
pub struct Args {
    /// Models: a botocore wheel or a directory in botocore's layout
    /// [default: the botocore 1.44.5 wheel from PyPI, cached].
    #[arg(long, value_name = "WHEEL|DIR")]
    models: Option<PathBuf>,
    /// Only this service; repeatable [default: every service].
    #[arg(long = "service", value_name = "SERVICE")]
    services: Vec<String>,
    /// Write each service as a crate into DIR/<service>/ [default with
    /// --check: target/catalogue].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Compile the written crates (`cargo check`, in batches) and count
    /// errors and warnings.
    #[arg(long)]
    check: bool,
    /// Services per `cargo check` run.
    #[arg(long, default_value_t = 40, value_name = "N")]
    batch: usize,
    /// Generator threads [default: the machine's parallelism].
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
}

/// What became of one service.
struct Outcome {
    service: String,
    /// Operations in its model (0 when the model could not be read).
    operations: usize,
    /// `Ok(crate package name)`, or the cause of the failure.
    result: std::result::Result<String, String>,
    /// What the generator left out of the service, and why.
    notes: Vec<String>,
    /// Operations the generator refuses (`Error::UnsupportedOperation`),
    /// each `Operation: why`; the rest of the service is generated.
    left_out: Vec<String>,
    /// Time in each stage: selecting and loading the model, emitting and
    /// rendering the crate, writing it.
    stages: [Duration; 3],
}

pub fn run(args: Args) -> Result<()> {
    if cfg!(debug_assertions) {
        // The generator is several times faster optimised; this is a
        // whole-catalogue run, so it is worth a release build of the xtask.
        return rerun_optimised();
    }
    let models = match &args.models {
        Some(path) => path.clone(),
        None => wheel::fetch(wheel::DEFAULT_BOTOCORE)?,
    };
    let catalog = Catalog::open(&models)?;
    let services = chosen_services(&catalog, &args.services)?;
    let out = match (&args.out, args.check) {
        (Some(dir), _) => Some(dir.clone()),
        (None, true) => Some(workspace_root().join("target/catalogue")),
        (None, false) => None,
    };

    let started = Instant::now();
    let jobs = args.jobs.unwrap_or_else(default_jobs).max(1);
    let outcomes = generate_all(&catalog, &services, out.as_deref(), jobs);
    let seconds = started.elapsed().as_secs_f64();
    print_summary(&outcomes, seconds);

    if args.check {
        let out = out.as_deref().unwrap_or(Path::new("."));
        let crates: Vec<&str> = outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().ok().map(String::as_str))
            .collect();
        let report = check::run(out, &crates, args.batch.max(1))?;
        println!("{report}");
        if !report.clean() {
            bail!("the generated catalogue does not compile cleanly");
        }
    }
    Ok(())
}

/// Runs this command again in a release build of the xtask.
fn rerun_optimised() -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(workspace_root())
        .args(["run", "--quiet", "--release", "--package", "xtask", "--"])
        .args(std::env::args_os().skip(1))
        .status()?;
    // The release build printed its own report and errors.
    std::process::exit(status.code().unwrap_or(1))
}

/// The services to generate: the named ones (checked), else all.
fn chosen_services(catalog: &Catalog, named: &[String]) -> Result<Vec<String>> {
    if named.is_empty() {
        return Ok(catalog.services().map(str::to_owned).collect());
    }
    for service in named {
        // An unknown name is an error listing the nearest ones.
        catalog.model(service)?;
    }
    Ok(named.to_vec())
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Generates every service on `jobs` threads, in the catalogue's order.
fn generate_all(
    catalog: &Catalog,
    services: &[String],
    out: Option<&Path>,
    jobs: usize,
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(services.len()));
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(services.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(service) = services.get(i) else {
                    break;
                };
                let outcome = generate(catalog, service, out);
                done.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((i, outcome));
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, outcome)| outcome).collect()
}

/// Every operation of `service`, generated as a crate (written into
/// `out/<service>/` if given).
fn generate(catalog: &Catalog, service: &str, out: Option<&Path>) -> Outcome {
    let mut outcome = Outcome {
        service: service.to_owned(),
        operations: 0,
        result: Err(String::new()),
        notes: Vec::new(),
        left_out: Vec::new(),
        stages: [Duration::ZERO; 3],
    };
    let started = Instant::now();
    let mut selection = match catalog.select(&[format!("{service}:*")]) {
        Ok(selection) => selection,
        Err(e) => {
            outcome.result = Err(cause(&e));
            return outcome;
        }
    };
    outcome.operations = selection.services.iter().map(|s| s.operations.len()).sum();
    let package = format!("catalogue-{service}");
    let runtime = workspace_root().join("codegen/runtime");
    let options = CrateOptions::new(
        &package,
        RuntimeDependency::Path(runtime.display().to_string()),
    );
    let loaded = loop {
        match slimaws_codegen::load_services(&selection) {
            Err(slimaws_codegen::Error::UnsupportedOperation {
                operation, message, ..
            }) => {
                for s in &mut selection.services {
                    s.operations.retain(|o| *o != operation);
                }
                outcome.left_out.push(format!("{operation}: {message}"));
            }
            other => break other,
        }
    };
    let loaded_at = Instant::now();
    outcome.stages[0] = loaded_at - started;
    let files = loaded.and_then(|loaded| {
        outcome.notes = loaded.iter().flat_map(|s| s.notes.clone()).collect();
        slimaws_codegen::generate_crate(&loaded, &options)
    });
    outcome.stages[1] = loaded_at.elapsed();
    let written_at = Instant::now();
    let generated = files.and_then(|files| match out {
        Some(dir) => slimaws_codegen::output::write(&dir.join(service), &files).map(drop),
        None => Ok(()),
    });
    outcome.stages[2] = written_at.elapsed();
    outcome.result = generated.map(|()| package).map_err(|e| cause(&e));
    outcome
}

/// Where the generator's time went, in seconds summed over its threads:
/// the `generate` stage split into syn's parser, prettyplease and the rest
/// (symbols, emitters building token streams).
fn print_split(outcomes: &[Outcome]) {
    let total = |i: usize| -> f64 { outcomes.iter().map(|o| o.stages[i].as_secs_f64()).sum() };
    let (load, generate, write) = (total(0), total(1), total(2));
    let (parse, print) = slimaws_codegen::emit::render_time();
    let (parse, print) = (parse.as_secs_f64(), print.as_secs_f64());
    println!(
        "  thread seconds: {:.1} = load and select {load:.1}, emit {:.1}, syn parse {parse:.1}, \
         prettyplease {print:.1}, write {write:.1}",
        load + generate + write,
        generate - parse - print,
    );
}

/// An error's message without the file path it starts with, so the same
/// cause in two services reads the same.
fn cause(error: &slimaws_codegen::Error) -> String {
    let text = error.to_string();
    match text.split_once(".json: ") {
        Some((_, rest)) => rest.to_owned(),
        None => text,
    }
}

fn print_summary(outcomes: &[Outcome], seconds: f64) {
    let generated: Vec<&Outcome> = outcomes.iter().filter(|o| o.result.is_ok()).collect();
    let operations: usize = outcomes.iter().map(|o| o.operations).sum();
    let generated_ops: usize = generated
        .iter()
        .map(|o| o.operations - o.left_out.len())
        .sum();
    println!(
        "catalogue: {} of {} services, {generated_ops} of {operations} operations generated in {seconds:.1} s",
        generated.len(),
        outcomes.len(),
    );
    print_split(outcomes);
    let notes: usize = outcomes.iter().map(|o| o.notes.len()).sum();
    if notes > 0 {
        println!("  notes: {notes}");
        for outcome in outcomes {
            for note in &outcome.notes {
                println!("    {}: {note}", outcome.service);
            }
        }
    }
    let left_out: Vec<String> = outcomes
        .iter()
        .flat_map(|o| o.left_out.iter().map(move |l| format!("{}:{l}", o.service)))
        .collect();
    if !left_out.is_empty() {
        println!("  left out: {} operation(s)", left_out.len());
        for line in &left_out {
            println!("    {line}");
        }
    }
    let mut by_cause: BTreeMap<&str, Vec<&Outcome>> = BTreeMap::new();
    for outcome in outcomes {
        if let Err(cause) = &outcome.result {
            by_cause.entry(cause).or_default().push(outcome);
        }
    }
    let mut groups: Vec<_> = by_cause.into_iter().collect();
    groups.sort_by_key(|(_, services)| std::cmp::Reverse(services.len()));
    for (cause, services) in groups {
        let ops: usize = services.iter().map(|o| o.operations).sum();
        let names: Vec<&str> = services.iter().map(|o| o.service.as_str()).collect();
        println!(
            "  failed: {} service(s), {ops} operation(s): {cause}\n    {}",
            services.len(),
            names.join(", ")
        );
    }
}
