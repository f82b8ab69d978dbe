//! Client-side validation, as botocore's `ParamValidator`: `validate.rs` of a
//! service holds one `validate_<shape>` function per structure or union that
//! has a constraint within reach, and each operation whose input needs it a
//! `validate` function that its `send` calls before `serialize_request`.
//! Shapes without constraints get nothing.
//!
//! Default checks (botocore's): `min` on string length (code points), list
//! length and number values; the implicit `min` of 1 of `hostLabel` members;
//! and (aws-sdk-rust's rule) non-empty URI labels. Strict checks, under
//! `v.strict()`: `max`, `min`/`max` of maps and blobs, and patterns that
//! regex-lite compiles; the others are named in the generated docs.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::protocol::is_rest;
use crate::ir::{Location, Member, Operation, Shape, ShapeKind};
use crate::symbols::Symbols;

/// What a value needs checked: by default, and in strict mode.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Need {
    default: bool,
    strict: bool,
}

impl Need {
    fn any(self) -> bool {
        self.default || self.strict
    }
    fn or(self, o: Need) -> Need {
        Need {
            default: self.default || o.default,
            strict: self.strict || o.strict,
        }
    }
}

/// Where checks are emitted: the loop depth (for variable names), and
/// whether an enclosing `if v.strict()` already holds them, so they are not
/// wrapped in another.
#[derive(Clone, Copy)]
struct At {
    depth: usize,
    strict: bool,
}

impl At {
    const TOP: At = At {
        depth: 0,
        strict: false,
    };

    /// One loop further in, inside a guard if `need` asked for one.
    fn inner(self, need: Need) -> At {
        At {
            depth: self.depth + 1,
            strict: self.strict || !need.default,
        }
    }

    /// The scope of code [`guard`]ed for `need`.
    fn guarded(self, need: Need) -> At {
        At {
            strict: self.strict || !need.default,
            ..self
        }
    }

    /// `code` run only in strict mode.
    fn strict_only(self, code: TokenStream) -> TokenStream {
        if self.strict {
            code
        } else {
            quote!(if v.strict() { #code })
        }
    }
}

/// Which structures and unions need a validation function.
pub struct Plan<'s, 'a> {
    sym: &'s Symbols<'a>,
    shapes: BTreeMap<String, Need>,
    /// Structures and unions reachable from an operation's input.
    inputs: BTreeSet<String>,
}

/// Whether regex-lite (the runtime's engine) compiles `pattern`.
fn pattern_error(pattern: &str) -> Option<String> {
    regex_lite::Regex::new(pattern)
        .err()
        .map(|e| e.to_string().lines().next().unwrap_or_default().to_owned())
}

/// A member's bounds: its shape's (or a host label's) minimum and its
/// shape's maximum, as values and as lengths.
struct Bounds {
    min: Option<f64>,
    max: Option<f64>,
    /// A minimum length above 0.
    min_len: Option<usize>,
    max_len: Option<usize>,
}

impl Bounds {
    fn of(m: &Member, target: &Shape) -> Bounds {
        let min = Plan::min(m, target);
        let max = target.traits.max;
        Bounds {
            min,
            max,
            min_len: min.and_then(usize_bound).filter(|n| *n > 0),
            max_len: max.and_then(|v| (v >= 0.0).then_some(v.floor() as usize)),
        }
    }
}

fn usize_bound(v: f64) -> Option<usize> {
    (v.is_finite() && v >= 0.0 && v <= u32::MAX as f64).then_some(v.ceil() as usize)
}

impl<'s, 'a> Plan<'s, 'a> {
    pub fn new(sym: &'s Symbols<'a>) -> Self {
        let mut plan = Plan {
            sym,
            shapes: BTreeMap::new(),
            inputs: BTreeSet::new(),
        };
        let mut todo: Vec<&str> = sym
            .service
            .operations
            .values()
            .filter_map(|op| op.input.as_deref())
            .collect();
        while let Some(name) = todo.pop() {
            let Some(shape) = sym.shape(name) else {
                continue;
            };
            if matches!(shape.kind, ShapeKind::Structure(_) | ShapeKind::Union(_))
                && !plan.inputs.insert(name.to_owned())
            {
                continue;
            }
            todo.extend(shape.kind.members().into_iter().map(|m| m.target.as_str()));
        }
        // Fixed point over structures and unions (recursive shapes included).
        loop {
            let mut changed = false;
            for (name, shape) in &sym.service.shapes {
                let (ShapeKind::Structure(ms) | ShapeKind::Union(ms)) = &shape.kind else {
                    continue;
                };
                let need = ms
                    .iter()
                    .fold(Need::default(), |n, m| n.or(plan.value_need(m)));
                if plan.shapes.get(name).copied().unwrap_or_default() != need {
                    plan.shapes.insert(name.clone(), need);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        plan
    }

    fn shape_need(&self, name: &str) -> Need {
        self.shapes.get(name).copied().unwrap_or_default()
    }

    fn is_uri_label(&self, m: &Member) -> bool {
        is_rest(self.sym.service.metadata.protocol) && m.traits.location == Location::Uri
    }

    /// botocore skips every check of a JSON-valued header string.
    fn json_header(m: &Member, target: &Shape) -> bool {
        m.traits.json_value
            && m.traits.location == Location::Header
            && matches!(target.kind, ShapeKind::String)
    }

    /// The effective `min` botocore's `range_check` applies.
    fn min(m: &Member, target: &Shape) -> Option<f64> {
        target.traits.min.or(m.traits.host_label.then_some(1.0))
    }

    fn value_need(&self, m: &Member) -> Need {
        let Some(target) = self.sym.shape(&m.target) else {
            return Need::default();
        };
        if Self::json_header(m, target) {
            return Need::default();
        }
        let t = &target.traits;
        let strict_local = t.max.is_some()
            || t.pattern
                .as_deref()
                .is_some_and(|p| pattern_error(p).is_none());
        let min = Self::min(m, target);
        let min_len = min.and_then(usize_bound).filter(|n| *n > 0);
        match &target.kind {
            ShapeKind::String | ShapeKind::Enum(_) => Need {
                default: min_len.is_some() || self.is_uri_label(m) || m.traits.s3_bucket,
                strict: strict_local,
            },
            ShapeKind::List(item) => Need {
                default: min_len.is_some(),
                strict: t.max.is_some(),
            }
            .or(self.value_need(item)),
            ShapeKind::Map { key, value } => Need {
                default: m.traits.s3_ascii_metadata,
                strict: t.max.is_some() || min_len.is_some(),
            }
            .or(self.value_need(key))
            .or(self.value_need(value)),
            ShapeKind::Blob => Need {
                default: false,
                strict: t.max.is_some() || min_len.is_some(),
            },
            k if is_number(k) => Need {
                default: min.is_some(),
                strict: t.max.is_some(),
            },
            ShapeKind::Structure(_) | ShapeKind::Union(_) => self.shape_need(&m.target),
            _ => Need::default(),
        }
    }

    /// The checks of one value `x` (a reference) at path `p`.
    fn value_checks(&self, m: &Member, x: &TokenStream, at: At) -> TokenStream {
        let Some(target) = self.sym.shape(&m.target) else {
            return quote!();
        };
        if Self::json_header(m, target) {
            return quote!();
        }
        let bounds = Bounds::of(m, target);
        match &target.kind {
            ShapeKind::String | ShapeKind::Enum(_) => self.string_checks(m, target, x, at, &bounds),
            ShapeKind::List(item) => self.list_checks(item, x, at, &bounds),
            ShapeKind::Map { key, value } => {
                let ascii = m.traits.s3_ascii_metadata;
                self.map_checks((key, value), ascii, x, at, &bounds)
            }
            ShapeKind::Blob => {
                let mut lens = Vec::new();
                if let Some(n) = bounds.min_len {
                    lens.push(quote!(v.min_len(&p, #x.as_bytes().len(), #n);));
                }
                if let Some(n) = bounds.max_len {
                    lens.push(quote!(v.max_len(&p, #x.as_bytes().len(), #n);));
                }
                at.strict_only(quote!(#(#lens)*))
            }
            k if is_number(k) => self.number_checks(k, x, at, &bounds),
            ShapeKind::Structure(_) | ShapeKind::Union(_) => {
                let f = fn_name(self.sym, &m.target);
                quote!(#f(v, &p, #x);)
            }
            _ => quote!(),
        }
    }

    /// A string's checks: length, an URI label's emptiness and an S3
    /// bucket's name always; the maximum length and the pattern when strict.
    fn string_checks(
        &self,
        m: &Member,
        target: &Shape,
        x: &TokenStream,
        at: At,
        b: &Bounds,
    ) -> TokenStream {
        let rt = self.sym.runtime();
        let v = quote!(#rt::validation);
        let pattern = target
            .traits
            .pattern
            .as_deref()
            .filter(|p| pattern_error(p).is_none())
            .map(|p| {
                quote! {{
                    static PATTERN: #v::Pattern = #v::Pattern::new(#p);
                    v.pattern(&p, s, &PATTERN);
                }}
            });
        let mut default = Vec::new();
        if let Some(n) = b.min_len {
            default.push(quote!(v.min_chars(&p, s, #n);));
        } else if self.is_uri_label(m) {
            default.push(quote!(v.uri_label(&p, s);));
        }
        if m.traits.s3_bucket {
            default.push(quote!(v.s3_bucket(&p, s);));
        }
        let mut strict = Vec::new();
        if let Some(n) = b.max_len {
            strict.push(quote!(v.max_chars(&p, s, #n);));
        }
        strict.extend(pattern);
        let strict = (!strict.is_empty()).then(|| at.strict_only(quote!(#(#strict)*)));
        quote! { let s: &str = #x.as_str(); #(#default)* #strict }
    }

    /// A list's length, then each item's checks, if it has any.
    fn list_checks(&self, item: &Member, x: &TokenStream, at: At, b: &Bounds) -> TokenStream {
        let mut out = Vec::new();
        if let Some(n) = b.min_len {
            out.push(quote!(v.min_len(&p, #x.len(), #n);));
        }
        if let Some(n) = b.max_len {
            out.push(at.strict_only(quote!(v.max_len(&p, #x.len(), #n);)));
        }
        let need = self.value_need(item);
        if need.any() {
            let i = format_ident!("i{}", at.depth);
            let y = format_ident!("item{}", at.depth);
            let inner = self.value_checks(item, &quote!(#y), at.inner(need));
            let lp = quote! {
                for (#i, #y) in #x.iter().enumerate() {
                    let p = p.index(#i);
                    #inner
                }
            };
            out.push(guard(need, at, lp));
        }
        quote!(#(#out)*)
    }

    /// A map's S3 metadata check (`ascii`) and length, then each key's and
    /// value's checks, if they have any.
    fn map_checks(
        &self,
        (key, value): (&Member, &Member),
        ascii: bool,
        x: &TokenStream,
        at: At,
        b: &Bounds,
    ) -> TokenStream {
        let mut out = Vec::new();
        if ascii {
            out.push(quote!(v.s3_metadata(&p, #x);));
        }
        let mut lens = Vec::new();
        if let Some(n) = b.min_len {
            lens.push(quote!(v.min_len(&p, #x.len(), #n);));
        }
        if let Some(n) = b.max_len {
            lens.push(quote!(v.max_len(&p, #x.len(), #n);));
        }
        if !lens.is_empty() {
            out.push(at.strict_only(quote!(#(#lens)*)));
        }
        let (kn, vn) = (self.value_need(key), self.value_need(value));
        let need = kn.or(vn);
        if need.any() {
            let k = format_ident!("k{}", at.depth);
            let y = format_ident!("value{}", at.depth);
            let entries = at.inner(need);
            let kc = self.value_checks(key, &quote!(#k), entries.guarded(kn));
            let vc = self.value_checks(value, &quote!(#y), entries.guarded(vn));
            let kc = kn
                .any()
                .then(|| guard(kn, entries, quote!({ let p = p.key(#k.as_str()); #kc })));
            let vc = vn
                .any()
                .then(|| guard(vn, entries, quote!({ let p = p.value(#k.as_str()); #vc })));
            let lp = quote! {
                v.entries(#x, |v, #k, #y| {
                    let _ = &#y;
                    #kc
                    #vc
                });
            };
            out.push(guard(need, at, lp));
        }
        quote!({ #(#out)* })
    }

    /// A number's minimum always, its maximum when strict.
    fn number_checks(&self, kind: &ShapeKind, x: &TokenStream, at: At, b: &Bounds) -> TokenStream {
        let rt = self.sym.runtime();
        let value = match kind {
            ShapeKind::IntEnum(_) => quote!(#x.value()),
            _ => quote!(*#x),
        };
        let min = b.min.map(|b| {
            let b = bound(rt, b);
            quote!(v.min_value(&p, #value, #b);)
        });
        let max = b.max.filter(|b| b.is_finite()).map(|b| {
            let b = bound(rt, b);
            at.strict_only(quote!(v.max_value(&p, #value, #b);))
        });
        quote!(#min #max)
    }

    /// `validate_<shape>` of one structure or union.
    fn shape_fn(&self, shape: &Shape) -> TokenStream {
        let rt = self.sym.runtime();
        let sym = self.sym;
        let f = fn_name(sym, &shape.name);
        // `validate.rs` sits beside `types/`.
        let ty = sym.rust_type(&shape.name, &quote!(super::types));
        let v = quote!(#rt::validation);
        let unchecked = unchecked_patterns(sym, shape);
        let mut d = format!(
            "Checks a `{}` as botocore's `ParamValidator`, and more in strict mode.",
            shape.name
        );
        if !unchecked.is_empty() {
            d.push_str("\n\nNot checked (regex-lite cannot compile the pattern):");
            for (member, pattern, err) in &unchecked {
                d.push_str(&format!("\n- `{member}`: `{pattern}` ({err})"));
            }
        }
        let d = super::doc::attrs(&d);
        let body = match &shape.kind {
            ShapeKind::Structure(ms) => {
                let checks = ms.iter().filter_map(|m| {
                    let need = self.value_need(m);
                    if !need.any() {
                        return None;
                    }
                    let field = sym.field_tokens(&shape.name, &m.name);
                    let name = &m.name;
                    let inner = self.value_checks(m, &quote!(x), At::TOP.guarded(need));
                    let body = if m.traits.required {
                        quote!({ let x = &x.#field; let p = path.member(#name); #inner })
                    } else {
                        quote! {
                            if let Some(x) = &x.#field {
                                let p = path.member(#name);
                                #inner
                            }
                        }
                    };
                    Some(guard(need, At::TOP, body))
                });
                quote!(#(#checks)*)
            }
            ShapeKind::Union(ms) => {
                let arms = ms.iter().filter_map(|m| {
                    let need = self.value_need(m);
                    if !need.any() {
                        return None;
                    }
                    let variant = format_ident!("{}", sym.member(&shape.name, &m.name).variant);
                    let name = &m.name;
                    let inner = self.value_checks(m, &quote!(x), At::TOP);
                    Some(quote! {
                        #ty::#variant(x) => {
                            let p = path.member(#name);
                            #inner
                        }
                    })
                });
                quote! {
                    match x {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
            _ => quote!(),
        };
        quote! {
            #d
            #[allow(unused_variables, clippy::needless_borrow)]
            pub(crate) fn #f(v: &mut #v::Validator, path: &#v::Path<'_>, x: &#ty) {
                #body
            }
        }
    }

    /// `validate.rs`, or `None` when no shape needs validating.
    pub fn file(&self) -> Option<TokenStream> {
        let fns: Vec<TokenStream> = self
            .shapes
            .iter()
            .filter(|(name, n)| n.any() && self.inputs.contains(*name))
            .filter_map(|(name, _)| self.sym.shape(name))
            .map(|s| self.shape_fn(s))
            .collect();
        if fns.is_empty() {
            return None;
        }
        Some(quote! {
            //! Client-side validation of the input shapes (botocore's
            //! `ParamValidator`; see the runtime's `validation`), one
            //! function per structure or union with a constraint within reach.
            // One `match` arm per checked union member reads best even when there is one.
            #![allow(clippy::single_match)]
            #(#fns)*
        })
    }

    /// Whether `op`'s input has anything to check.
    pub fn op_needs(&self, op: &Operation) -> bool {
        op.input
            .as_deref()
            .is_some_and(|i| self.shape_need(i).any())
    }

    /// The operation's `validate`, when its input needs it.
    pub fn op_fn(&self, op: &Operation) -> TokenStream {
        let rt = self.sym.runtime();
        let Some(input) = op.input.as_deref().filter(|_| self.op_needs(op)) else {
            return quote!();
        };
        let f = fn_name(self.sym, input);
        let d = super::doc::attrs(&format!(
            "Checks the input before anything is sent, as botocore's \
             `ParamValidator` (`min` lengths and values, `hostLabel`s) plus \
             non-empty URI labels; `strict` also checks `max`s and, with the \
             `strict-validation` feature, patterns. \
             [`send`]({}FluentBuilder::send) calls it with the config's \
             `strict_validation`; [`serialize_request`] does not.\n\n\
             # Errors\n\nEvery violation, each in botocore's words.",
            crate::names::type_ident(&op.name)
        ));
        quote! {
            #d
            pub fn validate(
                input: &Input,
                strict: bool,
            ) -> Result<(), #rt::ValidationError> {
                let mut v = #rt::validation::Validator::new(strict);
                super::super::validate::#f(&mut v, &#rt::validation::Path::ROOT, input);
                v.finish()
            }
        }
    }
}

/// Wraps code that only strict mode needs (`need`) in `if v.strict()`,
/// unless it is already inside one (`at`).
fn guard(need: Need, at: At, code: TokenStream) -> TokenStream {
    if need.default {
        code
    } else {
        at.strict_only(code)
    }
}

fn is_number(k: &ShapeKind) -> bool {
    matches!(
        k,
        ShapeKind::Byte
            | ShapeKind::Short
            | ShapeKind::Integer
            | ShapeKind::Long
            | ShapeKind::Float
            | ShapeKind::Double
            | ShapeKind::IntEnum(_)
    )
}

/// A bound as the runtime compares and prints it: integral values print
/// without a fraction, as botocore prints the model's JSON integers.
fn bound(rt: &TokenStream, b: f64) -> TokenStream {
    let v = quote!(#rt::validation::Bound);
    if b.fract() == 0.0 && b.abs() < 9.0e15 {
        let i = b as i64;
        let text = i.to_string();
        quote!(#v::Int(#i, #text))
    } else {
        let text = format!("{b:?}");
        quote!(#v::Float(#b, #text))
    }
}

fn fn_name(sym: &Symbols, shape: &str) -> proc_macro2::Ident {
    format_ident!("validate_{}", sym.type_file(shape))
}

/// Members of `shape` (directly, or through its lists and maps) whose
/// pattern regex-lite rejects: (member, pattern, error).
fn unchecked_patterns(sym: &Symbols, shape: &Shape) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for m in shape.kind.members() {
        let mut target = sym.shape(&m.target);
        let mut depth = 0;
        while let Some(t) = target {
            if let Some(p) = &t.traits.pattern {
                if let Some(e) = pattern_error(p) {
                    out.push((m.name.clone(), p.clone(), e));
                }
            }
            depth += 1;
            target = match &t.kind {
                ShapeKind::List(item) if depth < 8 => sym.shape(&item.target),
                ShapeKind::Map { value, .. } if depth < 8 => sym.shape(&value.target),
                _ => None,
            };
        }
    }
    out
}
