//! A scripted HTTP client: answers each request with the next of its
//! answers (status, headers, body) and keeps the requests.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};

use slimaws::runtime::bytes::Bytes;
use slimaws::runtime::http::Response;
use slimaws::runtime::{HttpClient, HttpRequest, HttpResponse, TransportError};

/// One scripted response.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// The answers still to give, and the requests that came.
#[derive(Debug, Default)]
pub struct Exchange {
    pub answers: VecDeque<Answer>,
    pub sent: Vec<HttpRequest>,
}

#[derive(Clone, Debug, Default)]
pub struct Scripted(Arc<Mutex<Exchange>>);

impl Scripted {
    pub fn new(answers: impl IntoIterator<Item = Answer>) -> Scripted {
        let exchange = Exchange {
            answers: answers.into_iter().collect(),
            sent: Vec::new(),
        };
        Scripted(Arc::new(Mutex::new(exchange)))
    }

    pub fn exchange(&self) -> MutexGuard<'_, Exchange> {
        self.0.lock().unwrap()
    }
}

impl HttpClient for Scripted {
    fn send(
        &self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + '_>> {
        let mut exchange = self.exchange();
        exchange.sent.push(request);
        let answer = exchange.answers.pop_front().expect("a scripted answer");
        let mut response = Response::builder().status(answer.status);
        for (name, value) in &answer.headers {
            response = response.header(name, value);
        }
        let response = response.body(Bytes::from(answer.body)).unwrap();
        Box::pin(async { Ok(response) })
    }
}
