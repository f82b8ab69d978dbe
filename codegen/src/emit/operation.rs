//! One module per operation: its documentation, the input and output types,
//! and an error enum with a variant per modeled error plus `Unhandled`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc;
use crate::docs::summary;
use crate::ir::Operation;
use crate::symbols::Symbols;

/// `operation/<op>.rs`, but for the `use` of the runtime's wire-format
/// modules, which [`super::add_with_proto_use`] adds once it is parsed.
pub fn emit(sym: &Symbols, plan: &super::validate::Plan, op: &Operation) -> TokenStream {
    let module_doc = module_doc(op);
    let io = io_aliases(sym, op);
    let error_enum = error_enum(sym, op);
    let fluent = super::client::emit_fluent(sym, op, plan.op_needs(op));
    let paginator = super::paginator::emit(sym, op);
    let waiters = super::waiter::emit(sym, op);
    let validate = plan.op_fn(op);
    let token_fill = super::client::emit_token_fill(sym, op);
    let request = super::protocol::emit_request(sym, op);
    let host_prefix = super::client::host_prefix(sym, op);
    let endpoint_params = super::endpoint_params::emit(sym, op);
    let response = super::protocol::emit_response(sym, op);
    let body = quote! {
        #(#io)*

        #fluent

        #paginator

        #waiters

        #token_fill

        #validate

        #request

        /// The prefix `send` puts in front of the endpoint's host
        /// (`endpoint.hostPrefix`, labels filled from the input), for callers
        /// that send [`serialize_request`]'s output themselves; `None` when
        /// the operation has none.
        pub fn host_prefix(input: &Input) -> Option<String> {
            let _ = input;
            #host_prefix
        }

        #endpoint_params

        #response

        #error_enum
    };
    quote! {
        #module_doc
        // One `match` arm per member reads best even when there is one member.
        #![allow(clippy::single_match)]
        #body
    }
}

/// The module's docs: the operation, its HTTP binding, its documentation.
fn module_doc(op: &Operation) -> TokenStream {
    let mut module_doc = format!(
        "`{}` (`{} {}`).\n\n{}",
        op.name,
        op.http.method,
        op.http.request_uri,
        doc::text(
            op.documentation.as_deref(),
            "No documentation in the model."
        )
    );
    if let Some(d) = &op.deprecated {
        module_doc.push_str("\n\n**Deprecated**");
        if let Some(m) = &d.message {
            module_doc.push_str(&format!(": {m}"));
        }
    }
    doc::inner_attrs(&module_doc)
}

/// `pub type Input = ..; pub type Output = ..;`
fn io_aliases(sym: &Symbols, op: &Operation) -> [TokenStream; 2] {
    let types = quote!(super::super::types);
    [("Input", &op.input), ("Output", &op.output)].map(|(alias, shape)| {
        let alias = format_ident!("{alias}");
        match shape {
            Some(s) => {
                let ty = format_ident!("{}", sym.type_name(s));
                let d = format!(
                    "The operation's {} shape, [`{ty}`](super::super::types::{ty}).",
                    alias.to_string().to_lowercase()
                );
                let d_attrs = doc::attrs(&d);
                quote!(#d_attrs pub type #alias = #types::#ty;)
            }
            None => {
                let d = format!("The operation has no {}.", alias.to_string().to_lowercase());
                let d_attrs = doc::attrs(&d);
                quote!(#d_attrs pub type #alias = ();)
            }
        }
    })
}

/// Each modeled error of `op` with its variant in the operation's error
/// enum: the error type's name, `_`-suffixed where two would collide or
/// one would be `Unhandled`.
pub(super) fn error_variants<'a>(
    sym: &Symbols,
    op: &'a Operation,
) -> Vec<(&'a str, proc_macro2::Ident)> {
    error_variants_of(sym, op.errors.iter().map(String::as_str))
}

/// As [`error_variants`], for any list of error shapes.
pub(super) fn error_variants_of<'a>(
    sym: &Symbols,
    errors: impl Iterator<Item = &'a str>,
) -> Vec<(&'a str, proc_macro2::Ident)> {
    let mut taken = std::collections::BTreeSet::from(["Unhandled".to_owned()]);
    errors
        .map(|e| {
            let mut name = sym.type_name(e).to_owned();
            while taken.contains(&name) {
                name.push('_');
            }
            taken.insert(name.clone());
            (e, format_ident!("{}", name))
        })
        .collect()
}

/// The operation's error enum: a variant per modeled error and
/// `Unhandled`, with its metadata, retryability, code, `Display` and `Error`.
fn error_enum(sym: &Symbols, op: &Operation) -> TokenStream {
    let error = format_ident!("{}", sym.operation_error(&op.name));
    let doc = format!("The errors `{}` can return.", op.name);
    error_enum_tokens(
        sym,
        &error,
        &doc,
        &error_variants(sym, op),
        &quote!(super::super::types),
        false,
    )
}

/// An error enum named `error`: a variant per modeled error (its shape and
/// variant name; `types` is the path to their types) and `Unhandled`.
/// `for_stream`: an event stream's errors, whose `set_meta` its decoder
/// (beside this module) calls.
pub(super) fn error_enum_tokens(
    sym: &Symbols,
    error: &proc_macro2::Ident,
    error_doc: &str,
    errors: &[(&str, proc_macro2::Ident)],
    types: &TokenStream,
    for_stream: bool,
) -> TokenStream {
    let rt = sym.runtime();
    let set_meta_vis = if for_stream {
        quote!(pub(crate))
    } else {
        quote!()
    };
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut set_meta = Vec::new();
    for (e, variant) in errors {
        let ty = format_ident!("{}", sym.type_name(e));
        let d = sym
            .shape(e)
            .map(|s| summary(&doc::shape(s)))
            .unwrap_or_default();
        let d = doc::attrs(&d);
        variants.push(quote!(#d #variant(#types::#ty),));
        arms.push(quote!(Self::#variant(e) => e,));
        set_meta.push(quote!(Self::#variant(e) => e.meta = meta,));
    }
    // `deserialize_response` attaches the response's metadata to the error
    // it parsed; only operations with modeled errors parse any.
    let set_meta_fn = (!set_meta.is_empty()).then(|| {
        quote! {
            #set_meta_vis fn set_meta(&mut self, meta: #rt::ErrorMetadata) {
                match self {
                    #(#set_meta)*
                    Self::Unhandled(_) => {}
                }
            }
        }
    });
    let error_doc_attrs = doc::attrs(error_doc);
    let unhandled_doc = doc::attrs(if for_stream {
        "An `error` message, an exception the model does not list for this stream,\n\
         a malformed message, or a failure to read the body."
    } else {
        "An error the model does not list for this operation, or a failure\n\
         before any response (transport, timeout, unparseable response)."
    });
    quote! {
        #error_doc_attrs
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum #error {
            #(#variants)*
            #unhandled_doc
            Unhandled(#rt::UnhandledError),
        }

        impl #error {
            /// The variant's value, which each method below asks.
            fn variant(&self) -> &dyn #rt::ErrorVariant {
                match self {
                    #(#arms)*
                    Self::Unhandled(e) => e,
                }
            }

            /// The response's code, message, request id and HTTP status.
            pub fn meta(&self) -> &#rt::ErrorMetadata {
                self.variant().meta()
            }

            #set_meta_fn

            /// Whether sending the request again may succeed (throttling,
            /// 5xx, transport failures and timeouts).
            pub fn is_retryable(&self) -> bool {
                self.variant().is_retryable()
            }

            /// The service's error code, when the service sent one.
            pub fn code(&self) -> Option<&str> {
                self.variant().code()
            }
        }

        impl From<#rt::UnhandledError> for #error {
            fn from(e: #rt::UnhandledError) -> Self {
                Self::Unhandled(e)
            }
        }

        impl ::std::fmt::Display for #error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.variant(), f)
            }
        }

        impl ::std::error::Error for #error {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                self.variant().as_source()
            }
        }
    }
}
