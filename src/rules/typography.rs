use crate::settings::{ConfigError, Level, Patchable};
use crate::diagnostic::{concat, Finding, Span};
use crate::rules::{Rule, RuleOptions};
use crate::text::{capitalize, is_space, lower, Document, Token, TokenKind};

/// Which space the house style wants before `? ! ;` (and `:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpaceBefore {
    /// Any space: plain, no-break (U+00A0) or narrow no-break (U+202F).
    Any,
    /// A no-break space (U+00A0 or U+202F); a plain space is flagged.
    NoBreak,
    /// Québec usage: no space before `? ! ;` (`:` keeps its space).
    None,
}

impl Patchable for SpaceBefore {
    type Patch = SpaceBefore;
    fn apply(&mut self, patch: SpaceBefore) {
        *self = patch;
    }
}

/// Which space a fix inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixSpace {
    /// Narrow no-break space (U+202F) before `? ! ;`, no-break space
    /// (U+00A0) before `:` and between a number and its unit.
    Narrow,
    /// No-break space (U+00A0) everywhere.
    NoBreak,
    /// A plain space (for consoles that mangle no-break spaces).
    Plain,
}

impl Patchable for FixSpace {
    type Patch = FixSpace;
    fn apply(&mut self, patch: FixSpace) {
        *self = patch;
    }
}

crate::options! {
    pub struct Options / Patch {
        pub level: Level,
        /// The space required before `? ! ;` and `:`.
        pub space_before: SpaceBefore,
        /// The space a fix inserts.
        pub fix_space: FixSpace,
        /// Flag a sentence or a bubble that starts with a lower-case letter.
        pub capital_start: bool,
        /// Flag a bubble that ends without final punctuation.
        pub final_punctuation: bool,
    }
}

crate::declare_rule! {
    /// ## Ce que la règle vérifie
    ///
    /// La ponctuation française :
    ///
    /// - une espace avant `?`, `!`, `;` et `:` (espace ordinaire, insécable
    ///   ou fine insécable : toutes acceptées par défaut ; `space_before =
    ///   "no-break"` exige une espace insécable, `space_before = "none"` suit
    ///   l'usage québécois, sans espace avant `? ! ;`) ;
    /// - pas d'espace avant `,` et `.` ;
    /// - une espace après `, . ; : ! ?` (jamais dans un nombre `1,5`, une
    ///   heure `14:30`, un lien, une adresse e-mail, un nom de fichier ou une
    ///   émoticône `:)`) ;
    /// - pas de signes redoublés (`??`, `!!!`, `?!?`, `,,`) ; `...` s'écrit
    ///   `…` ;
    /// - une majuscule en début de phrase et de bulle (sauf après une
    ///   virgule ou un deux-points en fin de ligne, dans une liste à puces,
    ///   devant un lien, un nombre ou une marque comme `iPhone`) ;
    /// - une ponctuation finale dans chaque bulle (une bulle qui finit par
    ///   un lien, un émoji, un deux-points, une formule d'appel suivie d'une
    ///   virgule comme `Bonjour Madame Martin,` ou une ligne `libellé : valeur`
    ///   est acceptée) ;
    /// - une espace entre un nombre et `€`, `%`, `$`, `£` (`600 €`, `10 %`) ;
    /// - le trait d'union des inversions (`pensez vous` → `pensez-vous`,
    ///   `Connectez vous sur` → `Connectez-vous sur`, `Est ce que` →
    ///   `Est-ce que`), mais pas `Veuillez vous connecter` ni `Vous pouvez
    ///   vous connecter`.
    ///
    /// Les corrections d'espaces et de signes redoublés sont sûres
    /// (`tchatlint fix`) ; elles insèrent l'espace choisie par `fix_space`
    /// (fine insécable avant `? ! ;`, insécable avant `:` et les unités).
    ///
    /// ## Pourquoi
    ///
    /// Une ponctuation soignée est la première marque de professionnalisme
    /// que voit le client ; des signes redoublés ou une phrase sans
    /// majuscule donnent une impression de négligence ou d'agacement.
    ///
    /// ## Exemple
    ///
    /// ```text
    /// bonjour Madame Martin,votre colis de 25€ est parti hier!! Pensez vous être disponible jeudi?
    /// ```
    ///
    /// ## Au lieu de cela
    ///
    /// ```text
    /// Bonjour Madame Martin, votre colis de 25 € est parti hier ! Pensez-vous être disponible jeudi ?
    /// ```
    "typography",
    "Ponctuation et typographie françaises"
}

pub fn build(config: &RuleOptions) -> Result<Box<dyn Rule>, ConfigError> {
    let o = &config.typography;
    let (high, colon, unit) = match o.fix_space {
        FixSpace::Narrow => ('\u{202F}', '\u{00A0}', '\u{00A0}'),
        FixSpace::NoBreak => ('\u{00A0}', '\u{00A0}', '\u{00A0}'),
        // A plain space would not satisfy `no-break`: insert one that does.
        FixSpace::Plain if o.space_before == SpaceBefore::NoBreak => ('\u{00A0}', '\u{00A0}', ' '),
        FixSpace::Plain => (' ', ' ', ' '),
    };
    Ok(Box::new(Typography {
        space_before: o.space_before,
        high,
        colon,
        unit,
        capital_start: o.capital_start,
        final_punctuation: o.final_punctuation,
    }))
}

struct Typography {
    space_before: SpaceBefore,
    /// Spaces a fix inserts before `? ! ;`, before `:`, before a unit.
    high: char,
    colon: char,
    unit: char,
    capital_start: bool,
    final_punctuation: bool,
}

/// `?`, `!`, `;`, `:` take a space before them in French.
fn is_high(s: &str) -> bool {
    matches!(s, "?" | "!" | ";" | ":")
}

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '«' | '"' | '“' | '\'' | '‘' | '’')
}

fn is_closing(s: &str) -> bool {
    matches!(s, ")" | "]" | "}" | "»" | "\"" | "”" | "’" | "'")
}

fn is_bullet(s: &str) -> bool {
    matches!(
        s,
        "-" | "–" | "—" | "•" | "*" | "·" | "‣" | "▪" | "►" | "→" | ">"
    )
}

/// The name of a space character, for messages.
fn space_name(c: char) -> &'static str {
    match c {
        '\u{202F}' => "une espace fine insécable",
        '\u{00A0}' => "une espace insécable",
        _ => "une espace",
    }
}

fn prev_char(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

fn next_char(text: &str, pos: usize) -> Option<char> {
    text[pos..].chars().next()
}

/// Start of the run of horizontal spaces that ends at `pos`.
fn space_run_start(text: &str, pos: usize) -> usize {
    pos - text[..pos]
        .chars()
        .rev()
        .take_while(|&c| is_space(c))
        .map(char::len_utf8)
        .sum::<usize>()
}

/// True when `pos` is at the start of its line (nothing before on it).
fn at_line_start(text: &str, pos: usize) -> bool {
    matches!(prev_char(text, pos), None | Some('\n' | '\r'))
}

/// Whether token `i` follows an emoji, a smiley or a punctuation sign
/// other than a closing one.
fn after_smiley_or_sign(doc: &Document<'_>, i: usize) -> bool {
    i.checked_sub(1).map(|p| &doc.tokens[p]).is_some_and(|p| {
        matches!(p.kind, TokenKind::Emoji | TokenKind::Emoticon)
            || (p.kind == TokenKind::Punct && !is_closing(p.text(doc.text)))
    })
}

/// Tokens `a` and `b` touch (no space between).
fn adjacent(a: &Token, b: &Token) -> bool {
    a.span.end == b.span.start
}

/// Interjections after which `!` may be followed by a lower-case word
/// (`Ah ! vous avez raison`).
const INTERJECTIONS: &[&str] = &[
    "ah", "bah", "ben", "eh", "hé", "hein", "hélas", "oh", "ô", "tiens",
];

/// Words that open a letter-style greeting line (`Bonjour Madame Martin,`).
const GREETINGS: &[&str] = &[
    "bonjour",
    "bonsoir",
    "cher",
    "chère",
    "chers",
    "chères",
    "madame",
    "mademoiselle",
    "messieurs",
    "monsieur",
    "rebonjour",
];

/// Closing formulas after which a signature needs no final punctuation.
const CLOSINGS: &[&str] = &[
    "bien cordialement",
    "bien à vous",
    "cordialement",
    "meilleures salutations",
    "salutations",
    "sincères salutations",
    "très cordialement",
];

/// `-ez` forms that are never an imperative: `Pouvez vous` at the start
/// of a sentence is an inversion even without a question mark.
const NOT_IMPERATIVE: &[&str] = &[
    "avez",
    "connaissez",
    "désirez",
    "devez",
    "disposez",
    "pouvez",
    "possédez",
    "savez",
    "souhaitez",
    "voulez",
];

/// Words after which `Connectez vous` is an imperative with its pronoun
/// (`Connectez-vous sur…`), not `vous` + infinitive.
const AFTER_IMPERATIVE: &[&str] = &[
    "à", "au", "aux", "auprès", "avec", "chez", "d'", "d’", "dans", "de", "depuis", "des", "du",
    "en", "par", "pour", "sur", "vers",
];

/// Object pronouns between a subject `vous` and its verb
/// (`vous le souhaitez`).
const OBJECT_PRONOUNS: &[&str] = &[
    "en", "l'", "l’", "la", "le", "les", "leur", "lui", "m'", "m’", "me", "n'", "n’", "ne", "nous",
    "y",
];

impl Typography {
    fn push(&self, out: &mut Vec<Finding>, f: Finding) {
        out.push(f);
    }

    /// The space a fix inserts before `sign`.
    fn fix_char(&self, sign: &str) -> char {
        if sign == ":" {
            self.colon
        } else {
            self.high
        }
    }

    /// A space before `? ! ; :`: missing, or of the wrong kind for the
    /// house style.
    fn space_before_high(&self, doc: &Document<'_>, i: usize, t: &Token, s: &str, out: &mut Vec<Finding>) {
        let text = doc.text;
        if !is_high(s) {
            return;
        }
        // Only the first sign of a run (`?!`), never after an emoji or a
        // smiley, nor after other punctuation (`…?`, `(?)`).
        if after_smiley_or_sign(doc, i) {
            return;
        }
        let ws = space_run_start(text, t.span.start);
        if at_line_start(text, ws) {
            return;
        }
        let before = prev_char(text, ws);
        if before.is_some_and(is_opening) {
            return;
        }
        let fix = self.fix_char(s);
        if ws == t.span.start {
            // `16:9`, `Réf:A12`, `a;b`: an identifier, not a sentence.
            let after = next_char(text, t.span.end);
            if matches!(s, ":" | ";")
                && before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric)
            {
                return;
            }
            if self.space_before == SpaceBefore::None && s != ":" {
                return;
            }
            self.push(
                out,
                Finding::new(t.span, format!("espace manquante avant « {s} »"))
                    .help(format!("ajoutez {} avant « {s} »", space_name(fix)))
                    .suggest(format!("{fix}{s}"))
                    .safe(),
            );
            return;
        }
        let span = Span::new(ws, t.span.end);
        let spaces = &text[ws..t.span.start];
        match self.space_before {
            SpaceBefore::None if s != ":" => self.push(
                out,
                Finding::new(span, concat(&["espace en trop avant « ", s, " »"]))
                    .help(concat(&["collez « ", s, " » au mot qui précède"]))
                    .suggest(s)
                    .safe(),
            ),
            SpaceBefore::NoBreak if !matches!(spaces, "\u{00A0}" | "\u{202F}") => self.push(
                out,
                Finding::new(span, format!("espace ordinaire avant « {s} »"))
                    .help(format!("mettez {} avant « {s} »", space_name(fix)))
                    .suggest(format!("{fix}{s}"))
                    .safe(),
            ),
            _ => {}
        }
    }

    /// No space before `,` and `.`.
    fn space_before_low(&self, doc: &Document<'_>, i: usize, t: &Token, s: &str, out: &mut Vec<Finding>) {
        let text = doc.text;
        if !matches!(s, "," | ".") {
            return;
        }
        let ws = space_run_start(text, t.span.start);
        if ws == t.span.start || at_line_start(text, ws) {
            return;
        }
        // Part of `...` (handled as an ellipsis), after a smiley, an
        // opening bracket or other punctuation.
        let next = doc.tokens.get(i + 1);
        if next.is_some_and(|n| adjacent(t, n) && n.text(text) == ".") {
            return;
        }
        if after_smiley_or_sign(doc, i) {
            return;
        }
        // `.pdf`, `.com`, ` ,5`: not a sentence sign.
        if next_char(text, t.span.end).is_some_and(char::is_alphanumeric) {
            return;
        }
        self.push(
            out,
            Finding::new(
                Span::new(ws, t.span.end),
                concat(&["espace en trop avant « ", s, " »"]),
            )
            .help(concat(&["collez « ", s, " » au mot qui précède"]))
            .suggest(s)
            .safe(),
        );
    }

    /// One space after `, . ; : ! ? …` when a word follows.
    fn space_after(&self, doc: &Document<'_>, i: usize, t: &Token, s: &str, out: &mut Vec<Finding>) {
        let text = doc.text;
        if !matches!(s, "," | "." | ";" | ":" | "!" | "?" | "…") {
            return;
        }
        let Some(next) = doc.tokens.get(i + 1) else {
            return;
        };
        if !adjacent(t, next) || next.kind != TokenKind::Word {
            return;
        }
        let word = next.text(text);
        let Some(first) = word.chars().next() else {
            return;
        };
        if !first.is_alphabetic() {
            return;
        }
        let prev = i.checked_sub(1).map(|p| &doc.tokens[p]);
        let glued_before = prev.is_some_and(|p| adjacent(p, t));
        let ok = match s {
            "," => prev.is_some_and(|p| p.kind != TokenKind::Punct || is_closing(p.text(text))),
            // `Merci.Je`: only before a capitalised word, after a word
            // of two letters or more (`fichier.pdf`, `M.Martin` aside).
            "." => {
                let capitalised =
                    first.is_uppercase() && word.chars().skip(1).all(|c| !c.is_uppercase());
                let after_word = prev.is_some_and(|p| {
                    (p.kind == TokenKind::Word
                        && p.text(text).chars().count() >= 2
                        && !p.text(text).chars().any(|c| c.is_ascii_digit()))
                        || (p.kind == TokenKind::Punct && p.text(text) == ".")
                });
                capitalised && after_word
            }
            // `Réf:A12`, `a;b`: glued on both sides is an identifier.
            ":" | ";" => !glued_before,
            _ => true,
        };
        if !ok {
            return;
        }
        self.push(
            out,
            Finding::new(t.span, format!("espace manquante après « {s} »"))
                .help(format!("ajoutez une espace après « {s} »"))
                .suggest(format!("{s} "))
                .safe(),
        );
    }

    /// Doubled signs (`??`, `!!!`, `?!`, `,,`), `...` and `..`.
    fn check_repeated(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text;
        let toks = &doc.tokens;
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            if t.kind != TokenKind::Punct
                || !matches!(t.text(text), "?" | "!" | "." | "," | ";" | ":" | "…")
            {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < toks.len()
                && toks[j].kind == TokenKind::Punct
                && adjacent(&toks[j - 1], &toks[j])
                && matches!(toks[j].text(text), "?" | "!" | "." | "," | ";" | ":" | "…")
            {
                j += 1;
            }
            if j - i >= 2 {
                let span = Span::new(t.span.start, toks[j - 1].span.end);
                self.check_run(doc, i, span, out);
            }
            i = j;
        }
    }

    fn check_run(&self, doc: &Document<'_>, first: usize, span: Span, out: &mut Vec<Finding>) {
        let text = doc.text;
        let run = span.slice(text);
        let n = run.chars().count();
        let all = |set: &[char]| run.chars().all(|c| set.contains(&c));
        if all(&['?', '!']) {
            let one = if run.contains('?') { "?" } else { "!" };
            self.push(
                out,
                Finding::new(span, format!("ponctuation redoublée « {run} »"))
                    .help(format!("un seul « {one} » suffit"))
                    .suggest(one)
                    .safe(),
            );
        } else if all(&['.']) {
            let after_etc = first > 0
                && doc.tokens[first - 1].is_word()
                && lower(doc.tokens[first - 1].text(text)) == "etc";
            if after_etc {
                self.push(
                    out,
                    Finding::new(
                        span,
                        format!("points de suspension après « etc » : « {run} »"),
                    )
                    .help("« etc. » prend un seul point")
                    .suggest(".")
                    .safe(),
                );
            } else if n == 2 {
                self.push(
                    out,
                    Finding::new(span, "deux points à la suite « .. »")
                        .help("mettez un point, ou des points de suspension « … »")
                        .suggestions([".", "…"]),
                );
            } else {
                self.push(
                    out,
                    Finding::new(span, format!("points de suspension écrits « {run} »"))
                        .help("utilisez le caractère « … »")
                        .suggest("…")
                        .safe(),
                );
            }
        } else if all(&['…', '.']) && run.starts_with('…') {
            self.push(
                out,
                Finding::new(span, format!("point en trop après « … » : « {run} »"))
                    .help("les points de suspension suffisent")
                    .suggest("…")
                    .safe(),
            );
        } else if n >= 2
            && run.chars().all(|c| run.starts_with(c))
            && all(&[',', ';', ':'])
        {
            let one = &run[..1];
            self.push(
                out,
                Finding::new(span, format!("ponctuation redoublée « {run} »"))
                    .help(format!("un seul « {one} » suffit"))
                    .suggest(one)
                    .safe(),
            );
        } else if n == 2 && (run.starts_with(['?', '!']) && run.ends_with('.')) {
            // `Merci !.`: the final dot is redundant.
            let one = &run[..1];
            self.push(
                out,
                Finding::new(span, format!("ponctuation superflue « {run} »"))
                    .help(format!("« {one} » termine déjà la phrase"))
                    .suggest(one)
                    .safe(),
            );
        }
    }

    /// `600€` → `600 €`, `10%` → `10 %`; `€600` → `600 €`.
    fn check_units(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text;
        let toks = &doc.tokens;
        for (i, t) in toks.iter().enumerate() {
            if t.kind != TokenKind::Symbol || !matches!(t.text(text), "€" | "%" | "$" | "£" | "‰")
            {
                continue;
            }
            let sym = t.text(text);
            let prev = i.checked_sub(1).map(|p| &toks[p]);
            let next = toks.get(i + 1);
            if let Some(p) = prev.filter(|p| p.kind == TokenKind::Number && adjacent(p, t)) {
                let num = p.text(text);
                self.push(
                    out,
                    Finding::new(
                        Span::new(p.span.start, t.span.end),
                        format!("espace manquante entre « {num} » et « {sym} »"),
                    )
                    .help(format!(
                        "séparez le nombre du symbole « {sym} » par une espace insécable"
                    ))
                    .suggest(format!("{num}{}{sym}", self.unit))
                    .safe(),
                );
                continue;
            }
            // `€600`: the currency sign goes after the amount in French.
            let lone_before = prev
                .map_or(true, |p| p.kind != TokenKind::Number || p.span.end < t.span.start)
                && prev_char(text, t.span.start).map_or(true, |c| !c.is_alphanumeric());
            if matches!(sym, "€" | "$" | "£") && lone_before {
                if let Some(n) = next.filter(|n| n.kind == TokenKind::Number && adjacent(t, n)) {
                    let num = n.text(text);
                    self.push(
                        out,
                        Finding::new(
                            Span::new(t.span.start, n.span.end),
                            format!("symbole « {sym} » placé avant le montant"),
                        )
                        .help(format!("en français, « {sym} » se place après le nombre"))
                        .suggest(format!("{num}{}{sym}", self.unit)),
                    );
                }
            }
        }
    }

    /// A sentence or a bubble that starts with a lower-case letter.
    fn check_capitals(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text;
        let toks = &doc.tokens;
        for (si, s) in doc.sentences.iter().enumerate() {
            let Some(f) = s.tokens.clone().find(|&k| toks[k].kind != TokenKind::Punct) else {
                continue;
            };
            // Quoted or bracketed text, and list items, may start low.
            let lead = &toks[s.tokens.start..f];
            // `N.B. : le retour…`: a sentence cannot start with `: , ;`.
            if lead.iter().any(|p| {
                let c = p.text(text);
                c.starts_with(is_opening) || is_bullet(c) || matches!(c, ":" | "," | ";")
            }) {
                continue;
            }
            let t = &toks[f];
            if t.kind != TokenKind::Word {
                continue;
            }
            let word = t.text(text);
            let Some(first) = word.chars().next() else {
                continue;
            };
            // `iPhone`, `eBay`, `x2`: brands and codes keep their case.
            if !first.is_lowercase() || word.chars().any(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                continue;
            }
            let line = &doc.lines[s.line];
            let first_of_line = line.tokens.start == s.tokens.start;
            let block = &doc.blocks[s.block];
            let first_of_block = block.tokens.start == s.tokens.start;
            if first_of_line {
                if !first_of_block {
                    // A line after one that ends without a full stop goes on.
                    let prev_end = doc.lines[..s.line]
                        .iter()
                        .rev()
                        .find(|l| !l.tokens.is_empty())
                        .map(|l| l.tokens.end - 1);
                    if prev_end.is_some_and(|e| !ends_sentence(doc, e)) {
                        continue;
                    }
                } else if s.block > 0 {
                    let prev_block = &doc.blocks[s.block - 1];
                    if prev_block.tokens.end > prev_block.tokens.start
                        && !ends_sentence(doc, prev_block.tokens.end - 1)
                    {
                        continue;
                    }
                }
            } else if si > 0 {
                let prev = &doc.sentences[si - 1];
                if !after_full_sentence(doc, prev.tokens.clone()) {
                    continue;
                }
            }
            let what = if first_of_block { "bulle" } else { "phrase" };
            self.push(
                out,
                Finding::new(
                    t.span,
                    concat(&[what, " qui commence par une minuscule : « ", word, " »"]),
                )
                .help(concat(&["mettez une majuscule en début de ", what]))
                .suggest(capitalize(word)),
            );
        }
    }

    /// A bubble that ends without `. ! ? …` (or `:`).
    fn check_final_punctuation(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text;
        let toks = &doc.tokens;
        for b in &doc.blocks {
            if b.tokens.is_empty() {
                continue;
            }
            let mut last = b.tokens.end - 1;
            while last > b.tokens.start
                && toks[last].kind == TokenKind::Punct
                && is_closing(toks[last].text(text))
            {
                last -= 1;
            }
            let t = &toks[last];
            let s = t.text(text);
            match t.kind {
                TokenKind::Url | TokenKind::Email | TokenKind::Emoji | TokenKind::Emoticon => {
                    continue
                }
                TokenKind::Punct if matches!(s, "." | "!" | "?" | "…" | ":") => continue,
                _ => {}
            }
            let Some(line) = doc.lines[b.lines.clone()]
                .iter()
                .rev()
                .find(|l| !l.tokens.is_empty())
            else {
                continue;
            };
            let line_toks = &toks[line.tokens.clone()];
            let first_word = line_toks.first().map(|t| lower(t.text(text)));
            // A bulleted list may end without a full stop.
            if line_toks.first().is_some_and(|t| is_bullet(t.text(text))) {
                continue;
            }
            // `Référence : CMD-2024-118`: a label and its value.
            if let Some(colon) = line_toks.iter().rposition(|t| t.text(text) == ":") {
                if line_toks.len() - colon - 1 <= 4 && s != "," {
                    continue;
                }
            }
            // A signature after `Cordialement`. A closing formula has three
            // words at most: the text of a line with more is not read.
            let closing = doc.lines[b.lines.clone()].iter().any(|l| {
                toks[l.tokens.clone()].iter().filter(|t| t.is_word()).nth(3).is_none()
                    && is_closing_line(l.span.slice(text))
            });
            if closing || is_signature(doc, b) {
                continue;
            }
            if s == "," {
                let greeting = first_word
                    .as_deref()
                    .is_some_and(|w| GREETINGS.contains(&w))
                    && line_toks.iter().filter(|t| t.is_word()).count() <= 6;
                if greeting {
                    continue;
                }
                self.push(
                    out,
                    Finding::new(t.span, "bulle terminée par une virgule")
                        .help("terminez la bulle par « . », « ! » ou « ? »")
                        .suggest("."),
                );
                continue;
            }
            let f = Finding::new(t.span, "ponctuation finale manquante")
                .help("terminez la bulle par « . », « ! » ou « ? »");
            let f = if t.kind == TokenKind::Punct {
                f
            } else {
                f.suggest(concat(&[s, "."]))
            };
            self.push(out, f);
        }
    }

    /// `pensez vous` → `pensez-vous`, `Est ce que` → `Est-ce que`.
    fn check_inversion(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        let text = doc.text;
        let toks = &doc.tokens;
        for s in &doc.sentences {
            let r = s.tokens.clone();
            // The sentence's first word and whether it asks a question,
            // found at its first candidate (most sentences have none).
            let mut context = None;
            for i in r.start..r.end.saturating_sub(1) {
                let (t, next) = (&toks[i], &toks[i + 1]);
                // The byte test first: it rules out almost every word.
                if !t.is_word()
                    || t.elided
                    || !next.is_word()
                    || !may_invert(&text.as_bytes()[t.span.start..t.span.end])
                    || !only_spaces(text, t.span.end, next.span.start)
                {
                    continue;
                }
                let (first_word, question) = *context.get_or_insert_with(|| {
                    let first_word = r.clone().find(|&k| toks[k].kind != TokenKind::Punct);
                    let question = r
                        .clone()
                        .rev()
                        .find(|&k| {
                            !(toks[k].kind == TokenKind::Punct && is_closing(toks[k].text(text)))
                        })
                        .is_some_and(|k| toks[k].text(text) == "?");
                    (first_word, question)
                });
                let w = lower(t.text(text));
                let at_start = first_word == Some(i);
                if w == "est" && lower(next.text(text)) == "ce" {
                    self.check_est_ce(doc, i, at_start, r.end, out);
                    continue;
                }
                let verb_ez = (w.ends_with("ez") && w.chars().count() >= 4)
                    || matches!(w.as_ref(), "êtes" | "etes");
                if !verb_ez || lower(next.text(text)) != "vous" || w == "veuillez" {
                    continue;
                }
                if subject_before(doc, i, r.start) {
                    continue;
                }
                let after = toks.get(i + 2).filter(|_| i + 2 < r.end);
                let imperative_pronoun = after.map_or(true, |a| {
                    a.kind == TokenKind::Punct
                        || AFTER_IMPERATIVE.contains(&lower(a.text(text)).as_ref())
                });
                let flag = question
                    || (at_start
                        && (w.ends_with("iez")
                            || matches!(w.as_ref(), "êtes" | "etes")
                            || NOT_IMPERATIVE.contains(&w.as_ref())
                            || imperative_pronoun));
                if !flag {
                    continue;
                }
                let span = Span::new(t.span.start, next.span.end);
                let fixed = format!("{}-{}", t.text(text), next.text(text));
                self.push(
                    out,
                    Finding::new(
                        span,
                        format!("trait d'union manquant : « {} »", span.slice(text)),
                    )
                    .help("liez « vous » au verbe par un trait d'union")
                    .suggest(fixed),
                );
            }
        }
    }

    /// `Est ce que`, `Qu'est ce que`, `n'est ce pas`.
    fn check_est_ce(
        &self,
        doc: &Document<'_>,
        i: usize,
        at_start: bool,
        end: usize,
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text;
        let toks = &doc.tokens;
        let Some(third) = toks.get(i + 2).filter(|_| i + 2 < end) else {
            return;
        };
        let third_w = lower(third.text(text));
        let follows = matches!(third_w.as_ref(), "que" | "qu'" | "qu’" | "pas");
        let before = i
            .checked_sub(1)
            .map(|p| &toks[p])
            .filter(|p| p.elided && adjacent(p, &toks[i]))
            .map(|p| lower(p.text(text)));
        let lead_ok = match before.as_deref() {
            Some("qu'" | "qu’" | "n'" | "n’") => true,
            Some(_) => false,
            None => at_start,
        };
        if !follows || !lead_ok {
            return;
        }
        let ce = &toks[i + 1];
        let span = Span::new(toks[i].span.start, ce.span.end);
        self.push(
            out,
            Finding::new(
                span,
                format!("trait d'union manquant : « {} »", span.slice(text)),
            )
            .help("écrivez « est-ce » avec un trait d'union")
            .suggest(format!("{}-{}", toks[i].text(text), ce.text(text))),
        );
    }
}

/// Words that open a closing wish, not a signature (`Bonne journée`).
const WISHES: &[&str] = &[
    "à",
    "au",
    "bon",
    "bonne",
    "belle",
    "excellente",
    "je",
    "merci",
    "nous",
    "très",
    "vous",
];

/// A signature: the last bubble of several, up to three short lines without
/// punctuation, starting with a capital (`Julie\nService client`).
fn is_signature(doc: &Document<'_>, b: &crate::text::Block) -> bool {
    let text = doc.text;
    let toks = &doc.tokens[b.tokens.clone()];
    let last_block = doc.blocks.last().is_some_and(|l| l.span == b.span);
    if !last_block || doc.blocks.len() < 2 || b.lines.len() > 3 {
        return false;
    }
    let short = doc.lines[b.lines.clone()].iter().all(|l| {
        doc.tokens[l.tokens.clone()]
            .iter()
            .filter(|t| t.is_word())
            .count()
            <= 4
    });
    let unpunctuated = toks
        .iter()
        .all(|t| t.kind != TokenKind::Punct || matches!(t.text(text), "-" | "–" | "—" | "'" | "’"));
    let first = toks.iter().find(|t| t.is_word());
    let capital = first.is_some_and(|t| {
        t.text(text).starts_with(char::is_uppercase)
            && !WISHES.contains(&lower(t.text(text)).as_ref())
    });
    short && unpunctuated && capital
}

/// True when `line` is a closing formula (`Cordialement,`).
fn is_closing_line(line: &str) -> bool {
    // Letters fold to one letter or more, and only spaces, commas and full
    // stops are dropped: a line with more other characters than the
    // longest formula is not one (most lines, without folding them).
    let longest = CLOSINGS.iter().map(|c| c.chars().count()).max().unwrap_or(0);
    let signs = line
        .chars()
        .filter(|&c| !crate::text::is_whitespace(c) && c != ',' && c != '.')
        .take(longest + 1)
        .count();
    if signs > longest {
        return false;
    }
    let lt = crate::lexicon::normalize(line);
    CLOSINGS.contains(&lt.trim_end_matches([',', '.', ' ']))
}

/// Only horizontal spaces (at least one) between `a` and `b`.
fn only_spaces(text: &str, a: usize, b: usize) -> bool {
    b > a && text[a..b].chars().all(is_space)
}

/// True when a subject `vous` precedes the verb at `i` (`Vous pouvez vous
/// connecter`, `si vous le souhaitez vous pouvez`).
fn subject_before(doc: &Document<'_>, i: usize, start: usize) -> bool {
    let text = doc.text;
    let mut k = i;
    while k > start {
        k -= 1;
        let t = &doc.tokens[k];
        if !t.is_word() {
            return false;
        }
        let w = lower(t.text(text));
        if w == "vous" {
            return true;
        }
        if !OBJECT_PRONOUNS.contains(&w.as_ref()) {
            return false;
        }
    }
    false
}

/// Whether the word of bytes `b`, lower-cased, may be `est`, a verb in
/// `-ez`, `êtes` or `etes` (the words an inversion is looked for after):
/// only ASCII letters lower-case to those endings.
fn may_invert(b: &[u8]) -> bool {
    let ends = |tail: &[u8]| b.len() >= tail.len() && b[b.len() - tail.len()..].eq_ignore_ascii_case(tail);
    (b.len() == 3 && ends(b"est")) || ends(b"ez") || (matches!(b.len(), 4 | 5) && ends(b"tes"))
}

/// True when token `k` ends a sentence (`. ! ? …`, possibly followed by
/// closing quotes).
fn ends_sentence(doc: &Document<'_>, mut k: usize) -> bool {
    let text = doc.text;
    loop {
        let t = &doc.tokens[k];
        let s = t.text(text);
        if t.kind == TokenKind::Punct && is_closing(s) && k > 0 {
            k -= 1;
            continue;
        }
        return t.kind == TokenKind::Punct && matches!(s, "." | "!" | "?" | "…");
    }
}

/// True when the sentence `prev` ends a full sentence after which a capital
/// is due: not an enumeration (`1.`, `a)`), not an interjection (`Ah !`).
fn after_full_sentence(doc: &Document<'_>, prev: std::ops::Range<usize>) -> bool {
    let text = doc.text;
    let toks = &doc.tokens;
    let words: Vec<&Token> = toks[prev.clone()]
        .iter()
        .filter(|t| t.kind != TokenKind::Punct)
        .collect();
    if words.len() <= 1 {
        let w = words.first();
        let enumeration = w.map_or(true, |t| {
            t.kind == TokenKind::Number || (t.is_word() && t.text(text).chars().count() == 1)
        });
        if enumeration {
            return false;
        }
        if w.is_some_and(|t| INTERJECTIONS.contains(&lower(t.text(text)).as_ref())) {
            return false;
        }
    }
    // `« Valider ! » puis…`: the sign belongs to the quotation.
    let last = &toks[prev.end - 1];
    if last.kind == TokenKind::Punct && is_closing(last.text(text)) {
        return false;
    }
    ends_sentence(doc, prev.end - 1)
}

impl Rule for Typography {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        // The spaces around each punctuation sign, in one pass over the
        // tokens (in this order for each sign).
        for (i, t) in doc.tokens.iter().enumerate() {
            if t.kind != TokenKind::Punct {
                continue;
            }
            let s = t.text(doc.text);
            self.space_before_high(doc, i, t, s, out);
            self.space_before_low(doc, i, t, s, out);
            self.space_after(doc, i, t, s, out);
        }
        self.check_repeated(doc, out);
        self.check_units(doc, out);
        if self.capital_start {
            self.check_capitals(doc, out);
        }
        if self.final_punctuation {
            self.check_final_punctuation(doc, out);
        }
        self.check_inversion(doc, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Diagnostic, Linter};

    /// The byte test lets through every word whose lower case is one the
    /// inversion check reads, and stops most others.
    #[test]
    fn inversion_candidates_are_read_on_bytes() {
        let reads = |w: &str| {
            let w = crate::text::lower(w);
            w == "est" || w.ends_with("ez") || matches!(w.as_ref(), "êtes" | "etes")
        };
        for w in [
            "est", "EST", "Est", "pensez", "PENSEZ", "Voulez", "êtes", "Êtes", "ÊTES", "etes", "ez",
            "vous", "tes", "êtres", "estes", "chez", "nez", "été", "et", "s", "", "testez", "Tes",
            "fêtes", "ÉTES",
        ] {
            assert!(!reads(w) || super::may_invert(w.as_bytes()), "{w}");
        }
        for w in ["vous", "et", "été", "êtres", "s", "", "commande", "Tes"] {
            assert!(!super::may_invert(w.as_bytes()), "{w}");
        }
    }

    /// A line with more than three words is never a closing formula (the
    /// final-punctuation check reads only the others).
    fn words_of(line: &str) -> usize {
        crate::text::Document::parse(line).words().count()
    }

    #[test]
    fn closings_have_three_words_at_most() {
        for c in super::CLOSINGS {
            assert!(words_of(c) <= 3, "{c}");
            assert!(super::is_closing_line(c), "{c}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_closing_line_has_three_words_at_most(
            pieces in proptest::collection::vec(
                "(Bien|bien|BIEN|à|À|vous|Cordialement|cordialement|très|Très|sincères|salutations|Meilleures|meilleures|Salut|l'|d’|-|,|\\.|;|!|\\?|…|:\\)|🙂|1|\u{301}|x| |  |\u{a0}|\u{202f}|\t|\r)",
                0..8,
            ),
        ) {
            let line = pieces.concat();
            if super::is_closing_line(&line) {
                proptest::prop_assert!(words_of(&line) <= 3, "{line:?}");
            }
        }
    }

    fn linter(extra: &str) -> Linter {
        let mut c = Config::default();
        c.merge_str("t.toml", extra).unwrap();
        c.select(&["typography".into()], &[]).unwrap();
        Linter::new(c).unwrap()
    }

    fn check(text: &str) -> Vec<Diagnostic> {
        linter("").check(text)
    }

    /// (faulty text, suggestion) of every finding.
    fn found(text: &str) -> Vec<(String, String)> {
        found_with("", text)
    }

    fn found_with(extra: &str, text: &str) -> Vec<(String, String)> {
        linter(extra)
            .check(text)
            .iter()
            .map(|d| {
                (
                    d.span.slice(text).to_string(),
                    d.suggestions.first().cloned().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn silent(text: &str) {
        let d = check(text);
        assert!(d.is_empty(), "{text:?} should be clean: {d:#?}");
    }

    #[test]
    fn space_before_high_punctuation() {
        assert_eq!(found("Bonjour?"), [("?".into(), "\u{202F}?".into())]);
        assert_eq!(
            found("Voici le lien: https://exemple.fr"),
            [(":".into(), "\u{00A0}:".into())]
        );
        assert_eq!(
            found("Merci; à bientôt !"),
            [(";".into(), "\u{202F};".into())]
        );
        silent("Bonjour ? Bonjour\u{00A0}! Bonjour\u{202F}; Voici : https://exemple.fr/a?b=1.");
        silent("Rendez-vous à 14:30, format 16:9, réf:A12 ou CSV a;b;c.");
        silent("Merci :) Merci:) Vraiment ? Bien (?) Merci 🙂!");
    }

    #[test]
    fn space_before_knobs() {
        let nb = "[typography]\nspace_before = \"no-break\"\n";
        assert_eq!(
            found_with(nb, "Bonjour ?"),
            [(" ?".into(), "\u{202F}?".into())]
        );
        assert!(found_with(nb, "Bonjour\u{00A0}? Voici\u{202F}: ceci.").is_empty());
        let ca = "[typography]\nspace_before = \"none\"\n";
        assert_eq!(
            found_with(ca, "Bonjour ? Voici: ceci."),
            [(" ?".into(), "?".into()), (":".into(), "\u{00A0}:".into())]
        );
        assert!(found_with(ca, "Bonjour? Voici : ceci!").is_empty());
        let plain = "[typography]\nfix_space = \"plain\"\n";
        assert_eq!(found_with(plain, "Bonjour?"), [("?".into(), " ?".into())]);
        let mut c = Config::default();
        let err = c
            .merge_str("m.toml", "[typography]\nspace_before = \"fine\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2") && err.contains("fine"), "{err}");
    }

    #[test]
    fn no_space_before_comma_and_dot() {
        assert_eq!(
            found("Bonjour , Madame ."),
            [(" ,".into(), ",".into()), (" .".into(), ".".into())]
        );
        silent("Le format .pdf est joint, merci.");
        silent("Je reviens vers vous 🙂.");
    }

    #[test]
    fn space_after_punctuation() {
        assert_eq!(found("Bonjour,je regarde."), [(",".into(), ", ".into())]);
        assert_eq!(found("Merci.Je regarde."), [(".".into(), ". ".into())]);
        assert_eq!(found("Merci !Je regarde."), [("!".into(), "! ".into())]);
        assert_eq!(found("Voici :votre code."), [(":".into(), ": ".into())]);
        silent("Montant : 1,5 € ou 1.200 à 14:30 sur https://exemple.fr/aide, ou sav@exemple.fr.");
        silent("Le fichier.pdf, M.Martin, la v2.3, c.-à-d. la facture.PDF.");
        silent("Voici les étapes : « Valider ! » puis (ok.) Merci !");
    }

    #[test]
    fn doubled_punctuation_and_ellipsis() {
        assert_eq!(
            found("Vraiment ?? Oui !!! Non ?!?"),
            [
                ("??".into(), "?".into()),
                ("!!!".into(), "!".into()),
                ("?!?".into(), "?".into())
            ]
        );
        assert_eq!(found("Je regarde..."), [("...".into(), "…".into())]);
        assert_eq!(found("Colis, livres, etc..."), [("...".into(), ".".into())]);
        assert_eq!(found("Merci !."), [("!.".into(), "!".into())]);
        assert_eq!(found("Bonjour,, merci."), [(",,".into(), ",".into())]);
        silent("Je regarde… Merci.");
    }

    #[test]
    fn fix_converges() {
        let l = linter("");
        let fixed = crate::fix::fix_text(&l, "Bonjour??Le colis coûte 20€ , il arrive demain...");
        assert_eq!(
            fixed.text,
            "Bonjour\u{202F}? Le colis coûte 20\u{00A0}€, il arrive demain…"
        );
    }

    #[test]
    fn units() {
        assert_eq!(
            found("Il coûte 600€ soit 10% de moins."),
            [
                ("600€".into(), "600\u{00A0}€".into()),
                ("10%".into(), "10\u{00A0}%".into())
            ]
        );
        assert_eq!(
            found("Il coûte 1 200,50€."),
            [("1 200,50€".into(), "1 200,50\u{00A0}€".into())]
        );
        assert_eq!(
            found("Il coûte €600."),
            [("€600".into(), "600\u{00A0}€".into())]
        );
        silent("Il coûte 600 € soit 10\u{00A0}% de moins, sur https://exemple.fr/promo-10%.");
    }

    #[test]
    fn capitals() {
        assert_eq!(
            found("bonjour Madame."),
            [("bonjour".into(), "Bonjour".into())]
        );
        assert_eq!(found("Merci. je regarde."), [("je".into(), "Je".into())]);
        assert_eq!(
            found("Bonjour.\n\nl’écran est cassé."),
            [("l’".into(), "L’".into())]
        );
        silent("Bonjour Madame Martin,\nje regarde votre dossier.");
        silent("Voici les étapes :\n- ouvrez l'application ;\n- cliquez sur Valider.");
        silent("iPhone et eBay sont des marques. https://exemple.fr est le site.");
        silent("1. ouvrez l'application.");
        silent("Ah ! vous avez raison. « oui » est la réponse.");
        silent("Je vérifie, etc. et je reviens… vers vous.");
        silent("Voici le fichier.pdf et la version v2.3 du logiciel.");
        silent("Bonjour Madame,\n\nje vérifie votre commande.");
    }

    #[test]
    fn final_punctuation() {
        assert_eq!(
            found("Je vérifie votre commande"),
            [("commande".into(), "commande.".into())]
        );
        assert_eq!(found("Je vérifie,"), [(",".into(), ".".into())]);
        silent("Bonjour Madame Martin,\n\nJe vérifie.");
        silent("Voici le lien :\n\nhttps://exemple.fr/suivi");
        silent("Merci pour votre patience 🙂");
        silent("Votre numéro de suivi : 6A12345678901");
        silent("Écrivez-nous à sav@exemple.fr");
        silent("Les étapes :\n- ouvrir l'application\n- valider");
        silent("Je reste à votre disposition.\nCordialement,\nJulie");
        silent("Cliquez sur « Valider ».");
        silent("Merci pour votre patience.\n\nJulie\nService client");
        assert_eq!(
            found("Merci pour votre patience.\n\nBonne journée").len(),
            1
        );
        silent("N.B. : le retour est gratuit.");
    }

    #[test]
    fn inversions() {
        assert_eq!(
            found("Pensez vous être là ?"),
            [("Pensez vous".into(), "Pensez-vous".into())]
        );
        assert_eq!(
            found("Pourriez vous me rappeler."),
            [("Pourriez vous".into(), "Pourriez-vous".into())]
        );
        assert_eq!(
            found("Avez vous reçu le colis."),
            [("Avez vous".into(), "Avez-vous".into())]
        );
        assert_eq!(
            found("Êtes vous disponible ?"),
            [("Êtes vous".into(), "Êtes-vous".into())]
        );
        assert_eq!(
            found("Connectez vous sur votre espace."),
            [("Connectez vous".into(), "Connectez-vous".into())]
        );
        assert_eq!(
            found("Quand souhaitez vous être livré ?"),
            [("souhaitez vous".into(), "souhaitez-vous".into())]
        );
        assert_eq!(
            found("Est ce que le colis est arrivé ?"),
            [("Est ce".into(), "Est-ce".into())]
        );
        assert_eq!(
            found("Qu'est ce que vous voulez dire ?"),
            [("est ce".into(), "est-ce".into())]
        );
        silent("Veuillez vous connecter à votre espace.");
        silent("Vous pouvez vous connecter à votre espace.");
        silent("Si vous le souhaitez vous pouvez me rappeler.");
        silent("Allez vous promener sur le site.");
        silent("C'est ce que je vérifie.");
        silent("Pouvez-vous vérifier ? Pensez-vous être là ?");
        silent("Est-ce que vous pouvez vous connecter ?");
    }

    #[test]
    fn links_emails_and_smileys_are_immune() {
        silent("Rendez-vous sur https://www.exemple.fr/aide?q=1&r=2;x:y ou écrivez à jean.dupont@exemple.fr.");
        silent("Merci :-) À bientôt ;) !");
    }
}
