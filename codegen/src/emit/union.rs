//! Unions: a Rust enum with one variant per member, plus `Unknown` for a
//! member added to the service after this client was generated.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc;
use crate::ir::{Member, Shape};
use crate::symbols::Symbols;

pub fn emit(sym: &Symbols, shape: &Shape, members: &[Member]) -> TokenStream {
    let rt = sym.runtime();
    let name = format_ident!("{}", sym.local_type_name(&shape.name));
    let shape_doc = doc::attrs(&doc::shape(shape));
    let types = quote!(super);
    let mut variants = Vec::new();
    let mut debug_arms = Vec::new();
    let mut accessors = Vec::new();
    for m in members {
        let names = sym.member(&shape.name, &m.name);
        let variant = format_ident!("{}", names.variant);
        let ty = sym.member_type(&shape.name, m, &types);
        let sensitive = sym.is_sensitive(m);
        let d = doc::attrs(&doc::member(m, sym.shape(&m.target), sensitive));
        variants.push(quote!(#d #variant(#ty),));
        let variant_label = &names.variant;
        debug_arms.push(if sensitive {
            quote!(Self::#variant(_) => f.debug_tuple(#variant_label).field(&#rt::Redacted).finish(),)
        } else {
            quote!(Self::#variant(v) => f.debug_tuple(#variant_label).field(v).finish(),)
        });
        let as_fn = format_ident!("as_{}", names.field.trim_start_matches("r#"));
        let as_doc = format!("The `{}` value, if this is that variant.", m.name);
        let as_doc_attrs = doc::attrs(&as_doc);
        // A boxed (recursive) value is lent as itself, not as its `Box`.
        let (value_ty, value) = if sym.is_boxed(&shape.name, &m.name) {
            (sym.rust_type(&m.target, &types), quote!(&**v))
        } else {
            (ty, quote!(v))
        };
        accessors.push(quote! {
            #as_doc_attrs
            pub fn #as_fn(&self) -> Option<&#value_ty> {
                match self {
                    Self::#variant(v) => Some(#value),
                    _ => None,
                }
            }
        });
    }
    // Without a sensitive member, `derive(Debug)` prints what the written
    // impl would: each variant's name and value.
    let sensitive = members.iter().any(|m| sym.is_sensitive(m));
    let (derives, debug_impl) = if sensitive {
        let debug_impl = quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#debug_arms)*
                        Self::Unknown(v) => f.debug_tuple("Unknown").field(v).finish(),
                    }
                }
            }
        };
        (quote!(#[derive(Clone, PartialEq)]), debug_impl)
    } else {
        (quote!(#[derive(Clone, Debug, PartialEq)]), quote!())
    };
    quote! {
        #shape_doc
        ///
        /// Exactly one member is set.
        #[non_exhaustive]
        #derives
        pub enum #name {
            #(#variants)*
            /// A member this version of the client does not know; its name is kept.
            Unknown(#rt::UnknownValue),
        }

        impl #name {
            #(#accessors)*

            /// Whether the service sent a member this client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        #debug_impl
    }
}
