//! Typed access to model JSON with errors that say which file and which
//! shape or member is wrong.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// Reads and parses a JSON file, reporting the line and column of a syntax error.
pub fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_json(path, &text)
}

pub fn parse_json(path: &Path, text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| Error::Json {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// Where in a model file we are, for error messages.
#[derive(Clone)]
pub struct Ctx<'a> {
    pub path: &'a Path,
    pub location: String,
}

impl<'a> Ctx<'a> {
    pub fn new(path: &'a Path, location: impl Into<String>) -> Self {
        Ctx {
            path,
            location: location.into(),
        }
    }

    pub fn malformed(&self, message: impl Into<String>) -> Error {
        Error::Malformed {
            path: self.path_buf(),
            location: self.location.clone(),
            message: message.into(),
        }
    }

    pub fn path_buf(&self) -> PathBuf {
        self.path.to_owned()
    }

    pub fn object<'v>(&self, value: &'v Value, what: &str) -> Result<&'v Map<String, Value>> {
        value
            .as_object()
            .ok_or_else(|| self.malformed(format!("`{what}` must be an object")))
    }

    /// A required string field.
    pub fn str<'v>(&self, obj: &'v Map<String, Value>, key: &str) -> Result<&'v str> {
        match obj.get(key) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(self.malformed(format!("`{key}` must be a string"))),
            None => Err(self.malformed(format!("missing `{key}`"))),
        }
    }

    /// An optional string field (absent or null is `None`).
    pub fn opt_str(&self, obj: &Map<String, Value>, key: &str) -> Result<Option<String>> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.malformed(format!("`{key}` must be a string"))),
        }
    }

    pub fn bool(&self, obj: &Map<String, Value>, key: &str) -> Result<bool> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.malformed(format!("`{key}` must be true or false"))),
        }
    }

    pub fn opt_number(&self, obj: &Map<String, Value>, key: &str) -> Result<Option<f64>> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(_) => Err(self.malformed(format!("`{key}` must be a number"))),
        }
    }

    /// The `encodings` list of a request-compression trait value (the
    /// botocore `requestcompression` and Smithy `requestCompression` objects
    /// have the same form); absent or null is no compression.
    pub fn compression_encodings(&self, value: Option<&Value>, key: &str) -> Result<Vec<String>> {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return Ok(Vec::new());
        };
        let encodings = self.object(value, key)?.get("encodings");
        self.str_list_value(encodings, &format!("{key}.encodings"))
    }

    /// An `httpChecksum` trait value (botocore's and Smithy's
    /// `aws.protocols#httpChecksum` have the same form).
    pub fn http_checksum(&self, obj: &Map<String, Value>) -> Result<crate::ir::HttpChecksum> {
        Ok(crate::ir::HttpChecksum {
            request_algorithm_member: self.opt_str(obj, "requestAlgorithmMember")?,
            request_validation_mode_member: self.opt_str(obj, "requestValidationModeMember")?,
            response_algorithms: self.str_list(obj, "responseAlgorithms")?,
        })
    }

    /// A list of strings; absent (or null) is empty.
    pub fn str_list(&self, obj: &Map<String, Value>, key: &str) -> Result<Vec<String>> {
        self.str_list_value(obj.get(key), key)
    }

    /// `value` as a list of strings, `key` naming it in errors.
    fn str_list_value(&self, value: Option<&Value>, key: &str) -> Result<Vec<String>> {
        let list = match value {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Array(list)) => list,
            Some(_) => return Err(self.malformed(format!("`{key}` must be a list"))),
        };
        list.iter()
            .map(|e| {
                e.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| self.malformed(format!("`{key}` must hold strings")))
            })
            .collect()
    }

    pub fn opt_u16(&self, obj: &Map<String, Value>, key: &str) -> Result<Option<u16>> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| self.malformed(format!("`{key}` must be an HTTP status code"))),
            Some(_) => Err(self.malformed(format!("`{key}` must be a number"))),
        }
    }
}
