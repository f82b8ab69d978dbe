//! `slimaws::quicksight::operation::update_key_registration::deserialize_response`:
//! status, headers and body from one input (see `slimaws_fuzz::response`).
#![no_main]

slimaws_fuzz::deserialize_target!(slimaws::quicksight::operation::update_key_registration);
