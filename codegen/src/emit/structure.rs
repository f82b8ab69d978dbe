//! Structures: a `#[non_exhaustive]` struct with public fields, a builder that
//! reports every missing required member at once, and a `Debug` that hides
//! sensitive members. Error structures also implement `std::error::Error`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::doc;
use crate::ir::{Member, Shape, ShapeKind};
use crate::symbols::Symbols;

struct Field<'m> {
    member: &'m Member,
    ident: TokenStream,
    set_ident: Ident,
    /// The field type without `Option`.
    ty: TokenStream,
    required: bool,
    sensitive: bool,
    boxed: bool,
    doc: String,
}

/// What the emitters need to know of one member, resolved once.
fn field<'a>(sym: &Symbols, shape: &Shape, m: &'a Member, types: &TokenStream) -> Field<'a> {
    let names = sym.member(&shape.name, &m.name);
    let bare = names.field.trim_start_matches("r#");
    let sensitive = sym.is_sensitive(m);
    Field {
        member: m,
        ident: sym.field_tokens(&shape.name, &m.name),
        set_ident: format_ident!("set_{}", bare),
        ty: sym.member_type(&shape.name, m, types),
        required: m.traits.required,
        sensitive,
        boxed: sym.is_boxed(&shape.name, &m.name),
        doc: doc::member(m, sym.shape(&m.target), sensitive),
    }
}

pub fn emit(sym: &Symbols, shape: &Shape, members: &[Member]) -> TokenStream {
    let rt = sym.runtime();
    let name = format_ident!("{}", sym.local_type_name(&shape.name));
    let builder = format_ident!("{}Builder", sym.type_name(&shape.name));
    let types = quote!(super);
    let fields: Vec<Field> = members
        .iter()
        .map(|m| field(sym, shape, m, &types))
        .collect();

    let shape_doc = doc::attrs(&doc::shape(shape));
    let struct_fields = fields.iter().map(|f| {
        let (ident, ty, d) = (&f.ident, &f.ty, doc::attrs(&f.doc));
        if f.required {
            quote!(#d pub #ident: #ty,)
        } else {
            quote!(#d pub #ident: Option<#ty>,)
        }
    });
    // `derive(Debug)` prints what the written impls would: same labels.
    let derive_debug =
        shape.traits.error.is_none() && !fields.iter().any(|f| f.sensitive) && name == shape.name;
    let (debug_struct, debug_builder) = if derive_debug {
        (quote!(), quote!())
    } else {
        let builder_label = format!("{}Builder", shape.name);
        (
            debug_impl(rt, &name, &shape.name, &fields),
            debug_impl(rt, &builder, &builder_label, &fields),
        )
    };
    let builder_fields = fields.iter().map(|f| {
        let (ident, ty) = (&f.ident, &f.ty);
        quote!(pub(crate) #ident: Option<#ty>,)
    });
    let setters = fields.iter().map(|f| setters(sym, f));
    let link = type_link(sym, &shape.name);
    let build = build_fn(
        sym.runtime(),
        (&name, &link),
        &shape.name,
        &fields,
        shape.traits.error.is_some(),
    );
    let error_impl = shape
        .traits
        .error
        .as_ref()
        .map(|_| error_impl(sym, &name, shape, &fields));
    let builder_doc = format!("A builder for {link}.");
    let is_error = shape.traits.error.is_some();
    let meta_field = is_error.then(|| {
        quote! {
            /// What the service said besides the modeled members: code,
            /// message, request id and HTTP status.
            pub(crate) meta: #rt::ErrorMetadata,
        }
    });
    let builder_doc_attrs = doc::attrs(&builder_doc);

    // A streamed body is read once: it cannot be cloned or compared.
    let value = !sym.holds_stream(&shape.name);
    let derives = derive_attr(&[
        ("Clone", value),
        ("Debug", derive_debug),
        ("PartialEq", value),
    ]);
    let builder_derives = derive_attr(&[
        ("Clone", value),
        ("Debug", derive_debug),
        ("PartialEq", value),
        ("Default", true),
    ]);

    quote! {
        #shape_doc
        #[non_exhaustive]
        #derives
        pub struct #name {
            #(#struct_fields)*
            #meta_field
        }

        impl #name {
            /// Starts building a value of this type.
            pub fn builder() -> #builder {
                <#builder as Default>::default()
            }
        }

        #debug_struct
        #error_impl

        #builder_doc_attrs
        #[non_exhaustive]
        #builder_derives
        pub struct #builder {
            #(#builder_fields)*
        }

        impl #builder {
            #(#setters)*
            #build
        }

        #debug_builder
    }
}

/// A fluent setter and an `Option` setter; lists append one item and maps
/// insert one entry, as in aws-sdk-rust.
fn setters(sym: &Symbols, f: &Field) -> TokenStream {
    let (ident, set_ident, ty) = (&f.ident, &f.set_ident, &f.ty);
    let d = doc::attrs(&f.doc);
    let set_doc = format!(
        "Sets or clears `{}`.",
        f.member
            .traits
            .location_name
            .as_deref()
            .unwrap_or(&f.member.name)
    );
    let set_doc_attrs = doc::attrs(&set_doc);
    let target = sym.shape(&f.member.target).map(|s| &s.kind);
    let fluent = match target {
        Some(ShapeKind::List(item)) if !f.boxed => {
            let item_ty = sym.rust_type(&item.target, &quote!(super));
            quote! {
                #d
                ///
                /// Appends one item; call it again for more.
                pub fn #ident(mut self, item: impl Into<#item_ty>) -> Self {
                    self.#ident.get_or_insert_with(Vec::new).push(item.into());
                    self
                }
            }
        }
        Some(ShapeKind::Map { key, value }) if !f.boxed => {
            let k = sym.rust_type(&key.target, &quote!(super));
            let v = sym.rust_type(&value.target, &quote!(super));
            quote! {
                #d
                ///
                /// Inserts one entry; call it again for more.
                pub fn #ident(
                    mut self,
                    key: impl Into<#k>,
                    value: impl Into<#v>,
                ) -> Self {
                    self.#ident
                        .get_or_insert_with(::std::collections::HashMap::new)
                        .insert(key.into(), value.into());
                    self
                }
            }
        }
        _ if f.boxed => {
            let inner = sym.rust_type(&f.member.target, &quote!(super));
            quote! {
                #d
                pub fn #ident(mut self, input: impl Into<#inner>) -> Self {
                    self.#ident = Some(Box::new(input.into()));
                    self
                }
            }
        }
        _ => quote! {
            #d
            pub fn #ident(mut self, input: impl Into<#ty>) -> Self {
                self.#ident = Some(input.into());
                self
            }
        },
    };
    quote! {
        #fluent
        #set_doc_attrs
        pub fn #set_ident(mut self, input: Option<#ty>) -> Self {
            self.#ident = input;
            self
        }
    }
}

/// An intra-doc link to `shape`'s type from its own file, showing the name
/// users know it by (see [`Symbols::local_type_name`]).
fn type_link(sym: &Symbols, shape: &str) -> String {
    let (public, local) = (sym.type_name(shape), sym.local_type_name(shape));
    if public == local {
        format!("[`{public}`]")
    } else {
        format!("[`{public}`]({local})")
    }
}

/// `build()`: infallible without required members, otherwise a `BuildError`
/// that lists every missing one by its model name. The type is defined as
/// `name` and linked to as `link`.
fn build_fn(
    rt: &TokenStream,
    (name, link): (&Ident, &str),
    shape_name: &str,
    fields: &[Field],
    is_error: bool,
) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let meta_init = is_error.then(|| quote!(meta: Default::default()));
    // The binding of a required field in `build`'s match: its own name,
    // unless clippy forbids that name for a binding (`disallowed_names`).
    let binding = |f: &Field| -> TokenStream {
        let ident = &f.ident;
        match ident.to_string().as_str() {
            name @ ("foo" | "baz" | "quux") => {
                let b = format_ident!("{}_", name);
                quote!(#b)
            }
            _ => quote!(#ident),
        }
    };
    let init = fields
        .iter()
        .map(|f| {
            let ident = &f.ident;
            let b = binding(f);
            if !f.required {
                quote!(#ident: self.#ident)
            } else if b.to_string() == ident.to_string() {
                quote!(#ident)
            } else {
                quote!(#ident: #b)
            }
        })
        .chain(meta_init);
    let build_doc = format!("Builds the {link}.");
    let build_doc_attrs = doc::attrs(&build_doc);
    if required.is_empty() {
        return quote! {
            #build_doc_attrs
            pub fn build(self) -> #name {
                #name { #(#init,)* }
            }
        };
    }
    let checks = required.iter().map(|f| {
        let ident = &f.ident;
        let wire = &f.member.name;
        quote!((#wire, self.#ident.is_none()))
    });
    let taken = required.iter().map(|f| {
        let ident = &f.ident;
        quote!(self.#ident)
    });
    let pats = required.iter().map(|f| {
        let b = binding(f);
        quote!(Some(#b))
    });
    let errors_doc =
        "# Errors\n\nFails, naming every missing member, if a required member is not set.";
    let errors_doc_attrs = doc::attrs(errors_doc);
    quote! {
        #build_doc_attrs
        ///
        #errors_doc_attrs
        pub fn build(self) -> Result<#name, #rt::BuildError> {
            let missing = [#(#checks),*];
            match (#(#taken,)*) {
                (#(#pats,)*) => Ok(#name { #(#init,)* }),
                _ => Err(#rt::BuildError::missing(#shape_name, &missing)),
            }
        }
    }
}

/// `#[derive(..)]` of the traits marked `true`, or nothing.
fn derive_attr(traits: &[(&str, bool)]) -> TokenStream {
    let traits: Vec<Ident> = traits
        .iter()
        .filter(|(_, on)| *on)
        .map(|(t, _)| format_ident!("{t}"))
        .collect();
    if traits.is_empty() {
        return quote!();
    }
    quote!(#[derive(#(#traits),*)])
}

fn debug_impl(rt: &TokenStream, name: &Ident, label: &str, fields: &[Field]) -> TokenStream {
    let entries = fields.iter().map(|f| {
        let ident = &f.ident;
        let label = f.ident.to_string().trim_start_matches("r#").to_owned();
        if f.sensitive {
            quote!(.field(#label, &#rt::Redacted))
        } else {
            quote!(.field(#label, &self.#ident))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#entries)* .finish()
            }
        }
    }
}

/// `Display`, `std::error::Error` and the runtime's `ErrorVariant` for error
/// structures, and the error code.
fn error_impl(sym: &Symbols, name: &Ident, shape: &Shape, fields: &[Field]) -> TokenStream {
    let rt = sym.runtime();
    let code = shape
        .traits
        .error
        .as_ref()
        .and_then(|e| e.code.clone())
        .unwrap_or_else(|| shape.name.clone());
    // The human-readable message member, whatever its case.
    let message = fields.iter().find(|f| {
        f.member.name.eq_ignore_ascii_case("message")
            && matches!(
                sym.shape(&f.member.target).map(|s| &s.kind),
                Some(ShapeKind::String)
            )
    });
    let message_fn = match message {
        Some(f) if f.required => {
            let ident = &f.ident;
            quote!(Some(self.#ident.as_str()))
        }
        Some(f) => {
            let ident = &f.ident;
            quote!(self.#ident.as_deref().or(self.meta.message()))
        }
        None => quote!(self.meta.message()),
    };
    let code_doc = format!("The error code on the wire: `{code}`.");
    let code_doc_attrs = doc::attrs(&code_doc);
    quote! {
        impl #name {
            #code_doc_attrs
            pub const CODE: &'static str = #code;

            /// The response's code, message, request id and status.
            pub fn meta(&self) -> &#rt::ErrorMetadata {
                &self.meta
            }

            /// The error message the service sent, if any.
            pub fn message(&self) -> Option<&str> {
                #message_fn
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #rt::fmt_exception(f, Self::CODE, self.message(), &self.meta)
            }
        }

        impl ::std::error::Error for #name {}

        impl #rt::ErrorVariant for #name {
            fn meta(&self) -> &#rt::ErrorMetadata {
                &self.meta
            }

            fn code(&self) -> Option<&str> {
                Some(Self::CODE)
            }

            fn as_source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                Some(self)
            }
        }
    }
}
