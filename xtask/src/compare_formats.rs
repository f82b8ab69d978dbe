//! `cargo xtask compare-formats --botocore DIR --smithy DIR --ops LIST [--docs]`:
//! loads each operation's service from a botocore model and from a Smithy
//! JSON AST model, selects the operation in both, and prints how the two IRs
//! differ, shape by shape. It is how the Smithy loader is checked against
//! real models; the tests use only the project's own fixtures.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use slimaws_codegen::ir::{Member, Operation, Service, Shape, ShapeKind};

#[derive(clap::Args)]
pub struct Args {
    /// botocore models laid out as `<service>/<api-version>/service-2.json`.
    #[arg(long)]
    botocore: PathBuf,
    /// Directory of Smithy JSON AST models (`*.json`).
    #[arg(long)]
    smithy: PathBuf,
    /// Operations to compare (comma-separated).
    #[arg(long, value_delimiter = ',', required = true)]
    ops: Vec<String>,
    /// Print each documentation difference with both texts, not one summary line per shape.
    #[arg(long)]
    docs: bool,
}

pub fn run(args: Args) -> Result<()> {
    let botocore = botocore_models(&args.botocore)?;
    let smithy = smithy_models(&args.smithy)?;
    let mut total = 0;
    let mut cache = BTreeMap::new();
    for op in &args.ops {
        println!("== {op}");
        let (Some(b), Some(s)) = (find(&botocore, op), find(&smithy, op)) else {
            for (format, found) in [
                ("botocore", find(&botocore, op)),
                ("smithy", find(&smithy, op)),
            ] {
                match found {
                    Some(m) => println!("   {format}: {}", m.path.display()),
                    None => println!("operation {op}: not in any {format} model"),
                }
            }
            total += 1;
            continue;
        };
        println!("   botocore: {}", b.path.display());
        println!("   smithy:   {}", s.path.display());
        let b_ir = load(b, op, &mut cache)?;
        let s_ir = load(s, op, &mut cache)?;
        let lines = Compare::new(args.docs).services(&b_ir, &s_ir);
        for line in &lines {
            println!("{line}");
        }
        println!("   {} difference(s)", lines.len());
        total += lines.len();
    }
    println!("{total} difference(s) in all");
    Ok(())
}

/// One model file and the operation names it defines.
struct ModelFile {
    path: PathBuf,
    module: String,
    operations: Vec<String>,
    /// botocore's rule set lives next to the model.
    rule_set: Option<PathBuf>,
}

fn find<'m>(models: &'m [ModelFile], op: &str) -> Option<&'m ModelFile> {
    models.iter().find(|m| m.operations.iter().any(|o| o == op))
}

/// The whole model is loaded once per file, then reduced to `op`.
fn load(model: &ModelFile, op: &str, cache: &mut BTreeMap<PathBuf, Service>) -> Result<Service> {
    if !cache.contains_key(&model.path) {
        let mut service = slimaws_codegen::load_model(&model.path, &model.module)?;
        if let Some(rules) = &model.rule_set {
            service.endpoint_rule_set = Some(slimaws_codegen::load::read_json(rules)?);
        }
        cache.insert(model.path.clone(), service);
    }
    let service = &cache[&model.path];
    Ok(slimaws_codegen::select::select(
        &model.path,
        service,
        &[op.to_owned()],
    )?)
}

/// The newest API version of every service under `dir`.
fn botocore_models(dir: &Path) -> Result<Vec<ModelFile>> {
    let mut out = Vec::new();
    for service in sorted_dir(dir)? {
        if !service.is_dir() {
            continue;
        }
        let Some(version) = sorted_dir(&service)?
            .into_iter()
            .rfind(|v| v.join("service-2.json").is_file())
        else {
            continue;
        };
        let path = version.join("service-2.json");
        let json = slimaws_codegen::load::read_json(&path)?;
        let operations = json
            .get("operations")
            .and_then(|o| o.as_object())
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        let rules = version.join("endpoint-rule-set-1.json");
        out.push(ModelFile {
            module: file_name(&service),
            path,
            operations,
            rule_set: rules.is_file().then_some(rules),
        });
    }
    Ok(out)
}

fn smithy_models(dir: &Path) -> Result<Vec<ModelFile>> {
    let mut out = Vec::new();
    for path in sorted_dir(dir)? {
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let json = slimaws_codegen::load::read_json(&path)?;
        let operations = json
            .get("shapes")
            .and_then(|s| s.as_object())
            .map(|shapes| {
                shapes
                    .iter()
                    .filter(|(_, s)| s.get("type").and_then(|t| t.as_str()) == Some("operation"))
                    .filter_map(|(id, _)| id.split_once('#').map(|(_, n)| n.to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        out.push(ModelFile {
            module: file_name(&path).trim_end_matches(".json").to_owned(),
            path,
            operations,
            rule_set: None,
        });
    }
    if out.is_empty() {
        bail!("no *.json models in {}", dir.display());
    }
    Ok(out)
}

fn sorted_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    entries.sort();
    Ok(entries)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// How two documentation strings differ.
#[derive(Clone, Copy, PartialEq)]
enum DocDiff {
    /// Same words, different line breaks and indentation (Smithy keeps the
    /// source layout; botocore collapses it).
    Whitespace,
    Text,
}

fn doc_diff(b: &Option<String>, s: &Option<String>) -> Option<DocDiff> {
    if b == s {
        return None;
    }
    Some(if words(b) == words(s) {
        DocDiff::Whitespace
    } else {
        DocDiff::Text
    })
}

fn words(doc: &Option<String>) -> Option<Vec<&str>> {
    doc.as_deref().map(|t| t.split_whitespace().collect())
}

/// Collects difference lines; documentation differences of one shape are
/// gathered and reported together unless `docs` asks for each.
struct Compare {
    docs: bool,
    lines: Vec<String>,
    /// (where, kind, botocore, smithy) for the shape being compared.
    pending_docs: Vec<(String, DocDiff, Option<String>, Option<String>)>,
}

/// Pushes `{at}: {field} differs (...)` for each listed field that differs.
macro_rules! fields {
    ($cmp:expr, $at:expr, $b:expr, $s:expr, [$($f:ident).+ $(, $($g:ident).+)*]) => {
        $cmp.field($at, stringify!($($f).+), &$b.$($f).+, &$s.$($f).+);
        $( $cmp.field($at, stringify!($($g).+), &$b.$($g).+, &$s.$($g).+); )*
    };
}

impl Compare {
    fn new(docs: bool) -> Self {
        Compare {
            docs,
            lines: Vec::new(),
            pending_docs: Vec::new(),
        }
    }

    fn field<T: PartialEq + Debug>(&mut self, at: &str, name: &str, b: &T, s: &T) {
        if b != s {
            self.lines.push(format!(
                "{at}: {name} differs (botocore {}, smithy {})",
                show(b),
                show(s)
            ));
        }
    }

    fn doc(&mut self, part: &str, b: &Option<String>, s: &Option<String>) {
        if let Some(kind) = doc_diff(b, s) {
            self.pending_docs
                .push((part.to_owned(), kind, b.clone(), s.clone()));
        }
    }

    /// Ends one shape (or operation, or the service): reports its documentation differences.
    fn flush_docs(&mut self, at: &str) {
        let pending = std::mem::take(&mut self.pending_docs);
        if pending.is_empty() {
            return;
        }
        if self.docs {
            for (part, kind, b, s) in pending {
                let how = match kind {
                    DocDiff::Whitespace => "whitespace only",
                    DocDiff::Text => "text",
                };
                self.lines.push(format!(
                    "{at}{part}: documentation differs ({how})\n    botocore: {}\n    smithy:   {}",
                    show(&b),
                    show(&s)
                ));
            }
            return;
        }
        let list = |kind: DocDiff| -> Vec<String> {
            pending
                .iter()
                .filter(|p| p.1 == kind)
                .map(|p| {
                    if p.0.is_empty() {
                        "itself".to_owned()
                    } else {
                        p.0.trim_start_matches(", ").to_owned()
                    }
                })
                .collect()
        };
        let (text, space) = (list(DocDiff::Text), list(DocDiff::Whitespace));
        let mut parts = Vec::new();
        if !text.is_empty() {
            parts.push(format!("text in {}", text.join("; ")));
        }
        if !space.is_empty() {
            parts.push(format!("whitespace only in {}", space.join("; ")));
        }
        self.lines
            .push(format!("{at}: documentation differs: {}", parts.join(", ")));
    }

    fn services(mut self, b: &Service, s: &Service) -> Vec<String> {
        let at = "metadata";
        fields!(
            self,
            at,
            b.metadata,
            s.metadata,
            [
                api_version,
                service_id,
                full_name,
                endpoint_prefix,
                signing_name,
                protocol,
                target_prefix,
                json_version,
                xml_namespace,
                client_context_params
            ]
        );
        match (&b.endpoint_rule_set, &s.endpoint_rule_set) {
            (Some(br), Some(sr)) => {
                for part in ["version", "parameters", "rules"] {
                    if br.get(part) != sr.get(part) {
                        self.lines
                            .push(format!("service: endpoint rule set `{part}` differs"));
                    }
                }
            }
            (br, sr) if br.is_some() != sr.is_some() => self.lines.push(format!(
                "service: endpoint rule set differs (botocore {}, smithy {})",
                presence(br),
                presence(sr)
            )),
            _ => {}
        }
        self.doc("", &b.documentation, &s.documentation);
        self.flush_docs("service");
        for (name, bop) in &b.operations {
            match s.operations.get(name) {
                Some(sop) => self.operation(bop, sop),
                None => self
                    .lines
                    .push(format!("operation {name}: only in botocore")),
            }
        }
        for name in s
            .operations
            .keys()
            .filter(|n| !b.operations.contains_key(*n))
        {
            self.lines.push(format!("operation {name}: only in smithy"));
        }
        for (name, bs) in &b.shapes {
            match s.shapes.get(name) {
                Some(ss) => self.shape(bs, ss),
                None => self.lines.push(format!("shape {name}: only in botocore")),
            }
        }
        for name in s.shapes.keys().filter(|n| !b.shapes.contains_key(*n)) {
            self.lines.push(format!("shape {name}: only in smithy"));
        }
        self.lines
    }

    fn operation(&mut self, b: &Operation, s: &Operation) {
        let at = format!("operation {}", b.name);
        let at = at.as_str();
        fields!(
            self,
            at,
            b,
            s,
            [
                http.method,
                http.request_uri,
                http.response_code,
                input,
                input_xml_name,
                input_xml_namespace,
                output,
                deprecated,
                idempotent,
                host_prefix,
                static_context_params
            ]
        );
        if b.errors != s.errors {
            let mut bs = b.errors.clone();
            let mut ss = s.errors.clone();
            bs.sort();
            ss.sort();
            if bs == ss {
                self.lines.push(format!(
                    "{at}: errors listed in a different order (botocore {}, smithy {})",
                    b.errors.join(", "),
                    s.errors.join(", ")
                ));
            } else {
                self.field(at, "errors", &bs, &ss);
            }
        }
        self.doc("", &b.documentation, &s.documentation);
        self.flush_docs(at);
    }

    fn shape(&mut self, b: &Shape, s: &Shape) {
        let at = format!("shape {}", b.name);
        let at = at.as_str();
        if b.kind.describe() != s.kind.describe() {
            self.lines.push(format!(
                "{at}: kind differs (botocore {}, smithy {})",
                b.kind.describe(),
                s.kind.describe()
            ));
        } else {
            self.kind(at, &b.kind, &s.kind);
        }
        fields!(
            self,
            at,
            b.traits,
            s.traits,
            [
                sensitive,
                deprecated,
                min,
                max,
                pattern,
                error,
                xml_namespace,
                xml_name,
                timestamp_format,
                flattened,
                streaming,
                event_stream
            ]
        );
        self.doc("", &b.traits.documentation, &s.traits.documentation);
        self.flush_docs(at);
    }

    fn kind(&mut self, at: &str, b: &ShapeKind, s: &ShapeKind) {
        match (b, s) {
            (ShapeKind::Enum(bv), ShapeKind::Enum(sv)) => {
                let bmap: BTreeMap<_, _> = bv.iter().map(|v| (&v.value, v)).collect();
                let smap: BTreeMap<_, _> = sv.iter().map(|v| (&v.value, v)).collect();
                for (value, v) in &bmap {
                    match smap.get(value) {
                        None => self
                            .lines
                            .push(format!("{at}, value {value}: only in botocore")),
                        Some(w) => {
                            let vat = format!("{at}, value {value}");
                            self.field(&vat, "name", &v.name, &w.name);
                            self.doc(
                                &format!(", value {value}"),
                                &v.documentation,
                                &w.documentation,
                            );
                        }
                    }
                }
                for value in smap.keys().filter(|v| !bmap.contains_key(*v)) {
                    self.lines
                        .push(format!("{at}, value {value}: only in smithy"));
                }
                let order = |v: &[slimaws_codegen::ir::EnumValue]| {
                    v.iter().map(|e| e.value.clone()).collect::<Vec<_>>()
                };
                if bmap.keys().eq(smap.keys()) && order(bv) != order(sv) {
                    self.lines
                        .push(format!("{at}: values listed in a different order"));
                }
            }
            (ShapeKind::IntEnum(bv), ShapeKind::IntEnum(sv)) => self.field(at, "values", bv, sv),
            _ => {
                let bm = b.members();
                let sm = s.members();
                for m in &bm {
                    match sm.iter().find(|x| x.name == m.name) {
                        Some(x) => self.member(at, m, x),
                        None => self
                            .lines
                            .push(format!("{at}, member {}: only in botocore", m.name)),
                    }
                }
                for m in sm.iter().filter(|x| !bm.iter().any(|m| m.name == x.name)) {
                    self.lines
                        .push(format!("{at}, member {}: only in smithy", m.name));
                }
                let names = |m: &[&Member]| m.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
                let (bn, sn) = (names(&bm), names(&sm));
                if bn != sn && bn.len() == sn.len() && bn.iter().all(|n| sn.contains(n)) {
                    self.lines
                        .push(format!("{at}: members listed in a different order"));
                }
            }
        }
    }

    fn member(&mut self, shape_at: &str, b: &Member, s: &Member) {
        let at = format!("{shape_at}, member {}", b.name);
        let at = at.as_str();
        self.field(at, "target", &b.target, &s.target);
        fields!(
            self,
            at,
            b.traits,
            s.traits,
            [
                required,
                location,
                location_name,
                payload,
                xml_namespace,
                xml_attribute,
                flattened,
                json_value,
                timestamp_format,
                idempotency_token,
                host_label,
                sensitive,
                deprecated,
                context_param,
                query_name
            ]
        );
        // JSON values read better as JSON.
        let json = |m: &Member| m.traits.default.as_ref().map(ToString::to_string);
        self.field(at, "default", &json(b), &json(s));
        self.doc(
            &format!(", member {}", b.name),
            &b.traits.documentation,
            &s.traits.documentation,
        );
    }
}

fn presence<T>(v: &Option<T>) -> &'static str {
    if v.is_some() {
        "present"
    } else {
        "absent"
    }
}

/// `None` reads better as `none` than as Rust syntax.
fn show<T: Debug>(v: &T) -> String {
    let text = format!("{v:?}");
    match text.strip_prefix("Some(").and_then(|t| t.strip_suffix(')')) {
        Some(inner) => inner.to_owned(),
        None if text == "None" => "none".to_owned(),
        None => text,
    }
}
