//! Endpoints resolved with an operation's endpoint parameters (S3's
//! `Bucket`, say), kept by the operation and the parameters' values so
//! that calls with the same values resolve once (the operation is part of
//! the key because S3's `GetBucketLocation` resolves differently). Bounded: past [`CAPACITY`] distinct values the
//! oldest is forgotten, so a caller cycling through many buckets costs a
//! resolution per call, never unbounded memory.

use std::sync::{Arc, Mutex};

use super::endpoint::ParamValue;

/// Distinct parameter values remembered per client.
pub const CAPACITY: usize = 64;

/// An operation's endpoint parameters: rule-set names and values.
pub type OperationParams = [(&'static str, ParamValue)];

/// The operation, its parameter values and the endpoint resolved with them.
type Entry<T> = (&'static str, Vec<(&'static str, ParamValue)>, Arc<T>);

#[derive(Debug)]
pub struct EndpointCache<T> {
    entries: Mutex<Vec<Entry<T>>>,
}

impl<T> Default for EndpointCache<T> {
    fn default() -> Self {
        EndpointCache {
            entries: Mutex::new(Vec::new()),
        }
    }
}

impl<T> EndpointCache<T> {
    /// The endpoint resolved for `operation` and `params`, or
    /// `resolve(params)`'s, kept.
    pub fn get_or_resolve<E>(
        &self,
        operation: &'static str,
        params: &OperationParams,
        resolve: impl FnOnce(&OperationParams) -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        if let Some(hit) = self.find(operation, params) {
            return Ok(hit);
        }
        // Resolved outside the lock: two callers may both resolve the same
        // values, and both results are equal.
        let resolved = Arc::new(resolve(params)?);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY {
            entries.remove(0);
        }
        entries.push((operation, params.to_vec(), Arc::clone(&resolved)));
        Ok(resolved)
    }

    fn find(&self, operation: &str, params: &OperationParams) -> Option<Arc<T>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .iter()
            .find(|(op, key, _)| *op == operation && key.as_slice() == params)
            .map(|(_, _, value)| Arc::clone(value))
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn bucket(name: &str) -> Vec<(&'static str, ParamValue)> {
        vec![("Bucket", ParamValue::String(name.into()))]
    }

    #[test]
    fn same_values_resolve_once_and_the_oldest_is_forgotten_past_capacity() {
        let cache = EndpointCache::<String>::default();
        let calls = Cell::new(0);
        let resolve = |p: &OperationParams| -> Result<String, ()> {
            calls.set(calls.get() + 1);
            Ok(format!("{p:?}"))
        };
        let a = cache.get_or_resolve("Get", &bucket("a"), resolve).unwrap();
        let again = cache.get_or_resolve("Get", &bucket("a"), resolve).unwrap();
        assert!(Arc::ptr_eq(&a, &again));
        assert_eq!(calls.get(), 1);
        let other_op = cache
            .get_or_resolve("Locate", &bucket("a"), resolve)
            .unwrap();
        assert!(
            !Arc::ptr_eq(&a, &other_op),
            "the operation is part of the key"
        );
        assert_eq!(calls.get(), 2);
        for i in 0..CAPACITY {
            cache
                .get_or_resolve("Get", &bucket(&format!("b{i}")), resolve)
                .unwrap();
        }
        assert_eq!(calls.get(), 2 + CAPACITY);
        cache.get_or_resolve("Get", &bucket("a"), resolve).unwrap();
        assert_eq!(
            calls.get(),
            3 + CAPACITY,
            "`a` was the oldest and was forgotten"
        );
    }

    #[test]
    fn errors_are_not_kept() {
        let cache = EndpointCache::<String>::default();
        let err = cache.get_or_resolve("Get", &bucket("x"), |_| Err::<String, _>("invalid"));
        assert_eq!(err.unwrap_err(), "invalid");
        let ok = cache.get_or_resolve("Get", &bucket("x"), |_| Ok::<_, &str>("ok".into()));
        assert_eq!(ok.unwrap().as_str(), "ok");
    }
}
