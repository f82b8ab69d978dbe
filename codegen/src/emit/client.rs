//! The service `Client` (one method per operation) and, per operation, the
//! fluent builder whose `send().await` builds the input, serializes it,
//! hands it to the runtime (endpoint, signing, retries) and parses the answer.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc;
use crate::docs::summary;
use crate::ir::{
    CompressionRule, InputRewrite, Member, Operation, Shape, ShapeKind, UrlDecodedOutput,
};
use crate::symbols::Symbols;

/// `client.rs` of a service, with the static `ServiceSpec` the runtime reads.
pub fn emit_client(sym: &Symbols) -> TokenStream {
    let rt = sym.runtime();
    let service = sym.service;
    let m = &service.metadata;
    let protocol = super::protocol::runtime_variant(m.protocol);
    let (service_id, signing_name, api_version) = (&m.service_id, &m.signing_name, &m.api_version);
    let client_context = m.client_context_params.iter().map(|p| &p.name);
    let methods = service.operations.values().map(|op| {
        let file = format_ident!("{}", sym.operation_file(&op.name));
        let fluent = format_ident!("{}FluentBuilder", crate::names::type_ident(&op.name));
        let method = format_ident!("{}", sym.operation_file(&op.name));
        let d = summary(&doc::text(op.documentation.as_deref(), ""));
        let d = doc::attrs(&format!(
            "{d}\n\nStarts a [`{}`](super::operation::{file}) call: set the input, then `.send().await`.",
            op.name
        ));
        quote! {
            #d
            pub fn #method(&self) -> super::operation::#file::#fluent {
                super::operation::#file::#fluent::new(self.handle.clone())
            }
        }
    });
    let client_doc = doc::attrs(&format!(
        "A client for {}: one method per generated operation.\n\nCheap to clone; clones share the connection pool and the resolved endpoint.",
        if m.full_name.is_empty() { &m.service_id } else { &m.full_name }
    ));
    quote! {
        /// What the runtime needs to know about this service.
        pub(crate) static SERVICE: #rt::ServiceSpec = #rt::ServiceSpec {
            service_id: #service_id,
            signing_name: #signing_name,
            protocol: #rt::Protocol::#protocol,
            endpoint_rules: super::endpoint::RULES,
            partitions: super::endpoint::PARTITIONS,
            api_version: #api_version,
            client_context_params: &[#(#client_context),*],
        };

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            handle: #rt::Handle,
        }

        impl Client {
            /// A client using `config`'s region, credentials, endpoint and retry settings.
            pub fn new(config: &#rt::Config) -> Self {
                Client {
                    handle: #rt::Handle::new(config, &SERVICE),
                }
            }

            #(#methods)*
        }
    }
}

/// `endpoint.rs`: the rule set and partitions as compact JSON text.
pub fn emit_endpoint(sym: &Symbols) -> TokenStream {
    let rules = sym
        .service
        .endpoint_rule_set
        .as_ref()
        .map(|v| serde_json::to_string(v).unwrap_or_default())
        .unwrap_or_default();
    let partitions = sym
        .service
        .partitions
        .as_ref()
        .map(|v| serde_json::to_string(v).unwrap_or_default())
        .unwrap_or_default();
    quote! {
        //! Endpoint data of the service, from its model files.

        /// The service's endpoint rule set (`endpoint-rule-set-1.json`).
        pub(crate) const RULES: &str = #rules;

        /// botocore's `partitions.json`, for the rule set's `aws.partition`.
        pub(crate) const PARTITIONS: &str = #partitions;
    }
}

/// The fluent builder of one operation, and its `send`.
pub fn emit_fluent(sym: &Symbols, op: &Operation, validates: bool) -> TokenStream {
    let rt = sym.runtime();
    let fluent = format_ident!("{}FluentBuilder", crate::names::type_ident(&op.name));
    let types = quote!(super::super::types);
    let input = op.input.as_ref().and_then(|i| sym.shape(i));
    let (inner_ty, inner_init) = match input {
        Some(shape) => {
            let builder = format_ident!("{}Builder", sym.type_name(&shape.name));
            (
                quote!(#types::builders::#builder),
                quote!(Default::default()),
            )
        }
        None => (quote!(()), quote!(())),
    };
    let setters = input
        .map(|shape| match &shape.kind {
            ShapeKind::Structure(members) => members
                .iter()
                .map(|m| delegate(sym, &shape.name, m))
                .collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    let fluent_doc = doc::attrs(&format!(
        "Builds and sends a `{}` request: set the input with the methods below, then call [`send`](Self::send).",
        op.name
    ));
    let spec = operation_spec(sym, op);
    let send = send_fn(sym, op, validates);
    // A streamed input body is read once: such a builder cannot be cloned.
    let streams_input = op.input.as_deref().is_some_and(|i| sym.holds_stream(i));
    let derives = if streams_input {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Clone, Debug)])
    };
    quote! {
        #spec

        #fluent_doc
        #derives
        pub struct #fluent {
            handle: #rt::Handle,
            inner: #inner_ty,
        }

        impl #fluent {
            pub(crate) fn new(handle: #rt::Handle) -> Self {
                #fluent { handle, inner: #inner_init }
            }

            /// The input built so far.
            pub fn as_input(&self) -> &#inner_ty {
                &self.inner
            }

            #(#setters)*

            #send
        }
    }
}

/// `static OPERATION`: what the runtime needs to know about the operation.
fn operation_spec(sym: &Symbols, op: &Operation) -> TokenStream {
    let rt = sym.runtime();
    let op_name = &op.name;
    // botocore's rule, settled here: no encodings when it never compresses.
    let rule = sym.service.compression_rule(op);
    let encodings: &[String] = match rule {
        CompressionRule::Never => &[],
        _ => &op.request_compression,
    };
    let any_size = rule == CompressionRule::AnySize;
    let checksum_required = op.request_checksum_required;
    let checksum = &op.http_checksum;
    let header_of = |member: &Option<String>| match member_header(sym, op, member.as_deref()) {
        Some(h) => quote!(Some(#h)),
        None => quote!(None),
    };
    let algorithm_header = header_of(&checksum.request_algorithm_member);
    let mode_header = header_of(&checksum.request_validation_mode_member);
    let response_algorithms = response_checksum_algorithms(&checksum.response_algorithms);
    let success_may_be_error = op.success_may_be_error;
    let unsigned = op.unsigned;
    quote! {
        /// What the runtime needs to know about this operation.
        pub(crate) static OPERATION: #rt::OperationSpec = #rt::OperationSpec {
            name: #op_name,
            service: &super::super::client::SERVICE,
            request_compression: &[#(#encodings),*],
            request_compression_any_size: #any_size,
            request_checksum_required: #checksum_required,
            checksum_algorithm_header: #algorithm_header,
            checksum_mode_header: #mode_header,
            response_checksum_algorithms: &[#(#response_algorithms),*],
            success_may_be_error: #success_may_be_error,
            unsigned: #unsigned,
        };
    }
}

/// The header an input member is bound to (lower case), if it is one.
fn member_header(sym: &Symbols, op: &Operation, member: Option<&str>) -> Option<String> {
    let input = op.input.as_ref().and_then(|i| sym.shape(i))?;
    let ShapeKind::Structure(members) = &input.kind else {
        return None;
    };
    let m = members.iter().find(|m| Some(m.name.as_str()) == member)?;
    (m.traits.location == crate::ir::Location::Header).then(|| {
        m.traits
            .location_name
            .as_deref()
            .unwrap_or(&m.name)
            .to_ascii_lowercase()
    })
}

/// The response algorithms the runtime checks (botocore's without its CRT),
/// lower case, in botocore's `_ALGORITHMS_PRIORITY_LIST` order.
pub fn response_checksum_algorithms(model: &[String]) -> Vec<&'static str> {
    ["crc32", "sha1", "sha256", "sha512"]
        .into_iter()
        .filter(|a| model.iter().any(|m| m.eq_ignore_ascii_case(a)))
        .collect()
}

/// The fluent builder's `send`: fill idempotency tokens, build, validate,
/// serialize, invoke, parse.
/// `send`'s exchange and reading: an output that streams keeps its body
/// unread for the caller.
fn send_body(sym: &Symbols, op: &Operation) -> TokenStream {
    if let Some(decoded) = &op.url_decoded_output {
        return url_decoded_send(sym, op, decoded);
    }
    if !sym.service.output_streams(op) {
        return quote! {
            let (handle, request, context) = self.into_request()?;
            let response = handle
                .invoke(&OPERATION, request, context)
                .await?;
            deserialize_response(response.status().as_u16(), response.headers(), response.body())
        };
    }
    // An RPC output's members beside its stream come in its first message.
    let awaited = (!sym.service.initial_response_members(op).is_empty()).then(|| quote!(.await));
    quote! {
        let (handle, request, context) = self.into_request()?;
        let response = handle
            .invoke_streaming(&OPERATION, request, context)
            .await?;
        let (parts, body) = response.into_parts();
        deserialize_response(parts.status.as_u16(), &parts.headers, body)#awaited
    }
}

/// `send` of an S3 listing: URL-encoded keys asked for on the caller's
/// behalf are decoded in the output, as botocore's `_decode_list_object`
/// does (only then: a caller who chose an encoding gets the keys as sent).
fn url_decoded_send(sym: &Symbols, op: &Operation, decoded: &UrlDecodedOutput) -> TokenStream {
    let rt = sym.runtime();
    let (Some(input), Some(output)) = (op.input.as_deref(), op.output.as_deref()) else {
        return quote!(compile_error!("a URL-decoded listing without input or output"););
    };
    let encoding_in = sym.field_tokens(input, &decoded.encoding_member);
    let encoding_out = sym.field_tokens(output, &decoded.encoding_member);
    let top = decoded.top_level.iter().map(|m| {
        let f = sym.field_tokens(output, m);
        quote!(if let Some(v) = &mut output.#f { *v = #rt::proto::s3::url_decode(v); })
    });
    let nested = decoded.nested.iter().filter_map(|(list, m)| {
        let item_shape = list_item(sym, output, list)?;
        let (l, f) = (
            sym.field_tokens(output, list),
            sym.field_tokens(&item_shape, m),
        );
        Some(quote! {
            for item in output.#l.iter_mut().flatten() {
                if let Some(v) = &mut item.#f { *v = #rt::proto::s3::url_decode(v); }
            }
        })
    });
    quote! {
        let asked_for_url = self.inner.#encoding_in.is_none();
        let (handle, request, context) = self.into_request()?;
        let response = handle
            .invoke(&OPERATION, request, context)
            .await?;
        let mut output =
            deserialize_response(response.status().as_u16(), response.headers(), response.body())?;
        let encoded = output.#encoding_out.as_ref().is_some_and(|e| e.as_str() == "url");
        if asked_for_url && encoded {
            #(#top)*
            #(#nested)*
        }
        Ok(output)
    }
}

/// The structure shape of the items of list member `list` of `shape`.
fn list_item(sym: &Symbols, shape: &str, list: &str) -> Option<String> {
    let ShapeKind::Structure(members) = &sym.shape(shape)?.kind else {
        return None;
    };
    let target = &members.iter().find(|m| m.name == list)?.target;
    match &sym.shape(target)?.kind {
        ShapeKind::List(item) => Some(item.target.clone()),
        _ => None,
    }
}

fn send_fn(sym: &Symbols, op: &Operation, validates: bool) -> TokenStream {
    let rt = sym.runtime();
    let error = format_ident!("{}", sym.operation_error(&op.name));
    let input = op.input.as_ref().and_then(|i| sym.shape(i));
    let (fill_tokens, build) = build_input(sym, op);
    let validate = validates.then(|| {
        quote! {
            validate(&input, self.handle.strict_validation())
                .map_err(#rt::UnhandledError::validation)?;
        }
    });
    let rewrites = input_rewrites(sym, input);
    let StreamedInput {
        input_mut,
        take_stream,
        stream_body,
        expect_continue,
    } = streamed_input(sym, op, !rewrites.is_empty());
    let host_prefix = host_prefix(sym, op);
    let endpoint_params = if super::endpoint_params::has_params(sym, op) {
        quote!(endpoint_params(&input))
    } else {
        quote!(Vec::new())
    };
    let send = send_body(sym, op);
    quote! {
        /// Sends the request and waits for the response.
        ///
        /// # Errors
        ///
        /// A modeled error of the operation, or `Unhandled`: a missing
        /// required member or a value the model's constraints reject
        /// (`ErrorKind::Validation`; nothing is sent), a configuration, transport or
        /// timeout failure after retries, or an unmodeled service error.
        pub async fn send(self) -> Result<Output, #error> {
            #send
        }

        /// Presigns the request instead of sending it: a URL signed in its
        /// query string, valid for `config`'s time, that anyone holding it
        /// can send (with the returned headers), as botocore's
        /// `generate_presigned_url` makes it.
        ///
        /// # Errors
        ///
        /// As [`send`](Self::send) before anything is sent, and
        /// `ErrorKind::Construction` for a request whose body cannot travel
        /// in a URL.
        pub async fn presigned(
            self,
            config: #rt::PresigningConfig,
        ) -> Result<#rt::PresignedRequest, #error> {
            let (handle, request, context) = self.into_request()?;
            handle
                .presign(&OPERATION, request, context, config)
                .await
                .map_err(#error::from)
        }

        /// The input built, checked and serialized, with what `invoke` needs.
        fn into_request(self) -> Result<#rt::PreparedCall, #error> {
            #fill_tokens
            let #input_mut input = #build;
            #rewrites
            #validate
            #take_stream
            let request =
                serialize_request(&input).map_err(#rt::UnhandledError::construction)?;
            #expect_continue
            let context = #rt::InvokeContext {
                host_prefix: #host_prefix,
                endpoint_params: #endpoint_params,
                #stream_body,
            };
            Ok((self.handle, request, context))
        }
    }
}

/// The statements filling unset idempotency tokens (if the input has
/// any), and the expression building the input from the builder: an
/// error for a missing required member.
fn build_input(sym: &Symbols, op: &Operation) -> (TokenStream, TokenStream) {
    let rt = sym.runtime();
    let input = op.input.as_ref().and_then(|i| sym.shape(i));
    let (fill_tokens, builder_expr) = if idempotency_token_members(sym, op).is_empty() {
        (quote!(), quote!(self.inner))
    } else {
        (
            quote! {
                let builder = fill_idempotency_tokens(self.inner, &|| self.handle.idempotency_token());
            },
            quote!(builder),
        )
    };
    let has_required = input.is_some_and(
        |shape| matches!(&shape.kind, ShapeKind::Structure(ms) if ms.iter().any(|m| m.traits.required)),
    );
    let build = match input {
        Some(_) if has_required => quote! {
            #builder_expr.build().map_err(#rt::UnhandledError::construction)?
        },
        Some(_) => quote!(#builder_expr.build()),
        None => quote!(()),
    };
    (fill_tokens, build)
}

/// How `into_request` treats a streaming input member.
struct StreamedInput {
    /// `mut` when the input changes after it is built.
    input_mut: TokenStream,
    /// Takes the streaming member out of the input, as `body`.
    take_stream: TokenStream,
    /// The `InvokeContext` field: `body`, or none.
    stream_body: TokenStream,
    /// `Expect: 100-continue` when the taken body is set.
    expect_continue: Option<TokenStream>,
}

/// A streaming body, in memory or not, leaves the input before it is
/// serialized: `invoke` sends it as botocore sends streaming input
/// (`aws-chunked` with a checksum trailer over HTTPS). `rewritten`: the
/// input changes anyway.
fn streamed_input(sym: &Symbols, op: &Operation, rewritten: bool) -> StreamedInput {
    let rt = sym.runtime();
    let input = op.input.as_ref().and_then(|i| sym.shape(i));
    let Some((member, shape)) = sym.service.streaming_input(op).zip(input) else {
        return StreamedInput {
            input_mut: if rewritten { quote!(mut) } else { quote!() },
            take_stream: quote!(),
            stream_body: quote!(body: None),
            expect_continue: None,
        };
    };
    let f = sym.field_tokens(&shape.name, &member.name);
    let take_stream = if member.traits.required {
        quote!(let body = Some(::std::mem::take(&mut input.#f));)
    } else {
        quote!(let body = input.#f.take();)
    };
    // `serialize_request` asks to continue when the payload is set; one
    // taken out above still is.
    let expect_continue = op.expect_continue.then(|| {
        quote! {
            let mut request = request;
            if body.is_some() {
                request.headers_mut().insert(
                    #rt::http::header::EXPECT,
                    #rt::http::HeaderValue::from_static("100-continue"),
                );
            }
        }
    });
    StreamedInput {
        input_mut: quote!(mut),
        take_stream,
        stream_body: quote!(body),
        expect_continue,
    }
}

/// botocore's rewrites of top-level input strings before validation
/// ([`InputRewrite`]), as statements on `input`.
fn input_rewrites(sym: &Symbols, input: Option<&Shape>) -> TokenStream {
    let Some(shape) = input else {
        return quote!();
    };
    let ShapeKind::Structure(members) = &shape.kind else {
        return quote!();
    };
    let rt = sym.runtime();
    let stmts = members.iter().filter_map(|m| {
        let rewrite = match m.traits.input_rewrite? {
            InputRewrite::LastPathSegment => quote!(#rt::proto::customize::last_path_segment),
            InputRewrite::Base64 => quote!(#rt::proto::customize::base64_text),
        };
        let f = sym.field_tokens(&shape.name, &m.name);
        Some(if m.traits.required {
            quote!(input.#f = #rewrite(&input.#f);)
        } else {
            quote! {
                if let Some(x) = input.#f.as_mut() {
                    *x = #rewrite(x);
                }
            }
        })
    });
    quote!(#(#stmts)*)
}

/// The input's top-level members with `idempotencyToken` that hold a
/// string (the only kind botocore and Smithy put the trait on).
pub fn idempotency_token_members<'s>(sym: &'s Symbols, op: &Operation) -> Vec<&'s Member> {
    let Some(input) = op.input.as_deref().and_then(|i| sym.shape(i)) else {
        return Vec::new();
    };
    let ShapeKind::Structure(members) = &input.kind else {
        return Vec::new();
    };
    members
        .iter()
        .filter(|m| m.traits.idempotency_token)
        .filter(|m| {
            matches!(
                sym.shape(&m.target).map(|s| &s.kind),
                Some(ShapeKind::String)
            )
        })
        .collect()
}

/// `fill_idempotency_tokens`, for operations whose input has idempotency
/// tokens: botocore's `generate_idempotent_uuid`, which fills each unset one
/// before the input is validated (so a required token may be left unset).
pub(super) fn emit_token_fill(sym: &Symbols, op: &Operation) -> TokenStream {
    let members = idempotency_token_members(sym, op);
    let Some(shape) = op.input.as_deref().filter(|_| !members.is_empty()) else {
        return quote!();
    };
    let builder = format_ident!("{}Builder", sym.type_name(shape));
    let names: Vec<String> = members.iter().map(|m| format!("`{}`", m.name)).collect();
    let d = doc::attrs(&format!(
        "Sets each idempotency token the builder leaves unset ({}) to \
         `new_token()`, as botocore does before validating the input. \
         [`send`]({}FluentBuilder::send) calls it with the config's token \
         generator (by default a random UUID per token).",
        names.join(", "),
        crate::names::type_ident(&op.name)
    ));
    let fills = members.iter().map(|m| {
        let f: TokenStream = sym.field_tokens(shape, &m.name);
        quote! {
            if builder.#f.is_none() {
                builder.#f = Some(new_token());
            }
        }
    });
    quote! {
        #d
        pub fn fill_idempotency_tokens(
            mut builder: super::super::types::builders::#builder,
            new_token: &dyn ::std::ops::Fn() -> String,
        ) -> super::super::types::builders::#builder {
            #(#fills)*
            builder
        }
    }
}

/// `endpoint.hostPrefix` with its `{Label}`s filled from the input.
pub(super) fn host_prefix(sym: &Symbols, op: &Operation) -> TokenStream {
    let Some(prefix) = &op.host_prefix else {
        return quote!(None);
    };
    let shape = op.input.as_deref().unwrap_or("");
    let members: &[Member] = match sym.shape(shape).map(|s| &s.kind) {
        Some(ShapeKind::Structure(ms)) => ms,
        _ => &[],
    };
    let mut pieces = Vec::new();
    let mut rest = prefix.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        let lit = &rest[..open];
        if !lit.is_empty() {
            pieces.push(push_str(lit));
        }
        let label = &rest[open + 1..close];
        if let Some(m) = members.iter().find(|m| m.name == label) {
            let f: TokenStream = sym.field_tokens(shape, &m.name);
            if m.traits.required {
                pieces.push(quote!(s.push_str(&input.#f);));
            } else {
                pieces.push(quote!(if let Some(v) = &input.#f { s.push_str(v); }));
            }
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(push_str(rest));
    }
    quote!({
        let mut s = String::new();
        #(#pieces)*
        Some(s)
    })
}

/// `s.push_str(lit)`, or `s.push(c)` for one character (clippy's
/// `single_char_add_str`).
fn push_str(lit: &str) -> TokenStream {
    let mut chars = lit.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => quote!(s.push(#c);),
        _ => quote!(s.push_str(#lit);),
    }
}

/// A fluent setter pair that forwards to the input builder.
fn delegate(sym: &Symbols, shape: &str, m: &Member) -> TokenStream {
    let names = sym.member(shape, &m.name);
    let ident = sym.field_tokens(shape, &m.name);
    let set_ident = format_ident!("set_{}", names.field.trim_start_matches("r#"));
    let types = quote!(super::super::types);
    let ty = sym.member_type(shape, m, &types);
    let boxed = sym.is_boxed(shape, &m.name);
    let d = doc::attrs(&doc::member(m, sym.shape(&m.target), sym.is_sensitive(m)));
    let fluent = match sym.shape(&m.target).map(|s| &s.kind) {
        Some(ShapeKind::List(item)) if !boxed => {
            let item_ty = sym.rust_type(&item.target, &types);
            quote! {
                #d
                ///
                /// Appends one item; call it again for more.
                pub fn #ident(mut self, item: impl Into<#item_ty>) -> Self {
                    self.inner = self.inner.#ident(item);
                    self
                }
            }
        }
        Some(ShapeKind::Map { key, value }) if !boxed => {
            let k = sym.rust_type(&key.target, &types);
            let v = sym.rust_type(&value.target, &types);
            quote! {
                #d
                ///
                /// Inserts one entry; call it again for more.
                pub fn #ident(
                    mut self,
                    key: impl Into<#k>,
                    value: impl Into<#v>,
                ) -> Self {
                    self.inner = self.inner.#ident(key, value);
                    self
                }
            }
        }
        _ => {
            let input_ty = if boxed {
                sym.rust_type(&m.target, &types)
            } else {
                ty.clone()
            };
            quote! {
                #d
                pub fn #ident(mut self, input: impl Into<#input_ty>) -> Self {
                    self.inner = self.inner.#ident(input);
                    self
                }
            }
        }
    };
    let set_doc = doc::attrs(&format!("Sets or clears `{}`.", m.name));
    quote! {
        #fluent
        #set_doc
        pub fn #set_ident(mut self, input: Option<#ty>) -> Self {
            self.inner = self.inner.#set_ident(input);
            self
        }
    }
}
