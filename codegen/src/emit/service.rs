//! The module tree of a service: `mod.rs`, `types/` (one file per named
//! shape) and `operation/` (one file per operation).

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

use quote::{format_ident, quote};

use super::{add, doc, enums, operation, structure, union, validate, Files};
use crate::docs::summary;
use crate::error::Result;
use crate::ir::ShapeKind;
use crate::symbols::Symbols;

pub fn emit(sym: &Symbols, files: &mut Files) -> Result<()> {
    let root = PathBuf::from(&sym.service.module);
    let service_doc = service_doc(sym);
    let plan = validate::Plan::new(sym);
    let validate_file = plan.file();
    let validate_mod = validate_file.is_some().then(|| {
        quote!(
            mod validate;
        )
    });
    let waiters_file = super::waiter::views_file(sym);
    let waiters_mod = waiters_file.is_some().then(|| {
        quote!(
            mod waiters;
        )
    });
    add(
        files,
        root.join("mod.rs"),
        quote! {
            #service_doc
            pub mod client;
            mod endpoint;
            pub mod operation;
            mod protocol;
            pub mod types;
            #validate_mod
            #waiters_mod

            pub use client::Client;
        },
    )?;
    add(
        files,
        root.join("client.rs"),
        super::client::emit_client(sym),
    )?;
    add(
        files,
        root.join("endpoint.rs"),
        super::client::emit_endpoint(sym),
    )?;
    super::protocol::emit(sym, files, &root)?;
    if let Some(tokens) = validate_file {
        add(files, root.join("validate.rs"), tokens)?;
    }
    if let Some(tokens) = waiters_file {
        add(files, root.join("waiters.rs"), tokens)?;
    }
    emit_types(sym, files, &root)?;
    emit_operations(sym, &plan, files, &root)
}

/// The service module's docs: its name, API version, protocol and
/// documentation, and a list of the selected operations.
fn service_doc(sym: &Symbols) -> TokenStream {
    let service = sym.service;
    let ops_list: String = service
        .operations
        .values()
        .map(|op| {
            let file = sym.operation_file(&op.name);
            let d = summary(&doc::text(op.documentation.as_deref(), ""));
            format!("- [`{}`](operation::{file}): {d}\n", op.name)
        })
        .collect();
    let m = &service.metadata;
    let service_doc = format!(
        "{} (API version {}, protocol {}).\n\n{}\n\n# Operations\n\n{}",
        if m.full_name.is_empty() {
            &m.service_id
        } else {
            &m.full_name
        },
        m.api_version,
        m.protocol.botocore_name(),
        doc::text(service.documentation.as_deref(), ""),
        ops_list,
    );
    doc::inner_attrs(service_doc.trim_end())
}

/// `types/`: a file per structure, union and enum, and the `builders` module.
fn emit_types(sym: &Symbols, files: &mut Files, root: &Path) -> Result<()> {
    let mut mods = Vec::new();
    let mut builders = Vec::new();
    for (shape, ident, file) in sym.named_types() {
        let tokens = match &shape.kind {
            ShapeKind::Structure(members) => {
                let b = format_ident!("{}Builder", ident);
                let f = format_ident!("{}", file);
                builders.push(quote!(pub use super::#f::#b;));
                structure::emit(sym, shape, members)
            }
            ShapeKind::Union(_) if shape.traits.event_stream => {
                super::protocol::event_stream::types(sym, shape)
            }
            ShapeKind::Union(members) => union::emit(sym, shape, members),
            ShapeKind::Enum(values) => enums::emit_string(sym, shape, values),
            ShapeKind::IntEnum(values) => enums::emit_int(sym, shape, values),
            _ => continue,
        };
        add(files, root.join("types").join(format!("{file}.rs")), tokens)?;
        let (f, i) = (format_ident!("{}", file), format_ident!("{}", ident));
        let local = format_ident!("{}", sym.local_type_name(&shape.name));
        if local == i {
            mods.push(quote!(mod #f; pub use #f::#i;));
        } else {
            mods.push(quote!(mod #f; pub use #f::#local as #i;));
        }
        if shape.traits.event_stream {
            let e = format_ident!("{}", sym.event_stream_error(&shape.name).0);
            mods.push(quote!(pub use #f::#e;));
        }
    }
    add(
        files,
        root.join("types/mod.rs"),
        quote! {
            //! The service's data types: every structure, union and enum the
            //! selected operations use.
            #(#mods)*

            /// Builders for the structures in this module.
            pub mod builders {
                #(#builders)*
            }
        },
    )?;

    Ok(())
}

/// `operation/`: a file per operation.
fn emit_operations(
    sym: &Symbols,
    plan: &validate::Plan,
    files: &mut Files,
    root: &Path,
) -> Result<()> {
    let mut op_mods = Vec::new();
    for op in sym.service.operations.values() {
        let file = sym.operation_file(&op.name);
        super::add_with_proto_use(
            files,
            root.join("operation").join(format!("{file}.rs")),
            operation::emit(sym, plan, op),
            sym.runtime(),
        )?;
        let f = format_ident!("{}", file);
        op_mods.push(quote!(pub mod #f;));
    }
    add(
        files,
        root.join("operation/mod.rs"),
        quote! {
            //! One module per operation: its input, output and error types, its
            //! fluent builder, and its request serializer and response deserializer.
            #(#op_mods)*
        },
    )?;
    Ok(())
}
