//! The parsed form of a rule set (Smithy rules engine 1.0). Parsing checks
//! everything that does not depend on parameter values (rule types, function
//! names and arities, references, templates, `getAttr` paths), so errors
//! name their place (`rules[2].conditions[0].argv[1]`) up front and
//! evaluation never re-inspects JSON.

use std::fmt::Display;

use serde_json::{Map, Value};

use super::template::{AttrPath, Part, Template};
use super::ParamValue;

#[derive(Debug, Clone)]
pub(crate) struct ParamSpec {
    pub(crate) name: String,
    pub(crate) ty: ParamType,
    pub(crate) default: Option<ParamValue>,
    pub(crate) required: bool,
    pub(crate) builtin: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamType {
    String,
    Bool,
    StringArray,
}

#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) conditions: Vec<Condition>,
    pub(crate) action: Action,
}

#[derive(Debug, Clone)]
pub(crate) enum Action {
    Endpoint(EndpointSpec),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug, Clone)]
pub(crate) struct EndpointSpec {
    pub(crate) url: Expr,
    pub(crate) headers: Vec<(String, Vec<Expr>)>,
    pub(crate) properties: Vec<(String, Expr)>,
}

/// A function call that must return something other than unset/false for
/// its rule to apply; `assign` binds the result for the rest of the rule.
#[derive(Debug, Clone)]
pub(crate) struct Condition {
    pub(crate) call: Call,
    pub(crate) assign: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) enum Expr {
    /// A value with no placeholders left to fill.
    Literal(Value),
    Template(Template),
    Ref(String),
    Call(Box<Call>),
    Array(Vec<Expr>),
    Record(Vec<(String, Expr)>),
}

#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub(crate) func: Func,
    pub(crate) args: Vec<Expr>,
}

/// The standard library. `getAttr`'s path is parsed here, so its only
/// runtime argument is the value to look into. The functions only some
/// rule sets call (S3's, DynamoDB's) come with the runtime feature
/// `endpoint-functions`, which the generator enables for those services.
#[derive(Debug, Clone)]
pub(crate) enum Func {
    IsSet,
    Not,
    GetAttr(AttrPath),
    StringEquals,
    BooleanEquals,
    #[cfg(feature = "endpoint-functions")]
    Substring,
    #[cfg(feature = "endpoint-functions")]
    UriEncode,
    #[cfg(feature = "endpoint-functions")]
    ParseUrl,
    #[cfg(feature = "endpoint-functions")]
    IsValidHostLabel,
    #[cfg(feature = "endpoint-functions")]
    Coalesce,
    #[cfg(feature = "endpoint-functions")]
    Split,
    #[cfg(feature = "endpoint-functions")]
    Ite,
    AwsPartition,
    #[cfg(feature = "endpoint-functions")]
    AwsParseArn,
    #[cfg(feature = "endpoint-functions")]
    AwsIsVirtualHostableS3Bucket,
}

impl Func {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Func::IsSet => "isSet",
            Func::Not => "not",
            Func::GetAttr(_) => "getAttr",
            Func::StringEquals => "stringEquals",
            Func::BooleanEquals => "booleanEquals",
            #[cfg(feature = "endpoint-functions")]
            Func::Substring => "substring",
            #[cfg(feature = "endpoint-functions")]
            Func::UriEncode => "uriEncode",
            #[cfg(feature = "endpoint-functions")]
            Func::ParseUrl => "parseURL",
            #[cfg(feature = "endpoint-functions")]
            Func::IsValidHostLabel => "isValidHostLabel",
            #[cfg(feature = "endpoint-functions")]
            Func::Coalesce => "coalesce",
            #[cfg(feature = "endpoint-functions")]
            Func::Split => "split",
            #[cfg(feature = "endpoint-functions")]
            Func::Ite => "ite",
            Func::AwsPartition => "aws.partition",
            #[cfg(feature = "endpoint-functions")]
            Func::AwsParseArn => "aws.parseArn",
            #[cfg(feature = "endpoint-functions")]
            Func::AwsIsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
        }
    }
}

/// The functions of the `endpoint-functions` feature, by their rule-set
/// names (the generator keeps the same list).
#[cfg(not(feature = "endpoint-functions"))]
const EXTRA_FUNCTIONS: &[&str] = &[
    "aws.isVirtualHostableS3Bucket",
    "aws.parseArn",
    "coalesce",
    "isValidHostLabel",
    "ite",
    "parseURL",
    "split",
    "substring",
    "uriEncode",
];

pub(crate) struct Parsed {
    pub(crate) params: Vec<ParamSpec>,
    pub(crate) rules: Vec<Rule>,
}

/// Parses a rule set document; the error names where it is malformed.
pub(crate) fn parse(json: &str) -> Result<Parsed, String> {
    let doc: Value = serde_json::from_str(json).map_err(|e| format!("invalid JSON: {e}"))?;
    let doc = doc.as_object().ok_or("the document is not a JSON object")?;
    match doc.get("version") {
        None => {}
        Some(Value::String(v)) if v == "1.0" || v.starts_with("1.") => {}
        Some(other) => return Err(format!("unsupported version {other}")),
    }
    let params = match doc.get("parameters") {
        None => Vec::new(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(name, spec)| {
                parse_param(name, spec).map_err(|e| format!("parameters.{name}: {e}"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("`parameters` is not an object".to_string()),
    };
    let mut parser = Parser {
        scope: params.iter().map(|p: &ParamSpec| p.name.clone()).collect(),
    };
    let rules = parser.rules(doc.get("rules"), "rules")?;
    Ok(Parsed { params, rules })
}

fn parse_param(name: &str, spec: &Value) -> Result<ParamSpec, String> {
    let spec = spec.as_object().ok_or("not an object")?;
    let ty = match spec.get("type").and_then(Value::as_str) {
        Some(t) if t.eq_ignore_ascii_case("string") => ParamType::String,
        Some(t) if t.eq_ignore_ascii_case("boolean") => ParamType::Bool,
        Some(t) if t.eq_ignore_ascii_case("stringArray") => ParamType::StringArray,
        Some(t) => return Err(format!("unknown type `{t}`")),
        None => return Err("missing string `type`".to_string()),
    };
    let default = match spec.get("default") {
        None | Some(Value::Null) => None,
        Some(value) => {
            Some(ParamValue::from_json(ty, value).ok_or("`default` does not match `type`")?)
        }
    };
    let required = match spec.get("required") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err("`required` is not a boolean".to_string()),
    };
    let builtin = match spec.get("builtIn") {
        None | Some(Value::Null) => None,
        Some(Value::String(b)) => Some(b.clone()),
        Some(_) => return Err("`builtIn` is not a string".to_string()),
    };
    Ok(ParamSpec {
        name: name.to_string(),
        ty,
        default,
        required,
        builtin,
    })
}

fn child(at: &str, key: impl Display) -> String {
    format!("{at}.{key}")
}

fn index(at: &str, i: usize) -> String {
    format!("{at}[{i}]")
}

fn field<'v>(obj: &'v Map<String, Value>, key: &str, at: &str) -> Result<&'v Value, String> {
    obj.get(key).ok_or_else(|| format!("{at}: missing `{key}`"))
}

/// Tracks the names visible at each point (parameters, then assignments
/// of enclosing conditions), so references are checked while parsing.
struct Parser {
    scope: Vec<String>,
}

/// Whether objects with `fn`/`ref` are calls/references (expressions) or
/// plain records (endpoint properties, which are literals).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Expr,
    Literal,
}

impl Parser {
    fn rules(&mut self, rules: Option<&Value>, at: &str) -> Result<Vec<Rule>, String> {
        let rules = rules
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{at}: missing array of rules"))?;
        rules
            .iter()
            .enumerate()
            .map(|(i, rule)| self.rule(rule, &index(at, i)))
            .collect()
    }

    fn rule(&mut self, rule: &Value, at: &str) -> Result<Rule, String> {
        let obj = rule
            .as_object()
            .ok_or_else(|| format!("{at}: not an object"))?;
        let mark = self.scope.len();
        let result = self.rule_body(obj, at);
        // Assignments are visible only inside the rule that makes them.
        self.scope.truncate(mark);
        result
    }

    fn rule_body(&mut self, obj: &Map<String, Value>, at: &str) -> Result<Rule, String> {
        let conditions = match obj.get("conditions") {
            None => Vec::new(),
            Some(Value::Array(list)) => {
                let mut conditions = Vec::with_capacity(list.len());
                for (i, c) in list.iter().enumerate() {
                    conditions.push(self.condition(c, &index(&child(at, "conditions"), i))?);
                }
                conditions
            }
            Some(_) => return Err(format!("{at}.conditions: not an array")),
        };
        let action = match obj.get("type").and_then(Value::as_str) {
            Some("endpoint") => Action::Endpoint(
                self.endpoint(field(obj, "endpoint", at)?, &child(at, "endpoint"))?,
            ),
            Some("error") => Action::Error(self.expr(
                field(obj, "error", at)?,
                &child(at, "error"),
                Mode::Expr,
            )?),
            Some("tree") => Action::Tree(self.rules(obj.get("rules"), &child(at, "rules"))?),
            Some(other) => {
                return Err(format!(
                    "{at}: unknown rule type `{other}` (expected endpoint, error or tree)"
                ))
            }
            None => return Err(format!("{at}: missing string `type`")),
        };
        Ok(Rule { conditions, action })
    }

    fn condition(&mut self, value: &Value, at: &str) -> Result<Condition, String> {
        let obj = value
            .as_object()
            .ok_or_else(|| format!("{at}: not an object"))?;
        if !obj.contains_key("fn") {
            return Err(format!("{at}: a condition must be a function call (`fn`)"));
        }
        let call = self.call(obj, at)?;
        let assign = match obj.get("assign") {
            None => None,
            Some(Value::String(name)) => {
                if self.scope.iter().any(|n| n == name) {
                    return Err(format!(
                        "{at}: `assign` would shadow `{name}`, which is already defined"
                    ));
                }
                self.scope.push(name.clone());
                Some(name.clone())
            }
            Some(_) => return Err(format!("{at}.assign: not a string")),
        };
        Ok(Condition { call, assign })
    }

    fn call(&self, obj: &Map<String, Value>, at: &str) -> Result<Call, String> {
        let name = obj
            .get("fn")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{at}.fn: not a string"))?;
        let argv = obj
            .get("argv")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{at}: missing array `argv`"))?;
        let arity = |expected: usize| {
            if argv.len() == expected {
                Ok(())
            } else {
                Err(format!(
                    "{at}: `{name}` takes {expected} arguments, got {}",
                    argv.len()
                ))
            }
        };
        let func = match name {
            "isSet" => arity(1).map(|_| Func::IsSet),
            "not" => arity(1).map(|_| Func::Not),
            "getAttr" => {
                arity(2)?;
                let path = argv[1].as_str().ok_or_else(|| {
                    format!("{at}.argv[1]: the getAttr path must be a string literal")
                })?;
                AttrPath::parse(path)
                    .map(Func::GetAttr)
                    .map_err(|e| format!("{at}.argv[1]: {e}"))
            }
            "stringEquals" => arity(2).map(|_| Func::StringEquals),
            "booleanEquals" => arity(2).map(|_| Func::BooleanEquals),
            #[cfg(feature = "endpoint-functions")]
            "substring" => arity(4).map(|_| Func::Substring),
            #[cfg(feature = "endpoint-functions")]
            "uriEncode" => arity(1).map(|_| Func::UriEncode),
            #[cfg(feature = "endpoint-functions")]
            "parseURL" => arity(1).map(|_| Func::ParseUrl),
            #[cfg(feature = "endpoint-functions")]
            "isValidHostLabel" => arity(2).map(|_| Func::IsValidHostLabel),
            #[cfg(feature = "endpoint-functions")]
            "coalesce" if argv.is_empty() => Err(format!("{at}: `coalesce` needs arguments")),
            #[cfg(feature = "endpoint-functions")]
            "coalesce" => Ok(Func::Coalesce),
            #[cfg(feature = "endpoint-functions")]
            "split" => arity(3).map(|_| Func::Split),
            #[cfg(feature = "endpoint-functions")]
            "ite" => arity(3).map(|_| Func::Ite),
            "aws.partition" => arity(1).map(|_| Func::AwsPartition),
            #[cfg(feature = "endpoint-functions")]
            "aws.parseArn" => arity(1).map(|_| Func::AwsParseArn),
            #[cfg(feature = "endpoint-functions")]
            "aws.isVirtualHostableS3Bucket" => arity(2).map(|_| Func::AwsIsVirtualHostableS3Bucket),
            #[cfg(not(feature = "endpoint-functions"))]
            extra if EXTRA_FUNCTIONS.contains(&extra) => Err(format!(
                "{at}: `{extra}` needs the runtime feature `endpoint-functions` \
                 (the generator enables it for services whose rule set calls it)"
            )),
            other => Err(format!("{at}: unknown function `{other}`")),
        }?;
        let argc = if matches!(func, Func::GetAttr(_)) {
            1
        } else {
            argv.len()
        };
        let args = argv[..argc]
            .iter()
            .enumerate()
            .map(|(i, arg)| self.expr(arg, &index(&child(at, "argv"), i), Mode::Expr))
            .collect::<Result<_, _>>()?;
        Ok(Call { func, args })
    }

    fn endpoint(&self, value: &Value, at: &str) -> Result<EndpointSpec, String> {
        let obj = value
            .as_object()
            .ok_or_else(|| format!("{at}: not an object"))?;
        let url = self.expr(field(obj, "url", at)?, &child(at, "url"), Mode::Expr)?;
        let mut headers = Vec::new();
        if let Some(map) = obj.get("headers") {
            let map = map
                .as_object()
                .ok_or_else(|| format!("{at}.headers: not an object"))?;
            for (name, values) in map {
                let here = child(&child(at, "headers"), name);
                let values = values
                    .as_array()
                    .ok_or_else(|| format!("{here}: not an array"))?
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.expr(v, &index(&here, i), Mode::Expr))
                    .collect::<Result<_, _>>()?;
                headers.push((name.clone(), values));
            }
        }
        let mut properties = Vec::new();
        if let Some(map) = obj.get("properties") {
            let map = map
                .as_object()
                .ok_or_else(|| format!("{at}.properties: not an object"))?;
            for (key, value) in map {
                let here = child(&child(at, "properties"), key);
                properties.push((key.clone(), self.expr(value, &here, Mode::Literal)?));
            }
        }
        Ok(EndpointSpec {
            url,
            headers,
            properties,
        })
    }

    fn expr(&self, value: &Value, at: &str, mode: Mode) -> Result<Expr, String> {
        match value {
            Value::Object(obj) if mode == Mode::Expr && obj.contains_key("fn") => {
                Ok(Expr::Call(Box::new(self.call(obj, at)?)))
            }
            Value::Object(obj) if mode == Mode::Expr && obj.contains_key("ref") => {
                let name = obj
                    .get("ref")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("{at}.ref: not a string"))?;
                self.check_ref(name, at)?;
                Ok(Expr::Ref(name.to_string()))
            }
            Value::Object(obj) => {
                let fields: Vec<(String, Expr)> = obj
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.expr(v, &child(at, k), mode)?)))
                    .collect::<Result<_, String>>()?;
                if fields.iter().all(|(_, e)| matches!(e, Expr::Literal(_))) {
                    // Inserts, not `collect`: collecting into a map compiles
                    // a whole sort for each iterator type.
                    let mut map = Map::new();
                    for (k, e) in fields {
                        map.insert(k, into_literal(e));
                    }
                    return Ok(Expr::Literal(Value::Object(map)));
                }
                Ok(Expr::Record(fields))
            }
            Value::Array(items) => {
                let items: Vec<Expr> = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.expr(v, &index(at, i), mode))
                    .collect::<Result<_, _>>()?;
                if items.iter().all(|e| matches!(e, Expr::Literal(_))) {
                    return Ok(Expr::Literal(Value::Array(
                        items.into_iter().map(into_literal).collect(),
                    )));
                }
                Ok(Expr::Array(items))
            }
            Value::String(source) => {
                let template = Template::parse(source).map_err(|e| format!("{at}: {e}"))?;
                if let Some(text) = template.as_literal() {
                    return Ok(Expr::Literal(Value::String(text)));
                }
                for part in &template.parts {
                    if let Part::Var { name, .. } = part {
                        self.check_ref(name, at)?;
                    }
                }
                Ok(Expr::Template(template))
            }
            other => Ok(Expr::Literal(other.clone())),
        }
    }

    fn check_ref(&self, name: &str, at: &str) -> Result<(), String> {
        if self.scope.iter().any(|n| n == name) {
            Ok(())
        } else {
            Err(format!("{at}: reference to undefined `{name}`"))
        }
    }
}

fn into_literal(expr: Expr) -> Value {
    match expr {
        Expr::Literal(value) => value,
        _ => Value::Null,
    }
}
