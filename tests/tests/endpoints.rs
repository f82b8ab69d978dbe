//! botocore's endpoint rule-set test suites (`tests/data/endpoint-tests/`,
//! see its README) run against the rule sets in `models/`: every case's
//! parameters must resolve to exactly the expected URL, headers and
//! properties, or fail with exactly the expected error message.
//!
//! Cases may also carry `operationInputs` (botocore's end-to-end form). Their
//! `builtInParams` are mapped onto parameters through the rule set's
//! `builtIn` declarations and checked the same way. Operations can also feed
//! endpoint parameters through the service model's `contextParam` members
//! and `staticContextParams`, which this test does not apply: when the model
//! declares any, operation inputs are skipped and reported (none of ours
//! does, so for them `operationParams` cannot change the endpoint).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use slimaws::runtime::endpoint::{ParamValue, Params, RuleSet};

/// Each suite and its number of test cases (guards against a truncated or
/// swapped data file).
const SUITES: &[(&str, usize)] = &[("quicksight", 36), ("cloudfront", 26), ("voice-id", 27)];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits inside the workspace")
        .to_path_buf()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The newest API-version directory of `service` with a rule set.
fn model_dir(service: &str) -> PathBuf {
    let dir = root().join("models").join(service);
    let mut versions: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.join("endpoint-rule-set-1.json").is_file())
        .collect();
    versions.sort();
    versions
        .pop()
        .unwrap_or_else(|| panic!("no endpoint-rule-set-1.json under {}", dir.display()))
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: Vec<String>,
    operation_inputs: usize,
    skipped: Vec<String>,
}

#[test]
fn botocore_endpoint_test_suites_pass() {
    let partitions = read(&root().join("models/partitions.json"));
    let mut total_failed = 0;
    let mut summary = Vec::new();
    for &(service, expected_cases) in SUITES {
        let model = model_dir(service);
        let rules = RuleSet::from_json(&read(&model.join("endpoint-rule-set-1.json")), &partitions)
            .unwrap_or_else(|e| panic!("{service}: {e}"));
        let service_model = read(&model.join("service-2.json"));
        let has_context_params = [
            "\"contextParam\"",
            "\"staticContextParams\"",
            "\"clientContextParams\"",
        ]
        .iter()
        .any(|key| service_model.contains(key));
        let suite_path = root()
            .join("tests/data/endpoint-tests")
            .join(service)
            .join("endpoint-tests-1.json");
        let suite: Value = serde_json::from_str(&read(&suite_path)).unwrap();
        let cases = suite["testCases"].as_array().expect("testCases array");
        assert_eq!(
            cases.len(),
            expected_cases,
            "{service}: number of test cases"
        );

        let mut tally = Tally::default();
        for case in cases {
            run_case(&rules, case, has_context_params, &mut tally);
        }
        let mut line = format!(
            "endpoints {service}: {} passed, {} failed",
            tally.passed,
            tally.failed.len()
        );
        if tally.operation_inputs > 0 || !tally.skipped.is_empty() {
            line += &format!(
                " ({} operation-input runs checked, {} skipped)",
                tally.operation_inputs,
                tally.skipped.len()
            );
        }
        println!("{line}");
        for failure in &tally.failed {
            println!("  FAILED {failure}");
        }
        for skip in &tally.skipped {
            println!("  skipped {skip}");
        }
        total_failed += tally.failed.len();
        summary.push(line);
    }
    assert_eq!(
        total_failed,
        0,
        "failing endpoint cases:\n{}",
        summary.join("\n")
    );
}

fn run_case(rules: &RuleSet, case: &Value, has_context_params: bool, tally: &mut Tally) {
    let doc = case["documentation"]
        .as_str()
        .unwrap_or("(undocumented case)");
    let expect = &case["expect"];
    let mut problems = Vec::new();

    match params_from(case.get("params")) {
        Ok(params) => problems.extend(check(rules, &params, expect).err()),
        Err(e) => problems.push(e),
    }

    for (i, inputs) in case
        .get("operationInputs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if has_context_params {
            tally.skipped.push(format!(
                "{doc} [operationInputs {i}]: the model's context parameters are not applied"
            ));
            continue;
        }
        tally.operation_inputs += 1;
        let result = builtins_to_params(rules, inputs.get("builtInParams"))
            .and_then(|params| check(rules, &params, expect));
        if let Err(e) = result {
            problems.push(format!("[operationInputs {i}] {e}"));
        }
    }

    if problems.is_empty() {
        tally.passed += 1;
    } else {
        tally.failed.push(format!("{doc}: {}", problems.join("; ")));
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
