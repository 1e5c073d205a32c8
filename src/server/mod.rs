//! `tchatlint serve`: the pre-send check as an HTTP service for chat
//! consoles (axum on tokio), with a demo console at `/`.
//!
//! Endpoints: `POST /v1/check`, `POST /v1/check/batch`, `GET /v1/rules`,
//! `GET /v1/phrases`, `POST /v1/reload`, `GET /healthz`, `GET /openapi.json`, and the console
//! (`/`, `/console.js`, `/console.css`). Errors are JSON
//! (`{"error":{"code","message"}}`). The text of a reply is never logged:
//! logs carry the request id, sizes, durations and counts.
//!
//! Beside them, `POST /v2/check` and `GET /v2/languages` speak
//! LanguageTool's HTTP API ([`languagetool`]) so that its clients can use
//! the service, and browsers on the origins a deployment lists may call it
//! ([`cors`]).

pub mod api;
pub mod cors;
pub mod error;
mod http_errors;
pub mod lanes;
pub mod languagetool;
pub mod options;
pub mod profiles;
pub mod selection;

use anyhow::{Context, Result};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
pub use options::ServerOptions;
use profiles::ProfileStore;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// Options of `tchatlint serve`.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Adresse d'écoute (HOST:PORT ; port 0 = un port libre)
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: SocketAddr,
    /// Charte par défaut (TOML) fusionnée avec la charte intégrée
    #[arg(long, value_name = "FICHIER")]
    pub config: Option<PathBuf>,
    /// Dossier de chartes : un fichier NOM.toml par marque, choisi par
    /// requête avec "profile": "NOM" (rechargé sur SIGHUP ou POST /v1/reload)
    #[arg(long, value_name = "DOSSIER")]
    pub profiles: Option<PathBuf>,
    /// Taille maximale d'une requête, en octets
    #[arg(long, default_value_t = 64 * 1024, value_name = "OCTETS")]
    pub max_body: usize,
    /// Délai maximal de traitement d'une requête, en millisecondes
    #[arg(long, default_value_t = 5000, value_name = "MS")]
    pub timeout_ms: u64,
    /// Requêtes traitées en même temps au plus (les autres attendent)
    #[arg(long, default_value_t = 512, value_name = "N")]
    pub max_concurrency: usize,
    /// Fils d'exécution (par défaut : un par cœur)
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Textes longs (plus de 1 Kio) vérifiés en même temps au plus
    /// (par défaut : la moitié des fils, au moins 1) ; les autres attendent
    #[arg(long, value_name = "N")]
    pub heavy_checks: Option<usize>,
    /// Connexions ouvertes en même temps au plus (les suivantes attendent
    /// dans la file du système)
    #[arg(long, default_value_t = 512, value_name = "N")]
    pub max_connections: usize,
    /// Délai pour recevoir les en-têtes d'une requête (et durée maximale
    /// d'une connexion inactive), en millisecondes
    #[arg(long, default_value_t = 5_000, value_name = "MS")]
    pub header_timeout_ms: u64,
    /// À l'arrêt (SIGTERM), délai laissé aux requêtes en cours, en
    /// millisecondes ; les connexions encore ouvertes sont ensuite fermées
    #[arg(long, default_value_t = 10_000, value_name = "MS")]
    pub shutdown_timeout_ms: u64,
    /// Jeton exigé par POST /v1/reload (en-tête « Authorization: Bearer
    /// JETON ») ; aussi lu dans TCHATLINT_RELOAD_TOKEN. Sans jeton, le
    /// rechargement par HTTP n'est permis que sur une adresse de bouclage
    #[arg(long, value_name = "JETON")]
    pub reload_token: Option<String>,
    /// Origine web autorisée à appeler le service depuis un navigateur
    /// (CORS), p. ex. https://console.exemple.fr ; répétable ; « * » pour
    /// toutes. S'ajoute à [server] cors_origins de --config.
    #[arg(long = "cors-origin", value_name = "ORIGINE")]
    pub cors_origins: Vec<String>,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            config: None,
            profiles: None,
            max_body: 64 * 1024,
            timeout_ms: 5000,
            max_concurrency: 512,
            threads: None,
            heavy_checks: None,
            max_connections: 512,
            header_timeout_ms: 5_000,
            shutdown_timeout_ms: 10_000,
            reload_token: None,
            cors_origins: Vec::new(),
        }
    }
}

/// Who may call `POST /v1/reload`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadAccess {
    /// Anyone who can connect: the service listens on loopback only.
    Open,
    /// Nobody over HTTP (beyond loopback, no token): SIGHUP only.
    Closed,
    /// Requests with `Authorization: Bearer TOKEN`.
    Token(String),
}

impl ReloadAccess {
    /// The rule for a service on `addr` with an optional token (an empty
    /// token counts as none).
    pub fn new(addr: SocketAddr, token: Option<String>) -> Self {
        match token.filter(|t| !t.trim().is_empty()) {
            Some(t) => ReloadAccess::Token(t.trim().to_string()),
            None if addr.ip().is_loopback() => ReloadAccess::Open,
            None => ReloadAccess::Closed,
        }
    }
}

/// Environment variable read when `--reload-token` is not given.
pub const RELOAD_TOKEN_ENV: &str = "TCHATLINT_RELOAD_TOKEN";

/// Shared state of the handlers.
#[derive(Debug)]
pub struct AppState {
    pub store: ProfileStore,
    pub max_body: usize,
    pub timeout: Duration,
    pub cors: cors::Cors,
    pub lanes: lanes::Lanes,
    pub reload: ReloadAccess,
    next_id: AtomicU64,
}

impl AppState {
    /// The state of a service started with `args`; CORS origins from
    /// `--cors-origin` (the config file's are added by [`AppState::with_cors`]).
    pub fn new(store: ProfileStore, args: &ServeArgs) -> Self {
        let threads = args.threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        });
        AppState {
            store,
            max_body: args.max_body,
            timeout: Duration::from_millis(args.timeout_ms.max(1)),
            cors: cors::Cors::default(),
            lanes: lanes::Lanes::new(args.heavy_checks.unwrap_or(threads / 2).max(1)),
            reload: ReloadAccess::new(args.addr, args.reload_token.clone()),
            next_id: AtomicU64::new(1),
        }
    }

    pub fn with_cors(mut self, cors: cors::Cors) -> Self {
        self.cors = cors;
        self
    }
}

const CONSOLE_HTML: &str = include_str!("../../static/console.html");
const CONSOLE_JS: &str = include_str!("../../static/console.js");
const CONSOLE_CSS: &str = include_str!("../../static/console.css");

/// The whole application: routes, JSON fallbacks, request ids, logging,
/// timeout and bounded concurrency.
pub fn router(state: Arc<AppState>, max_concurrency: usize) -> Router {
    let page = |ctype: &'static str, body: &'static str| {
        move || async move {
            (
                [
                    (header::CONTENT_TYPE, ctype),
                    (header::CACHE_CONTROL, "no-cache"),
                ],
                body,
            )
        }
    };
    Router::new()
        .route("/", get(page("text/html; charset=utf-8", CONSOLE_HTML)))
        .route(
            "/console.js",
            get(page("text/javascript; charset=utf-8", CONSOLE_JS)),
        )
        .route(
            "/console.css",
            get(page("text/css; charset=utf-8", CONSOLE_CSS)),
        )
        .route("/healthz", get(api::healthz))
        .route("/openapi.json", get(api::openapi))
        .route("/v1/check", post(api::check))
        .route("/v1/check/batch", post(api::check_batch))
        .route("/v1/rules", get(api::rules))
        .route("/v1/phrases", get(api::phrases))
        .route("/v1/reload", post(api::reload))
        .route(
            "/v2/check",
            post(languagetool::check).get(languagetool::check),
        )
        .route("/v2/languages", get(languagetool::languages))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            observe,
        ))
        // Outside `observe`, so that errors and timeouts carry the CORS
        // headers too (a browser could not read them otherwise).
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            cors::layer,
        ))
        .layer(tower::limit::ConcurrencyLimitLayer::new(
            max_concurrency.max(1),
        ))
        .with_state(state)
}

/// Request id, timeout and one log line per request: method, path,
/// status, request size, duration. Never the body.
async fn observe(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let uri = req.uri();
    if uri.path().len() + uri.query().map_or(0, str::len) > MAX_URI {
        return api::ApiError::new(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!("the request's path and query string exceed {MAX_URI} bytes"),
        )
        .into_response();
    }
    let id = state.next_id.fetch_add(1, Ordering::Relaxed);
    let started = Instant::now();
    let size = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    // Fields are only formatted when the span is enabled (`RUST_LOG=info`).
    let span = tracing::info_span!("request", id, method = %req.method(), path = req.uri().path());
    let mut response =
        match tokio::time::timeout(state.timeout, next.run(req).instrument(span.clone())).await {
            Ok(r) => r,
            Err(_) => api::ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                format!(
                    "request not handled within {} ms",
                    state.timeout.as_millis()
                ),
            )
            .into_response(),
        };
    let status = response.status().as_u16();
    let micros = started.elapsed().as_micros() as u64;
    span.in_scope(|| tracing::info!(status, bytes = size, micros, "done"));
    response
        .headers_mut()
        .insert("x-request-id", HeaderValue::from(id));
    response
}

/// Limits of the connections, from [`ServeArgs`].
#[derive(Debug, Clone, Copy)]
pub struct ConnLimits {
    pub max_concurrency: usize,
    pub max_connections: usize,
    pub header_timeout: Duration,
    pub shutdown_timeout: Duration,
}

impl ConnLimits {
    pub fn from_args(args: &ServeArgs) -> Self {
        ConnLimits {
            max_concurrency: args.max_concurrency,
            max_connections: args.max_connections.max(1),
            header_timeout: Duration::from_millis(args.header_timeout_ms.max(1)),
            shutdown_timeout: Duration::from_millis(args.shutdown_timeout_ms),
        }
    }
}

/// Longest path and query string (414 above).
const MAX_URI: usize = 8 * 1024;

/// At shutdown, how long a connection with no request being handled may
/// still take (to finish writing an answer).
const IDLE_GRACE: Duration = Duration::from_secs(1);

/// Counts a request of a connection while it is being handled.
struct InFlight(Arc<AtomicU64>);

impl InFlight {
    fn new(count: &Arc<AtomicU64>) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        InFlight(Arc::clone(count))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Largest request head (request line and headers) read; above it the
/// client gets a 431.
const MAX_HEAD: usize = 64 * 1024;

/// Serve on `listener` until `shutdown` resolves, then finish the requests
/// in flight, for at most `limits.shutdown_timeout`. Reloads the profiles
/// on SIGHUP.
///
/// Connections are served here rather than by `axum::serve` for three
/// limits it lacks: a timeout on reading a request's head (a client that
/// sends its headers byte by byte is closed), a bound on open connections
/// (the next ones wait in the kernel's queue, so the service never runs out
/// of file descriptors), and a deadline on the shutdown.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    limits: ConnLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let s = Arc::clone(&state);
        tokio::spawn(async move {
            use tokio::signal::unix::{signal, SignalKind};
            let Ok(mut hup) = signal(SignalKind::hangup()) else {
                return;
            };
            while hup.recv().await.is_some() {
                let s = Arc::clone(&s);
                match tokio::task::spawn_blocking(move || s.store.reload()).await {
                    Ok(Ok(p)) => {
                        tracing::info!(profiles = p.names().len(), "SIGHUP: profiles reloaded")
                    }
                    Ok(Err(e)) => {
                        tracing::warn!(error = %format!("{e:#}"), "SIGHUP: reload failed; previous profiles kept")
                    }
                    Err(e) => tracing::warn!(error = %e, "SIGHUP: reload task failed"),
                }
            }
        });
    }
    let app = router(state, limits.max_concurrency);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(MAX_HEAD);
    let open = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(());
    tokio::pin!(shutdown);
    loop {
        // A free slot first, then a connection: when all slots are taken,
        // new connections wait in the listen queue.
        let permit = tokio::select! {
            p = Arc::clone(&open).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = &mut shutdown => break,
        };
        let tcp = tokio::select! {
            r = listener.accept() => match r {
                Ok((tcp, _)) => tcp,
                Err(e) => {
                    // Out of descriptors or a connection reset before it
                    // was accepted: wait a little, keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // Replies are small and each one is a single write: send it at
        // once (no Nagle delay waiting for the client's acknowledgement).
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
        // Requests of this connection being handled (0 or 1 in HTTP/1.1).
        let busy = Arc::new(AtomicU64::new(0));
        let service = {
            let (app, busy) = (app.clone(), Arc::clone(&busy));
            hyper::service::service_fn(move |req| {
                let in_flight = InFlight::new(&busy);
                let answer = tower::ServiceExt::oneshot(app.clone(), req);
                async move {
                    let _in_flight = in_flight;
                    answer.await
                }
            })
        };
        let conn = http.serve_connection(TokioIo::new(http_errors::JsonErrors::new(tcp)), service);
        let mut stop_rx = stop_rx.clone();
        tokio::spawn(async move {
            let _slot = permit;
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => return,
                _ = stop_rx.changed() => {}
            }
            // Shutting down: finish the request in flight, then close
            // (hyper closes an idle connection at once). A connection with
            // no request being handled gets a moment to finish writing an
            // answer, not more: one still sending its headers is closed.
            conn.as_mut().graceful_shutdown();
            if busy.load(Ordering::Relaxed) > 0 {
                let _ = conn.await;
            } else {
                let _ = tokio::time::timeout(IDLE_GRACE, conn).await;
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(());
    // Every slot back means every connection closed.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(limits.shutdown_timeout, open.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!(
            open = limits.max_connections - open.available_permits(),
            "shutdown deadline reached; closing the connections still open"
        );
    }
    Ok(())
}

/// SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received; finishing requests in flight");
}

/// Run `tchatlint serve`: load the profiles, bind, write the address to
/// `startup` (`listening on http://HOST:PORT`, flushed: the binary gives
/// its standard output), serve until SIGTERM. The log lines are `tracing`
/// events: where they go is the subscriber's business, which the binary
/// installs.
pub fn run(args: ServeArgs, startup: &mut dyn std::io::Write) -> Result<ExitCode> {
    let store = ProfileStore::new(args.config.clone(), args.profiles.clone())?;
    let names = store.current().names();
    let mut origins = args.cors_origins.clone();
    if let Some(p) = store.current().profile(None) {
        origins.extend(p.linter.config().server.cors_origins.iter().cloned());
    }
    let cors = cors::Cors::new(&origins)?;
    if !cors.is_off() {
        tracing::info!(origins = ?cors.origins(), "CORS on");
    }
    let mut args = args;
    if args.reload_token.is_none() {
        args.reload_token = std::env::var(RELOAD_TOKEN_ENV).ok();
    }
    let state = Arc::new(AppState::new(store, &args).with_cors(cors));
    match &state.reload {
        ReloadAccess::Closed => tracing::warn!(
            addr = %args.addr,
            "POST /v1/reload is off: the service listens beyond loopback and no token is set \
             (--reload-token or {RELOAD_TOKEN_ENV}); SIGHUP still reloads"
        ),
        ReloadAccess::Token(_) => tracing::info!("POST /v1/reload requires the token"),
        ReloadAccess::Open => {}
    }
    let limits = ConnLimits::from_args(&args);
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    rt.enable_all();
    if let Some(n) = args.threads {
        rt.worker_threads(n.max(1));
    }
    let rt = rt.build().context("démarrage du runtime impossible")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("écoute impossible sur {}", args.addr))?;
        let local = listener.local_addr()?;
        tracing::info!(addr = %local, profiles = ?names, "listening");
        let _ = writeln!(startup, "listening on http://{local}");
        let _ = startup.flush();
        serve(listener, state, limits, shutdown_signal()).await?;
        tracing::info!("stopped");
        Ok::<_, anyhow::Error>(())
    })?;
    // A long check still running on the blocking pool has been told to stop
    // (its request is gone); do not wait for it.
    rt.shutdown_timeout(Duration::from_millis(100));
    Ok(ExitCode::SUCCESS)
}
