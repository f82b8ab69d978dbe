//! botocore's `waiters-2.json`: each waiter joins the operation it polls.
//!
//! A malformed file is an error. A waiter the generator cannot use (its
//! operation not in the model, a matcher or state botocore does not know,
//! an expression that does not compile) is left out with a note, as a
//! paginator is.

use std::path::Path;

use serde_json::{Map, Value};

use super::json::Ctx;
use crate::error::Result;
use crate::ir::{Acceptor, AcceptorMatcher, AcceptorState, Service, Waiter};

/// Attaches the waiters of `json` (the parsed file at `path`) to `service`'s operations.
pub fn attach(path: &Path, service: &mut Service, json: &Value) -> Result<()> {
    let ctx = Ctx::new(path, "waiters");
    let root = ctx.object(json, "waiters file")?;
    let Some(waiters) = root.get("waiters") else {
        return Err(ctx.malformed("missing `waiters`"));
    };
    for (name, config) in ctx.object(waiters, "waiters")? {
        let entry = Ctx::new(path, format!("waiter {name}"));
        let config = entry.object(config, name)?;
        let operation = entry.str(config, "operation")?.to_owned();
        match waiter(&entry, name, config) {
            Ok(Ok(w)) => match service.operations.get_mut(&operation) {
                Some(op) => op.waiters.push(w),
                None => service.notes.push(format!(
                    "{name}: no waiter: the model has no operation `{operation}`"
                )),
            },
            Ok(Err(why)) => service.notes.push(format!("{name}: no waiter: {why}")),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn waiter(
    ctx: &Ctx,
    name: &str,
    config: &Map<String, Value>,
) -> Result<std::result::Result<Waiter, String>> {
    let number = |key: &str| -> Result<u64> {
        match config.get(key).and_then(Value::as_u64) {
            Some(n) => Ok(n),
            None => Err(ctx.malformed(format!("`{key}` must be a whole number"))),
        }
    };
    let delay = number("delay")?;
    let max_attempts = u32::try_from(number("maxAttempts")?)
        .map_err(|_| ctx.malformed("`maxAttempts` is too large"))?;
    let Some(Value::Array(list)) = config.get("acceptors") else {
        return Err(ctx.malformed("`acceptors` must be a list"));
    };
    let mut acceptors = Vec::new();
    for a in list {
        match acceptor(ctx, ctx.object(a, "acceptor")?)? {
            Ok(a) => acceptors.push(a),
            Err(why) => return Ok(Err(why)),
        }
    }
    Ok(Ok(Waiter {
        name: name.to_owned(),
        delay,
        max_attempts,
        acceptors,
    }))
}

fn acceptor(ctx: &Ctx, a: &Map<String, Value>) -> Result<std::result::Result<Acceptor, String>> {
    let state = match ctx.str(a, "state")? {
        "success" => AcceptorState::Success,
        "failure" => AcceptorState::Failure,
        "retry" => AcceptorState::Retry,
        other => return Ok(Err(format!("unknown acceptor state `{other}`"))),
    };
    let expected = a
        .get("expected")
        .cloned()
        .ok_or_else(|| ctx.malformed("an acceptor has no `expected`"))?;
    let argument = || -> std::result::Result<String, String> {
        let text = a
            .get("argument")
            .and_then(Value::as_str)
            .ok_or("a path acceptor has no `argument`")?;
        jmespath::compile(text).map_err(|e| format!("`{text}`: {e}"))?;
        Ok(text.to_owned())
    };
    let matcher = match ctx.str(a, "matcher")? {
        "path" | "pathAll" | "pathAny" => {
            let argument = match argument() {
                Ok(argument) => argument,
                Err(why) => return Ok(Err(why)),
            };
            match ctx.str(a, "matcher")? {
                "path" => AcceptorMatcher::Path { argument, expected },
                "pathAll" => AcceptorMatcher::PathAll { argument, expected },
                _ => AcceptorMatcher::PathAny { argument, expected },
            }
        }
        "status" => match expected.as_u64().and_then(|n| u16::try_from(n).ok()) {
            Some(code) => AcceptorMatcher::Status(code),
            None => return Ok(Err(format!("status `{expected}` is not an HTTP status"))),
        },
        "error" => match expected {
            Value::String(code) => AcceptorMatcher::Error(code),
            Value::Bool(true) => AcceptorMatcher::AnyError,
            Value::Bool(false) => AcceptorMatcher::NoError,
            other => return Ok(Err(format!("error `{other}` is not a code"))),
        },
        other => return Ok(Err(format!("unknown matcher `{other}`"))),
    };
    Ok(Ok(Acceptor { state, matcher }))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn service() -> Service {
        let model = json!({
            "metadata": {"protocol": "json", "jsonVersion": "1.1", "targetPrefix": "T"},
            "operations": {"Describe": {"http": {"method": "POST", "requestUri": "/"}}},
            "shapes": {}
        });
        crate::load_model_json(Path::new("service-2.json"), "t", &model).unwrap()
    }

    fn attached(acceptors: Value) -> Service {
        let mut s = service();
        let file = json!({"version": 2, "waiters": {"Ready": {
            "operation": "Describe", "delay": 5, "maxAttempts": 3, "acceptors": acceptors}}});
        attach(Path::new("waiters-2.json"), &mut s, &file).unwrap();
        s
    }

    #[test]
    fn every_matcher_loads() {
        let s = attached(json!([
            {"matcher": "path", "argument": "a.b", "expected": "X", "state": "success"},
            {"matcher": "pathAll", "argument": "a[].b", "expected": true, "state": "failure"},
            {"matcher": "pathAny", "argument": "length(a) > `0`", "expected": true, "state": "retry"},
            {"matcher": "status", "expected": 404, "state": "retry"},
            {"matcher": "error", "expected": "Gone", "state": "success"},
            {"matcher": "error", "expected": true, "state": "failure"},
            {"matcher": "error", "expected": false, "state": "success"}
        ]));
        let w = &s.operations["Describe"].waiters[0];
        assert_eq!((w.name.as_str(), w.delay, w.max_attempts), ("Ready", 5, 3));
        assert_eq!(w.acceptors.len(), 7);
        assert_eq!(w.acceptors[3].matcher, AcceptorMatcher::Status(404));
        assert_eq!(w.acceptors[5].matcher, AcceptorMatcher::AnyError);
        assert!(s.notes.is_empty());
    }

    #[test]
    fn an_unusable_waiter_is_a_note() {
        for (acceptor, why) in [
            (
                json!({"matcher": "path", "argument": "a[", "expected": 1, "state": "success"}),
                "`a[`",
            ),
            (
                json!({"matcher": "path", "expected": 1, "state": "success"}),
                "no `argument`",
            ),
            (
                json!({"matcher": "regex", "expected": 1, "state": "success"}),
                "unknown matcher",
            ),
            (
                json!({"matcher": "status", "expected": "x", "state": "success"}),
                "not an HTTP status",
            ),
            (
                json!({"matcher": "status", "expected": 200, "state": "done"}),
                "unknown acceptor state",
            ),
        ] {
            let s = attached(json!([acceptor]));
            assert!(s.operations["Describe"].waiters.is_empty());
            assert!(
                s.notes[0].starts_with("Ready: no waiter: "),
                "{:?}",
                s.notes
            );
            assert!(s.notes[0].contains(why), "{:?} lacks {why}", s.notes);
        }
    }

    #[test]
    fn a_malformed_file_is_an_error() {
        let mut s = service();
        for file in [
            json!({}),
            json!({"waiters": {"W": {"delay": 1, "maxAttempts": 1, "acceptors": []}}}),
            json!({"waiters": {"W": {"operation": "Describe", "maxAttempts": 1, "acceptors": []}}}),
            json!({"waiters": {"W": {"operation": "Describe", "delay": 1, "maxAttempts": 1}}}),
        ] {
            let err = attach(Path::new("waiters-2.json"), &mut s, &file).unwrap_err();
            assert!(err.to_string().starts_with("waiters-2.json: "), "{err}");
        }
    }
}
