//! One walk over a value's shape for every body serializer (JSON, XML,
//! query). The walker dispatches on the shape, names loop variables by
//! depth, sorts map entries and recurses into items, keys and values; each
//! wire format says, in one place per kind of value, only how that value is
//! written where it goes.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::ser_fn;
use crate::ir::{Member, Shape, ShapeKind};
use crate::symbols::Symbols;

/// A value being written: what it is, how the code reaches it, and where it goes.
pub struct At<'a, P> {
    pub sym: &'a Symbols<'a>,
    /// The member the value is in, when it is in one (its traits apply).
    pub member: Option<&'a Member>,
    pub shape: &'a Shape,
    /// The Rust expression of the value (a reference).
    pub expr: &'a TokenStream,
    /// Where the value goes: nothing for JSON (the writer's position), the
    /// element name for XML, the key for query.
    pub place: &'a P,
    /// The path to the shapes' `ser_<shape>` functions.
    pub fns: &'a TokenStream,
    /// How deep in lists and maps the value is, for naming variables.
    pub depth: usize,
}

/// Writes the items of a list or the keys and values of a map, each at
/// the place the format gives it.
pub type Nested<'a, P> = &'a dyn Fn(&P) -> TokenStream;

/// A map's loop variables and its entries, sorted by key so the same input
/// always gives the same bytes (and signature).
pub struct MapLoop<'a, P> {
    pub key_member: &'a Member,
    pub value_member: &'a Member,
    /// `let mut entries = ..; entries.sort_by(..);`
    pub sorted: TokenStream,
    pub entries: Ident,
    pub key: Ident,
    pub value: Ident,
    pub index: Ident,
    pub write_key: Nested<'a, P>,
    pub write_value: Nested<'a, P>,
}

/// How one wire format writes each kind of value.
pub trait Format {
    type Place;

    /// A structure or union, through its `ser_<shape>` function `f`.
    fn structure(&self, at: &At<Self::Place>, f: &Ident) -> TokenStream;

    /// A list, whose items are the loop variable `item` (at `index`, from 0)
    /// written by `write_item`.
    fn list(
        &self,
        at: &At<Self::Place>,
        item_member: &Member,
        item: &Ident,
        index: &Ident,
        write_item: Nested<Self::Place>,
    ) -> TokenStream;

    fn map(&self, at: &At<Self::Place>, map: MapLoop<Self::Place>) -> TokenStream;

    /// A document; formats that cannot carry one write nothing.
    fn document(&self, at: &At<Self::Place>) -> TokenStream;

    /// Strings, numbers, booleans, timestamps, blobs and enums.
    fn scalar(&self, at: &At<Self::Place>) -> TokenStream;
}

/// The code writing the value `expr` of shape `target` (in `member`, if
/// any) at `place`; `depth` keeps nested loop variables apart.
#[allow(clippy::too_many_arguments)]
pub fn ser_value<F: Format>(
    format: &F,
    sym: &Symbols,
    member: Option<&Member>,
    target: &str,
    expr: &TokenStream,
    place: &F::Place,
    fns: &TokenStream,
    depth: usize,
) -> TokenStream {
    let Some(shape) = sym.shape(target) else {
        return quote!();
    };
    let at = At {
        sym,
        member,
        shape,
        expr,
        place,
        fns,
        depth,
    };
    let nested = |m: &Member, var: &Ident, place: &F::Place| {
        ser_value(
            format,
            sym,
            Some(m),
            &m.target,
            &quote!(#var),
            place,
            fns,
            depth + 1,
        )
    };
    match &shape.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) => {
            format.structure(&at, &ser_fn(sym, target))
        }
        ShapeKind::List(item) => {
            let (var, index) = (format_ident!("item{}", depth), format_ident!("i{}", depth));
            format.list(&at, item, &var, &index, &|p| nested(item, &var, p))
        }
        ShapeKind::Map { key, value } => {
            let entries = format_ident!("entries{}", depth);
            let (k, v) = (format_ident!("k{}", depth), format_ident!("item{}", depth));
            format.map(
                &at,
                MapLoop {
                    key_member: key,
                    value_member: value,
                    sorted: quote! {
                        let mut #entries: Vec<_> = ::std::iter::IntoIterator::into_iter(#expr).collect();
                        #entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
                    },
                    entries,
                    index: format_ident!("i{}", depth),
                    write_key: &|p| nested(key, &k, p),
                    write_value: &|p| nested(value, &v, p),
                    key: k.clone(),
                    value: v.clone(),
                },
            )
        }
        ShapeKind::Document => format.document(&at),
        _ => format.scalar(&at),
    }
}

/// A value being read: what it is, and how the code reaches the parsed
/// document node holding it.
pub struct From<'a> {
    pub sym: &'a Symbols<'a>,
    pub member: Option<&'a Member>,
    pub shape: &'a Shape,
    /// The parsed node: a `json::Value` or an `xml::XmlElement` (a reference).
    pub node: &'a TokenStream,
    /// Where the value sits in the output, for error messages (`Shape.Member[]`).
    pub path: &'a str,
    pub fns: &'a TokenStream,
    pub depth: usize,
}

/// Reads a nested value (a list's item, a map's value) of `member` from
/// `node` at `path`, one level deeper.
pub type Read<'a> = &'a dyn Fn(&Member, &TokenStream, &str) -> TokenStream;

/// How one wire format reads each kind of value. Each method returns an
/// expression of the value's Rust type (using `?` for errors).
pub trait Reader {
    /// A list, whose items are read by `read`; `item` and `out` are free
    /// names for the loop variable and the result.
    fn list(
        &self,
        at: &From,
        item_member: &Member,
        item: &Ident,
        out: &Ident,
        read: Read,
    ) -> TokenStream;

    fn map(&self, at: &From, key: &Member, value: &Member, read: Read) -> TokenStream;

    fn document(&self, at: &From) -> TokenStream;

    fn scalar(&self, at: &From) -> TokenStream;
}

/// The expression reading the value of shape `target` (in `member`, if
/// any) from `node`; `depth` keeps nested variables apart.
#[allow(clippy::too_many_arguments)]
pub fn de_value<R: Reader>(
    reader: &R,
    sym: &Symbols,
    member: Option<&Member>,
    target: &str,
    node: &TokenStream,
    path: &str,
    fns: &TokenStream,
    depth: usize,
) -> TokenStream {
    let Some(shape) = sym.shape(target) else {
        return quote!(());
    };
    let at = From {
        sym,
        member,
        shape,
        node,
        path,
        fns,
        depth,
    };
    let read = |m: &Member, node: &TokenStream, path: &str| {
        de_value(reader, sym, Some(m), &m.target, node, path, fns, depth + 1)
    };
    match &shape.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) => {
            let f = super::de_fn(sym, target);
            quote!(#fns::#f(#node)?)
        }
        ShapeKind::List(item) => {
            let (var, out) = (
                format_ident!("item{}", depth),
                format_ident!("out{}", depth),
            );
            reader.list(&at, item, &var, &out, &read)
        }
        ShapeKind::Map { key, value } => reader.map(&at, key, value, &read),
        ShapeKind::Document => reader.document(&at),
        _ => reader.scalar(&at),
    }
}
