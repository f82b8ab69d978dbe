//! The Smithy JSON AST as an index of raw shapes, with `apply` statements and
//! mixins already folded in, so the converters see each shape's final members
//! and traits and never look at another shape to complete one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::load::json::Ctx;

/// A member (or list `member`, map `key`/`value`) before conversion.
#[derive(Debug, Clone)]
pub(super) struct RawMember {
    /// Absent only on a member that re-declares an inherited one to add traits.
    pub target: Option<String>,
    pub traits: Map<String, Value>,
}

/// A shape as written, after `apply` and mixins.
#[derive(Debug)]
pub(super) struct RawShape<'a> {
    /// The Smithy type (`structure`, `operation`, ...).
    pub kind: String,
    pub json: &'a Map<String, Value>,
    /// Members in model order: structure/union/enum members, list `member`,
    /// map `key` and `value`.
    pub members: Vec<(String, RawMember)>,
    pub traits: Map<String, Value>,
}

impl RawShape<'_> {
    pub fn has_trait(&self, name: &str) -> bool {
        self.traits.get(name).is_some_and(|v| !v.is_null())
    }

    pub fn member(&self, name: &str) -> Option<&RawMember> {
        self.members.iter().find(|(n, _)| n == name).map(|(_, m)| m)
    }
}

pub(super) type Shapes<'a> = BTreeMap<String, RawShape<'a>>;

/// The part of a shape id after `#`, which is how errors and the IR name shapes.
pub(super) fn local_name(id: &str) -> &str {
    id.split_once('#').map_or(id, |(_, name)| name)
}

/// Reads `shapes`, applies `apply` statements, then resolves mixins.
pub(super) fn index<'a>(path: &Path, root: &'a Map<String, Value>) -> Result<Shapes<'a>> {
    let ctx = Ctx::new(path, "model");
    let shapes_json = match root.get("shapes") {
        Some(v) => ctx.object(v, "shapes")?,
        None => return Err(ctx.malformed("missing `shapes`")),
    };
    let mut shapes = Shapes::new();
    let mut applies = Vec::new();
    for (id, json) in shapes_json {
        let ctx = Ctx::new(path, format!("shape {}", local_name(id)));
        let obj = ctx.object(json, id)?;
        let kind = ctx.str(obj, "type")?;
        let traits = traits_of(&ctx, obj)?;
        if kind == "apply" {
            applies.push((id.as_str(), traits));
            continue;
        }
        if !is_shape_id(id) {
            return Err(ctx.malformed(format!(
                "`{id}` is not an absolute shape id (`namespace#Name`)"
            )));
        }
        shapes.insert(
            id.clone(),
            RawShape {
                kind: kind.to_owned(),
                json: obj,
                members: raw_members(path, id, kind, obj)?,
                traits,
            },
        );
    }
    for (id, traits) in applies {
        apply(path, &mut shapes, id, traits)?;
    }
    let ids: Vec<String> = shapes.keys().cloned().collect();
    let mut done = BTreeSet::new();
    for id in ids {
        resolve_mixins(path, &mut shapes, &id, &mut done, &mut Vec::new())?;
    }
    Ok(shapes)
}

fn is_shape_id(id: &str) -> bool {
    id.split_once('#')
        .is_some_and(|(ns, name)| !ns.is_empty() && !name.is_empty() && !name.contains(['#', '$']))
}

/// A shape's or member's `traits` object (absent is empty).
pub(super) fn traits_of(ctx: &Ctx, obj: &Map<String, Value>) -> Result<Map<String, Value>> {
    match obj.get("traits") {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(t) => Ok(ctx.object(t, "traits")?.clone()),
    }
}

/// A `{"target": "ns#Name"}` reference.
pub(super) fn target_of(ctx: &Ctx, value: &Value, what: &str) -> Result<String> {
    Ok(ctx.str(ctx.object(value, what)?, "target")?.to_owned())
}

/// A list of `{"target": ...}` references (absent is empty).
pub(super) fn targets_of(ctx: &Ctx, obj: &Map<String, Value>, key: &str) -> Result<Vec<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(list)) => list.iter().map(|v| target_of(ctx, v, key)).collect(),
        Some(_) => Err(ctx.malformed(format!("`{key}` must be a list of shape references"))),
    }
}

fn raw_members(
    path: &Path,
    id: &str,
    kind: &str,
    obj: &Map<String, Value>,
) -> Result<Vec<(String, RawMember)>> {
    let shape = local_name(id);
    let ctx = Ctx::new(path, format!("shape {shape}"));
    let named: Vec<(&str, &Value)> = match kind {
        "structure" | "union" | "enum" | "intEnum" => match obj.get("members") {
            None | Some(Value::Null) => Vec::new(),
            Some(m) => ctx
                .object(m, "members")?
                .iter()
                .map(|(k, v)| (k.as_str(), v))
                .collect(),
        },
        "list" | "set" => collection(&ctx, obj, &["member"])?,
        "map" => collection(&ctx, obj, &["key", "value"])?,
        _ => Vec::new(),
    };
    let mut members = Vec::with_capacity(named.len());
    for (name, json) in named {
        let mctx = Ctx::new(path, format!("shape {shape}, member {name}"));
        let m = mctx.object(json, name)?;
        members.push((
            name.to_owned(),
            RawMember {
                target: mctx.opt_str(m, "target")?,
                traits: traits_of(&mctx, m)?,
            },
        ));
    }
    Ok(members)
}

/// List and map members; a shape with mixins may leave them to the mixin.
fn collection<'v>(
    ctx: &Ctx,
    obj: &'v Map<String, Value>,
    keys: &[&'static str],
) -> Result<Vec<(&'static str, &'v Value)>> {
    let has_mixins = obj.get("mixins").is_some_and(|m| !m.is_null());
    let mut out = Vec::new();
    for &key in keys {
        match obj.get(key) {
            Some(v) => out.push((key, v)),
            None if has_mixins => {}
            None => return Err(ctx.malformed(format!("missing `{key}`"))),
        }
    }
    Ok(out)
}

/// `apply` adds traits to a shape (`ns#Name`) or member (`ns#Name$member`) defined elsewhere.
fn apply(path: &Path, shapes: &mut Shapes, id: &str, traits: Map<String, Value>) -> Result<()> {
    let (shape_id, member) = match id.split_once('$') {
        Some((s, m)) => (s, Some(m)),
        None => (id, None),
    };
    let Some(shape) = shapes.get_mut(shape_id) else {
        return Err(Error::UnknownShape {
            path: path.to_owned(),
            shape: format!("(apply {id})"),
            member: "target".into(),
            target: shape_id.to_owned(),
        });
    };
    let into = match member {
        None => &mut shape.traits,
        Some(name) => {
            // A member inherited from a mixin is not in the list yet: add a
            // trait-only entry that mixin resolution merges.
            if shape.member(name).is_none() {
                shape.members.push((
                    name.to_owned(),
                    RawMember {
                        target: None,
                        traits: Map::new(),
                    },
                ));
            }
            match shape.members.iter_mut().find(|(n, _)| n == name) {
                Some((_, m)) => &mut m.traits,
                None => return Ok(()),
            }
        }
    };
    into.extend(traits);
    Ok(())
}

/// Copies members and traits of `mixins` into the shape, depth first; the
/// shape's own traits (and its members' own traits) win.
fn resolve_mixins(
    path: &Path,
    shapes: &mut Shapes,
    id: &str,
    done: &mut BTreeSet<String>,
    stack: &mut Vec<String>,
) -> Result<()> {
    if done.contains(id) {
        return Ok(());
    }
    let ctx = Ctx::new(path, format!("shape {}", local_name(id)));
    if stack.iter().any(|s| s == id) {
        return Err(ctx.malformed(format!(
            "mixins form a cycle ({} -> {id})",
            stack.join(" -> ")
        )));
    }
    let Some(shape) = shapes.get(id) else {
        return Ok(());
    };
    let mixins = targets_of(&ctx, shape.json, "mixins")?;
    let kind = shape.kind.clone();
    stack.push(id.to_owned());
    for m in &mixins {
        let Some(mixin) = shapes.get(m) else {
            return Err(Error::UnknownShape {
                path: path.to_owned(),
                shape: local_name(id).to_owned(),
                member: "mixins".into(),
                target: m.clone(),
            });
        };
        if !mixin.has_trait("smithy.api#mixin") {
            return Err(ctx.malformed(format!("`mixins` names `{m}`, which is not a mixin")));
        }
        if mixin.kind != kind {
            return Err(ctx.malformed(format!(
                "mixin `{m}` is a {}, but this shape is a {kind}",
                mixin.kind
            )));
        }
        resolve_mixins(path, shapes, m, done, stack)?;
    }
    stack.pop();

    let mut members: Vec<(String, RawMember)> = Vec::new();
    let mut traits = Map::new();
    for m in &mixins {
        let Some(mixin) = shapes.get(m) else { continue };
        let local_only = local_traits(&ctx, mixin)?;
        for (k, v) in &mixin.traits {
            if k != "smithy.api#mixin" && !local_only.contains(k) {
                traits.insert(k.clone(), v.clone());
            }
        }
        for (name, member) in &mixin.members {
            merge_member(&mut members, name, member.clone());
        }
    }
    if let Some(shape) = shapes.get_mut(id) {
        for (k, v) in std::mem::take(&mut shape.traits) {
            traits.insert(k, v);
        }
        for (name, member) in std::mem::take(&mut shape.members) {
            merge_member(&mut members, &name, member);
        }
        shape.traits = traits;
        shape.members = members;
    }
    done.insert(id.to_owned());
    Ok(())
}

/// Traits a mixin keeps for itself (`@mixin(localTraits: [...])`).
fn local_traits(ctx: &Ctx, mixin: &RawShape) -> Result<Vec<String>> {
    let Some(Value::Object(m)) = mixin.traits.get("smithy.api#mixin") else {
        return Ok(Vec::new());
    };
    match m.get("localTraits") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(list)) => list
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| ctx.malformed("`localTraits` must be a list of trait ids"))
            })
            .collect(),
        Some(_) => Err(ctx.malformed("`localTraits` must be a list of trait ids")),
    }
}

fn merge_member(members: &mut Vec<(String, RawMember)>, name: &str, member: RawMember) {
    match members.iter_mut().find(|(n, _)| n == name) {
        Some((_, old)) => {
            if member.target.is_some() {
                old.target = member.target;
            }
            old.traits.extend(member.traits);
        }
        None => members.push((name.to_owned(), member)),
    }
}
