//! A capturing HTTP client: records every request and answers `200` with
//! an empty body (which S3 takes as a success; `{}` is no XML, so S3 would
//! retry it as an error in a 200).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use slimaws::runtime::bytes::Bytes;
use slimaws::runtime::http::Response;
use slimaws::runtime::{HttpClient, HttpRequest, HttpResponse, TransportError};

/// Records every request and answers `200` with an empty body.
#[derive(Clone, Debug, Default)]
pub struct Capture(pub Arc<Mutex<Vec<HttpRequest>>>);

impl HttpClient for Capture {
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + '_>> {
        self.0.lock().unwrap().push(request);
        Box::pin(async { Ok(Response::new(Bytes::new())) })
    }
}
