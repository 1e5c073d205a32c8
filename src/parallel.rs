//! A parallel map whose results come out in the order of its items, as
//! soon as each is ready and all those before it are: the CLI checks a
//! folder of files on every core and writes each file's findings in turn,
//! with no pause between batches and with bounded memory.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// What the threads share: the results not written yet, by item index.
struct State<T> {
    done: BTreeMap<usize, T>,
    /// Items handed to `emit` so far (all those below this index).
    written: usize,
    /// Items mapped so far.
    finished: usize,
    /// Set when the writer gives up (an error) or a thread panics: the
    /// others stop taking items.
    stop: bool,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    /// A result arrived (the writer waits on it).
    ready: Condvar,
    /// Results were written (threads too far ahead wait on it).
    room: Condvar,
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // A panicking thread sets `stop` before the lock is poisoned, and
        // the state stays whole: go on with it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn stop(&self) {
        self.lock().stop = true;
        self.ready.notify_all();
        self.room.notify_all();
    }
}

/// Results the writer waits for before it writes (unless they are the
/// last ones): one write call for many items, and a writer that seldom
/// wakes up to take a core from the mapping threads. At most the window.
const RUN: usize = 64;

/// Stops everyone if the thread that holds it unwinds.
struct StopOnPanic<'a, T>(&'a Shared<T>);

impl<T> Drop for StopOnPanic<'_, T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

/// Apply `f` to every item on `threads` threads and hand the results to
/// `emit` in the order of `items`: each call gets the results that are
/// ready in a row from where the last one stopped. At most `window` items
/// are taken ahead of the last one written, so memory does not grow with
/// the number of items. The first error from `emit` stops the work and is
/// returned; a panic in `f` is raised again here.
pub fn map_in_order<I: Sync, T: Send>(
    items: &[I],
    threads: usize,
    window: usize,
    f: impl Fn(&I) -> T + Sync,
    emit: impl FnMut(Vec<T>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    map_in_runs(items, threads, window, RUN, f, emit)
}

/// [`map_in_order`] with runs of `run` results (at least one) instead of
/// `RUN`, and a window of at least `run` items: for big items (the pieces
/// of a large file), whose results take memory, a small window and runs of
/// one keep only a few of them at a time.
pub fn map_in_runs<I: Sync, T: Send>(
    items: &[I],
    threads: usize,
    window: usize,
    run: usize,
    f: impl Fn(&I) -> T + Sync,
    mut emit: impl FnMut(Vec<T>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let run_len = run.max(1);
    let window = window.max(run_len);
    if threads <= 1 || items.len() <= 1 {
        // One thread: map and write in turn, `run_len` items at a time.
        for run in items.chunks(run_len) {
            emit(run.iter().map(&f).collect())?;
        }
        return Ok(());
    }
    let shared = Shared {
        state: Mutex::new(State {
            done: BTreeMap::new(),
            written: 0,
            finished: 0,
            stop: false,
        }),
        ready: Condvar::new(),
        room: Condvar::new(),
    };
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads.min(items.len()) {
            s.spawn(|| {
                let _guard = StopOnPanic(&shared);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { return };
                    {
                        let mut st = shared.lock();
                        // The item the writer waits for is never held
                        // back: it is `written`, below the limit.
                        while !st.stop && i >= st.written + window {
                            st = shared.room.wait(st).unwrap_or_else(PoisonError::into_inner);
                        }
                        if st.stop {
                            return;
                        }
                    }
                    let r = f(item);
                    let wake = {
                        let mut st = shared.lock();
                        st.done.insert(i, r);
                        st.finished += 1;
                        st.done.len() >= run_len || st.finished == items.len()
                    };
                    if wake {
                        shared.ready.notify_one();
                    }
                }
            });
        }
        let written = write_in_order(&shared, items.len(), run_len, &mut emit);
        // Done, or given up: let the threads go either way.
        shared.stop();
        written
    })
}

/// The writer's side of [`map_in_order`].
fn write_in_order<T>(
    shared: &Shared<T>,
    n: usize,
    run_len: usize,
    emit: &mut impl FnMut(Vec<T>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut i = 0;
    while i < n {
        let run = {
            let mut st = shared.lock();
            // A run of `run_len` results from `i` on, or all the rest. (The
            // window lets the threads map `run_len` items past `i` at least,
            // and the one that maps the last of them wakes this one.)
            loop {
                if st.stop {
                    // A thread panicked: the scope raises its panic.
                    return Ok(());
                }
                let ready = st
                    .done
                    .range(i..i + run_len)
                    .zip(i..)
                    .take_while(|((&k, _), j)| k == *j)
                    .count();
                if ready == run_len || i + ready == n {
                    break;
                }
                st = shared
                    .ready
                    .wait(st)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            let mut run = Vec::new();
            while let Some(r) = st.done.remove(&i) {
                run.push(r);
                i += 1;
            }
            st.written = i;
            run
        };
        shared.room.notify_all();
        emit(run)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::map_in_order;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// Items that take uneven times come out in order, each once, and no
    /// thread runs further ahead than the window allows (a window below
    /// `RUN` counts as `RUN`).
    #[test]
    fn results_come_out_in_order_within_the_window() {
        for (threads, window) in [(3, 8), (2, 100), (4, 64)] {
            let items: Vec<u64> = (0..700).collect();
            let written = AtomicUsize::new(0);
            let window_used = window.max(super::RUN);
            let mut out = Vec::new();
            let mut calls = 0;
            map_in_order(
                &items,
                threads,
                window,
                |&x| {
                    // (The writer counts items written just before it
                    // hands them over: a window of them may be on its way.)
                    let ahead = x as usize - written.load(Ordering::SeqCst);
                    assert!(ahead < 2 * window_used, "item {x} taken {ahead} ahead");
                    std::thread::sleep(Duration::from_micros((x * 7919) % 200));
                    x * 2
                },
                |run| {
                    calls += 1;
                    out.extend(run);
                    written.store(out.len(), Ordering::SeqCst);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
            // Written in runs, not one item at a time.
            assert!(calls <= 700 / super::RUN + 1, "{calls} writes");
        }
    }

    /// An error from the writer stops the work and comes back, without
    /// waiting for the remaining items.
    #[test]
    fn a_write_error_stops_the_work() {
        let items: Vec<u32> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let mut calls = 0;
        let r = map_in_order(
            &items,
            2,
            16,
            |&x| {
                done.fetch_add(1, Ordering::SeqCst);
                x
            },
            |_| {
                calls += 1;
                if calls == 3 {
                    Err(std::io::ErrorKind::BrokenPipe.into())
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r.unwrap_err().kind(), std::io::ErrorKind::BrokenPipe);
        assert!(
            done.load(Ordering::SeqCst) < 1000,
            "{}",
            done.load(Ordering::SeqCst)
        );
    }

    /// A panic while mapping reaches the caller instead of leaving the
    /// writer waiting.
    #[test]
    fn a_panic_is_raised_again() {
        let items: Vec<u32> = (0..100).collect();
        let r = std::panic::catch_unwind(|| {
            map_in_order(
                &items,
                2,
                4,
                |&x| {
                    assert!(x != 37, "item 37");
                    x
                },
                |_| Ok(()),
            )
        });
        assert!(r.is_err());
    }

    /// One thread, or one item: mapped and written in turn, in runs.
    #[test]
    fn one_thread_maps_in_turn() {
        let items: Vec<u32> = (0..150).collect();
        let mut out = Vec::new();
        let mut calls = 0;
        map_in_order(
            &items,
            1,
            4,
            |&x| x + 1,
            |run| {
                calls += 1;
                out.extend(run);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(out, (1..=150).collect::<Vec<_>>());
        assert_eq!(calls, 3);
    }
}
