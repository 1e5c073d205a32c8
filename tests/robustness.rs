//! Property tests: any text checks without a panic, and every span is a
//! valid, in-bounds range on character boundaries.

use proptest::prelude::*;
use tchatlint::render::{human, json, FileReport};
use tchatlint::{fix, Config, Document, Linter};

fn linter() -> &'static Linter {
    static L: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    L.get_or_init(|| Linter::new(Config::default()).expect("default house style"))
}

/// Text built from pieces French chat replies are made of, so that the
/// generator reaches the interesting paths.
fn chat_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Bonjour".to_string()),
        Just(" ".to_string()),
        Just("\u{00A0}".to_string()),
        Just("\u{202F}".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("l’".to_string()),
        Just("qu'".to_string()),
        Just("pensez-vous".to_string()),
        Just("?".to_string()),
        Just("!!".to_string()),
        Just("...".to_string()),
        Just("…".to_string()),
        Just(":)".to_string()),
        Just("👍🏽".to_string()),
        Just("👩\u{200D}💻".to_string()),
        Just("1 200,50 €".to_string()),
        Just("14h30".to_string()),
        Just("https://exemple.fr/a?b=c".to_string()),
        Just("sav@exemple.fr".to_string()),
        Just("M.".to_string()),
        Just("slt".to_string()),
        Just("pas de problème".to_string()),
        Just("<b>".to_string()),
        Just("TRÈS".to_string()),
        "[a-zA-Zéèàçù'’ .,;:!?-]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn any_text_checks_with_valid_spans(text in chat_text()) {
        let doc = Document::parse(&text);
        for t in &doc.tokens {
            prop_assert!(t.span.start < t.span.end && t.span.end <= text.len());
            prop_assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        }
        let diags = linter().check(&text);
        for d in &diags {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{:?}", d);
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{:?}", d);
        }
        // Every renderer copes with whatever the rules found.
        let reports = [FileReport::new("r.txt", text.clone(), diags)];
        let _ = tchatlint::render::document::human(&reports, human::HumanOptions::default());
        let _ = json::render(&reports);
        let _ = tchatlint::render::document::sarif(&reports);
    }

    #[test]
    fn fixing_is_idempotent(text in chat_text()) {
        // Safe fixes converge: a fixed text has no safe fix left to apply.
        let once = fix::fix_text(linter(), &text);
        let twice = fix::fix_text(linter(), &once.text);
        prop_assert_eq!(twice.applied, 0, "{:?} -> {:?}", text, once.text);
    }
}
