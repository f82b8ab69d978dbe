//! Name and type resolution: decides, once, the Rust identifier of every
//! type, field, variant and file, and which members must be boxed. Emitters
//! only look names up here; they never convert case themselves.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Member, Service, Shape, ShapeKind};
use crate::names;

/// Method names our builders already use (the fluent builder's `new`
/// included); a member with one of these names is renamed.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "build",
    "send",
    "customize",
    "config_override",
    "as_input",
    "into_paginator",
];

/// Names from Rust's prelude that generated code writes unqualified
/// (`Option<String>`, not `::std::option::Option<::std::string::String>`:
/// a fifth of the tokens, and easier to read). A type of one of these names
/// would shadow the prelude in its own file, so it is defined there under
/// [`Symbols::local_type_name`] and re-exported under its own name.
pub const PRELUDE_NAMES: &[&str] = &[
    "AsRef", "Box", "Default", "Err", "From", "Into", "None", "Ok", "Option", "Result", "Some",
    "String", "Vec",
];

/// What a structure or union member is called in Rust.
#[derive(Debug, Clone)]
pub struct MemberName {
    /// Field (structure) or setter (builder) name, as source text (`r#type`).
    pub field: String,
    /// Variant name, for union members.
    pub variant: String,
}

/// The path generated code names the runtime by unless told otherwise: the
/// runtime crate's own name, which works in any crate depending on it.
pub const DEFAULT_RUNTIME_PATH: &str = "::slimaws_runtime";

fn default_runtime_path() -> TokenStream {
    DEFAULT_RUNTIME_PATH.parse().expect("a path")
}

/// The resolved names of one service.
pub struct Symbols<'a> {
    pub service: &'a Service,
    /// Rust type name and file stem of each shape that becomes a named type.
    types: BTreeMap<String, (String, String)>,
    members: BTreeMap<(String, String), MemberName>,
    enum_variants: BTreeMap<(String, String), String>,
    /// (shape, member) edges that need a `Box` to break a recursive cycle.
    boxed: BTreeSet<(String, String)>,
    operations: BTreeMap<String, (String, String)>,
    /// (structure, member) of streamed input and output bodies:
    /// `ByteStream`, not `Blob`.
    streamed: BTreeSet<(String, String)>,
    /// Each event stream's error enum: Rust name and file stem.
    event_errors: BTreeMap<String, (String, String)>,
    /// The path generated code names the runtime crate by.
    runtime: TokenStream,
}

impl<'a> Symbols<'a> {
    /// Names for `service`, naming the runtime by its crate name,
    /// [`DEFAULT_RUNTIME_PATH`].
    pub fn new(service: &'a Service) -> Self {
        Symbols::with_runtime(service, default_runtime_path())
    }

    /// Names for `service`, naming the runtime by `runtime` (such as
    /// `::slimaws_runtime` or `crate::runtime`).
    pub fn with_runtime(service: &'a Service, runtime: TokenStream) -> Self {
        let mut sym = Symbols {
            service,
            runtime,
            types: BTreeMap::new(),
            members: BTreeMap::new(),
            enum_variants: BTreeMap::new(),
            boxed: BTreeSet::new(),
            operations: BTreeMap::new(),
            streamed: BTreeSet::new(),
            event_errors: BTreeMap::new(),
        };
        sym.name_types();
        sym.name_members();
        sym.name_operations();
        sym.boxed = find_boxed_edges(service);
        sym.streamed = service
            .operations
            .values()
            .flat_map(|op| {
                let output = service.streaming_output(op).zip(op.output.clone());
                let input = service.streaming_input(op).zip(op.input.clone());
                let events = service.event_stream_output(op).zip(op.output.clone());
                output.into_iter().chain(input).chain(events)
            })
            .map(|(member, shape)| (shape, member.name.clone()))
            .collect();
        sym
    }

    fn name_types(&mut self) {
        let mut taken_types = BTreeSet::new();
        // `types/mod.rs` declares `builders` itself; `mod` is the module file.
        let mut taken_files = BTreeSet::from(["builders".to_owned(), "mod".to_owned()]);
        for (name, shape) in &self.service.shapes {
            if !is_named_type(shape) {
                continue;
            }
            let base = names::type_ident(name);
            let ident = unique(&base, |c| {
                !taken_types.contains(c) && !taken_files.contains(&names::module_name(c))
            });
            taken_files.insert(names::module_name(&ident));
            taken_types.insert(ident.clone());
            let file = names::module_name(&ident);
            self.types.insert(name.clone(), (ident, file));
        }
        // After every shape, so that a shape keeps its own name.
        for (name, shape) in &self.service.shapes {
            if !shape.traits.event_stream {
                continue;
            }
            let base = format!("{}Error", self.type_name(name));
            let ident = unique(&base, |c| {
                !taken_types.contains(c) && !taken_files.contains(&names::module_name(c))
            });
            taken_files.insert(names::module_name(&ident));
            taken_types.insert(ident.clone());
            let file = names::module_name(&ident);
            self.event_errors.insert(name.clone(), (ident, file));
        }
    }

    /// The error enum of event stream `shape`: its Rust name and file stem.
    pub fn event_stream_error(&self, shape: &str) -> (&str, &str) {
        self.event_errors.get(shape).map_or(
            ("UnnamedEventStreamError", "unnamed_event_stream_error"),
            |(i, f)| (i, f),
        )
    }

    fn name_members(&mut self) {
        for (shape_name, shape) in &self.service.shapes {
            match &shape.kind {
                ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                    let mut fields = BTreeSet::new();
                    let mut variants = BTreeSet::from(["Unknown".to_owned()]);
                    for m in members {
                        let mut field = names::field_ident(&m.name);
                        if RESERVED_METHODS.contains(&field.as_str()) {
                            field.push_str("_value");
                        }
                        let field = unique(&field, |c| !fields.contains(c));
                        fields.insert(field.clone());
                        // Setters are `field` and `set_field`: keep those distinct too.
                        fields.insert(format!("set_{}", field.trim_start_matches("r#")));
                        let variant =
                            unique(&names::type_ident(&m.name), |c| !variants.contains(c));
                        variants.insert(variant.clone());
                        self.members.insert(
                            (shape_name.clone(), m.name.clone()),
                            MemberName { field, variant },
                        );
                    }
                }
                ShapeKind::Enum(values) => {
                    let mut taken = BTreeSet::from(["Unknown".to_owned()]);
                    for v in values {
                        let ident = unique(&names::type_ident(&v.name), |c| !taken.contains(c));
                        taken.insert(ident.clone());
                        self.enum_variants
                            .insert((shape_name.clone(), v.value.clone()), ident);
                    }
                }
                ShapeKind::IntEnum(values) => {
                    let mut taken = BTreeSet::from(["Unknown".to_owned()]);
                    for v in values {
                        let ident = unique(&names::type_ident(&v.name), |c| !taken.contains(c));
                        taken.insert(ident.clone());
                        self.enum_variants
                            .insert((shape_name.clone(), v.value.to_string()), ident);
                    }
                }
                _ => {}
            }
        }
    }

    fn name_operations(&mut self) {
        for name in self.service.operations.keys() {
            let file = names::module_name(name);
            let error = format!("{}Error", names::type_ident(name));
            self.operations.insert(name.clone(), (file, error));
        }
    }

    /// The runtime crate's path, to start paths into it: `#rt::Config`.
    pub fn runtime(&self) -> &TokenStream {
        &self.runtime
    }

    /// The Rust type name of a structure, union or enum shape.
    pub fn type_name(&self, shape: &str) -> &str {
        self.types.get(shape).map_or("UnnamedShape", |(i, _)| i)
    }

    /// The name a type is defined under in its own file: its name, or
    /// `Option_` for a name in [`PRELUDE_NAMES`], which `types/mod.rs`
    /// re-exports as `Option`.
    pub fn local_type_name(&self, shape: &str) -> std::borrow::Cow<'_, str> {
        let name = self.type_name(shape);
        if PRELUDE_NAMES.contains(&name) {
            format!("{name}_").into()
        } else {
            name.into()
        }
    }

    /// The file stem (and module name) of a named type.
    pub fn type_file(&self, shape: &str) -> &str {
        self.types.get(shape).map_or("unnamed_shape", |(_, f)| f)
    }

    /// Named types in model-name order.
    pub fn named_types(&self) -> impl Iterator<Item = (&'a Shape, &str, &str)> + '_ {
        self.types.iter().filter_map(|(name, (ident, file))| {
            self.service
                .shapes
                .get(name)
                .map(|s| (s, ident.as_str(), file.as_str()))
        })
    }

    /// The field of `shape.member` as tokens (`r#type` stays raw), for
    /// `self.#field` and `b.#field = ..` in emitted code.
    pub fn field_tokens(&self, shape: &str, member: &str) -> TokenStream {
        self.member(shape, member)
            .field
            .parse()
            .unwrap_or_else(|_| quote!(unnamed))
    }

    pub fn member(&self, shape: &str, member: &str) -> &MemberName {
        static FALLBACK: std::sync::OnceLock<MemberName> = std::sync::OnceLock::new();
        self.members
            .get(&(shape.to_owned(), member.to_owned()))
            .unwrap_or_else(|| {
                FALLBACK.get_or_init(|| MemberName {
                    field: "unnamed".into(),
                    variant: "Unnamed".into(),
                })
            })
    }

    pub fn enum_variant(&self, shape: &str, value: &str) -> &str {
        self.enum_variants
            .get(&(shape.to_owned(), value.to_owned()))
            .map_or("Unnamed", String::as_str)
    }

    pub fn is_boxed(&self, shape: &str, member: &str) -> bool {
        self.boxed.contains(&(shape.to_owned(), member.to_owned()))
    }

    /// File stem of an operation module.
    pub fn operation_file(&self, op: &str) -> &str {
        self.operations
            .get(op)
            .map_or("unnamed_operation", |(f, _)| f)
    }

    /// The operation's error enum name.
    pub fn operation_error(&self, op: &str) -> &str {
        self.operations
            .get(op)
            .map_or("UnnamedOperationError", |(_, e)| e)
    }

    /// The Rust type of a value of shape `target`, as seen from a module that
    /// can reach the service's types through `types_path`.
    pub fn rust_type(&self, target: &str, types_path: &TokenStream) -> TokenStream {
        let Some(shape) = self.service.shapes.get(target) else {
            return quote!(());
        };
        let rt = &self.runtime;
        match &shape.kind {
            ShapeKind::String => quote!(String),
            ShapeKind::Boolean => quote!(bool),
            ShapeKind::Byte => quote!(i8),
            ShapeKind::Short => quote!(i16),
            ShapeKind::Integer => quote!(i32),
            ShapeKind::Long => quote!(i64),
            ShapeKind::Float => quote!(f32),
            ShapeKind::Double => quote!(f64),
            ShapeKind::BigInteger => quote!(#rt::BigInteger),
            ShapeKind::BigDecimal => quote!(#rt::BigDecimal),
            ShapeKind::Blob => quote!(#rt::Blob),
            ShapeKind::Timestamp => quote!(#rt::DateTime),
            ShapeKind::Document => quote!(#rt::Document),
            ShapeKind::List(m) => {
                let inner = self.rust_type(&m.target, types_path);
                quote!(Vec<#inner>)
            }
            ShapeKind::Map { key, value } => {
                let k = self.rust_type(&key.target, types_path);
                let v = self.rust_type(&value.target, types_path);
                quote!(::std::collections::HashMap<#k, #v>)
            }
            ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_) => {
                let ident = format_ident!("{}", self.type_name(target));
                quote!(#types_path::#ident)
            }
        }
    }

    /// The type of a structure field or union variant payload, boxed where recursive.
    pub fn member_type(
        &self,
        shape: &str,
        member: &Member,
        types_path: &TokenStream,
    ) -> TokenStream {
        if self.is_streamed(shape, member) {
            let rt = &self.runtime;
            if self
                .shape(&member.target)
                .is_some_and(|t| t.traits.event_stream)
            {
                let events = self.rust_type(&member.target, types_path);
                let error = format_ident!("{}", self.event_stream_error(&member.target).0);
                return quote!(#rt::event_stream::EventStream<#events, #types_path::#error>);
            }
            return quote!(#rt::ByteStream);
        }
        let ty = self.rust_type(&member.target, types_path);
        if self.is_boxed(shape, &member.name) {
            quote!(Box<#ty>)
        } else {
            ty
        }
    }

    /// Whether `member` of structure `shape` is a body that streams: an
    /// output read as the caller pulls it ([`Service::streaming_output`]),
    /// an input sent as it is read ([`Service::streaming_input`]).
    pub fn is_streamed(&self, shape: &str, member: &Member) -> bool {
        !self.streamed.is_empty()
            && self
                .streamed
                .contains(&(shape.to_owned(), member.name.clone()))
    }

    /// Whether a structure holds a streamed body, which can be neither
    /// cloned nor compared.
    pub fn holds_stream(&self, shape: &str) -> bool {
        self.streamed.iter().any(|(s, _)| s == shape)
    }

    /// Whether `Debug` must hide a member: the member, its shape, or the
    /// elements of a list or map it holds are sensitive.
    pub fn is_sensitive(&self, member: &Member) -> bool {
        member.traits.sensitive || self.shape_is_sensitive(&member.target, 0)
    }

    fn shape_is_sensitive(&self, target: &str, depth: usize) -> bool {
        let Some(shape) = self.service.shapes.get(target) else {
            return false;
        };
        if shape.traits.sensitive {
            return true;
        }
        // Collections of collections are shallow in practice; the bound stops cycles.
        if depth > 16 {
            return false;
        }
        match &shape.kind {
            ShapeKind::List(m) => {
                m.traits.sensitive || self.shape_is_sensitive(&m.target, depth + 1)
            }
            ShapeKind::Map { key, value } => [key, value]
                .iter()
                .any(|m| m.traits.sensitive || self.shape_is_sensitive(&m.target, depth + 1)),
            _ => false,
        }
    }

    pub fn shape(&self, name: &str) -> Option<&'a Shape> {
        self.service.shapes.get(name)
    }
}

/// Shapes that become Rust types of their own.
pub fn is_named_type(shape: &Shape) -> bool {
    matches!(
        shape.kind,
        ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_)
    )
}

/// `base`, or `base2`, `base3`... whichever is first accepted.
fn unique(base: &str, free: impl Fn(&str) -> bool) -> String {
    if free(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|c| free(c))
        .unwrap_or_else(|| base.to_owned())
}

/// Finds structure/union members that contain their own type by value and
/// boxes one edge of every such cycle (the back edge of a depth-first walk
/// in model order, so the choice is deterministic). Lists and maps already
/// add indirection and break cycles on their own.
fn find_boxed_edges(service: &Service) -> BTreeSet<(String, String)> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unseen,
        OnPath,
        Done,
    }
    let direct_edges = |name: &str| -> Vec<(String, String)> {
        match service.shapes.get(name).map(|s| &s.kind) {
            Some(ShapeKind::Structure(ms)) | Some(ShapeKind::Union(ms)) => ms
                .iter()
                .filter(|m| {
                    matches!(
                        service.shapes.get(&m.target).map(|s| &s.kind),
                        Some(ShapeKind::Structure(_)) | Some(ShapeKind::Union(_))
                    )
                })
                .map(|m| (m.name.clone(), m.target.clone()))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut state: BTreeMap<String, State> = service
        .shapes
        .keys()
        .map(|k| (k.clone(), State::Unseen))
        .collect();
    let mut boxed = BTreeSet::new();
    for start in service.shapes.keys() {
        if state[start] != State::Unseen {
            continue;
        }
        let mut edges = direct_edges(start);
        edges.reverse();
        let mut stack = vec![(start.clone(), edges)];
        state.insert(start.clone(), State::OnPath);
        while let Some((shape, pending)) = stack.last_mut() {
            let Some((member, target)) = pending.pop() else {
                state.insert(shape.clone(), State::Done);
                stack.pop();
                continue;
            };
            match state.get(&target).copied().unwrap_or(State::Done) {
                State::OnPath => {
                    boxed.insert((shape.clone(), member));
                }
                State::Done => {}
                State::Unseen => {
                    state.insert(target.clone(), State::OnPath);
                    let mut next = direct_edges(&target);
                    next.reverse();
                    stack.push((target, next));
                }
            }
        }
    }
    boxed
}
