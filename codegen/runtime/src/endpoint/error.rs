//! The one error type of endpoint resolution.

use std::fmt;

/// Why endpoint resolution (or loading a rule set) failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointErrorKind {
    /// The rule set or partitions JSON is malformed.
    InvalidRuleSet,
    /// A parameter is missing, of the wrong type, or not assignable.
    InvalidParams,
    /// An `error` rule matched: the configuration is not supported.
    Rule,
    /// Evaluating a rule went wrong (a type error in the rule set).
    Evaluation,
    /// No rule matched the parameters.
    NoMatch,
}

/// An endpoint resolution error. For `error` rules the message is exactly
/// the rule set's text.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointError {
    kind: EndpointErrorKind,
    message: String,
}

impl EndpointError {
    pub(crate) fn new(kind: EndpointErrorKind, message: impl Into<String>) -> Self {
        EndpointError {
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn invalid_rule_set(message: impl fmt::Display) -> Self {
        Self::new(
            EndpointErrorKind::InvalidRuleSet,
            format!("invalid endpoint rule set: {message}"),
        )
    }

    pub(crate) fn evaluation(message: impl fmt::Display) -> Self {
        Self::new(
            EndpointErrorKind::Evaluation,
            format!("endpoint rule evaluation failed: {message}"),
        )
    }

    pub fn kind(&self) -> EndpointErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}
