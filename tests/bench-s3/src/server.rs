//! A loopback HTTPS server that answers S3 as far as the benchmark needs:
//! `GET` with an object of the given length (the same 1 MiB repeated), and
//! `PUT` by reading and dropping the body (`Content-Length` or chunked, after
//! a `100 Continue` when asked), then `200` with an ETag.

use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::{CERT, KEY};

/// Starts the server for an object of `len` bytes; returns its port.
pub async fn start(len: u64) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls_config()));
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(tcp).await {
                    let _ = serve(BufReader::with_capacity(1 << 16, tls), len).await;
                }
            });
        }
    });
    port
}

fn tls_config() -> rustls::ServerConfig {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_slice_iter(CERT)
        .map(Result::unwrap)
        .collect();
    let key = PrivateKeyDer::from_pem_slice(KEY).unwrap();
    // The ring provider, as the runtime uses (newer rustls deprecates it
    // for lacking post-quantum key exchange; this is a loopback test).
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap()
}

async fn serve<S>(mut conn: BufReader<S>, len: u64) -> std::io::Result<()>
where
    S: AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let chunk = vec![0x5a_u8; 1 << 20];
    loop {
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            if conn.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            if line == "\r\n" {
                break;
            }
            head.push(line.trim_end().to_string());
        }
        let header = |name: &str| {
            head.iter().skip(1).find_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
            })
        };
        let out = conn.get_mut();
        if head[0].starts_with("GET ") {
            let reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {len}\r\nETag: \"e\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            );
            out.write_all(reply.as_bytes()).await?;
            let mut left = len;
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                out.write_all(&chunk[..n]).await?;
                left -= n as u64;
            }
        } else {
            if header("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
                out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await?;
            }
            out.flush().await?;
            if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
                drop_chunked(&mut conn).await?;
            } else {
                let n: u64 = header("content-length").map_or(0, |v| v.parse().unwrap());
                tokio::io::copy(&mut (&mut conn).take(n), &mut tokio::io::sink()).await?;
            }
            let out = conn.get_mut();
            out.write_all(b"HTTP/1.1 200 OK\r\nETag: \"e\"\r\nContent-Length: 0\r\n\r\n")
                .await?;
        }
        conn.get_mut().flush().await?;
    }
}

/// Reads a chunked body to its end (trailers included) and drops it.
async fn drop_chunked<S: AsyncRead + Unpin>(conn: &mut BufReader<S>) -> std::io::Result<()> {
    loop {
        let mut line = String::new();
        conn.read_line(&mut line).await?;
        let size = u64::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        if size == 0 {
            loop {
                let mut trailer = String::new();
                if conn.read_line(&mut trailer).await? == 0 || trailer == "\r\n" {
                    return Ok(());
                }
            }
        }
        tokio::io::copy(&mut (&mut *conn).take(size + 2), &mut tokio::io::sink()).await?;
    }
}
