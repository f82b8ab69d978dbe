//! Per operation: `serialize_request(&Input) -> http::Request<Vec<u8>>` with
//! a relative URI, following botocore's serializers for each protocol
//! (labels, query strings, headers, payloads, bodies, content types).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{
    body_of, io_shape, is_rest, json, location, protocol_path, query, struct_members, xml, Body,
};
use crate::ir::{
    HeaderRewrite, Location, Member, Operation, Protocol, Shape, ShapeKind, TimestampFormat,
};
use crate::symbols::Symbols;

pub fn emit(sym: &Symbols, op: &Operation) -> TokenStream {
    let rt = sym.runtime();
    let protocol = sym.service.metadata.protocol;
    let input = io_shape(sym, op.input.as_ref());
    let members: &[Member] = input.map(struct_members).unwrap_or(&[]);
    let shape_name = input.map(|s| s.name.as_str()).unwrap_or("");
    let field = |m: &Member| -> TokenStream { sym.field_tokens(shape_name, &m.name) };

    let (path, fixed_query) = match op.http.request_uri.split_once('?') {
        Some((p, q)) => (p, q),
        None => (op.http.request_uri.as_str(), ""),
    };
    let path_code = if is_rest(protocol) && path.is_empty() {
        // No path (S3's `/{Bucket}` taken off): botocore's `_urljoin`
        // keeps the endpoint's path, as for `/`.
        quote!(uri.push('/');)
    } else if is_rest(protocol) {
        path_pieces(sym, shape_name, members, path, &field)
    } else if protocol == Protocol::SmithyRpcV2Cbor {
        let prefix = sym.service.metadata.target_prefix.as_deref();
        let path = format!(
            "/service/{}/operation/{}",
            prefix.unwrap_or_default(),
            op.name
        );
        quote!(uri.push_str(#path);)
    } else {
        quote!(uri.push('/');)
    };
    let query_block = query_block(sym, protocol, members, fixed_query, &field);
    let header_code = if is_rest(protocol) {
        header_statements(sym, members, &field)
    } else {
        quote!()
    };
    let (body_code, content_type) = body(sym, op, protocol, shape_name, members, &field);
    let method_expr = method_expr(sym, &op.http.method);
    let input_ty = match input {
        Some(s) => {
            let t = format_ident!("{}", sym.type_name(&s.name));
            quote!(super::super::types::#t)
        }
        None => quote!(()),
    };
    let content_type_code = content_type.map(|ct| {
        quote! {
            if !body.is_empty() && !headers.contains_key(#rt::http::header::CONTENT_TYPE) {
                headers.insert(#rt::http::header::CONTENT_TYPE, #rt::http::HeaderValue::from_static(#ct));
            }
        }
    });
    let mut target_code = rpc_headers(sym, op);
    if op.expect_continue {
        if let Some(payload) = members.iter().find(|m| m.traits.payload) {
            let f = field(payload);
            target_code.extend(quote! {
                if input.#f.is_some() {
                    headers.insert(#rt::http::header::EXPECT, #rt::http::HeaderValue::from_static("100-continue"));
                }
            });
        }
    }
    let headers_mut =
        if header_code.is_empty() && target_code.is_empty() && content_type_code.is_none() {
            quote!()
        } else {
            quote!(mut)
        };
    // botocore's `escape_xml_payload` (S3 `DeleteObjects`): line breaks in
    // the XML document go as character references.
    let escape_line_breaks = op
        .escape_xml_line_breaks
        .then(|| quote!(let body = #rt::proto::s3::escape_line_breaks(body);));
    let unused_input = if members.is_empty() {
        quote!(let _ = input;)
    } else {
        quote!()
    };
    quote! {
        /// Serializes the input as the service expects it: method, path and
        /// query (relative to the endpoint), headers and body. Fails, without
        /// sending anything, on values that cannot be sent (a header with a
        /// line break, say).
        pub fn serialize_request(
            input: &#input_ty,
        ) -> Result<#rt::http::Request<Vec<u8>>, ProtoError> {
            #unused_input
            let mut uri = String::with_capacity(64);
            #path_code
            #query_block
            let #headers_mut headers = #rt::http::HeaderMap::new();
            #target_code
            #header_code
            let body: Vec<u8> = #body_code;
            #escape_line_breaks
            #content_type_code
            let mut request = #rt::http::Request::new(body);
            *request.method_mut() = #method_expr;
            *request.uri_mut() = uri
                .parse()
                .map_err(|e| ProtoError::new(format!("request URI `{uri}`: {e}")))?;
            *request.headers_mut() = headers;
            Ok(request)
        }
    }
}

/// The query string: the URI's fixed part, then the members bound to it.
fn query_block(
    sym: &Symbols,
    protocol: Protocol,
    members: &[Member],
    fixed: &str,
    field: &dyn Fn(&Member) -> TokenStream,
) -> TokenStream {
    let query_code = if is_rest(protocol) {
        query_pairs(sym, members, field)
    } else {
        quote!()
    };
    if query_code.is_empty() && fixed.is_empty() {
        quote!()
    } else if query_code.is_empty() {
        quote!(uri.push('?'); uri.push_str(#fixed);)
    } else {
        quote! {
            let mut query = String::from(#fixed);
            #query_code
            if !query.is_empty() {
                uri.push('?');
                uri.push_str(&query);
            }
        }
    }
}

/// The HTTP method: a constant for the standard ones, else parsed (an
/// invalid one in the model is an error of the request, not a panic).
fn method_expr(sym: &Symbols, method: &str) -> TokenStream {
    let rt = sym.runtime();
    let method_ident = format_ident!("{}", method.to_uppercase());
    let standard_method = matches!(
        method.to_uppercase().as_str(),
        "GET" | "PUT" | "POST" | "DELETE" | "HEAD" | "PATCH" | "OPTIONS"
    );
    if standard_method {
        quote!(#rt::http::Method::#method_ident)
    } else {
        let msg = format!("invalid HTTP method `{method}` in the model");
        quote!(#rt::http::Method::from_bytes(#method.as_bytes()).map_err(|_| ProtoError::new(#msg))?)
    }
}

/// The RPC protocols' fixed headers: awsJson's `X-Amz-Target:
/// <targetPrefix>.<Operation>`, smithy-rpc-v2-cbor's `smithy-protocol` and
/// `Accept`, and the query mode of a query-compatible service; nothing
/// for the others.
fn rpc_headers(sym: &Symbols, op: &Operation) -> TokenStream {
    let rt = sym.runtime();
    let metadata = &sym.service.metadata;
    let prefix = metadata.target_prefix.as_deref().unwrap_or_default();
    let fixed = |name: &str, value: &str| {
        quote! {
            headers.insert(
                #rt::http::HeaderName::from_static(#name),
                #rt::http::HeaderValue::from_static(#value),
            );
        }
    };
    let protocol_headers = match metadata.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            let target = format!("{prefix}.{}", op.name);
            quote! {
                headers.insert(
                    #rt::http::HeaderName::from_static("x-amz-target"),
                    encode::header_value("X-Amz-Target", #target)?,
                );
            }
        }
        Protocol::SmithyRpcV2Cbor => {
            let (protocol, accept) = (
                fixed("smithy-protocol", "rpc-v2-cbor"),
                fixed("accept", "application/cbor"),
            );
            quote!(#protocol #accept)
        }
        _ => return quote!(),
    };
    // botocore's `_handle_query_compatible_trait`.
    let query_mode = metadata
        .query_compatible
        .then(|| fixed("x-amzn-query-mode", "true"));
    quote!(#protocol_headers #query_mode)
}

/// Literal path text and percent-encoded labels.
fn path_pieces(
    sym: &Symbols,
    shape: &str,
    members: &[Member],
    path: &str,
    field: &dyn Fn(&Member) -> TokenStream,
) -> TokenStream {
    let mut code = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let (lit, after) = rest.split_at(open);
        code.push(push_literal(lit));
        let Some(close) = after.find('}') else {
            code.push(quote!(uri.push_str(#after);));
            rest = "";
            break;
        };
        let label = &after[1..close];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(n) => (n, true),
            None => (label, false),
        };
        let member = members.iter().find(|m| {
            m.traits.location == Location::Uri
                && m.traits.location_name.as_deref().unwrap_or(&m.name) == name
        });
        match member {
            Some(m) => {
                let f = field(m);
                let text = xml::scalar_text_with(
                    sym,
                    Some(m),
                    &m.target,
                    &quote!(x),
                    TimestampFormat::Iso8601,
                );
                let encode = if greedy {
                    quote!(encode::uri_greedy_label)
                } else {
                    quote!(encode::uri_label)
                };
                let missing = format!("{shape}.{}: the URI label `{name}` is not set", m.name);
                if m.traits.required {
                    code.push(quote!({ let x = &input.#f; uri.push_str(&#encode(#text)); }));
                } else {
                    code.push(quote! {
                        match &input.#f {
                            Some(x) => uri.push_str(&#encode(#text)),
                            None => {
                                return Err(ProtoError::new(#missing))
                            }
                        }
                    });
                }
            }
            // A label with no member: keep the template text, as botocore would fail anyway.
            None => {
                let text = &after[..=close];
                code.push(quote!(uri.push_str(#text);));
            }
        }
        rest = &after[close + 1..];
    }
    code.push(push_literal(rest));
    quote!(#(#code)*)
}

/// Appends literal path text: `push` for one character (clippy's
/// `single_char_add_str`), nothing for none.
fn push_literal(lit: &str) -> TokenStream {
    let mut chars = lit.chars();
    match (chars.next(), chars.next()) {
        (None, _) => quote!(),
        (Some(c), None) => quote!(uri.push(#c);),
        _ => quote!(uri.push_str(#lit);),
    }
}

/// `key=value` pairs for query-bound members, in model order.
fn query_pairs(
    sym: &Symbols,
    members: &[Member],
    field: &dyn Fn(&Member) -> TokenStream,
) -> TokenStream {
    // Keys of named query members: a map of query parameters does not
    // repeat them (named parameters take precedence, as Smithy requires).
    let named: Vec<&str> = members
        .iter()
        .filter(|m| m.traits.location == Location::Query)
        .filter(|m| {
            !matches!(
                sym.shape(&m.target).map(|s| &s.kind),
                Some(ShapeKind::Map { .. })
            )
        })
        .map(|m| m.traits.location_name.as_deref().unwrap_or(&m.name))
        .collect();
    let skip_named = if named.is_empty() {
        quote!()
    } else {
        quote!(if [#(#named),*].contains(&k.as_str()) { continue; })
    };
    let pairs = members.iter().filter_map(|m| {
        let f = field(m);
        let target = sym.shape(&m.target)?;
        let code = match m.traits.location {
            Location::Query => {
                let key = m.traits.location_name.as_deref().unwrap_or(&m.name);
                match &target.kind {
                    ShapeKind::List(item) => {
                        let text = xml::scalar_text(sym, Some(item), &item.target, &quote!(item));
                        {
                            let push = push_pair(quote!(#key), quote!(#text));
                            quote!(for item in x.iter() { #push })
                        }
                    }
                    _ => {
                        let text = xml::scalar_text(sym, Some(m), &m.target, &quote!(x));
                        push_pair(quote!(#key), quote!(#text))
                    }
                }
            }
            Location::QueryParams => {
                let ShapeKind::Map { value, .. } = &target.kind else {
                    return None;
                };
                let value_shape = sym.shape(&value.target)?;
                let push = match &value_shape.kind {
                    ShapeKind::List(item) => {
                        let text = xml::scalar_text(sym, Some(item), &item.target, &quote!(item));
                        {
                            let push = push_pair(quote!(k.as_str()), quote!(#text));
                            quote!(for item in v.iter() { #push })
                        }
                    }
                    _ => {
                        let text = xml::scalar_text(sym, Some(value), &value.target, &quote!(v));
                        push_pair(quote!(k.as_str()), quote!(#text))
                    }
                };
                quote! {
                    let mut entries: Vec<_> = x.iter().collect();
                    entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
                    for (k, v) in entries { #skip_named #push }
                }
            }
            _ => return None,
        };
        Some(if m.traits.required {
            quote!({ let x = &input.#f; #code })
        } else {
            quote!(if let Some(x) = &input.#f { #code })
        })
    });
    // Values sent for unset members come last, as botocore's handlers add
    // them to the parameters after the caller's.
    let unset = members.iter().filter_map(|m| {
        let value = m.traits.sent_when_unset.as_ref()?;
        let (f, key) = (
            field(m),
            m.traits.location_name.as_deref().unwrap_or(&m.name),
        );
        let push = push_pair(quote!(#key), quote!(#value));
        Some(quote!(if input.#f.is_none() { #push }))
    });
    quote!(#(#pairs)* #(#unset)*)
}

/// Appends `key=value` to `query`, percent-encoded as botocore does.
fn push_pair(key: TokenStream, value: TokenStream) -> TokenStream {
    quote! {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&encode::query_component(#key));
        query.push('=');
        query.push_str(&encode::query_component(#value));
    }
}

/// A `HeaderName` for a model header name: `from_static` when it is a valid
/// token (checked here, so the generated code cannot panic), else parsed.
fn header_name(rt: &TokenStream, name: &str) -> TokenStream {
    let lower = name.to_ascii_lowercase();
    let valid = !lower.is_empty()
        && lower
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if valid {
        quote!(#rt::http::HeaderName::from_static(#lower))
    } else {
        let msg = format!("invalid header name `{name}` in the model");
        quote!(#rt::http::HeaderName::from_bytes(#name.as_bytes()).map_err(|_| ProtoError::new(#msg))?)
    }
}

fn header_statements(
    sym: &Symbols,
    members: &[Member],
    field: &dyn Fn(&Member) -> TokenStream,
) -> TokenStream {
    let rt = sym.runtime();
    let stmts = members.iter().filter_map(|m| {
        let f = field(m);
        let target = sym.shape(&m.target)?;
        let name = m.traits.location_name.as_deref().unwrap_or(&m.name);
        let code = match m.traits.location {
            Location::Header => {
                let header = header_name(rt, name);
                let text = match &target.kind {
                    ShapeKind::List(item) => {
                        let item_text = xml::scalar_text_with(
                            sym,
                            Some(item),
                            &item.target,
                            &quote!(item),
                            TimestampFormat::Rfc822,
                        );
                        let is_string = matches!(
                            sym.shape(&item.target).map(|s| &s.kind),
                            Some(ShapeKind::String)
                        );
                        if is_string {
                            quote!(&encode::header_list(x))
                        } else {
                            quote!(&x
                                .iter()
                                .map(|item| String::from(#item_text))
                                .collect::<Vec<_>>()
                                .join(","))
                        }
                    }
                    ShapeKind::String if m.traits.json_value => {
                        quote!(&encode::base64(x.as_bytes()))
                    }
                    ShapeKind::String
                        if m.traits.header_rewrite == Some(HeaderRewrite::CopySource) =>
                    {
                        quote!(&#rt::proto::s3::copy_source(x))
                    }
                    _ => xml::scalar_text_with(
                        sym,
                        Some(m),
                        &m.target,
                        &quote!(x),
                        TimestampFormat::Rfc822,
                    ),
                };
                // botocore sends no header for an empty list
                // (`_partition_parameters`: "Empty lists should not be set
                // on the headers").
                let insert = quote! {
                    let text: &str = #text;
                    headers.insert(#header, encode::header_value(#name, text)?);
                };
                if matches!(target.kind, ShapeKind::List(_)) {
                    quote!(if !x.is_empty() { #insert })
                } else if let Some(HeaderRewrite::SseCustomerKey { md5_member }) =
                    &m.traits.header_rewrite
                {
                    sse_customer_key(sym, members, field, (&header, name), md5_member, insert)
                } else {
                    insert
                }
            }
            Location::PrefixHeaders => {
                let ShapeKind::Map { value, .. } = &target.kind else {
                    return None;
                };
                let text = xml::scalar_text_with(
                    sym,
                    Some(value),
                    &value.target,
                    &quote!(v),
                    TimestampFormat::Rfc822,
                );
                let msg = format!("invalid header name with prefix `{name}`");
                quote! {
                    let mut entries: Vec<_> = x.iter().collect();
                    entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
                    for (k, v) in entries {
                        let full = format!("{}{}", #name, k.as_str());
                        let header = #rt::http::HeaderName::from_bytes(full.as_bytes())
                            .map_err(|_| ProtoError::new(format!("{}: `{full}`", #msg)))?;
                        let text: &str = #text;
                        headers.insert(header, encode::header_value(&full, text)?);
                    }
                }
            }
            _ => return None,
        };
        Some(if m.traits.required {
            quote!({ let x = &input.#f; #code })
        } else {
            quote!(if let Some(x) = &input.#f { #code })
        })
    });
    quote!(#(#stmts)*)
}

/// botocore's `sse_md5`: with the MD5 member unset, the key `x` goes
/// base64-encoded and its MD5 fills the MD5 member's header; set, both go
/// as given (`as_given`).
fn sse_customer_key(
    sym: &Symbols,
    members: &[Member],
    field: &dyn Fn(&Member) -> TokenStream,
    (header, name): (&TokenStream, &str),
    md5_member: &str,
    as_given: TokenStream,
) -> TokenStream {
    let Some(md5) = members
        .iter()
        .find(|m| m.name == md5_member && !m.traits.required)
    else {
        return as_given;
    };
    let rt = sym.runtime();
    let md5_field = field(md5);
    let md5_name = md5.traits.location_name.as_deref().unwrap_or(&md5.name);
    let md5_header = header_name(rt, md5_name);
    quote! {
        if input.#md5_field.is_none() {
            let (key, md5) = #rt::proto::s3::sse_customer_key(x);
            headers.insert(#header, encode::header_value(#name, &key)?);
            headers.insert(#md5_header, encode::header_value(#md5_name, &md5)?);
        } else {
            #as_given
        }
    }
}

/// The body expression and the Content-Type to set when the body is not empty.
fn body(
    sym: &Symbols,
    op: &Operation,
    protocol: Protocol,
    shape: &str,
    members: &[Member],
    field: &dyn Fn(&Member) -> TokenStream,
) -> (TokenStream, Option<String>) {
    match protocol {
        Protocol::AwsQuery | Protocol::Ec2Query => return query_body(sym, op, shape, members),
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            return aws_json_body(sym, protocol, shape, members)
        }
        Protocol::SmithyRpcV2Cbor => return cbor_body(sym, op, shape, members),
        _ => {}
    }
    if let Some(p) = members.iter().find(|m| m.traits.payload) {
        return payload_body(sym, protocol, shape, p, field);
    }
    let body_members: Vec<&Member> = members
        .iter()
        .filter(|m| location(protocol, m) == Location::Body)
        .collect();
    if body_members.is_empty() {
        return (quote!(Vec::new()), None);
    }
    // REST protocols: JSON or XML.
    match body_of(protocol) {
        Body::Json | Body::Cbor => rest_json_body(sym, shape, &body_members),
        Body::Xml => rest_xml_body(sym, op, shape, &body_members, field),
    }
}

/// awsQuery and ec2Query: every member a form pair.
fn query_body(
    sym: &Symbols,
    op: &Operation,
    shape: &str,
    members: &[Member],
) -> (TokenStream, Option<String>) {
    let (rt, fns) = (sym.runtime(), protocol_path());
    let version = &sym.service.metadata.api_version;
    let op_name = &op.name;
    let new = quote!(#rt::proto::query::QueryWriter::new(#op_name, #version));
    let code = if members.is_empty() {
        quote!(#new.finish()?)
    } else {
        let writes = query::ser_members(sym, shape, members, &quote!(input), &quote!(""), &fns);
        quote!({
            let mut writer = #new;
            let w = &mut writer;
            #writes
            writer.finish()?
        })
    };
    (
        code,
        Some("application/x-www-form-urlencoded; charset=utf-8".to_owned()),
    )
}

/// awsJson1_0 and awsJson1_1: the whole input as one object.
fn aws_json_body(
    sym: &Symbols,
    protocol: Protocol,
    shape: &str,
    members: &[Member],
) -> (TokenStream, Option<String>) {
    let version = if protocol == Protocol::AwsJson1_0 {
        "1.0"
    } else {
        "1.1"
    };
    let writes = json::ser_members(
        sym,
        shape,
        members.iter(),
        &quote!(input),
        &protocol_path(),
        json::Dialect::Json,
    );
    (
        quote!({
            let mut writer = json::JsonWriter::new(); let w = &mut writer;
            w.begin_object();
            #writes
            w.end_object();
            writer.finish()?.into_bytes()
        }),
        Some(format!("application/x-amz-json-{version}")),
    )
}

/// smithy-rpc-v2-cbor: the whole input as one map; no body without an
/// input shape (botocore's `BaseRpcV2Serializer`).
fn cbor_body(
    sym: &Symbols,
    op: &Operation,
    shape: &str,
    members: &[Member],
) -> (TokenStream, Option<String>) {
    if op.input.is_none() {
        return (quote!(Vec::new()), None);
    }
    let d = json::Dialect::Cbor;
    let writes = json::ser_members(
        sym,
        shape,
        members.iter(),
        &quote!(input),
        &protocol_path(),
        d,
    );
    let writer = d.writer();
    (
        quote!({
            let mut writer = #writer::new(); let w = &mut writer;
            w.begin_object();
            #writes
            w.end_object();
            writer.finish()?
        }),
        Some("application/cbor".to_owned()),
    )
}

/// A REST protocol's `payload` member: raw bytes for blobs and strings,
/// else the member's shape as the whole document.
fn payload_body(
    sym: &Symbols,
    protocol: Protocol,
    shape_name: &str,
    p: &Member,
    field: &dyn Fn(&Member) -> TokenStream,
) -> (TokenStream, Option<String>) {
    let fns = protocol_path();
    let f = field(p);
    let target = sym.shape(&p.target);
    if sym.is_streamed(shape_name, p) {
        // Bytes in memory are the body; a stream is taken out of the input
        // by `send`, which sends it as it is read.
        let msg = format!(
            "{shape_name}.{}: a streamed body is sent by `send`, not serialized",
            p.name
        );
        let buffered = if p.traits.required {
            quote!(Some(input.#f.as_buffered()))
        } else {
            quote!(input.#f.as_ref().map(|x| x.as_buffered()))
        };
        let code = quote! {
            match #buffered {
                None => Vec::new(),
                Some(Some(bytes)) => bytes.to_vec(),
                Some(None) => {
                    return Err(ProtoError::new(#msg));
                }
            }
        };
        return (code, None);
    }
    let streaming = matches!(
        target.map(|t| &t.kind),
        Some(ShapeKind::Blob | ShapeKind::String | ShapeKind::Enum(_))
    );
    if streaming {
        let bytes = match target.map(|t| &t.kind) {
            Some(ShapeKind::Enum(_)) => quote!(x.as_str().as_bytes().to_vec()),
            _ => quote!(x.as_bytes().to_vec()),
        };
        let code = if p.traits.required {
            quote!({ let x = &input.#f; #bytes })
        } else {
            quote!(match &input.#f { Some(x) => #bytes, None => Vec::new() })
        };
        return (code, None);
    }
    // An unset union payload sends no body (Smithy's
    // `RestJsonHttpPayloadWithUnsetUnion`); botocore sends `{}` for any
    // unset JSON payload, which the structure case keeps.
    let is_union = matches!(target.map(|t| &t.kind), Some(ShapeKind::Union(_)));
    // REST protocols: JSON or XML.
    let (write, empty, ct) = match body_of(protocol) {
        Body::Json | Body::Cbor => (
            {
                let w = json::ser_value(
                    sym,
                    Some(p),
                    &p.target,
                    &quote!(x),
                    &fns,
                    0,
                    json::Dialect::Json,
                );
                quote!({ let mut writer = json::JsonWriter::new(); let w = &mut writer; #w writer.finish()?.into_bytes() })
            },
            if is_union {
                quote!(Vec::new())
            } else {
                quote!(b"{}".to_vec())
            },
            Some("application/json".to_owned()),
        ),
        Body::Xml => (
            {
                let el = xml_payload_name(p, target);
                let w = xml::ser_value(sym, Some(p), &p.target, &quote!(x), &quote!(#el), &fns, 0);
                quote!({ let mut writer = xml::XmlWriter::new(); let w = &mut writer; #w writer.finish()?.into_bytes() })
            },
            quote!(Vec::new()),
            None,
        ),
    };
    let code = if p.traits.required {
        quote!({ let x = &input.#f; #write })
    } else {
        quote!(match &input.#f { Some(x) => #write, None => #empty })
    };
    (code, ct)
}

/// The root element of an XML payload: a member `locationName` other than
/// the member's name (an XML name on the member); else the payload shape's
/// XML name (Smithy's `HttpPayloadWithXmlName`; botocore uses the
/// member's); else the member's `locationName`, as botocore (S3 needs it:
/// `LifecycleConfiguration` for a `BucketLifecycleConfiguration`); else the
/// shape's name.
fn xml_payload_name(p: &Member, target: Option<&Shape>) -> String {
    let member_name = p.traits.location_name.clone();
    member_name
        .clone()
        .filter(|n| *n != p.name)
        .or_else(|| target.and_then(|t| t.traits.xml_name.clone()))
        .or(member_name)
        .unwrap_or_else(|| p.target.clone())
}

/// restJson1 without a payload: the body members as one object.
fn rest_json_body(
    sym: &Symbols,
    shape: &str,
    body_members: &[&Member],
) -> (TokenStream, Option<String>) {
    let writes = json::ser_members(
        sym,
        shape,
        body_members.iter().copied(),
        &quote!(input),
        &protocol_path(),
        json::Dialect::Json,
    );
    (
        quote!({
            let mut writer = json::JsonWriter::new(); let w = &mut writer;
            w.begin_object();
            #writes
            w.end_object();
            writer.finish()?.into_bytes()
        }),
        Some("application/json".to_owned()),
    )
}

/// restXml without a payload: the body members under the input's root
/// element, written only when one of them is set (as botocore).
fn rest_xml_body(
    sym: &Symbols,
    op: &Operation,
    shape: &str,
    body_members: &[&Member],
    field: &dyn Fn(&Member) -> TokenStream,
) -> (TokenStream, Option<String>) {
    // A required member is always set, so the body is always written.
    let always = body_members.iter().any(|m| m.traits.required);
    let any_set = body_members.iter().map(|m| {
        let f = field(m);
        quote!(input.#f.is_some())
    });
    // The input shape's own XML name wins over the operation's
    // `locationName` (Smithy's `BodyWithXmlName`; botocore uses the
    // operation's).
    let root = sym
        .shape(shape)
        .and_then(|s| s.traits.xml_name.clone())
        .or_else(|| op.input_xml_name.clone())
        .unwrap_or_else(|| shape.to_owned());
    let ns_attr = xml::namespace_attr(op.input_xml_namespace.as_ref().or_else(|| {
        sym.shape(shape)
            .and_then(|s| s.traits.xml_namespace.as_ref())
    }));
    let owned: Vec<Member> = body_members.iter().map(|m| (*m).clone()).collect();
    let inner = xml::ser_struct_body(sym, shape, &owned, &quote!(input), &protocol_path());
    let write = quote! {
        let mut writer = xml::XmlWriter::new(); let w = &mut writer;
        w.start(#root);
        #ns_attr
        #inner
        w.end(#root);
        writer.finish()?.into_bytes()
    };
    let body = if always {
        quote!({ #write })
    } else {
        quote!({
            if #(#any_set)||* {
                #write
            } else {
                Vec::new()
            }
        })
    };
    (body, None)
}
