//! Test-only crate: golden, freshness, determinism, malformed-model and
//! (later) conformance and end-to-end tests live in `tests/tests/`.
