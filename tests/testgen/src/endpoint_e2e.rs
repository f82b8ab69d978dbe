//! botocore's end-to-end endpoint runs (`operationInputs` of
//! `endpoint-tests-1.json`) as a program over a crate of the operations they
//! name: each run builds its typed input from `operationParams`, takes the
//! generated operation's `endpoint_params`, and hands them, with the run's
//! built-ins and expectation, to `slimaws_tests::endpoint_suites::run_e2e`.
//! `cargo xtask endpoints` writes and runs it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::values;
use slimaws_codegen::emit;
use slimaws_codegen::ir::Service;
use slimaws_codegen::symbols::Symbols;

/// One `operationInputs` entry of a case.
pub struct Run {
    /// The botocore service name (`s3`).
    pub service: String,
    pub label: String,
    pub operation: String,
    pub operation_params: Value,
    pub builtins: Value,
    pub expect: Value,
}

/// The runs of one suite (an `endpoint-tests-1.json` document) of `service`,
/// without those botocore's runner skips (`Bucket` of `bucket name` or
/// `example.com#`, which its S3 customizations reject before resolving).
pub fn runs_of(service: &str, suite: &Value) -> (Vec<Run>, usize) {
    let (mut runs, mut skipped) = (Vec::new(), 0);
    for case in suite["testCases"].as_array().into_iter().flatten() {
        let doc = case["documentation"]
            .as_str()
            .unwrap_or("(undocumented case)");
        let inputs = case["operationInputs"].as_array().into_iter().flatten();
        for (i, inputs) in inputs.enumerate() {
            let params = inputs
                .get("operationParams")
                .cloned()
                .unwrap_or(Value::Object(Default::default()));
            let bucket = params.get("Bucket").and_then(Value::as_str);
            if matches!(bucket, Some("bucket name" | "example.com#")) {
                skipped += 1;
                continue;
            }
            runs.push(Run {
                service: service.to_owned(),
                label: format!("{doc} [operationInputs {i}]"),
                operation: inputs["operationName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                operation_params: params,
                builtins: inputs
                    .get("builtInParams")
                    .cloned()
                    .unwrap_or(Value::Object(Default::default())),
                expect: case["expect"].clone(),
            });
        }
    }
    (runs, skipped)
}

/// The program's `main.rs`: `services` are `(botocore name, service)` as
/// generated into crate `krate`; `skipped` runs were left out.
pub fn runner_main(
    krate: &str,
    services: &[(String, Service)],
    runs: &[Run],
    skipped: usize,
) -> TokenStream {
    let krate = format_ident!("{}", krate.replace('-', "_"));
    let mut fns = Vec::new();
    let mut entries = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let f = format_ident!("run_{i}");
        let body = match services.iter().find(|(name, _)| *name == run.service) {
            Some((_, service)) => run_body(&krate, service, run),
            None => Err(format!("service {} was not generated", run.service)),
        };
        let body = body.unwrap_or_else(|e| quote!(panic!("{}", #e)));
        fns.push(quote! {
            fn #f() -> ::std::vec::Vec<(&'static str, ParamValue)> { #body }
        });
        let (service, label) = (&run.service, &run.label);
        let (builtins, expect) = (run.builtins.to_string(), run.expect.to_string());
        entries.push(quote! {
            E2eRun { service: #service, label: #label, params: #f, builtins: #builtins, expect: #expect }
        });
    }
    quote! {
        //! botocore's `operationInputs` endpoint runs through the generated
        //! operations: `endpoint-e2e MODELS PARTITIONS`.
        #![allow(clippy::all)]
        use slimaws_runtime::endpoint::ParamValue;
        use slimaws_tests::endpoint_suites::{run_e2e, E2eRun};

        fn main() -> ::std::process::ExitCode {
            let args: ::std::vec::Vec<::std::string::String> = ::std::env::args().skip(1).collect();
            let [models, partitions] = args.as_slice() else {
                eprintln!("usage: endpoint-e2e MODELS PARTITIONS");
                return ::std::process::ExitCode::from(2);
            };
            match run_e2e(::std::path::Path::new(models), ::std::path::Path::new(partitions), RUNS, #skipped) {
                Ok(true) => ::std::process::ExitCode::SUCCESS,
                Ok(false) => ::std::process::ExitCode::FAILURE,
                Err(e) => {
                    eprintln!("error: {e}");
                    ::std::process::ExitCode::from(2)
                }
            }
        }

        static RUNS: &[E2eRun] = &[#(#entries),*];

        #(#fns)*
    }
}

/// The input of `run` built, and its operation's endpoint parameters.
fn run_body(
    krate: &proc_macro2::Ident,
    service: &Service,
    run: &Run,
) -> Result<TokenStream, String> {
    let sym = Symbols::new(service);
    let op = service
        .operations
        .get(&run.operation)
        .ok_or_else(|| format!("no operation {}", run.operation))?;
    let module = format_ident!("{}", service.module);
    let types = quote!(::#krate::#module::types);
    let input = match &op.input {
        Some(shape) => values::value_expr(&sym, shape, &run.operation_params, &types)?,
        None => quote!(()),
    };
    let file = format_ident!("{}", sym.operation_file(&op.name));
    Ok(if emit::has_endpoint_params(&sym, op) {
        quote! {
            let input = #input;
            ::#krate::#module::operation::#file::endpoint_params(&input)
        }
    } else {
        quote! {
            let _input = #input;
            ::std::vec::Vec::new()
        }
    })
}
