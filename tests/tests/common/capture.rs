//! A capturing HTTP client: records every request and answers `200 {}`.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use slimaws::runtime::bytes::Bytes;
use slimaws::runtime::http::Response;
use slimaws::runtime::{HttpClient, HttpRequest, HttpResponse, TransportError};

/// Records every request and answers `200 {}`.
#[derive(Clone, Debug, Default)]
pub struct Capture(pub Arc<Mutex<Vec<HttpRequest>>>);

impl HttpClient for Capture {
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + '_>> {
        self.0.lock().unwrap().push(request);
        Box::pin(async { Ok(Response::new(Bytes::from_static(b"{}"))) })
    }
}
