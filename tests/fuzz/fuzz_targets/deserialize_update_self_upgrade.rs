//! `slimaws::quicksight::operation::update_self_upgrade::deserialize_response`:
//! status, headers and body from one input (see `slimaws_fuzz::response`).
#![no_main]

slimaws_fuzz::deserialize_target!(slimaws::quicksight::operation::update_self_upgrade);
