//! The `slimaws` cargo features a generated service needs beyond its own:
//! runtime parts that only some models use and that pull in dependencies
//! (so an application that does not need them does not compile them).

use crate::ir::Service;

/// The runtime features `service`'s feature must enable, in a fixed order:
/// `compression` when an operation may compress its request body.
pub fn runtime_features(service: &Service) -> Vec<&'static str> {
    let mut features = Vec::new();
    if service
        .operations
        .values()
        .any(|op| !op.request_compression.is_empty())
    {
        features.push("compression");
    }
    features
}
