//! The morphology: analyses of the words of a reply, their tags, and
//! inflections.
//!
//! `cargo bench --bench morph -- --quick` for quick figures.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::Duration;
use tchatlint::morph::{analyze, inflect, tags_of, Tags};

/// The words of « Bonjour Madame, je vais vous rappeler demain : votre
/// commande a été expédiée hier et le remboursement est validé. Pouvez-vous
/// me confirmer l’adresse ? », 24 words.
const WORDS: &[&str] = &[
    "Bonjour",
    "Madame",
    "je",
    "vais",
    "vous",
    "rappeler",
    "demain",
    "votre",
    "commande",
    "a",
    "été",
    "expédiée",
    "hier",
    "et",
    "le",
    "remboursement",
    "est",
    "validé",
    "Pouvez",
    "vous",
    "me",
    "confirmer",
    "l",
    "adresse",
];

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("morph");
    g.measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(300));
    g.bench_function("analyze-24-words", |b| {
        b.iter(|| {
            let mut n = 0;
            for w in WORDS {
                for a in analyze(black_box(w)) {
                    n += a.tags.0 & 1;
                }
            }
            n
        })
    });
    g.bench_function("tags_of-24-words", |b| {
        b.iter(|| {
            WORDS
                .iter()
                .fold(Tags::NONE, |t, w| t | tags_of(black_box(w)))
        })
    });
    g.bench_function("lemma-rappelé", |b| {
        b.iter(|| {
            analyze(black_box("rappelé"))
                .iter()
                .find(|a| a.tags.contains(Tags::PPAS))
                .map(|a| a.lemma("rappelé"))
        })
    });
    g.bench_function("inflect-rappeler-infi", |b| {
        b.iter(|| inflect(black_box("rappeler"), Tags::INFI, Tags::NONE))
    });
    g.bench_function("inflect-avoir-ipre-1sg", |b| {
        b.iter(|| inflect(black_box("avoir"), Tags::IPRE | Tags::P1SG, Tags::NONE))
    });
    g.bench_function("inflect-payer-ipre-3sg", |b| {
        b.iter(|| inflect(black_box("payer"), Tags::IPRE | Tags::P3SG, Tags::NONE))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
