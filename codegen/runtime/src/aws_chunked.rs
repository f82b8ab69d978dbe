//! The `aws-chunked` content encoding, in which botocore sends a streamed
//! upload over HTTPS with its checksum in a trailer (`AwsChunkedWrapper`):
//! the body in chunks of 1 MiB, each `<hex length>\r\n<bytes>\r\n`, then
//! `0\r\n`, the checksum line `x-amz-checksum-<algorithm>:<base64>\r\n`
//! and `\r\n`. The checksum is computed as the bytes pass, so nothing is
//! read ahead and a file is read once per attempt.

use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Bytes, BytesMut};
use hyper::body::{Body, Frame, SizeHint};

use crate::byte_stream::{ByteStreamError, ByteStreamErrorKind};
use crate::checksum::{Algorithm, Hasher};
use crate::proto::encode::base64;
use crate::ByteStream;

/// botocore's `_DEFAULT_CHUNK_SIZE`.
const CHUNK: u64 = 1024 * 1024;

/// A body of a declared length, encoded as `aws-chunked` with its checksum
/// as the trailer.
pub(crate) struct AwsChunked {
    inner: ByteStream,
    /// Bytes of the body not passed yet.
    remaining: u64,
    /// Bytes of the open chunk not passed yet.
    chunk_left: u64,
    /// Whether a chunk is open (its closing `\r\n` is due).
    in_chunk: bool,
    /// Bytes read from `inner` past the open chunk's end.
    pending: Option<Bytes>,
    algorithm: Algorithm,
    /// `None` once the trailer is written.
    hasher: Option<Hasher>,
}

impl AwsChunked {
    pub(crate) fn new(inner: ByteStream, length: u64, algorithm: Algorithm) -> AwsChunked {
        AwsChunked {
            inner,
            remaining: length,
            chunk_left: 0,
            in_chunk: false,
            pending: None,
            algorithm,
            hasher: Some(algorithm.hasher()),
        }
    }

    /// Closes the open chunk (if any) and opens the next, or ends the body
    /// with the trailer when none is left.
    fn framing(&mut self) -> Bytes {
        let mut out = BytesMut::with_capacity(96);
        if self.in_chunk {
            out.extend_from_slice(b"\r\n");
        }
        if self.remaining > 0 {
            let size = self.remaining.min(CHUNK);
            out.extend_from_slice(format!("{size:x}\r\n").as_bytes());
            (self.chunk_left, self.in_chunk) = (size, true);
        } else if let Some(hasher) = self.hasher.take() {
            let value = base64(&hasher.finish());
            let name = self.algorithm.header();
            out.extend_from_slice(format!("0\r\n{}:{value}\r\n\r\n", name.as_str()).as_bytes());
            self.in_chunk = false;
        }
        out.freeze()
    }
}

fn length_error(message: &str) -> ByteStreamError {
    ByteStreamError::new(ByteStreamErrorKind::Io, message.to_string())
}

impl Body for AwsChunked {
    type Data = Bytes;
    type Error = ByteStreamError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ByteStreamError>>> {
        let this = &mut *self;
        loop {
            if this.hasher.is_none() {
                return Poll::Ready(None);
            }
            if this.chunk_left == 0 {
                if this.remaining == 0 {
                    // The body must end where its length said it would.
                    if this.pending.is_some() {
                        return Poll::Ready(Some(Err(length_error(
                            "the upload is longer than its declared length",
                        ))));
                    }
                    if let Some(frame) = ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
                        match frame?.into_data() {
                            Ok(data) if !data.is_empty() => {
                                return Poll::Ready(Some(Err(length_error(
                                    "the upload is longer than its declared length",
                                ))))
                            }
                            _ => continue,
                        }
                    }
                }
                return Poll::Ready(Some(Ok(Frame::data(this.framing()))));
            }
            let mut data = match this.pending.take() {
                Some(data) => data,
                None => match ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
                    None => {
                        return Poll::Ready(Some(Err(length_error(
                            "the upload ended before its declared length",
                        ))))
                    }
                    Some(frame) => match frame?.into_data() {
                        Ok(data) if !data.is_empty() => data,
                        _ => continue,
                    },
                },
            };
            if data.len() as u64 > this.chunk_left {
                this.pending = Some(data.split_off(this.chunk_left as usize));
            }
            this.chunk_left -= data.len() as u64;
            this.remaining -= data.len() as u64;
            if let Some(hasher) = &mut this.hasher {
                hasher.update(&data);
            }
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
    }

    fn is_end_stream(&self) -> bool {
        self.hasher.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        // Sent with `Transfer-Encoding: chunked`, as botocore sends it.
        SizeHint::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn encoded(body: ByteStream, length: u64) -> Result<Vec<u8>, ByteStreamError> {
        let chunked = AwsChunked::new(body, length, Algorithm::Crc32);
        ByteStream::from_body(chunked)
            .collect()
            .await
            .map(|b| b.to_vec())
    }

    #[tokio::test]
    async fn small_bodies_are_one_chunk_and_the_trailer() {
        let got = encoded(ByteStream::from("hello world"), 11).await.unwrap();
        // botocore 1.44.5's body for PutObject of `hello world` over HTTPS.
        assert_eq!(
            got,
            b"b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
        );
        let empty = encoded(ByteStream::from(""), 0).await.unwrap();
        assert_eq!(empty, b"0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
    }

    #[tokio::test]
    async fn large_bodies_go_in_chunks_of_a_mebibyte_whatever_the_pieces() {
        let len = 2 * CHUNK as usize + 5;
        let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        // Pieces that straddle the chunks' ends.
        let pieces = bytes.chunks(300_007).map(Bytes::copy_from_slice).collect();
        let stream = ByteStream::from_body(Pieces(pieces));
        let got = encoded(stream, len as u64).await.unwrap();
        let mut want = Vec::new();
        for chunk in bytes.chunks(CHUNK as usize) {
            want.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            want.extend_from_slice(chunk);
            want.extend_from_slice(b"\r\n");
        }
        let crc = crc32fast::hash(&bytes).to_be_bytes();
        let trailer = format!("0\r\nx-amz-checksum-crc32:{}\r\n\r\n", base64(&crc));
        want.extend_from_slice(trailer.as_bytes());
        assert!(got == want, "encodings differ");
    }

    #[tokio::test]
    async fn a_body_that_is_not_its_declared_length_fails() {
        let short = encoded(ByteStream::from("hello"), 6).await.unwrap_err();
        assert!(
            short
                .to_string()
                .contains("ended before its declared length"),
            "{short}"
        );
        let long = encoded(ByteStream::from("hello!"), 5).await.unwrap_err();
        assert!(
            long.to_string().contains("longer than its declared length"),
            "{long}"
        );
    }

    /// A body of the given pieces.
    struct Pieces(std::collections::VecDeque<Bytes>);

    impl Body for Pieces {
        type Data = Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
            Poll::Ready(self.0.pop_front().map(|piece| Ok(Frame::data(piece))))
        }
    }
}
