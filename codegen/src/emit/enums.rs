//! String and int enums: one variant per documented value plus `Unknown`,
//! which keeps a value this client does not know so it round-trips exactly.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc;
use crate::ir::{EnumValue, IntEnumValue, Shape};
use crate::symbols::Symbols;

pub fn emit_string(sym: &Symbols, shape: &Shape, values: &[EnumValue]) -> TokenStream {
    let rt = sym.runtime();
    let name = format_ident!("{}", sym.local_type_name(&shape.name));
    let shape_doc = doc::attrs(&doc::shape(shape));
    let variants: Vec<_> = values
        .iter()
        .map(|v| format_ident!("{}", sym.enum_variant(&shape.name, &v.value)))
        .collect();
    let wires: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    let docs = values.iter().map(|v| {
        doc::attrs(&doc::text(
            v.documentation.as_deref(),
            &format!("The value {}.", doc::code_span(&v.value)),
        ))
    });
    quote! {
        #shape_doc
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #docs #variants, )*
            /// A value this version of the client does not know; it is kept as sent.
            Unknown(#rt::UnknownValue),
        }

        impl #name {
            /// The exact string used on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(v) => v.as_str(),
                }
            }

            /// Every value the service model documents.
            pub const fn values() -> &'static [&'static str] {
                &[#(#wires),*]
            }
        }

        impl From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(#rt::UnknownValue::new(other)),
                }
            }
        }

        impl From<String> for #name {
            fn from(s: String) -> Self {
                Self::from(s.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

pub fn emit_int(sym: &Symbols, shape: &Shape, values: &[IntEnumValue]) -> TokenStream {
    let name = format_ident!("{}", sym.local_type_name(&shape.name));
    let shape_doc = doc::attrs(&doc::shape(shape));
    let variants: Vec<_> = values
        .iter()
        .map(|v| format_ident!("{}", sym.enum_variant(&shape.name, &v.value.to_string())))
        .collect();
    let wires: Vec<i32> = values.iter().map(|v| v.value).collect();
    let docs = values.iter().map(|v| {
        doc::attrs(&doc::text(
            v.documentation.as_deref(),
            &format!("The value `{}`.", v.value),
        ))
    });
    quote! {
        #shape_doc
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #docs #variants, )*
            /// A value this version of the client does not know; it is kept as sent.
            Unknown(i32),
        }

        impl #name {
            /// The number used on the wire.
            pub fn value(&self) -> i32 {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(v) => *v,
                }
            }
        }

        impl From<i32> for #name {
            fn from(v: i32) -> Self {
                match v {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(other),
                }
            }
        }
    }
}
