//! Event streams (`eventstream` on an output member): the enum of a
//! stream's events and the enum of the errors it can end with (`types/`),
//! and the function turning one decoded message into either (`protocol/`),
//! as botocore's `BaseEventStreamParser` reads messages.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::operation::{error_enum_tokens, error_variants_of};
use super::{body_of, de_fn, json, parse_body, xml, Body};
use crate::ir::{Member, Shape, ShapeKind};
use crate::symbols::Symbols;

/// `types/<stream>.rs`: the events as a union (a variant per event,
/// `Unknown` for one this client does not know) and the stream's error enum.
pub fn types(sym: &Symbols, shape: &Shape) -> TokenStream {
    let (events, errors) = sym.service.event_stream_parts(&shape.name);
    let events: Vec<Member> = events.into_iter().cloned().collect();
    let union = super::super::union::emit(sym, shape, &events);
    let error = format_ident!("{}", sym.event_stream_error(&shape.name).0);
    let doc = format!(
        "The errors a `{}` event stream can end with: a modeled exception \
         message, an `error` message, a malformed message or a failure to read.",
        shape.name
    );
    let variants = error_variants_of(sym, errors.iter().map(|m| m.target.as_str()));
    let error_enum = error_enum_tokens(sym, &error, &doc, &variants, &quote!(super), true);
    quote! {
        #union
        #error_enum
    }
}

/// The name of the function reading one message of stream `shape`.
pub fn message_fn(sym: &Symbols, shape: &str) -> proc_macro2::Ident {
    format_ident!("de_{}_message", sym.type_file(shape))
}

/// `protocol/<stream>.rs`: `de_<stream>_message`, an event or the error
/// an `exception` message carries, and one reader per event.
pub fn decoder(sym: &Symbols, shape: &Shape) -> TokenStream {
    let rt = sym.runtime();
    let types = quote!(super::super::types);
    let (events, errors) = sym.service.event_stream_parts(&shape.name);
    let ty = format_ident!("{}", sym.type_name(&shape.name));
    let error = format_ident!("{}", sym.event_stream_error(&shape.name).0);
    let f = message_fn(sym, &shape.name);
    let file = sym.type_file(&shape.name).to_owned();
    let mut arms = Vec::new();
    let mut readers = Vec::new();
    for m in &events {
        let variant = format_ident!("{}", sym.member(&shape.name, &m.name).variant);
        let reader = format_ident!("de_{}_{}", file, sym.type_file(&m.target));
        let name = &m.name;
        arms.push(quote! {
            Some(#name) => #reader(message).map(#types::#ty::#variant),
        });
        if let Some(event) = sym.shape(&m.target) {
            readers.push(event_reader(sym, &reader, event));
        }
    }
    let exception_fn = format_ident!("de_{}_exception", file);
    let exception = exception_reader(sym, shape, &errors);
    quote! {
        /// One message of the stream: an event (`Unknown` for a type this
        /// client does not know), or the error an `exception` message carries.
        pub(crate) fn #f(
            message: &#rt::event_stream::Message,
        ) -> Result<#types::#ty, #types::#error> {
            if message.message_type() == Some("exception") {
                return Err(#exception_fn(message));
            }
            let event = match message.event_type() {
                #(#arms)*
                other => Ok(#types::#ty::Unknown(
                    #rt::UnknownValue::new(other.unwrap_or_default()),
                )),
            };
            event.map_err(|e| #types::#error::Unhandled(#rt::UnhandledError::from(e)))
        }

        /// The error an `exception` message carries.
        #[allow(unused_variables)]
        fn #exception_fn(message: &#rt::event_stream::Message) -> #types::#error {
            #exception
        }

        #(#readers)*
    }
}

/// The expression giving the stream's error for an `exception` message:
/// the modeled error its `:exception-type` names, its code that type and its
/// message the body's `Message` (botocore's `_do_error_parse`).
fn exception_reader(sym: &Symbols, shape: &Shape, errors: &[&Member]) -> TokenStream {
    let rt = sym.runtime();
    let types = quote!(super::super::types);
    let error = format_ident!("{}", sym.event_stream_error(&shape.name).0);
    if errors.is_empty() {
        return quote!(#types::#error::Unhandled(message.unhandled_exception()));
    }
    let body = body_of(sym.service.metadata.protocol);
    let parse = parse_body(body);
    let variants = error_variants_of(sym, errors.iter().map(|m| m.target.as_str()));
    let arms = errors.iter().zip(&variants).map(|(m, (target, variant))| {
        let name = &m.name;
        let de = de_fn(sym, target);
        quote! {
            Some(#name) => {
                doc.and_then(|doc| super::#de(&doc)).map(#types::#error::#variant)
            }
        }
    });
    // The message botocore gives is the body's `Message` (or `message`),
    // read from the document the modeled error is read from.
    let text = match body {
        Body::Xml => quote! {
            doc.as_ref().ok().and_then(|d| {
                d.child("Message").or_else(|| d.child("message")).map(|c| c.text().to_string())
            })
        },
        Body::Json => quote! {
            doc.as_ref().ok().and_then(|d| {
                let o = d.as_object()?;
                o.get("Message")
                    .or_else(|| o.get("message"))
                    .and_then(|v| v.as_str().map(str::to_owned))
            })
        },
        Body::Cbor => quote!(None),
    };
    quote! {
        let body = message.payload();
        let doc = #parse;
        let meta = #rt::ErrorMetadata::new(
            message.exception_type().map(str::to_owned),
            #text,
            None,
            None,
        );
        let parsed = match message.exception_type() {
            #(#arms)*
            _ => return #types::#error::Unhandled(message.unhandled_exception()),
        };
        match parsed {
            Ok(mut e) => {
                e.set_meta(meta);
                e
            }
            Err(err) => #types::#error::Unhandled(
                #rt::UnhandledError::from(err).with_meta(meta),
            ),
        }
    }
}

/// `fn reader(message) -> Result<Event, ProtoError>`: the `eventheader`
/// members from the headers, then the `eventpayload` member from the
/// payload, or, without one, the other members from the payload document.
fn event_reader(sym: &Symbols, reader: &proc_macro2::Ident, event: &Shape) -> TokenStream {
    let rt = sym.runtime();
    let ty = format_ident!("{}", sym.type_name(&event.name));
    let members: &[Member] = match &event.kind {
        ShapeKind::Structure(ms) => ms,
        _ => &[],
    };
    let headers = members
        .iter()
        .filter(|m| m.traits.event_header)
        .map(|m| header_read(sym, &event.name, m));
    let payload = match members.iter().find(|m| m.traits.event_payload) {
        Some(p) => payload_read(sym, &event.name, p),
        None => body_read(sym, &event.name, members),
    };
    let finish = json::finish_builder(members);
    let b_mut = if members.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    quote! {
        #[allow(unused_variables)]
        fn #reader(
            message: &#rt::event_stream::Message,
        ) -> Result<super::super::types::#ty, ProtoError> {
            let #b_mut b = super::super::types::#ty::builder();
            #(#headers)*
            let body = message.payload();
            #payload
            #finish
        }
    }
}

/// Reads an `eventheader` member: headers are named by the member.
fn header_read(sym: &Symbols, shape: &str, m: &Member) -> TokenStream {
    let field = sym.field_tokens(shape, &m.name);
    let name = &m.name;
    let path = format!("{shape}.{name}");
    let kind = sym.shape(&m.target).map(|t| &t.kind);
    let read = |getter: &str| {
        let getter = format_ident!("{}", getter);
        quote!(message.#getter(#name, #path)?)
    };
    let value = match kind {
        Some(ShapeKind::Enum(_)) => {
            let ty = format_ident!("{}", sym.type_name(&m.target));
            let text = read("header_string");
            quote!(#text.map(super::super::types::#ty::from))
        }
        Some(ShapeKind::Boolean) => read("header_bool"),
        Some(ShapeKind::Byte) => read("header_byte"),
        Some(ShapeKind::Short) => read("header_short"),
        Some(ShapeKind::Integer) => read("header_int"),
        Some(ShapeKind::Long) => read("header_long"),
        Some(ShapeKind::Blob) => read("header_blob"),
        Some(ShapeKind::Timestamp) => read("header_timestamp"),
        _ => read("header_string"),
    };
    quote! {
        if let Some(value) = #value {
            b.#field = Some(value);
        }
    }
}

/// Reads the `eventpayload` member: the raw bytes for a blob (always set,
/// if empty, as botocore gives `b''`), the text for a string, else the
/// payload parsed as the member's shape.
fn payload_read(sym: &Symbols, shape: &str, p: &Member) -> TokenStream {
    let rt = sym.runtime();
    let field = sym.field_tokens(shape, &p.name);
    let msg = format!("{shape}.{}: payload is not UTF-8", p.name);
    match sym.shape(&p.target).map(|t| &t.kind) {
        Some(ShapeKind::Blob) => {
            quote!(b.#field = Some(#rt::Blob::new(body.to_vec()));)
        }
        Some(ShapeKind::String) => quote! {
            let text = ::std::str::from_utf8(body).map_err(|_| ProtoError::new(#msg))?;
            b.#field = Some(text.to_string());
        },
        _ => {
            let de = de_fn(sym, &p.target);
            let parse = parse_body(body_of(sym.service.metadata.protocol));
            quote! {
                if !body.is_empty() {
                    b.#field = Some(super::#de(&#parse?)?);
                }
            }
        }
    }
}

/// Reads an event without an `eventpayload` member: the payload is a
/// document of its members (empty: none set).
fn body_read(sym: &Symbols, shape: &str, members: &[Member]) -> TokenStream {
    let fns = quote!(super);
    let in_body: Vec<Member> = members
        .iter()
        .filter(|m| !m.traits.event_header)
        .cloned()
        .collect();
    if in_body.is_empty() {
        return quote!();
    }
    match body_of(sym.service.metadata.protocol) {
        body @ (Body::Json | Body::Cbor) => {
            let d = super::dialect(body);
            let read = json::de_members_into_builder(sym, shape, &in_body, &fns, d);
            let msg = format!("{shape}: expected {}", d.object());
            let parse = parse_body(body);
            quote! {
                if !body.is_empty() {
                    let doc = #parse?;
                    let obj = doc.as_object().ok_or_else(|| ProtoError::new(#msg))?;
                    #read
                }
            }
        }
        Body::Xml => {
            let read = xml::de_members_into_builder(sym, shape, &in_body, &quote!(root), &fns);
            quote! {
                if !body.is_empty() {
                    let document = xml::parse(body)?;
                    let root = &document;
                    #read
                }
            }
        }
    }
}
