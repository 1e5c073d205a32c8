//! `weak-verb`: a lexicon rule, all in `lexicon/weak-verb.txt`
//! (see [`crate::rules::lexicon_rule`]).

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Les formules hésitantes et les périphrases qui affaiblissent un
    /// engagement : « je vais essayer de », « je vais voir », « normalement »,
    /// « a priori », « en principe », « il me semble que », « je pense que »,
    /// « ça devrait », « je devrais pouvoir », « procéder au remboursement
    /// de », « effectuer une vérification », « si jamais », « je me permets
    /// de »… La liste (`lexicon/weak-verb.txt`) propose pour chacune un verbe
    /// d'action ou une formule engagée (« je vérifie », « je rembourse »,
    /// « je vous propose »).
    ///
    /// Les verbes simples (« est », « a », « fait ») ne sont jamais signalés
    /// seuls, ni « normalement » au sens de « sans anomalie » (« votre compte
    /// fonctionne normalement »), ni les propos du client cités entre
    /// guillemets.
    ///
    /// ## Pourquoi
    ///
    /// « J'essaie », « normalement » ou « je pense » font douter le client :
    /// il comprend que rien n'est sûr et relance. Une action à la première
    /// personne, au présent, avec un délai, l'engage et le rassure.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Je vais essayer de vérifier, normalement votre colis arrive jeudi.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Je vérifie : selon le suivi, votre colis arrive jeudi.
    /// ```
    "weak-verb",
    "Verbes faibles et formules hésitantes"
}

crate::lexicon_rule!("weak-verb", weak_verb);
