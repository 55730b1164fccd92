//! The one HTTP layer: hyper's HTTP/1 server on a tokio runtime of its own, shared by `serve` and
//! `mock`.
//!
//! A [`Service`] turns a request into a response; this module owns everything between the socket
//! and the service: parsing (hyper's, so malformed requests get hyper's 400 and the connection
//! closes), keep-alive, a deadline on reading each request's header (a client that sends its
//! header slowly, or keeps an idle connection open, is dropped after [`HEADER_DEADLINE`]), a limit on
//! the header's size, and a bound on open connections. Nothing here knows what is served.

use std::convert::Infallible;
use std::future::Future;
use std::net::{SocketAddr, TcpListener};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited, StreamBody, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};

/// A response body: whole, or a stream of chunks (Server-Sent Events).
pub type Body = BoxBody<Bytes, Infallible>;

/// How long a client may take to send a request's header, and how long a kept-alive connection
/// may wait for the next request.
pub const HEADER_DEADLINE: Duration = Duration::from_secs(10);
/// The most bytes a request's header may take (hyper answers 431 above it).
pub const MAX_HEADER_BYTES: usize = 64 * 1024;
/// The most connections open at once; a new one beyond it is closed at once.
pub const MAX_CONNECTIONS: usize = 4096;

/// Answers requests. Implemented by `serve`'s live site and by the mock API.
pub trait Service: Send + Sync + 'static {
    /// The response to `request`, which came from `peer`.
    fn call(
        self: Arc<Self>,
        request: Request<Incoming>,
        peer: SocketAddr,
    ) -> Pin<Box<dyn Future<Output = Response<Body>> + Send>>;
}

/// Why a server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    /// Something else listens on the address.
    #[error(
        "cannot listen on {addr}: the port is in use; choose another with --port, or --port 0 for any free port"
    )]
    Busy {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// Any other failure to listen.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
}

/// Binds the listening socket, so the address is known (and the port taken) before serving.
///
/// # Errors
/// [`BindError::Busy`] when the port is taken, [`BindError::Listen`] otherwise.
pub fn bind(addr: SocketAddr) -> Result<TcpListener, BindError> {
    TcpListener::bind(addr).map_err(|source| match source.kind() {
        std::io::ErrorKind::AddrInUse => BindError::Busy { addr },
        _ => BindError::Listen { addr, source },
    })
}

/// A whole body.
#[must_use]
pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).boxed()
}

/// A body streamed from `chunks` until they end.
#[must_use]
pub fn stream(chunks: impl tokio_stream::Stream<Item = Bytes> + Send + Sync + 'static) -> Body {
    use tokio_stream::StreamExt as _;
    let frames = chunks.map(|chunk| Ok::<_, Infallible>(Frame::data(chunk)));
    StreamBody::new(frames).boxed()
}

/// Reads a request's whole body, refusing more than `limit` bytes.
///
/// # Errors
/// When the body is larger than `limit` or the client stops sending it.
pub async fn read_body(body: Incoming, limit: usize) -> Result<Bytes, BodyError> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e)
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            Err(BodyError::TooLarge)
        }
        Err(_) => Err(BodyError::Broken),
    }
}

/// Why a request body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// Larger than the limit.
    #[error("the request body is too large")]
    TooLarge,
    /// The client stopped sending it, or sent a broken chunked body.
    #[error("the request body could not be read")]
    Broken,
}

/// A running server; it serves until the process ends.
#[derive(Debug)]
pub struct Server {
    /// The address it listens on (the real port when 0 was asked for).
    pub addr: SocketAddr,
}

/// Serves `service` on `listener` from a thread of its own that runs a small tokio runtime.
///
/// # Errors
/// When the runtime or its thread cannot be started.
pub fn spawn(listener: TcpListener, service: Arc<dyn Service>) -> std::io::Result<Server> {
    let addr = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("errdocs-http")
        .enable_io()
        .enable_time()
        .build()?;
    std::thread::Builder::new()
        .name("errdocs-accept".into())
        .spawn(move || {
            runtime.block_on(async move {
                match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => accept_loop(listener, service).await,
                    Err(e) => tracing::error!(error = %e, "cannot serve"),
                }
            });
        })?;
    Ok(Server { addr })
}

async fn accept_loop(listener: tokio::net::TcpListener, service: Arc<dyn Service>) {
    let open = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors, or a connection reset before it was accepted: wait a
                // moment instead of spinning, then go on.
                tracing::debug!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let Ok(permit) = Arc::clone(&open).try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = Arc::clone(&service);
        tokio::spawn(async move {
            let handler = hyper::service::service_fn(move |request| {
                let service = Arc::clone(&service);
                async move { Ok::<_, Infallible>(service.call(request, peer).await) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_DEADLINE)
                .max_buf_size(MAX_HEADER_BYTES)
                .serve_connection(TokioIo::new(stream), handler);
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended");
            }
            drop(permit);
        });
    }
}
