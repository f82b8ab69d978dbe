//! `aws.partition`: which partition (aws, aws-cn, aws-us-gov, ...) a region
//! belongs to, from botocore's `partitions.json`.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::region_regex::RegionRegex;

#[derive(Debug, Clone)]
pub(crate) struct Partitions {
    list: Vec<Partition>,
    /// Used when no partition claims a region: the `aws` partition.
    fallback: usize,
}

#[derive(Debug, Clone)]
struct Partition {
    regex: RegionRegex,
    /// The partition's outputs, with `name` set to its id.
    outputs: Value,
    /// Outputs of regions that override some of the partition's outputs.
    overridden: HashMap<String, Value>,
    regions: Vec<String>,
}

impl Partitions {
    pub(crate) fn from_json(json: &str) -> Result<Partitions, String> {
        let doc: Value =
            serde_json::from_str(json).map_err(|e| format!("partitions: invalid JSON: {e}"))?;
        let list = doc
            .get("partitions")
            .and_then(Value::as_array)
            .ok_or("partitions: missing `partitions` array")?;
        let list = list
            .iter()
            .enumerate()
            .map(|(i, p)| Partition::parse(p).map_err(|e| format!("partitions[{i}]: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        if list.is_empty() {
            return Err("partitions: the `partitions` array is empty".to_string());
        }
        let fallback = list
            .iter()
            .position(|p| p.outputs["name"] == "aws")
            .unwrap_or(0);
        Ok(Partitions { list, fallback })
    }

    /// The outputs for `region`: an exact region name wins over a pattern
    /// match in any partition; unknown regions fall back to `aws`.
    pub(crate) fn resolve(&self, region: &str) -> &Value {
        for partition in &self.list {
            if partition.regions.iter().any(|r| r == region) {
                return partition
                    .overridden
                    .get(region)
                    .unwrap_or(&partition.outputs);
            }
        }
        let partition = self
            .list
            .iter()
            .find(|p| p.regex.is_match(region))
            .unwrap_or(&self.list[self.fallback]);
        &partition.outputs
    }

    /// The outputs of the `aws` partition (botocore's answer for no region).
    pub(crate) fn fallback(&self) -> &Value {
        &self.list[self.fallback].outputs
    }
}

impl Partition {
    fn parse(json: &Value) -> Result<Partition, String> {
        let id = json
            .get("id")
            .and_then(Value::as_str)
            .ok_or("missing string `id`")?;
        let pattern = json
            .get("regionRegex")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{id}: missing string `regionRegex`"))?;
        let regex = RegionRegex::parse(pattern).map_err(|e| format!("{id}: {e}"))?;
        let mut outputs: Map<String, Value> = json
            .get("outputs")
            .and_then(Value::as_object)
            .ok_or_else(|| format!("{id}: missing object `outputs`"))?
            .clone();
        outputs.insert("name".to_string(), Value::String(id.to_string()));
        let empty = Map::new();
        let region_map = match json.get("regions") {
            None => &empty,
            Some(regions) => regions
                .as_object()
                .ok_or_else(|| format!("{id}: `regions` is not an object"))?,
        };
        let mut overridden = HashMap::new();
        for (region, entry) in region_map {
            let entry = entry
                .as_object()
                .ok_or_else(|| format!("{id}: region `{region}` is not an object"))?;
            // Region entries may override outputs; `description` is not one.
            let overrides: Vec<_> = entry
                .iter()
                .filter(|(key, _)| *key != "description" && *key != "name")
                .collect();
            if !overrides.is_empty() {
                let mut merged = outputs.clone();
                for (key, value) in overrides {
                    merged.insert(key.clone(), value.clone());
                }
                overridden.insert(region.clone(), Value::Object(merged));
            }
        }
        Ok(Partition {
            regex,
            outputs: Value::Object(outputs),
            overridden,
            regions: region_map.keys().cloned().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTITIONS: &str = include_str!("../../../../models/partitions.json");

    fn name(partitions: &Partitions, region: &str) -> String {
        partitions.resolve(region)["name"]
            .as_str()
            .unwrap()
            .to_string()
    }

    #[test]
    fn resolves_regions_by_name_pattern_and_fallback() {
        let p = Partitions::from_json(PARTITIONS).unwrap();
        assert_eq!(name(&p, "us-east-1"), "aws");
        assert_eq!(name(&p, "us-west-99"), "aws");
        assert_eq!(name(&p, "aws-global"), "aws");
        assert_eq!(name(&p, "cn-north-1"), "aws-cn");
        assert_eq!(name(&p, "aws-cn-global"), "aws-cn");
        assert_eq!(name(&p, "us-gov-west-1"), "aws-us-gov");
        assert_eq!(name(&p, "us-isob-east-1"), "aws-iso-b");
        assert_eq!(name(&p, "eusc-de-east-1"), "aws-eusc");
        assert_eq!(name(&p, "not-a-region"), "aws");
        assert_eq!(name(&p, ""), "aws");
        let cn = p.resolve("cn-northwest-1");
        assert_eq!(cn["dnsSuffix"], "amazonaws.com.cn");
        assert_eq!(cn["supportsFIPS"], true);
        assert_eq!(cn["implicitGlobalRegion"], "cn-northwest-1");
    }

    #[test]
    fn region_entries_override_outputs() {
        let json = r#"{"partitions": [{"id": "p", "regionRegex": "^p-\\d$",
            "outputs": {"name": "ignored", "dnsSuffix": "p.example", "supportsFIPS": true},
            "regions": {"p-1": {"description": "one", "supportsFIPS": false}}}]}"#;
        let p = Partitions::from_json(json).unwrap();
        assert_eq!(p.resolve("p-1")["supportsFIPS"], false);
        assert_eq!(p.resolve("p-1")["name"], "p");
        assert_eq!(p.resolve("p-2")["supportsFIPS"], true);
        // No `aws` partition: the first one is the fallback.
        assert_eq!(p.resolve("elsewhere")["name"], "p");
    }

    #[test]
    fn malformed_partitions_are_errors() {
        for (json, needle) in [
            ("", "invalid JSON"),
            ("{}", "missing `partitions`"),
            (r#"{"partitions": []}"#, "empty"),
            (
                r#"{"partitions": [{}]}"#,
                "partitions[0]: missing string `id`",
            ),
            (r#"{"partitions": [{"id": "x"}]}"#, "regionRegex"),
            (
                r#"{"partitions": [{"id": "x", "regionRegex": "[a]"}]}"#,
                "unsupported",
            ),
            (
                r#"{"partitions": [{"id": "x", "regionRegex": "a"}]}"#,
                "outputs",
            ),
            (
                r#"{"partitions": [{"id": "x", "regionRegex": "a", "outputs": {}, "regions": []}]}"#,
                "regions",
            ),
        ] {
            let err = Partitions::from_json(json).unwrap_err();
            assert!(err.contains(needle), "{json}: {err}");
        }
    }
}
