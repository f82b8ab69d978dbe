//! Per operation with endpoint parameters of its own: `endpoint_params(&Input)`,
//! the rule-set parameters its `staticContextParams` fix and its input
//! members with `contextParam` carry (S3's `Bucket`, `Key`) and its
//! `operationContextParams` paths reach (`context_path.rs`), which `send`
//! hands the runtime to resolve the call's endpoint with. As botocore's
//! `_resolve_param_from_context`, only parameters the rule set declares
//! count, and an unset member sets nothing.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Member, Operation, ShapeKind};
use crate::symbols::Symbols;

/// Whether `op` sets any endpoint parameter (and so has `endpoint_params`).
pub fn has_params(sym: &Symbols, op: &Operation) -> bool {
    !statics(sym, op).is_empty() || !member_pushes(sym, op).is_empty()
}

/// `pub fn endpoint_params`, or nothing for an operation without any.
pub fn emit(sym: &Symbols, op: &Operation) -> TokenStream {
    let (statics, members) = (statics(sym, op), member_pushes(sym, op));
    if statics.is_empty() && members.is_empty() {
        return quote!();
    }
    let rt = sym.runtime();
    let n = statics.len() + members.len();
    // Pushed in reverse precedence (a later value of a name wins):
    // the input's parameters, then the static ones.
    let body = match (statics.is_empty(), members.is_empty()) {
        (_, true) => quote!(let _ = input; ::std::vec![#(#statics),*]),
        (true, false) => quote! {
            let mut params = Vec::with_capacity(#n);
            #(#members)*
            params
        },
        (false, false) => quote! {
            let mut params = Vec::with_capacity(#n);
            #(#members)*
            params.extend([#(#statics),*]);
            params
        },
    };

    quote! {
        /// The endpoint rule-set parameters this call sets (the input's
        /// operation and member context parameters, then the model's static
        /// ones; of a name set twice the later wins), which `send` resolves
        /// the endpoint with over the configuration's.
        pub fn endpoint_params(
            input: &Input,
        ) -> Vec<(&'static str, #rt::endpoint::ParamValue)> {
            #body
        }
    }
}

/// Whether the service's rule set declares parameter `name`.
fn declared(sym: &Symbols, name: &str) -> bool {
    sym.service
        .endpoint_rule_set
        .as_ref()
        .and_then(|r| r.get("parameters"))
        .and_then(|p| p.get(name))
        .is_some()
}

/// `("Name", value)` for each static context parameter the rule set declares.
fn statics(sym: &Symbols, op: &Operation) -> Vec<TokenStream> {
    let rt = sym.runtime();
    let value = quote!(#rt::endpoint::ParamValue);
    let mut out = Vec::new();
    for (name, v) in &op.static_context_params {
        if !declared(sym, name) {
            continue;
        }
        let expr = match v {
            serde_json::Value::Bool(b) => quote!(#value::Bool(#b)),
            serde_json::Value::String(s) => quote!(#value::String(#s.to_owned())),
            serde_json::Value::Array(items) => {
                let items = items.iter().filter_map(|i| i.as_str());
                quote!(#value::StringArray(::std::vec![#(#items.to_owned()),*]))
            }
            _ => continue,
        };
        out.push(quote!((#name, #expr)));
    }
    out
}

/// One `params.push(..)` per input member bound to a declared parameter.
fn member_pushes(sym: &Symbols, op: &Operation) -> Vec<TokenStream> {
    let rt = sym.runtime();
    let value = quote!(#rt::endpoint::ParamValue);
    let shape = op.input.as_deref().unwrap_or("");
    let members: &[Member] = match sym.shape(shape).map(|s| &s.kind) {
        Some(ShapeKind::Structure(ms)) => ms,
        _ => &[],
    };
    let mut out = Vec::new();
    // `operationContextParams` first: a member's `contextParam` of the
    // same name, pushed later, wins, as in botocore's
    // `_resolve_param_from_context`.
    for (name, path) in &op.operation_context_params {
        if declared(sym, name) {
            out.extend(super::context_path::push(sym, op, name, path));
        }
    }
    for m in members {
        let Some(name) = m
            .traits
            .context_param
            .as_deref()
            .filter(|n| declared(sym, n))
        else {
            continue;
        };
        let Some(expr) = member_value(sym, m, &value) else {
            continue;
        };
        let f: TokenStream = sym.field_tokens(shape, &m.name);
        out.push(if m.traits.required {
            quote!({ let x = &input.#f; params.push((#name, #expr)); })
        } else {
            quote!(if let Some(x) = &input.#f { params.push((#name, #expr)); })
        });
    }
    out
}

/// The parameter value of member `x`: strings and enums as strings,
/// booleans, lists of either as string arrays; other shapes set nothing.
fn member_value(sym: &Symbols, m: &Member, value: &TokenStream) -> Option<TokenStream> {
    Some(match &sym.shape(&m.target)?.kind {
        ShapeKind::String => quote!(#value::String(x.clone())),
        ShapeKind::Enum(_) => quote!(#value::String(x.as_str().to_owned())),
        ShapeKind::Boolean => quote!(#value::Bool(*x)),
        ShapeKind::List(item) => match &sym.shape(&item.target)?.kind {
            ShapeKind::String => quote!(#value::StringArray(x.clone())),
            ShapeKind::Enum(_) => {
                quote!(#value::StringArray(x.iter().map(|v| v.as_str().to_owned()).collect()))
            }
            _ => return None,
        },
        _ => return None,
    })
}
