//! `Linter::check` on typical replies and on a large text.
//!
//! Run with `cargo bench --bench check`; quick figures with
//! `cargo bench --bench check -- --quick`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tchatlint::{Config, Linter};

/// Typical drafts: clean ones and faulty ones, as advisors write them.
const REPLIES: &[&str] = &[
    "Bonjour Madame Martin, je suis Claire, conseillère chez Maison Verte.\nComment puis-je vous aider aujourd'hui ?",
    "Votre colis sera livré jeudi entre 9 h et 13 h.\n\nVous recevrez un SMS la veille avec le créneau exact.",
    "Je vous envoie le lien de suivi : https://www.exemple.fr/suivi",
    "slt, pas de problème je vais essayer de voir ça avec le service compta, normalement c bon pour demain!!",
    "Malheureusement tu dois attendre le rembt de ta CB, c'est la procédure... bonne journée :)",
    "Le remboursement de 49,90 € a été effectué aujourd'hui. Il apparaîtra sur votre compte sous cinq jours ouvrés, sauf erreur de ma part, selon votre banque et le délai de traitement habituel.",
];

fn corpus() -> String {
    let mut text = String::new();
    while text.len() < 1 << 20 {
        for r in REPLIES {
            text.push_str(r);
            text.push_str("\n\n");
        }
    }
    text
}

fn bench(c: &mut Criterion) {
    let linter = Linter::new(Config::default()).expect("default house style");

    let mut g = c.benchmark_group("reply");
    for (i, r) in REPLIES.iter().enumerate() {
        g.throughput(Throughput::Bytes(r.len() as u64));
        g.bench_function(format!("typical-{i}"), |b| {
            b.iter(|| linter.check(black_box(r)))
        });
    }
    g.finish();

    let big = corpus();
    let mut g = c.benchmark_group("large");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.bench_function("1-MiB", |b| b.iter(|| linter.check_large(black_box(&big))));
    g.finish();

    c.bench_function("linter-new", |b| b.iter(|| Linter::new(Config::default())));
}

criterion_group!(benches, bench);
criterion_main!(benches);
