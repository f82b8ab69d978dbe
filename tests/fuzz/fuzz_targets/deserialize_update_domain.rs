//! `slimaws::voice_id::operation::update_domain::deserialize_response`:
//! status, headers and body from one input (see `slimaws_fuzz::response`).
#![no_main]

slimaws_fuzz::deserialize_target!(slimaws::voice_id::operation::update_domain);
