//! The five lexicon rules (`sms-language`, `abbreviation`,
//! `familiar-register`, `negative-wording`, `weak-verb`), each a file of
//! `lexicon/` read by one kind of rule: what each finds and leaves alone.

use tchatlint::{Config, Diagnostic, Linter};

/// A linter with rule `id` alone.
fn linter(id: &str) -> Linter {
    let mut c = Config::default();
    c.select(&[id.into()], &[]).unwrap();
    Linter::new(c).unwrap()
}

/// The flagged texts of the linter `l` in `text`.
fn flagged(l: &Linter, text: &str) -> Vec<String> {
    l.check(text)
        .iter()
        .map(|d| d.span.slice(text).to_string())
        .collect()
}

mod negative_wording {
    use super::*;

    fn check(text: &str) -> Vec<Diagnostic> {
        linter("negative-wording").check(text)
    }

    fn flagged(text: &str) -> Vec<String> {
        super::flagged(&linter("negative-wording"), text)
    }

    #[test]
    fn classic_negative_phrases_fire() {
        for t in [
            "Pas de problème, je regarde.",
            "Oui pas de souci je m'en occupe",
            "Malheureusement, le produit est épuisé.",
            "Je ne sais pas quand il arrivera.",
            "Je sais pas.",
            "Vous devez remplir le formulaire.",
            "Vous devez nous renvoyer le colis.",
            "Il faut que vous nous envoyiez la facture.",
            "Vous n'avez pas compris ma question.",
            "C’est impossible.",
            "Calmez-vous, s'il vous plaît.",
            "Ce n'est pas de notre faute.",
            "Vous auriez dû nous prévenir.",
            "Vous avez oublié de joindre la facture.",
            "Bon courage !",
            "Je peux pas modifier la commande.",
            "Désolée mais ce n'est pas possible.",
            "Ne quittez pas.",
            "Il n'y a pas de souci !",
            "N’oubliez pas d’imprimer l’étiquette.",
        ] {
            assert!(!check(t).is_empty(), "should fire: {t}");
        }
    }

    #[test]
    fn courtesy_formulas_and_facts_stay_silent() {
        for t in [
            "N'hésitez pas à revenir vers moi.",
            "Je vous prie de nous excuser pour ce désagrément.",
            "Merci de votre patience.",
            "Je ne manquerai pas de vous tenir informé.",
            "Il n'y a pas de frais de livraison.",
            "Pas de frais de livraison pour cette commande.",
            "Vous devez recevoir un e-mail de confirmation.",
            "Vous devez normalement avoir reçu un SMS.",
            "Vous devez l'avoir reçu ce matin.",
            "Si vous devez annuler, prévenez-nous.",
            "Les documents que vous devez fournir sont listés ici.",
            "Cela ne pose pas de problème.",
            "Il n'y a pas de problème avec votre carte.",
            "Aucun problème technique n'a été détecté.",
            "Si vous n'avez pas reçu le colis, je lance une enquête.",
            "Si vous avez oublié votre mot de passe, cliquez sur le lien.",
            "Vous avez écrit « c'est impossible de vous joindre », je comprends.",
            "C'est comme ça que vous pourrez suivre le colis.",
            "Vous vous êtes bien connecté.",
            "Si ce n'est pas clair, je reformule volontiers.",
            "Si nous ne pouvons pas livrer samedi, je vous préviens.",
            "Il n'y aura pas de souci pour la livraison.",
            "Aucun souci n'est signalé sur votre commande.",
        ] {
            assert!(
                check(t).is_empty(),
                "should stay silent: {t}\n{:?}",
                check(t)
            );
        }
    }

    #[test]
    fn suggestions_keep_case_and_elision_spacing() {
        let d = check("Vous devez remplir le formulaire.");
        assert_eq!(
            d[0].span.slice("Vous devez remplir le formulaire."),
            "Vous devez"
        );
        assert_eq!(d[0].suggestions[0], "Je vous invite à");
        let text = "N'oubliez pas d'envoyer la photo.";
        let d = check(text);
        assert_eq!(d[0].span.slice(text), "N'oubliez pas d'");
        assert_eq!(d[0].suggestions[0], "Pensez à ");
        assert_eq!(flagged("Pas de souci\u{202F}!"), ["Pas de souci"]);
    }

    #[test]
    fn house_style_can_add_and_remove() {
        let mut c = Config::default();
        c.select(&["negative-wording".into()], &[]).unwrap();
        c.merge_str(
            "m.toml",
            "[negative-wording]\nadd = [\"^c'est la vie => (soyez concret)\"]\nremove = [\"bon courage\"]\n",
        )
        .unwrap();
        let l = Linter::new(c).unwrap();
        assert!(l.check("Bon courage !").is_empty());
        assert_eq!(l.check("C'est la vie.").len(), 1);
        assert!(l.check("Vous dites que c'est la vie.").is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "",
            "^",
            "$",
            "*",
            "pas",
            "Vous devez",
            "vous devez\n",
            "« pas de souci",
            "\"",
            "pas de souci »",
        ] {
            let _ = check(t);
        }
        assert_eq!(flagged("« Pas de souci"), ["Pas de souci"]);
    }
}

mod weak_verb {
    use super::*;

    fn check(text: &str) -> Vec<Diagnostic> {
        linter("weak-verb").check(text)
    }

    #[test]
    fn hedges_fire() {
        for t in [
            "Je vais essayer de relancer le transporteur.",
            "Je vais tenter d'annuler la commande.",
            "Normalement, votre colis arrive demain.",
            "A priori, le remboursement est fait.",
            "En principe, c'est sous 48 h.",
            "Il me semble que la commande est partie.",
            "Je pense que c'est réglé.",
            "Je crois qu'il est en stock.",
            "Ça devrait arriver demain.",
            "Je devrais pouvoir vous répondre ce soir.",
            "Je vais voir avec le service logistique.",
            "Je vais regarder votre dossier.",
            "Je vais procéder au remboursement de votre commande.",
            "Je vais effectuer une vérification.",
            "Si jamais vous avez une question, écrivez-moi.",
            "Je me permets de vous recontacter.",
        ] {
            assert!(!check(t).is_empty(), "should fire: {t}");
        }
    }

    #[test]
    fn plain_verbs_and_manner_adverbs_stay_silent() {
        for t in [
            "Votre commande est partie, elle a été expédiée hier.",
            "C'est fait : le remboursement a été validé.",
            "Votre compte fonctionne normalement.",
            "L'application s'affiche normalement sur votre téléphone.",
            "Je vérifie votre dossier et je reviens vers vous dans 2 minutes.",
            "Je vous rembourse aujourd'hui.",
            "Le produit peut être retourné sous 30 jours.",
            "Vous avez écrit « je pense que c'est cassé » : je vérifie.",
        ] {
            assert!(
                check(t).is_empty(),
                "should stay silent: {t}\n{:?}",
                check(t)
            );
        }
    }

    #[test]
    fn suggestions_are_exact_replacements() {
        let text = "Je vais essayer d'annuler.";
        let d = check(text);
        assert_eq!(d[0].span.slice(text), "Je vais essayer d'");
        assert_eq!(d[0].suggestions[0], "Je vais ");
        let text = "Nous allons procéder au remboursement de votre commande.";
        let d = check(text);
        assert_eq!(d[0].span.slice(text), "procéder au remboursement de");
        assert_eq!(d[0].suggestions[0], "rembourser");
    }
}

mod familiar_register {
    use super::*;

    fn fam(text: &str) -> Vec<String> {
        flagged(&linter("familiar-register"), text)
    }

    #[test]
    fn familiar_words_fire() {
        let l = linter("familiar-register");
        let text = "Ouais, du coup je vous renvoie le truc, c'est nickel !";
        assert_eq!(flagged(&l, text), ["Ouais", "du coup", "truc", "nickel"]);
        let d = l.check(text);
        assert_eq!(d[0].suggestions, ["Oui"]);
        assert!(d[0].is_safe_fix());
        assert!(!d[2].is_safe_fix());
        assert_eq!(
            fam("OK, c'est top. Super, merci ! En fait, il est dispo."),
            ["OK", "top", "Super", "En fait", "dispo"]
        );
        assert_eq!(
            fam("Coucou ! Salut Julie, à plus !"),
            ["Coucou", "Salut", "à plus"]
        );
        assert_eq!(fam("Ben oui, euh, hein ?"), ["Ben", "euh", "hein"]);
        assert_eq!(fam("Ouais nickel !"), ["Ouais", "nickel"]);
    }

    #[test]
    fn homographs_stay_silent() {
        for text in [
            "Top départ des soldes ce matin !",
            "Ce top en coton existe en taille M, il est dans notre top 10.",
            "Ce bijou en nickel peut provoquer une allergie.",
            "Votre compte Nickel est ouvert.",
            "Rendez-vous au Super U le plus proche, le super 98 est en promotion.",
            "Cliquez sur le bouton « OK » puis appuyez sur OK.",
            "Ben vous rappellera demain.",
            "Je vous remercie du coup de fil.",
            "Cet accessoire en fait partie.",
            "Je vous rappelle à plus tard, pour un montant à plus de 50 €.",
            "Pensez à faire le plein de carburant.",
            "Votre espace perso et la rubrique infos sont à jour.",
            "Je vous envoie les informations sur votre compte pro.",
            "Le salut de l'équipe.",
            "Les infos trafic et les infos pratiques sont en ligne.",
            "Le superviseur, l'hypermarché et le super-héros.",
            "Vous avez écrit « c'est nul, ouais », je comprends.",
            "INFO : nos boutiques ferment à 19 h.",
            "https://exemple.fr/super/top",
        ] {
            assert!(fam(text).is_empty(), "{text}: {:?}", fam(text));
        }
    }
}

mod abbreviation {
    use super::*;

    fn abbr(text: &str) -> Vec<String> {
        flagged(&linter("abbreviation"), text)
    }

    #[test]
    fn trade_abbreviations_fire() {
        let l = linter("abbreviation");
        let text = "Votre cde est partie, le BL et l'AR sont en PJ, cf. votre réf. 1234.";
        assert_eq!(flagged(&l, text), ["cde", "BL", "AR", "PJ", "cf.", "réf."]);
        let d = l.check(text);
        assert_eq!(d[0].suggestions, ["commande"]);
        assert!(d[0].is_safe_fix());
        assert_eq!(d[5].suggestions, ["référence"]);
        assert_eq!(abbr("Payez par cb ou par CB."), ["cb", "CB"]);
        assert_eq!(
            abbr("Cde reçue, rbt en cours, qté : 2."),
            ["Cde", "rbt", "qté"]
        );
        assert_eq!(abbr("Retrait au PR de votre quartier."), ["PR"]);
        assert_eq!(abbr("Mr Dupont a appelé."), ["Mr"]);
    }

    #[test]
    fn units_civilities_brands_and_known_acronyms_stay_silent() {
        for text in [
            "Le colis fait 40 cm et 3 kg, 2 Go de données, livré sous 48 h, en 10 min, à 5 km. Prix 10 € soit 20 %.",
            "Madame, Mme Durand, Mlle Petit et M. Martin, commande n° 1234.",
            "Vos billets SNCF, votre contrat EDF, votre carte FNAC.",
            "Prix TTC, HT et TVA comprise, en PDF par SMS, carte SIM, câble USB, GPS, IBAN et RIB.",
            "Votre RDV au SAV est confirmé, merci de patienter SVP.",
            "La LRAR (lettre recommandée avec accusé de réception) est partie.",
            "Par carte bancaire (CB) ou virement.",
            "Mon ex.",
            "Je pars à Rio demain.",
            "Le bouton « Valider ma cde » en bas de page.",
            "Voir https://exemple.fr/cde/rbt",
        ] {
            assert!(abbr(text).is_empty(), "{text}: {:?}", abbr(text));
        }
    }

    #[test]
    fn allow_list_and_lexicon_edits() {
        let mut c = Config::default();
        c.select(&["abbreviation".into()], &[]).unwrap();
        c.abbreviation.allow = vec!["CB".into(), "cf.".into()];
        c.abbreviation.add = vec!["TVA => taxe sur la valeur ajoutée".into()];
        c.abbreviation.remove = vec!["BL".into()];
        let l = Linter::new(c).unwrap();
        assert_eq!(
            flagged(&l, "CB, cf. le BL, la TVA et le RDV."),
            ["TVA", "RDV"]
        );
    }
}

mod sms_language {
    use super::*;

    fn sms(text: &str) -> Vec<String> {
        flagged(&linter("sms-language"), text)
    }

    #[test]
    fn common_forms_fire_with_standard_french() {
        let l = linter("sms-language");
        let d = l.check("Slt, je vous envoie ça tt de suite, bcp de colis sont partis.");
        let got: Vec<_> = d
            .iter()
            .map(|d| (d.span.slice(d_text()).to_string(), d.suggestions.clone()))
            .collect();
        fn d_text() -> &'static str {
            "Slt, je vous envoie ça tt de suite, bcp de colis sont partis."
        }
        assert_eq!(got[0], ("Slt".into(), vec!["Bonjour".to_string()]));
        assert_eq!(got[1].0, "tt");
        assert_eq!(got[1].1.len(), 4);
        assert_eq!(got[2], ("bcp".into(), vec!["beaucoup".to_string()]));
        assert!(d[0].is_safe_fix());
        assert!(!d[1].is_safe_fix());
        assert_eq!(
            sms("pk vous ne l'avez pas reçu ? jsp, a+"),
            ["pk", "jsp", "a+"]
        );
        assert_eq!(sms("Je reviens vers vous 2m1, a2m1 !"), ["2m1", "a2m1"]);
        assert_eq!(sms("MDR"), ["MDR"]);
    }

    #[test]
    fn suggestions_are_capitalised_where_a_sentence_starts() {
        let l = linter("sms-language");
        for (text, expected) in [
            ("slt, je regarde votre dossier.", "Bonjour"),
            ("Merci. slt, je regarde.", "Bonjour"),
            ("Je regarde, slt.", "bonjour"),
            ("pk ce délai ?", "Pourquoi"),
        ] {
            let d = l.check(text);
            assert_eq!(d[0].suggestions[0], expected, "{text}");
        }
    }

    #[test]
    fn real_words_stay_silent() {
        for text in [
            "Je vous envoie cela pour demain, dans la journée.",
            "C'est noté, l'option C est la plus adaptée.",
            "Choisissez la réponse a, b, c ou d.",
            "La vis fait 10 mm de diamètre et pèse 500 g, le camion 3 t.",
            "Le délai de réponse est de 5 ms.",
            "Comparez le forfait A vs le forfait B.",
            "Le lave-linge est classé A+ et le frigo A++.",
            "Notre adresse : https://slt.fr/pk/bcp et sav@exemple.fr",
            "Votre compte pro est actif.",
            "Vous avez écrit « slt, jsp », je comprends.",
            "Le logement B1 au niveau b1 est libre.",
            "Le PR le plus proche, le DS de la classe et le TT sont notés.",
            "Re : votre commande 1234",
            "Mettez le service en cc : cela l'informera.",
            "C'est au XVIIIe siècle, sous Louis XIII.",
            "Madame Xxx, modèle AAA, www.exemple.fr",
            "Le Pr Martin vous recevra.",
        ] {
            assert!(sms(text).is_empty(), "{text}: {:?}", sms(text));
        }
    }

    #[test]
    fn ambiguous_short_forms_in_context() {
        assert_eq!(sms("ok c bon pour moi"), ["c"]);
        assert_eq!(sms("c est bien parti"), ["c est"]);
        assert_eq!(sms("g bien reçu votre message"), ["g"]);
        assert_eq!(sms("il faut k je vérifie"), ["k"]);
        assert_eq!(sms("je vs envoie le lien"), ["vs"]);
        assert_eq!(sms("vs pouvez le faire"), ["vs"]);
        assert_eq!(sms("quand mm, merci"), ["mm"]);
        assert_eq!(sms("re bonjour Madame"), ["re bonjour"]);
        assert_eq!(sms("Re, je reviens vers vous."), ["Re"]);
        assert_eq!(sms("cc, je regarde"), ["cc"]);
    }

    #[test]
    fn svp_suggests_the_allowed_acronym() {
        let l = linter("sms-language");
        let d = l.check("Merci de patienter svp.");
        assert_eq!(d[0].suggestions, ["SVP", "s'il vous plaît"]);
        assert!(!d[0].is_safe_fix());
        assert!(sms("Merci de patienter SVP, votre RDV au SAV est noté.").is_empty());
        assert_eq!(sms("Votre rdv est noté."), ["rdv"]);
    }

    #[test]
    fn repeated_letters() {
        let l = linter("sms-language");
        let d = l.check("Merciiii et ouiii, biennn reçu !");
        let s: Vec<_> = d.iter().map(|d| d.suggestions.clone()).collect();
        assert_eq!(
            s,
            [
                vec!["Merci".to_string()],
                vec!["oui".into()],
                vec!["bien".into()]
            ]
        );
        assert!(d.iter().all(|d| d.is_safe_fix()));
        let d = l.check("Cooool, mdrrr");
        assert_eq!(d[0].suggestions, ["Col", "Cool"]);
        assert!(!d[0].is_safe_fix());
        assert!(d[1].message.contains("forme SMS"));
        let d = l.check("hmmm");
        assert!(d[0].suggestions.is_empty());
        let mut c = Config::default();
        c.select(&["sms-language".into()], &[]).unwrap();
        c.sms_language.repeated_letters = false;
        assert!(Linter::new(c).unwrap().check("merciiii").is_empty());
    }

    #[test]
    fn add_and_remove() {
        let mut c = Config::default();
        c.select(&["sms-language".into()], &[]).unwrap();
        c.sms_language.add = vec!["bjrr => bonjour".into()];
        c.sms_language.remove = vec!["bcp".into()];
        let l = Linter::new(c).unwrap();
        assert_eq!(flagged(&l, "bjrr, bcp de colis"), ["bjrr"]);
    }

    #[test]
    fn explain_examples_of_the_lexicon_rules() {
        for id in ["sms-language", "abbreviation", "familiar-register"] {
            let meta = tchatlint::rules::find(id).unwrap().meta;
            let (bad, good) = meta.examples();
            let l = linter(id);
            assert!(!bad.is_empty() && !good.is_empty());
            for b in &bad {
                assert!(!l.check(b).is_empty(), "{id}: {b}");
            }
            for g in &good {
                assert!(l.check(g).is_empty(), "{id}: {g}: {:?}", l.check(g));
            }
        }
    }
}
