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
pub mod languagetool;
pub mod profiles;
pub mod selection;

use anyhow::{Context, Result};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use axum::Router;
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
    /// Origine web autorisée à appeler le service depuis un navigateur
    /// (CORS), p. ex. https://console.exemple.fr ; répétable ; « * » pour
    /// toutes. S'ajoute à [server] cors_origins de --config.
    #[arg(long = "cors-origin", value_name = "ORIGINE")]
    pub cors_origins: Vec<String>,
}

crate::options! {
    /// The `[server]` table of the house-style file given to
    /// `tchatlint serve --config` (read at start; ignored elsewhere).
    pub struct ServerOptions / ServerOptionsPatch {
        /// Web origins allowed to call the service from a browser.
        pub cors_origins: Vec<String>,
    }
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
            cors_origins: Vec::new(),
        }
    }
}

/// Shared state of the handlers.
#[derive(Debug)]
pub struct AppState {
    pub store: ProfileStore,
    pub max_body: usize,
    pub timeout: Duration,
    pub cors: cors::Cors,
    next_id: AtomicU64,
}

impl AppState {
    /// The state of a service started with `args`; CORS origins from
    /// `--cors-origin` (the config file's are added by [`AppState::with_cors`]).
    pub fn new(store: ProfileStore, args: &ServeArgs) -> Self {
        AppState {
            store,
            max_body: args.max_body,
            timeout: Duration::from_millis(args.timeout_ms.max(1)),
            cors: cors::Cors::default(),
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

/// Serve on `listener` until `shutdown` resolves, then finish the requests
/// in flight. Reloads the profiles on SIGHUP.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    max_concurrency: usize,
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
    let app = router(state, max_concurrency);
    // Replies are small and each one is a single write: send it at once
    // (no Nagle delay waiting for the client's acknowledgement).
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
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

/// Run `tchatlint serve`: load the profiles, bind, print the address on
/// stdout (`listening on http://HOST:PORT`), serve until SIGTERM.
pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
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
    let state = Arc::new(AppState::new(store, &args).with_cors(cors));
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
        {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "listening on http://{local}");
            let _ = out.flush();
        }
        serve(listener, state, args.max_concurrency, shutdown_signal()).await?;
        tracing::info!("stopped");
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
