//! The server's work for one check, in process: the same eight typical
//! replies as `scripts/load-test.lua`, sent as JSON to `POST /v1/check` and
//! form-encoded to `POST /v2/check` (LanguageTool's API) through the whole
//! router (middleware, body read, parse, check, answer serialised and
//! collected). Only the HTTP connection (hyper's parsing and writing) is
//! left out, so the two endpoints can be compared without a load test.
//!
//! Run with `cargo bench --bench server`. For instruction counts (the
//! steadiest figure on a shared machine), `SERVER_BENCH_LOOP=v2:2000`
//! skips criterion and sends the eight replies 2,000 times to one API,
//! which `valgrind --tool=callgrind` can count; the difference between two
//! counts (say 1,000 and 2,000 rounds) leaves the start-up out.

use axum::body::Body;
use axum::http::{header, Request};
use axum::Router;
use criterion::{criterion_group, Criterion};
use std::hint::black_box;
use std::sync::Arc;
use tchatlint::server::profiles::ProfileStore;
use tchatlint::server::{router, AppState, ServeArgs};
use tower::ServiceExt;

/// The service's allocator, as in `src/main.rs`: allocation counts weigh
/// in the comparison.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The replies of the load test (`scripts/load-test-replies.txt`, read by
/// `scripts/load-test.lua` too): one a line, `\n` for a line break.
fn replies() -> Vec<String> {
    include_str!("../scripts/load-test-replies.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.replace("\\n", "\n"))
        .collect()
}

/// The request bodies for `api` (`v1` or `v2`), written as the load test's
/// script writes them.
fn bodies(api: &str) -> Vec<String> {
    replies()
        .iter()
        .map(|t| {
            if api == "v2" {
                let text: String = form_urlencoded::byte_serialize(t.as_bytes())
                    .collect::<String>()
                    .replace('+', "%20");
                format!("language=fr-FR&text={text}")
            } else {
                serde_json::json!({ "text": t }).to_string()
            }
        })
        .collect()
}

/// One request to `/{api}/check`, its answer read whole; the answer's
/// length.
async fn send(app: &Router, api: &str, body: &str) -> usize {
    let ctype = if api == "v2" {
        "application/x-www-form-urlencoded"
    } else {
        "application/json"
    };
    let req = Request::post(format!("/{api}/check"))
        .header(header::HOST, "127.0.0.1")
        .header(header::CONTENT_TYPE, ctype)
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body.to_string()))
        .expect("valid request");
    let resp = app.clone().oneshot(req).await.expect("infallible");
    assert!(resp.status().is_success(), "{api}: {}", resp.status());
    axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .expect("answer read")
        .len()
}

fn app() -> Router {
    let store = ProfileStore::new(None, None).expect("default house style");
    router(Arc::new(AppState::new(store, &ServeArgs::default())), 512)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn bench(c: &mut Criterion) {
    let (app, rt) = (app(), runtime());
    let mut g = c.benchmark_group("check");
    for api in ["v1", "v2"] {
        let bodies = bodies(api);
        g.bench_function(format!("{api}/eight-replies"), |b| {
            b.iter(|| {
                rt.block_on(async {
                    for body in &bodies {
                        black_box(send(&app, api, black_box(body)).await);
                    }
                })
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    if let Ok(spec) = std::env::var("SERVER_BENCH_LOOP") {
        let (api, rounds) = spec.split_once(':').unwrap_or((spec.as_str(), "1000"));
        let rounds: usize = rounds.parse().expect("SERVER_BENCH_LOOP=v1:ROUNDS");
        let (app, rt, bodies) = (app(), runtime(), bodies(api));
        let mut bytes = 0;
        rt.block_on(async {
            for _ in 0..rounds {
                for body in &bodies {
                    bytes += send(&app, api, body).await;
                }
            }
        });
        println!(
            "{api}: {rounds} rounds of {} requests, {bytes} bytes answered",
            bodies.len()
        );
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
