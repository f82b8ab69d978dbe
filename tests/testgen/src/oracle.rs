//! Generates the oracle tests: for each botocore oracle case, Rust code that
//! builds the typed input (serialize cases) or the typed expected output
//! (parse cases) from the case's JSON. The comparison itself is hand-written
//! in `tests/tests/oracle/support.rs`.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::values::{member_value, value_expr};
use slimaws_codegen::error::{Error, Result};
use slimaws_codegen::ir::{Service, ShapeKind};
use slimaws_codegen::symbols::Symbols;

/// One oracle case file pair, by name (`cloudfront_update_key_group`).
pub struct Case {
    pub name: String,
    pub input: Value,
    pub output: Value,
}

/// The names of the files of `dir` that end in `suffix`, without it, sorted.
pub(crate) fn case_names(dir: &Path, suffix: &str) -> Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|source| Error::Io {
            path: dir.to_owned(),
            source,
        })?
        .flatten()
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.strip_suffix(suffix).map(str::to_owned)
        })
        .collect();
    names.sort();
    Ok(names)
}

/// Reads `<dir>/<name>.input.json` and `.output.json` pairs, sorted by name.
pub fn read_cases(dir: &Path) -> Result<Vec<Case>> {
    case_names(dir, ".input.json")?
        .into_iter()
        .map(|name| {
            Ok(Case {
                input: slimaws_codegen::load::read_json(&dir.join(format!("{name}.input.json")))?,
                output: slimaws_codegen::load::read_json(&dir.join(format!("{name}.output.json")))?,
                name,
            })
        })
        .collect()
}

pub(crate) fn find<'s>(services: &'s [Service], case: &Case) -> Result<(&'s Service, String)> {
    let service = case.input["service"].as_str().unwrap_or_default();
    let op = case.input["operation"].as_str().unwrap_or_default();
    let module = slimaws_codegen::names::module_name(service);
    services
        .iter()
        .find(|s| s.module == module)
        .filter(|s| s.operations.contains_key(op))
        .map(|s| (s, op.to_owned()))
        .ok_or_else(|| Error::Malformed {
            path: case.name.clone().into(),
            location: "oracle case".into(),
            message: format!("operation {service}.{op} is not generated"),
        })
}

pub(crate) fn malformed(case: &Case, message: String) -> Error {
    Error::Malformed {
        path: case.name.clone().into(),
        location: "oracle case".into(),
        message,
    }
}

/// The fluent call of a case (`Client::new(&config).op().set_x(..)..`),
/// without `send`, and the operation's error enum.
fn fluent_call(services: &[Service], case: &Case) -> Result<(TokenStream, TokenStream)> {
    let (service, op_name) = find(services, case)?;
    let sym = Symbols::new(service);
    let op = &service.operations[&op_name];
    let module = format_ident!("{}", service.module);
    let types = quote!(::slimaws::#module::types);
    let method = format_ident!("{}", sym.operation_file(&op_name));
    let input = op.input.as_deref().unwrap_or_default();
    let members = match sym.shape(input).map(|s| &s.kind) {
        Some(ShapeKind::Structure(ms)) => ms.as_slice(),
        _ => &[],
    };
    let mut calls = Vec::new();
    if let Some(params) = case.input["params"].as_object() {
        for (key, v) in params {
            let m = members
                .iter()
                .find(|m| m.name == *key)
                .ok_or_else(|| malformed(case, format!("no input member {key}")))?;
            let set = format_ident!(
                "set_{}",
                sym.member(input, &m.name).field.trim_start_matches("r#")
            );
            let value = member_value(&sym, input, m, v, &types).map_err(|e| malformed(case, e))?;
            calls.push(quote!(.#set(::std::option::Option::Some(#value))));
        }
    }
    let file = format_ident!("{}", sym.operation_file(&op_name));
    let error = format_ident!("{}", sym.operation_error(&op_name));
    Ok((
        quote! {
            ::slimaws::#module::Client::new(&config)
                .#method()
                #(#calls)*
        },
        quote!(::slimaws::#module::operation::#file::#error),
    ))
}

/// One `#[test]` per serialize case: the fluent call with the case's params.
pub fn serialize_tests(services: &[Service], cases: &[Case]) -> Result<TokenStream> {
    let mut tests = Vec::new();
    for case in cases {
        let (call, _) = fluent_call(services, case)?;
        let test = format_ident!("{}", case.name);
        let name = &case.name;
        tests.push(quote! {
            #[test]
            fn #test() {
                check_serialize(#name, |config| async move {
                    #call
                        .send()
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                });
            }
        });
    }
    Ok(quote! {
        //! One test per case of `tests/data/oracle/serialize-model/`.
        use super::support::check_serialize;
        #(#tests)*
    })
}

/// The cases of `validation/cases.json` (what botocore's parameter
/// validation rejects), each with its `name`, `service`, `operation` and
/// `params`.
pub fn read_validation_cases(path: &Path) -> Result<Vec<Case>> {
    let all = slimaws_codegen::load::read_json(path)?;
    Ok(all
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| Case {
            name: c["name"].as_str().unwrap_or_default().to_owned(),
            input: c.clone(),
            output: Value::Null,
        })
        .collect())
}

/// One `#[test]` per validation case: the fluent call with the case's
/// params; `check_validation` compares what `send` does with botocore.
pub fn validation_tests(services: &[Service], cases: &[Case]) -> Result<TokenStream> {
    let mut tests = Vec::new();
    for case in cases {
        let (call, error) = fluent_call(services, case)?;
        let test = format_ident!("{}", case.name);
        let name = &case.name;
        tests.push(quote! {
            #[test]
            fn #test() {
                check_validation(#name, |config| async move {
                    #call
                        .send()
                        .await
                        .map(|_| ())
                        .map_err(|e| match e {
                            #error::Unhandled(u) => ::std::option::Option::Some(u),
                            _ => ::std::option::Option::None,
                        })
                });
            }
        });
    }
    Ok(quote! {
        //! One test per case of `tests/data/oracle/validation/cases.json`.
        use super::support::check_validation;
        #(#tests)*
    })
}

/// One `#[test]` per parse case: the expected output, or the expected error
/// variant and members, built from what botocore parsed.
pub fn parse_tests(services: &[Service], cases: &[Case]) -> Result<TokenStream> {
    let mut tests = Vec::new();
    for case in cases {
        let (service, op_name) = find(services, case)?;
        let sym = Symbols::new(service);
        let op = &service.operations[&op_name];
        let module = format_ident!("{}", service.module);
        let types = quote!(::slimaws::#module::types);
        let op_mod = format_ident!("{}", sym.operation_file(&op_name));
        let error_ty = format_ident!("{}", sym.operation_error(&op_name));
        let parsed = case.output["parsed"]
            .as_object()
            .ok_or_else(|| malformed(case, "no `parsed` object".into()))?;
        let deser = quote!(::slimaws::#module::operation::#op_mod::deserialize_response(status, &headers, &body));
        let test = format_ident!("{}", case.name);
        let name = &case.name;
        let check = if case.output["is_error"].as_bool() == Some(true) {
            let code = case.output["error"]["Code"].as_str().unwrap_or_default();
            let message = case.output["error"]["Message"].as_str();
            let message = match message {
                Some(m) => quote!(::std::option::Option::Some(#m)),
                None => quote!(::std::option::Option::None),
            };
            let modeled = case.output["modeled_error_shape"].as_str();
            let variant_check = match modeled.and_then(|s| sym.shape(s).map(|_| s)) {
                Some(shape) => {
                    let variant = format_ident!("{}", sym.type_name(shape));
                    // Modeled members other than the message must equal botocore's.
                    let members = match sym.shape(shape).map(|s| &s.kind) {
                        Some(ShapeKind::Structure(ms)) => ms.as_slice(),
                        _ => &[],
                    };
                    let mut checks = Vec::new();
                    for m in members {
                        if m.name.eq_ignore_ascii_case("message") {
                            continue;
                        }
                        let f: TokenStream =
                            sym.member(shape, &m.name).field.parse().unwrap_or_default();
                        let expected = expected_member(&sym, m, parsed.get(&m.name), &types)
                            .map_err(|e| malformed(case, e))?;
                        checks.push(
                            quote!(assert_eq!(e.#f, #expected, "member {}", stringify!(#f));),
                        );
                    }
                    let binding = if checks.is_empty() {
                        quote!(_)
                    } else {
                        quote!(e)
                    };
                    quote! {
                        let ::slimaws::#module::operation::#op_mod::#error_ty::#variant(#binding) = &err else {
                            panic!("expected {}, got {err:?}", stringify!(#variant));
                        };
                        #(#checks)*
                    }
                }
                None => quote! {
                    assert!(
                        matches!(err, ::slimaws::#module::operation::#op_mod::#error_ty::Unhandled(_)),
                        "expected an unmodeled error, got {err:?}"
                    );
                },
            };
            let request_id = parsed
                .get("ResponseMetadata")
                .and_then(|r| r.get("RequestId"))
                .and_then(Value::as_str);
            let request_id = match request_id {
                Some(r) if !r.is_empty() => quote!(::std::option::Option::Some(#r)),
                _ => quote!(::std::option::Option::None),
            };
            quote! {
                let err = #deser.expect_err("botocore parsed an error");
                assert_eq!(err.code(), ::std::option::Option::Some(#code), "code");
                assert_eq!(err.meta().message(), #message, "message");
                assert_eq!(err.meta().request_id(), #request_id, "request id");
                #variant_check
            }
        } else {
            let output = op.output.as_deref().unwrap_or_default();
            let mut value = Value::Object(parsed.clone());
            if let Some(obj) = value.as_object_mut() {
                obj.remove("ResponseMetadata");
            }
            let expected =
                value_expr(&sym, output, &value, &types).map_err(|e| malformed(case, e))?;
            quote! {
                let output = #deser.expect("botocore parsed an output");
                assert_eq!(output, #expected);
            }
        };
        tests.push(quote! {
            #[test]
            fn #test() {
                let (status, headers, body) = parse_case(#name);
                #check
            }
        });
    }
    Ok(quote! {
        //! One test per case of `tests/data/oracle/parse/`.
        use super::support::parse_case;
        #(#tests)*
    })
}

/// The value a field of member `m` must hold when botocore parsed `value`
/// for it: the typed value (in `Some` unless the member is required), or
/// `None` when botocore gave nothing.
pub(crate) fn expected_member(
    sym: &Symbols,
    m: &slimaws_codegen::ir::Member,
    value: Option<&Value>,
    types: &TokenStream,
) -> std::result::Result<TokenStream, String> {
    Ok(match value {
        Some(v) if !v.is_null() => {
            let v = value_expr(sym, &m.target, v, types)?;
            if m.traits.required {
                v
            } else {
                quote!(::std::option::Option::Some(#v))
            }
        }
        _ => quote!(::std::option::Option::None),
    })
}
