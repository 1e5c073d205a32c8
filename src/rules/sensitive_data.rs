use crate::settings::{ConfigError, Level};
use crate::diagnostic::{Finding, Span};
use crate::rules::{Rule, RuleOptions};
use crate::text::{Document, TokenKind};
use regex::Regex;
use std::sync::LazyLock;

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// Card numbers written in the reply (13–19 digits passing the Luhn
        /// check, with a known card prefix).
        pub card_numbers: bool,
        /// IBANs written in the reply (valid mod-97 checksum).
        pub ibans: bool,
        /// The advisor asks for a card number, security code, PIN, password
        /// or one-time code.
        pub requests: bool,
        /// The advisor writes a password, PIN, security code or one-time
        /// code (`votre mot de passe provisoire est : Azerty59`).
        pub written_secrets: bool,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// Les données bancaires ou secrètes **demandées** au client ou
    /// **écrites** par le conseiller :
    ///
    /// - un numéro de carte bancaire (13 à 19 chiffres, avec ou sans espaces
    ///   ou tirets, qui passe la clé de Luhn et commence comme une carte
    ///   Visa, Mastercard, CB, American Express…) ;
    /// - un IBAN complet (clé de contrôle modulo 97 valide) ;
    /// - une demande du numéro de carte, du cryptogramme (les trois chiffres
    ///   au dos, CVV), de la date d'expiration de la carte, du code
    ///   confidentiel (PIN), d'un mot de passe ou d'un code reçu par SMS
    ///   (« pouvez-vous me donner… », « communiquez-moi… », « quel est
    ///   votre… », « j'ai besoin de… ») ;
    /// - un mot de passe, un code PIN, un cryptogramme ou un code à usage
    ///   unique écrit en clair (« votre mot de passe provisoire est :
    ///   Azerty59 »).
    ///
    /// Ne sont pas signalés : les numéros de commande, de suivi, de
    /// téléphone, les prix et les dates ; les 4 derniers chiffres d'une carte
    /// ou un numéro masqué (`XXXX XXXX XXXX 1234`) ; une simple mention
    /// (« votre mot de passe a été réinitialisé ») ; une mise en garde
    /// (« ne communiquez jamais votre code »). Chaque détection se coupe
    /// dans la charte : `card_numbers`, `ibans`, `requests`,
    /// `written_secrets`.
    ///
    /// ## Pourquoi
    ///
    /// Le tchat n'est pas un canal sécurisé : les messages sont conservés,
    /// relus, exportés. Un numéro de carte ou un code reçu par SMS qui y
    /// passe peut servir à une fraude, et la norme PCI DSS interdit de les
    /// recueillir ainsi. Le client doit saisir ces données lui-même sur la
    /// page de paiement ou dans son espace client ; les conseillers ne les
    /// demandent jamais, ce qui aide aussi les clients à repérer les
    /// escrocs qui le font.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// Pour finaliser le paiement, pouvez-vous me donner le code reçu par SMS ?
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Pour finaliser le paiement, saisissez le code reçu par SMS sur la page de paiement sécurisée.
    /// ```
    "sensitive-data",
    "Données bancaires ou secrètes demandées ou écrites"
}

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.sensitive_data;
    Ok(Box::new(SensitiveData {
        cards: o.card_numbers,
        ibans: o.ibans,
        requests: o.requests,
        written: o.written_secrets,
        re: &PATTERNS,
        secret_words: &SECRET_WORD_SEARCH,
    }))
}

struct SensitiveData {
    cards: bool,
    ibans: bool,
    requests: bool,
    written: bool,
    /// Compiled on first use: most replies need none of them (see
    /// [`SensitiveData::check`]), and they take a few milliseconds to build.
    re: &'static LazyLock<Patterns>,
    /// Words that every match of `secret` and of `written` contains: a
    /// text without any of them is not searched (most replies; the secret
    /// regex starts with articles, so its own prefilter lets every `le `
    /// through).
    secret_words: &'static LazyLock<aho_corasick::packed::Searcher>,
}

/// The kinds of secret data, with what the messages call them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Secret {
    Card,
    SecurityCode,
    Expiry,
    Pin,
    Password,
    OneTimeCode,
}

impl Secret {
    fn label(self) -> &'static str {
        match self {
            Secret::Card => "numéro de carte bancaire",
            Secret::SecurityCode => "cryptogramme de la carte",
            Secret::Expiry => "date d'expiration de la carte",
            Secret::Pin => "code confidentiel (PIN)",
            Secret::Password => "mot de passe",
            Secret::OneTimeCode => "code à usage unique",
        }
    }

    fn help(self) -> &'static str {
        match self {
            Secret::Card | Secret::SecurityCode | Secret::Expiry => {
                "ne demandez jamais de données de carte dans le tchat : invitez le client à les saisir lui-même sur la page de paiement sécurisée"
            }
            Secret::Pin | Secret::Password => {
                "ne demandez jamais de code confidentiel ni de mot de passe : orientez le client vers « mot de passe oublié » ou son espace client"
            }
            Secret::OneTimeCode => {
                "ne demandez jamais un code reçu par SMS : il valide une opération, le client le saisit lui-même sur la page sécurisée"
            }
        }
    }
}

/// Regexes compiled once for the process (they do not depend on the house
/// style), matched on the normalized (lower-cased, folded) text.
struct Patterns {
    /// IBAN shape: two letters, two digits, groups of letters and digits.
    iban: Regex,
    /// Secrets as nouns: one pattern per kind ([`SECRET_NOUNS`]), so that
    /// a match says its kind without a capture search.
    secret: regex_automata::meta::Regex,
    /// Request cues that take the secret as direct object.
    cue: Regex,
    /// Request cues with an object pronoun (`me le donner`, `donnez-le-moi`).
    pronoun_cue: Regex,
    /// What may stand between a cue and the secret.
    gap: Regex,
    /// Negation or warning markers in a sentence.
    negation: Regex,
    /// The length in bytes of the longest match of `secret`.
    secret_reach: usize,
    /// The length in bytes of the longest match of `cue`.
    cue_reach: usize,
    /// A secret written out: the secret noun, a copula or colon, a value.
    written: Regex,
    /// Words right after `carte` that make it something else than a bank
    /// card (`carte de fidélité`, `carte grise`…).
    other_card: Regex,
    /// Context words that make a long number an order or tracking number.
    number_context: Regex,
}

/// See [`SensitiveData::secret_words`]; `every_secret_match_holds_a_secret_word`
/// keeps the list in step with the regexes.
const SECRET_WORDS: &[&str] = &[
    "carte",
    "cb",
    "chiffres",
    "cryptogramme",
    "code",
    "cvv",
    "cvc",
    "pin",
    "passe",
    "mdp",
    "password",
];

/// Secrets as nouns, one pattern per kind, in order of preference: where
/// two match at the same place, the first listed wins.
const SECRET_NOUNS: [(Secret, &str); 6] = [
    // 1: card number
    (Secret::Card, r"(?:(?:le |les )?(?:num[ée]ros?|n°|no\.?) (?:de |d'|du )?(?:votre |la |ta |cette )?(?:carte|cb)(?-u:\b)(?: (?:bancaire|bleue|de cr[ée]dit|de d[ée]bit|de paiement|visa|mastercard|american express|amex))?|(?:les )?(?:16|seize) chiffres(?: (?:de|sur) (?:votre|la) carte(?: bancaire| bleue)?)?)"),
    // 2: security code
    (Secret::SecurityCode, r"(?:le )?cryptogramme(?: visuel)?|(?:le )?code (?:de s[ée]curit[ée]|cvv|cvc)|(?-u:\b)cvv2?(?-u:\b)|(?-u:\b)cvc2?(?-u:\b)|(?:les )?(?:3|trois) chiffres (?:(?:situ[ée]s |inscrits |figurant |imprim[ée]s )?au dos|de s[ée]curit[ée])"),
    // 3: expiry date
    (Secret::Expiry, r"(?:la )?date d'(?:expiration|validit[ée]) (?:de |de votre |de la )carte(?: bancaire| bleue)?"),
    // 4: PIN
    (Secret::Pin, r"(?:le )?code (?:pin|confidentiel|secret)(?-u:\b)|(?-u:\b)pin(?-u:\b)"),
    // 5: password
    (Secret::Password, r"(?:le |votre )?(?:mot de passe|mots de passe|(?-u:\b)mdp(?-u:\b)|(?-u:\b)password(?-u:\b))(?: (?:actuel|provisoire|temporaire|de connexion))?"),
    // 6: one-time code
    (Secret::OneTimeCode, r"(?:le )?code (?:(?:de (?:validation|confirmation|v[ée]rification|s[ée]curit[ée]) |à usage unique |temporaire |unique |3d ?secure |otp )?(?:que vous (?:avez |venez d')?|qui vous a [ée]t[ée] |)(?:re[çc]u|envoy[ée]|transmis)(?: par (?:sms|texto|e-mail|mail))?|(?:re[çc]u )?par (?:sms|texto)|sms|otp|3d ?secure|à usage unique)"),
];

const VERBS_INF: &str = "donner|communiquer|transmettre|indiquer|envoyer|pr[ée]ciser|confirmer|fournir|dicter|[ée]crire|dire|rappeler|redonner|[ée]peler|lire|noter|renseigner|partager|redire";
const VERBS_IMP: &str = "donnez|communiquez|transmettez|indiquez|envoyez|pr[ée]cisez|confirmez|fournissez|dictez|[ée]crivez|dites|rappelez|redonnez|[ée]pelez|lisez|partagez";

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let re = |p: &str| Regex::new(p).expect("valid sensitive-data regex");
    let cue = format!(
        r"(?:(?-u:\b)(?:me|nous) |(?-u:\b)m')(?:{VERBS_INF})(?-u:\b)|(?:{VERBS_IMP})-(?:moi|nous)(?-u:\b)|(?-u:\b)quel(?:le)?s? (?:est|sont|serait|[ée]tait) |(?-u:\b)(?:j'ai|nous avons|on a|j'aurais|nous aurions|j'aurai) besoin (?:de |d'|du |des )|(?-u:\b)il (?:me|nous) (?:faut|faudrait|faudra) |(?-u:\b)vous demander |(?-u:\b)(?:je|nous) vous (?:demande|demandons|demanderai|demanderais) "
    );
    let pronoun_cue = format!(
        r"(?-u:\b)(?:me|nous) (?:le|la|les) (?:{VERBS_INF})(?-u:\b)|(?:{VERBS_IMP})-(?:le|la|les)-(?:moi|nous)(?-u:\b)"
    );
    let longest_match = |p: &str| {
        regex_automata::util::syntax::parse(p)
            .expect("valid sensitive-data regex")
            .properties()
            .maximum_len()
            .expect("a bounded sensitive-data pattern")
    };
    Patterns {
        iban: re(r"(?i)(?-u:\b)[a-z]{2}[0-9]{2}(?:[ \x{A0}\x{202F}]?[a-z0-9]{1,4})+(?-u:\b)"),
        // Without a prefilter: one for the patterns' first words would
        // stop at every `le ` and `la `, and cost more than the automaton
        // reading every byte.
        secret: regex_automata::meta::Regex::builder()
            .configure(regex_automata::meta::Config::new().auto_prefilter(false))
            .build_many(&SECRET_NOUNS.map(|(_, p)| p))
            .expect("valid sensitive-data regex"),
        secret_reach: SECRET_NOUNS
            .iter()
            .map(|(_, p)| longest_match(p))
            .max()
            .unwrap_or(0),
        cue_reach: longest_match(&cue),
        cue: re(&cue),
        pronoun_cue: re(&pronoun_cue),
        gap: re(r"^(?:[ ,]|s'il vous pla[iî]t|svp|rapidement|simplement|juste|ici|[ée]galement|aussi|maintenant|à nouveau|de nouveau|dans (?:le|ce) (?:tchat|chat)|par (?:[ée]crit|tchat|chat|ce biais|message)|bien|votre|vos|le|la|les|l'|ton|ta|tes|ce|cette|complet|complets|s'il te pla[iî]t|donc|alors|nouveau|nouvel|nouvelle|ancien|ancienne|actuel|actuelle|personnel|personnelle|provisoire|temporaire)*$"),
        negation: re(r"(?-u:\b)(?:ne|jamais|sans|aucun|aucune)(?-u:\b)|(?-u:\b)n'"),
        written: re(
            r"(?:mot de passe|(?-u:\b)mdp|code (?:pin|confidentiel|secret|de s[ée]curit[ée]|re[çc]u par sms|sms|à usage unique)|(?-u:\b)pin|cryptogramme|(?-u:\b)cvv|(?-u:\b)cvc)(?: (?:provisoire|temporaire|actuel|nouveau|initial))? ?(?:est|sera|:|=)(?: le| :)? ?(?:«\s?|\x22)?([^\s«»\x22]+)",
        ),
        other_card: re(
            r"^ ?(?:de |d')?(?:fid[ée]lit[ée]|client|cadeau|vitale|grise|d'identit[ée]|identit[ée]|sim|mobilit[ée]|d'abonnement|d'abonn[ée]|abonn[ée]|de membre|membre|adh[ée]rent|avantages?|privil[èe]ges?|carburant|essence|t[ée]l[ée]phonique|m[ée]moire|r[ée]seau|famille|senior|jeune|[ée]tudiante?|transport|navigo|pass|enseigne|magasin|achat|kadéos|illicado|prépayée)",
        ),
        number_context: re(
            r"(?:suivi|colis|commande|n°|num[ée]ro de (?:suivi|commande|dossier|facture|contrat|client|colis|s[ée]rie|transaction|ticket|r[ée]servation)|r[ée]f[ée]rence|r[ée]f(?-u:\b)|dossier|facture|siret|siren|tva|imei|ean|code-barres|code barre|transaction|contrat|ticket|r[ée]servation|bon de|bon d'achat|avoir|s[ée]rie|lettre suivie|recommand[ée]|abonn[ée]|adh[ée]rent|fid[ée]lit[ée])",
        ),
    }
});

// SIMD (Teddy) where the processor has it: the words' letters are too
// common in French for a rare-byte prefilter.
static SECRET_WORD_SEARCH: LazyLock<aho_corasick::packed::Searcher> = LazyLock::new(|| {
    aho_corasick::packed::Config::new()
        .builder()
        .extend(SECRET_WORDS)
        .build()
        .expect("a small list of words packs")
});

impl Rule for SensitiveData {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        // A card number has 13 digits at least, an IBAN 8 at least (two
        // check digits and an account number): most replies have fewer,
        // and their digit searches are skipped.
        let (digits, iban_start) = digit_profile(doc.text);
        if self.cards && digits >= 13 {
            self.check_cards(doc, out);
        }
        if self.ibans && digits >= 8 && iban_start {
            self.check_ibans(doc, out);
        }
        if self.requests || self.written {
            self.check_phrases(doc, out);
        }
    }
}

/// The ASCII digits of `text` (counted up to 13) and whether an IBAN may
/// start in it: two letters followed by two digits, at the start of a word
/// (the IBAN regex's `(?-u:\b)`), then enough letters and digits for the
/// shortest IBAN. A byte of a non-ASCII character counts
/// as a letter and as a word boundary: the IBAN search is case-insensitive,
/// and some letters (the Kelvin sign…) fold to ASCII ones. One pass that
/// skips eight bytes at a time where there is no digit.
fn digit_profile(text: &str) -> (usize, bool) {
    let b = text.as_bytes();
    let letter = |x: u8| x.is_ascii_alphabetic() || !x.is_ascii();
    let word = |x: u8| x.is_ascii_alphanumeric() || x == b'_';
    let (mut count, mut start) = (0, false);
    let mut from = 0;
    while let Some(i) = next_digit(b, from) {
        count += 1;
        if !start
            && i >= 2
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && letter(b[i - 2])
            && letter(b[i - 1])
            && (!b[i - 2].is_ascii() || !b[i - 1].is_ascii() || i == 2 || !word(b[i - 3]))
            && long_enough_for_an_iban(&b[i - 2..])
        {
            start = true;
        }
        if count >= 13 && start {
            break;
        }
        from = i + 1;
    }
    (count.min(13), start)
}

/// The first ASCII digit of `b` from byte `from` on, read eight bytes at a
/// time where there is none.
fn next_digit(b: &[u8], mut from: usize) -> Option<usize> {
    while let Some(chunk) = b.get(from..from + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
        if has_digit(u64::from_le_bytes(chunk)) {
            break;
        }
        from += 8;
    }
    let k = b.get(from..)?.iter().position(u8::is_ascii_digit)?;
    Some(from + k)
}

/// Whether the run of characters an IBAN match may cover from the start
/// of `b` (letters, digits, single spaces between groups) holds the 15
/// letters and digits of the shortest IBAN. Any non-ASCII byte counts as
/// one of them: the case-insensitive pattern takes a few non-ASCII
/// letters, and a no-break space is a separator; counting too many only
/// lets the search run.
fn long_enough_for_an_iban(b: &[u8]) -> bool {
    let mut count = 0;
    let mut after_space = false;
    for &x in b {
        if x.is_ascii_alphanumeric() || !x.is_ascii() {
            count += 1;
            if count >= 15 {
                return true;
            }
            after_space = false;
        } else if x == b' ' && !after_space {
            after_space = true;
        } else {
            return false;
        }
    }
    false
}

/// True when one of the eight bytes of `w` is an ASCII digit.
fn has_digit(w: u64) -> bool {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let t = w & LOW;
    // Per byte, without carries (each byte is below 0x80): the high bit of
    // `t + 0x50` is set from `0x30` up, that of `t + 0x46` from `0x3a` up.
    let from_0 = t + 0x5050_5050_5050_5050;
    let past_9 = t + 0x4646_4646_4646_4646;
    from_0 & !past_9 & !w & HIGH != 0
}

/// The runs of digit groups separated by one space or dash (`4970 1012
/// 3456 7890`), as byte ranges: what the regex
/// `[0-9]+(?:[ \-\x{A0}\x{202F}][0-9]+)*` finds, without its per-match cost
/// on texts full of numbers.
fn digit_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let digits_from = move |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut pos = 0;
    std::iter::from_fn(move || {
        let start = next_digit(b, pos)?;
        let mut end = digits_from(start);
        loop {
            let sep = match b.get(end..) {
                Some([b' ' | b'-', ..]) => 1,
                Some([0xC2, 0xA0, ..]) => 2,
                Some([0xE2, 0x80, 0xAF, ..]) => 3,
                _ => 0,
            };
            if sep == 0 || !b.get(end + sep).is_some_and(u8::is_ascii_digit) {
                break;
            }
            end = digits_from(end + sep);
        }
        pos = end;
        Some((start, end))
    })
}

/// True when `digits` passes the Luhn check.
pub fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(*d);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// True when `digits` (values 0–9) has the prefix and length of a payment
/// card: Visa, Mastercard, American Express, Discover, JCB, Diners,
/// Maestro, UnionPay.
fn card_shape(d: &[u8]) -> bool {
    let n = d.len();
    let p2 = u32::from(d[0]) * 10 + u32::from(d[1]);
    let p4 = p2 * 100 + u32::from(d[2]) * 10 + u32::from(d[3]);
    match d[0] {
        4 => matches!(n, 13 | 16 | 19),
        5 => (51..=55).contains(&p2) && n == 16 || matches!(p2, 50 | 56..=59) && (12..=19).contains(&n),
        2 => (2221..=2720).contains(&p4) && n == 16,
        3 => {
            matches!(p2, 34 | 37) && n == 15
                || p2 == 35 && (16..=19).contains(&n)
                || matches!(p2, 30 | 36 | 38 | 39) && (14..=19).contains(&n)
        }
        6 => (16..=19).contains(&n),
        _ => false,
    }
}

/// `XXXX XXXX XXXX 1234`: the original with all but the last four digits
/// masked.
fn mask(s: &str, keep: usize) -> String {
    let total = s.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                seen += 1;
                if seen + keep <= total {
                    return 'X';
                }
            }
            c
        })
        .collect()
}

/// Short masked form for messages, so the secret never reaches a log.
fn masked_label(s: &str) -> String {
    let tail: String = {
        let alnum: Vec<char> = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        alnum[alnum.len().saturating_sub(4)..].iter().collect()
    };
    format!("…{tail}")
}

impl SensitiveData {
    fn check_cards(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text;
        let bytes = text.as_bytes();
        for (run_start, run_end) in digit_runs(text) {
            if run_end - run_start < 13 {
                // Fewer than 13 digits: not a card number.
                continue;
            }
            // Glued to letters: a reference such as `6A12345678901FR`.
            let before = text[..run_start].chars().next_back();
            let after = text[run_end..].chars().next();
            if before.is_some_and(|c| c.is_alphabetic() || c == '+' || c == '/' || c == ',')
                || after.is_some_and(|c| c.is_alphabetic() || c == '/')
                || (after == Some(',') && bytes.get(run_end + 1).is_some_and(u8::is_ascii_digit))
            {
                continue;
            }
            // The groups of the run: (byte start, byte end) of each.
            let groups: Vec<(usize, usize)> = {
                let mut g = Vec::new();
                let mut start = None;
                for (i, c) in text[run_start..run_end].char_indices() {
                    if c.is_ascii_digit() {
                        start.get_or_insert(run_start + i);
                    } else if let Some(s) = start.take() {
                        g.push((s, run_start + i));
                    }
                }
                if let Some(s) = start {
                    g.push((s, run_end));
                }
                g
            };
            let total: usize = groups.iter().map(|(s, e)| e - s).sum();
            if total < 13 {
                continue;
            }
            // The longest window of whole groups that is a card number.
            let mut best: Option<(usize, usize)> = None;
            for i in 0..groups.len() {
                let mut digits = Vec::with_capacity(24);
                for (j, &(s, e)) in groups.iter().enumerate().skip(i) {
                    digits.extend(bytes[s..e].iter().map(|b| b - b'0'));
                    if digits.len() > 19 {
                        break;
                    }
                    if digits.len() >= 13
                        && card_shape(&digits)
                        && luhn(&digits)
                        && grouping_ok(&groups[i..=j])
                    {
                        let span = (groups[i].0, e);
                        if best.map_or(true, |(bs, be)| span.1 - span.0 > be - bs) {
                            best = Some(span);
                        }
                    }
                }
            }
            let Some((s, e)) = best else { continue };
            let span = Span::new(s, e);
            if doc.in_link(span) || self.order_context(doc, s) {
                continue;
            }
            let raw = span.slice(text);
            out.push(
                Finding::new(
                    span,
                    format!("numéro de carte bancaire écrit en clair (« {} »)", masked_label(raw)),
                )
                .help("n'écrivez jamais un numéro de carte dans le tchat : supprimez-le, ou gardez au plus les 4 derniers chiffres")
                .suggest(mask(raw, 4)),
            );
        }
    }

    /// True when the words just before byte `start` (same sentence) name an
    /// order, tracking or invoice number, and not a card.
    fn order_context(&self, doc: &Document<'_>, start: usize) -> bool {
        let from = sentence_index(doc, start)
            .map_or(0, |i| doc.sentences[i].span.start)
            .max(start.saturating_sub(60));
        let mut from = from;
        while !doc.text.is_char_boundary(from) {
            from += 1;
        }
        let before = doc.text[from..start].to_lowercase();
        if before.contains("carte") || before.contains(" cb") {
            return false;
        }
        self.re.number_context.is_match(&before)
    }

    fn check_ibans(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text;
        for m in self.re.iban.find_iter(text) {
            let s = m.as_str();
            // Group boundaries: candidate ends, longest first. An IBAN
            // has 34 letters and digits at most: the match (which may run
            // over a whole line of short words and numbers) is read no
            // further, so each match costs the same whatever its length.
            let mut ends: Vec<usize> = Vec::new();
            let mut alnum = 0;
            let mut whole = true;
            for (i, c) in s.char_indices() {
                if c == ' ' || c == '\u{A0}' || c == '\u{202F}' {
                    ends.push(i);
                } else {
                    alnum += 1;
                    if alnum > 34 {
                        whole = false;
                        break;
                    }
                }
            }
            if whole {
                ends.push(s.len());
            }
            let found = ends.iter().rev().copied().find(|&end| iban_valid(&s[..end]));
            let Some(end) = found else { continue };
            let span = Span::new(m.start(), m.start() + end);
            if doc.in_link(span) {
                continue;
            }
            let raw = span.slice(text);
            out.push(
                Finding::new(span, format!("IBAN écrit en clair (« {} »)", masked_label(raw)))
                    .help("ne faites pas circuler d'IBAN complet dans le tchat : passez par l'espace client ou gardez au plus les 4 derniers caractères")
                    .suggest(mask(raw, 4)),
            );
        }
    }

    fn check_phrases(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let norm = doc.normalized();
        let s = norm.text.as_str();
        if self.secret_words.find(s).is_none() {
            return;
        }
        let sentence = |nstart: usize| {
            let o = norm.original(nstart, nstart, doc.text).start;
            sentence_index(doc, o)
        };
        if self.requests {
            self.requests_in(doc, s, &sentence, out);
        }
        if self.written {
            self.written_in(doc, s, out);
        }
    }

    fn requests_in(
        &self,
        doc: &Document<'_>,
        s: &str,
        sentence: &dyn Fn(usize) -> Option<usize>,
        out: &mut Vec<Finding>,
    ) {
        let norm = doc.normalized();
        let secrets: Vec<(usize, usize, Secret)> = secret_matches(self.re, self.secret_words, s)
            .into_iter()
            .filter_map(|m| {
                let kind = SECRET_NOUNS[m.pattern().as_usize()].0;
                if !whole_words(s, m.start(), m.end())
                    || kind == Secret::Card
                        && self
                            .re
                            .other_card
                            .find(&s[m.end()..])
                            .is_some_and(|o| whole_words(s, m.end(), m.end() + o.end()))
                {
                    return None;
                }
                Some((m.start(), m.end(), kind))
            })
            .collect();
        if secrets.is_empty() {
            return;
        }
        // Sentences with a negation or a warning (`ne … jamais`, `sans`),
        // found when a request is about to be reported.
        let mut negated: Option<Vec<usize>> = None;
        let mut reported = std::collections::BTreeSet::new();
        let mut push = |start: usize, end: usize, kind: Secret, out: &mut Vec<Finding>| {
            let Some(sent) = sentence(start) else { return };
            let negated = negated.get_or_insert_with(|| {
                self.re
                    .negation
                    .find_iter(s)
                    .filter(|m| whole_words(s, m.start(), m.end()))
                    .filter_map(|m| sentence(m.start()))
                    .collect()
            });
            // In text order, so sorted: a long text has thousands.
            if negated.binary_search(&sent).is_ok() || reported.contains(&sent) {
                return;
            }
            let span = norm.original(start, end, doc.text);
            if doc.in_link(span) {
                return;
            }
            reported.insert(sent);
            out.push(
                Finding::new(
                    span,
                    format!(
                        "demande de {} dans le tchat (« {} »)",
                        kind.label(),
                        span.slice(doc.text)
                    ),
                )
                .help(kind.help()),
            );
        };
        // A cue followed by the secret as its direct object.
        let last_secret = secrets.last().map_or(0, |&(ss, _, _)| ss);
        for cue in cues_before(self.re, s, last_secret).filter(|m| whole_words(s, m.start(), m.end())) {
            if let Some(&(ss, se, kind)) = secrets.iter().find(|&&(ss, _, _)| ss >= cue.end()) {
                if self.re.gap.is_match(&s[cue.end()..ss]) {
                    push(cue.start(), se, kind, out);
                }
            }
        }
        // `votre code reçu par SMS, pouvez-vous me le donner ?`
        for cue in self
            .re
            .pronoun_cue
            .find_iter(s)
            .filter(|m| whole_words(s, m.start(), m.end()))
        {
            let here = sentence(cue.start());
            if let Some(&(ss, se, kind)) = secrets.iter().find(|&&(ss, _, _)| sentence(ss) == here) {
                push(ss.min(cue.start()), se.max(cue.end()), kind, out);
            }
        }
    }

    fn written_in(&self, doc: &Document<'_>, s: &str, out: &mut Vec<Finding>) {
        let norm = doc.normalized();
        for c in self.re.written.captures_iter(s) {
            let (Some(all), Some(value)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if !whole_words(s, all.start(), all.start()) {
                continue;
            }
            let v = value
                .as_str()
                .trim_end_matches(['.', ',', '!', '?', ';', ')']);
            if !looks_like_secret_value(v) {
                continue;
            }
            let noun = &s[all.start()..value.start()];
            let kind = if noun.contains("mot de passe") || noun.contains("mdp") {
                Secret::Password
            } else if noun.contains("pin") || noun.contains("confidentiel") || noun.contains("secret") {
                Secret::Pin
            } else if noun.contains("crypto") || noun.contains("cvv") || noun.contains("cvc") || noun.contains("sécurité") {
                Secret::SecurityCode
            } else {
                Secret::OneTimeCode
            };
            let vspan = norm.original(value.start(), value.start() + v.len(), doc.text);
            if doc.in_link(vspan) {
                continue;
            }
            // A digit value must be a whole number token, not part of a date.
            if v.bytes().all(|b| b.is_ascii_digit())
                && doc
                    .token_at(vspan.start)
                    .map_or(true, |t| doc.tokens[t].kind != TokenKind::Number || doc.tokens[t].span != vspan)
            {
                continue;
            }
            out.push(
                Finding::new(vspan, format!("{} écrit en clair dans le tchat", kind.label()))
                    .help("n'écrivez pas de code ni de mot de passe dans le tchat : le client le reçoit par le canal sécurisé prévu (SMS, e-mail, espace client)")
                    .suggest(mask(vspan.slice(doc.text), 0)),
            );
        }
    }
}

/// The matches of `re.secret` in `s`, those its `find_iter` gives, with
/// the automaton run only around the secret words (`words`): most of a
/// text that holds one is far from any.
///
/// Every match holds a secret word (`every_secret_match_holds_a_secret_word`)
/// and is `re.secret_reach` bytes long at most. Where words overlap, the
/// word search reports the first: a word inside a match starting at `a`
/// starts at or after a reported word `r`, less than `longest` bytes after
/// it, and at most `reach` bytes after `a`; so `r - reach < a < r + longest`.
/// For each reported word in turn, the leftmost match starting in that
/// range is searched in a window that holds all of such a match, with the
/// text around it for the word boundaries; a match found further on in the
/// window is left to the next word.
fn secret_matches(
    re: &Patterns,
    words: &aho_corasick::packed::Searcher,
    s: &str,
) -> Vec<regex_automata::Match> {
    let longest = SECRET_WORDS.iter().map(|w| w.len()).max().unwrap_or(0);
    let reach = re.secret_reach;
    let mut found = Vec::new();
    // No match starts before `from`.
    let mut from = 0;
    let mut words = words.find_iter(s).map(|w| w.start()).peekable();
    while let Some(&r) = words.peek() {
        let last_start = (r + longest).min(s.len());
        if last_start <= from {
            words.next();
            continue;
        }
        let window = from.max((r + 1).saturating_sub(reach))..(last_start + reach).min(s.len());
        let input = regex_automata::Input::new(s).range(window);
        match re.secret.search(&input) {
            Some(m) if m.start() < last_start => {
                from = m.end();
                found.push(m);
            }
            _ => {
                from = last_start;
                words.next();
            }
        }
    }
    found
}

/// The matches of `re.cue` in `s` that start before byte `end`, those its
/// `find_iter` gives: searched in the text up to where such a match may
/// end (past it, a shorter match than in the whole text could end at the
/// cut, but it would start after `end`).
fn cues_before<'s>(re: &'s Patterns, s: &'s str, end: usize) -> impl Iterator<Item = regex::Match<'s>> + 's {
    let mut cut = (end + re.cue_reach).min(s.len());
    while !s.is_char_boundary(cut) {
        cut += 1;
    }
    re.cue.find_iter(&s[..cut]).take_while(move |m| m.start() < end)
}

/// Index of the sentence that starts at or before byte `offset`.
fn sentence_index(doc: &Document<'_>, offset: usize) -> Option<usize> {
    doc.sentences
        .partition_point(|s| s.span.start <= offset)
        .checked_sub(1)
}

/// The regexes use ASCII word boundaries (they keep the fast engines);
/// this rejects a match that starts or ends inside a word with non-ASCII
/// letters (`pinède`, `épin`).
fn whole_words(s: &str, start: usize, end: usize) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let first = s[start..].chars().next();
    let before = s[..start].chars().next_back();
    let last = s[..end].chars().next_back();
    let after = s[end..].chars().next();
    !(alnum(first) && alnum(before) || end > start && alnum(last) && alnum(after))
}

/// A written value that looks like a code or a password rather than a
/// French word: 3 to 8 digits, or 4+ characters mixing letters with digits
/// or symbols.
fn looks_like_secret_value(v: &str) -> bool {
    let n = v.chars().count();
    if v.chars().all(|c| c.is_ascii_digit()) {
        return (3..=8).contains(&n);
    }
    let letters = v.chars().any(char::is_alphabetic);
    let digits = v.chars().any(|c| c.is_ascii_digit());
    let symbols = v.chars().any(|c| !c.is_alphanumeric() && c != '\'' && c != '-');
    n >= 4 && letters && (digits || symbols)
}

/// Consistent grouping of a card number: one block, or groups of 4 (the
/// last may be shorter), or Amex 4-6-5.
fn grouping_ok(groups: &[(usize, usize)]) -> bool {
    let lens: Vec<usize> = groups.iter().map(|(s, e)| e - s).collect();
    match lens.as_slice() {
        [_] => true,
        [4, 6, 5] | [4, 6, 4] => true,
        [init @ .., last] => init.iter().all(|&l| l == 4) && (1..=4).contains(last),
        [] => false,
    }
}

/// IBAN with a known length for its country (when known) and a valid
/// mod-97 check.
fn iban_valid(s: &str) -> bool {
    let compact: Vec<u8> = s
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_uppercase())
        .collect();
    let n = compact.len();
    if !(15..=34).contains(&n) {
        return false;
    }
    let expected = match &compact[..2] {
        b"FR" | b"MC" | b"IT" | b"SM" => 27,
        b"DE" | b"GB" | b"IE" => 22,
        b"BE" => 16,
        b"ES" | b"SE" => 24,
        b"CH" | b"LI" => 21,
        b"LU" | b"AT" => 20,
        b"NL" => 18,
        b"PT" => 25,
        b"DK" | b"FI" => 18,
        _ => n,
    };
    if n != expected {
        return false;
    }
    let mut rem = 0u32;
    for &b in compact[4..].iter().chain(&compact[..4]) {
        let v = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

#[cfg(test)]
mod tests {
    use super::digit_runs;
    use regex::Regex;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The one-pass digit scan counts as a plain count does, and lets
        /// every text where the IBAN regex matches through.
        #[test]
        fn digit_profile_counts_and_never_hides_an_iban(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                '1', '2', '0', '9', ' ', '_', 'a', 'F', 'r', 'z', 'é', '\u{212A}', '\u{17F}', '/',
                ':', '\u{A0}', '\u{202F}', '7', 'B',
            ]), 0..40),
            iban_like in "[a-zA-Z\u{212A}]{2}[0-9]{2}([ \u{A0}\u{202F}]?[a-zA-Z0-9]{1,4}){0,8}",
            at in 0usize..40,
        ) {
            // Random characters around a run shaped like an IBAN.
            let mut text: String = chars.iter().take(at).collect();
            text.push_str(&iban_like);
            text.extend(chars.iter().skip(at));
            let (count, start) = super::digit_profile(&text);
            let plain = text.bytes().filter(u8::is_ascii_digit).count();
            proptest::prop_assert_eq!(count, plain.min(13));
            // Whatever the IBAN search finds that is long enough to be
            // checked (15 ASCII letters and digits) is let through.
            let long = super::PATTERNS
                .iban
                .find_iter(&text)
                .any(|m| m.as_str().bytes().filter(u8::is_ascii_alphanumeric).count() >= 15);
            if long {
                proptest::prop_assert!(start, "{:?}", text);
            }
        }

        #[test]
        fn next_digit_is_the_first_digit(
            bytes in proptest::collection::vec(proptest::sample::select(b"a 1\xc3\xa99_".to_vec()), 0..40),
            from in 0usize..45,
        ) {
            let plain = bytes.iter().enumerate().skip(from).find(|(_, b)| b.is_ascii_digit()).map(|(i, _)| i);
            proptest::prop_assert_eq!(super::next_digit(&bytes, from), plain);
        }

        #[test]
        fn has_digit_reads_each_byte(bytes in proptest::array::uniform8(proptest::num::u8::ANY)) {
            proptest::prop_assert_eq!(
                super::has_digit(u64::from_le_bytes(bytes)),
                bytes.iter().any(u8::is_ascii_digit)
            );
        }
    }

    proptest::proptest! {
        /// The digit-run scanner finds what its regex finds.
        #[test]
        fn digit_runs_are_the_regex_matches(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                '1', '2', '0', ' ', '-', '\u{A0}', '\u{202F}', 'a', '\u{2009}', 'é',
            ]), 0..40)
        ) {
            let text: String = chars.into_iter().collect();
            let re = Regex::new(r"[0-9]+(?:[ \-\x{A0}\x{202F}][0-9]+)*").unwrap();
            let expected: Vec<(usize, usize)> = re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            proptest::prop_assert_eq!(digit_runs(&text).collect::<Vec<_>>(), expected);
        }

    }

    /// Pieces of text around secrets, put together by the tests below.
    const SECRET_PARTS: &[&str] = &[
        "le ", "les ", "votre ", "numéro ", "n° ", "de ", "carte", " bancaire", "cb", "16 ",
        "trois ", "3 ", "chiffres", " au dos", "de sécurité", "cryptogramme", "code ", "cvv", "cvc",
        "pin", "secret", "mot de passe", "mdp", "password", " actuel", "date d'expiration ",
        "reçu", "envoyé", " par sms", "sms", "otp", "3d secure", "que vous avez ",
        "à usage unique", " est ", " : ", "ab12cd34", " ", ", ",
    ];

    /// [`SECRET_PARTS`] with other text: long words, words glued to the
    /// secret words, accents, line ends, signs.
    const SECRET_FILLED: &[&str] = &[
        "le ", "les ", "votre ", "numéro ", "n° ", "de ", "carte", " bancaire", "cb", "16 ",
        "trois ", "3 ", "chiffres", " au dos", "de sécurité", "cryptogramme", "code ", "cvv", "cvc",
        "pin", "secret", "mot de passe", "mdp", "password", " actuel", "date d'expiration ",
        "reçu", "envoyé", " par sms", "sms", "otp", "3d secure", "que vous avez ",
        "à usage unique", " est ", " : ", "ab12cd34", " ", ", ", "x", "é", ".", "\n", "codes",
        "cartes ", "passer ", "pinède ", "Bonjour, ", "une phrase ordinaire sans rien de plus ",
        "l'adresse de livraison indiquée dans votre espace client est bien la bonne ",
    ];

    /// Pieces of text around request cues.
    const CUE_PARTS: &[&str] = &[
        "me ", "nous ", "m'", "donner", "communiquer", "donnez", "-moi", "-nous", "quel ", "quelle ",
        "est ", "sont ", "j'ai ", "besoin ", "de ", "d'", "il ", "faut ", "vous ", "demander ",
        "je ", "demande ", "le ", "code", " ", "é", "x", ".", "mot de passe", "écrire", "dites",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Whatever the secret and written-secret regexes match holds one
        /// of the secret words, the gate before them.
        #[test]
        fn every_secret_match_holds_a_secret_word(
            parts in proptest::collection::vec(proptest::sample::select(SECRET_PARTS), 0..6)
        ) {
            let text: String = parts.concat();
            let re = &super::PATTERNS;
            if re.secret.is_match(&text) || re.written.is_match(&text) {
                proptest::prop_assert!(super::SECRET_WORD_SEARCH.find(&text).is_some(), "{}", text);
            }
            // Each match of `secret` holds one (the windowed search needs it).
            for m in re.secret.find_iter(&text) {
                proptest::prop_assert!(
                    super::SECRET_WORD_SEARCH.find(&text[m.range()]).is_some(),
                    "{}",
                    text
                );
            }
        }

        /// The cues searched in the text up to the last secret are those
        /// of the whole text that start before it.
        #[test]
        fn cues_before_are_those_of_the_whole_search(
            parts in proptest::collection::vec(proptest::sample::select(CUE_PARTS), 0..30),
            end in 0usize..400,
        ) {
            let text: String = parts.concat();
            let re = &super::PATTERNS;
            let whole: Vec<_> = re.cue.find_iter(&text).take_while(|m| m.start() < end).map(|m| m.range()).collect();
            let cut: Vec<_> = super::cues_before(re, &text, end).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(cut, whole, "{}", text);
        }

        /// The search around the secret words finds what the search of
        /// the whole text finds.
        #[test]
        fn secret_matches_are_the_whole_search(
            parts in proptest::collection::vec(proptest::sample::select(SECRET_FILLED), 0..40)
        ) {
            let text: String = parts.concat();
            let re = &super::PATTERNS;
            let whole: Vec<_> = re.secret.find_iter(&text).collect();
            let windowed = super::secret_matches(re, &super::SECRET_WORD_SEARCH, &text);
            proptest::prop_assert_eq!(windowed, whole, "{}", text);
        }

        /// The multi-pattern search finds what one regex with a capture
        /// group per kind finds, with the same kinds: preference goes to
        /// the first pattern listed, as to the first group.
        #[test]
        fn secret_kinds_are_the_capture_groups(
            parts in proptest::collection::vec(proptest::sample::select(SECRET_PARTS), 0..8)
        ) {
            let text: String = parts.concat();
            let groups: Vec<String> = super::SECRET_NOUNS.iter().map(|(_, p)| format!("({p})")).collect();
            let reference = Regex::new(&groups.join("|")).unwrap();
            let want: Vec<(usize, usize, usize)> = reference
                .captures_iter(&text)
                .map(|c| {
                    let (i, m) = (1..=6).find_map(|i| c.get(i).map(|m| (i - 1, m))).unwrap();
                    (m.start(), m.end(), i)
                })
                .collect();
            let got: Vec<(usize, usize, usize)> = super::PATTERNS
                .secret
                .find_iter(&text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            proptest::prop_assert_eq!(got, want, "{}", text);
        }
    }

    use crate::{Config, Linter};

    fn check(text: &str) -> Vec<crate::Diagnostic> {
        let mut c = Config::default();
        c.select(&["sensitive-data".into()], &[]).unwrap();
        Linter::new(c).unwrap().check(text)
    }

    fn fires(text: &str) -> bool {
        !check(text).is_empty()
    }

    #[test]
    fn luhn_and_shapes() {
        let d = |s: &str| s.bytes().map(|b| b - b'0').collect::<Vec<u8>>();
        assert!(super::luhn(&d("4111111111111111")));
        assert!(!super::luhn(&d("4111111111111112")));
        assert!(super::card_shape(&d("4111111111111111")));
        assert!(super::card_shape(&d("378282246310005")));
        assert!(!super::card_shape(&d("0612345678123")));
    }

    #[test]
    fn card_numbers_written_fire() {
        for t in [
            "Le numéro 4111 1111 1111 1111 est bien enregistré.",
            "Carte 5555-5555-5555-4444 refusée.",
            "J'ai noté 4012888888881881 sur la fiche.",
            "La carte Amex 3782 822463 10005 est expirée.",
            "Le numéro 5412 7512 3412 3411 a été refusé.",
        ] {
            let d = check(t);
            assert_eq!(d.len(), 1, "{t}: {d:?}");
            assert!(!d[0].message.contains("1111 1111"), "masked in message");
            assert!(d[0].suggestions[0].starts_with("XXXX"), "{:?}", d[0].suggestions);
        }
    }

    #[test]
    fn ordinary_numbers_stay_silent() {
        for t in [
            "Votre commande n° 4111111111111111 est partie.",
            "Votre numéro de suivi est 4012888888881881.",
            "Appelez le 06 12 34 56 78 ou le +33 6 12 34 56 78.",
            "Appelez le 01 23 45 67 89, du lundi au vendredi.",
            "Le total est de 1 249,90 € TTC, payé le 12/05/2024.",
            "Votre colis 6A12345678901 arrive demain.",
            "Votre carte se termine par 1234.",
            "Le numéro masqué XXXX XXXX XXXX 1234 correspond à votre carte.",
            "Référence 2024 0512 1234 5678 du dossier.",
            "Votre numéro client est 123456789012345.",
            "Le remboursement de 59,90 € du 03/02/2025 est parti.",
        ] {
            assert!(!fires(t), "{t}: {:?}", check(t));
        }
    }

    #[test]
    fn ibans() {
        assert!(fires("Notre IBAN : FR76 3000 6000 0112 3456 7890 189."));
        assert!(fires("IBAN FR7630006000011234567890189 merci"));
        assert!(fires("DE89 3704 0044 0532 0130 00"));
        // Wrong check digits.
        assert!(!fires("IBAN FR76 3000 6000 0112 3456 7890 188."));
        let d = check("Notre IBAN : FR76 3000 6000 0112 3456 7890 189 merci.");
        assert_eq!(d[0].span.slice("Notre IBAN : FR76 3000 6000 0112 3456 7890 189 merci."), "FR76 3000 6000 0112 3456 7890 189");
    }

    #[test]
    fn requests_fire() {
        for t in [
            "Pouvez-vous me donner votre code reçu par SMS ?",
            "Communiquez-moi votre numéro de carte.",
            "Merci de me communiquer le cryptogramme au dos de votre carte.",
            "Pourriez-vous m'indiquer les 3 chiffres au dos de votre carte ?",
            "Quel est votre mot de passe ?",
            "J'ai besoin de votre code confidentiel pour avancer.",
            "Pouvez-vous me transmettre le code que vous avez reçu par SMS ?",
            "Votre mot de passe, pouvez-vous me le donner ?",
            "Merci de me confirmer votre numéro de carte bancaire et la date d'expiration.",
            "Pouvez-vous me donner, s'il vous plaît, votre code PIN ?",
            "Je vais vous demander le code de validation reçu par SMS.",
            "Indiquez-moi la date d'expiration de votre carte.",
            "Écrivez-moi votre mot de passe ici.",
            // An adjective between the possessive and the secret.
            "Pouvez-vous me donner votre nouveau mot de passe ?",
            "Pouvez-vous me communiquer votre ancien code secret ?",
        ] {
            assert!(fires(t), "{t}");
        }
    }

    #[test]
    fn mentions_and_warnings_stay_silent() {
        for t in [
            "Votre mot de passe a été réinitialisé, vous pouvez le changer depuis votre espace.",
            "Ne communiquez jamais votre code reçu par SMS, même à un conseiller.",
            "Nous ne vous demanderons jamais votre mot de passe.",
            "Saisissez le code reçu par SMS sur la page de paiement.",
            "Vous allez recevoir un code par SMS pour valider le paiement.",
            "Pouvez-vous me donner votre numéro de commande ?",
            "Pouvez-vous me donner votre numéro de carte de fidélité ?",
            "Pouvez-vous me confirmer que vous avez bien reçu le code par SMS ?",
            "Pouvez-vous me dire si le code reçu par SMS fonctionne ?",
            "Cliquez sur « mot de passe oublié » pour en choisir un nouveau.",
            "Quel est le code postal de livraison ?",
            "Pouvez-vous m'indiquer les 4 derniers chiffres de votre carte ?",
            "Votre mot de passe est incorrect, cliquez sur « mot de passe oublié ».",
            "Pouvez-vous me donner votre numéro de téléphone ?",
            "Le code promo BIENVENUE10 est valable jusqu'au 31/12.",
            "Votre code de confirmation de réservation est : A1B2C3.",
            "Le code SMS est valable 10 minutes.",
            "Votre mot de passe doit contenir au moins 12 caractères.",
            "Mot de passe : 8 caractères minimum.",
            "Pouvez-vous me communiquer le numéro de la carte grise ?",
            "Pouvez-vous me préciser les 4 derniers chiffres de votre carte ?",
            "Quel est le code d'accès de l'immeuble pour le livreur ?",
            "Pouvez-vous me confirmer votre adresse e-mail ?",
            "Le numéro de votre avoir est 5412 7512 3412 3411.",
            "Avez-vous bien reçu le code par SMS ?",
        ] {
            assert!(!fires(t), "{t}: {:?}", check(t));
        }
    }

    #[test]
    fn written_secrets_fire() {
        for t in [
            "Votre mot de passe provisoire est : Azerty59",
            "Votre nouveau mot de passe : Tchat2024!",
            "Votre code PIN est 4821.",
            "Le cryptogramme : 123",
        ] {
            let d = check(t);
            assert!(!d.is_empty(), "{t}");
        }
    }
}
