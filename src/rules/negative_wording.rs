//! `negative-wording`: a lexicon rule, all in `lexicon/negative-wording.txt`
//! (see [`crate::rules::lexicon_rule`]).

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Les formulations négatives, culpabilisantes ou injonctives adressées
    /// au client : « pas de souci », « malheureusement », « je ne sais pas »,
    /// « vous devez renvoyer… », « il faut que vous… », « vous n'avez pas
    /// compris », « c'est impossible », « calmez-vous », « ce n'est pas de
    /// notre faute », « vous auriez dû », « bon courage »… La liste
    /// (`lexicon/negative-wording.txt`) donne pour chacune une reformulation
    /// positive. Les variantes de tchat sont comprises (« je peux pas »,
    /// « désolée », apostrophe droite ou courbe).
    ///
    /// Restent silencieux : les formules de politesse (« n'hésitez pas à
    /// revenir vers moi », « je vous prie de nous excuser pour ce
    /// désagrément », « merci de votre patience », « je ne manquerai pas
    /// de… »), les faits (« il n'y a pas de frais de livraison », « aucun
    /// problème technique n'a été détecté »), les conditions (« si vous
    /// n'avez pas reçu… »), « vous devez » informatif (« vous devez recevoir
    /// un e-mail ») et les propos du client cités entre guillemets. « Ne
    /// quittez pas » est signalé : c'est une formule de téléphone qui ne dit
    /// pas combien de temps attendre.
    ///
    /// ## Pourquoi
    ///
    /// À l'écrit, le client retient les mots négatifs (« problème »,
    /// « impossible », « faute ») et entend un reproche dans « vous devez »
    /// ou « vous n'avez pas ». Dire ce qui est possible et ce que vous
    /// faites rassure et évite l'escalade.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Pas de souci ! Malheureusement, vous devez renvoyer le formulaire.
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Avec plaisir ! Je vous invite à renvoyer le formulaire, et je m'occupe du reste.
    /// ```
    "negative-wording",
    "Formulations négatives ou culpabilisantes"
}

crate::lexicon_rule!("negative-wording", negative_wording);
