//! The event stream oracle tests: for each case of
//! `tests/data/oracle/event-streams/` (made by `make_event_streams.py` with
//! botocore itself), a test that reads the recorded frames through the
//! generated operation and expects botocore's output members, events and
//! end of stream.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::oracle::{case_names, expected_member, find, malformed, Case};
use crate::values::value_expr;
use slimaws_codegen::error::Result;
use slimaws_codegen::ir::{Member, Service, ShapeKind};
use slimaws_codegen::symbols::Symbols;

/// Reads every `<name>.json` of `dir`, sorted by name.
pub fn read_cases(dir: &Path) -> Result<Vec<Case>> {
    case_names(dir, ".json")?
        .into_iter()
        .map(|name| {
            let value = slimaws_codegen::load::read_json(&dir.join(format!("{name}.json")))?;
            Ok(Case {
                name,
                input: value.clone(),
                output: value,
            })
        })
        .collect()
}

/// One `#[tokio::test]` per case.
pub fn tests(services: &[Service], cases: &[Case]) -> Result<TokenStream> {
    let tests = cases
        .iter()
        .map(|case| one_test(services, case))
        .collect::<Result<Vec<_>>>()?;
    Ok(quote! {
        //! One test per case of `tests/data/oracle/event-streams/`.
        use super::support::event_stream_case;
        #(#tests)*
    })
}

fn one_test(services: &[Service], case: &Case) -> Result<TokenStream> {
    let malformed = |message: String| malformed(case, message);
    let (service, op_name) = find(services, case)?;
    let op_name = op_name.as_str();
    let sym = Symbols::new(service);
    let op = &service.operations[op_name];
    let stream = service
        .event_stream_output(op)
        .ok_or_else(|| malformed(format!("{op_name} has no event stream output")))?;
    let output_shape = op.output.as_deref().unwrap_or_default();
    let module = format_ident!("{}", service.module);
    let types = quote!(::slimaws::#module::types);
    let op_mod = format_ident!("{}", sym.operation_file(op_name));
    let deser = quote!(::slimaws::#module::operation::#op_mod::deserialize_response);

    let end = &case.output["end"];
    let members = match sym.shape(output_shape).map(|s| &s.kind) {
        Some(ShapeKind::Structure(ms)) => ms.as_slice(),
        _ => &[],
    };
    let output_checks = members
        .iter()
        .filter(|m| m.name != stream.name)
        .map(|m| member_check(&sym, output_shape, m, &case.output["output"], &types))
        .collect::<std::result::Result<Vec<_>, String>>()
        .map_err(&malformed)?;
    let field = sym.field_tokens(output_shape, &stream.name);
    let take_stream = if stream.traits.required {
        quote!(output.#field)
    } else {
        quote!(output.#field.expect("the event stream"))
    };
    let events = case.output["events"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|e| value_expr(&sym, &stream.target, e, &types))
        .collect::<std::result::Result<Vec<_>, String>>()
        .map_err(&malformed)?;
    let end_check = end_check(&sym, &stream.target, end, &types);
    let name = &case.name;
    let test = format_ident!("{}", case.name);
    Ok(quote! {
        #[tokio::test]
        async fn #test() {
            let (status, headers, body) = event_stream_case(#name);
            let output = #deser(status, &headers, body).expect("botocore parsed an output");
            #(#output_checks)*
            let mut stream = #take_stream;
            let mut events = ::std::vec::Vec::new();
            let mut end = ::std::option::Option::None;
            while let ::std::option::Option::Some(item) = stream.next().await {
                match item {
                    // botocore skips an event its model does not list.
                    ::std::result::Result::Ok(e) if e.is_unknown() => {}
                    ::std::result::Result::Ok(e) => events.push(e),
                    ::std::result::Result::Err(e) => end = ::std::option::Option::Some(e),
                }
            }
            assert_eq!(events, [#(#events),*]);
            #end_check
        }
    })
}

/// `assert_eq!` of one output member with botocore's value (or its absence).
fn member_check(
    sym: &Symbols,
    shape: &str,
    m: &Member,
    output: &Value,
    types: &TokenStream,
) -> std::result::Result<TokenStream, String> {
    let field = sym.field_tokens(shape, &m.name);
    let expected = expected_member(sym, m, output.get(&m.name), types)?;
    let label = &m.name;
    Ok(quote!(assert_eq!(output.#field, #expected, #label);))
}

/// How the stream ends: cleanly, with the error botocore raised (the
/// modeled one its code names), or, where botocore failed the call (no
/// initial response), with an error carrying botocore's message: the
/// stream is read lazily here, so its first `next` fails instead.
fn end_check(sym: &Symbols, stream: &str, end: &Value, types: &TokenStream) -> TokenStream {
    if end.is_null() {
        return quote!(assert!(end.is_none(), "unexpected end: {end:?}"););
    }
    if let Some(message) = end["message"]
        .as_str()
        .filter(|_| end.get("call_error").is_some())
    {
        return quote! {
            let err = end.expect("an error");
            assert!(err.to_string().contains(#message), "{err}");
        };
    }
    let code = end["error"]["Code"].as_str().unwrap_or_default();
    let message = end["error"]["Message"].as_str().unwrap_or_default();
    let error = format_ident!("{}", sym.event_stream_error(stream).0);
    if code.is_empty() {
        // botocore reads an unlisted exception's code from `:error-code`,
        // which exception messages lack; slimaws keeps `:exception-type`.
        return quote! {
            let err = end.expect("an error");
            assert!(matches!(err, #types::#error::Unhandled(_)), "{err:?}");
        };
    }
    let (_, errors) = sym.service.event_stream_parts(stream);
    let variant = match errors.iter().find(|m| m.name == code) {
        Some(m) => {
            let v = format_ident!("{}", sym.type_name(&m.target));
            quote!(#types::#error::#v(_))
        }
        None => quote!(#types::#error::Unhandled(_)),
    };
    quote! {
        let err = end.expect("an error");
        assert!(matches!(err, #variant), "{err:?}");
        assert_eq!(err.meta().code(), ::std::option::Option::Some(#code), "code");
        assert_eq!(err.meta().message(), ::std::option::Option::Some(#message), "message");
    }
}
