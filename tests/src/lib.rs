//! Test-only crate: golden, freshness, determinism, malformed-model,
//! oracle and end-to-end tests live in `tests/tests/`; the endpoint suite
//! runner they share with `cargo xtask endpoints` (the `endpoint-suites`
//! binary) lives here.

pub mod endpoint_suites;
