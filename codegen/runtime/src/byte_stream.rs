//! [`ByteStream`]: a body that is in memory, read from a file, or read from
//! the connection as the caller pulls it, for the members AWS models mark
//! `streaming` (S3's `GetObject` and `PutObject` bodies, say). A streamed
//! body is never held whole by the runtime, so its size has no cap and
//! memory stays flat.

use std::error::Error;
use std::fmt;
use std::future::{poll_fn, Future};
use std::io;
#[cfg(feature = "streaming")]
use std::path::Path;
use std::pin::Pin;
#[cfg(feature = "streaming")]
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Buf, Bytes};
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, SizeHint};
use tokio::io::{AsyncRead, ReadBuf};
use tokio::time::{Instant, Sleep};

type BoxError = Box<dyn Error + Send + Sync + 'static>;
type DynBody = Pin<Box<dyn Body<Data = Bytes, Error = BoxError> + Send + Sync + 'static>>;

/// A body of bytes: in memory, a file, or streamed.
///
/// An operation whose output has a streaming member (S3's `GetObject`)
/// returns it unread: pull it with [`next`](ByteStream::next), gather it
/// with [`collect`](ByteStream::collect), or copy it anywhere with
/// [`into_async_read`](ByteStream::into_async_read). The connection goes
/// back to the pool once the body is read to its end; dropping it earlier
/// closes the connection.
///
/// An input's streaming member (S3's `PutObject` body) takes one too:
/// bytes, a file ([`from_path`](ByteStream::from_path)), read as it is
/// sent and again for a retry, or any body ([`from_body`](ByteStream::from_body)),
/// which can be sent once.
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    /// `None` once [`ByteStream::next`] has handed the bytes out.
    Buffered(Option<Bytes>),
    Streaming(DynBody),
    /// A file of `len` bytes, opened when first read; it can be read again
    /// from its start (for a checksum, for a retry). Only streamed uploads
    /// take one.
    #[cfg(feature = "streaming")]
    File {
        path: Arc<Path>,
        len: u64,
        reading: Option<Pin<Box<FileBody>>>,
    },
}

impl ByteStream {
    /// A stream of the given bytes, in memory.
    pub fn new(bytes: impl Into<Bytes>) -> ByteStream {
        ByteStream {
            inner: Inner::Buffered(Some(bytes.into())),
        }
    }

    /// A stream read from `body` (an `http_body::Body`, as hyper's bodies
    /// are): what an [`HttpClient`](crate::HttpClient) of your own returns
    /// from `send_streaming`.
    pub fn from_body<B>(body: B) -> ByteStream
    where
        B: Body<Data = Bytes> + Send + Sync + 'static,
        B::Error: Into<BoxError>,
    {
        ByteStream {
            inner: Inner::Streaming(Box::pin(body.map_err(Into::into))),
        }
    }

    /// The file at `path`, read in pieces as it is sent (it must not change
    /// meanwhile: its length is taken now). Fails if it cannot be read as a
    /// regular file. (With the runtime feature `streaming`, which the
    /// services with a streaming input enable.)
    #[cfg(feature = "streaming")]
    pub async fn from_path(path: impl AsRef<Path>) -> io::Result<ByteStream> {
        let path = path.as_ref();
        let meta = tokio::fs::metadata(path).await?;
        if !meta.is_file() {
            let message = format!("{} is not a regular file", path.display());
            return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
        }
        Ok(ByteStream {
            inner: Inner::File {
                path: Arc::from(path),
                len: meta.len(),
                reading: None,
            },
        })
    }

    /// The same bytes from their start, when the source can give them again
    /// (bytes not handed out yet, a file); `None` for a one-off stream.
    #[cfg(feature = "streaming")]
    pub(crate) fn replay(&self) -> Option<ByteStream> {
        match &self.inner {
            Inner::Buffered(Some(bytes)) => Some(ByteStream::new(bytes.clone())),
            Inner::Buffered(None) | Inner::Streaming(_) => None,
            Inner::File { path, len, .. } => Some(ByteStream {
                inner: Inner::File {
                    path: path.clone(),
                    len: *len,
                    reading: None,
                },
            }),
        }
    }

    /// The next chunk of bytes, `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes, ByteStreamError>> {
        loop {
            let frame = poll_fn(|cx| Pin::new(&mut *self).poll_frame(cx)).await?;
            match frame.map(Frame::into_data) {
                Ok(Ok(data)) if data.is_empty() => continue,
                Ok(Ok(data)) => return Some(Ok(data)),
                Ok(Err(_trailers)) => continue,
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// The whole body in memory: all of it is read first, however large.
    pub async fn collect(mut self) -> Result<Bytes, ByteStreamError> {
        if let Inner::Buffered(bytes) = &mut self.inner {
            return Ok(bytes.take().unwrap_or_default());
        }
        let mut first: Option<Bytes> = None;
        let mut rest: Vec<u8> = Vec::new();
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            match first.take() {
                None if rest.is_empty() => first = Some(chunk),
                earlier => {
                    if let Some(earlier) = earlier {
                        let declared = self.content_length().unwrap_or(0) as usize;
                        rest.reserve(declared.max(earlier.len() + chunk.len()));
                        rest.extend_from_slice(&earlier);
                    }
                    rest.extend_from_slice(&chunk);
                }
            }
        }
        Ok(first.unwrap_or_else(|| Bytes::from(rest)))
    }

    /// The bytes, when the body is in memory (not streamed, or not yet
    /// read by [`next`](ByteStream::next)).
    pub fn as_buffered(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Buffered(Some(bytes)) => Some(bytes),
            Inner::Buffered(None) => Some(&[]),
            Inner::Streaming(_) => None,
            #[cfg(feature = "streaming")]
            Inner::File { .. } => None,
        }
    }

    /// The bytes, when in memory and not handed out yet.
    pub(crate) fn buffered_bytes(&self) -> Option<&Bytes> {
        match &self.inner {
            Inner::Buffered(bytes) => bytes.as_ref(),
            _ => None,
        }
    }

    /// How many bytes remain, when that is known (in memory, or a
    /// streamed body whose length the response declared).
    pub fn content_length(&self) -> Option<u64> {
        self.size_hint().exact()
    }

    /// The body as a [`tokio::io::AsyncRead`], to copy it into a file or
    /// a socket (`tokio::io::copy`).
    pub fn into_async_read(self) -> impl AsyncRead + Send + Sync + Unpin {
        Reader {
            stream: self,
            chunk: Bytes::new(),
        }
    }

    /// Fails a read that waits longer than `limit` for its next bytes, so a
    /// stalled connection cannot hang the reader.
    pub fn with_read_timeout(self, limit: Duration) -> ByteStream {
        match self.inner {
            Inner::Buffered(_) => self,
            #[cfg(feature = "streaming")]
            Inner::File { .. } => self,
            Inner::Streaming(body) => ByteStream::from_body(IdleTimeout {
                body,
                limit,
                progress: None,
                timer: None,
            }),
        }
    }
}

impl Body for ByteStream {
    type Data = Bytes;
    type Error = ByteStreamError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ByteStreamError>>> {
        match &mut self.inner {
            Inner::Buffered(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Inner::Streaming(body) => body
                .as_mut()
                .poll_frame(cx)
                .map_err(ByteStreamError::from_source),
            #[cfg(feature = "streaming")]
            Inner::File { path, len, reading } => {
                if reading.is_none() {
                    // Opening is one quick system call; reads go to tokio's
                    // blocking pool.
                    let file = std::fs::File::open(&**path).map_err(|e| {
                        let message = format!("opening {}: {e}", path.display());
                        ByteStreamError::new(ByteStreamErrorKind::Io, message)
                    })?;
                    *reading = Some(Box::pin(FileBody::new(file, *len)));
                }
                match reading {
                    Some(body) => body.as_mut().poll_frame(cx),
                    None => Poll::Ready(None),
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.inner {
            Inner::Buffered(bytes) => bytes.is_none(),
            Inner::Streaming(body) => body.is_end_stream(),
            #[cfg(feature = "streaming")]
            Inner::File { len, reading, .. } => {
                reading.as_ref().map_or(*len == 0, |r| r.remaining == 0)
            }
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Inner::Buffered(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Inner::Streaming(body) => body.size_hint(),
            #[cfg(feature = "streaming")]
            Inner::File { len, reading, .. } => {
                SizeHint::with_exact(reading.as_ref().map_or(*len, |r| r.remaining))
            }
        }
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        ByteStream::new(Bytes::new())
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the content: a body may hold anything, secrets included.
        match &self.inner {
            Inner::Buffered(bytes) => {
                let len = bytes.as_ref().map_or(0, Bytes::len);
                write!(f, "ByteStream({len} bytes in memory)")
            }
            Inner::Streaming(_) => f.write_str("ByteStream(streamed)"),
            #[cfg(feature = "streaming")]
            Inner::File { path, len, .. } => {
                write!(f, "ByteStream({len} bytes of {})", path.display())
            }
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        ByteStream::new(bytes)
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        ByteStream::new(bytes)
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        ByteStream::new(text)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        ByteStream::new(bytes)
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        ByteStream::new(text)
    }
}

impl From<crate::Blob> for ByteStream {
    fn from(blob: crate::Blob) -> Self {
        ByteStream::new(blob.into_inner())
    }
}

/// Why reading a [`ByteStream`] failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ByteStreamErrorKind {
    /// The connection failed or the body was malformed.
    Io,
    /// No bytes arrived within the read timeout.
    Timeout,
    /// The bytes read do not match the checksum the response declared.
    ChecksumMismatch,
}

/// A failure while reading a [`ByteStream`].
#[derive(Debug)]
pub struct ByteStreamError {
    kind: ByteStreamErrorKind,
    source: BoxError,
}

impl ByteStreamError {
    pub fn new(kind: ByteStreamErrorKind, source: impl Into<BoxError>) -> ByteStreamError {
        ByteStreamError {
            kind,
            source: source.into(),
        }
    }

    pub fn kind(&self) -> ByteStreamErrorKind {
        self.kind
    }

    /// An error from a wrapped body: kept as it is when it already is one.
    fn from_source(source: BoxError) -> ByteStreamError {
        match source.downcast::<ByteStreamError>() {
            Ok(own) => *own,
            Err(other) => ByteStreamError::new(ByteStreamErrorKind::Io, other),
        }
    }
}

impl fmt::Display for ByteStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ByteStreamErrorKind::Io => "reading the body failed",
            ByteStreamErrorKind::Timeout => "reading the body timed out",
            ByteStreamErrorKind::ChecksumMismatch => "the body does not match its checksum",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl Error for ByteStreamError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

impl From<ByteStreamError> for io::Error {
    fn from(e: ByteStreamError) -> io::Error {
        let kind = match e.kind {
            ByteStreamErrorKind::Timeout => io::ErrorKind::TimedOut,
            ByteStreamErrorKind::ChecksumMismatch => io::ErrorKind::InvalidData,
            ByteStreamErrorKind::Io => io::ErrorKind::Other,
        };
        io::Error::new(kind, e)
    }
}

/// A file read in pieces of at most 64 KiB, failing if it ends before the
/// length it had when the stream was made.
#[cfg(feature = "streaming")]
struct FileBody {
    file: tokio::fs::File,
    remaining: u64,
    buffer: Box<[u8]>,
}

#[cfg(feature = "streaming")]
impl FileBody {
    const PIECE: usize = 64 << 10;

    fn new(file: std::fs::File, len: u64) -> FileBody {
        FileBody {
            file: tokio::fs::File::from_std(file),
            remaining: len,
            buffer: vec![0; Self::PIECE].into_boxed_slice(),
        }
    }

    fn poll_frame(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ByteStreamError>>> {
        if self.remaining == 0 {
            return Poll::Ready(None);
        }
        let want = self.buffer.len().min(self.remaining as usize);
        let mut read = ReadBuf::new(&mut self.buffer[..want]);
        let io_error = |e: io::Error| ByteStreamError::new(ByteStreamErrorKind::Io, e);
        match Pin::new(&mut self.file).poll_read(cx, &mut read) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => Poll::Ready(Some(Err(io_error(e)))),
            Poll::Ready(Ok(())) if read.filled().is_empty() => {
                let message = format!("the file ended {} bytes early", self.remaining);
                Poll::Ready(Some(Err(ByteStreamError::new(
                    ByteStreamErrorKind::Io,
                    message,
                ))))
            }
            Poll::Ready(Ok(())) => {
                let piece = Bytes::copy_from_slice(read.filled());
                self.remaining -= piece.len() as u64;
                Poll::Ready(Some(Ok(Frame::data(piece))))
            }
        }
    }
}

/// Fails a read that waits longer than `limit` between frames. The timer
/// is armed once and moved on only when it fires: a frame just notes the
/// time, so a fast body pays a clock read per frame, not a timer.
struct IdleTimeout {
    body: DynBody,
    limit: Duration,
    /// When the last frame came (or the first wait began).
    progress: Option<Instant>,
    timer: Option<Pin<Box<Sleep>>>,
}

impl Body for IdleTimeout {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = this.body.as_mut().poll_frame(cx) {
            this.progress = Some(Instant::now());
            return Poll::Ready(frame);
        }
        let limit = this.limit;
        let progress = *this.progress.get_or_insert_with(Instant::now);
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(progress + limit)));
        loop {
            if timer.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            // Fired: at the deadline of the last frame, or of an older one.
            let due = progress + limit;
            if Instant::now() < due {
                timer.as_mut().reset(due);
                continue;
            }
            this.timer = None;
            let message = format!("no bytes arrived within {limit:?}");
            let error = ByteStreamError::new(ByteStreamErrorKind::Timeout, message);
            return Poll::Ready(Some(Err(Box::new(error))));
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// [`ByteStream::into_async_read`]: the stream's chunks handed out as reads.
struct Reader {
    stream: ByteStream,
    chunk: Bytes,
}

impl AsyncRead for Reader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while this.chunk.is_empty() {
            match Pin::new(&mut this.stream).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Err(e.into())),
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        this.chunk = data;
                    }
                }
            }
        }
        let n = this.chunk.len().min(buf.remaining());
        buf.put_slice(&this.chunk[..n]);
        this.chunk.advance(n);
        Poll::Ready(Ok(()))
    }
}
