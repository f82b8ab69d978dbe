//! Generates the protocol conformance crate (`tests/conformance`) from
//! botocore's protocol test suites.
//!
//! Each suite file (`<dir>/<protocol>.json`, `dir` being `input` or
//! `output`) is a list of groups; a group carries its own `metadata` and
//! `shapes` and a list of cases naming one operation (`given`). Every group
//! becomes a service module, built by wrapping the group into a botocore
//! model and running the normal pipeline (load, symbols, emitters); every
//! case becomes one `#[test]` that calls the hand-written comparison helpers
//! of the conformance crate (`crate::support`), which read the expected
//! request or result from the same suite file.
//!
//! Cases listed in the skip file (`tests/conformance/skip.toml`) are marked
//! `#[ignore]` with their reason. A case the generator cannot turn into Rust
//! (a model or parameter it does not support) becomes a test that fails and
//! says why, so it is counted, not lost.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::values;
use slimaws_codegen::emit::{self, Files};
use slimaws_codegen::error::{Error, Result};
use slimaws_codegen::ir::ShapeKind;
use slimaws_codegen::names;
use slimaws_codegen::symbols::Symbols;

/// The suites, as `(protocol file stem, direction)`, in report order.
pub const SUITES: &[(&str, &str)] = &[
    ("rest-json", "input"),
    ("rest-json", "output"),
    ("rest-xml", "input"),
    ("rest-xml", "output"),
    ("json", "input"),
    ("json", "output"),
    ("json_1_0", "input"),
    ("json_1_0", "output"),
    ("json_1_0-query-compatible", "input"),
    ("json_1_0-query-compatible", "output"),
    ("query", "input"),
    ("query", "output"),
    ("ec2", "input"),
    ("ec2", "output"),
    ("smithy-rpc-v2-cbor", "input"),
    ("smithy-rpc-v2-cbor", "output"),
    ("smithy-rpc-v2-cbor-query-compatible", "input"),
    ("smithy-rpc-v2-cbor-query-compatible", "output"),
    ("smithy-rpc-v2-cbor-non-query-compatible", "input"),
    ("smithy-rpc-v2-cbor-non-query-compatible", "output"),
    ("legacy/rest-json", "input"),
    ("legacy/rest-json", "output"),
    ("legacy/rest-xml", "input"),
    ("legacy/rest-xml", "output"),
    ("legacy/json", "input"),
    ("legacy/json", "output"),
    ("legacy/query", "input"),
    ("legacy/query", "output"),
    ("legacy/ec2", "input"),
    ("legacy/ec2", "output"),
];

/// The Rust module of a suite (`rest_json_input`).
pub fn suite_module(protocol: &str, direction: &str) -> String {
    format!("{}_{direction}", protocol.replace(['-', '/'], "_"))
}

/// The file of a suite: `<dir>/<direction>/<protocol>.json`, or for
/// botocore's legacy suites (`legacy/json`) `<dir>/legacy/<direction>/json.json`.
pub fn suite_path(suites_dir: &Path, protocol: &str, direction: &str) -> PathBuf {
    match protocol.split_once('/') {
        Some((set, name)) => suites_dir
            .join(set)
            .join(direction)
            .join(format!("{name}.json")),
        None => suites_dir.join(direction).join(format!("{protocol}.json")),
    }
}

/// A case's id: its `id`, or for the legacy suites, which have none, the
/// group's description and the case's place in it (`Scalar members 2`);
/// the `repeat`-th later group with the same description adds its count
/// (`Nested structures (2) 1`).
pub fn case_id(group: &Value, repeat: usize, index: usize, case: &Value) -> Option<String> {
    match case.get("id").and_then(Value::as_str) {
        Some(id) => Some(id.to_owned()),
        None => {
            let description = group.get("description").and_then(Value::as_str)?;
            Some(match repeat {
                0 => format!("{description} {}", index + 1),
                r => format!("{description} ({}) {}", r + 1, index + 1),
            })
        }
    }
}

/// One entry of the skip file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skip {
    /// `<protocol> <direction>`, as the summary prints it (`rest-json input`).
    pub suite: String,
    /// The case's `id`.
    pub case: String,
    /// Why the case is skipped, for a reviewer.
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SkipFile {
    #[serde(default)]
    skip: Vec<Skip>,
    /// `todo.toml`: cases botocore passes and the generator does not yet.
    #[serde(default)]
    todo: Vec<Skip>,
}

/// Reads the skip file; a missing file is an empty list.
pub fn read_skips(path: &Path) -> Result<Vec<Skip>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(Error::Io {
                path: path.to_owned(),
                source,
            })
        }
    };
    let file: SkipFile = toml::from_str(&text).map_err(|e| Error::Malformed {
        path: path.to_owned(),
        location: "skip list".into(),
        message: e.to_string(),
    })?;
    let todo = file.todo.into_iter().map(|mut t| {
        // libtest prints the reason: `ignored, todo: ...` marks the case.
        t.reason = format!("todo: {}", t.reason);
        t
    });
    let all: Vec<Skip> = file.skip.into_iter().chain(todo).collect();
    for s in &all {
        if s.reason.trim_start_matches("todo:").trim().is_empty() {
            return Err(Error::Malformed {
                path: path.to_owned(),
                location: format!("{} {}", s.suite, s.case),
                message: "a skipped case needs a reason".into(),
            });
        }
    }
    Ok(all)
}

/// The cases not passed yet (`todo.toml` beside the skip file): failures
/// on record, reported as such, never botocore-backed skips.
pub fn todo_file(skip_file: &Path) -> PathBuf {
    skip_file.with_file_name("todo.toml")
}

/// Generates the conformance crate's `src/generated/` tree from the suites
/// in `suites_dir` (`input/*.json`, `output/*.json`) and the skip file.
pub fn generate(suites_dir: &Path, skip_file: &Path) -> Result<Files> {
    let mut skips = read_skips(skip_file)?;
    skips.extend(read_skips(&todo_file(skip_file))?);
    let mut unused: BTreeSet<(String, String)> = skips
        .iter()
        .map(|s| (s.suite.clone(), s.case.clone()))
        .collect();
    let mut files = Files::new();
    let mut suite_mods = Vec::new();
    for (protocol, direction) in SUITES {
        let path = suite_path(suites_dir, protocol, direction);
        let json = slimaws_codegen::load::read_json(&path)?;
        let key = format!("{protocol} {direction}");
        let skipped: BTreeMap<&str, &str> = skips
            .iter()
            .filter(|s| s.suite == key)
            .map(|s| (s.case.as_str(), s.reason.as_str()))
            .collect();
        let module = suite_module(protocol, direction);
        let seen = suite(
            &path,
            &json,
            protocol,
            direction == &"input",
            &module,
            &skipped,
            &mut files,
        )?;
        for id in seen {
            unused.remove(&(key.clone(), id));
        }
        suite_mods.push(format_ident!("{module}"));
    }
    if let Some((suite, case)) = unused.into_iter().next() {
        return Err(Error::Malformed {
            path: skip_file.to_owned(),
            location: format!("{suite} {case}"),
            message: "the skip list names a case that is not in the suites".into(),
        });
    }
    emit::add(
        &mut files,
        PathBuf::from("mod.rs"),
        quote! {
            //! One module per protocol test suite (`<protocol>_<input|output>`).
            #(pub mod #suite_mods;)*
        },
    )?;
    Ok(files)
}

fn malformed(path: &Path, location: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Malformed {
        path: path.to_owned(),
        location: location.into(),
        message: message.into(),
    }
}

/// The module of each group, named by what it tests rather than where it
/// sits, so that adding a group renames no other: the operation's name, or,
/// where several groups test one operation (botocore's error suites), the
/// id of the group's first case.
fn group_module_names(path: &Path, groups: &[Value]) -> Result<Vec<String>> {
    let mut ops = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let case = g
            .get("cases")
            .and_then(Value::as_array)
            .and_then(|cases| cases.first())
            .ok_or_else(|| malformed(path, format!("group {i}"), "no cases"))?;
        let op = case.pointer("/given/name").and_then(Value::as_str);
        // Legacy groups have no ids: their description names them.
        let id = case
            .get("id")
            .or_else(|| g.get("description"))
            .and_then(Value::as_str);
        ops.push((op.unwrap_or("OperationName"), id.unwrap_or_default()));
    }
    let mut names = Vec::new();
    // `cases.rs` sits beside the group modules.
    let mut taken = BTreeSet::from(["cases".to_owned()]);
    for (op, id) in &ops {
        let shared = ops.iter().filter(|(o, _)| o == op).count() > 1;
        let mut name = names::module_name(if shared { id } else { op });
        while !taken.insert(name.clone()) {
            name.push('_');
        }
        names.push(name);
    }
    Ok(names)
}

/// The groups, each split where its cases test different operations (the
/// legacy suites mix them), with the index and module name of each part:
/// the group's name, then `<name>_2`... Cases get their ids first, so a
/// legacy case keeps the place in its group that names it.
fn split_by_operation(groups: &[Value], names: &[String]) -> Vec<(usize, Value, String)> {
    let mut parts = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, (group, name)) in groups.iter().zip(names).enumerate() {
        let description = group
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let repeat = *seen.entry(description).and_modify(|n| *n += 1).or_insert(0);
        let cases = group
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut by_given: Vec<(Value, Vec<Value>)> = Vec::new();
        for (n, mut case) in cases.into_iter().enumerate() {
            if let (Some(id), Some(obj)) = (case_id(group, repeat, n, &case), case.as_object_mut())
            {
                obj.insert("id".into(), Value::String(id));
            }
            let given = case.get("given").cloned().unwrap_or_default();
            match by_given.iter_mut().find(|(g, _)| *g == given) {
                Some((_, list)) => list.push(case),
                None => by_given.push((given, vec![case])),
            }
        }
        if by_given.is_empty() {
            parts.push((i, group.clone(), name.clone()));
        }
        for (k, (_, cases)) in by_given.into_iter().enumerate() {
            let mut part = group.clone();
            part["cases"] = Value::Array(cases);
            let module = if k == 0 {
                name.clone()
            } else {
                format!("{name}_{}", k + 1)
            };
            parts.push((i, part, module));
        }
    }
    parts
}

/// Emits one suite; returns the ids of its cases.
fn suite(
    path: &Path,
    json: &Value,
    protocol: &str,
    input: bool,
    module: &str,
    skipped: &BTreeMap<&str, &str>,
    files: &mut Files,
) -> Result<Vec<String>> {
    let groups = json
        .as_array()
        .ok_or_else(|| malformed(path, "suite", "expected a list of groups"))?;
    let root = PathBuf::from(module);
    let mut ids = Vec::new();
    let mut group_mods = Vec::new();
    let mut case_mods = Vec::new();
    let mut test_names = BTreeSet::new();
    let group_names = group_module_names(path, groups)?;
    for (i, group, group_mod) in split_by_operation(groups, &group_names) {
        let group = &group;
        let location = format!("group {i}");
        let g = group
            .as_object()
            .ok_or_else(|| malformed(path, &location, "expected an object"))?;
        let cases = g
            .get("cases")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed(path, &location, "missing `cases`"))?;
        let first_given = cases
            .first()
            .and_then(|c| c.get("given"))
            .ok_or_else(|| malformed(path, &location, "no case with `given`"))?;
        let op_name = first_given
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("OperationName")
            .to_owned();
        let description = g
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();

        // The group as a botocore model with its one operation.
        let mut model = Map::new();
        model.insert(
            "metadata".into(),
            g.get("metadata").cloned().unwrap_or_default(),
        );
        model.insert(
            "shapes".into(),
            g.get("shapes").cloned().unwrap_or_default(),
        );
        let mut ops = Map::new();
        ops.insert(op_name.clone(), first_given.clone());
        model.insert("operations".into(), Value::Object(ops));
        // Generated as a selection with `errors = "service"`: the suites
        // expect botocore's parsing of an error into any exception of the
        // service by its code, which that scope generates.
        let loaded = slimaws_codegen::load_model_json(path, &group_mod, &Value::Object(model)).map(
            |mut service| {
                slimaws_codegen::select::every_exception_per_operation(&mut service);
                service
            },
        );

        let mut tests = Vec::new();
        let service = match &loaded {
            Ok(service) => {
                let mut service_files = Files::new();
                emit::service(service, &mut service_files)?;
                for (p, text) in service_files {
                    files.insert(root.join(p), text);
                }
                let d = format!("{description}.");
                let gi = format_ident!("{}", group_mod);
                group_mods.push(quote!(#[doc = #d] pub mod #gi;));
                Some(service)
            }
            Err(_) => None,
        };
        let sym = service.map(Symbols::new);
        for case in cases {
            // `split_by_operation` gave every case its id.
            let id = case
                .get("id")
                .and_then(Value::as_str)
                .ok_or_else(|| malformed(path, &location, "a case without `id`"))?
                .to_owned();
            let mut fn_name = names::module_name(&id);
            while !test_names.insert(fn_name.clone()) {
                fn_name.push('_');
            }
            let test_ident = format_ident!("{}", fn_name);
            let body = match (&sym, &loaded) {
                (Some(sym), _) => {
                    if input {
                        input_test(sym, &op_name, &id, case)
                    } else {
                        Ok(quote!(check_response(SUITE, #id, run);))
                    }
                }
                (None, Err(e)) => Err(format!("the group's model does not load: {e}")),
                (None, Ok(_)) => Err("the group's model does not load".to_owned()),
            };
            let body = body.unwrap_or_else(|msg| {
                let msg = format!("cannot generate this case: {msg}");
                quote!(panic!("{}", #msg);)
            });
            let ignore = skipped
                .get(id.as_str())
                .map(|reason| quote!(#[ignore = #reason]));
            tests.push(quote! {
                #[test]
                #ignore
                fn #test_ident() {
                    #body
                }
            });
            ids.push(id);
        }
        let group_ident = format_ident!("{}", group_mod);
        let support_items = match &sym {
            Some(sym) if !input => output_support(sym, &op_name),
            _ => quote!(),
        };
        let svc = if sym.is_some() {
            quote!(#[allow(unused_imports)] use super::super::#group_ident as svc;)
        } else {
            quote!()
        };
        case_mods.push(quote! {
            mod #group_ident {
                #[allow(unused_imports)]
                use super::SUITE;
                #[allow(unused_imports)]
                use crate::support::*;
                #svc
                #support_items
                #(#tests)*
            }
        });
    }
    let doc = format!(
        "botocore's `{protocol}` {} suite: one module per group, and the \
         cases as tests in `cases`.",
        if input { "input" } else { "output" }
    );
    emit::add(
        files,
        root.join("mod.rs"),
        quote! {
            #![doc = #doc]
            #(#group_mods)*
            #[cfg(test)]
            mod cases;
        },
    )?;
    let suite_key = format!("{protocol}/{}", if input { "input" } else { "output" });
    emit::add(
        files,
        root.join("cases.rs"),
        quote! {
            //! The suite's cases, one test each, grouped like the suite.
            // A suite may have no cases (botocore's
            // `smithy-rpc-v2-cbor-non-query-compatible` output).
            #[allow(dead_code)]
            const SUITE: &str = #suite_key;
            #(#case_mods)*
        },
    )?;
    Ok(ids)
}

/// `check_request(SUITE, id, serialize_request(&input), host_prefix(&input))`
/// with the case's params; unset idempotency tokens are filled with the
/// suites' fixed token, and the request is compressed and checksummed as
/// `send` would do it, when the operation has these traits.
fn input_test(sym: &Symbols, op_name: &str, id: &str, case: &Value) -> Result<TokenStream, String> {
    let op = sym
        .service
        .operations
        .get(op_name)
        .ok_or("the operation is not in the model")?;
    let params = case
        .get("params")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    let types = quote!(svc::types);
    let file = format_ident!("{}", sym.operation_file(op_name));
    let input = match &op.input {
        Some(shape) if !emit::idempotency_token_members(sym, op).is_empty() => {
            let builder = values::builder_expr(sym, shape, &params, &types)?;
            // `build` returns a `Result` only when a member is required.
            let has_required = matches!(
                sym.shape(shape).map(|s| &s.kind),
                Some(ShapeKind::Structure(ms)) if ms.iter().any(|m| m.traits.required)
            );
            let unwrap = has_required.then(|| quote!(.expect("valid test input")));
            quote! {
                svc::operation::#file::fill_idempotency_tokens(#builder, &fixed_idempotency_token)
                    .build() #unwrap
            }
        }
        Some(shape) => values::value_expr(sym, shape, &params, &types)?,
        None => quote!(()),
    };
    let request = if op.request_compression.is_empty() && !op.request_checksum_required {
        quote!(svc::operation::#file::serialize_request(&input))
    } else {
        quote!(as_sent(
            &svc::operation::#file::OPERATION,
            svc::operation::#file::serialize_request(&input),
        ))
    };
    Ok(quote! {
        let input = #input;
        check_request(
            SUITE,
            #id,
            #request,
            svc::operation::#file::host_prefix(&input),
        );
    })
}

/// Per output group: `to_json` for every named type, and `run`, which parses
/// a response with the operation's deserializer into an `Outcome`.
fn output_support(sym: &Symbols, op_name: &str) -> TokenStream {
    let mut impls = Vec::new();
    for (shape, ident, _) in sym.named_types() {
        let ty = format_ident!("{}", ident);
        let body = match &shape.kind {
            ShapeKind::Structure(members) => {
                // An event stream member is drained into the JSON by `run`.
                let in_json = members
                    .iter()
                    .filter(|m| !sym.shape(&m.target).is_some_and(|t| t.traits.event_stream));
                let puts = in_json.map(|m| {
                    let field: TokenStream = sym.field_tokens(&shape.name, &m.name);
                    let key = &m.name;
                    // A `jsonvalue` header is compared as the JSON it holds,
                    // as botocore gives it.
                    match (m.traits.required, crate::values::is_json_header(m)) {
                        (true, false) => quote!(.req(#key, &self.#field)),
                        (false, false) => quote!(.opt(#key, &self.#field)),
                        (true, true) => quote!(.req(#key, &JsonText(&self.#field))),
                        (false, true) => {
                            quote!(.opt(#key, &self.#field.as_deref().map(JsonText)))
                        }
                    }
                });
                quote!(Obj::new() #(#puts)* .done())
            }
            ShapeKind::Union(members) => {
                // An event stream's enum has its events only.
                let (events, _) = sym.service.event_stream_parts(&shape.name);
                let is_event = |m: &&slimaws_codegen::ir::Member| {
                    !shape.traits.event_stream || events.iter().any(|e| e.name == m.name)
                };
                let arms = members.iter().filter(is_event).map(|m| {
                    let variant = format_ident!("{}", sym.member(&shape.name, &m.name).variant);
                    let key = &m.name;
                    quote!(Self::#variant(v) => Obj::new().req(#key, v).done(),)
                });
                quote! {
                    match self {
                        #(#arms)*
                        Self::Unknown(name) => unknown_member(name.as_str()),
                    }
                }
            }
            ShapeKind::Enum(_) => quote!(Json::String(self.as_str().to_owned())),
            ShapeKind::IntEnum(_) => quote!(Json::from(self.value())),
            _ => continue,
        };
        impls.push(quote! {
            impl ToJson for svc::types::#ty {
                fn to_json(&self) -> Json {
                    #body
                }
            }
        });
    }
    let Some(op) = sym.service.operations.get(op_name) else {
        return quote!(#(#impls)*);
    };
    let file = format_ident!("{}", sym.operation_file(op_name));
    let error = format_ident!("{}", sym.operation_error(op_name));
    // The same variant names as `emit::operation` gives them.
    let mut taken = BTreeSet::from(["Unhandled".to_owned()]);
    let mut arms = Vec::new();
    for e in &op.errors {
        let mut variant = sym.type_name(e).to_owned();
        while taken.contains(&variant) {
            variant.push('_');
        }
        taken.insert(variant.clone());
        let variant = format_ident!("{}", variant);
        arms.push(quote!(svc::operation::#file::#error::#variant(x) => (::std::option::Option::Some(#e), x.to_json()),));
    }
    let classify = if arms.is_empty() {
        quote!(let (shape, members) = (::std::option::Option::None, Json::Null);)
    } else {
        quote! {
            let (shape, members) = match &e {
                #(#arms)*
                _ => (::std::option::Option::None, Json::Null),
            };
        }
    };
    let (body, ok) = match sym.service.event_stream_output(op) {
        // botocore's runner decodes an event stream body from base64 and
        // lists the stream's events under its member.
        Some(m) => {
            let field = sym.field_tokens(op.output.as_deref().unwrap_or_default(), &m.name);
            let key = &m.name;
            let stream = if m.traits.required {
                quote!(output.#field)
            } else {
                quote!(output.#field.expect("the event stream"))
            };
            (
                quote!(event_stream_body(body)),
                quote! {
                    let mut json = output.to_json();
                    json[#key] = drain_events(#stream);
                    Outcome::Ok(json)
                },
            )
        }
        None => (quote!(body), quote!(Outcome::Ok(output.to_json()))),
    };
    let read = quote!(svc::operation::#file::deserialize_response(status, headers, #body));
    // An RPC output's members beside its stream are read from the stream's
    // first message before the output is returned.
    let read = if sym.service.initial_response_members(op).is_empty() {
        read
    } else {
        quote!(ready(#read))
    };
    quote! {
        #(#impls)*

        fn run(status: u16, headers: &HeaderMap, body: &[u8]) -> Outcome {
            match #read {
                ::std::result::Result::Ok(output) => { #ok }
                ::std::result::Result::Err(e) => {
                    #classify
                    Outcome::error(shape, members, e.meta(), e.to_string())
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_are_named_by_operation_or_by_first_case() {
        let group =
            |op: &str, id: &str| serde_json::json!({"cases": [{"id": id, "given": {"name": op}}]});
        let groups = [
            group("Ping", "PingCase"),
            group("GreetingWithErrors", "InvalidGreetingError"),
            group("GreetingWithErrors", "ComplexError"),
            group("EmptyOperation", "Empty"),
        ];
        let names = group_module_names(Path::new("suite.json"), &groups).unwrap();
        assert_eq!(
            names,
            [
                "ping",
                "invalid_greeting_error",
                "complex_error",
                "empty_operation"
            ]
        );
        let e = group_module_names(Path::new("suite.json"), &[serde_json::json!({})]).unwrap_err();
        assert!(e.to_string().contains("group 0: no cases"), "{e}");
    }

    use super::*;

    fn temp_file(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("slimaws-conformance-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn skip_list_needs_reasons_and_known_fields() {
        let missing = std::env::temp_dir().join("no-such-skip-list.toml");
        assert!(read_skips(&missing).unwrap().is_empty());
        let ok = temp_file(
            "ok.toml",
            "[[skip]]\nsuite = \"json input\"\ncase = \"X\"\nreason = \"not yet supported: x\"\n",
        );
        let skips = read_skips(&ok).unwrap();
        assert_eq!(
            (skips[0].suite.as_str(), skips[0].case.as_str()),
            ("json input", "X")
        );
        let blank = temp_file(
            "blank.toml",
            "[[skip]]\nsuite = \"json input\"\ncase = \"X\"\nreason = \" \"\n",
        );
        assert!(read_skips(&blank)
            .unwrap_err()
            .to_string()
            .contains("needs a reason"));
        let typo = temp_file(
            "typo.toml",
            "[[skip]]\nsuite = \"a\"\ncase = \"X\"\nreson = \"r\"\n",
        );
        assert!(read_skips(&typo).is_err());
    }

    /// botocore's `_should_ignore_test` (`tests/unit/test_protocols.py`):
    /// a suite (group `description`) or case `id` on its ignore list, for
    /// all protocols (`general`) or for this one.
    fn botocore_ignores(list: &Value, protocol: &str, dir: &str, group: &str, id: &str) -> bool {
        let listed = |scope: &Value| {
            let names = |key: &str| scope[dir][key].as_array().cloned().unwrap_or_default();
            names("suites").iter().any(|s| s == group) || names("cases").iter().any(|c| c == id)
        };
        listed(&list["general"]) || listed(&list["protocols"][protocol])
    }

    /// We skip only what botocore's own runner skips: every entry of the
    /// skip list is on botocore 1.44.5's ignore list (copied unmodified
    /// into the suites directory).
    #[test]
    fn every_skipped_case_is_one_botocore_skips_too() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance");
        let suites = dir.join("suites");
        let list =
            slimaws_codegen::load::read_json(&suites.join("protocol-tests-ignore-list.json"))
                .unwrap();
        let skips = read_skips(&dir.join("skip.toml")).unwrap();
        assert!(!skips.is_empty());
        for skip in &skips {
            let (protocol, direction) = skip.suite.split_once(' ').unwrap();
            let suite = slimaws_codegen::load::read_json(&suite_path(&suites, protocol, direction))
                .unwrap();
            let group = suite
                .as_array()
                .unwrap()
                .iter()
                .find(|g| {
                    g["cases"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|c| c["id"] == skip.case.as_str())
                })
                .unwrap_or_else(|| panic!("{} {}: no such case", skip.suite, skip.case));
            let description = group["description"].as_str().unwrap_or_default();
            assert!(
                botocore_ignores(&list, protocol, direction, description, &skip.case),
                "{} {} is skipped here but botocore's runner runs it",
                skip.suite,
                skip.case
            );
        }
        // The check itself: botocore runs this case, and ignores this suite.
        assert!(!botocore_ignores(
            &list,
            "json",
            "input",
            "x",
            "AwsJson11Enums"
        ));
        assert!(botocore_ignores(
            &list,
            "query",
            "input",
            "Test cases for PutWithContentEncoding operation",
            "x"
        ));
    }

    #[test]
    fn a_group_becomes_a_service_and_its_cases_tests() {
        let suite_json = serde_json::json!([{
            "description": "Test cases for Ping operation",
            "metadata": {"protocol": "json", "jsonVersion": "1.1", "targetPrefix": "P", "apiVersion": "2020-01-01"},
            "shapes": {
                "PingInput": {"type": "structure", "members": {"Name": {"shape": "String"}}},
                "String": {"type": "string"}
            },
            "cases": [
                {"id": "PingName", "given": {"name": "Ping", "input": {"shape": "PingInput"}},
                 "params": {"Name": "a"}, "serialized": {"body": "{\"Name\": \"a\"}"}},
                {"id": "PingWrong", "given": {"name": "Ping", "input": {"shape": "PingInput"}},
                 "params": {"Nope": 1}, "serialized": {"body": "{}"}}
            ]
        }]);
        let skipped = BTreeMap::from([("PingName", "a reason")]);
        let mut files = Files::new();
        let ids = suite(
            Path::new("t.json"),
            &suite_json,
            "json",
            true,
            "json_input",
            &skipped,
            &mut files,
        )
        .unwrap();
        assert_eq!(ids, ["PingName", "PingWrong"]);
        assert!(files.contains_key(Path::new("json_input/ping/operation/ping.rs")));
        let cases = &files[Path::new("json_input/cases.rs")];
        assert!(
            cases.contains("#[ignore = \"a reason\"]\n    fn ping_name()"),
            "{cases}"
        );
        assert!(
            cases.contains("svc::operation::ping::serialize_request(&input)"),
            "{cases}"
        );
        // A case the generator cannot build fails, saying why.
        assert!(
            cases.contains("cannot generate this case: PingInput: no member Nope"),
            "{cases}"
        );
    }
}
