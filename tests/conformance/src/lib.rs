//! botocore's protocol test suites as Rust tests.
//!
//! `src/generated/` is written by `cargo xtask codegen` from `suites/` (one
//! service module per group of a suite, one `#[test]` per case); the tests
//! compare with the suites through the hand-written [`support`] module.
//! `cargo xtask conformance` runs them and prints a summary per suite.

#![forbid(unsafe_code)]

#[rustfmt::skip]
pub mod generated;
pub mod support;
