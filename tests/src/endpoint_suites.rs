//! botocore's endpoint rule-set test suites
//! (`tests/functional/endpoint-rules/<service>/endpoint-tests-1.json` in its
//! sdist), run as botocore's `test_endpoint_rulesets.py` runs them: each
//! case's `params` through the rule set must give exactly the expected URL,
//! headers and properties, or fail with exactly the expected message.
//!
//! Cases may also carry `operationInputs` (botocore's end-to-end form,
//! through a client). Where the service model feeds no endpoint parameter
//! from operations (no `contextParam`, `staticContextParams` or
//! `operationContextParams`), only the `builtInParams` can matter: they are
//! mapped onto parameters through the rule set's `builtIn` declarations and
//! checked the same way. Otherwise the run needs the generated operation and
//! is counted as not run, never as passed.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};
use slimaws_runtime::endpoint::{ParamValue, Params, RuleSet};

/// What became of one service's suite.
#[derive(Debug, Default)]
pub struct Outcome {
    pub passed: usize,
    /// `<documentation>: <what differed>`, one per failing case.
    pub failed: Vec<String>,
    /// `operationInputs` runs checked through their built-ins.
    pub operation_inputs_checked: usize,
    /// `operationInputs` runs that need the operation's context parameters.
    pub operation_inputs_not_run: usize,
}

/// Whether a service model (`service-2.json` text) feeds endpoint
/// parameters from its operations.
pub fn has_operation_params(service_model: &str) -> bool {
    [
        "\"contextParam\"",
        "\"staticContextParams\"",
        "\"operationContextParams\"",
    ]
    .iter()
    .any(|key| service_model.contains(key))
}

/// Runs every case of `suite` (an `endpoint-tests-1.json` document).
pub fn run_suite(
    rules: &RuleSet,
    suite: &Value,
    operation_params: bool,
) -> Result<Outcome, String> {
    let cases = suite["testCases"].as_array().ok_or("no `testCases` list")?;
    let mut outcome = Outcome::default();
    for case in cases {
        run_case(rules, case, operation_params, &mut outcome);
    }
    Ok(outcome)
}

fn run_case(rules: &RuleSet, case: &Value, operation_params: bool, outcome: &mut Outcome) {
    let doc = case["documentation"]
        .as_str()
        .unwrap_or("(undocumented case)");
    let expect = &case["expect"];
    let mut problems = Vec::new();

    match params_from(case.get("params")) {
        Ok(params) => problems.extend(check(rules, &params, expect).err()),
        Err(e) => problems.push(e),
    }

    let runs = case.get("operationInputs").and_then(Value::as_array);
    for (i, inputs) in runs.into_iter().flatten().enumerate() {
        if operation_params {
            outcome.operation_inputs_not_run += 1;
            continue;
        }
        outcome.operation_inputs_checked += 1;
        let result = builtins_to_params(rules, inputs.get("builtInParams"))
            .and_then(|params| check(rules, &params, expect));
        if let Err(e) = result {
            problems.push(format!("[operationInputs {i}] {e}"));
        }
    }

    if problems.is_empty() {
        outcome.passed += 1;
    } else {
        outcome
            .failed
            .push(format!("{doc}: {}", problems.join("; ")));
    }
}

fn param_value(name: &str, value: &Value) -> Result<ParamValue, String> {
    match value {
        Value::String(s) => Ok(ParamValue::String(s.clone())),
        Value::Bool(b) => Ok(ParamValue::Bool(*b)),
        Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(ParamValue::StringArray)
            .ok_or_else(|| format!("parameter {name}: not a list of strings")),
        other => Err(format!("parameter {name}: unsupported value {other}")),
    }
}

fn params_from(json: Option<&Value>) -> Result<Params, String> {
    let mut params = Params::new();
    for (name, value) in json.and_then(Value::as_object).into_iter().flatten() {
        params.set(name, param_value(name, value)?);
    }
    Ok(params)
}

/// `AWS::Region` etc. onto the parameters that declare those built-ins.
fn builtins_to_params(rules: &RuleSet, json: Option<&Value>) -> Result<Params, String> {
    let mut params = Params::new();
    for (builtin, value) in json.and_then(Value::as_object).into_iter().flatten() {
        let name = rules
            .param_for_builtin(builtin)
            .ok_or_else(|| format!("no parameter declares built-in {builtin}"))?;
        params.set(name, param_value(builtin, value)?);
    }
    Ok(params)
}

fn check(rules: &RuleSet, params: &Params, expect: &Value) -> Result<(), String> {
    let result = rules.resolve(params);
    match (result, expect.get("endpoint"), expect.get("error")) {
        (Ok(endpoint), Some(want), _) => {
            let want_url = want["url"].as_str().unwrap_or_default();
            let want_headers = expected_headers(want.get("headers"))?;
            let empty = Map::new();
            let want_properties = want
                .get("properties")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            if endpoint.url != want_url {
                return Err(format!("url {:?}, expected {want_url:?}", endpoint.url));
            }
            // Header order is not part of an endpoint's meaning.
            let got_headers: BTreeMap<_, _> = endpoint.headers.iter().cloned().collect();
            if got_headers != want_headers {
                return Err(format!(
                    "headers {:?}, expected {want_headers:?}",
                    endpoint.headers
                ));
            }
            if &endpoint.properties != want_properties {
                return Err(format!(
                    "properties {}, expected {}",
                    Value::Object(endpoint.properties),
                    Value::Object(want_properties.clone())
                ));
            }
            Ok(())
        }
        (Err(err), _, Some(want)) if Some(err.to_string().as_str()) == want.as_str() => Ok(()),
        (Err(err), _, Some(want)) => Err(format!("error {:?}, expected {want}", err.to_string())),
        (Ok(endpoint), None, _) => Err(format!("resolved {}, expected an error", endpoint.url)),
        (Err(err), Some(_), _) => Err(format!("error {:?}, expected an endpoint", err.to_string())),
        (Err(err), None, None) => Err(format!("error {err:?}; the case expects nothing")),
    }
}

fn expected_headers(json: Option<&Value>) -> Result<BTreeMap<String, Vec<String>>, String> {
    let mut headers = BTreeMap::new();
    for (name, values) in json.and_then(Value::as_object).into_iter().flatten() {
        let values = values
            .as_array()
            .and_then(|v| v.iter().map(|s| s.as_str().map(str::to_string)).collect())
            .ok_or_else(|| format!("expected header {name}: not a list of strings"))?;
        headers.insert(name.clone(), values);
    }
    Ok(headers)
}

/// The summary line of a run: `endpoints: P passed, F failed, S skipped`.
pub fn summary(outcomes: &[(String, Outcome)]) -> String {
    let sum = |f: fn(&Outcome) -> usize| outcomes.iter().map(|(_, o)| f(o)).sum::<usize>();
    format!(
        "endpoints: {} passed, {} failed, 0 skipped ({} services)",
        sum(|o| o.passed),
        sum(|o| o.failed.len()),
        outcomes.len(),
    )
}

/// One `operationInputs` run through a generated operation, as
/// `cargo xtask endpoints` generates them (`slimaws_testgen::endpoint_e2e`).
pub struct E2eRun {
    pub service: &'static str,
    /// `<case documentation> [operationInputs i]`.
    pub label: &'static str,
    /// The generated operation's `endpoint_params` of the run's input.
    pub params: fn() -> Vec<(&'static str, ParamValue)>,
    /// `builtInParams`, as JSON.
    pub builtins: &'static str,
    /// The case's `expect`, as JSON.
    pub expect: &'static str,
}

/// Runs `runs` against the rule sets of `models` (botocore's layout):
/// built-ins onto their parameters, then the operation's parameters over
/// them, resolved and compared as the provider cases are. Prints the
/// failures and `endpoints end to end: P passed, F failed, S skipped`
/// (`skipped`: runs botocore's runner skips, left out by the generator of
/// `runs`); true when none failed.
pub fn run_e2e(
    models: &Path,
    partitions: &Path,
    runs: &[E2eRun],
    skipped: usize,
) -> Result<bool, String> {
    let partitions = read(partitions)?;
    let mut rule_sets: BTreeMap<&str, RuleSet> = BTreeMap::new();
    let (mut passed, mut failed) = (0, Vec::new());
    for run in runs {
        if !rule_sets.contains_key(run.service) {
            let path = newest_rule_set(&models.join(run.service))?;
            let rules = RuleSet::from_json(&read(&path)?, &partitions)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            rule_sets.insert(run.service, rules);
        }
        let rules = &rule_sets[run.service];
        match e2e_check(rules, run) {
            Ok(()) => passed += 1,
            Err(e) => failed.push(format!("{} {}: {e}", run.service, run.label)),
        }
    }
    for f in &failed {
        println!("  {f}");
    }
    println!(
        "endpoints end to end: {passed} passed, {} failed, {skipped} skipped (the suites' \
         operationInputs through the generated operations; skipped: a `Bucket` botocore's runner \
         skips, `bucket name` or `example.com#`)",
        failed.len()
    );
    Ok(failed.is_empty())
}

fn e2e_check(rules: &RuleSet, run: &E2eRun) -> Result<(), String> {
    let builtins: Value = serde_json::from_str(run.builtins).map_err(|e| e.to_string())?;
    let expect: Value = serde_json::from_str(run.expect).map_err(|e| e.to_string())?;
    let mut params = builtins_to_params(rules, Some(&builtins))?;
    let op_params = std::panic::catch_unwind(run.params).map_err(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("building the input failed: {why}")
    })?;
    for (name, value) in op_params {
        params.set(name, value);
    }
    check(rules, &params, &expect)
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// `<service dir>/<newest api version>/endpoint-rule-set-1.json`.
fn newest_rule_set(service_dir: &Path) -> Result<std::path::PathBuf, String> {
    let entries =
        std::fs::read_dir(service_dir).map_err(|e| format!("{}: {e}", service_dir.display()))?;
    entries
        .filter_map(|e| e.ok().map(|e| e.path().join("endpoint-rule-set-1.json")))
        .filter(|p| p.is_file())
        .max()
        .ok_or_else(|| {
            format!(
                "no endpoint-rule-set-1.json under {}",
                service_dir.display()
            )
        })
}
