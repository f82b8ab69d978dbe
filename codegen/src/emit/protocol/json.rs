//! JSON bodies (restJson1, awsJson1_0, awsJson1_1) and CBOR bodies
//! (smithy-rpc-v2-cbor), one emitter: both are maps, arrays and scalars,
//! and the runtime's `cbor` module has the calls of its `json` module.
//! Writers go over `JsonWriter` / `CborWriter`, readers over a parsed
//! `json::Value` / `cbor::Value`; the [`Dialect`] names the module and
//! says how scalars differ (CBOR has byte strings, 32-bit floats and
//! tagged timestamps).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::walk::{self, At, From, MapLoop, Nested, Read};
use super::{de_fn, ser_fn, timestamp_format, types_path};
use crate::ir::{Member, Shape, ShapeKind, TimestampFormat};
use crate::symbols::Symbols;

/// Which of the two document formats the code is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Json,
    Cbor,
}

impl Dialect {
    /// The runtime module with the format's writer, parser and readers.
    fn module(self) -> Ident {
        match self {
            Dialect::Json => format_ident!("json"),
            Dialect::Cbor => format_ident!("cbor"),
        }
    }

    pub fn writer(self) -> TokenStream {
        match self {
            Dialect::Json => quote!(json::JsonWriter),
            Dialect::Cbor => quote!(cbor::CborWriter),
        }
    }

    /// What a structure is in the format, for error messages.
    pub fn object(self) -> &'static str {
        match self {
            Dialect::Json => "a JSON object",
            Dialect::Cbor => "a CBOR map",
        }
    }
}

/// The JSON key of a member: its `locationName` or its name.
pub fn key(member: &Member) -> &str {
    member
        .traits
        .location_name
        .as_deref()
        .unwrap_or(&member.name)
}

/// `ser_<shape>(w, v)` for a structure or union.
pub fn ser_shape(sym: &Symbols, shape: &Shape, d: Dialect) -> TokenStream {
    let name = ser_fn(sym, &shape.name);
    let types = types_path();
    let ty = format_ident!("{}", sym.type_name(&shape.name));
    let union_name = shape.name.as_str();
    let fns = quote!(super);
    let body = match &shape.kind {
        ShapeKind::Structure(members) if members.is_empty() => {
            quote!(let _ = v; w.begin_object(); w.end_object();)
        }
        ShapeKind::Structure(members) => {
            let writes = ser_members(sym, &shape.name, members.iter(), &quote!(v), &fns, d);
            quote!(w.begin_object(); #writes w.end_object();)
        }
        ShapeKind::Union(members) => {
            let arms = members.iter().map(|m| {
                let variant = format_ident!("{}", sym.member(&shape.name, &m.name).variant);
                let k = key(m);
                let write = ser_value(sym, Some(m), &m.target, &quote!(x), &fns, 0, d);
                quote!(#types::#ty::#variant(x) => { w.key(#k); #write })
            });
            quote! {
                w.begin_object();
                match v {
                    #(#arms)*
                    // A member this client does not know cannot be sent: `finish` fails.
                    #types::#ty::Unknown(_) => w.unknown_variant(#union_name),
                }
                w.end_object();
            }
        }
        _ => quote!(),
    };
    let writer = d.writer();
    quote! {
        pub(crate) fn #name(w: &mut #writer, v: &#types::#ty) {
            #body
        }
    }
}

/// Writes `key: value` for each member of `value` (a `&Struct` expression) that is set.
pub fn ser_members<'m>(
    sym: &Symbols,
    shape: &str,
    members: impl Iterator<Item = &'m Member>,
    value: &TokenStream,
    fns: &TokenStream,
    d: Dialect,
) -> TokenStream {
    let writes = members.map(|m| {
        let field: TokenStream = sym.field_tokens(shape, &m.name);
        let k = key(m);
        if m.traits.required {
            let write = ser_value(sym, Some(m), &m.target, &quote!(x), fns, 0, d);
            quote!({ let x = &#value.#field; w.key(#k); #write })
        } else {
            let write = ser_value(sym, Some(m), &m.target, &quote!(x), fns, 0, d);
            quote!(if let Some(x) = &#value.#field { w.key(#k); #write })
        }
    });
    quote!(#(#writes)*)
}

/// The code writing `expr` (of shape `target`, in `member`) at the writer's position.
pub fn ser_value(
    sym: &Symbols,
    member: Option<&Member>,
    target: &str,
    expr: &TokenStream,
    fns: &TokenStream,
    depth: usize,
    d: Dialect,
) -> TokenStream {
    walk::ser_value(&Json(d), sym, member, target, expr, &(), fns, depth)
}

/// JSON's and CBOR's part of the serializer walk: values written in place.
struct Json(Dialect);

impl walk::Format for Json {
    type Place = ();

    fn structure(&self, at: &At<()>, f: &Ident) -> TokenStream {
        let (fns, expr) = (at.fns, at.expr);
        quote!(#fns::#f(w, #expr);)
    }

    fn list(
        &self,
        at: &At<()>,
        _: &Member,
        item: &Ident,
        _: &Ident,
        write: Nested<()>,
    ) -> TokenStream {
        let (expr, write) = (at.expr, write(&()));
        quote! {
            w.begin_array();
            for #item in #expr { #write }
            w.end_array();
        }
    }

    fn map(&self, _: &At<()>, map: MapLoop<()>) -> TokenStream {
        let MapLoop {
            sorted,
            entries,
            key,
            value,
            ..
        } = &map;
        let write = (map.write_value)(&());
        quote! {
            w.begin_object();
            #sorted
            for (#key, #value) in #entries { w.key(#key.as_str()); #write }
            w.end_object();
        }
    }

    fn document(&self, at: &At<()>) -> TokenStream {
        let expr = at.expr;
        quote!(w.document(#expr);)
    }

    fn scalar(&self, at: &At<()>) -> TokenStream {
        let expr = at.expr;
        if self.0 == Dialect::Cbor {
            if let Some(code) = cbor_scalar(at) {
                return code;
            }
        }
        match &at.shape.kind {
            ShapeKind::Boolean => quote!(w.bool(*#expr);),
            ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer => {
                quote!(w.i64(i64::from(*#expr));)
            }
            ShapeKind::Long => quote!(w.i64(*#expr);),
            ShapeKind::Float => quote!(w.f64(encode::f32_to_f64(*#expr));),
            ShapeKind::Double => quote!(w.f64(*#expr);),
            ShapeKind::BigInteger | ShapeKind::BigDecimal => quote!(w.raw_number(#expr.as_str());),
            ShapeKind::Blob => quote!(w.string(&encode::base64(#expr.as_bytes()));),
            ShapeKind::Timestamp => {
                match timestamp_format(at.member, Some(at.shape), TimestampFormat::UnixTimestamp) {
                    TimestampFormat::UnixTimestamp => {
                        quote!(w.raw_number(&time::format_epoch_seconds(#expr));)
                    }
                    TimestampFormat::Iso8601 => quote!(w.string(&time::format_iso8601(#expr));),
                    TimestampFormat::Rfc822 => quote!(w.string(&time::format_http_date(#expr));),
                }
            }
            ShapeKind::Enum(_) => quote!(w.string(#expr.as_str());),
            ShapeKind::IntEnum(_) => quote!(w.i64(i64::from(#expr.value()));),
            _ => quote!(w.string(#expr);),
        }
    }
}

/// The scalars CBOR writes differently from JSON (the rest as JSON does):
/// botocore's `CBORSerializer` ignores `timestampFormat`.
fn cbor_scalar(at: &At<()>) -> Option<TokenStream> {
    let expr = at.expr;
    Some(match &at.shape.kind {
        ShapeKind::Float => quote!(w.f32(*#expr);),
        ShapeKind::Blob => quote!(w.blob(#expr.as_bytes());),
        ShapeKind::Timestamp => quote!(w.timestamp(#expr);),
        _ => return None,
    })
}

/// `de_<shape>(value)` for a structure or union.
pub fn de_shape(sym: &Symbols, shape: &Shape, d: Dialect) -> TokenStream {
    let rt = sym.runtime();
    let name = de_fn(sym, &shape.name);
    let types = types_path();
    let ty = format_ident!("{}", sym.type_name(&shape.name));
    let fns = quote!(super);
    let label = &shape.name;
    let not_object = format!("{label}: expected {}", d.object());
    let body = match &shape.kind {
        ShapeKind::Structure(members) if members.is_empty() => quote! {
            v.as_object().ok_or_else(|| ProtoError::new(#not_object))?;
            Ok(#types::#ty::builder().build())
        },
        ShapeKind::Structure(members) => {
            let read = de_members_into_builder(sym, &shape.name, members, &fns, d);
            let finish = finish_builder(members);
            quote! {
                let obj = v.as_object().ok_or_else(|| ProtoError::new(#not_object))?;
                let mut b = #types::#ty::builder();
                #read
                #finish
            }
        }
        ShapeKind::Union(members) => {
            let arms = members.iter().map(|m| {
                let variant = format_ident!("{}", sym.member(&shape.name, &m.name).variant);
                let k = key(m);
                let path = format!("{label}.{}", m.name);
                let read = de_value(sym, &m.target, &quote!(value), &path, &fns, 0, d);
                let read = if sym.is_boxed(&shape.name, &m.name) {
                    quote!(Box::new(#read))
                } else {
                    read
                };
                quote!(#k => #types::#ty::#variant(#read),)
            });
            let many = format!("{label}: more than one union member is set");
            let none = format!("{label}: no union member is set");
            quote! {
                let obj = v.as_object().ok_or_else(|| ProtoError::new(#not_object))?;
                let mut found = None;
                for (key, value) in obj {
                    if value.is_null() || key == "__type" {
                        continue;
                    }
                    let variant = match key {
                        #(#arms)*
                        other => #types::#ty::Unknown(#rt::UnknownValue::new(other)),
                    };
                    if found.replace(variant).is_some() {
                        return Err(ProtoError::new(#many));
                    }
                }
                found.ok_or_else(|| ProtoError::new(#none))
            }
        }
        _ => quote!(Err(ProtoError::new("not a structure"))),
    };
    let module = d.module();
    quote! {
        pub(crate) fn #name(v: &#module::Value) -> Result<#types::#ty, ProtoError> {
            #body
        }
    }
}

/// Reads the members of structure `shape` from the object `obj` into the
/// builder `b`: null values skipped, unknown keys ignored.
pub fn de_members_into_builder(
    sym: &Symbols,
    shape: &str,
    members: &[Member],
    fns: &TokenStream,
    d: Dialect,
) -> TokenStream {
    let arms = de_member_arms(sym, shape, members, fns, d);
    quote! {
        for (key, value) in obj {
            if value.is_null() {
                continue;
            }
            match key {
                #(#arms)*
                _ => {}
            }
        }
    }
}

/// `"Key" => b.x = Some(...),` arms for the members of a structure.
fn de_member_arms(
    sym: &Symbols,
    shape: &str,
    members: &[Member],
    fns: &TokenStream,
    d: Dialect,
) -> Vec<TokenStream> {
    members
        .iter()
        .map(|m| {
            let setter = sym.field_tokens(shape, &m.name);
            let k = key(m);
            let path = format!("{shape}.{}", m.name);
            let read = de_value(sym, &m.target, &quote!(value), &path, fns, 0, d);
            let read = if sym.is_boxed(shape, &m.name) {
                quote!(Box::new(#read))
            } else {
                read
            };
            quote!(#k => { b.#setter = Some(#read); })
        })
        .collect()
}

/// Ends a deserializer: builders of shapes with required members can fail.
pub fn finish_builder(members: &[Member]) -> TokenStream {
    if members.iter().any(|m| m.traits.required) {
        quote!(b.build().map_err(|e| ProtoError::new(e.to_string())))
    } else {
        quote!(Ok(b.build()))
    }
}

/// The expression reading a value of shape `target` from the parsed value
/// `value`; `path` names it in errors.
pub fn de_value(
    sym: &Symbols,
    target: &str,
    value: &TokenStream,
    path: &str,
    fns: &TokenStream,
    depth: usize,
    d: Dialect,
) -> TokenStream {
    walk::de_value(&Json(d), sym, None, target, value, path, fns, depth)
}

impl walk::Reader for Json {
    fn list(
        &self,
        at: &From,
        item_member: &Member,
        item: &Ident,
        out: &Ident,
        read: Read,
    ) -> TokenStream {
        let (value, arr) = (at.node, format_ident!("arr{}", at.depth));
        let msg = format!(
            "{}: expected {}",
            at.path,
            match self.0 {
                Dialect::Json => "a JSON array",
                Dialect::Cbor => "a CBOR array",
            }
        );
        let read = read(item_member, &quote!(#item), &format!("{}[]", at.path));
        quote!({
            let #arr = #value.as_array().ok_or_else(|| ProtoError::new(#msg))?;
            let mut #out = Vec::with_capacity(#arr.len());
            for #item in #arr {
                if #item.is_null() {
                    continue;
                }
                #out.push(#read);
            }
            #out
        })
    }

    fn map(&self, at: &From, key: &Member, value_member: &Member, read: Read) -> TokenStream {
        let (value, depth) = (at.node, at.depth);
        let (obj, k, var, out) = (
            format_ident!("obj{}", depth),
            format_ident!("k{}", depth),
            format_ident!("item{}", depth),
            format_ident!("out{}", depth),
        );
        let msg = format!("{}: expected {}", at.path, self.0.object());
        let read = read(value_member, &quote!(#var), &format!("{}{{}}", at.path));
        let key_expr = match at.sym.shape(&key.target).map(|s| &s.kind) {
            Some(ShapeKind::Enum(_)) => {
                let (types, ty) = (
                    types_path(),
                    format_ident!("{}", at.sym.type_name(&key.target)),
                );
                quote!(#types::#ty::from(#k))
            }
            _ => quote!(#k.to_owned()),
        };
        quote!({
            let #obj = #value.as_object().ok_or_else(|| ProtoError::new(#msg))?;
            let mut #out = ::std::collections::HashMap::with_capacity(#obj.len());
            for (#k, #var) in #obj {
                if #var.is_null() {
                    continue;
                }
                #out.insert(#key_expr, #read);
            }
            #out
        })
    }

    fn document(&self, at: &From) -> TokenStream {
        let (m, value) = (self.0.module(), at.node);
        quote!(#m::read_document(#value))
    }

    fn scalar(&self, at: &From) -> TokenStream {
        let (rt, types, value, path) = (at.sym.runtime(), types_path(), at.node, at.path);
        let module = self.0.module();
        let named = || format_ident!("{}", at.sym.type_name(&at.shape.name));
        match &at.shape.kind {
            ShapeKind::Boolean => quote!(#module::read_bool(#value, #path)?),
            ShapeKind::Byte => quote!(#module::read_i8(#value, #path)?),
            ShapeKind::Short => quote!(#module::read_i16(#value, #path)?),
            ShapeKind::Integer => quote!(#module::read_i32(#value, #path)?),
            ShapeKind::Long => quote!(#module::read_i64(#value, #path)?),
            ShapeKind::Float => quote!(#module::read_f64(#value, #path)? as f32),
            ShapeKind::Double => quote!(#module::read_f64(#value, #path)?),
            ShapeKind::BigInteger => {
                quote!(#rt::BigInteger::new(#module::read_number_text(#value, #path)?))
            }
            ShapeKind::BigDecimal => {
                quote!(#rt::BigDecimal::new(#module::read_number_text(#value, #path)?))
            }
            ShapeKind::Blob => quote!(#module::read_blob(#value, #path)?),
            ShapeKind::Timestamp => quote!(#module::read_timestamp(#value, #path)?),
            ShapeKind::Enum(_) => {
                let ty = named();
                quote!(#types::#ty::from(#module::read_string(#value, #path)?))
            }
            ShapeKind::IntEnum(_) => {
                let ty = named();
                quote!(#types::#ty::from(#module::read_i32(#value, #path)?))
            }
            _ => quote!(#module::read_string(#value, #path)?),
        }
    }
}
