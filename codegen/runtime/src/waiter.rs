//! Waiters: an operation sent again and again until one of botocore's
//! acceptors (`waiters-2.json`) says the resource reached the state waited
//! for, or a failure state, or the attempts run out.
//!
//! A generated operation with waiters gets `wait_until_<name>()` on its
//! fluent builder, giving a [`Waiter`]. As botocore's `Waiter.wait`, each
//! response is matched against the acceptors in order (`path`, `pathAll`,
//! `pathAny` over the output as botocore parses it, with JMESPath; `status`;
//! `error`); the first that matches gives the state. `success` ends the
//! wait, `failure` fails it, `retry` (or no match on a successful response)
//! waits `delay` and tries again; an error response no acceptor matches
//! fails it. Feature `waiters` (the `jmespath` crate).

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

pub use serde_json::{Map, Value};

use crate::ErrorMetadata;

/// One waiter as `waiters-2.json` describes it.
#[derive(Debug)]
pub struct WaiterSpec {
    pub name: &'static str,
    /// Seconds between attempts.
    pub delay: u64,
    pub max_attempts: u32,
    pub acceptors: &'static [Acceptor],
}

/// What a response must show, and the state it then puts the wait in.
#[derive(Debug)]
pub struct Acceptor {
    pub state: State,
    pub matcher: Matcher,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Success,
    Failure,
    Retry,
}

/// An acceptor's test; `expected` values are JSON text.
#[derive(Debug)]
pub enum Matcher {
    /// The expression's value equals `expected`.
    Path {
        argument: &'static str,
        expected: &'static str,
    },
    /// The expression gives a non-empty list whose every element equals `expected`.
    PathAll {
        argument: &'static str,
        expected: &'static str,
    },
    /// The expression gives a list with an element equal to `expected`.
    PathAny {
        argument: &'static str,
        expected: &'static str,
    },
    /// The HTTP status code.
    Status(u16),
    /// The error code of an error response.
    Error(&'static str),
    /// Any error response (`"expected": true`).
    AnyError,
    /// A successful response (`"expected": false`).
    NoError,
}

/// What generated code tells [`Waiter`] about one operation; the fluent
/// builder implements it. Not for applications.
#[doc(hidden)]
pub trait WaitRequest: Clone + Send {
    type Output: Send;
    type Error: Send;
    /// Sends this request once.
    fn send_attempt(self) -> impl Future<Output = Result<Self::Output, Self::Error>> + Send;
    /// The HTTP status of a successful response (the model's, else 200).
    fn success_status() -> u16;
    /// The output as botocore parses it, for the JMESPath acceptors.
    fn view(output: &Self::Output) -> Value;
    /// The service's error response, or `None` when the error is not one
    /// (a transport failure, a request that could not be built).
    fn service_error(error: &Self::Error) -> Option<&ErrorMetadata>;
}

/// Converts generated types into the JSON botocore's parsed responses are,
/// for the waiters' JMESPath expressions.
#[doc(hidden)]
pub trait ToValue {
    fn to_value(&self) -> Value;
}

/// A wait in progress: adjust it, then [`wait`](Waiter::wait).
#[derive(Debug)]
pub struct Waiter<R> {
    request: R,
    spec: &'static WaiterSpec,
    delay: Duration,
    max_attempts: u32,
    deadline: Option<Duration>,
}

/// Why a wait failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaiterErrorKind {
    /// A `failure` acceptor matched, or an error response none matched.
    Failure,
    /// The attempts ran out.
    MaxAttempts,
    /// The caller's deadline passed.
    Deadline,
    /// The request failed without a service response (after retries).
    Unexpected,
}

/// A failed wait, with botocore's reason and the last response.
pub struct WaiterError<O, E> {
    kind: WaiterErrorKind,
    reason: String,
    last: Option<Result<O, E>>,
}

impl<O, E> WaiterError<O, E> {
    pub fn kind(&self) -> WaiterErrorKind {
        self.kind
    }

    /// botocore's `WaiterError` reason (`Max attempts exceeded`, ...).
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The last response: its output, or its error.
    pub fn last_response(&self) -> Option<&Result<O, E>> {
        self.last.as_ref()
    }

    pub fn into_last_response(self) -> Option<Result<O, E>> {
        self.last
    }
}

impl<O, E> fmt::Debug for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaiterError")
            .field("kind", &self.kind)
            .field("reason", &self.reason)
            .finish_non_exhaustive()
    }
}

impl<O, E> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl<O, E: std::error::Error + 'static> std::error::Error for WaiterError<O, E> {}

impl<R: WaitRequest> Waiter<R> {
    #[doc(hidden)]
    pub fn new(request: R, spec: &'static WaiterSpec) -> Self {
        Waiter {
            request,
            spec,
            delay: Duration::from_secs(spec.delay),
            max_attempts: spec.max_attempts,
            deadline: None,
        }
    }

    /// The time between attempts (botocore's `WaiterConfig.Delay`).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The most attempts (botocore's `WaiterConfig.MaxAttempts`); at least one.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Gives up once `limit` has passed, whatever attempts remain.
    pub fn deadline(mut self, limit: Duration) -> Self {
        self.deadline = Some(limit);
        self
    }

    /// Sends the request until an acceptor ends the wait. `Ok` holds the
    /// response that matched a `success` acceptor (an error response, for
    /// waiters that wait for one, such as `...NotExists`).
    pub async fn wait(
        self,
    ) -> Result<Result<R::Output, R::Error>, WaiterError<R::Output, R::Error>> {
        let started = Instant::now();
        let mut last_matched: Option<&Acceptor> = None;
        let mut attempts = 0;
        loop {
            let response = self.request.clone().send_attempt().await;
            attempts += 1;
            let matched = match self.matching(&response) {
                Ok(matched) => matched,
                Err(kind_reason) => return Err(fail(kind_reason, response)),
            };
            if let Some(acceptor) = matched {
                last_matched = Some(acceptor);
                match acceptor.state {
                    State::Success => return Ok(response),
                    State::Failure => {
                        let reason = format!(
                            "Waiter {} failed: Waiter encountered a terminal failure state: {}",
                            self.spec.name,
                            explanation(&acceptor.matcher)
                        );
                        return Err(fail((WaiterErrorKind::Failure, reason), response));
                    }
                    State::Retry => {}
                }
            }
            if attempts >= self.max_attempts {
                // botocore names the acceptor its loop stopped at: this
                // round's match, else the last acceptor of the list.
                let named = matched.or(self.spec.acceptors.last());
                let reason = match (last_matched, named) {
                    (Some(_), Some(a)) => format!(
                        "Max attempts exceeded. Previously accepted state: {}",
                        explanation(&a.matcher)
                    ),
                    _ => "Max attempts exceeded".to_owned(),
                };
                let reason = format!("Waiter {} failed: {reason}", self.spec.name);
                return Err(fail((WaiterErrorKind::MaxAttempts, reason), response));
            }
            if let Some(limit) = self.deadline {
                if started.elapsed() + self.delay > limit {
                    let reason = format!(
                        "Waiter {} failed: deadline of {limit:?} reached after {attempts} attempt(s)",
                        self.spec.name
                    );
                    return Err(fail((WaiterErrorKind::Deadline, reason), response));
                }
            }
            tokio::time::sleep(self.delay).await;
        }
    }

    /// The first acceptor `response` matches; an error when it ends the
    /// wait without one (an error no acceptor expects, or no response).
    fn matching(
        &self,
        response: &Result<R::Output, R::Error>,
    ) -> Result<Option<&'static Acceptor>, (WaiterErrorKind, String)> {
        let seen = match response {
            Ok(output) => Seen::Output(R::view(output)),
            Err(error) => match R::service_error(error) {
                Some(meta) => Seen::Error(meta),
                None => {
                    let reason = format!("Waiter {} failed: the request failed", self.spec.name);
                    return Err((WaiterErrorKind::Unexpected, reason));
                }
            },
        };
        let found = self
            .spec
            .acceptors
            .iter()
            .find(|a| matches(&a.matcher, &seen, R::success_status()));
        if let (None, Seen::Error(meta)) = (found, &seen) {
            let reason = format!(
                "Waiter {} failed: An error occurred ({}): {}",
                self.spec.name,
                meta.code().unwrap_or("Unknown"),
                meta.message().unwrap_or("Unknown")
            );
            return Err((WaiterErrorKind::Failure, reason));
        }
        Ok(found)
    }
}

fn fail<O, E>((kind, reason): (WaiterErrorKind, String), last: Result<O, E>) -> WaiterError<O, E> {
    WaiterError {
        kind,
        reason,
        last: Some(last),
    }
}

/// A response as the acceptors see it.
enum Seen<'a> {
    Output(Value),
    Error(&'a ErrorMetadata),
}

fn matches(matcher: &Matcher, seen: &Seen, success_status: u16) -> bool {
    match (matcher, seen) {
        (Matcher::Status(code), Seen::Output(_)) => *code == success_status,
        (Matcher::Status(code), Seen::Error(meta)) => meta.status() == Some(*code),
        (Matcher::Error(code), Seen::Error(meta)) => meta.code() == Some(*code),
        (Matcher::AnyError, Seen::Error(meta)) => meta.code().is_some(),
        (Matcher::NoError, Seen::Output(_)) => true,
        (Matcher::Path { argument, expected }, Seen::Output(view)) => {
            search(argument, view).is_some_and(|v| v == json(expected))
        }
        (Matcher::PathAll { argument, expected }, Seen::Output(view)) => {
            match search(argument, view) {
                Some(Value::Array(items)) if !items.is_empty() => {
                    let expected = json(expected);
                    items.iter().all(|i| *i == expected)
                }
                _ => false,
            }
        }
        (Matcher::PathAny { argument, expected }, Seen::Output(view)) => {
            match search(argument, view) {
                Some(Value::Array(items)) => {
                    let expected = json(expected);
                    items.contains(&expected)
                }
                _ => false,
            }
        }
        // Path matchers never match an error response, nor error matchers a success.
        _ => false,
    }
}

/// The value of the JMESPath `expression` in `view`; `None` if it does not
/// compile (the generator checked every expression it emits).
fn search(expression: &str, view: &Value) -> Option<Value> {
    let compiled = jmespath::compile(expression).ok()?;
    let found = compiled.search(view).ok()?;
    serde_json::to_value(&*found).ok()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// botocore's `AcceptorConfig.explanation`.
fn explanation(matcher: &Matcher) -> String {
    match matcher {
        Matcher::Path { argument, expected } => {
            format!(
                "For expression \"{argument}\" we matched expected path: \"{}\"",
                plain(expected)
            )
        }
        Matcher::PathAll { argument, expected } => format!(
            "For expression \"{argument}\" all members matched expected path: \"{}\"",
            plain(expected)
        ),
        Matcher::PathAny { argument, expected } => format!(
            "For expression \"{argument}\" we matched expected path: \"{}\" at least once",
            plain(expected)
        ),
        Matcher::Status(code) => format!("Matched expected HTTP status code: {code}"),
        Matcher::Error(code) => format!("Matched expected service error code: {code}"),
        Matcher::AnyError => "Matched expected service error code: True".to_owned(),
        Matcher::NoError => "Matched expected service error code: False".to_owned(),
    }
}

/// An expected value as Python prints it in botocore's messages.
fn plain(expected: &str) -> String {
    match json(expected) {
        Value::String(s) => s,
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        other => other.to_string(),
    }
}

macro_rules! to_value_via_json {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::from(self.clone())
            }
        }
    )*};
}
to_value_via_json!(String, bool, i8, i16, i32, i64, f64);

impl ToValue for f32 {
    fn to_value(&self) -> Value {
        Value::from(f64::from(*self))
    }
}

impl ToValue for () {
    fn to_value(&self) -> Value {
        Value::Null
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

impl<T: ToValue> ToValue for Box<T> {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value {
        Value::Array(self.iter().map(ToValue::to_value).collect())
    }
}

impl<K: ToValue, T: ToValue> ToValue for std::collections::HashMap<K, T> {
    fn to_value(&self) -> Value {
        let key = |k: &K| match k.to_value() {
            Value::String(s) => s,
            other => other.to_string(),
        };
        Value::Object(self.iter().map(|(k, v)| (key(k), v.to_value())).collect())
    }
}

impl ToValue for crate::DateTime {
    fn to_value(&self) -> Value {
        Value::String(crate::proto::time::format_iso8601(self))
    }
}

impl ToValue for crate::Blob {
    fn to_value(&self) -> Value {
        Value::String(String::from_utf8_lossy(self.as_bytes()).into_owned())
    }
}

impl ToValue for crate::BigInteger {
    fn to_value(&self) -> Value {
        Value::String(self.as_str().to_owned())
    }
}

impl ToValue for crate::BigDecimal {
    fn to_value(&self) -> Value {
        Value::String(self.as_str().to_owned())
    }
}

impl ToValue for crate::UnknownValue {
    fn to_value(&self) -> Value {
        Value::String(self.as_str().to_owned())
    }
}

impl ToValue for crate::Document {
    fn to_value(&self) -> Value {
        use crate::{Document, Number};
        match self {
            Document::Null => Value::Null,
            Document::Bool(b) => Value::Bool(*b),
            Document::Number(Number::PosInt(n)) => Value::from(*n),
            Document::Number(Number::NegInt(n)) => Value::from(*n),
            Document::Number(Number::Float(f)) => Value::from(*f),
            Document::String(s) => Value::String(s.clone()),
            Document::Array(items) => Value::Array(items.iter().map(ToValue::to_value).collect()),
            Document::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), v.to_value())).collect())
            }
        }
    }
}
