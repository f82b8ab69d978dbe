//! Event stream bodies through the generated decoders: S3
//! `SelectObjectContent` (restXml), Lambda `InvokeWithResponseStream`
//! (restJson1) and CloudWatch Logs `StartLiveTail` (awsJson, initial
//! response). The first byte picks the operation, the rest is the body.
//! Every stream must end without a panic, and after at most one item per
//! 16 bytes (the smallest message), so no input makes it spin. The seeds
//! (`corpus/event_streams/`) are the frames of the cases of
//! `tests/data/oracle/event-streams/`, each after its pick byte.
#![no_main]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use slimaws::runtime::http::HeaderMap;
use slimaws::runtime::{ByteStream, EventStream};

/// Pulls every item; the body is in memory, so no poll may wait.
fn drain<T, E>(mut stream: EventStream<T, E>, most: usize) {
    let mut items = 0;
    loop {
        let mut next = pin!(stream.next());
        match next.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(None) => return,
            Poll::Ready(Some(_)) => items += 1,
            Poll::Pending => panic!("a body in memory waited"),
        }
        assert!(items <= most, "{items} items from {most} possible messages");
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let most = body.len() / 16 + 1;
    let headers = HeaderMap::new();
    let body = ByteStream::from(body.to_vec());
    match pick % 3 {
        0 => {
            use slimaws::s3::operation::select_object_content::deserialize_response;
            let output = deserialize_response(200, &headers, body).expect("a 200 with a stream");
            drain(output.payload.expect("always set"), most);
        }
        1 => {
            use slimaws::lambda::operation::invoke_with_response_stream::deserialize_response;
            let output = deserialize_response(200, &headers, body).expect("a 200 with a stream");
            drain(output.event_stream.expect("always set"), most);
        }
        _ => {
            use slimaws::logs::operation::start_live_tail::deserialize_response;
            let output = deserialize_response(200, &headers, body).expect("a 200 with a stream");
            drain(output.response_stream.expect("always set"), most);
        }
    }
});
