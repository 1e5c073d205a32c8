//! `Linter::check` on typical replies and on a large text, and what each
//! rule adds to the tokeniser on the typical replies (`rule/<id>`: a linter
//! with that rule alone, all replies in a row; `rule/none` is the
//! tokeniser alone).
//!
//! `reply-first` checks each reply as if it were new (the grammar rules'
//! memory of sentences emptied before each check).
//!
//! Run with `cargo bench --bench check`; quick figures with
//! `cargo bench --bench check -- --quick`; one rule with
//! `cargo bench --bench check -- rule/spelling`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tchatlint::rules::REGISTRY;
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

    // The same replies as if each were new: the grammar rules answer a
    // sentence they have already seen from memory, which the group above
    // measures after its first round.
    let mut g = c.benchmark_group("reply-first");
    for (i, r) in REPLIES.iter().enumerate() {
        g.throughput(Throughput::Bytes(r.len() as u64));
        g.bench_function(format!("typical-{i}"), |b| {
            b.iter(|| {
                linter.forget();
                linter.check(black_box(r))
            })
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

    let ids: Vec<String> = REGISTRY.iter().map(|e| e.meta.id.to_string()).collect();
    let mut g = c.benchmark_group("rule");
    let all_replies = |linter: &Linter| {
        for r in REPLIES {
            black_box(linter.check(black_box(r)));
        }
    };
    let mut none = Config::default();
    none.select(&[], &ids).expect("known rule ids");
    let none = Linter::new(none).expect("house style without rules");
    g.bench_function("none", |b| b.iter(|| all_replies(&none)));
    for id in &ids {
        let mut config = Config::default();
        config
            .select(std::slice::from_ref(id), &[])
            .expect("known rule id");
        let one = Linter::new(config).expect("house style with one rule");
        g.bench_function(id.as_str(), |b| b.iter(|| all_replies(&one)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
