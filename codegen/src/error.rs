//! Errors the generator reports. Each names the file, and where it applies the
//! shape and member, so a malformed model can be fixed without a debugger.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{path}: invalid JSON at line {line}, column {column}: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("{path}: invalid selection file: {message}")]
    Selection { path: PathBuf, message: String },

    /// A botocore wheel or models directory that cannot be used as asked.
    #[error("{path}: {message}")]
    Models { path: PathBuf, message: String },

    /// An operation pattern that names nothing in the models directory.
    #[error("{models}: {message}")]
    Pattern { models: PathBuf, message: String },

    /// A required field is missing or has the wrong JSON type.
    #[error("{path}: {location}: {message}")]
    Malformed {
        path: PathBuf,
        /// `shape Foo`, `shape Foo, member Bar`, `operation Baz`, `metadata`.
        location: String,
        message: String,
    },

    #[error("{path}: shape {shape}, member {member}: refers to unknown shape `{target}`")]
    UnknownShape {
        path: PathBuf,
        shape: String,
        member: String,
        target: String,
    },

    #[error("{path}: shape {shape}: unknown shape type `{kind}`")]
    UnknownType {
        path: PathBuf,
        shape: String,
        kind: String,
    },

    #[error("{path}: operation `{operation}` is not in the model of service `{service}`")]
    UnknownOperation {
        path: PathBuf,
        service: String,
        operation: String,
    },

    #[error(
        "{path}: shape {shape}, member {member}: required members form a cycle ({cycle}), \
         so no value of this shape can ever be built"
    )]
    RequiredCycle {
        path: PathBuf,
        shape: String,
        member: String,
        cycle: String,
    },

    #[error("{path}: unsupported protocol `{protocol}` (supported: {supported})")]
    UnsupportedProtocol {
        path: PathBuf,
        protocol: String,
        supported: &'static str,
    },

    /// An operation using a feature slimaws does not build yet; generating
    /// it would give wrong code, so it is refused.
    #[error("{path}: operation {operation}: {message}")]
    UnsupportedOperation {
        path: PathBuf,
        operation: String,
        message: String,
    },

    /// The emitted tokens did not parse as Rust: a generator bug, never a model problem.
    #[error("internal error: generated code for {file} is not valid Rust: {message}")]
    InvalidOutput { file: String, message: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
