//! The `use` of the runtime's wire-format modules a file needs, computed
//! from what its code names, so no file imports what it does not use.

use proc_macro2::{Spacing, TokenStream, TokenTree};
use quote::{format_ident, quote};

/// Names generated code reaches through `use <runtime>::proto::{..}`.
const PROTO_NAMES: [&str; 6] = ["cbor", "encode", "json", "time", "xml", "ProtoError"];

/// `use <rt>::proto::{..};` with those of [`PROTO_NAMES`] that `code` names
/// unqualified, or nothing when it names none.
pub fn proto_use(rt: &TokenStream, code: &TokenStream) -> TokenStream {
    let mut used = [false; PROTO_NAMES.len()];
    mark_used(code.clone(), &mut used);
    let names: Vec<_> = PROTO_NAMES
        .iter()
        .zip(used)
        .filter(|(_, u)| *u)
        .map(|(n, _)| format_ident!("{}", n))
        .collect();
    if names.is_empty() {
        return quote!();
    }
    quote!(use #rt::proto::{#(#names),*};)
}

/// Marks each name used as a path's first segment: `json::parse`, or the
/// type `ProtoError` alone; not after `::` (a qualified path) nor a module
/// name that only appears as a field or variable (`v.time`).
fn mark_used(code: TokenStream, used: &mut [bool; PROTO_NAMES.len()]) {
    let tokens: Vec<TokenTree> = code.into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(g) => mark_used(g.stream(), used),
            TokenTree::Ident(ident) => {
                // Compared in place: `to_string` on every identifier of a
                // file cost more than the rest of this walk.
                let Some(k) = PROTO_NAMES.iter().position(|n| ident == n) else {
                    continue;
                };
                let name = PROTO_NAMES[k];
                let qualified = i >= 2 && is_path_sep(&tokens[i - 2], &tokens[i - 1]);
                let is_module = name.starts_with(|c: char| c.is_ascii_lowercase());
                let starts_path = tokens
                    .get(i + 1..i + 3)
                    .is_some_and(|t| is_path_sep(&t[0], &t[1]));
                if !qualified && (starts_path || !is_module) {
                    used[k] = true;
                }
            }
            _ => {}
        }
    }
}

fn is_path_sep(a: &TokenTree, b: &TokenTree) -> bool {
    matches!((a, b), (TokenTree::Punct(a), TokenTree::Punct(b))
        if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(code: TokenStream) -> String {
        proto_use(&quote!(::rt), &code).to_string()
    }

    #[test]
    fn only_names_that_start_a_path_are_imported() {
        assert_eq!(
            uses(quote!(
                fn f() -> Result<(), ProtoError> {
                    json::parse(b)?;
                    Ok(())
                }
            )),
            quote!(
                use ::rt::proto::{json, ProtoError};
            )
            .to_string()
        );
        // Qualified paths, fields and variables need no import.
        assert_eq!(
            uses(quote!(let time = ::rt::proto::xml::parse(b); v.json; ::rt::proto::ProtoError::new("")))
                .to_string(),
            ""
        );
        assert_eq!(
            uses(quote!({ [encode::x(time::now())] })),
            quote!(
                use ::rt::proto::{encode, time};
            )
            .to_string()
        );
    }
}
