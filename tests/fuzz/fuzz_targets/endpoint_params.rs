//! `RuleSet::resolve` over the real rule sets committed in
//! `generated/src/*/endpoint.rs`, with fuzzed parameters. The first
//! line picks the service (its name, else by its first byte); each further
//! line is one parameter: `Name=true|false` a boolean, `Name=[a,b]` a string
//! array, `Name=text` a string.
#![no_main]

use std::sync::OnceLock;

use slimaws::runtime::endpoint::{ParamValue, Params, RuleSet};
use slimaws_fuzz::endpoint_data::SERVICES;

fn rule_sets() -> &'static [(&'static str, RuleSet)] {
    static SETS: OnceLock<Vec<(&str, RuleSet)>> = OnceLock::new();
    SETS.get_or_init(|| {
        SERVICES
            .iter()
            .map(|&(name, rules, partitions)| {
                let set = RuleSet::from_json(rules, partitions)
                    .unwrap_or_else(|e| panic!("{name}: committed rule set: {e:?}"));
                (name, set)
            })
            .collect()
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.lines();
    let service = lines.next().unwrap_or_default();
    let sets = rule_sets();
    let set = sets
        .iter()
        .find(|(name, _)| *name == service)
        .unwrap_or_else(|| &sets[service.bytes().next().unwrap_or(0) as usize % sets.len()]);
    let mut params = Params::new();
    for line in lines {
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        let value = match value {
            "true" => ParamValue::Bool(true),
            "false" => ParamValue::Bool(false),
            v if v.starts_with('[') && v.ends_with(']') && v.len() >= 2 => {
                let inner = &v[1..v.len() - 1];
                ParamValue::StringArray(inner.split(',').map(str::to_owned).collect())
            }
            v => ParamValue::String(v.to_owned()),
        };
        params.set(name, value);
    }
    if let Ok(endpoint) = set.1.resolve(&params) {
        let _ = std::hint::black_box(endpoint.sigv4_scheme());
    }
});
