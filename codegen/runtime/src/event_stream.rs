//! AWS event streams in responses (`application/vnd.amazon.eventstream`):
//! S3's `SelectObjectContent`, Kinesis' `SubscribeToShard` and the like
//! answer with a body of binary frames, each one message, which
//! [`EventStream`] decodes as the caller pulls them.
//!
//! The frames themselves (headers, CRCs) are read by `aws-smithy-eventstream`,
//! the decoder aws-sdk-rust uses. What botocore 1.44.5 (`eventstream.py`)
//! checks beyond it is checked here, with botocore's messages: the prelude's
//! CRC and the limits on headers (128 KiB) and payload (24 MiB) as soon as
//! its 12 bytes arrive, before the rest of the frame is buffered, so a
//! hostile length cannot make us wait for or hold gigabytes; botocore's
//! message for a bad message CRC; and duplicate header names.

use std::collections::HashSet;
use std::fmt;

use aws_smithy_eventstream::frame::read_message_from;
use aws_smithy_types::event_stream::{HeaderValue, Message as Frame};
use bytes::{Buf, Bytes, BytesMut};

use crate::proto::ProtoError;
use crate::{Blob, DateTime, UnhandledError};
use crate::{ByteStream, ByteStreamError, ByteStreamErrorKind, ErrorKind, ErrorMetadata};

/// Total length, headers length, prelude CRC: three big-endian `u32`s.
const PRELUDE_LEN: usize = 12;
/// The message CRC that ends every frame.
const MESSAGE_CRC_LEN: usize = 4;
/// botocore's `_MAX_HEADERS_LENGTH`.
const MAX_HEADERS_LEN: u64 = 128 * 1024;
/// botocore's `_MAX_PAYLOAD_LENGTH`.
const MAX_PAYLOAD_LEN: i64 = 24 * 1024 * 1024;

/// The `:event-type` of the first event of the RPC protocols' streams,
/// which carries the output's other members.
const INITIAL_RESPONSE: &str = "initial-response";

/// One decoded message, as generated code reads it.
pub struct Message {
    frame: Frame,
}

impl Message {
    /// The `:message-type` header: `event`, `exception` or `error`.
    pub fn message_type(&self) -> Option<&str> {
        self.string(":message-type")
    }

    /// The `:event-type` header: which member of the stream's union this is.
    pub fn event_type(&self) -> Option<&str> {
        self.string(":event-type")
    }

    /// The `:exception-type` header: which modeled error this is.
    pub fn exception_type(&self) -> Option<&str> {
        self.string(":exception-type")
    }

    pub fn payload(&self) -> &[u8] {
        self.frame.payload()
    }

    /// Every header, in the order sent (the tests compare them all).
    pub(crate) fn headers(&self) -> impl Iterator<Item = (&str, &HeaderValue)> {
        let headers = self.frame.headers().iter();
        headers.map(|h| (h.name().as_str(), h.value()))
    }

    /// A string header, `None` when absent or of another type (botocore
    /// compares the value, so another type never matches).
    fn string(&self, name: &str) -> Option<&str> {
        match self.header(name)? {
            HeaderValue::String(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// The header named `name`; names are unique, duplicates were rejected.
    fn header(&self, name: &str) -> Option<&HeaderValue> {
        let mut headers = self.headers();
        headers.find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The header's value through `read`, which says what it expected
    /// when the type does not fit.
    fn read<V>(
        &self,
        name: &str,
        path: &str,
        read: impl FnOnce(&HeaderValue) -> Result<V, &'static str>,
    ) -> Result<Option<V>, ProtoError> {
        let Some(value) = self.header(name) else {
            return Ok(None);
        };
        read(value).map(Some).map_err(|what| {
            let found = type_name(value);
            ProtoError::new(format!("{path}: expected {what} header, found {found}"))
        })
    }

    pub fn header_string(&self, name: &str, path: &str) -> Result<Option<String>, ProtoError> {
        self.read(name, path, |v| match v {
            HeaderValue::String(s) => Ok(s.as_str().to_owned()),
            _ => Err("a string"),
        })
    }

    pub fn header_bool(&self, name: &str, path: &str) -> Result<Option<bool>, ProtoError> {
        self.read(name, path, |v| match v {
            HeaderValue::Bool(b) => Ok(*b),
            _ => Err("a boolean"),
        })
    }

    pub fn header_byte(&self, name: &str, path: &str) -> Result<Option<i8>, ProtoError> {
        self.narrow(name, path, "a byte")
    }

    pub fn header_short(&self, name: &str, path: &str) -> Result<Option<i16>, ProtoError> {
        self.narrow(name, path, "a short")
    }

    pub fn header_int(&self, name: &str, path: &str) -> Result<Option<i32>, ProtoError> {
        self.narrow(name, path, "an integer")
    }

    /// An integer header of any width: botocore keeps whatever integer
    /// the header holds.
    pub fn header_long(&self, name: &str, path: &str) -> Result<Option<i64>, ProtoError> {
        self.read(name, path, |v| integer(v).ok_or("an integer"))
    }

    /// An integer header of any width whose value fits in `N`.
    fn narrow<N: TryFrom<i64>>(
        &self,
        name: &str,
        path: &str,
        what: &str,
    ) -> Result<Option<N>, ProtoError> {
        let Some(n) = self.header_long(name, path)? else {
            return Ok(None);
        };
        N::try_from(n)
            .map(Some)
            .map_err(|_| ProtoError::new(format!("{path}: integer out of range for {what}")))
    }

    /// A byte-array header, or the bytes of a string or UUID header (as
    /// botocore gives them).
    pub fn header_blob(&self, name: &str, path: &str) -> Result<Option<Blob>, ProtoError> {
        self.read(name, path, |v| match v {
            HeaderValue::ByteArray(b) => Ok(Blob::from(&b[..])),
            HeaderValue::String(s) => Ok(Blob::from(s.as_str())),
            HeaderValue::Uuid(u) => Ok(Blob::new(u.to_be_bytes())),
            _ => Err("a byte-array"),
        })
    }

    /// A timestamp header, or an integer header, both milliseconds since
    /// the epoch; read as botocore does (`value / 1000.0`, then to the
    /// microsecond).
    pub fn header_timestamp(&self, name: &str, path: &str) -> Result<Option<DateTime>, ProtoError> {
        let Some(millis) = self.read(name, path, |v| match v {
            HeaderValue::Timestamp(t) => Ok(timestamp_millis(t)),
            other => integer(other).ok_or("a timestamp"),
        })?
        else {
            return Ok(None);
        };
        crate::proto::time::from_epoch_f64(millis as f64 / 1000.0)
            .map(Some)
            .map_err(|e| ProtoError::new(format!("{path}: {e}")))
    }

    /// An `exception` message whose `:exception-type` the model does not
    /// list: the exception type as the code, the `:error-message` header
    /// (if any) as the message.
    pub fn unhandled_exception(&self) -> UnhandledError {
        let code = self.exception_type().map(str::to_owned);
        let message = self.string(":error-message").map(str::to_owned);
        UnhandledError::from_meta(ErrorMetadata::new(code, message, None, None))
    }

    /// An `error` message: its `:error-code` and `:error-message`.
    fn error(&self) -> UnhandledError {
        let code = self.string(":error-code").map(str::to_owned);
        let message = self.string(":error-message").map(str::to_owned);
        UnhandledError::from_meta(ErrorMetadata::new(code, message, None, None))
    }

    /// botocore reads a message without `:message-type` as an event.
    fn is_event(&self) -> bool {
        matches!(self.message_type(), None | Some("event"))
    }

    fn is_initial_response(&self) -> bool {
        self.is_event() && self.event_type() == Some(INITIAL_RESPONSE)
    }
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header names and the payload's size: values may be secrets.
        let names: Vec<&str> = self.headers().map(|(n, _)| n).collect();
        f.debug_struct("Message")
            .field("headers", &names)
            .field("payload", &format_args!("{} bytes", self.payload().len()))
            .finish()
    }
}

/// An integer header of any width.
fn integer(value: &HeaderValue) -> Option<i64> {
    match value {
        HeaderValue::Byte(n) => Some(i64::from(*n)),
        HeaderValue::Int16(n) => Some(i64::from(*n)),
        HeaderValue::Int32(n) => Some(i64::from(*n)),
        HeaderValue::Int64(n) => Some(*n),
        _ => None,
    }
}

/// The milliseconds a timestamp header was read from (the decoder keeps
/// them as seconds and nanoseconds; they always fit back).
fn timestamp_millis(t: &aws_smithy_types::DateTime) -> i64 {
    let millis = t.as_nanos().div_euclid(1_000_000);
    i64::try_from(millis).unwrap_or(if millis < 0 { i64::MIN } else { i64::MAX })
}

/// The wire type of a header value, for error messages.
fn type_name(value: &HeaderValue) -> &'static str {
    match value {
        HeaderValue::Bool(_) => "boolean",
        HeaderValue::Byte(_) => "byte",
        HeaderValue::Int16(_) => "short",
        HeaderValue::Int32(_) => "integer",
        HeaderValue::Int64(_) => "long",
        HeaderValue::ByteArray(_) => "byte-array",
        HeaderValue::String(_) => "string",
        HeaderValue::Timestamp(_) => "timestamp",
        HeaderValue::Uuid(_) => "uuid",
        _ => "unknown type",
    }
}

/// Where a stream is: whether its first message is still to be checked,
/// and whether it is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// The first message must be the `initial-response` event.
    AwaitingInitialResponse,
    Events,
    /// Ended, or failed: nothing more is read.
    Done,
}

/// The events of a response, pulled by the caller one at a time with
/// [`next`](EventStream::next).
///
/// The body is read only as far as the next message needs, and a message
/// is handed over as soon as its last byte arrives. An error (one the
/// service sends, or a broken stream) ends the stream.
pub struct EventStream<T, E> {
    body: ByteStream,
    /// Bytes read but not yet decoded: at most one message and the start
    /// of the next.
    buffer: BytesMut,
    /// The length of the frame at the start of `buffer`, once its prelude
    /// has been read and checked.
    frame_len: Option<usize>,
    decode: fn(&Message) -> Result<T, E>,
    unhandled: fn(UnhandledError) -> E,
    state: State,
}

impl<T, E> EventStream<T, E> {
    /// For generated code. `decode` turns each message that is not an
    /// `error` message into an event or a modeled error; `unhandled` wraps
    /// every other failure into `E`. With `initial_response` (the RPC
    /// protocols), the first message must be the `initial-response` event,
    /// which is consumed here.
    #[doc(hidden)]
    pub fn new(
        body: ByteStream,
        decode: fn(&Message) -> Result<T, E>,
        unhandled: fn(UnhandledError) -> E,
        initial_response: bool,
    ) -> Self {
        EventStream {
            body,
            buffer: BytesMut::new(),
            frame_len: None,
            decode,
            unhandled,
            state: if initial_response {
                State::AwaitingInitialResponse
            } else {
                State::Events
            },
        }
    }

    /// The next event; `None` at the end of the stream. After an error it
    /// gives `None`.
    pub async fn next(&mut self) -> Option<Result<T, E>> {
        while self.state != State::Done {
            let message = match self.next_message().await {
                Ok(Some(message)) => message,
                Ok(None) => return self.end(),
                Err(e) => return Some(self.fail(e)),
            };
            if let Some(result) = self.dispatch(&message) {
                if result.is_err() {
                    self.state = State::Done;
                }
                return Some(result);
            }
        }
        None
    }

    /// For generated code: reads the `initial-response` message now and
    /// gives its payload, the members of an RPC output beside its stream
    /// (botocore's `get_initial_response`, read before the stream is handed
    /// over). An error, which ends the stream, when the stream does not
    /// start with one or has started already.
    #[doc(hidden)]
    pub async fn initial_response(&mut self) -> Result<Vec<u8>, UnhandledError> {
        if self.state != State::AwaitingInitialResponse {
            self.state = State::Done;
            return Err(no_initial_response());
        }
        let first = self.next_message().await;
        self.state = State::Done;
        match first? {
            Some(message) if message.is_initial_response() => {
                self.state = State::Events;
                Ok(message.payload().to_vec())
            }
            _ => Err(no_initial_response()),
        }
    }

    /// What a message means to the caller: `None` for one that is not
    /// handed over (the initial response).
    fn dispatch(&mut self, message: &Message) -> Option<Result<T, E>> {
        if self.state == State::AwaitingInitialResponse {
            if !message.is_initial_response() {
                return Some(Err((self.unhandled)(no_initial_response())));
            }
            self.state = State::Events;
            return None;
        }
        match message.message_type() {
            Some("error") => Some(Err((self.unhandled)(message.error()))),
            // botocore's parser finds no member for it, and drops it.
            _ if message.is_initial_response() => None,
            _ => Some((self.decode)(message)),
        }
    }

    /// The body has ended between messages.
    fn end(&mut self) -> Option<Result<T, E>> {
        let awaiting = self.state == State::AwaitingInitialResponse;
        self.state = State::Done;
        awaiting.then(|| Err((self.unhandled)(no_initial_response())))
    }

    fn fail(&mut self, error: UnhandledError) -> Result<T, E> {
        self.state = State::Done;
        Err((self.unhandled)(error))
    }

    /// The next message, reading the body only when the buffer holds no
    /// whole frame; `None` when the body ends between messages.
    async fn next_message(&mut self) -> Result<Option<Message>, UnhandledError> {
        loop {
            if let Some(frame) = self.take_frame()? {
                return decode_frame(frame).map(Some);
            }
            match self.body.next().await {
                Some(Ok(chunk)) => self.buffer.extend_from_slice(&chunk),
                Some(Err(e)) => return Err(read_error(e)),
                None if self.buffer.is_empty() => return Ok(None),
                None => return Err(ended_inside_message(self.buffer.len())),
            }
        }
    }

    /// The first frame of the buffer, when all of it is there. Its prelude
    /// is checked as soon as it is, and room made for the rest.
    fn take_frame(&mut self) -> Result<Option<Bytes>, UnhandledError> {
        let len = match self.frame_len {
            Some(len) => len,
            None => {
                let Some(prelude) = self.buffer.first_chunk::<PRELUDE_LEN>() else {
                    return Ok(None);
                };
                let len = check_prelude(prelude).map_err(framing_error)?;
                self.buffer.reserve(len.saturating_sub(self.buffer.len()));
                *self.frame_len.insert(len)
            }
        };
        if self.buffer.len() < len {
            return Ok(None);
        }
        self.frame_len = None;
        Ok(Some(self.buffer.split_to(len).freeze()))
    }
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("body", &self.body)
            .field("buffered", &self.buffer.len())
            .field("state", &self.state)
            .finish()
    }
}

/// The frame's total length, from its prelude: checked against the
/// prelude's CRC first (a corrupted length is not trusted), then against
/// botocore's limits.
fn check_prelude(prelude: &[u8; PRELUDE_LEN]) -> Result<usize, ProtoError> {
    let mut fields = &prelude[..];
    let (total, headers, crc) = (fields.get_u32(), fields.get_u32(), fields.get_u32());
    check_crc(crc, crc32fast::hash(&prelude[..8]))?;
    if u64::from(headers) > MAX_HEADERS_LEN {
        return Err(ProtoError::new(format!(
            "Header length of {headers} exceeded the maximum of {MAX_HEADERS_LEN}"
        )));
    }
    let overhead = (PRELUDE_LEN + MESSAGE_CRC_LEN) as i64;
    let payload = i64::from(total) - i64::from(headers) - overhead;
    if payload > MAX_PAYLOAD_LEN {
        return Err(ProtoError::new(format!(
            "Payload length of {payload} exceeded the maximum of {MAX_PAYLOAD_LEN}"
        )));
    }
    if payload < 0 {
        return Err(ProtoError::new(format!(
            "Message length of {total} is too short for {headers} bytes of headers"
        )));
    }
    // At most 24 MiB + 128 KiB + 16: fits any usize.
    Ok(total as usize)
}

/// botocore's `ChecksumMismatch`.
fn check_crc(expected: u32, calculated: u32) -> Result<(), ProtoError> {
    if expected == calculated {
        return Ok(());
    }
    Err(ProtoError::new(format!(
        "Checksum mismatch: expected 0x{expected:08x}, calculated 0x{calculated:08x}"
    )))
}

/// A whole frame (its prelude already checked) as a message: the message
/// CRC, then headers and payload by the decoder, then duplicate names.
/// The CRC is checked here for botocore's message, which needs both values
/// (the decoder's error does not give them); the decoder checks it again,
/// a second pass of a fast CRC over a frame already in memory.
fn decode_frame(frame: Bytes) -> Result<Message, UnhandledError> {
    // At least 16 bytes: `check_prelude` saw to it.
    let (body, mut crc) = frame.split_at(frame.len() - MESSAGE_CRC_LEN);
    let expected = crc.get_u32();
    check_crc(expected, crc32fast::hash(body)).map_err(framing_error)?;
    let frame = read_message_from(frame).map_err(framing_error)?;
    reject_duplicate_headers(&frame).map_err(framing_error)?;
    Ok(Message { frame })
}

/// botocore's `DuplicateHeader`: a later header would hide an earlier one.
fn reject_duplicate_headers(frame: &Frame) -> Result<(), ProtoError> {
    let mut seen = HashSet::with_capacity(frame.headers().len());
    for header in frame.headers() {
        let name = header.name().as_str();
        if !seen.insert(name) {
            return Err(ProtoError::new(format!(
                "Duplicate header present: \"{name}\""
            )));
        }
    }
    Ok(())
}

/// botocore's message, as its RPC parsers raise it.
fn no_initial_response() -> UnhandledError {
    let message = "First event was not of type initial-response";
    UnhandledError::new(ErrorKind::Response, ProtoError::new(message))
}

fn ended_inside_message(left: usize) -> UnhandledError {
    let message = format!("the event stream ended inside a message ({left} bytes left)");
    UnhandledError::new(ErrorKind::Response, ProtoError::new(message))
}

fn framing_error(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> UnhandledError {
    UnhandledError::new(ErrorKind::Response, e)
}

/// A failed read of the body: a timeout as such, anything else a
/// transport failure; the error is kept as the source.
fn read_error(e: ByteStreamError) -> UnhandledError {
    let kind = match e.kind() {
        ByteStreamErrorKind::Timeout => ErrorKind::Timeout,
        _ => ErrorKind::Transport,
    };
    UnhandledError::new(kind, e)
}
