//! The `spelling` rule: look-ups, suggestions (cold and remembered) and a
//! reply with five typos.
//!
//! `cargo bench --bench spelling -- --quick` for quick figures.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::Duration;
use tchatlint::spell::Dictionary;
use tchatlint::{Config, Linter};

const CLEAN: &str = "Bonjour Madame Martin, votre commande a été expédiée hier soir. \
Vous la recevrez sous quarante-huit heures ; pensez-vous être disponible jeudi après-midi ?";
const FIVE_TYPOS: &str =
    "Bonjour, votre comande est partie tres vite. Le transporteur vous apellera \
demain pour la livraision. Je reste disponnible si besoin.";
const TYPOS: &[&str] = &[
    "comande",
    "tres",
    "apellera",
    "livraision",
    "disponnible",
    "acceuil",
    "rembourdement",
];

fn spelling_linter() -> Linter {
    let mut c = Config::default();
    c.select(&["spelling".into()], &[]).expect("known rule");
    Linter::new(c).expect("default house style")
}

fn bench(c: &mut Criterion) {
    let dict = Dictionary::french();
    let mut g = c.benchmark_group("spelling");
    g.measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(300));
    g.bench_function("lookup", |b| {
        b.iter(|| {
            for w in [
                "commande",
                "expédiée",
                "quarante-huit",
                "disponible",
                "transporteur",
            ] {
                black_box(dict.contains(black_box(w)));
            }
        })
    });
    g.bench_function("suggest-cold", |b| {
        b.iter(|| {
            for w in TYPOS {
                black_box(dict.suggest(black_box(w), 5));
            }
        })
    });
    let linter = spelling_linter();
    g.bench_function("clean-reply", |b| b.iter(|| linter.check(black_box(CLEAN))));
    // A fresh linter per iteration: nothing remembered.
    g.bench_function("five-typos-cold", |b| {
        b.iter_batched(
            spelling_linter,
            |l| {
                // Returned, so that dropping the linter is not timed.
                let d = l.check(black_box(FIVE_TYPOS));
                (l, d)
            },
            criterion::BatchSize::SmallInput,
        )
    });
    g.bench_function("five-typos-remembered", |b| {
        b.iter(|| linter.check(black_box(FIVE_TYPOS)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
