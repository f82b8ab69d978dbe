//! slimaws: lean, typed AWS clients generated from the service models for
//! exactly the operations an application uses.
//!
//! Each service is a module behind a cargo feature of the same name
//! (`quicksight`, `cloudfront`, `voice_id`). Its `types` module holds the data
//! types (with builders in `types::builders`), its `operation` module one
//! module per operation with the operation's error enum.
//!
//! The service modules are generated (`src/services/`, by `cargo xtask
//! codegen`); [`runtime`] is the hand-written crate they share
//! (`slimaws-runtime`), re-exported so applications need no second
//! dependency.

#![forbid(unsafe_code)]

pub use slimaws_runtime as runtime;

/// Region, credentials, endpoint, retries and timeouts shared by the clients.
pub use runtime::Config;
#[rustfmt::skip]
mod services;

#[doc(inline)]
#[allow(unused_imports)] // empty when every service feature is off
pub use services::*;
