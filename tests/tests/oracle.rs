//! Byte-level agreement with botocore, through the whole client pipeline.
//!
//! Serialize cases: each fluent call runs `send().await` with the case's
//! region, credentials and frozen clock against a capturing HTTP client; the
//! captured request must have botocore's method, URL, headers (all but
//! User-Agent and the random invocation id), body bytes and SigV4 signature.
//! Parse cases: botocore's response goes through the operation's
//! deserializer; the output or error must equal what botocore parsed.
//! Event stream cases: recorded frames read through the operation's
//! deserializer and its event stream; the output members, events and end
//! of the stream must be botocore's.
//! Validation cases: parameters botocore's `ParamValidator` rejects (or
//! accepts) go through `send`; nothing may be sent for a rejected one and
//! the report must be botocore's message.
//!
//! The per-case code is generated into `tests/generated/` from
//! `tests/data/oracle/` by `cargo xtask codegen`.

mod common;

#[path = "oracle/support.rs"]
mod support;

#[path = "oracle/hostile.rs"]
mod hostile;

// Generated (and formatted) by `cargo xtask codegen`: rustfmt keeps out.
#[rustfmt::skip]
#[path = "../generated/oracle_serialize.rs"]
mod serialize;

#[rustfmt::skip]
#[path = "../generated/oracle_validation.rs"]
mod validation;

#[rustfmt::skip]
#[path = "../generated/oracle_parse.rs"]
mod parse;

#[rustfmt::skip]
#[path = "../generated/oracle_event_streams.rs"]
mod event_streams;
