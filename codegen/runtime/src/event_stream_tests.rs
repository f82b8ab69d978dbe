//! `EventStream` over bodies given in chunks: botocore's own vectors, the
//! limits checked from the prelude, hostile and truncated bodies, the
//! initial response, and the typed header readers.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use aws_smithy_types::event_stream::HeaderValue;
use bytes::Bytes;
use hyper::body::{Body, Frame};
use time::macros::datetime;

use crate::event_stream::{EventStream, Message};
use crate::{ByteStream, ByteStreamError, ByteStreamErrorKind, ErrorKind, UnhandledError};

// botocore 1.44.5's vectors, from its sdist (botocore-1.44.5.tar.gz),
// tests/unit/test_eventstream.py: the encoded messages of POSITIVE_CASES
// and NEGATIVE_CASES, and those of the `EventStream` wrapper's tests.

const EMPTY_MESSAGE: &[u8] = b"\x00\x00\x00\x10\x00\x00\x00\x00\x05\xc2H\xeb}\x98\xc8\xff";

const INT8_HEADER: &[u8] = b"\x00\x00\x00\x17\x00\x00\x00\x07)\x86\x01X\x04\
    byte\x02\xff\xc2\xf8i\xdc";

const INT16_HEADER: &[u8] = b"\x00\x00\x00\x19\x00\x00\x00\tq\x0e\x92>\x05\
    short\x03\xff\xff\xb2|\xb6\xcc";

const INT32_HEADER: &[u8] = b"\x00\x00\x00\x1d\x00\x00\x00\r\x83\xe3\xf0\xe7\x07\
    integer\x04\xff\xff\xff\xff\x8b\x8e\x12\xeb";

const INT64_HEADER: &[u8] = b"\x00\x00\x00\x1e\x00\x00\x00\x0e]J\xdb\x8d\x04\
    long\x05\xff\xff\xff\xff\xff\xff\xff\xffK\xc22\xda";

const PAYLOAD_NO_HEADERS: &[u8] = b"\x00\x00\x00\x1d\x00\x00\x00\x00\xfdR\x8cZ{'foo':'bar'}\xc3e96";

const PAYLOAD_ONE_STR_HEADER: &[u8] =
    b"\x00\x00\x00=\x00\x00\x00 \x07\xfd\x83\x96\x0ccontent-type\x07\x00\x10\
    application/json{'foo':'bar'}\x8d\x9c\x08\xb1";

const ALL_HEADERS_TYPES: &[u8] = b"\x00\x00\x00\x62\x00\x00\x00\x52\x03\xb5\xcb\x9c\
    \x010\x00\x011\x01\x012\x02\x02\x013\x03\x00\x03\
    \x014\x04\x00\x00\x00\x04\x015\x05\x00\x00\x00\x00\x00\x00\x00\x05\
    \x016\x06\x00\x05bytes\x017\x07\x00\x04utf8\
    \x018\x08\x00\x00\x00\x00\x00\x00\x00\x08\x019\x090123456789abcdef\
    \x63\x35\x36\x71";

const ERROR_EVENT_MESSAGE: &[u8] = b"\x00\x00\x00\x52\x00\x00\x00\x42\xbf\x23\x63\x7e\
    \x0d:message-type\x07\x00\x05error\
    \x0b:error-code\x07\x00\x04code\
    \x0e:error-message\x07\x00\x07message\
    \x6b\x6c\xea\x3d";

const CORRUPTED_HEADER_LENGTH: &[u8] =
    b"\x00\x00\x00=\xff\x00\x01\x02\x07\xfd\x83\x96\x0ccontent-type\x07\x00\
    \x10application/json{'foo':'bar'}\x8d\x9c\x08\xb1";

const CORRUPTED_HEADERS: &[u8] =
    b"\x00\x00\x00=\x00\x00\x00 \x07\xfd\x83\x96\x0ccontent+type\x07\x00\x10\
    application/json{'foo':'bar'}\x8d\x9c\x08\xb1";

const CORRUPTED_LENGTH: &[u8] = b"\x01\x00\x00\x1d\x00\x00\x00\x00\xfdR\x8cZ{'foo':'bar'}\xc3e96";

const CORRUPTED_PAYLOAD: &[u8] =
    b"\x00\x00\x00\x1d\x00\x00\x00\x00\xfdR\x8cZ{'foo':'bar'\x8d\xc3e96";

const DUPLICATE_HEADER: &[u8] = b"\x00\x00\x00\x24\x00\x00\x00\x14\x4b\xb9\x82\xd0\
    \x04test\x04asdf\x04test\x04asdf\xf3\xf4\x75\x63";

/// Well-formed but for its headers length: the checksums match.
const INVALID_HEADERS_LENGTH: &[u8] = b"\x00\x00\x00\x3d\
    \xff\x00\x01\x02\
    \x15\x83\xf5\xc2\
    \x0ccontent-type\x07\x00\x10application/json\
    {'foo':'bar'}\
    \x2f\x37\x7f\x5d";

/// botocore's INVALID_PAYLOAD_LENGTH: this prelude, `b"0" * (24 * 1024**2 + 1)`,
/// then this message CRC (the prelude's total length is botocore's, 16 more
/// than its payload needs; the prelude CRC matches it).
const INVALID_PAYLOAD_LENGTH_PRELUDE: &[u8] = b"\x01\x80\x00\x21\x00\x00\x00\x00\xdd\x3f\x33\xb1";
const INVALID_PAYLOAD_LENGTH_CRC: &[u8] = b"\x2a\xb4\xc5\xa5";

/// test_event_stream_wrapper_iteration's body, in its two chunks: an
/// `event-id` integer header of 0xa00c and a payload.
const EVENT_ID_CHUNKS: [&[u8]; 2] = [
    b"\x00\x00\x00+\x00\x00\x00\x0e4\x8b\xec{\x08event-id\x04\x00",
    b"\x00\xa0\x0c{'foo':'bar'}\xd3\x89\x02\x85",
];

/// test_event_stream_initial_response's body, in its three chunks.
const INITIAL_RESPONSE_CHUNKS: [&[u8]; 3] = [
    b"\x00\x00\x00~\x00\x00\x00O\xc5\xa3\xdd\xc6\r:message-type\x07\x00",
    b"\x05event\x0b:event-type\x07\x00\x10initial-response\r:content-type",
    b"\x07\x00\ttext/json{\"InitialResponse\": \"sometext\"}\xf6\x98$\x83",
];

/// A header value as botocore's decoder gives it: all integers (and
/// timestamps, in milliseconds) as one integer type, UUIDs as bytes.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Bool(bool),
    Int(i64),
    Bytes(Vec<u8>),
    Str(String),
}

/// What `decode` saw of a message.
#[derive(Debug, PartialEq)]
struct Seen {
    headers: Vec<(String, Value)>,
    payload: Vec<u8>,
}

fn value(v: &HeaderValue) -> Value {
    match v {
        HeaderValue::Bool(b) => Value::Bool(*b),
        HeaderValue::Byte(n) => Value::Int((*n).into()),
        HeaderValue::Int16(n) => Value::Int((*n).into()),
        HeaderValue::Int32(n) => Value::Int((*n).into()),
        HeaderValue::Int64(n) => Value::Int(*n),
        HeaderValue::Timestamp(t) => Value::Int(t.to_millis().unwrap()),
        HeaderValue::ByteArray(b) => Value::Bytes(b.to_vec()),
        HeaderValue::String(s) => Value::Str(s.as_str().to_owned()),
        HeaderValue::Uuid(u) => Value::Bytes(u.to_be_bytes().to_vec()),
        other => panic!("unexpected header value {other:?}"),
    }
}

fn seen(message: &Message) -> Result<Seen, UnhandledError> {
    let headers = message.headers();
    Ok(Seen {
        headers: headers.map(|(n, v)| (n.to_owned(), value(v))).collect(),
        payload: message.payload().to_vec(),
    })
}

fn expected(headers: &[(&str, Value)], payload: &[u8]) -> Seen {
    Seen {
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect(),
        payload: payload.to_vec(),
    }
}

/// botocore's decoded POSITIVE_CASES but the error message, with their
/// encodings.
fn positive_events() -> Vec<(&'static [u8], Seen)> {
    use Value::*;
    vec![
        (EMPTY_MESSAGE, expected(&[], b"")),
        (INT8_HEADER, expected(&[("byte", Int(-1))], b"")),
        (INT16_HEADER, expected(&[("short", Int(-1))], b"")),
        (INT32_HEADER, expected(&[("integer", Int(-1))], b"")),
        (INT64_HEADER, expected(&[("long", Int(-1))], b"")),
        (PAYLOAD_NO_HEADERS, expected(&[], b"{'foo':'bar'}")),
        (
            PAYLOAD_ONE_STR_HEADER,
            expected(
                &[("content-type", Str("application/json".into()))],
                b"{'foo':'bar'}",
            ),
        ),
        (
            ALL_HEADERS_TYPES,
            expected(
                &[
                    ("0", Bool(true)),
                    ("1", Bool(false)),
                    ("2", Int(0x02)),
                    ("3", Int(0x03)),
                    ("4", Int(0x04)),
                    ("5", Int(0x05)),
                    ("6", Bytes(b"bytes".to_vec())),
                    ("7", Str("utf8".into())),
                    ("8", Int(0x08)),
                    ("9", Bytes(b"0123456789abcdef".to_vec())),
                ],
                b"",
            ),
        ),
    ]
}

/// A body of the given chunks, counting how many it has handed out; an
/// `zeros` more 64 KiB chunks of zeros follow them (a body that goes on,
/// and would be read on if the prelude's limits were not checked).
struct Chunks {
    items: VecDeque<Result<Bytes, ByteStreamError>>,
    pulled: Arc<AtomicUsize>,
    zeros: usize,
}

impl Body for Chunks {
    type Data = Bytes;
    type Error = ByteStreamError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ByteStreamError>>> {
        let item = match self.items.pop_front() {
            Some(item) => item,
            None if self.zeros > 0 => {
                self.zeros -= 1;
                Ok(Bytes::from(vec![0; 64 << 10]))
            }
            None => return Poll::Ready(None),
        };
        self.pulled.fetch_add(1, Ordering::SeqCst);
        Poll::Ready(Some(item.map(Frame::data)))
    }
}

type Stream = EventStream<Seen, UnhandledError>;

fn stream_of(
    items: Vec<Result<Bytes, ByteStreamError>>,
    zeros: usize,
    initial_response: bool,
) -> (Stream, Arc<AtomicUsize>) {
    let pulled = Arc::new(AtomicUsize::new(0));
    let body = ByteStream::from_body(Chunks {
        items: items.into(),
        pulled: pulled.clone(),
        zeros,
    });
    let stream = EventStream::new(body, seen, |e| e, initial_response);
    (stream, pulled)
}

fn chunks<C: AsRef<[u8]>>(
    chunks: impl IntoIterator<Item = C>,
) -> Vec<Result<Bytes, ByteStreamError>> {
    let chunks = chunks.into_iter();
    chunks
        .map(|c| Ok(Bytes::copy_from_slice(c.as_ref())))
        .collect()
}

/// An event stream over `body`, given in these chunks.
fn stream<C: AsRef<[u8]>>(body: impl IntoIterator<Item = C>) -> Stream {
    stream_of(chunks(body), 0, false).0
}

/// Every result up to the end (at most 1000).
async fn drain(mut stream: Stream) -> Vec<Result<Seen, UnhandledError>> {
    let mut all = Vec::new();
    while let Some(next) = stream.next().await {
        all.push(next);
        assert!(all.len() < 1000, "the stream does not end");
    }
    all
}

/// Why an error with no response happened.
fn reason(e: &UnhandledError) -> String {
    e.source().map(|s| s.to_string()).unwrap_or_default()
}

/// The one error `stream` gives, of kind `Response`, after which it ends.
async fn only_error(mut stream: Stream) -> String {
    let error = match stream.next().await {
        Some(Err(e)) => e,
        other => panic!("expected an error, got {other:?}"),
    };
    assert_eq!(error.kind(), ErrorKind::Response, "{error}");
    assert!(stream.next().await.is_none(), "no more after an error");
    assert!(stream.next().await.is_none());
    reason(&error)
}

fn assert_error_message(result: &Result<Seen, UnhandledError>) {
    let e = result.as_ref().expect_err("the error message is an error");
    assert_eq!(e.kind(), ErrorKind::Service);
    assert_eq!((e.code(), e.message()), (Some("code"), Some("message")));
}

/// A header of a message built by [`frame`].
enum H<'a> {
    Bool(bool),
    Byte(i8),
    Short(i16),
    Int(i32),
    Long(i64),
    Bytes(&'a [u8]),
    Str(&'a str),
    Time(i64),
}

/// A well-formed frame of these headers and payload.
fn frame(headers: &[(&str, H)], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, value) in headers {
        out.push(name.len() as u8);
        out.extend_from_slice(name.as_bytes());
        match value {
            H::Bool(b) => out.push(if *b { 0 } else { 1 }),
            H::Byte(n) => out.extend([2, n.to_be_bytes()[0]]),
            H::Short(n) => out.extend([&[3][..], &n.to_be_bytes()].concat()),
            H::Int(n) => out.extend([&[4][..], &n.to_be_bytes()].concat()),
            H::Long(n) => out.extend([&[5][..], &n.to_be_bytes()].concat()),
            H::Bytes(b) => {
                out.push(6);
                out.extend((b.len() as u16).to_be_bytes());
                out.extend_from_slice(b);
            }
            H::Str(s) => {
                out.push(7);
                out.extend((s.len() as u16).to_be_bytes());
                out.extend_from_slice(s.as_bytes());
            }
            H::Time(ms) => out.extend([&[8][..], &ms.to_be_bytes()].concat()),
        }
    }
    with_crcs(&out, payload)
}

/// A frame of these raw headers and payload, with the right lengths and CRCs.
fn with_crcs(headers: &[u8], payload: &[u8]) -> Vec<u8> {
    let total = 16 + headers.len() + payload.len();
    let mut out = prelude(total as u32, headers.len() as u32);
    out.extend_from_slice(headers);
    out.extend_from_slice(payload);
    out.extend(crc32fast::hash(&out).to_be_bytes());
    out
}

/// A prelude claiming these lengths, with a CRC that matches them.
fn prelude(total: u32, headers: u32) -> Vec<u8> {
    let mut out = [total.to_be_bytes(), headers.to_be_bytes()].concat();
    out.extend(crc32fast::hash(&out).to_be_bytes());
    out
}

#[test]
fn the_test_frame_builder_writes_botocores_encodings() {
    let str_header = [("content-type", H::Str("application/json"))];
    assert_eq!(frame(&str_header, b"{'foo':'bar'}"), PAYLOAD_ONE_STR_HEADER);
    assert_eq!(frame(&[("long", H::Long(-1))], b""), INT64_HEADER);
    assert_eq!(frame(&[], b""), EMPTY_MESSAGE);
}

#[tokio::test]
async fn event_stream_decodes_each_of_botocores_positive_cases() {
    for (encoded, decoded) in positive_events() {
        let all = drain(stream([encoded])).await;
        assert_eq!(all.len(), 1, "{encoded:?}");
        assert_eq!(all[0].as_ref().unwrap(), &decoded);
    }
    let all = drain(stream([ERROR_EVENT_MESSAGE])).await;
    assert_eq!(all.len(), 1);
    assert_error_message(&all[0]);
}

#[tokio::test]
async fn event_stream_decodes_all_positive_cases_from_one_buffer() {
    let events = positive_events();
    let mut body: Vec<u8> = events.iter().flat_map(|(e, _)| e.to_vec()).collect();
    body.extend_from_slice(ERROR_EVENT_MESSAGE);
    let all = drain(stream([body])).await;
    assert_eq!(all.len(), events.len() + 1);
    for (got, (_, want)) in all.iter().zip(&events) {
        assert_eq!(got.as_ref().unwrap(), want);
    }
    assert_error_message(&all[events.len()]);
}

#[tokio::test]
async fn event_stream_decodes_messages_split_at_every_byte() {
    for (encoded, decoded) in positive_events() {
        for at in 1..encoded.len() {
            let all = drain(stream([&encoded[..at], &encoded[at..]])).await;
            assert_eq!(all.len(), 1, "{encoded:?} split at {at}");
            assert_eq!(all[0].as_ref().unwrap(), &decoded, "split at {at}");
        }
    }
    for at in 1..ERROR_EVENT_MESSAGE.len() {
        let halves = [&ERROR_EVENT_MESSAGE[..at], &ERROR_EVENT_MESSAGE[at..]];
        let all = drain(stream(halves)).await;
        assert_eq!(all.len(), 1, "split at {at}");
        assert_error_message(&all[0]);
    }
    // Every positive case in one body handed out a byte at a time.
    let events = positive_events();
    let body: Vec<u8> = events.iter().flat_map(|(e, _)| e.to_vec()).collect();
    let all = drain(stream(body.chunks(1))).await;
    let got: Vec<Seen> = all.into_iter().map(Result::unwrap).collect();
    let want: Vec<Seen> = events.into_iter().map(|(_, d)| d).collect();
    assert_eq!(got, want);
}

#[tokio::test]
async fn event_stream_decodes_a_partial_message_once_the_rest_arrives() {
    // botocore's test_partial_message: a break in the middle of the frame.
    let (mut stream, pulled) = stream_of(
        chunks([&EMPTY_MESSAGE[..15], &EMPTY_MESSAGE[15..]]),
        0,
        false,
    );
    let event = stream.next().await.unwrap().unwrap();
    assert_eq!(event, expected(&[], b""));
    assert_eq!(pulled.load(Ordering::SeqCst), 2);
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn event_stream_reads_the_body_only_as_far_as_the_next_message() {
    // Two messages, the second split across the chunks.
    let mut body = PAYLOAD_NO_HEADERS.to_vec();
    body.extend_from_slice(&INT8_HEADER[..5]);
    let (mut stream, pulled) = stream_of(chunks([&body[..], &INT8_HEADER[5..]]), 0, false);
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.payload, b"{'foo':'bar'}");
    assert_eq!(pulled.load(Ordering::SeqCst), 1, "the second chunk not yet");
    let second = stream.next().await.unwrap().unwrap();
    assert_eq!(second.headers, [("byte".to_string(), Value::Int(-1))]);
    assert_eq!(pulled.load(Ordering::SeqCst), 2);
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn event_stream_rejects_botocores_negative_cases() {
    let cases: [(&str, &[u8], &str); 6] = [
        (
            "corrupted-length",
            CORRUPTED_LENGTH,
            "Checksum mismatch: expected 0xfd528c5a, calculated 0x31f88cc4",
        ),
        (
            "corrupted-payload",
            CORRUPTED_PAYLOAD,
            "Checksum mismatch: expected 0xc3653936, calculated 0x7ed8cb2a",
        ),
        (
            "corrupted-headers",
            CORRUPTED_HEADERS,
            "Checksum mismatch: expected 0x8d9c08b1, calculated 0x395e7671",
        ),
        (
            "corrupted-headers-length",
            CORRUPTED_HEADER_LENGTH,
            "Checksum mismatch: expected 0x07fd8396, calculated 0x1583f5c2",
        ),
        (
            "duplicate-headers",
            DUPLICATE_HEADER,
            "Duplicate header present: \"test\"",
        ),
        (
            "invalid-headers-length",
            INVALID_HEADERS_LENGTH,
            "Header length of 4278190338 exceeded the maximum of 131072",
        ),
    ];
    for (id, encoded, message) in cases {
        assert_eq!(only_error(stream([encoded])).await, message, "{id}");
        let bytewise = only_error(stream(encoded.chunks(1))).await;
        assert_eq!(bytewise, message, "{id}, a byte at a time");
    }
}

#[tokio::test]
async fn event_stream_rejects_botocores_invalid_payload_length() {
    let mut body = INVALID_PAYLOAD_LENGTH_PRELUDE.to_vec();
    body.resize(body.len() + (24 << 20) + 1, b'0');
    body.extend_from_slice(INVALID_PAYLOAD_LENGTH_CRC);
    assert_eq!(
        only_error(stream([body])).await,
        "Payload length of 25165841 exceeded the maximum of 25165824"
    );
}

#[tokio::test]
async fn event_stream_takes_24_mib_of_payload_but_not_a_byte_more() {
    let mut payload = vec![b'0'; 24 << 20];
    let limit = with_crcs(b"", &payload);
    let all = drain(stream(limit.chunks(1 << 20))).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].as_ref().unwrap().payload.len(), 24 << 20);

    payload.push(b'0');
    let over = with_crcs(b"", &payload);
    assert_eq!(
        only_error(stream([over])).await,
        "Payload length of 25165825 exceeded the maximum of 25165824"
    );
}

#[tokio::test]
async fn event_stream_fails_a_hostile_4_gib_prelude_without_reading_on() {
    // A prelude whose CRC matches, claiming a frame of 4 GiB; the body
    // would hand out zeros for ever.
    let (mut stream, pulled) = stream_of(chunks([prelude(u32::MAX, 0)]), 64, false);
    let error = stream.next().await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Response);
    assert_eq!(
        reason(&error),
        "Payload length of 4294967279 exceeded the maximum of 25165824"
    );
    assert_eq!(
        pulled.load(Ordering::SeqCst),
        1,
        "nothing read after the prelude"
    );
    assert!(stream.next().await.is_none());
    assert_eq!(pulled.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn event_stream_checks_the_prelude_crc_before_its_lengths() {
    // A corrupted prelude claiming 4 GiB: the CRC fails, the length is not
    // believed, nothing more is read.
    let mut hostile = prelude(16, 0);
    hostile[..4].copy_from_slice(&u32::MAX.to_be_bytes());
    let (mut stream, pulled) = stream_of(chunks([hostile]), 64, false);
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(reason(&error).starts_with("Checksum mismatch: expected 0x"));
    assert_eq!(pulled.load(Ordering::SeqCst), 1);
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn event_stream_rejects_frames_shorter_than_their_parts() {
    let too_short = only_error(stream([prelude(15, 0)])).await;
    assert_eq!(
        too_short,
        "Message length of 15 is too short for 0 bytes of headers"
    );
    let headers_overrun = only_error(stream([prelude(20, 5)])).await;
    assert_eq!(
        headers_overrun,
        "Message length of 20 is too short for 5 bytes of headers"
    );
}

#[tokio::test]
async fn event_stream_reports_what_the_decoder_rejects() {
    // Header type 10 does not exist; the CRCs match.
    let bad_type = with_crcs(b"\x01x\x0a", b"");
    let reason = only_error(stream([bad_type])).await;
    assert!(reason.contains("invalid header value type"), "{reason}");
}

#[tokio::test]
async fn event_stream_error_messages_are_unhandled_service_errors() {
    // botocore's test_eventstream_wrapper_iteration_error.
    let mut stream = stream([ERROR_EVENT_MESSAGE, EMPTY_MESSAGE]);
    let error = stream.next().await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.code(), Some("code"));
    assert_eq!(error.message(), Some("message"));
    assert_eq!(error.to_string(), "code: message");
    assert!(stream.next().await.is_none(), "an error ends the stream");
}

/// `decode` as generated code writes it: exceptions the model lists fail
/// with their own error, the rest are unhandled.
fn decode_with_exceptions(message: &Message) -> Result<Seen, UnhandledError> {
    match (message.message_type(), message.exception_type()) {
        (Some("exception"), Some("Modeled")) => Err(UnhandledError::new(
            ErrorKind::Service,
            "the modeled exception",
        )),
        (Some("exception"), _) => Err(message.unhandled_exception()),
        _ => seen(message),
    }
}

#[tokio::test]
async fn event_stream_exceptions_go_to_decode_and_end_the_stream() {
    let unlisted = frame(
        &[
            (":message-type", H::Str("exception")),
            (":exception-type", H::Str("Surprise")),
            (":error-message", H::Str("not in the model")),
            (":content-type", H::Str("application/json")),
        ],
        b"{}",
    );
    let body = ByteStream::new([PAYLOAD_NO_HEADERS, &unlisted, EMPTY_MESSAGE].concat());
    let mut stream = EventStream::new(body, decode_with_exceptions, |e| e, false);
    assert_eq!(
        stream.next().await.unwrap().unwrap().payload,
        b"{'foo':'bar'}"
    );
    let error = stream.next().await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.code(), Some("Surprise"));
    assert_eq!(error.message(), Some("not in the model"));
    assert!(
        stream.next().await.is_none(),
        "an exception ends the stream"
    );

    let modeled = frame(
        &[
            (":message-type", H::Str("exception")),
            (":exception-type", H::Str("Modeled")),
        ],
        b"{}",
    );
    let mut stream = EventStream::new(
        ByteStream::new(modeled),
        decode_with_exceptions,
        |e| e,
        false,
    );
    let error = stream.next().await.unwrap().unwrap_err();
    assert_eq!(reason(&error), "the modeled exception");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn event_stream_unhandled_exception_without_headers() {
    let bare = frame(&[(":message-type", H::Str("exception"))], b"");
    let mut stream = EventStream::new(ByteStream::new(bare), decode_with_exceptions, |e| e, false);
    let error = stream.next().await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!((error.code(), error.message()), (None, None));
}

#[tokio::test]
async fn event_stream_gives_events_with_and_without_a_message_type() {
    let typed = frame(
        &[
            (":message-type", H::Str("event")),
            (":event-type", H::Str("Records")),
        ],
        b"rows",
    );
    // botocore's test_event_stream_wrapper_iteration: no `:message-type`.
    let mut body: Vec<&[u8]> = EVENT_ID_CHUNKS.to_vec();
    body.push(&typed);
    let all = drain(stream(body)).await;
    let got: Vec<Seen> = all.into_iter().map(Result::unwrap).collect();
    assert_eq!(
        got[0],
        expected(&[("event-id", Value::Int(0xa00c))], b"{'foo':'bar'}")
    );
    assert_eq!(got[1].payload, b"rows");
    assert_eq!(got.len(), 2);
}

#[tokio::test]
async fn event_stream_consumes_the_initial_response() {
    // botocore's test_event_stream_initial_response, then an event.
    let mut body: Vec<&[u8]> = INITIAL_RESPONSE_CHUNKS.to_vec();
    body.push(PAYLOAD_NO_HEADERS);
    let (mut stream, _) = stream_of(chunks(body), 0, true);
    let event = stream.next().await.unwrap().unwrap();
    assert_eq!(event, expected(&[], b"{'foo':'bar'}"));
    assert!(stream.next().await.is_none());

    // The initial response alone: a stream with no events.
    let (mut stream, _) = stream_of(chunks(INITIAL_RESPONSE_CHUNKS), 0, true);
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn event_stream_needs_the_initial_response_first() {
    const MESSAGE: &str = "First event was not of type initial-response";
    // botocore's test_event_stream_initial_response_wrong_type.
    let (stream, _) = stream_of(chunks(EVENT_ID_CHUNKS), 0, true);
    assert_eq!(only_error(stream).await, MESSAGE);
    // botocore's test_event_stream_initial_response_no_event.
    let (stream, _) = stream_of(chunks([b""]), 0, true);
    assert_eq!(only_error(stream).await, MESSAGE);
    let (stream, _) = stream_of(Vec::new(), 0, true);
    assert_eq!(only_error(stream).await, MESSAGE);
    // An error message first is not the initial response either.
    let (stream, _) = stream_of(chunks([ERROR_EVENT_MESSAGE]), 0, true);
    assert_eq!(only_error(stream).await, MESSAGE);
}

#[tokio::test]
async fn the_initial_response_read_first_gives_its_payload_then_the_events() {
    let mut body: Vec<&[u8]> = INITIAL_RESPONSE_CHUNKS.to_vec();
    body.push(PAYLOAD_NO_HEADERS);
    let (mut stream, _) = stream_of(chunks(body), 0, true);
    let payload = stream.initial_response().await.unwrap();
    assert_eq!(payload, br#"{"InitialResponse": "sometext"}"#);
    let event = stream.next().await.unwrap().unwrap();
    assert_eq!(event, expected(&[], b"{'foo':'bar'}"));
    assert!(stream.next().await.is_none());
    // It is read once.
    let again = stream.initial_response().await.unwrap_err();
    assert_eq!(
        reason(&again),
        "First event was not of type initial-response"
    );
}

#[tokio::test]
async fn no_initial_response_to_read_first_ends_the_stream() {
    for body in [
        chunks(EVENT_ID_CHUNKS),
        chunks([ERROR_EVENT_MESSAGE]),
        Vec::new(),
    ] {
        let (mut stream, _) = stream_of(body, 0, true);
        let error = stream.initial_response().await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Response);
        assert_eq!(
            reason(&error),
            "First event was not of type initial-response"
        );
        assert!(stream.next().await.is_none());
    }
}

#[tokio::test]
async fn event_stream_skips_initial_responses_after_the_start() {
    let mut body: Vec<&[u8]> = vec![PAYLOAD_NO_HEADERS];
    body.extend(INITIAL_RESPONSE_CHUNKS);
    body.push(EMPTY_MESSAGE);
    let all = drain(stream(body)).await;
    let got: Vec<Seen> = all.into_iter().map(Result::unwrap).collect();
    assert_eq!(got, [expected(&[], b"{'foo':'bar'}"), expected(&[], b"")]);
}

#[tokio::test]
async fn event_stream_fails_a_body_that_ends_inside_a_message() {
    let body = [PAYLOAD_NO_HEADERS, &INT8_HEADER[..15]].concat();
    let mut stream = stream([body]);
    assert!(stream.next().await.unwrap().is_ok());
    let error = stream.next().await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Response);
    assert_eq!(
        reason(&error),
        "the event stream ended inside a message (15 bytes left)"
    );
    assert!(stream.next().await.is_none());
    // Inside the prelude too.
    let reason = only_error(self::stream([&EMPTY_MESSAGE[..5]])).await;
    assert_eq!(
        reason,
        "the event stream ended inside a message (5 bytes left)"
    );
}

#[tokio::test]
async fn event_stream_read_failures_keep_their_kind_and_source() {
    for (kind, expected_kind) in [
        (ByteStreamErrorKind::Timeout, ErrorKind::Timeout),
        (ByteStreamErrorKind::Io, ErrorKind::Transport),
    ] {
        let items = vec![
            Ok(Bytes::from_static(&PAYLOAD_NO_HEADERS[..7])),
            Err(ByteStreamError::new(kind, "connection lost")),
        ];
        let (mut stream, _) = stream_of(items, 0, false);
        let error = stream.next().await.unwrap().unwrap_err();
        assert_eq!(error.kind(), expected_kind);
        let source = error.source().unwrap();
        let source = source.downcast_ref::<ByteStreamError>().unwrap();
        assert_eq!(source.kind(), kind);
        assert!(source.to_string().contains("connection lost"), "{source}");
        assert!(stream.next().await.is_none());
    }
}

/// Runs `check` on the one message `encoded` holds, as `decode`: the
/// message never leaves the stream, so the checks run inside it.
async fn check_message(encoded: &[u8], check: fn(&Message) -> Result<(), UnhandledError>) {
    let body = ByteStream::new(encoded.to_vec());
    let mut stream = EventStream::new(body, check, |e| e, false);
    stream.next().await.unwrap().unwrap();
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn event_stream_typed_header_readers() {
    let encoded = frame(
        &[
            ("yes", H::Bool(true)),
            ("byte", H::Byte(-3)),
            ("short", H::Short(-300)),
            ("int", H::Int(70_000)),
            ("long", H::Long(1 << 40)),
            ("bytes", H::Bytes(b"\x00\xff")),
            ("text", H::Str("hello")),
            ("when", H::Time(1_700_000_000_123)),
            ("far", H::Time(i64::MAX)),
        ],
        b"",
    );
    check_message(&encoded, check_typed_headers).await;
}

fn check_typed_headers(m: &Message) -> Result<(), UnhandledError> {
    // The right type.
    assert_eq!(m.header_bool("yes", "E.Yes"), Ok(Some(true)));
    assert_eq!(m.header_byte("byte", "P"), Ok(Some(-3)));
    assert_eq!(m.header_short("short", "P"), Ok(Some(-300)));
    assert_eq!(m.header_int("int", "P"), Ok(Some(70_000)));
    assert_eq!(m.header_long("long", "P"), Ok(Some(1 << 40)));
    assert_eq!(m.header_string("text", "P"), Ok(Some("hello".to_owned())));
    let blob = m.header_blob("bytes", "P").unwrap().unwrap();
    assert_eq!(blob.as_bytes(), b"\x00\xff");
    let when = datetime!(2023-11-14 22:13:20.123 UTC);
    assert_eq!(m.header_timestamp("when", "P"), Ok(Some(when)));

    // Integers of any width that fit; a string's bytes as a blob; an
    // integer as milliseconds (`datetime.fromtimestamp(2**40 / 1000.0)`).
    assert_eq!(m.header_short("byte", "P"), Ok(Some(-3)));
    assert_eq!(m.header_long("byte", "P"), Ok(Some(-3)));
    assert_eq!(
        m.header_int("long", "P").unwrap_err().to_string(),
        "P: integer out of range for an integer"
    );
    let text = m.header_blob("text", "P").unwrap().unwrap();
    assert_eq!(text.as_bytes(), b"hello");
    let long = datetime!(2004-11-03 19:53:47.776 UTC);
    assert_eq!(m.header_timestamp("long", "P"), Ok(Some(long)));

    // Absent.
    assert_eq!(m.header_bool("missing", "P"), Ok(None));
    assert_eq!(m.header_byte("missing", "P"), Ok(None));
    assert_eq!(m.header_short("missing", "P"), Ok(None));
    assert_eq!(m.header_int("missing", "P"), Ok(None));
    assert_eq!(m.header_long("missing", "P"), Ok(None));
    assert_eq!(m.header_string("missing", "P"), Ok(None));
    assert_eq!(m.header_blob("missing", "P"), Ok(None));
    assert_eq!(m.header_timestamp("missing", "P"), Ok(None));

    // The wrong type names the member's path.
    let errors = [
        m.header_string("int", "RecordsEvent.Foo").unwrap_err(),
        m.header_bool("text", "RecordsEvent.Flag").unwrap_err(),
        m.header_long("when", "E.N").unwrap_err(),
        m.header_blob("yes", "E.B").unwrap_err(),
        m.header_timestamp("text", "E.T").unwrap_err(),
        m.header_byte("int", "E.B").unwrap_err(),
        m.header_short("bytes", "E.S").unwrap_err(),
    ];
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "RecordsEvent.Foo: expected a string header, found integer",
            "RecordsEvent.Flag: expected a boolean header, found string",
            "E.N: expected an integer header, found timestamp",
            "E.B: expected a byte-array header, found boolean",
            "E.T: expected a timestamp header, found string",
            "E.B: integer out of range for a byte",
            "E.S: expected an integer header, found byte-array",
        ]
    );
    // A timestamp past year 9999.
    let far = m.header_timestamp("far", "E.T").unwrap_err().to_string();
    assert!(far.starts_with("E.T: epoch timestamp "), "{far}");
    Ok(())
}

#[tokio::test]
async fn event_stream_reads_botocores_header_types_through_the_typed_readers() {
    check_message(ALL_HEADERS_TYPES, |m| {
        assert_eq!(m.header_bool("0", "P"), Ok(Some(true)));
        assert_eq!(m.header_bool("1", "P"), Ok(Some(false)));
        assert_eq!(m.header_byte("2", "P"), Ok(Some(2)));
        assert_eq!(m.header_short("3", "P"), Ok(Some(3)));
        assert_eq!(m.header_int("4", "P"), Ok(Some(4)));
        assert_eq!(m.header_long("5", "P"), Ok(Some(5)));
        let bytes = m.header_blob("6", "P").unwrap().unwrap();
        assert_eq!(bytes.as_bytes(), b"bytes");
        assert_eq!(m.header_string("7", "P"), Ok(Some("utf8".to_owned())));
        let eight_ms = datetime!(1970-01-01 00:00:00.008 UTC);
        assert_eq!(m.header_timestamp("8", "P"), Ok(Some(eight_ms)));
        let uuid = m.header_blob("9", "P").unwrap().unwrap();
        assert_eq!(uuid.as_bytes(), b"0123456789abcdef");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn event_stream_message_accessors_and_debug() {
    let encoded = frame(
        &[
            (":message-type", H::Str("event")),
            (":event-type", H::Str("Records")),
            ("secret", H::Str("hunter2")),
            (":exception-type", H::Int(1)),
        ],
        b"payload",
    );
    check_message(&encoded, |m| {
        assert_eq!(m.message_type(), Some("event"));
        assert_eq!(m.event_type(), Some("Records"));
        assert_eq!(m.exception_type(), None, "not a string header");
        assert_eq!(m.payload(), b"payload");
        // Names and size only: values may be secrets.
        assert_eq!(
            format!("{m:?}"),
            "Message { headers: [\":message-type\", \":event-type\", \"secret\", \
             \":exception-type\"], payload: 7 bytes }"
        );
        Ok(())
    })
    .await;
}

#[test]
fn event_stream_is_send_and_debug_without_bounds() {
    fn assert_send<T: Send>(_: &T) {}
    struct NotDebug;
    let mut stream: EventStream<NotDebug, UnhandledError> = EventStream::new(
        ByteStream::new(EMPTY_MESSAGE),
        |_| Ok(NotDebug),
        |e| e,
        false,
    );
    assert_send(&stream);
    assert_send(&stream.next());
    let debug = format!("{stream:?}");
    assert!(debug.starts_with("EventStream"), "{debug}");
}
