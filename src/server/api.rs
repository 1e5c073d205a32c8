//! Request and response bodies, handlers and JSON errors of the service.

use super::lanes::Stop;
use super::profiles::{Profile, Profiles};
use super::selection::{rule_ids, Selection};
use super::{AppState, ReloadAccess};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::rules::REGISTRY;
use crate::Severity;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub use super::error::ApiError;

/// Read the whole body, at most `limit` bytes (413 above).
pub async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("request body exceeds {limit} bytes"),
        )
    };
    if let Some(len) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if len > limit as u64 {
            return Err(too_large());
        }
    }
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        if format!("{e:?}").contains("LengthLimit") || e.to_string().contains("length limit") {
            too_large()
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "unreadable_body",
                format!("could not read the request body: {e}"),
            )
        }
    })
}

/// Read the whole body, at most `limit` bytes (413 above), and parse it as
/// JSON into `T` (400 with serde's explanation otherwise).
pub async fn read_json<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<(T, usize), ApiError> {
    let bytes = read_body(headers, body, limit).await?;
    if bytes.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "empty_body",
            "the request body is empty; send a JSON object",
        ));
    }
    let value = serde_json::from_slice(&bytes).map_err(|e| {
        let code = match e.classify() {
            serde_json::error::Category::Data => "invalid_field",
            _ => "malformed_json",
        };
        ApiError::new(StatusCode::BAD_REQUEST, code, e.to_string())
    })?;
    Ok((value, bytes.len()))
}

/// `POST /v1/check` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    pub text: String,
    #[serde(default)]
    pub profile: Option<String>,
    /// Rules to run even if the house style turns them off.
    #[serde(default)]
    pub enabled_rules: Vec<String>,
    /// Rules not to run.
    #[serde(default)]
    pub disabled_rules: Vec<String>,
    /// Run only `enabled_rules`.
    #[serde(default)]
    pub enabled_only: bool,
    /// Words to accept in this conversation (the customer's name…).
    #[serde(default)]
    pub ignore_words: Vec<String>,
}

/// `POST /v1/check/batch` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    pub texts: Vec<String>,
    #[serde(default)]
    pub profile: Option<String>,
    /// Rules to run even if the house style turns them off.
    #[serde(default)]
    pub enabled_rules: Vec<String>,
    /// Rules not to run.
    #[serde(default)]
    pub disabled_rules: Vec<String>,
    /// Run only `enabled_rules`.
    #[serde(default)]
    pub enabled_only: bool,
    /// Words to accept in this conversation (the customer's name…).
    #[serde(default)]
    pub ignore_words: Vec<String>,
}

/// The per-request choices of `/v1/check` and `/v1/check/batch` (the same
/// fields in both bodies).
fn selection(
    enabled: &[String],
    disabled: &[String],
    enabled_only: bool,
    ignore_words: &[String],
) -> Result<Selection, ApiError> {
    let mut s = Selection {
        enabled: rule_ids(enabled.iter().map(String::as_str), true)?,
        disabled: rule_ids(disabled.iter().map(String::as_str), true)?,
        enabled_only,
        ..Selection::default()
    };
    s.set_ignore_words(ignore_words.iter().map(String::as_str));
    Ok(s)
}

/// Most drafts in one batch.
pub const MAX_BATCH: usize = 100;

/// One checked draft.
#[derive(Debug, Serialize)]
pub struct CheckResponse {
    /// False when an error-level finding should hold the reply back.
    pub ok: bool,
    pub profile: String,
    pub diagnostics: Vec<ApiDiagnostic>,
}

#[derive(Debug, Serialize)]
pub struct BatchResponse {
    /// True when every draft is ok.
    pub ok: bool,
    pub profile: String,
    pub results: Vec<BatchItem>,
}

#[derive(Debug, Serialize)]
pub struct BatchItem {
    pub ok: bool,
    pub diagnostics: Vec<ApiDiagnostic>,
}

/// A diagnostic as the JSON output has it, with its span also in Unicode
/// scalar values and UTF-16 code units.
#[derive(Debug, Serialize)]
pub struct ApiDiagnostic {
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub span: ApiSpan,
    pub suggestions: Vec<String>,
    /// `safe` when the first suggestion cannot change the meaning.
    pub applicability: &'static str,
}

#[derive(Debug, Serialize, Default, Clone, Copy)]
pub struct ApiSpan {
    /// Byte offsets (UTF-8), start inclusive, end exclusive.
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (column in characters).
    pub line: usize,
    pub column: usize,
    /// Offsets in Unicode scalar values (Python, Rust `chars()`).
    pub char_start: usize,
    pub char_end: usize,
    /// Offsets in UTF-16 code units (JavaScript strings).
    pub utf16_start: usize,
    pub utf16_end: usize,
}

/// Byte offsets of a text converted to Unicode scalar values and UTF-16
/// code units, all in one walk over the text.
pub struct OffsetMap {
    /// (byte, chars, utf16), sorted by byte.
    conv: Vec<(usize, usize, usize)>,
}

impl OffsetMap {
    /// The conversions of `offsets` (any order, duplicates allowed).
    pub fn new(text: &str, mut offsets: Vec<usize>) -> Self {
        offsets.sort_unstable();
        offsets.dedup();
        let mut conv = Vec::with_capacity(offsets.len());
        let (mut chars, mut utf16) = (0usize, 0usize);
        let mut it = text.char_indices().peekable();
        for &o in &offsets {
            while let Some(&(i, c)) = it.peek() {
                if i >= o {
                    break;
                }
                chars += 1;
                utf16 += c.len_utf16();
                it.next();
            }
            conv.push((o, chars, utf16));
        }
        OffsetMap { conv }
    }

    /// (chars, UTF-16 units) before byte `o`, which must have been given.
    pub fn get(&self, o: usize) -> (usize, usize) {
        self.conv
            .binary_search_by_key(&o, |&(b, _, _)| b)
            .map(|i| (self.conv[i].1, self.conv[i].2))
            .unwrap_or_default()
    }
}

/// Convert diagnostics of `text` for the API: one pass over the text for
/// all char and UTF-16 offsets.
pub fn to_api(text: &str, diags: Vec<Diagnostic>) -> Vec<ApiDiagnostic> {
    let offsets = OffsetMap::new(
        text,
        diags
            .iter()
            .flat_map(|d| [d.span.start, d.span.end])
            .collect(),
    );
    let lookup = |o: usize| offsets.get(o);
    let index = LineIndex::new(text);
    diags
        .into_iter()
        .map(|d| {
            let pos = index.position(text, d.span.start);
            let (cs, us) = lookup(d.span.start);
            let (ce, ue) = lookup(d.span.end);
            let applicability = if d.is_safe_fix() { "safe" } else { "unsafe" };
            ApiDiagnostic {
                rule: d.rule,
                severity: d.severity.as_str(),
                message: d.message,
                help: d.help,
                span: ApiSpan {
                    start: d.span.start,
                    end: d.span.end,
                    line: pos.line,
                    column: pos.column,
                    char_start: cs,
                    char_end: ce,
                    utf16_start: us,
                    utf16_end: ue,
                },
                suggestions: d.suggestions,
                applicability,
            }
        })
        .collect()
}

/// Check one text with the request's choices (`Ok(None)`: stopped).
fn check_one(
    profile: &Profile,
    selection: &Selection,
    text: &str,
    stop: &Stop,
) -> Result<Option<(bool, Vec<ApiDiagnostic>)>, ApiError> {
    let Some(diags) = selection.check(profile, text, &stop.as_fn())? else {
        return Ok(None);
    };
    let ok = !diags.iter().any(|d| d.severity == Severity::Error);
    Ok(Some((ok, to_api(text, diags))))
}

pub fn unknown_profile(name: &str, known: &[String]) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "unknown_profile",
        format!(
            "unknown profile `{name}`; known profiles: {}",
            known.join(", ")
        ),
    )
}

/// The profiles in service and the name of the one a request asks for,
/// checked to exist (the check itself may run on another thread, which
/// takes the set along).
pub fn pick_profile(
    state: &AppState,
    name: Option<String>,
) -> Result<(Arc<Profiles>, Option<String>), ApiError> {
    let profiles = state.store.current();
    if profiles.profile(name.as_deref()).is_none() {
        return Err(unknown_profile(
            name.as_deref().unwrap_or(""),
            &profiles.names(),
        ));
    }
    Ok((profiles, name))
}

/// A JSON answer serialised where the check ran (a long text's findings
/// can make a large answer: better off the async workers).
pub struct JsonBytes(pub Bytes);

impl JsonBytes {
    pub fn new<T: Serialize>(value: &T) -> Result<Self, ApiError> {
        let mut buf = Vec::with_capacity(1024);
        serde_json::to_writer(&mut buf, value).map_err(|e| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
        })?;
        Ok(JsonBytes(Bytes::from(buf)))
    }
}

impl IntoResponse for JsonBytes {
    fn into_response(self) -> Response {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            self.0,
        )
            .into_response()
    }
}

fn profile_name(name: Option<String>) -> String {
    name.filter(|p| !p.is_empty())
        .unwrap_or_else(|| super::profiles::DEFAULT_PROFILE.into())
}

pub async fn check(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<JsonBytes, ApiError> {
    let (req, size): (CheckRequest, usize) = read_json(&headers, body, state.max_body).await?;
    let selection = selection(
        &req.enabled_rules,
        &req.disabled_rules,
        req.enabled_only,
        &req.ignore_words,
    )?;
    let (profiles, name) = pick_profile(&state, req.profile)?;
    let text = req.text;
    let text_bytes = text.len();
    let (answer, diagnostics, ok) = state
        .lanes
        .run(text_bytes, move |stop| {
            let profile = profiles.profile(name.as_deref())?;
            let result = check_one(profile, &selection, &text, stop).transpose()?;
            Some(result.and_then(|(ok, diagnostics)| {
                let n = diagnostics.len();
                let answer = JsonBytes::new(&CheckResponse {
                    ok,
                    profile: profile_name(name),
                    diagnostics,
                })?;
                Ok((answer, n, ok))
            }))
        })
        .await??;
    tracing::info!(bytes = size, text_bytes, diagnostics, ok, "check");
    Ok(answer)
}

pub async fn check_batch(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<JsonBytes, ApiError> {
    let (req, size): (BatchRequest, usize) = read_json(&headers, body, state.max_body).await?;
    if req.texts.len() > MAX_BATCH {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_texts",
            format!(
                "a batch holds at most {MAX_BATCH} texts, got {}",
                req.texts.len()
            ),
        ));
    }
    let selection = selection(
        &req.enabled_rules,
        &req.disabled_rules,
        req.enabled_only,
        &req.ignore_words,
    )?;
    let (profiles, name) = pick_profile(&state, req.profile)?;
    let texts = req.texts;
    let (answer, count, diagnostics, ok) = state
        .lanes
        .run(texts.iter().map(String::len).sum(), move |stop| {
            let profile = profiles.profile(name.as_deref())?;
            let mut results = Vec::with_capacity(texts.len());
            for t in &texts {
                match check_one(profile, &selection, t, stop).transpose()? {
                    Ok((ok, diagnostics)) => results.push(BatchItem { ok, diagnostics }),
                    Err(e) => return Some(Err(e)),
                }
            }
            let ok = results.iter().all(|r| r.ok);
            let n = results.iter().map(|r| r.diagnostics.len()).sum::<usize>();
            let count = results.len();
            Some(
                JsonBytes::new(&BatchResponse {
                    ok,
                    profile: profile_name(name),
                    results,
                })
                .map(|a| (a, count, n, ok)),
            )
        })
        .await??;
    tracing::info!(bytes = size, texts = count, diagnostics, ok, "batch");
    Ok(answer)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesQuery {
    #[serde(default)]
    pub profile: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RuleInfo {
    pub id: &'static str,
    pub level: &'static str,
    pub summary: &'static str,
}

#[derive(Debug, Serialize)]
pub struct RulesResponse {
    pub profile: String,
    pub rules: Vec<RuleInfo>,
}

pub async fn rules(
    State(state): State<Arc<AppState>>,
    query: Result<Query<RulesQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<RulesResponse>, ApiError> {
    let Query(q) = query
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", e.body_text()))?;
    let profiles = state.store.current();
    let linter = profiles
        .get(q.profile.as_deref())
        .ok_or_else(|| unknown_profile(q.profile.as_deref().unwrap_or(""), &profiles.names()))?;
    let config = linter.config();
    let rules = REGISTRY
        .iter()
        .map(|e| RuleInfo {
            id: e.meta.id,
            level: (e.level)(config).as_str(),
            summary: e.meta.summary,
        })
        .collect();
    Ok(Json(RulesResponse {
        profile: q
            .profile
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| super::profiles::DEFAULT_PROFILE.into()),
        rules,
    }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhrasesQuery {
    #[serde(default)]
    pub profile: Option<String>,
    /// One step id (`greeting`, `closing`…); all steps when absent.
    #[serde(default)]
    pub step: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PhraseStep {
    pub id: &'static str,
    pub title: String,
    /// Approved sentences; `{…}` are placeholders to fill in.
    pub phrases: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct PhrasesResponse {
    pub profile: String,
    pub steps: Vec<PhraseStep>,
}

/// `GET /v1/phrases`: the house style's library of approved phrases, by
/// step of the chat, for a console's quick replies.
pub async fn phrases(
    State(state): State<Arc<AppState>>,
    query: Result<Query<PhrasesQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PhrasesResponse>, ApiError> {
    use crate::conversation_rules::phrases::Step;
    let Query(q) = query
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", e.body_text()))?;
    let profiles = state.store.current();
    let profile = profiles
        .profile(q.profile.as_deref())
        .ok_or_else(|| unknown_profile(q.profile.as_deref().unwrap_or(""), &profiles.names()))?;
    let steps: Vec<Step> = match q.step.as_deref() {
        None | Some("") => Step::ALL.to_vec(),
        Some(id) => vec![Step::from_id(id).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "unknown_step",
                format!(
                    "unknown step `{id}`; steps: {}",
                    Step::ALL
                        .iter()
                        .map(|s| s.id())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?],
    };
    let steps = steps
        .into_iter()
        .map(|s| {
            let st = profile.phrases.step(s);
            PhraseStep {
                id: s.id(),
                title: if st.title.is_empty() {
                    s.name_fr().to_string()
                } else {
                    st.title.clone()
                },
                phrases: st.phrases.clone(),
            }
        })
        .collect();
    Ok(Json(PhrasesResponse {
        profile: q
            .profile
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| super::profiles::DEFAULT_PROFILE.into()),
        steps,
    }))
}

#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    pub profiles: Vec<String>,
}

pub async fn healthz(State(state): State<Arc<AppState>>) -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        profiles: state.store.current().names(),
    })
}

#[derive(Debug, Serialize)]
pub struct ReloadResponse {
    pub reloaded: bool,
    pub profiles: Vec<String>,
}

/// Whether the request may reload the profiles: with a token set, it must
/// come as `Authorization: Bearer TOKEN`; without one, only a service
/// listening on loopback accepts reloads.
fn may_reload(access: &ReloadAccess, headers: &HeaderMap) -> Result<(), ApiError> {
    match access {
        ReloadAccess::Open => Ok(()),
        ReloadAccess::Closed => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "reload_forbidden",
            "POST /v1/reload is off: the service listens beyond loopback and no token is set \
             (--reload-token or TCHATLINT_RELOAD_TOKEN); SIGHUP still reloads",
        )),
        ReloadAccess::Token(token) => {
            let given = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or("");
            if same_secret(given.trim().as_bytes(), token.as_bytes()) {
                Ok(())
            } else {
                Err(ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "POST /v1/reload needs the header `Authorization: Bearer TOKEN` \
                     with the service's reload token",
                ))
            }
        }
    }
}

/// Compare two secrets in a time that does not depend on where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub async fn reload(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<ReloadResponse>, ApiError> {
    may_reload(&state.reload, &headers)?;
    let store = Arc::clone(&state);
    let result = tokio::task::spawn_blocking(move || store.store.reload())
        .await
        .map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "reload_failed",
                e.to_string(),
            )
        })?;
    match result {
        Ok(p) => {
            tracing::info!(profiles = p.names().len(), "profiles reloaded");
            Ok(Json(ReloadResponse {
                reloaded: true,
                profiles: p.names(),
            }))
        }
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "reload failed; previous profiles kept");
            Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "reload_failed",
                format!("{e:#} (the previous profiles stay in service)"),
            ))
        }
    }
}

pub const OPENAPI: &str = include_str!("openapi.json");

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such endpoint; see /openapi.json",
    )
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "method not allowed on this endpoint; see /openapi.json",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Linter};

    #[test]
    fn reload_needs_a_token_beyond_loopback() {
        let addr = |a: &str| a.parse::<std::net::SocketAddr>().unwrap();
        let bearer = |t: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::AUTHORIZATION,
                format!("Bearer {t}").parse().unwrap(),
            );
            h
        };
        let open = ReloadAccess::new(addr("127.0.0.1:8080"), None);
        assert_eq!(open, ReloadAccess::Open);
        assert!(may_reload(&open, &HeaderMap::new()).is_ok());
        let closed = ReloadAccess::new(addr("0.0.0.0:8080"), Some(" ".into()));
        assert_eq!(closed, ReloadAccess::Closed);
        let e = may_reload(&closed, &bearer("x")).unwrap_err();
        assert_eq!(
            (e.status, e.code),
            (StatusCode::FORBIDDEN, "reload_forbidden")
        );
        let token = ReloadAccess::new(addr("[::]:8080"), Some("abc".into()));
        assert!(may_reload(&token, &bearer("abc")).is_ok());
        assert_eq!(
            may_reload(&token, &bearer("abd")).unwrap_err().code,
            "unauthorized"
        );
        assert_eq!(
            may_reload(&token, &HeaderMap::new()).unwrap_err().code,
            "unauthorized"
        );
        assert!(ReloadAccess::new(addr("[::1]:8080"), None) == ReloadAccess::Open);
    }

    #[test]
    fn api_offsets_match_helpers() {
        let linter = Linter::new(Config::default()).unwrap();
        let text = "Bonjour 😀 slt, ça va ? pk pas";
        let diags = linter.check(text);
        let api = to_api(text, diags.clone());
        assert_eq!(api.len(), diags.len());
        for (a, d) in api.iter().zip(&diags) {
            assert_eq!(
                a.span.char_start,
                crate::diagnostic::char_offset(text, d.span.start)
            );
            assert_eq!(
                a.span.char_end,
                crate::diagnostic::char_offset(text, d.span.end)
            );
            assert_eq!(
                a.span.utf16_start,
                crate::diagnostic::utf16_offset(text, d.span.start)
            );
            assert_eq!(
                a.span.utf16_end,
                crate::diagnostic::utf16_offset(text, d.span.end)
            );
        }
    }
}
