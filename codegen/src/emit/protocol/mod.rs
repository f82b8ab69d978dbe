//! Wire-format code: per-shape body serializers and deserializers
//! (`protocol/<shape>.rs`) and, per operation, the request serializer and the
//! response deserializer. Everything is generated for the service's one
//! protocol; nothing is interpreted at run time.

pub mod event_stream;
mod json;
mod query;
mod request;
mod response;
mod walk;
mod xml;

use std::collections::BTreeSet;
use std::path::Path;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{add, Files};
use crate::error::Result;
use crate::ir::{Location, Member, Protocol, Service, Shape, ShapeKind, TimestampFormat};
use crate::symbols::Symbols;

pub use request::emit as emit_request;
pub use response::emit as emit_response;

/// Body encoding of a protocol.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Body {
    Json,
    Xml,
    Cbor,
}

pub fn body_of(protocol: Protocol) -> Body {
    match protocol {
        Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query => Body::Xml,
        Protocol::SmithyRpcV2Cbor => Body::Cbor,
        _ => Body::Json,
    }
}

/// The expression parsing the response `body` into the format's document
/// (`json::Value`, `xml::XmlElement` root, `cbor::Value`), as a `Result`.
pub fn parse_body(body: Body) -> TokenStream {
    match body {
        Body::Json => quote!(json::parse(body)),
        Body::Xml => quote!(xml::parse(body)),
        Body::Cbor => quote!(cbor::parse(body)),
    }
}

/// The JSON-like dialect of a body (XML has its own emitter).
pub fn dialect(body: Body) -> json::Dialect {
    match body {
        Body::Cbor => json::Dialect::Cbor,
        Body::Json | Body::Xml => json::Dialect::Json,
    }
}

/// The runtime's `Protocol` variant for a protocol.
pub fn runtime_variant(protocol: Protocol) -> proc_macro2::Ident {
    format_ident!(
        "{}",
        match protocol {
            Protocol::RestJson1 => "RestJson1",
            Protocol::RestXml => "RestXml",
            Protocol::AwsJson1_0 => "AwsJson1_0",
            Protocol::AwsJson1_1 => "AwsJson1_1",
            Protocol::AwsQuery => "AwsQuery",
            Protocol::Ec2Query => "Ec2Query",
            Protocol::SmithyRpcV2Cbor => "RpcV2Cbor",
        }
    )
}

/// Whether the protocol binds members to HTTP (labels, headers...) or puts
/// every member in the body.
pub fn is_rest(protocol: Protocol) -> bool {
    matches!(protocol, Protocol::RestJson1 | Protocol::RestXml)
}

/// Where a structure member goes: for RPC protocols every member is body.
pub fn location(protocol: Protocol, member: &Member) -> Location {
    if is_rest(protocol) {
        member.traits.location
    } else {
        Location::Body
    }
}

/// Where an output or error member is read from: responses have no URI or
/// query, so members bound there are read from the body (as botocore and
/// Smithy's `IgnoreQueryParamsInResponse` test do).
pub fn response_location(protocol: Protocol, member: &Member) -> Location {
    match location(protocol, member) {
        Location::Uri | Location::Query | Location::QueryParams => Location::Body,
        other => other,
    }
}

/// Shapes whose body (de)serializer functions are needed.
pub struct Needs {
    pub ser: BTreeSet<String>,
    pub de: BTreeSet<String>,
    /// Event streams of outputs, read message by message.
    pub events: BTreeSet<String>,
}

/// Walks from each operation's body members to find the structures and
/// unions that need a serializer (inputs) or a deserializer (outputs, errors).
pub fn needs(service: &Service) -> Needs {
    let protocol = service.metadata.protocol;
    let mut ser = BTreeSet::new();
    let mut de = BTreeSet::new();
    let mut events = BTreeSet::new();
    for op in service.operations.values() {
        if let Some(m) = service.event_stream_output(op) {
            events.insert(m.target.clone());
        }
        if let Some(input) = &op.input {
            for m in body_members(service, input, protocol) {
                reach(service, &m.target, &mut ser);
            }
        }
        if let Some(output) = &op.output {
            for m in response_body_members(service, output, protocol) {
                reach(service, &m.target, &mut de);
            }
            // An output that is not a structure is read whole from the body.
            if !matches!(
                service.shapes.get(output).map(|s| &s.kind),
                Some(ShapeKind::Structure(_))
            ) {
                reach(service, output, &mut de);
            }
        }
        for e in &op.errors {
            reach(service, e, &mut de);
        }
    }
    Needs { ser, de, events }
}

fn body_members<'s>(service: &'s Service, shape: &str, protocol: Protocol) -> Vec<&'s Member> {
    match service.shapes.get(shape).map(|s| &s.kind) {
        Some(ShapeKind::Structure(ms)) => ms
            .iter()
            .filter(|m| location(protocol, m) == Location::Body)
            .collect(),
        _ => Vec::new(),
    }
}

fn response_body_members<'s>(
    service: &'s Service,
    shape: &str,
    protocol: Protocol,
) -> Vec<&'s Member> {
    match service.shapes.get(shape).map(|s| &s.kind) {
        Some(ShapeKind::Structure(ms)) => ms
            .iter()
            .filter(|m| response_location(protocol, m) == Location::Body)
            .collect(),
        _ => Vec::new(),
    }
}

fn reach(service: &Service, shape: &str, out: &mut BTreeSet<String>) {
    let Some(s) = service.shapes.get(shape) else {
        return;
    };
    if s.traits.event_stream {
        // Read by `event_stream::decoder`: exceptions whole, events member
        // by member.
        let (events, errors) = service.event_stream_parts(shape);
        for e in errors {
            reach(service, &e.target, out);
        }
        for e in events {
            let event = service.shapes.get(&e.target);
            for m in event.map(|t| t.kind.members()).unwrap_or_default() {
                reach(service, &m.target, out);
            }
        }
        return;
    }
    match &s.kind {
        ShapeKind::Structure(ms) | ShapeKind::Union(ms) if out.insert(shape.to_owned()) => {
            for m in ms {
                reach(service, &m.target, out);
            }
        }
        ShapeKind::List(m) => reach(service, &m.target, out),
        ShapeKind::Map { key, value } => {
            reach(service, &key.target, out);
            reach(service, &value.target, out);
        }
        _ => {}
    }
}

/// The timestamp format of a member: its own, its shape's, or the default.
pub fn timestamp_format(
    member: Option<&Member>,
    target: Option<&Shape>,
    default: TimestampFormat,
) -> TimestampFormat {
    member
        .and_then(|m| m.traits.timestamp_format)
        .or_else(|| target.and_then(|t| t.traits.timestamp_format))
        .unwrap_or(default)
}

/// `ser_<file>` / `de_<file>` function names for a shape.
pub fn ser_fn(sym: &Symbols, shape: &str) -> proc_macro2::Ident {
    format_ident!("ser_{}", sym.type_file(shape))
}

pub fn de_fn(sym: &Symbols, shape: &str) -> proc_macro2::Ident {
    format_ident!("de_{}", sym.type_file(shape))
}

/// Emits `protocol/mod.rs` and one file per shape that needs body code.
pub fn emit(sym: &Symbols, files: &mut Files, root: &Path) -> Result<()> {
    let rt = sym.runtime();
    let service = sym.service;
    let body = body_of(service.metadata.protocol);
    let needs = needs(service);
    let mut files_in_mod = Vec::new();
    let all: BTreeSet<&String> = needs
        .ser
        .iter()
        .chain(needs.de.iter())
        .chain(needs.events.iter())
        .collect();
    for name in all {
        let Some(shape) = service.shapes.get(name) else {
            continue;
        };
        let mut items = Vec::new();
        if needs.ser.contains(name) {
            items.push(match (service.metadata.protocol, body) {
                (Protocol::AwsQuery | Protocol::Ec2Query, _) => query::ser_shape(sym, shape),
                (_, Body::Xml) => xml::ser_shape(sym, shape),
                (_, Body::Json | Body::Cbor) => json::ser_shape(sym, shape, dialect(body)),
            });
        }
        if needs.de.contains(name) {
            items.push(match body {
                Body::Xml => xml::de_shape(sym, shape),
                Body::Json | Body::Cbor => json::de_shape(sym, shape, dialect(body)),
            });
        }
        if needs.events.contains(name) {
            items.push(event_stream::decoder(sym, shape));
        }
        let file = sym.type_file(name);
        let items = quote!(#(#items)*);
        super::add_with_proto_use(
            files,
            root.join("protocol").join(format!("{file}.rs")),
            quote! {
                // One `match` arm per member reads best even when there is one member.
                #![allow(clippy::single_match)]
                #items
            },
            rt,
        )?;
        files_in_mod.push(format_ident!("{}", file));
    }
    add(
        files,
        root.join("protocol/mod.rs"),
        quote! {
            //! Body serializers and deserializers, one file per shape.
            #(mod #files_in_mod; pub(crate) use #files_in_mod::*;)*
        },
    )
}

/// The types path as seen from `protocol/<file>.rs` and `operation/<op>.rs`.
pub fn types_path() -> TokenStream {
    quote!(super::super::types)
}

/// Path of a body function as seen from an operation module.
pub fn protocol_path() -> TokenStream {
    quote!(super::super::protocol)
}

/// The operation's input/output shape, if any.
pub fn io_shape<'a>(sym: &Symbols<'a>, name: Option<&String>) -> Option<&'a Shape> {
    name.and_then(|n| sym.shape(n))
}

/// Members of a structure shape (empty for anything else).
pub fn struct_members(shape: &Shape) -> &[Member] {
    match &shape.kind {
        ShapeKind::Structure(ms) => ms,
        _ => &[],
    }
}
