//! Smithy data shapes and their members to IR shapes, following the
//! conventions botocore's conversion uses so both formats give the same IR.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::model::{RawMember, RawShape, Shapes};
use super::names::{prelude, Names};
use super::traits::{self, flag, DOC};
use crate::error::{Error, Result};
use crate::ir::*;
use crate::load::json::Ctx;

pub(super) struct Converter<'a> {
    pub path: &'a Path,
    pub shapes: &'a Shapes<'a>,
    pub names: &'a Names,
    pub protocol: Protocol,
    pub service_ns: Option<XmlNamespace>,
    /// Ids of operation input structures (restXml payload namespaces).
    pub inputs: BTreeSet<String>,
    /// Prelude shapes referenced, added once all shapes are converted.
    prelude_used: BTreeMap<String, ShapeKind>,
    /// Shapes botocore makes for members with their own bounds or pattern.
    constrained: Vec<Constrained>,
}

/// A copy of `target` named `name`, with a member's own constraints.
struct Constrained {
    name: String,
    target: String,
    min: Option<f64>,
    max: Option<f64>,
    pattern: Option<String>,
}

impl<'a> Converter<'a> {
    pub fn new(path: &'a Path, shapes: &'a Shapes<'a>, names: &'a Names) -> Self {
        Converter {
            path,
            shapes,
            names,
            protocol: Protocol::default(),
            service_ns: None,
            inputs: BTreeSet::new(),
            prelude_used: BTreeMap::new(),
            constrained: Vec::new(),
        }
    }

    /// Every data shape of the model, plus the prelude and constraint shapes
    /// they need.
    pub fn convert_all(mut self) -> Result<BTreeMap<ShapeId, Shape>> {
        let mut out = BTreeMap::new();
        for (id, raw) in self.shapes {
            if let Some(name) = self.names.data_shape(id) {
                let shape = self.shape(id, name, raw)?;
                out.insert(name.to_owned(), shape);
            }
        }
        for (name, kind) in std::mem::take(&mut self.prelude_used) {
            out.entry(name.clone()).or_insert(Shape {
                name,
                kind,
                traits: ShapeTraits::default(),
            });
        }
        for c in std::mem::take(&mut self.constrained) {
            let ctx = Ctx::new(self.path, format!("shape {}", c.name));
            let Some(target) = out.get(&c.target) else {
                continue;
            };
            let mut shape = target.clone();
            shape.name = c.name.clone();
            shape.traits.min = c.min.or(shape.traits.min);
            shape.traits.max = c.max.or(shape.traits.max);
            shape.traits.pattern = c.pattern.or(shape.traits.pattern);
            match out.get(&c.name) {
                Some(existing) if *existing != shape => {
                    return Err(ctx.malformed(format!(
                        "a member's own constraints need a shape named `{}`, \
                         which the model already uses",
                        c.name
                    )))
                }
                _ => {
                    out.insert(c.name, shape);
                }
            }
        }
        Ok(out)
    }

    fn shape(&mut self, id: &str, name: &str, raw: &RawShape) -> Result<Shape> {
        let ctx = Ctx::new(self.path, format!("shape {name}"));
        let kind = match raw.kind.as_str() {
            "structure" => ShapeKind::Structure(self.members(id, name, raw)?),
            "union" => ShapeKind::Union(self.members(id, name, raw)?),
            "list" | "set" => ShapeKind::List(Box::new(self.only_member(id, name, raw, "member")?)),
            "map" => ShapeKind::Map {
                key: Box::new(self.only_member(id, name, raw, "key")?),
                value: Box::new(self.only_member(id, name, raw, "value")?),
            },
            "enum" => ShapeKind::Enum(enum_values(self.path, name, raw)?),
            "intEnum" => ShapeKind::IntEnum(int_enum_values(self.path, name, raw)?),
            "string" if raw.has_trait("smithy.api#enum") => {
                ShapeKind::Enum(legacy_enum_values(&ctx, &raw.traits)?)
            }
            "string" => ShapeKind::String,
            "blob" => ShapeKind::Blob,
            "boolean" => ShapeKind::Boolean,
            "byte" => ShapeKind::Byte,
            "short" => ShapeKind::Short,
            "integer" => ShapeKind::Integer,
            "long" => ShapeKind::Long,
            "float" => ShapeKind::Float,
            "double" => ShapeKind::Double,
            "bigInteger" => ShapeKind::BigInteger,
            "bigDecimal" => ShapeKind::BigDecimal,
            "timestamp" => ShapeKind::Timestamp,
            "document" => ShapeKind::Document,
            other => {
                return Err(Error::UnknownType {
                    path: self.path.to_owned(),
                    shape: name.to_owned(),
                    kind: other.to_owned(),
                })
            }
        };
        let t = &raw.traits;
        let (min, max) = traits::bounds(&ctx, t)?;
        let streaming = flag(&ctx, t, "smithy.api#streaming")?;
        let traits = ShapeTraits {
            documentation: ctx.opt_str(t, DOC)?,
            sensitive: flag(&ctx, t, "smithy.api#sensitive")?,
            deprecated: traits::deprecated(&ctx, t)?,
            min,
            max,
            pattern: ctx.opt_str(t, "smithy.api#pattern")?,
            error: traits::error(
                &ctx,
                t,
                !matches!(self.protocol, Protocol::AwsJson1_0 | Protocol::AwsJson1_1),
            )?,
            xml_namespace: traits::xml_namespace(&ctx, t)?,
            xml_name: ctx.opt_str(t, "smithy.api#xmlName")?,
            timestamp_format: traits::timestamp_format(&ctx, t)?,
            flattened: false,
            streaming: streaming && raw.kind == "blob",
            event_stream: streaming && raw.kind == "union",
            requires_length: flag(&ctx, t, "smithy.api#requiresLength")?,
        };
        Ok(Shape {
            name: name.to_owned(),
            kind,
            traits,
        })
    }

    fn members(&mut self, id: &str, name: &str, raw: &RawShape) -> Result<Vec<Member>> {
        raw.members
            .iter()
            .map(|(m, member)| self.member(id, name, m, member))
            .collect()
    }

    fn only_member(&mut self, id: &str, name: &str, raw: &RawShape, key: &str) -> Result<Member> {
        match raw.member(key) {
            Some(m) => self.member(id, name, key, m),
            None => {
                Err(Ctx::new(self.path, format!("shape {name}"))
                    .malformed(format!("missing `{key}`")))
            }
        }
    }

    fn member(
        &mut self,
        container_id: &str,
        container: &str,
        name: &str,
        raw: &RawMember,
    ) -> Result<Member> {
        let ctx = Ctx::new(self.path, format!("shape {container}, member {name}"));
        let Some(target_id) = &raw.target else {
            return Err(ctx.malformed("missing `target`"));
        };
        let (mut target, smithy_type) = self.resolve(&ctx, container, name, target_id)?;
        let target_raw = self.shapes.get(target_id.as_str());
        let t = &raw.traits;

        let (location, binding_name) = http_binding(&ctx, name, t)?;
        let json_name = ctx.opt_str(t, "smithy.api#jsonName")?;
        let xml_name = ctx.opt_str(t, "smithy.api#xmlName")?;
        let body_name = match self.protocol {
            Protocol::RestJson1 | Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
                json_name.or(xml_name)
            }
            _ => xml_name.or(json_name),
        };
        let payload = flag(&ctx, t, "smithy.api#httpPayload")?;
        let mut xml_namespace = traits::xml_namespace(&ctx, t)?;
        // botocore puts the service namespace on a restXml input's structure payload.
        if xml_namespace.is_none()
            && payload
            && self.protocol == Protocol::RestXml
            && self.inputs.contains(container_id)
            && matches!(smithy_type.as_str(), "structure" | "union")
        {
            xml_namespace = self.service_ns.clone();
        }
        let json_media = target_raw
            .and_then(|s| s.traits.get("smithy.api#mediaType"))
            .and_then(Value::as_str)
            .is_some_and(|m| m == "application/json" || m.ends_with("+json"));
        let context_param = match traits::object(&ctx, t, "smithy.rules#contextParam")? {
            Some(p) => Some(ctx.str(p, "name")?.to_owned()),
            None => None,
        };

        // A member with its own bounds or pattern gets its own copy of the
        // target, named `{Container}{Member}{Type}` as botocore names it.
        let (min, max) = traits::bounds(&ctx, t)?;
        let pattern = ctx.opt_str(t, "smithy.api#pattern")?;
        if min.is_some() || max.is_some() || pattern.is_some() {
            let synthetic = format!(
                "{container}{}{}",
                upper_first(name),
                upper_first(&smithy_type)
            );
            self.constrained.push(Constrained {
                name: synthetic.clone(),
                target,
                min,
                max,
                pattern,
            });
            target = synthetic;
        }

        Ok(Member {
            name: name.to_owned(),
            target,
            traits: MemberTraits {
                documentation: ctx.opt_str(t, DOC)?,
                required: flag(&ctx, t, "smithy.api#required")?,
                location,
                location_name: binding_name.or(body_name),
                payload,
                xml_namespace,
                xml_attribute: flag(&ctx, t, "smithy.api#xmlAttribute")?,
                flattened: flag(&ctx, t, "smithy.api#xmlFlattened")?,
                json_value: location == Location::Header && json_media,
                timestamp_format: traits::timestamp_format(&ctx, t)?,
                idempotency_token: flag(&ctx, t, "smithy.api#idempotencyToken")?,
                host_label: flag(&ctx, t, "smithy.api#hostLabel")?,
                sensitive: flag(&ctx, t, "smithy.api#sensitive")?,
                deprecated: traits::deprecated(&ctx, t)?,
                context_param,
                default: t
                    .get("smithy.api#default")
                    .filter(|v| !v.is_null())
                    .cloned(),
                query_name: ctx.opt_str(t, "aws.protocols#ec2QueryName")?,
                // The blob shape carries `smithy.api#streaming`.
                streaming: false,
                header_rewrite: None,
                sent_when_unset: None,
                input_rewrite: None,
                lenient: false,
                s3_bucket: false,
                s3_ascii_metadata: false,
                event_header: flag(&ctx, t, "smithy.api#eventHeader")?,
                event_payload: flag(&ctx, t, "smithy.api#eventPayload")?,
            },
        })
    }

    /// A member's target: its IR name and Smithy type.
    fn resolve(
        &mut self,
        ctx: &Ctx,
        shape: &str,
        member: &str,
        target: &str,
    ) -> Result<(String, String)> {
        if let Some(name) = self.names.data_shape(target) {
            let kind = self
                .shapes
                .get(target)
                .map(|s| s.kind.clone())
                .unwrap_or_default();
            return Ok((name.to_owned(), kind));
        }
        if let Some((name, smithy_type, kind)) = prelude(target) {
            if let Some(own) = self.names.id_named(name) {
                let own_type = self
                    .shapes
                    .get(own)
                    .map(|s| s.kind.as_str())
                    .unwrap_or_default();
                if own_type != smithy_type {
                    return Err(ctx.malformed(format!(
                        "`{target}` would be named `{name}`, but the model's own `{own}` \
                         is a {own_type}, not a {smithy_type}"
                    )));
                }
            } else {
                self.prelude_used.insert(name.to_owned(), kind);
            }
            return Ok((name.to_owned(), smithy_type.to_owned()));
        }
        if let Some(s) = self.shapes.get(target) {
            return Err(ctx.malformed(format!(
                "targets `{target}`, a {}, which is not a data shape",
                if s.has_trait("smithy.api#mixin") {
                    "mixin"
                } else {
                    s.kind.as_str()
                }
            )));
        }
        Err(Error::UnknownShape {
            path: self.path.to_owned(),
            shape: shape.to_owned(),
            member: member.to_owned(),
            target: target.to_owned(),
        })
    }
}

/// The member's HTTP binding and the wire name it implies.
fn http_binding(
    ctx: &Ctx,
    name: &str,
    t: &Map<String, Value>,
) -> Result<(Location, Option<String>)> {
    let mut found = Vec::new();
    if flag(ctx, t, "smithy.api#httpLabel")? {
        found.push((Location::Uri, Some(name.to_owned())));
    }
    if let Some(q) = ctx.opt_str(t, "smithy.api#httpQuery")? {
        found.push((Location::Query, Some(q)));
    }
    if flag(ctx, t, "smithy.api#httpQueryParams")? {
        found.push((Location::QueryParams, None));
    }
    if let Some(h) = ctx.opt_str(t, "smithy.api#httpHeader")? {
        found.push((Location::Header, Some(h)));
    }
    if let Some(p) = ctx.opt_str(t, "smithy.api#httpPrefixHeaders")? {
        found.push((Location::PrefixHeaders, Some(p)));
    }
    if flag(ctx, t, "smithy.api#httpResponseCode")? {
        found.push((Location::StatusCode, None));
    }
    if found.len() > 1 {
        return Err(ctx.malformed("more than one HTTP binding trait"));
    }
    Ok(found.pop().unwrap_or((Location::Body, None)))
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `enum` members: the value is `enumValue` (default: the member name). The
/// name is the value, as botocore (which keeps only values) has it.
fn enum_values(path: &Path, shape: &str, raw: &RawShape) -> Result<Vec<EnumValue>> {
    let mut out: Vec<EnumValue> = Vec::with_capacity(raw.members.len());
    for (name, m) in &raw.members {
        let ctx = Ctx::new(path, format!("shape {shape}, member {name}"));
        let value = ctx
            .opt_str(&m.traits, "smithy.api#enumValue")?
            .unwrap_or_else(|| name.clone());
        // A repeated value would repeat a match arm; keep the first.
        if out.iter().any(|e| e.value == value) {
            continue;
        }
        out.push(EnumValue {
            name: value.clone(),
            value,
            documentation: ctx.opt_str(&m.traits, DOC)?,
        });
    }
    Ok(out)
}

fn int_enum_values(path: &Path, shape: &str, raw: &RawShape) -> Result<Vec<IntEnumValue>> {
    let mut out: Vec<IntEnumValue> = Vec::with_capacity(raw.members.len());
    for (name, m) in &raw.members {
        let ctx = Ctx::new(path, format!("shape {shape}, member {name}"));
        let value = m
            .traits
            .get("smithy.api#enumValue")
            .and_then(Value::as_i64)
            .and_then(|v| i32::try_from(v).ok())
            .ok_or_else(|| ctx.malformed("`smithy.api#enumValue` must be a 32-bit integer"))?;
        if out.iter().any(|e| e.value == value) {
            continue;
        }
        out.push(IntEnumValue {
            name: name.clone(),
            value,
            documentation: ctx.opt_str(&m.traits, DOC)?,
        });
    }
    Ok(out)
}

/// The Smithy 1.0 `enum` trait on a string (still used by some models).
fn legacy_enum_values(ctx: &Ctx, traits: &Map<String, Value>) -> Result<Vec<EnumValue>> {
    let list = traits
        .get("smithy.api#enum")
        .and_then(Value::as_array)
        .ok_or_else(|| ctx.malformed("`smithy.api#enum` must be a list of enum definitions"))?;
    let mut out: Vec<EnumValue> = Vec::with_capacity(list.len());
    for def in list {
        let def = ctx.object(def, "smithy.api#enum")?;
        let value = ctx.str(def, "value")?.to_owned();
        if out.iter().any(|e| e.value == value) {
            continue;
        }
        out.push(EnumValue {
            name: value.clone(),
            value,
            documentation: ctx.opt_str(def, "documentation")?,
        });
    }
    Ok(out)
}
