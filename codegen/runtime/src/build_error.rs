//! The error a builder returns when required members are missing.

use std::fmt;

/// A value could not be built: required members were not set. Lists every
/// missing member at once, by its model name, so one fix covers them all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// From `(member, is_missing)` pairs in model order.
    #[doc(hidden)]
    pub fn missing(shape: &'static str, members: &[(&'static str, bool)]) -> Self {
        BuildError {
            shape,
            missing: members
                .iter()
                .filter(|(_, m)| *m)
                .map(|(n, _)| *n)
                .collect(),
        }
    }

    /// The model name of the shape being built (`KeyGroupConfig`).
    pub fn shape(&self) -> &str {
        self.shape
    }

    /// Model names of the required members that were not set.
    pub fn missing_members(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build {}: missing required member", self.shape)?;
        if self.missing.len() > 1 {
            f.write_str("s")?;
        }
        write!(f, " {}", self.missing.join(", "))
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_missing_member() {
        let e = BuildError::missing(
            "KeyGroupConfig",
            &[("Name", true), ("Items", true), ("X", false)],
        );
        assert_eq!(
            e.to_string(),
            "cannot build KeyGroupConfig: missing required members Name, Items"
        );
        assert_eq!(e.missing_members(), ["Name", "Items"]);
        let e = BuildError::missing("A", &[("Id", true)]);
        assert_eq!(e.to_string(), "cannot build A: missing required member Id");
    }
}
