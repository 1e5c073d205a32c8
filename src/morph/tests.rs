use super::*;

fn lemmas_with(word: &str, tags: Tags) -> Vec<String> {
    analyze(word)
        .iter()
        .filter(|a| a.tags.contains(tags))
        .map(|a| a.lemma(word))
        .collect()
}

#[test]
fn embedded_data_decodes_and_is_consistent() {
    let data = Data::new(WORDS, TABLES).expect("decodes");
    data.validate().expect("valid");
    let s = stats();
    assert!(s.words > 400_000, "{s:?}");
    assert!(s.analysis_sets > 1_000 && s.paradigms > 100, "{s:?}");
}

#[test]
fn past_participle_and_its_lemma() {
    assert_eq!(
        lemmas_with("rappelé", Tags::PPAS | Tags::MAS | Tags::SG),
        ["rappeler"]
    );
    assert_eq!(lemmas_with("rappelé", Tags::NOUN), ["rappelé"]);
    assert!(!tags_of("rappelé").contains(Tags::P1SG));
}

#[test]
fn verbs_persons_and_homographs() {
    assert_eq!(lemmas_with("vais", Tags::IPRE | Tags::P1SG), ["aller"]);
    assert_eq!(lemmas_with("est", Tags::IPRE | Tags::P3SG), ["être"]);
    assert_eq!(lemmas_with("est", Tags::NOUN), ["est"]);
    assert!(tags_of("a").contains(Tags::VERB | Tags::IPRE | Tags::P3SG));
    assert!(tags_of("à").contains(Tags::PREP));
    assert!(!tags_of("à").intersects(Tags::VERB));
    assert_eq!(
        lemmas_with("suis", Tags::IPRE | Tags::P1SG),
        ["suivre", "être"]
    );
}

#[test]
fn pronouns_and_determiners() {
    assert!(tags_of("vous").contains(Tags::PRON_SUBJ | Tags::PRON_OBJ | Tags::PRON));
    assert!(tags_of("les").contains(Tags::DET | Tags::PRON_OBJ));
    assert!(tags_of("je").contains(Tags::PRON_SUBJ));
    assert!(!tags_of("je").intersects(Tags::PRON_OBJ));
    assert!(tags_of("ces").contains(Tags::DET));
    assert!(tags_of("leur").contains(Tags::PRON_OBJ | Tags::DET));
}

#[test]
fn case_and_apostrophes() {
    assert_eq!(lemmas_with("Pouvez", Tags::IPRE | Tags::P2PL), ["pouvoir"]);
    assert_eq!(lemmas_with("POUVEZ", Tags::IPRE | Tags::P2PL), ["pouvoir"]);
    assert_eq!(lemmas_with("aujourd’hui", Tags::ADV), ["aujourd'hui"]);
    assert_eq!(lemmas_with("aujourd'hui", Tags::ADV), ["aujourd'hui"]);
    assert_eq!(lemmas_with("Aujourd’hui", Tags::ADV), ["aujourd'hui"]);
    assert!(analyze("xqzwv").is_empty());
    assert!(analyze("").is_empty());
    assert_eq!(tags_of("xqzwv"), Tags::NONE);
    // Longer than the stack buffer.
    let long = "A".repeat(100);
    assert!(analyze(&long).is_empty());
}

#[test]
fn inflection() {
    assert_eq!(inflect("rappeler", Tags::INFI, Tags::NONE), ["rappeler"]);
    assert_eq!(
        inflect("avoir", Tags::IPRE | Tags::P1SG, Tags::NONE),
        ["ai"]
    );
    assert_eq!(
        inflect("pouvoir", Tags::IPRE | Tags::P2PL, Tags::NONE),
        ["pouvez"]
    );
    assert!(inflect("article", Tags::NOUN | Tags::PL, Tags::NONE).contains(&"articles".to_string()));
    assert_eq!(
        inflect("envoyer", Tags::PPAS | Tags::FEM | Tags::PL, Tags::NONE),
        ["envoyées"]
    );
    assert_eq!(
        inflect("être", Tags::IPRE | Tags::P3PL, Tags::NONE),
        ["sont"]
    );
    assert_eq!(
        inflect("rappeler", Tags::PPAS | Tags::MAS | Tags::SG, Tags::NONE),
        ["rappelé"]
    );
    assert!(inflect("zzzzqq", Tags::NONE, Tags::NONE).is_empty());
    // Every form of a lemma analyses back to it.
    for form in inflect("envoyer", Tags::VERB, Tags::NONE) {
        assert!(
            analyze(&form).iter().any(|a| a.lemma(&form) == "envoyer"),
            "{form}"
        );
    }
}

#[test]
fn display_names_tags() {
    let a = analyze("rappelé")
        .iter()
        .find(|a| a.tags.contains(Tags::PPAS))
        .unwrap();
    let shown = a.tags.to_string();
    assert!(
        shown.starts_with("adj verb ppas 1sg-inv mas sg group1 aux-avoir"),
        "{shown}"
    );
}

#[test]
fn elided_tokens() {
    // The tokeniser splits elisions off with their apostrophe.
    assert_eq!(lemmas_with("l’", Tags::DET), ["le"]);
    assert_eq!(lemmas_with("l'", Tags::PRON_OBJ), ["le"]);
    assert_eq!(lemmas_with("j’", Tags::PRON_SUBJ), ["je"]);
    assert_eq!(lemmas_with("qu’", Tags::CONJ_SUB), ["que"]);
    assert_eq!(lemmas_with("n'", Tags::NEGATION), ["ne"]);
    assert_eq!(lemmas_with("L’", Tags::DET), ["le"]);
}

#[test]
fn inversions_split() {
    assert_eq!(split_inversion("pouvez-vous"), Some(("pouvez", "vous")));
    assert_eq!(split_inversion("Pouvez-vous"), Some(("Pouvez", "vous")));
    assert_eq!(split_inversion("a-t-il"), Some(("a", "il")));
    assert_eq!(split_inversion("dites-le-moi"), Some(("dites", "le-moi")));
    assert_eq!(split_inversion("peut-être"), None);
    assert_eq!(split_inversion("rendez-vous"), None);
    assert_eq!(split_inversion("rappelé"), None);
    assert_eq!(split_inversion("livraison-vous"), None);
}
