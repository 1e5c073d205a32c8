//! The embedded morphology agrees with `hunspell -d fr -m` on the forms of
//! tests/data/morph/words.txt (reference made by
//! tests/data/morph/regenerate.sh: the test machines have no hunspell).

use std::collections::{BTreeMap, BTreeSet};

use tchatlint::morph::{analyze, inflect, Tags};

type Readings = BTreeSet<(String, u64)>;

/// hunspell's readings by form: (lemma, tags).
fn reference() -> BTreeMap<String, Readings> {
    let text = include_str!("data/morph/hunspell-m.txt");
    let mut out: BTreeMap<String, Readings> = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut parts = line.split_whitespace();
        let form = parts.next().expect("a form");
        let mut lemma = form.to_string();
        let mut tags = Tags::NONE;
        // A unit prefix (« as »: atto + s) comes as a bare token before the
        // fields, and hunspell's lemma leaves it out; ours keeps it.
        let mut prefix = String::new();
        for f in parts {
            if !f.contains(':') {
                prefix.push_str(f);
            } else if let Some(st) = f.strip_prefix("st:") {
                lemma = format!("{prefix}{}", st.replace('’', "'"));
            } else if let Some(t) = Tags::from_field(f) {
                tags |= t;
            }
        }
        out.entry(form.to_string())
            .or_default()
            .insert((lemma, tags.0));
    }
    out
}

fn ours(form: &str) -> Readings {
    analyze(form)
        .iter()
        .map(|a| (a.lemma(form), a.tags.0))
        .collect()
}

fn show(r: &Readings) -> String {
    r.iter()
        .map(|(l, t)| format!("{l}: {}", Tags(*t)))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn analyses_agree_with_hunspell() {
    let reference = reference();
    assert!(reference.len() > 300, "{} forms", reference.len());
    let mut wrong = Vec::new();
    for (form, expected) in &reference {
        let got = ours(form);
        if &got != expected {
            wrong.push(format!(
                "{form}\n  hunspell: {}\n  ours:     {}",
                show(expected),
                show(&got)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} forms differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_reference_form_inflects_back_from_its_lemma() {
    for (form, readings) in reference() {
        for (lemma, tags) in readings {
            let forms = inflect(&lemma, Tags(tags), Tags::NONE);
            assert!(
                forms
                    .iter()
                    .any(|f| *f == form || f.to_lowercase() == form.to_lowercase()),
                "{lemma} {}: {forms:?} lacks {form}",
                Tags(tags)
            );
        }
    }
}
