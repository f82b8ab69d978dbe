//! awsQuery and ec2Query request bodies: each member flattened into
//! `Prefix.Name=value` pairs over the runtime's `QueryWriter`, following
//! botocore's `QuerySerializer` and `EC2Serializer` (member names, list
//! `member`/`N` indexes, `entry` maps, flattening). Responses are XML and
//! read by `xml.rs`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::walk::{self, At, MapLoop, Nested};
use super::{ser_fn, types_path, xml};
use crate::ir::{Member, Protocol, Shape, ShapeKind};
use crate::symbols::Symbols;

fn is_ec2(sym: &Symbols) -> bool {
    sym.service.metadata.protocol == Protocol::Ec2Query
}

fn is_flattened(member: Option<&Member>, shape: &Shape) -> bool {
    member.is_some_and(|m| m.traits.flattened) || shape.traits.flattened
}

/// A member's serialized name (botocore's `_get_serialized_name`): for
/// awsQuery its `locationName`, else `default`; for EC2 its `queryName`,
/// else its `locationName` or `default` with the first letter upper-cased
/// (botocore keeps `default` as is; Smithy's ec2Query tests, such as
/// `Ec2Lists`, capitalize it too, and EC2's own member names already are).
fn serialized_name(sym: &Symbols, member: &Member, default: &str) -> String {
    if is_ec2(sym) {
        if let Some(q) = &member.traits.query_name {
            return q.clone();
        }
        let name = match &member.traits.location_name {
            Some(n) => n.as_str(),
            // Map keys and values keep botocore's `key` and `value`.
            None if default == "key" || default == "value" => return default.to_owned(),
            None => default,
        };
        let mut chars = name.chars();
        return match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    member
        .traits
        .location_name
        .clone()
        .unwrap_or_else(|| default.to_owned())
}

/// `ser_<shape>(w, prefix, v)` for a structure or union.
pub fn ser_shape(sym: &Symbols, shape: &Shape) -> TokenStream {
    let rt = sym.runtime();
    let name = ser_fn(sym, &shape.name);
    let types = types_path();
    let ty = format_ident!("{}", sym.type_name(&shape.name));
    let union_name = shape.name.as_str();
    let fns = quote!(super);
    let body = match &shape.kind {
        ShapeKind::Structure(members) if members.is_empty() => quote!(let _ = (w, prefix, v);),
        ShapeKind::Structure(members) => {
            ser_members(sym, &shape.name, members, &quote!(v), &quote!(prefix), &fns)
        }
        ShapeKind::Union(members) => {
            let arms = members.iter().map(|m| {
                let variant = format_ident!("{}", sym.member(&shape.name, &m.name).variant);
                let n = serialized_name(sym, m, &m.name);
                let write = ser_value(sym, Some(m), &m.target, &quote!(x), &quote!(key), &fns, 0);
                quote!(#types::#ty::#variant(x) => {
                    let key = #rt::proto::query::key(prefix, #n);
                    #write
                })
            });
            quote! {
                match v {
                    #(#arms)*
                    // A member this client does not know cannot be sent: `finish` fails.
                    #types::#ty::Unknown(_) => w.unknown_variant(#union_name),
                }
            }
        }
        _ => quote!(),
    };
    quote! {
        pub(crate) fn #name(
            w: &mut #rt::proto::query::QueryWriter,
            prefix: &str,
            v: &#types::#ty,
        ) {
            #body
        }
    }
}

/// Writes each set member of `value` (a `&Struct`) under `prefix` (a `&str`).
pub fn ser_members(
    sym: &Symbols,
    shape: &str,
    members: &[Member],
    value: &TokenStream,
    prefix: &TokenStream,
    fns: &TokenStream,
) -> TokenStream {
    let rt = sym.runtime();
    let writes = members.iter().map(|m| {
        let field: TokenStream = sym.field_tokens(shape, &m.name);
        let n = serialized_name(sym, m, &m.name);
        let write = ser_value(sym, Some(m), &m.target, &quote!(x), &quote!(key), fns, 0);
        let key = quote!(let key = #rt::proto::query::key(#prefix, #n););
        if m.traits.required {
            quote!({ let x = &#value.#field; #key #write })
        } else {
            quote!(if let Some(x) = &#value.#field { #key #write })
        }
    });
    quote!(#(#writes)*)
}

/// The code writing `expr` (of shape `target`, in `member`) as the pairs
/// under the key `key` (a `String` variable).
fn ser_value(
    sym: &Symbols,
    member: Option<&Member>,
    target: &str,
    expr: &TokenStream,
    key: &TokenStream,
    fns: &TokenStream,
    depth: usize,
) -> TokenStream {
    walk::ser_value(&Query, sym, member, target, expr, key, fns, depth)
}

/// The query formats' part of the serializer walk: each scalar a
/// `key=value` pair, lists and maps numbering their items in the key
/// (awsQuery `Name.member.N` / `Name.entry.N.key`, EC2 `Name.N`).
struct Query;

impl walk::Format for Query {
    type Place = TokenStream;

    fn structure(&self, at: &At<TokenStream>, f: &Ident) -> TokenStream {
        let (fns, expr, key) = (at.fns, at.expr, at.place);
        quote!(#fns::#f(w, &#key, #expr);)
    }

    fn list(
        &self,
        at: &At<TokenStream>,
        item_member: &Member,
        item: &Ident,
        i: &Ident,
        write: Nested<TokenStream>,
    ) -> TokenStream {
        let (expr, key) = (at.expr, at.place);
        let item_key = format_ident!("key{}", at.depth);
        let write = write(&quote!(#item_key));
        if is_ec2(at.sym) {
            // EC2: `Name.1`, `Name.2`...; an empty list sends nothing.
            return quote! {
                for (#i, #item) in #expr.iter().enumerate() {
                    let #item_key = format!("{}.{}", #key, #i + 1);
                    #write
                }
            };
        }
        let list_prefix = list_prefix(at, item_member);
        // awsQuery sends an empty list as an empty value.
        quote! {
            if #expr.is_empty() {
                w.pair(&#key, "");
            } else {
                let list_prefix = #list_prefix;
                for (#i, #item) in #expr.iter().enumerate() {
                    let #item_key = format!("{}.{}", list_prefix, #i + 1);
                    #write
                }
            }
        }
    }

    fn map(&self, at: &At<TokenStream>, map: MapLoop<TokenStream>) -> TokenStream {
        let key = at.place;
        let key_name = serialized_name(at.sym, map.key_member, "key");
        let value_name = serialized_name(at.sym, map.value_member, "value");
        let entry_prefix = if is_flattened(at.member, at.shape) {
            quote!(#key.clone())
        } else {
            quote!(format!("{}.entry", #key))
        };
        let (kk, vk) = (
            format_ident!("kkey{}", at.depth),
            format_ident!("vkey{}", at.depth),
        );
        let write_key = (map.write_key)(&quote!(#kk));
        let write_value = (map.write_value)(&quote!(#vk));
        let MapLoop {
            sorted,
            entries,
            key: k,
            value: v,
            index: i,
            ..
        } = &map;
        quote! {
            let entry_prefix = #entry_prefix;
            #sorted
            for (#i, (#k, #v)) in #entries.into_iter().enumerate() {
                let #kk = format!("{}.{}.{}", entry_prefix, #i + 1, #key_name);
                let #vk = format!("{}.{}.{}", entry_prefix, #i + 1, #value_name);
                #write_key
                #write_value
            }
        }
    }

    fn document(&self, _: &At<TokenStream>) -> TokenStream {
        quote!()
    }

    fn scalar(&self, at: &At<TokenStream>) -> TokenStream {
        let key = at.place;
        let text = xml::scalar_text(at.sym, at.member, &at.shape.name, at.expr);
        quote!(w.pair(&#key, #text);)
    }
}

/// The key prefix of a list's items: flattened, the list's own key (or its
/// item's `locationName` in place of the last part); else `Key.member`.
fn list_prefix(at: &At<TokenStream>, item: &Member) -> TokenStream {
    let key = at.place;
    if !is_flattened(at.member, at.shape) {
        let n = item.traits.location_name.as_deref().unwrap_or("member");
        return quote!(format!("{}.{}", #key, #n));
    }
    match &item.traits.location_name {
        Some(_) => {
            let rt = at.sym.runtime();
            let n = serialized_name(at.sym, item, "");
            quote!(#rt::proto::query::replace_last(&#key, #n))
        }
        None => quote!(#key.clone()),
    }
}
