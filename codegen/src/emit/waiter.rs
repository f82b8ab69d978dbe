//! Waiters: `wait_until_<name>()` on the fluent builder of each operation
//! a botocore waiter polls, the waiter's acceptors as a static the runtime
//! reads, the runtime's `WaitRequest` for the builder, and (in
//! `<service>/waiters.rs`) the output types as the JSON botocore parses,
//! which the acceptors' JMESPath reads.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc;
use crate::ir::{AcceptorMatcher, AcceptorState, Operation, Shape, ShapeKind, Waiter};
use crate::symbols::{is_named_type, Symbols};

/// The operation module's part: nothing when no waiter polls `op`.
pub fn emit(sym: &Symbols, op: &Operation) -> TokenStream {
    if op.waiters.is_empty() {
        return quote!();
    }
    let rt = sym.runtime();
    let fluent = format_ident!("{}FluentBuilder", crate::names::type_ident(&op.name));
    let methods = op.waiters.iter().map(|w| wait_method(rt, w));
    let specs = op.waiters.iter().map(|w| spec_static(rt, w));
    let request = wait_request(sym, op);
    quote! {
        impl #fluent {
            #(#methods)*
        }

        #(#specs)*

        #request
    }
}

/// The `static` holding a waiter's acceptors.
fn spec_ident(w: &Waiter) -> proc_macro2::Ident {
    format_ident!(
        "{}_WAITER",
        crate::names::module_name(&w.name).to_uppercase()
    )
}

/// `wait_until_<name>()` on the fluent builder.
fn wait_method(rt: &TokenStream, w: &Waiter) -> TokenStream {
    let method = format_ident!("wait_until_{}", crate::names::module_name(&w.name));
    let spec = spec_ident(w);
    let d = doc::attrs(&format!(
        "Waits until `{}`: sends this request every {} s, at most {} times, until \
         botocore's acceptors for the waiter say it succeeded or failed.",
        w.name, w.delay, w.max_attempts
    ));
    quote! {
        #d
        pub fn #method(self) -> #rt::waiter::Waiter<Self> {
            #rt::waiter::Waiter::new(self, &#spec)
        }
    }
}

/// `static <NAME>_WAITER: WaiterSpec`, as `waiters-2.json` has the waiter.
fn spec_static(rt: &TokenStream, w: &Waiter) -> TokenStream {
    let spec = spec_ident(w);
    let (name, delay, attempts) = (&w.name, w.delay, w.max_attempts);
    let acceptors = w.acceptors.iter().map(|a| {
        let state = match a.state {
            AcceptorState::Success => quote!(Success),
            AcceptorState::Failure => quote!(Failure),
            AcceptorState::Retry => quote!(Retry),
        };
        let matcher = matcher(rt, &a.matcher);
        quote!(#rt::waiter::Acceptor { state: #rt::waiter::State::#state, matcher: #matcher })
    });
    let spec_doc = doc::attrs(&format!("The `{name}` waiter, as `waiters-2.json` has it."));
    quote! {
        #spec_doc
        static #spec: #rt::waiter::WaiterSpec = #rt::waiter::WaiterSpec {
            name: #name,
            delay: #delay,
            max_attempts: #attempts,
            acceptors: &[#(#acceptors),*],
        };
    }
}

/// The runtime's `WaitRequest` for the operation's fluent builder.
fn wait_request(sym: &Symbols, op: &Operation) -> TokenStream {
    let rt = sym.runtime();
    let fluent = format_ident!("{}FluentBuilder", crate::names::type_ident(&op.name));
    let error = format_ident!("{}", sym.operation_error(&op.name));
    let status = op.http.response_code.unwrap_or(200);
    quote! {
        impl #rt::waiter::WaitRequest for #fluent {
            type Output = Output;
            type Error = #error;

            fn send_attempt(
                self,
            ) -> impl ::std::future::Future<Output = Result<Output, #error>> + Send {
                self.send()
            }

            fn success_status() -> u16 {
                #status
            }

            fn view(output: &Output) -> #rt::waiter::Value {
                #rt::waiter::ToValue::to_value(output)
            }

            fn service_error(error: &#error) -> Option<&#rt::ErrorMetadata> {
                match error {
                    #error::Unhandled(e) if e.kind() != #rt::ErrorKind::Service => {
                        None
                    }
                    _ => Some(error.meta()),
                }
            }
        }
    }
}

fn matcher(rt: &TokenStream, m: &AcceptorMatcher) -> TokenStream {
    let path = |variant: TokenStream, argument: &str, expected: &serde_json::Value| {
        let expected = expected.to_string();
        quote!(#rt::waiter::Matcher::#variant { argument: #argument, expected: #expected })
    };
    match m {
        AcceptorMatcher::Path { argument, expected } => path(quote!(Path), argument, expected),
        AcceptorMatcher::PathAll { argument, expected } => {
            path(quote!(PathAll), argument, expected)
        }
        AcceptorMatcher::PathAny { argument, expected } => {
            path(quote!(PathAny), argument, expected)
        }
        AcceptorMatcher::Status(code) => quote!(#rt::waiter::Matcher::Status(#code)),
        AcceptorMatcher::Error(code) => quote!(#rt::waiter::Matcher::Error(#code)),
        AcceptorMatcher::AnyError => quote!(#rt::waiter::Matcher::AnyError),
        AcceptorMatcher::NoError => quote!(#rt::waiter::Matcher::NoError),
    }
}

/// `<service>/waiters.rs`: `ToValue` for every named type the outputs of
/// waited-on operations hold; `None` when no operation has a waiter.
pub fn views_file(sym: &Symbols) -> Option<TokenStream> {
    let outputs: Vec<&str> = sym
        .service
        .operations
        .values()
        .filter(|op| !op.waiters.is_empty())
        .filter_map(|op| op.output.as_deref())
        .collect();
    if sym
        .service
        .operations
        .values()
        .all(|op| op.waiters.is_empty())
    {
        return None;
    }
    let mut seen = BTreeSet::new();
    for output in outputs {
        reach(sym, output, &mut seen);
    }
    let impls = seen
        .iter()
        .filter_map(|name| sym.shape(name))
        .map(|shape| view_impl(sym, shape));
    Some(quote! {
        //! The output types of the operations waiters poll, as the JSON
        //! botocore parses responses into: what the acceptors' JMESPath reads.

        #(#impls)*
    })
}

/// Every named type reachable from `shape`.
fn reach(sym: &Symbols, name: &str, seen: &mut BTreeSet<String>) {
    let Some(shape) = sym.shape(name) else {
        return;
    };
    if is_named_type(shape) && !seen.insert(name.to_owned()) {
        return;
    }
    match &shape.kind {
        ShapeKind::Structure(members) | ShapeKind::Union(members) => {
            for m in members {
                reach(sym, &m.target, seen);
            }
        }
        ShapeKind::List(m) => reach(sym, &m.target, seen),
        ShapeKind::Map { key, value } => {
            reach(sym, &key.target, seen);
            reach(sym, &value.target, seen);
        }
        _ => {}
    }
}

fn view_impl(sym: &Symbols, shape: &Shape) -> TokenStream {
    let rt = sym.runtime();
    let ty = format_ident!("{}", sym.type_name(&shape.name));
    let body = match &shape.kind {
        ShapeKind::Structure(members) if members.is_empty() => {
            quote!(#rt::waiter::Value::Object(#rt::waiter::Map::new()))
        }
        ShapeKind::Structure(members) => {
            let inserts = members.iter().map(|m| {
                let field = sym.field_tokens(&shape.name, &m.name);
                let key = &m.name;
                if m.traits.required {
                    quote!(map.insert(#key.to_owned(), #rt::waiter::ToValue::to_value(&self.#field));)
                } else {
                    // botocore's parsed dict has no key for an absent member.
                    quote! {
                        if let Some(v) = &self.#field {
                            map.insert(#key.to_owned(), #rt::waiter::ToValue::to_value(v));
                        }
                    }
                }
            });
            quote! {
                let mut map = #rt::waiter::Map::new();
                #(#inserts)*
                #rt::waiter::Value::Object(map)
            }
        }
        ShapeKind::Union(members) => {
            let arms = members.iter().map(|m| {
                let variant = format_ident!("{}", sym.member(&shape.name, &m.name).variant);
                let key = &m.name;
                quote!(Self::#variant(v) => (#key.to_owned(), #rt::waiter::ToValue::to_value(v)),)
            });
            quote! {
                let (key, value) = match self {
                    #(#arms)*
                    // botocore's `SDK_UNKNOWN_MEMBER`.
                    Self::Unknown(v) => (
                        "SDK_UNKNOWN_MEMBER".to_owned(),
                        #rt::waiter::Value::from_iter([("name".to_owned(), #rt::waiter::ToValue::to_value(v))]),
                    ),
                };
                #rt::waiter::Value::Object(::std::iter::once((key, value)).collect())
            }
        }
        ShapeKind::Enum(_) => quote!(#rt::waiter::Value::String(self.as_str().to_owned())),
        ShapeKind::IntEnum(_) => quote!(#rt::waiter::Value::from(self.value())),
        _ => return quote!(),
    };
    quote! {
        impl #rt::waiter::ToValue for super::types::#ty {
            fn to_value(&self) -> #rt::waiter::Value {
                #body
            }
        }
    }
}
