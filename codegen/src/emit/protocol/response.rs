//! Per operation: `deserialize_response(status, headers, body)` into the
//! output or the operation's typed error, following botocore's parsers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{
    body_of, de_fn, io_shape, is_rest, json, protocol_path, response_location, struct_members, xml,
    Body,
};
use crate::ir::{Location, Member, Operation, Protocol, Shape, ShapeKind};
use crate::symbols::Symbols;

pub fn emit(sym: &Symbols, op: &Operation) -> TokenStream {
    let rt = sym.runtime();
    let protocol = sym.service.metadata.protocol;
    let error_ty = format_ident!("{}", sym.operation_error(&op.name));
    let protocol_variant = super::runtime_variant(protocol);
    let output = output_code(sym, op, protocol);
    let errors = error_code(sym, op, protocol);
    // Reading an RPC output's initial response waits for the stream's
    // first message.
    let reads_initial = !sym.service.initial_response_members(op).is_empty();
    let asyncness = reads_initial.then(|| quote!(async));
    let awaited = reads_initial.then(|| quote!(.await));
    let output_error = if reads_initial {
        quote!(#rt::UnhandledError)
    } else {
        quote!(ProtoError)
    };
    // An output that streams takes its body unread; errors come read whole.
    let (body_ty, error_body) = if sym.service.output_streams(op) {
        (
            quote!(#rt::ByteStream),
            quote! {
                let Some(body) = body.as_buffered() else {
                    return Err(#error_ty::Unhandled(
                        #rt::UnhandledError::new(
                            #rt::ErrorKind::Response,
                            "an error response's body must be read whole before it is parsed",
                        ),
                    ));
                };
            },
        )
    } else {
        (quote!(&[u8]), quote!())
    };
    quote! {
        /// Reads a response: the output on success, else the modeled error
        /// its code names, else `Unhandled` with the code, message and request id.
        pub #asyncness fn deserialize_response(
            status: u16,
            headers: &#rt::http::HeaderMap,
            body: #body_ty,
        ) -> Result<Output, #error_ty> {
            if !(200..300).contains(&status) {
                #error_body
                let meta = #rt::proto::errors::parse_error_metadata(
                    #rt::Protocol::#protocol_variant,
                    status,
                    headers,
                    body,
                );
                return Err(deserialize_error(meta, headers, body));
            }
            deserialize_output(status, headers, body)#awaited
                .map_err(|e| #error_ty::Unhandled(#rt::proto::errors::unparseable(e, status, headers)))
        }

        #[allow(unused_variables)]
        #asyncness fn deserialize_output(
            status: u16,
            headers: &#rt::http::HeaderMap,
            body: #body_ty,
        ) -> Result<Output, #output_error> {
            #output
        }

        #[allow(unused_variables)]
        fn deserialize_error(
            meta: #rt::ErrorMetadata,
            headers: &#rt::http::HeaderMap,
            body: &[u8],
        ) -> #error_ty {
            #errors
        }
    }
}

fn output_code(sym: &Symbols, op: &Operation, protocol: Protocol) -> TokenStream {
    let Some(shape) = io_shape(sym, op.output.as_ref()) else {
        return quote!(Ok(()));
    };
    let members = struct_members(shape);
    let name = &shape.name;
    let ty = format_ident!("{}", sym.type_name(name));
    if !matches!(shape.kind, ShapeKind::Structure(_)) {
        // Not a structure (a union, say): the whole body is the value.
        let (f, fns) = (de_fn(sym, name), protocol_path());
        let parse = super::parse_body(body_of(protocol));
        return quote!(#fns::#f(&#parse?));
    }
    if let Some(m) = sym
        .service
        .event_stream_output(op)
        .filter(|_| !is_rest(protocol))
    {
        // The RPC protocols: the stream starts with an `initial-response`
        // message (botocore's `_handle_event_stream`), which carries the
        // output's other members, if it has any.
        let set = sym.field_tokens(name, &m.name);
        let stream = event_stream_value(sym, &m.target, true);
        let finish = json::finish_builder(members);
        let beside: Vec<Member> = sym
            .service
            .initial_response_members(op)
            .into_iter()
            .cloned()
            .collect();
        if beside.is_empty() {
            return quote! {
                let mut b = super::super::types::#ty::builder();
                b.#set = Some(#stream);
                #finish
            };
        }
        let read = body_read(sym, op, name, &beside, protocol);
        let rt = sym.runtime();
        return quote! {
            let mut stream = #stream;
            let payload = stream.initial_response().await?;
            let body = payload.as_slice();
            let mut b = super::super::types::#ty::builder();
            #read
            b.#set = Some(stream);
            let output: Result<Output, ProtoError> = #finish;
            output.map_err(#rt::UnhandledError::from)
        };
    }
    let mut stmts = Vec::new();
    if is_rest(protocol) {
        stmts.extend(
            members
                .iter()
                .filter_map(|m| bound_member_read(sym, name, m)),
        );
    }
    let payload = members
        .iter()
        .find(|m| m.traits.payload && is_rest(protocol));
    if let Some(p) = payload {
        stmts.push(payload_read(sym, name, p, body_of(protocol)));
    } else if members
        .iter()
        .any(|m| response_location(protocol, m) == Location::Body)
    {
        stmts.push(body_read(sym, op, name, members, protocol));
    }
    let finish = json::finish_builder(members);
    let b_mut = if stmts.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    quote! {
        let #b_mut b = super::super::types::#ty::builder();
        #(#stmts)*
        #finish
    }
}

/// Reads a REST output member bound to a header, a header prefix or the
/// status code into the builder `b`, or `None` for a body member.
/// (Deserializers assign the builder's fields directly: the by-value
/// `set_*` chain costs a move of the whole builder per member.)
fn bound_member_read(sym: &Symbols, name: &str, m: &Member) -> Option<TokenStream> {
    let set = sym.field_tokens(name, &m.name);
    let path = format!("{name}.{}", m.name);
    let location_name = || m.traits.location_name.as_deref();
    match m.traits.location {
        Location::Header => {
            let target = quote!(b.#set);
            Some(header_member_read(
                sym,
                m,
                &path,
                target,
                true,
                m.traits.lenient,
            ))
        }
        Location::PrefixHeaders => {
            let prefix = location_name().unwrap_or_default().to_ascii_lowercase();
            Some(quote! {
                let mut map = ::std::collections::HashMap::new();
                for (k, v) in headers.iter() {
                    if let Some(rest) = k.as_str().strip_prefix(#prefix) {
                        let text = v
                            .to_str()
                            .map_err(|_| ProtoError::new(concat!(#path, ": header is not text")))?;
                        map.insert(rest.to_string(), text.to_string());
                    }
                }
                // Present, if empty, without such headers (as botocore parses it).
                b.#set = Some(map);
            })
        }
        Location::StatusCode => Some(quote!(b.#set = Some(i32::from(status));)),
        _ => None,
    }
}

/// Reads member `m`, bound to a header, into `target` (an output builder's
/// field, always optional, or a parsed error's, bare when required); with
/// `lenient`, a value that does not parse is left unset.
fn header_member_read(
    sym: &Symbols,
    m: &Member,
    path: &str,
    target: TokenStream,
    optional: bool,
    lenient: bool,
) -> TokenStream {
    let header = m
        .traits
        .location_name
        .as_deref()
        .unwrap_or(&m.name)
        .to_ascii_lowercase();
    let read = header_value(sym, m, path);
    let text = quote! {
        let text = raw
            .to_str()
            .map_err(|_| ProtoError::new(concat!(#path, ": header is not text")))?;
    };
    let assign = if lenient {
        quote! {
            let read = || -> Result<_, ProtoError> {
                #text
                let value = #read;
                Ok(value)
            };
            #target = read().ok();
        }
    } else if optional {
        quote! {
            #text
            #target = Some(#read);
        }
    } else {
        quote! {
            #text
            #target = #read;
        }
    };
    quote! {
        if let Some(raw) = headers.get(#header) {
            #assign
        }
    }
}

/// Reads a REST output's `payload` member: the raw body for blobs and
/// strings, else the body parsed as the member's shape.
fn payload_read(sym: &Symbols, name: &str, p: &Member, body_kind: Body) -> TokenStream {
    let (rt, fns) = (sym.runtime(), protocol_path());
    let set = sym.field_tokens(name, &p.name);
    if sym.shape(&p.target).is_some_and(|t| t.traits.event_stream) {
        let stream = event_stream_value(sym, &p.target, false);
        return quote!(b.#set = Some(#stream););
    }
    if sym.is_streamed(name, p) {
        // Always set, as botocore always gives a `StreamingBody`.
        return quote!(b.#set = Some(body););
    }
    match sym.shape(&p.target).map(|t| &t.kind) {
        // An empty body leaves the blob unset (Smithy's
        // `HttpPayloadTraitsWithNoBlobBody`; botocore gives an empty blob).
        Some(ShapeKind::Blob) => quote! {
            if !body.is_empty() {
                b.#set = Some(#rt::Blob::new(body.to_vec()));
            }
        },
        Some(kind @ (ShapeKind::String | ShapeKind::Enum(_))) => {
            let msg = format!("{name}.{}: body is not UTF-8", p.name);
            let value = if matches!(kind, ShapeKind::Enum(_)) {
                let ty = format_ident!("{}", sym.type_name(&p.target));
                quote!(super::super::types::#ty::from(text))
            } else {
                quote!(text.to_string())
            };
            quote! {
                if !body.is_empty() {
                    let text = ::std::str::from_utf8(body).map_err(|_| ProtoError::new(#msg))?;
                    b.#set = Some(#value);
                }
            }
        }
        Some(ShapeKind::Document) if body_kind == Body::Json => quote! {
            if !body.is_empty() {
                b.#set = Some(json::read_document(&json::parse(body)?));
            }
        },
        _ => {
            let f = de_fn(sym, &p.target);
            let parse = super::parse_body(body_kind);
            let read = quote!(#fns::#f(&#parse?)?);
            quote! {
                if !body.is_empty() {
                    b.#set = Some(#read);
                }
            }
        }
    }
}

/// Reads the output members carried in the body document.
fn body_read(
    sym: &Symbols,
    op: &Operation,
    name: &str,
    members: &[Member],
    protocol: Protocol,
) -> TokenStream {
    let fns = protocol_path();
    let body = body_of(protocol);
    match body {
        Body::Json | Body::Cbor => {
            // botocore's JSON parser reads every member from the body,
            // bound elsewhere or not, after headers and status: a body
            // key wins. Matching it keeps parsed outputs identical.
            let d = super::dialect(body);
            let read = json::de_members_into_builder(sym, name, members, &fns, d);
            let msg = format!("{name}: expected {}", d.object());
            let parse = super::parse_body(body);
            quote! {
                let doc = #parse?;
                let obj = doc.as_object().ok_or_else(|| ProtoError::new(#msg))?;
                #read
            }
        }
        Body::Xml => {
            let in_body: Vec<Member> = members
                .iter()
                .filter(|m| response_location(protocol, m) == Location::Body)
                .cloned()
                .collect();
            if let Some(member) = &op.output_root_text {
                return root_text_member(sym, name, &in_body, member);
            }
            let read = xml::de_members_into_builder(sym, name, &in_body, &quote!(root), &fns);
            // awsQuery wraps the members in `<{Operation}Result>` (the
            // `resultWrapper` of every awsQuery model's outputs).
            let unwrap = if protocol == Protocol::AwsQuery {
                let wrapper = format!("{}Result", op.name);
                quote!(let root = document.child(#wrapper).unwrap_or(&document);)
            } else {
                quote!(let root = &document;)
            };
            quote! {
                if !body.is_empty() {
                    let document = xml::parse(body)?;
                    #unwrap
                    #read
                }
            }
        }
    }
}

/// botocore's `parse_get_bucket_location`: the member is the root
/// element's text, unset when it is empty (a us-east-1 bucket).
fn root_text_member(sym: &Symbols, shape: &str, members: &[Member], member: &str) -> TokenStream {
    let Some(m) = members.iter().find(|m| m.name == member) else {
        return quote!();
    };
    let field = sym.field_tokens(shape, &m.name);
    let value = match sym.shape(&m.target).map(|s| &s.kind) {
        Some(ShapeKind::Enum(_)) => {
            let ty = format_ident!("{}", sym.type_name(&m.target));
            quote!(super::super::types::#ty::from(text))
        }
        _ => quote!(text.to_string()),
    };
    quote! {
        if !body.is_empty() {
            let document = xml::parse(body)?;
            let text = document.text();
            if !text.is_empty() {
                b.#field = Some(#value);
            }
        }
    }
}

/// Reads a header's text as the member's type.
fn header_value(sym: &Symbols, m: &Member, path: &str) -> TokenStream {
    let types = super::types_path();
    let Some(target) = sym.shape(&m.target) else {
        return quote!(());
    };
    match &target.kind {
        ShapeKind::List(item) => {
            let is_ts = matches!(
                sym.shape(&item.target).map(|s| &s.kind),
                Some(ShapeKind::Timestamp)
            );
            let read = xml::from_text(sym, &item.target, &quote!(part.as_str()), path);
            let split = if is_ts {
                quote!(encode::split_http_date_list(text))
            } else {
                quote!(encode::split_header_list(text))
            };
            quote!({
                let mut out = Vec::new();
                for part in #split {
                    out.push(#read);
                }
                out
            })
        }
        ShapeKind::String if m.traits.json_value => {
            quote!(String::from_utf8(encode::from_base64(text)?)
                .map_err(|_| ProtoError::new(concat!(#path, ": not UTF-8 JSON")))?)
        }
        ShapeKind::Enum(_) => {
            let ty = format_ident!("{}", sym.type_name(&m.target));
            quote!(#types::#ty::from(text))
        }
        _ => xml::from_text(sym, &m.target, &quote!(text), path),
    }
}

/// Statements reading the members of error shape `e` that are bound to
/// headers or to the status code into the parsed error `e` (botocore's
/// `_parse_non_payload_attrs`, which it runs for errors as for outputs).
fn error_bound_reads(sym: &Symbols, e: &str, shape: &Shape) -> Vec<TokenStream> {
    struct_members(shape)
        .iter()
        .filter_map(|m| {
            let field: TokenStream = sym.field_tokens(e, &m.name);
            let wrap = |read: TokenStream| {
                if m.traits.required {
                    read
                } else {
                    quote!(Some(#read))
                }
            };
            match m.traits.location {
                Location::Header => {
                    let path = format!("{e}.{}", m.name);
                    let target = quote!(e.#field);
                    Some(header_member_read(
                        sym,
                        m,
                        &path,
                        target,
                        !m.traits.required,
                        false,
                    ))
                }
                Location::StatusCode => {
                    let value = wrap(quote!(i32::from(status)));
                    Some(quote! {
                        if let Some(status) = meta.status() {
                            e.#field = #value;
                        }
                    })
                }
                _ => None,
            }
        })
        .collect()
}

fn error_code(sym: &Symbols, op: &Operation, protocol: Protocol) -> TokenStream {
    let rt = sym.runtime();
    let error_ty = format_ident!("{}", sym.operation_error(&op.name));
    let fns = protocol_path();
    let variants = super::super::operation::error_variants(sym, op);
    let arms = variants.iter().filter_map(|(e, variant)| {
        let shape = sym.shape(e)?;
        let code = shape
            .traits
            .error
            .as_ref()
            .and_then(|t| t.code.clone())
            .unwrap_or_else(|| shape.name.clone());
        let f = de_fn(sym, e);
        let parse = match body_of(protocol) {
            Body::Json | Body::Cbor => quote!(doc.and_then(|doc| #fns::#f(&doc))),
            // botocore reads members from <Error>, wherever the protocol puts it.
            Body::Xml => quote!(doc.and_then(|root| #fns::#f(xml::error_element(&root)))),
        };
        // Members bound to headers or the status (REST protocols).
        let bound_reads = if is_rest(protocol) {
            error_bound_reads(sym, e, shape)
        } else {
            Vec::new()
        };
        let parse = if bound_reads.is_empty() {
            parse
        } else {
            quote!(#parse.and_then(|mut e| { #(#bound_reads)* Ok(e) }))
        };
        Some(quote!(Some(#code) => #parse.map(#error_ty::#variant),))
    });
    let arms: Vec<TokenStream> = arms.collect();
    if arms.is_empty() {
        return quote!(#error_ty::Unhandled(#rt::UnhandledError::from_meta(meta)));
    }
    let doc = super::parse_body(body_of(protocol));
    // The body is parsed once; each arm only reads its error from it, and
    // the metadata is attached once, after the match.
    quote! {
        let doc = #doc;
        let parsed = match meta.code() {
            #(#arms)*
            _ => return #error_ty::Unhandled(#rt::UnhandledError::from_meta(meta)),
        };
        match parsed {
            Ok(mut e) => {
                e.set_meta(meta);
                e
            }
            Err(err) => {
                #error_ty::Unhandled(#rt::UnhandledError::from(err).with_meta(meta))
            }
        }
    }
}

/// The event stream reading the response `body` as event stream `shape`.
fn event_stream_value(sym: &Symbols, shape: &str, initial_response: bool) -> TokenStream {
    let rt = sym.runtime();
    let read = super::event_stream::message_fn(sym, shape);
    let error = format_ident!("{}", sym.event_stream_error(shape).0);
    let fns = protocol_path();
    quote! {
        #rt::event_stream::EventStream::new(
            body,
            #fns::#read,
            super::super::types::#error::Unhandled,
            #initial_response,
        )
    }
}
