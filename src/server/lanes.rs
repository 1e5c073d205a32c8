//! Where a check runs, so that a costly text can neither stall the
//! service nor outlive its request.
//!
//! - A short text (at most [`INLINE_MAX`] bytes, a chat reply) is checked
//!   inline on the async worker: it takes microseconds, less than a hop to
//!   another thread would cost.
//! - A longer one goes to the heavy lane: at most `heavy_threads` checks at
//!   once, each on the blocking pool, the others waiting their turn. The
//!   request's timeout covers the wait and the check: on time, the client
//!   gets its 503, the waiting job is dropped before it starts, and a
//!   running one is told to stop (the linter asks before each rule).
//!
//! Short texts thus keep the async workers to themselves however many long
//! ones arrive, and the CPU that long ones take is bounded by the lane's
//! threads and by the timeout.

use super::error::ApiError;
use axum::http::StatusCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Largest text (in bytes, all texts of a request together) checked
/// inline. A reply is usually under 500 bytes; the costliest 1 KiB text
/// (unknown words only, each one looked up for suggestions) takes about
/// 10 ms.
pub const INLINE_MAX: usize = 1024;

/// Tells a running check to give up (its request has been answered).
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    /// True once the request no longer waits for the result.
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// A closure for [`crate::Linter::check_until`].
    pub fn as_fn(&self) -> impl Fn() -> bool + '_ {
        move || self.is_set()
    }
}

/// Sets the flag when the request's future is dropped (timeout, client
/// gone) or done.
struct SetOnDrop(Stop);

impl Drop for SetOnDrop {
    fn drop(&mut self) {
        self.0 .0.store(true, Ordering::Relaxed);
    }
}

/// The heavy lane: a count of threads that may run long checks.
#[derive(Debug)]
pub struct Lanes {
    heavy: Arc<Semaphore>,
}

impl Lanes {
    pub fn new(heavy_threads: usize) -> Self {
        Lanes {
            heavy: Arc::new(Semaphore::new(heavy_threads.max(1))),
        }
    }

    /// Run `job` for a request whose texts weigh `bytes`: inline when
    /// small, else on the heavy lane. `job` returns `None` when it stopped
    /// early, which only happens once nobody waits for it any more.
    pub async fn run<T, F>(&self, bytes: usize, job: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Stop) -> Option<T> + Send + 'static,
    {
        let stopped = || {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                "the check was stopped",
            )
        };
        if bytes <= INLINE_MAX {
            return job(&Stop::default()).ok_or_else(stopped);
        }
        let permit = Arc::clone(&self.heavy)
            .acquire_owned()
            .await
            .map_err(|_| stopped())?;
        let stop = Stop::default();
        let guard = SetOnDrop(stop.clone());
        let task = tokio::task::spawn_blocking(move || {
            // Held until the check ends, even when the request has gone:
            // the lane stays bounded.
            let _permit = permit;
            if stop.is_set() {
                return None;
            }
            job(&stop)
        });
        let result = task.await.map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!("the check failed: {e}"),
            )
        })?;
        drop(guard);
        result.ok_or_else(stopped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_dropped_request_stops_its_check() {
        let lanes = Lanes::new(1);
        let seen = Stop::default();
        let seen2 = seen.clone();
        let job = move |stop: &Stop| {
            // A check that only ends when told to.
            while !stop.is_set() {
                std::thread::sleep(Duration::from_millis(1));
            }
            seen2.0.store(true, Ordering::Relaxed);
            None::<()>
        };
        let r =
            tokio::time::timeout(Duration::from_millis(50), lanes.run(INLINE_MAX + 1, job)).await;
        assert!(r.is_err(), "timed out");
        // The lane is free again once the job has seen the flag.
        let again = tokio::time::timeout(
            Duration::from_secs(10),
            lanes.run(INLINE_MAX + 1, |_| Some(7)),
        )
        .await;
        assert_eq!(again.ok().and_then(|r| r.ok()), Some(7));
        assert!(seen.is_set());
    }

    #[tokio::test]
    async fn small_jobs_run_inline() {
        let lanes = Lanes::new(1);
        let r = lanes.run(10, |_| Some(std::thread::current().id())).await;
        assert_eq!(r.ok(), Some(std::thread::current().id()));
    }
}
