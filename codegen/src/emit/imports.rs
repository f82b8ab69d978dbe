//! The `use` of the runtime's wire-format modules a file needs, computed
//! from what its code names, so no file imports what it does not use.

use proc_macro2::{Spacing, TokenStream, TokenTree};
use quote::format_ident;
use syn::visit::Visit;

/// Names generated code reaches through `use <runtime>::proto::{..}`.
const PROTO_NAMES: [&str; 6] = ["cbor", "encode", "json", "time", "xml", "ProtoError"];

/// `use <rt>::proto::{..};` with those of [`PROTO_NAMES`] that `file` names
/// unqualified, or `None` when it names none.
pub fn proto_use(rt: &TokenStream, file: &syn::File) -> Option<syn::Item> {
    let mut used = Used([false; PROTO_NAMES.len()]);
    used.visit_file(file);
    let names: Vec<_> = PROTO_NAMES
        .iter()
        .zip(used.0)
        .filter(|(_, u)| *u)
        .map(|(n, _)| format_ident!("{}", n))
        .collect();
    if names.is_empty() {
        return None;
    }
    Some(syn::parse_quote!(use #rt::proto::{#(#names),*};))
}

/// Which of [`PROTO_NAMES`] start a path: `json::parse`, or the type
/// `ProtoError` alone; not after `::` (a qualified path) nor a module name
/// alone, which is a variable (`time`).
struct Used([bool; PROTO_NAMES.len()]);

impl<'ast> Visit<'ast> for Used {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if let (None, Some(first)) = (&path.leading_colon, path.segments.first()) {
            if let Some(k) = PROTO_NAMES.iter().position(|n| first.ident == n) {
                let is_module = PROTO_NAMES[k].starts_with(|c: char| c.is_ascii_lowercase());
                if path.segments.len() > 1 || !is_module {
                    self.0[k] = true;
                }
            }
        }
        syn::visit::visit_path(self, path);
    }

    /// A macro's arguments are tokens to syn: walk them.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        mark_used(mac.tokens.clone(), &mut self.0);
        syn::visit::visit_macro(self, mac);
    }
}

/// [`Used`] over tokens: marks each name used as a path's first segment,
/// not after `::`, nor a module name that only appears as a field or
/// variable (`v.time`).
fn mark_used(code: TokenStream, used: &mut [bool; PROTO_NAMES.len()]) {
    let tokens: Vec<TokenTree> = code.into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(g) => mark_used(g.stream(), used),
            TokenTree::Ident(ident) => {
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
    use quote::{quote, ToTokens};

    fn uses(code: TokenStream) -> String {
        let file: syn::File = syn::parse2(code).unwrap();
        proto_use(&quote!(::rt), &file).map_or(String::new(), |u| u.to_token_stream().to_string())
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
            uses(quote!(
                fn f() {
                    let time = ::rt::proto::xml::parse(b);
                    v.json;
                    time;
                    ::rt::proto::ProtoError::new("");
                }
            )),
            ""
        );
        // Inside a macro's arguments too.
        assert_eq!(
            uses(quote!(
                fn f() {
                    vec![encode::x(time::now())];
                }
            )),
            quote!(
                use ::rt::proto::{encode, time};
            )
            .to_string()
        );
    }
}
