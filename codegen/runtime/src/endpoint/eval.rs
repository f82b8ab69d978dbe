//! Evaluates a parsed rule set against parameters: rules are tried in
//! order, a rule's conditions left to right; the first endpoint or error
//! rule whose conditions all hold decides. Values are borrowed where
//! possible (references, `getAttr` into them, partition outputs).

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::error::{EndpointError, EndpointErrorKind};
use super::functions::{apply, type_name};
use super::partition::Partitions;
use super::rules::{Action, Call, EndpointSpec, Expr, Func, ParamSpec, Rule};
use super::template::{Part, Template};
use super::{Endpoint, ParamValue, Params};

static NULL: Value = Value::Null;

pub(crate) fn resolve(
    specs: &[ParamSpec],
    rules: &[Rule],
    partitions: &Partitions,
    params: &Params,
) -> Result<Endpoint, EndpointError> {
    let mut evaluator = Evaluator {
        partitions,
        scope: Vec::with_capacity(specs.len() + 8),
    };
    for spec in specs {
        evaluator
            .scope
            .push((spec.name.as_str(), param_value(spec, params)?));
    }
    match evaluator.rules(rules)? {
        Some(endpoint) => Ok(endpoint),
        None => Err(no_match(specs, params)),
    }
}

/// The parameter's value: given, else its default, else unset (an error
/// if required).
fn param_value(spec: &ParamSpec, params: &Params) -> Result<Value, EndpointError> {
    let value = match params.get(&spec.name) {
        Some(value) if value.param_type() == spec.ty => value,
        Some(value) => {
            return Err(EndpointError::new(
                EndpointErrorKind::InvalidParams,
                format!(
                    "endpoint parameter `{}` must be a {}, not a {}",
                    spec.name,
                    ParamValue::type_label(spec.ty),
                    ParamValue::type_label(value.param_type())
                ),
            ))
        }
        None => match &spec.default {
            Some(default) => default,
            None if spec.required => {
                return Err(EndpointError::new(
                    EndpointErrorKind::InvalidParams,
                    format!("missing required endpoint parameter `{}`", spec.name),
                ))
            }
            None => return Ok(Value::Null),
        },
    };
    Ok(value.to_json())
}

fn no_match(specs: &[ParamSpec], params: &Params) -> EndpointError {
    let given: Vec<String> = specs
        .iter()
        .filter_map(|s| {
            params
                .get(&s.name)
                .map(|v| format!("{}={}", s.name, v.to_json()))
        })
        .collect();
    EndpointError::new(
        EndpointErrorKind::NoMatch,
        format!(
            "no endpoint rule matched the parameters ({})",
            given.join(", ")
        ),
    )
}

struct Evaluator<'r> {
    partitions: &'r Partitions,
    /// Bindings visible now: parameters, then assignments of the enclosing
    /// rules' conditions (truncated when a rule is left).
    scope: Vec<(&'r str, Value)>,
}

impl<'r> Evaluator<'r> {
    fn rules(&mut self, rules: &'r [Rule]) -> Result<Option<Endpoint>, EndpointError> {
        for rule in rules {
            let mark = self.scope.len();
            let outcome = self.rule(rule);
            self.scope.truncate(mark);
            if let Some(endpoint) = outcome? {
                return Ok(Some(endpoint));
            }
        }
        Ok(None)
    }

    fn rule(&mut self, rule: &'r Rule) -> Result<Option<Endpoint>, EndpointError> {
        for condition in &rule.conditions {
            let value = self.call(&condition.call)?;
            if matches!(*value, Value::Null | Value::Bool(false)) {
                return Ok(None);
            }
            if let Some(name) = &condition.assign {
                let value = value.into_owned();
                self.scope.push((name.as_str(), value));
            }
        }
        match &rule.action {
            Action::Endpoint(spec) => self.endpoint(spec).map(Some),
            Action::Error(message) => {
                let message = self.expr(message)?;
                match message.as_str() {
                    Some(text) => Err(EndpointError::new(EndpointErrorKind::Rule, text)),
                    None => Err(EndpointError::evaluation(format!(
                        "an error rule's message is a {}, not a string",
                        type_name(&message)
                    ))),
                }
            }
            // A tree whose rules all fail lets the next sibling try, as
            // botocore does.
            Action::Tree(rules) => self.rules(rules),
        }
    }

    fn endpoint(&self, spec: &'r EndpointSpec) -> Result<Endpoint, EndpointError> {
        let url = self.string(&spec.url, "the endpoint url")?;
        let mut headers = Vec::with_capacity(spec.headers.len());
        for (name, exprs) in &spec.headers {
            let values = exprs
                .iter()
                .map(|e| self.string(e, "a header value"))
                .collect::<Result<Vec<_>, _>>()?;
            headers.push((name.clone(), values));
        }
        let mut properties = Map::new();
        for (key, expr) in &spec.properties {
            properties.insert(key.clone(), self.expr(expr)?.into_owned());
        }
        Ok(Endpoint {
            url,
            headers,
            properties,
        })
    }

    fn string(&self, expr: &'r Expr, what: &str) -> Result<String, EndpointError> {
        match self.expr(expr)?.into_owned() {
            Value::String(s) => Ok(s),
            other => Err(EndpointError::evaluation(format!(
                "{what} is a {}, not a string",
                type_name(&other)
            ))),
        }
    }

    fn lookup(&self, name: &str) -> &Value {
        self.scope
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map_or(&NULL, |(_, v)| v)
    }

    fn expr<'s>(&'s self, expr: &'r Expr) -> Result<Cow<'s, Value>, EndpointError> {
        Ok(match expr {
            Expr::Literal(value) => Cow::Borrowed(value),
            Expr::Ref(name) => Cow::Borrowed(self.lookup(name)),
            Expr::Template(template) => Cow::Owned(Value::String(self.template(template)?)),
            Expr::Call(call) => self.call(call)?,
            Expr::Array(items) => Cow::Owned(Value::Array(
                items
                    .iter()
                    .map(|e| self.expr(e).map(Cow::into_owned))
                    .collect::<Result<_, _>>()?,
            )),
            Expr::Record(fields) => {
                let mut record = Map::new();
                for (k, e) in fields {
                    record.insert(k.clone(), self.expr(e)?.into_owned());
                }
                Cow::Owned(Value::Object(record))
            }
        })
    }

    fn template(&self, template: &'r Template) -> Result<String, EndpointError> {
        let mut out = String::new();
        for part in &template.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Var { name, path } => match path.get(self.lookup(name)) {
                    Some(Value::String(s)) => out.push_str(s),
                    found => {
                        let kind = found.map_or("unset", type_name);
                        return Err(EndpointError::evaluation(format!(
                            "template placeholder `{name}` is {kind}, not a string"
                        )));
                    }
                },
            }
        }
        Ok(out)
    }

    fn call<'s>(&'s self, call: &'r Call) -> Result<Cow<'s, Value>, EndpointError> {
        let arg = |i: usize| {
            call.args.get(i).ok_or_else(|| {
                EndpointError::evaluation(format!("`{}` is missing argument {i}", call.func.name()))
            })
        };
        match &call.func {
            Func::GetAttr(path) => Ok(match self.expr(arg(0)?)? {
                Cow::Borrowed(value) => Cow::Borrowed(path.get(value).unwrap_or(&NULL)),
                Cow::Owned(value) => Cow::Owned(path.get(&value).cloned().unwrap_or(Value::Null)),
            }),
            #[cfg(feature = "endpoint-functions")]
            Func::Coalesce => {
                for arg in &call.args {
                    let value = self.expr(arg)?;
                    if !value.is_null() {
                        return Ok(value);
                    }
                }
                Ok(Cow::Borrowed(&NULL))
            }
            #[cfg(feature = "endpoint-functions")]
            Func::Ite => match *self.expr(arg(0)?)? {
                Value::Bool(true) => self.expr(arg(1)?),
                Value::Bool(false) => self.expr(arg(2)?),
                ref other => Err(EndpointError::evaluation(format!(
                    "`ite` needs a boolean condition, not a {}",
                    type_name(other)
                ))),
            },
            Func::AwsPartition => match &*self.expr(arg(0)?)? {
                Value::String(region) => Ok(Cow::Borrowed(self.partitions.resolve(region))),
                // botocore gives the default partition for an unset region.
                Value::Null => Ok(Cow::Borrowed(self.partitions.fallback())),
                other => Err(EndpointError::evaluation(format!(
                    "`aws.partition` needs a string region, not a {}",
                    type_name(other)
                ))),
            },
            func => {
                let args = call
                    .args
                    .iter()
                    .map(|a| self.expr(a))
                    .collect::<Result<Vec<_>, _>>()?;
                apply(func, &args)
                    .map(Cow::Owned)
                    .map_err(EndpointError::evaluation)
            }
        }
    }
}
