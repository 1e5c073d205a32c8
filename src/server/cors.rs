//! Cross-origin calls (CORS): off unless a deployment lists the web origins
//! of its consoles (`--cors-origin`, or `[server] cors_origins` in the
//! `--config` file).
//!
//! - A request whose `Origin` is listed gets `Access-Control-Allow-Origin`
//!   (that origin, or `*` when the list holds `*`) and `Vary: Origin`.
//! - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`)
//!   from a listed origin is answered `204` with the methods and headers it
//!   may use (and `Access-Control-Allow-Private-Network: true` when Chromium
//!   asks for it); from any other origin, or with CORS off, `403` (JSON error).
//! - Other requests are served as usual, without CORS headers: the browser
//!   then keeps the answer from the page.

use super::api::ApiError;
use super::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// How long a browser may keep a preflight answer, in seconds.
const MAX_AGE: &str = "600";

/// The origins allowed to call the service from a browser.
#[derive(Debug, Clone, Default)]
pub struct Cors {
    any: bool,
    origins: Vec<String>,
}

impl Cors {
    /// Validate and normalise `origins` (`scheme://host[:port]`, or `*`).
    pub fn new(origins: &[String]) -> anyhow::Result<Self> {
        let mut cors = Cors::default();
        for o in origins {
            let o = o.trim().trim_end_matches('/');
            if o == "*" {
                cors.any = true;
                continue;
            }
            if !valid_origin(o) {
                anyhow::bail!(
                    "origine CORS invalide « {o} » : attendu SCHÉMA://HÔTE[:PORT] \
                     (p. ex. https://console.exemple.fr) ou « * »"
                );
            }
            let o = o.to_ascii_lowercase();
            if !cors.origins.contains(&o) {
                cors.origins.push(o);
            }
        }
        Ok(cors)
    }

    /// True when no origin is allowed (the default).
    pub fn is_off(&self) -> bool {
        !self.any && self.origins.is_empty()
    }

    /// The listed origins (`*` first when any origin is allowed).
    pub fn origins(&self) -> Vec<String> {
        let any = self.any.then(|| "*".to_string());
        any.into_iter()
            .chain(self.origins.iter().cloned())
            .collect()
    }

    /// The `Access-Control-Allow-Origin` value for a request from `origin`,
    /// if it is allowed.
    fn allow(&self, origin: &str) -> Option<HeaderValue> {
        if self.any {
            return Some(HeaderValue::from_static("*"));
        }
        let origin = origin.to_ascii_lowercase();
        self.origins
            .contains(&origin)
            .then(|| HeaderValue::from_str(&origin).ok())
            .flatten()
    }
}

/// `scheme://host[:port]` with no path, query, user or space.
fn valid_origin(o: &str) -> bool {
    let Some((scheme, rest)) = o.split_once("://") else {
        return false;
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    scheme_ok
        && !rest.is_empty()
        && !rest
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '/' | '?' | '#' | '@'))
}

/// The middleware: answers preflights, adds the headers to the answers of
/// listed origins.
pub async fn layer(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let Some(origin) = origin else {
        return next.run(req).await;
    };
    let allowed = state.cors.allow(&origin);
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        return preflight_answer(allowed, req.headers());
    }
    let mut response = next.run(req).await;
    if let Some(value) = allowed {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("x-request-id"),
        );
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

fn preflight_answer(allowed: Option<HeaderValue>, request: &HeaderMap) -> Response {
    let Some(value) = allowed else {
        let mut r = ApiError::new(
            StatusCode::FORBIDDEN,
            "cors_origin_not_allowed",
            "this origin may not call the service from a browser; \
             list it with --cors-origin or [server] cors_origins",
        )
        .into_response();
        r.headers_mut()
            .append(header::VARY, HeaderValue::from_static("Origin"));
        return r;
    };
    let allow_headers = request
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("content-type"));
    // Chromium asks before a public page calls a service on a private
    // network or on loopback (Private Network Access): a listed origin may.
    let private_network = request
        .get("access-control-request-private-network")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"));
    let mut response = (
        StatusCode::NO_CONTENT,
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, value),
            (
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, OPTIONS"),
            ),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers),
            (
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static(MAX_AGE),
            ),
            (
                header::VARY,
                HeaderValue::from_static(
                    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
                ),
            ),
        ],
    )
        .into_response();
    if private_network {
        response.headers_mut().insert(
            "access-control-allow-private-network",
            HeaderValue::from_static("true"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_checked_and_normalised() {
        let c = Cors::new(&["https://Console.Exemple.fr/".into()]).unwrap();
        assert!(c.allow("https://console.exemple.fr").is_some());
        assert!(c.allow("https://autre.fr").is_none());
        assert!(Cors::new(&["console.exemple.fr".into()]).is_err());
        assert!(Cors::new(&["https://exemple.fr/chemin".into()]).is_err());
        assert!(Cors::default().is_off());
        let any = Cors::new(&["*".into()]).unwrap();
        assert_eq!(
            any.allow("https://x.fr"),
            Some(HeaderValue::from_static("*"))
        );
    }
}
