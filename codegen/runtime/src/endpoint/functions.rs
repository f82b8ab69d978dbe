//! The eager part of the standard library: functions whose arguments are
//! all evaluated first. (`getAttr`, `coalesce`, `ite` and `aws.partition`
//! return borrowed values and live in `eval`.) Semantics follow botocore's
//! `RuleSetStandardLibrary`: unset inputs give unset/false where botocore
//! does, and type errors are errors. The functions only some rule sets call
//! are in `extra` (feature `endpoint-functions`).

use std::borrow::Cow;

use serde_json::Value;

use super::rules::Func;

/// Applies `func` to evaluated `args`; the error says what was wrong.
pub(crate) fn apply(func: &Func, args: &[Cow<'_, Value>]) -> Result<Value, String> {
    let name = func.name();
    let args: Vec<&Value> = args.iter().map(|a| a.as_ref()).collect();
    let bad_args = || {
        let kinds: Vec<&str> = args.iter().map(|a| type_name(a)).collect();
        format!("`{name}` cannot take ({})", kinds.join(", "))
    };
    Ok(match (func, args.as_slice()) {
        (Func::IsSet, [value]) => Value::Bool(!value.is_null()),
        (Func::Not, [value]) => Value::Bool(is_falsy(value)),
        (Func::StringEquals, [Value::String(a), Value::String(b)]) => Value::Bool(a == b),
        (Func::BooleanEquals, [Value::Bool(a), Value::Bool(b)]) => Value::Bool(a == b),
        #[cfg(feature = "endpoint-functions")]
        (func, args) => return super::extra::apply(func, args).ok_or_else(bad_args),
        #[cfg(not(feature = "endpoint-functions"))]
        _ => return Err(bad_args()),
    })
}

pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "unset",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "record",
    }
}

/// Python's `not value`, which botocore's `not` is.
fn is_falsy(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(func: Func, args: &[Value]) -> Result<Value, String> {
        let args: Vec<Cow<'_, Value>> = args.iter().map(Cow::Borrowed).collect();
        apply(&func, &args)
    }

    #[test]
    fn equality_and_logic() {
        assert_eq!(
            call(Func::StringEquals, &[json!("a"), json!("a")]),
            Ok(json!(true))
        );
        assert_eq!(
            call(Func::BooleanEquals, &[json!(true), json!(false)]),
            Ok(json!(false))
        );
        let err = call(Func::StringEquals, &[json!(null), json!("a")]).unwrap_err();
        assert_eq!(err, "`stringEquals` cannot take (unset, string)");
        assert!(call(Func::BooleanEquals, &[json!("true"), json!(true)]).is_err());
        assert_eq!(call(Func::Not, &[json!(false)]), Ok(json!(true)));
        assert_eq!(call(Func::Not, &[json!(null)]), Ok(json!(true)));
        assert_eq!(call(Func::Not, &[json!("x")]), Ok(json!(false)));
        assert_eq!(call(Func::IsSet, &[json!("")]), Ok(json!(true)));
        assert_eq!(call(Func::IsSet, &[json!(null)]), Ok(json!(false)));
        assert!(call(Func::IsSet, &[]).is_err());
    }
}
