//! Every rule's own examples: each `faux` sentence is flagged by its rule
//! with the expected suggestion, each `juste` sentence by no rule of its
//! family.

use super::*;

fn findings(g: &Grammar, text: &str, on: Families) -> Vec<GrammarFinding> {
    g.check(&Document::parse(text), on, &|_| false)
}

#[test]
fn embedded_rules_parse() {
    let g = Grammar::embedded();
    assert!(g.rules().count() > 10);
}

#[test]
fn every_rule_example_behaves() {
    let g = Grammar::embedded();
    let mut failures = Vec::new();
    for (i, (family, rule)) in g.rules().enumerate() {
        let on = Families::default().with(family);
        for (sentence, want) in &rule.bad {
            let found = findings(g, sentence, on);
            let mine: Vec<&GrammarFinding> = found.iter().filter(|f| f.rule == i).collect();
            if !mine.iter().any(|f| f.suggestions.iter().any(|s| s == want)) {
                failures.push(format!(
                    "{} [{}] faux « {sentence} » => « {want} »: got {:?}",
                    family.id(),
                    rule.name,
                    found
                        .iter()
                        .map(|f| (
                            g.rule(f.rule).name.as_str(),
                            &sentence[f.span.range()],
                            &f.suggestions
                        ))
                        .collect::<Vec<_>>()
                ));
            }
        }
        for sentence in &rule.good {
            let found = findings(g, sentence, Families::ALL);
            if !found.is_empty() {
                failures.push(format!(
                    "{} [{}] juste « {sentence} »: flagged {:?}",
                    family.id(),
                    rule.name,
                    found
                        .iter()
                        .map(|f| (g.rule(f.rule).name.as_str(), &sentence[f.span.range()]))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn parse_errors_name_the_line() {
    let bad = "règle x\n  motif [inconnu]\n";
    let err = Grammar::parse(("c", ""), &[(Family::Homophone, "f.txt", bad)]).unwrap_err();
    assert_eq!((err.file.as_str(), err.line), ("f.txt", 2));
    assert!(err.message.contains("inconnu"), "{err}");
}

#[test]
fn a_rule_needs_examples() {
    let src = "règle x\n  motif \"a\"\n  message m\n  faux a => b\n";
    let err = Grammar::parse(("c", ""), &[(Family::Homophone, "f.txt", src)]).unwrap_err();
    assert!(err.message.contains("exemple"), "{err}");
}

/// The words of the one finding in `text` (every family on).
fn only_flagged(text: &str) -> &str {
    let found = findings(Grammar::embedded(), text, Families::ALL);
    assert_eq!(found.len(), 1, "{found:?}");
    &text[found[0].span.range()]
}

#[test]
fn a_sentence_without_end_is_read_in_pieces() {
    // 6,000 tokens with no full stop: read in bounded pieces (linear
    // cost), and a fault far into the text is still found.
    let text = format!("{} Je vais vous rappelé demain", "Bonjour, ".repeat(3_000));
    assert_eq!(only_flagged(&text), "rappelé");
}

#[test]
fn a_line_cut_inside_a_sentence_is_read_as_one_sentence() {
    let g = Grammar::embedded();
    // « la » at the end of a line is not « là »: the sentence goes on.
    let wrapped = "La règle qui s'applique à votre contrat est la\nsuivante : un mois de préavis.";
    assert!(findings(g, wrapped, Families::ALL).is_empty());
    // A fault across the cut is seen.
    assert_eq!(
        only_flagged("Je vais vous\nrappelé demain matin."),
        "rappelé"
    );
}

#[test]
fn a_line_that_starts_with_a_capital_starts_a_sentence() {
    let g = Grammar::embedded();
    // The second line is a new sentence: its first word may be an
    // imperative written as a participle.
    let text = "Merci pour votre message\nCliqué sur le lien pour suivre votre colis.";
    let found = findings(g, text, Families::ALL);
    assert!(
        found.iter().any(|f| &text[f.span.range()] == "Cliqué"),
        "{found:?}"
    );
    // Lines in different bubbles are never joined.
    let bubbles =
        "Votre commande est en cours de préparation, elle est la\n\nsuivante sur la liste.";
    assert!(
        findings(g, bubbles, Families::ALL)
            .iter()
            .any(|f| &bubbles[f.span.range()] == "la"),
        "a blank line ends the sentence"
    );
}

#[test]
fn a_cached_sentence_gives_the_same_findings_where_it_is() {
    // Every rule's examples, in one text where each sentence comes back at
    // another place (and once wrapped across a line): the cache must answer
    // what a check without it finds, at the repeated sentence's own place.
    let g = Grammar::embedded();
    let mut text = String::new();
    for (_, rule) in g.rules() {
        for (sentence, _) in &rule.bad {
            text.push_str(sentence);
            text.push(' ');
        }
        for sentence in &rule.good {
            text.push_str(sentence);
            text.push('\n');
        }
    }
    let twice = format!("{text}\n\nBonjour,\n{text}\nJe vais vous\nrappelé demain.\n\nJe vais vous rappelé demain.\n");
    let doc = Document::parse(&twice);
    let on = Families::default()
        .with(Family::VerbForm)
        .with(Family::Conjugation)
        .with(Family::Homophone)
        .with(Family::Agreement);
    let plain = g.check(&doc, on, &|_| false);
    let mut cache = SentenceCache::default();
    let cold = g.check_cached(&doc, on, &|_| false, &mut cache);
    let warm = g.check_cached(&doc, on, &|_| false, &mut cache);
    assert!(plain.len() > 100, "{}", plain.len());
    assert_eq!(plain, cold);
    assert_eq!(plain, warm);
}

#[test]
fn the_sentence_cache_is_bounded() {
    let g = Grammar::embedded();
    let on = Families::default().with(Family::VerbForm);
    let mut cache = SentenceCache::default();
    let mut emptied = false;
    for n in 0..45_000 {
        let text = format!("Je vais vous rappelé demain au sujet de la commande numéro {n}.");
        let held = cache.map.len();
        let found = g.check_cached(&Document::parse(&text), on, &|_| false, &mut cache);
        assert_eq!(found.len(), 1, "{text}");
        assert!(cache.bytes <= SentenceCache::MAX_BYTES);
        emptied |= cache.map.len() <= held;
    }
    assert!(emptied, "{} bytes held", cache.bytes);
}
