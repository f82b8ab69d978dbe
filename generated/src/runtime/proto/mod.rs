//! Wire-format primitives the generated serializers and deserializers call:
//! timestamps, percent-encoding, JSON and XML reading and writing, and
//! reading error codes the way botocore does.

pub mod errors;
