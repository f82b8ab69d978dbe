//! `endpoint-suites SUITES MODELS PARTITIONS [SERVICE...]`: botocore's
//! endpoint test suites (`SUITES/<service>/endpoint-tests-1.json`) against
//! the rule sets of a model directory in botocore's layout
//! (`MODELS/<service>/<api-version>/endpoint-rule-set-1.json`), every
//! service or the named ones. Prints the failures by service, then
//! `endpoints: P passed, F failed, S skipped`; exits 1 on any failure.
//! `cargo xtask endpoints` fetches the inputs and runs this.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use slimaws_runtime::endpoint::RuleSet;
use slimaws_tests::endpoint_suites::{has_operation_params, run_suite, summary, Outcome};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [suites, models, partitions, services @ ..] = args.as_slice() else {
        eprintln!("usage: endpoint-suites SUITES MODELS PARTITIONS [SERVICE...]");
        return ExitCode::from(2);
    };
    match run(
        Path::new(suites),
        Path::new(models),
        Path::new(partitions),
        services,
    ) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(suites: &Path, models: &Path, partitions: &Path, named: &[String]) -> Result<bool, String> {
    let partitions = read(partitions)?;
    let services = if named.is_empty() {
        subdirectories(suites)?
    } else {
        named.to_vec()
    };
    let mut outcomes: Vec<(String, Outcome)> = Vec::new();
    for service in services {
        let outcome = run_service(suites, models, &partitions, &service)
            .map_err(|e| format!("{service}: {e}"))?;
        if !outcome.failed.is_empty() {
            println!("{service}: {} failed", outcome.failed.len());
            for failure in &outcome.failed {
                println!("  {failure}");
            }
        }
        outcomes.push((service, outcome));
    }
    println!("{}", summary(&outcomes));
    Ok(outcomes.iter().all(|(_, o)| o.failed.is_empty()))
}

fn run_service(
    suites: &Path,
    models: &Path,
    partitions: &str,
    service: &str,
) -> Result<Outcome, String> {
    let model = newest_version(&models.join(service))?;
    let rules = RuleSet::from_json(&read(&model.join("endpoint-rule-set-1.json"))?, partitions)
        .map_err(|e| e.to_string())?;
    let operation_params = has_operation_params(&read(&model.join("service-2.json"))?);
    let suite_path = suites.join(service).join("endpoint-tests-1.json");
    let suite = serde_json::from_str(&read(&suite_path)?)
        .map_err(|e| format!("{}: {e}", suite_path.display()))?;
    run_suite(&rules, &suite, operation_params)
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn subdirectories(dir: &Path) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}

/// The newest API-version directory with a rule set.
fn newest_version(service_dir: &Path) -> Result<PathBuf, String> {
    subdirectories(service_dir)?
        .into_iter()
        .map(|v| service_dir.join(v))
        .filter(|p| p.join("endpoint-rule-set-1.json").is_file())
        .max()
        .ok_or_else(|| {
            format!(
                "no endpoint-rule-set-1.json under {}",
                service_dir.display()
            )
        })
}
