//! botocore's `service-2.sdk-extras.json`: changes botocore's loader merges
//! into a service's model before anything reads it (S3's `Expires` is a
//! timestamp, RDS takes a `SourceRegion`, EKS's service id). The generator
//! sees the model as botocore does.

use std::borrow::Cow;
use std::path::Path;

use serde_json::Value;

use super::read_json;
use crate::error::{Error, Result};

/// The file beside a `service-2.json`.
pub const FILE: &str = "service-2.sdk-extras.json";

/// `model` with the extras beside `path` merged in, when there are any.
pub fn merged<'m>(path: &Path, model: &'m Value) -> Result<Cow<'m, Value>> {
    let beside = path.with_file_name(FILE);
    if path.file_name() != Some("service-2.json".as_ref()) || !beside.is_file() {
        return Ok(Cow::Borrowed(model));
    }
    let extras = read_json(&beside)?;
    let Some(merge) = extras.get("merge") else {
        return Err(Error::Malformed {
            path: beside,
            location: "top level".into(),
            message: "no `merge` object".into(),
        });
    };
    let mut model = model.clone();
    merge_into(&mut model, merge);
    Ok(Cow::Owned(model))
}

/// botocore's `merge_dicts` (lists replaced, not appended): objects merged
/// key by key, anything else replaced.
fn merge_into(target: &mut Value, extra: &Value) {
    match (target, extra) {
        (Value::Object(target), Value::Object(extra)) => {
            for (key, value) in extra {
                match target.get_mut(key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        merge_into(existing, value)
                    }
                    _ => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (target, extra) => *target = extra.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn objects_merge_and_the_rest_is_replaced() {
        let mut model = json!({
            "metadata": {"serviceId": "Old", "protocol": "rest-xml"},
            "shapes": {"Expires": {"type": "string"}, "L": {"type": "list", "member": {"shape": "S"}}},
        });
        let extra = json!({
            "metadata": {"serviceId": "New"},
            "shapes": {"Expires": {"type": "timestamp"}, "L": {"member": {"shape": "T"}},
                       "Added": {"type": "string"}},
        });
        merge_into(&mut model, &extra);
        assert_eq!(
            model,
            json!({
                "metadata": {"serviceId": "New", "protocol": "rest-xml"},
                "shapes": {"Expires": {"type": "timestamp"},
                           "L": {"type": "list", "member": {"shape": "T"}},
                           "Added": {"type": "string"}},
            })
        );
    }
}
