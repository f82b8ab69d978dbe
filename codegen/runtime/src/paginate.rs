//! Paginators: the pages of an operation botocore pages through
//! (`paginators-1.json`), requested one at a time as the caller asks.
//!
//! A generated operation with a paginator gets `into_paginator()` on its
//! fluent builder; its `send()` gives [`Pages`], its `items()` (where the
//! results are a list) gives [`Items`]. As botocore's `PageIterator`, paging
//! stops when the output says there are no more results, when no token is
//! returned (or an empty one), after an error, or, with an
//! [`ErrorKind::Pagination`] error, when the
//! service returns the token it was just sent.

use std::future::Future;

use crate::{ErrorKind, UnhandledError};

/// What generated code tells [`Pages`] about one paginated operation; the
/// fluent builder implements it. Not for applications.
#[doc(hidden)]
pub trait PageRequest: Clone + Send + Sized {
    type Output: Send;
    type Error: Send;
    /// Sends this request.
    fn send_page(self) -> impl Future<Output = Result<Self::Output, Self::Error>> + Send;
    /// The request for the page after `output` (this request's).
    fn next_page(&self, output: &Self::Output) -> NextPage<Self>;
    /// Whether `next` sends the same tokens as this request.
    fn same_tokens(&self, next: &Self) -> bool;
    /// The tokens of this request, for an error message.
    fn tokens_debug(&self) -> String;
    /// The operation's error for `error`.
    fn error(error: UnhandledError) -> Self::Error;
}

/// The results of a paginated operation that are a list, page after page.
#[doc(hidden)]
pub trait ItemsRequest: PageRequest {
    type Item: Send;
    /// The items of one page.
    fn items(output: Self::Output) -> Vec<Self::Item>;
}

/// Whether there is a page after this one.
#[doc(hidden)]
pub enum NextPage<R> {
    /// The request for it.
    Request(R),
    /// None: the output says so, or gave no token.
    Done,
}

/// The pages of a paginated operation, each its output; pull them with
/// [`next`](Pages::next).
///
/// ```ignore
/// let mut pages = client.list_key_groups().into_paginator().send();
/// while let Some(page) = pages.next().await {
///     let page = page?;
/// }
/// ```
#[derive(Debug)]
pub struct Pages<R> {
    next: Option<R>,
    /// No page has been fetched yet (botocore checks for a repeated token
    /// from the second page on).
    first: bool,
    /// The service repeated a token: the error to end with.
    repeated: Option<String>,
}

impl<R: PageRequest> Pages<R> {
    #[doc(hidden)]
    pub fn new(first: R) -> Self {
        Pages {
            next: Some(first),
            first: true,
            repeated: None,
        }
    }

    /// The next page: `None` once there are no more, after an error, or
    /// after the service repeated a token.
    pub async fn next(&mut self) -> Option<Result<R::Output, R::Error>> {
        if let Some(message) = self.repeated.take() {
            let error = UnhandledError::new(ErrorKind::Pagination, message);
            return Some(Err(R::error(error)));
        }
        let request = self.next.take()?;
        let output = match request.clone().send_page().await {
            Ok(output) => output,
            Err(e) => return Some(Err(e)),
        };
        if let NextPage::Request(next) = request.next_page(&output) {
            if !self.first && request.same_tokens(&next) {
                self.repeated = Some(format!(
                    "The same next token was received twice: {}",
                    next.tokens_debug()
                ));
            } else {
                self.next = Some(next);
            }
        }
        self.first = false;
        Some(Ok(output))
    }

    /// Every remaining page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<R::Output>, R::Error> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }
}

/// The items of a paginated operation's results across its pages; pull
/// them with [`next`](Items::next).
#[derive(Debug)]
pub struct Items<R: ItemsRequest> {
    pages: Pages<R>,
    page: std::vec::IntoIter<R::Item>,
}

impl<R: ItemsRequest> Items<R> {
    #[doc(hidden)]
    pub fn new(first: R) -> Self {
        Items {
            pages: Pages::new(first),
            page: Vec::new().into_iter(),
        }
    }

    /// The next item, requesting the next page when this one is used up.
    pub async fn next(&mut self) -> Option<Result<R::Item, R::Error>> {
        loop {
            if let Some(item) = self.page.next() {
                return Some(Ok(item));
            }
            match self.pages.next().await? {
                Ok(output) => self.page = R::items(output).into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Every remaining item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<R::Item>, R::Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}
