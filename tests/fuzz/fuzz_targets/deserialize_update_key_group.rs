//! `slimaws::cloudfront::operation::update_key_group::deserialize_response`:
//! status, headers and body from one input (see `slimaws_fuzz::response`).
#![no_main]

slimaws_fuzz::deserialize_target!(slimaws::cloudfront::operation::update_key_group);
