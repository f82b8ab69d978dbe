//! Endpoint resolution: an interpreter for AWS endpoint rule sets (the
//! Smithy rules engine, version 1.0) as shipped in botocore's
//! `endpoint-rule-set-1.json`, with botocore's `partitions.json`.
//!
//! A [`RuleSet`] is parsed once (all structural checks happen then) and
//! resolves [`Params`] to an [`Endpoint`] or an [`EndpointError`]. The
//! semantics follow botocore's `endpoint_provider.py`, whose test suites
//! this passes.

#[cfg(feature = "endpoint-functions")]
mod arn;
mod error;
mod eval;
#[cfg(feature = "endpoint-functions")]
mod extra;
mod functions;
mod partition;
mod region_regex;
mod rules;
mod template;
#[cfg(feature = "endpoint-functions")]
mod url;

use serde_json::Value;

pub use error::{EndpointError, EndpointErrorKind};

use partition::Partitions;
use rules::{ParamSpec, ParamType, Rule};

/// A parsed rule set plus partition data; parse once, then share.
#[derive(Debug, Clone)]
pub struct RuleSet {
    params: Vec<ParamSpec>,
    rules: Vec<Rule>,
    partitions: Partitions,
}

impl RuleSet {
    /// Parses a service's `endpoint-rule-set-1.json` and `partitions.json`.
    pub fn from_json(rules: &str, partitions: &str) -> Result<RuleSet, EndpointError> {
        let parsed = rules::parse(rules).map_err(EndpointError::invalid_rule_set)?;
        let partitions =
            Partitions::from_json(partitions).map_err(EndpointError::invalid_rule_set)?;
        Ok(RuleSet {
            params: parsed.params,
            rules: parsed.rules,
            partitions,
        })
    }

    /// The endpoint for `params`. Defaults fill unset parameters; unknown
    /// parameters are ignored.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, EndpointError> {
        eval::resolve(&self.params, &self.rules, &self.partitions, params)
    }

    /// The parameters bound to built-ins, with their built-in's name
    /// (`Region`, `AWS::Region`).
    pub fn builtin_params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params
            .iter()
            .filter_map(|p| Some((p.name.as_str(), p.builtin.as_deref()?)))
    }

    /// The name of the partition `region` belongs to (`aws`, `aws-cn`).
    pub fn partition_name(&self, region: &str) -> Option<&str> {
        self.partitions.resolve(region).get("name")?.as_str()
    }

    /// The parameter bound to a built-in such as `AWS::Region` or
    /// `SDK::Endpoint`, if the rule set declares one.
    pub fn param_for_builtin(&self, builtin: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.builtin.as_deref() == Some(builtin))
            .map(|p| p.name.as_str())
    }
}

/// The value of one endpoint parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    String(String),
    Bool(bool),
    StringArray(Vec<String>),
}

impl ParamValue {
    fn param_type(&self) -> ParamType {
        match self {
            ParamValue::String(_) => ParamType::String,
            ParamValue::Bool(_) => ParamType::Bool,
            ParamValue::StringArray(_) => ParamType::StringArray,
        }
    }

    fn type_label(ty: ParamType) -> &'static str {
        match ty {
            ParamType::String => "string",
            ParamType::Bool => "boolean",
            ParamType::StringArray => "string array",
        }
    }

    /// `value` as a parameter of type `ty`, if it is one.
    fn from_json(ty: ParamType, value: &Value) -> Option<ParamValue> {
        match (ty, value) {
            (ParamType::String, Value::String(s)) => Some(ParamValue::String(s.clone())),
            (ParamType::Bool, Value::Bool(b)) => Some(ParamValue::Bool(*b)),
            (ParamType::StringArray, Value::Array(items)) => items
                .iter()
                .map(|item| item.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .map(ParamValue::StringArray),
            _ => None,
        }
    }

    fn to_json(&self) -> Value {
        match self {
            ParamValue::String(s) => Value::String(s.clone()),
            ParamValue::Bool(b) => Value::Bool(*b),
            ParamValue::StringArray(items) => {
                Value::Array(items.iter().cloned().map(Value::String).collect())
            }
        }
    }
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        ParamValue::String(value.to_string())
    }
}

impl From<String> for ParamValue {
    fn from(value: String) -> Self {
        ParamValue::String(value)
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        ParamValue::Bool(value)
    }
}

impl From<Vec<String>> for ParamValue {
    fn from(value: Vec<String>) -> Self {
        ParamValue::StringArray(value)
    }
}

/// Endpoint parameters by name (`Region`, `UseFIPS`, `Endpoint`, ...).
/// A rule set has a handful, so a list searched in order is all it needs.
#[derive(Clone, Debug, Default)]
pub struct Params {
    values: Vec<(String, ParamValue)>,
}

impl Params {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `name`, replacing an earlier value.
    pub fn set(&mut self, name: &str, value: ParamValue) -> &mut Self {
        match self.values.iter_mut().find(|(n, _)| n == name) {
            Some((_, old)) => *old = value,
            None => self.values.push((name.to_string(), value)),
        }
        self
    }

    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// A resolved endpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub url: String,
    /// Header names and their values, in the rule set's order.
    pub headers: Vec<(String, Vec<String>)>,
    /// E.g. `authSchemes`: `[{"name": "sigv4", "signingRegion": ...}]`.
    pub properties: serde_json::Map<String, Value>,
}

/// The SigV4 settings of a resolved endpoint's `sigv4` auth scheme.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SigV4Scheme {
    pub signing_region: Option<String>,
    pub signing_name: Option<String>,
    pub disable_double_encoding: bool,
    pub disable_normalize_path: bool,
}

impl Endpoint {
    /// The endpoint's `sigv4` auth scheme: the first of `authSchemes`
    /// named `sigv4` (botocore without its CRT extra passes over `sigv4a`
    /// the same way), defaults when the endpoint names none, or, when it
    /// names only schemes slimaws cannot sign with (`sigv4a`,
    /// `sigv4-s3express`), their names.
    pub fn sigv4_scheme(&self) -> Result<SigV4Scheme, Vec<String>> {
        let Some(schemes) = self.properties.get("authSchemes").and_then(Value::as_array) else {
            return Ok(SigV4Scheme::default());
        };
        let name = |s: &Value| {
            s.get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let Some(scheme) = schemes.iter().find(|s| name(s) == "sigv4") else {
            return Err(schemes.iter().map(name).collect());
        };
        let text = |key: &str| scheme.get(key).and_then(Value::as_str).map(str::to_owned);
        let flag = |key: &str| scheme.get(key).and_then(Value::as_bool).unwrap_or(false);
        Ok(SigV4Scheme {
            signing_region: text("signingRegion"),
            signing_name: text("signingName"),
            disable_double_encoding: flag("disableDoubleEncoding"),
            disable_normalize_path: flag("disableNormalizePath"),
        })
    }
}

#[cfg(test)]
mod tests;
