//! `upload` without the `streaming` feature: no operation of the crate's
//! services has a streaming input, so no call has a body to stream.
//! `Upload` has no values, so the compiler drops every path that uses one
//! (see `upload.rs` for the real one).

use http::HeaderMap;

use super::config::Config;
use super::{ByteStream, ErrorKind, OperationSpec, UnhandledError};

pub(crate) enum Upload {}

// Built by `invoke`; only the real upload reads it.
#[allow(dead_code)]
pub(crate) struct Destination {
    pub https: bool,
    pub s3: bool,
}

impl Upload {
    pub(crate) async fn prepare(
        op: &OperationSpec,
        _: &Config,
        _: &mut HeaderMap,
        _: ByteStream,
        _: Destination,
    ) -> Result<Upload, UnhandledError> {
        let message = format!(
            "{}: a streamed request body needs the runtime feature `streaming`, \
             which the services with streaming input enable",
            op.name
        );
        Err(UnhandledError::new(ErrorKind::Construction, message))
    }

    pub(crate) fn payload_hash(&self) -> &str {
        match *self {}
    }

    pub(crate) fn attempt_body(&mut self) -> Option<ByteStream> {
        match *self {}
    }

    pub(crate) fn can_resend(&self) -> bool {
        match *self {}
    }
}
