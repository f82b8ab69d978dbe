//! XML bodies (restXml): writers over the runtime's `XmlWriter` and readers
//! over its parsed `XmlElement` tree, following botocore's element naming
//! (`locationName`, list `member` names, flattened lists and maps, attributes,
//! namespaces).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::walk::{self, At, From, MapLoop, Nested, Read};
use super::{de_fn, ser_fn, timestamp_format, types_path};
use crate::ir::{Member, Shape, ShapeKind, TimestampFormat, XmlNamespace};
use crate::symbols::Symbols;

/// The element name of a member: its `locationName` or its name.
pub fn element_name(member: &Member) -> &str {
    member
        .traits
        .location_name
        .as_deref()
        .unwrap_or(&member.name)
}

/// The `xmlns` attribute a member's element carries: the member's own
/// namespace, else its shape's.
fn namespace<'a>(
    member: Option<&'a Member>,
    target: Option<&'a Shape>,
) -> Option<&'a XmlNamespace> {
    member
        .and_then(|m| m.traits.xml_namespace.as_ref())
        .or_else(|| target.and_then(|t| t.traits.xml_namespace.as_ref()))
}

/// `w.attr(..)` writing the namespace attribute, or nothing without one.
pub fn namespace_attr(ns: Option<&XmlNamespace>) -> TokenStream {
    match ns {
        Some(ns) => {
            let (attr, uri) = (ns_attribute_name(ns), &ns.uri);
            quote!(w.attr(#attr, #uri);)
        }
        None => quote!(),
    }
}

fn ns_attribute_name(ns: &XmlNamespace) -> String {
    match &ns.prefix {
        Some(p) => format!("xmlns:{p}"),
        None => "xmlns".to_owned(),
    }
}

pub fn ns_tokens(ns: Option<&XmlNamespace>) -> TokenStream {
    match ns {
        Some(ns) => {
            let (attr, uri) = (ns_attribute_name(ns), &ns.uri);
            quote!(Some((#attr, #uri)))
        }
        None => quote!(None),
    }
}

fn is_flattened(member: Option<&Member>, shape: &Shape) -> bool {
    member.is_some_and(|m| m.traits.flattened) || shape.traits.flattened
}

/// `ser_<shape>(w, v, name, xmlns)` for a structure or union.
pub fn ser_shape(sym: &Symbols, shape: &Shape) -> TokenStream {
    let name = ser_fn(sym, &shape.name);
    let types = types_path();
    let ty = format_ident!("{}", sym.type_name(&shape.name));
    let union_name = shape.name.as_str();
    let fns = quote!(super);
    let body = match &shape.kind {
        ShapeKind::Structure(members) if members.is_empty() => quote!(let _ = v;),
        ShapeKind::Structure(members) => {
            ser_struct_body(sym, &shape.name, members, &quote!(v), &fns)
        }
        ShapeKind::Union(members) => {
            let arms = members.iter().map(|m| {
                let variant = format_ident!("{}", sym.member(&shape.name, &m.name).variant);
                let el = element_name(m);
                let write = ser_value(sym, Some(m), &m.target, &quote!(x), &quote!(#el), &fns, 0);
                quote!(#types::#ty::#variant(x) => { #write })
            });
            quote! {
                match v {
                    #(#arms)*
                    #types::#ty::Unknown(_) => w.unknown_variant(#union_name),
                }
            }
        }
        _ => quote!(),
    };
    quote! {
        pub(crate) fn #name(
            w: &mut xml::XmlWriter,
            v: &#types::#ty,
            name: &str,
            xmlns: Option<(&str, &str)>,
        ) {
            w.start(name);
            if let Some((attr, uri)) = xmlns {
                w.attr(attr, uri);
            }
            #body
            w.end(name);
        }
    }
}

/// Attributes, then child elements, for the members of `value` (a `&Struct`).
pub fn ser_struct_body(
    sym: &Symbols,
    shape: &str,
    members: &[Member],
    value: &TokenStream,
    fns: &TokenStream,
) -> TokenStream {
    let field = |m: &Member| -> TokenStream { sym.field_tokens(shape, &m.name) };
    let attrs = members.iter().filter(|m| m.traits.xml_attribute).map(|m| {
        let f = field(m);
        let el = element_name(m);
        let text = scalar_text(sym, Some(m), &m.target, &quote!(x));
        if m.traits.required {
            quote!({ let x = &#value.#f; w.attr(#el, #text); })
        } else {
            quote!(if let Some(x) = &#value.#f { w.attr(#el, #text); })
        }
    });
    let elements = members.iter().filter(|m| !m.traits.xml_attribute).map(|m| {
        let f = field(m);
        let el = element_name(m);
        let write = ser_value(sym, Some(m), &m.target, &quote!(x), &quote!(#el), fns, 0);
        if m.traits.required {
            quote!({ let x = &#value.#f; #write })
        } else {
            quote!(if let Some(x) = &#value.#f { #write })
        }
    });
    quote!(#(#attrs)* #(#elements)*)
}

/// The text of a scalar value (a `&str` expression), as botocore writes it
/// in XML, headers, labels and query strings.
pub fn scalar_text(
    sym: &Symbols,
    member: Option<&Member>,
    target: &str,
    expr: &TokenStream,
) -> TokenStream {
    scalar_text_with(sym, member, target, expr, TimestampFormat::Iso8601)
}

pub fn scalar_text_with(
    sym: &Symbols,
    member: Option<&Member>,
    target: &str,
    expr: &TokenStream,
    default_ts: TimestampFormat,
) -> TokenStream {
    let Some(shape) = sym.shape(target) else {
        return quote!("");
    };
    match &shape.kind {
        ShapeKind::String => quote!(#expr.as_str()),
        ShapeKind::Boolean => quote!(if *#expr { "true" } else { "false" }),
        ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long => {
            quote!(&#expr.to_string())
        }
        ShapeKind::Float => quote!(&encode::float(encode::f32_to_f64(*#expr))),
        ShapeKind::Double => quote!(&encode::float(*#expr)),
        ShapeKind::BigInteger | ShapeKind::BigDecimal => quote!(#expr.as_str()),
        ShapeKind::Blob => quote!(&encode::base64(#expr.as_bytes())),
        ShapeKind::Timestamp => match timestamp_format(member, Some(shape), default_ts) {
            TimestampFormat::Iso8601 => quote!(&time::format_iso8601(#expr)),
            // Headers carry whole seconds, as botocore sends them.
            TimestampFormat::Rfc822 => quote!(&time::format_http_date(#expr)),
            TimestampFormat::UnixTimestamp => quote!(&time::format_epoch_seconds(#expr)),
        },
        ShapeKind::Enum(_) => quote!(#expr.as_str()),
        ShapeKind::IntEnum(_) => quote!(&#expr.value().to_string()),
        _ => quote!(""),
    }
}

/// The code writing `expr` (of shape `target`, in `member`) as the
/// element(s) named by `name`.
pub fn ser_value(
    sym: &Symbols,
    member: Option<&Member>,
    target: &str,
    expr: &TokenStream,
    name: &TokenStream,
    fns: &TokenStream,
    depth: usize,
) -> TokenStream {
    walk::ser_value(&Xml, sym, member, target, expr, name, fns, depth)
}

/// XML's part of the serializer walk: each value an element named by the
/// place, with its namespace; flattened lists and maps repeat it instead of
/// wrapping their items.
struct Xml;

impl Xml {
    fn ns_attr(at: &At<TokenStream>) -> TokenStream {
        namespace_attr(namespace(at.member, Some(at.shape)))
    }
}

impl walk::Format for Xml {
    type Place = TokenStream;

    fn structure(&self, at: &At<TokenStream>, f: &Ident) -> TokenStream {
        let (fns, expr, name) = (at.fns, at.expr, at.place);
        let ns = ns_tokens(namespace(at.member, Some(at.shape)));
        quote!(#fns::#f(w, #expr, #name, #ns);)
    }

    fn list(
        &self,
        at: &At<TokenStream>,
        item_member: &Member,
        item: &Ident,
        _: &Ident,
        write: Nested<TokenStream>,
    ) -> TokenStream {
        let (expr, name) = (at.expr, at.place);
        if is_flattened(at.member, at.shape) {
            let write = write(name);
            return quote!(for #item in #expr { #write });
        }
        let item_name = item_member
            .traits
            .location_name
            .as_deref()
            .unwrap_or("member");
        let (write, ns_attr) = (write(&quote!(#item_name)), Self::ns_attr(at));
        quote! {
            w.start(#name);
            #ns_attr
            for #item in #expr { #write }
            w.end(#name);
        }
    }

    fn map(&self, at: &At<TokenStream>, map: MapLoop<TokenStream>) -> TokenStream {
        let name = at.place;
        let key_name = map
            .key_member
            .traits
            .location_name
            .as_deref()
            .unwrap_or("key");
        let value_name = map
            .value_member
            .traits
            .location_name
            .as_deref()
            .unwrap_or("value");
        let write_key = (map.write_key)(&quote!(#key_name));
        let write_value = (map.write_value)(&quote!(#value_name));
        let MapLoop {
            sorted,
            entries,
            key,
            value,
            ..
        } = &map;
        if is_flattened(at.member, at.shape) {
            return quote! {
                #sorted
                for (#key, #value) in #entries {
                    w.start(#name);
                    #write_key
                    #write_value
                    w.end(#name);
                }
            };
        }
        let ns_attr = Self::ns_attr(at);
        quote! {
            #sorted
            w.start(#name);
            #ns_attr
            for (#key, #value) in #entries {
                w.start("entry");
                #write_key
                #write_value
                w.end("entry");
            }
            w.end(#name);
        }
    }

    fn document(&self, _: &At<TokenStream>) -> TokenStream {
        quote!()
    }

    fn scalar(&self, at: &At<TokenStream>) -> TokenStream {
        let (name, ns_attr) = (at.place, Self::ns_attr(at));
        let text = scalar_text(at.sym, at.member, &at.shape.name, at.expr);
        quote! {
            w.start(#name);
            #ns_attr
            w.text(#text);
            w.end(#name);
        }
    }
}

/// `de_<shape>(element)` for a structure or union.
pub fn de_shape(sym: &Symbols, shape: &Shape) -> TokenStream {
    let rt = sym.runtime();
    let name = de_fn(sym, &shape.name);
    let types = types_path();
    let ty = format_ident!("{}", sym.type_name(&shape.name));
    let fns = quote!(super);
    let body = match &shape.kind {
        ShapeKind::Structure(members) => {
            de_struct_body(sym, &shape.name, members, &quote!(e), &fns)
        }
        ShapeKind::Union(members) => {
            let arms = members.iter().map(|m| {
                let variant = format_ident!("{}", sym.member(&shape.name, &m.name).variant);
                let el = element_name(m);
                let path = format!("{}.{}", shape.name, m.name);
                let read = de_value(sym, Some(m), &m.target, &quote!(c), &path, &fns, 0);
                let read = if sym.is_boxed(&shape.name, &m.name) {
                    quote!(Box::new(#read))
                } else {
                    read
                };
                quote!(#el => #types::#ty::#variant(#read),)
            });
            let none = format!("{}: no union member is set", shape.name);
            quote! {
                let Some(c) = e.children.first() else {
                    return Err(ProtoError::new(#none));
                };
                Ok(match c.name() {
                    #(#arms)*
                    other => #types::#ty::Unknown(#rt::UnknownValue::new(other)),
                })
            }
        }
        _ => quote!(Err(ProtoError::new("not a structure"))),
    };
    quote! {
        pub(crate) fn #name(e: &xml::XmlElement) -> Result<#types::#ty, ProtoError> {
            #body
        }
    }
}

/// Reads the members of a structure from element `e` into a builder and builds it.
pub fn de_struct_body(
    sym: &Symbols,
    shape: &str,
    members: &[Member],
    element: &TokenStream,
    fns: &TokenStream,
) -> TokenStream {
    let types = types_path();
    let ty = format_ident!("{}", sym.type_name(shape));
    if members.is_empty() {
        return quote! {
            let _ = #element;
            Ok(#types::#ty::builder().build())
        };
    }
    let read = de_members_into_builder(sym, shape, members, element, fns);
    let finish = super::json::finish_builder(members);
    quote! {
        let mut b = #types::#ty::builder();
        #read
        #finish
    }
}

/// Reads the members of a structure from element `e` into the builder `b`.
pub fn de_members_into_builder(
    sym: &Symbols,
    shape: &str,
    members: &[Member],
    element: &TokenStream,
    fns: &TokenStream,
) -> TokenStream {
    let mut reads = MemberReads::default();
    for (i, m) in members.iter().enumerate() {
        if let Some(target) = sym.shape(&m.target) {
            reads.add(sym, shape, m, target, i, element, fns);
        }
    }
    // Members that share an element name all read it, as botocore's
    // name-to-node map gives each of them the same elements.
    let mut merged: Vec<(String, Vec<TokenStream>)> = Vec::new();
    for (name, stmt) in reads.arms {
        match merged.iter_mut().find(|(n, _)| *n == name) {
            Some((_, stmts)) => stmts.push(stmt),
            None => merged.push((name, vec![stmt])),
        }
    }
    let arms = merged
        .iter()
        .map(|(name, stmts)| quote!(#name => { #(#stmts)* }));
    let MemberReads {
        attrs,
        flat_decls,
        flat_sets,
        ..
    } = reads;
    quote! {
        #(#attrs)*
        #(#flat_decls)*
        for c in &#element.children {
            match c.name() {
                #(#arms)*
                _ => {}
            }
        }
        #(#flat_sets)*
    }
}

/// The statements reading a structure's members from its element, by kind:
/// attributes, flattened collections gathered over repeated elements, and
/// one match arm per child element name. Deserializers assign the
/// builder's fields directly: the by-value `set_*` chain costs a move of
/// the whole builder per member.
#[derive(Default)]
struct MemberReads {
    attrs: Vec<TokenStream>,
    flat_decls: Vec<TokenStream>,
    flat_sets: Vec<TokenStream>,
    /// (element name, statement) per member read from a child element.
    arms: Vec<(String, TokenStream)>,
}

impl MemberReads {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        sym: &Symbols,
        shape: &str,
        m: &Member,
        target: &Shape,
        i: usize,
        element: &TokenStream,
        fns: &TokenStream,
    ) {
        let set = sym.field_tokens(shape, &m.name);
        let path = format!("{shape}.{}", m.name);
        let boxed = |read: TokenStream| {
            if sym.is_boxed(shape, &m.name) {
                quote!(Box::new(#read))
            } else {
                read
            }
        };
        if m.traits.xml_attribute {
            let el = element_name(m);
            let read = boxed(from_text(sym, &m.target, &quote!(a), &path));
            self.attrs.push(quote! {
                if let Some(a) = #element.attribute(#el) {
                    b.#set = Some(#read);
                }
            });
            return;
        }
        let flat_var = format_ident!("flat{}", i);
        let (el, gather, init) = match &target.kind {
            ShapeKind::List(item) if is_flattened(Some(m), target) => {
                let read = de_value(
                    sym,
                    Some(item),
                    &item.target,
                    &quote!(c),
                    &format!("{path}[]"),
                    fns,
                    0,
                );
                (
                    flattened_list_element(sym, m, item),
                    quote!(#flat_var.push(#read);),
                    quote!(Vec::new()),
                )
            }
            ShapeKind::Map { key, value } if is_flattened(Some(m), target) => {
                let entry = de_map_entry(sym, key, value, &quote!(c), &path, fns, 0);
                (
                    element_name(m),
                    quote!({ let (k, v) = #entry; #flat_var.insert(k, v); }),
                    quote!(::std::collections::HashMap::new()),
                )
            }
            _ => {
                let read = boxed(de_value(sym, Some(m), &m.target, &quote!(c), &path, fns, 0));
                let stmt = quote!(b.#set = Some(#read););
                self.arms.push((element_name(m).to_owned(), stmt));
                return;
            }
        };
        self.flat_decls.push(quote!(let mut #flat_var = #init;));
        self.arms.push((el.to_owned(), gather));
        self.flat_sets.push(quote! {
            if !#flat_var.is_empty() {
                b.#set = Some(#flat_var);
            }
        });
    }
}

/// The repeated element of a flattened list: the member's name (Smithy's
/// `XmlLists`; botocore serializes them so). awsQuery responses use the
/// list member's name when it has one, as botocore parses them: SimpleDB,
/// the only model where the two differ, needs it.
fn flattened_list_element<'a>(sym: &Symbols, m: &'a Member, item: &'a Member) -> &'a str {
    match item.traits.location_name.as_deref() {
        Some(name) if sym.service.metadata.protocol == crate::ir::Protocol::AwsQuery => name,
        _ => element_name(m),
    }
}

/// `(key, value)` of one map entry element.
fn de_map_entry(
    sym: &Symbols,
    key: &Member,
    value: &Member,
    entry: &TokenStream,
    path: &str,
    fns: &TokenStream,
    depth: usize,
) -> TokenStream {
    let key_name = key.traits.location_name.as_deref().unwrap_or("key");
    let value_name = value.traits.location_name.as_deref().unwrap_or("value");
    let part = format_ident!("part{}", depth);
    let read_key = de_value(
        sym,
        Some(key),
        &key.target,
        &quote!(#part),
        &format!("{path}.key"),
        fns,
        depth + 1,
    );
    let read_value = de_value(
        sym,
        Some(value),
        &value.target,
        &quote!(#part),
        &format!("{path}.value"),
        fns,
        depth + 1,
    );
    let missing = format!("{path}: map entry without key or value");
    quote!({
        let mut k = None;
        let mut v = None;
        for #part in &#entry.children {
            match #part.name() {
                #key_name => k = Some(#read_key),
                #value_name => v = Some(#read_value),
                _ => {}
            }
        }
        match (k, v) {
            (Some(k), Some(v)) => (k, v),
            _ => return Err(ProtoError::new(#missing)),
        }
    })
}

/// The expression reading a value of shape `target` (in `member`) from the
/// element `el`; `path` names it in errors.
pub fn de_value(
    sym: &Symbols,
    member: Option<&Member>,
    target: &str,
    el: &TokenStream,
    path: &str,
    fns: &TokenStream,
    depth: usize,
) -> TokenStream {
    walk::de_value(&Xml, sym, member, target, el, path, fns, depth)
}

impl walk::Reader for Xml {
    fn list(
        &self,
        at: &From,
        item_member: &Member,
        item: &Ident,
        out: &Ident,
        read: Read,
    ) -> TokenStream {
        let el = at.node;
        let read = read(item_member, &quote!(#item), &format!("{}[]", at.path));
        if is_flattened(at.member, at.shape) {
            // A flattened list nested in a list: each element is one item.
            return quote!(vec![{ let #item = #el; #read }]);
        }
        quote!({
            let mut #out = Vec::with_capacity(#el.children.len());
            for #item in &#el.children {
                #out.push(#read);
            }
            #out
        })
    }

    // Key and value are read by `de_map_entry`, which flattened maps in
    // structures (`de_members_into_builder`) share.
    fn map(&self, at: &From, key: &Member, value: &Member, _: Read) -> TokenStream {
        let (el, depth) = (at.node, at.depth);
        let (entry, out) = (
            format_ident!("entry{}", depth),
            format_ident!("out{}", depth),
        );
        let read = de_map_entry(
            at.sym,
            key,
            value,
            &quote!(#entry),
            at.path,
            at.fns,
            depth + 1,
        );
        quote!({
            let mut #out = ::std::collections::HashMap::new();
            for #entry in &#el.children {
                let (k, v) = #read;
                #out.insert(k, v);
            }
            #out
        })
    }

    fn document(&self, at: &From) -> TokenStream {
        let rt = at.sym.runtime();
        quote!(#rt::Document::Null)
    }

    fn scalar(&self, at: &From) -> TokenStream {
        let el = at.node;
        from_text(at.sym, &at.shape.name, &quote!(#el.text()), at.path)
    }
}

/// An expression converting `text` (a `&str`) to a scalar of shape `target`.
pub fn from_text(sym: &Symbols, target: &str, text: &TokenStream, path: &str) -> TokenStream {
    let rt = sym.runtime();
    let types = types_path();
    let Some(shape) = sym.shape(target) else {
        return quote!(());
    };
    let bad = |what: &str| format!("{path}: not {what}");
    match &shape.kind {
        ShapeKind::String => quote!(#text.to_string()),
        ShapeKind::Boolean => {
            let msg = bad("a boolean");
            quote!(match #text.trim() {
                "true" => true,
                "false" => false,
                _ => return Err(ProtoError::new(#msg)),
            })
        }
        ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long => {
            let ty = match shape.kind {
                ShapeKind::Byte => quote!(i8),
                ShapeKind::Short => quote!(i16),
                ShapeKind::Integer => quote!(i32),
                _ => quote!(i64),
            };
            let msg = bad("an integer");
            quote!(#text.trim().parse::<#ty>().map_err(|_| ProtoError::new(#msg))?)
        }
        ShapeKind::Float | ShapeKind::Double => {
            let ty = if matches!(shape.kind, ShapeKind::Float) {
                quote!(f32)
            } else {
                quote!(f64)
            };
            let msg = bad("a number");
            quote!(#text.trim().parse::<#ty>().map_err(|_| ProtoError::new(#msg))?)
        }
        ShapeKind::BigInteger => quote!(#rt::BigInteger::new(#text.trim())),
        ShapeKind::BigDecimal => quote!(#rt::BigDecimal::new(#text.trim())),
        ShapeKind::Blob => quote!(#rt::Blob::new(encode::from_base64(#text.trim())?)),
        ShapeKind::Timestamp => quote!(time::parse_timestamp(#text.trim())?),
        ShapeKind::Enum(_) => {
            let ty = format_ident!("{}", sym.type_name(target));
            quote!(#types::#ty::from(#text))
        }
        ShapeKind::IntEnum(_) => {
            let ty = format_ident!("{}", sym.type_name(target));
            let msg = bad("an integer");
            quote!(#types::#ty::from(#text.trim().parse::<i32>().map_err(|_| ProtoError::new(#msg))?))
        }
        _ => quote!(Default::default()),
    }
}
