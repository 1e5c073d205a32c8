//! The lexicon-rule kind: a rule that is a lexicon file. `sms-language`,
//! `abbreviation`, `familiar-register`, `negative-wording` and `weak-verb`
//! are each one file of `lexicon/` read by this code; the file says what
//! to find, what to suggest, what to say and when to stay silent, so a
//! linguist edits the file, not Rust.
//!
//! A lexicon-rule file is a lexicon (`form => suggestion | other |
//! (conseil)`, see [`crate::lexicon`]) with two additions:
//!
//! - **settings**, lines starting with `%` (`%message: …`), which apply
//!   to every entry (listed in [`Settings`]);
//! - a **tags column**, `[tag; tag]` at the end of an entry, which gives
//!   the entry its own flags and guards (listed in [`Flags`] and
//!   [`Test`]).
//!
//! Guards are conditions on the words around a match; each tag that is a
//! guard must hold, and `a | b` holds when one of its parts does. Word
//! lists are named, and live in `lexicon/context.toml` under the rule's
//! table (or `[clauses]`, shared by every rule).
//!
//! Every rule of this kind skips quoted text ([`Document::in_quotes`]),
//! links and numbers, and fits its suggestions to the case of their place
//! ([`crate::text::fit_case`]).

use crate::diagnostic::{Finding, Span};
use crate::lexicon::{self, Entry, LexiconError, PhraseMatcher};
use crate::rules::kit::{
    action_verb_follows, clause_end, clause_start, context_list, help_text, strip_markers, Ctx,
    Markers,
};
use crate::settings::ConfigError;
use crate::text::{case_of, fit_case, Case, Document, Token, TokenKind};
use std::collections::HashSet;

/// What a house style changes in a lexicon rule.
#[derive(Debug, Default, Clone, Copy)]
pub struct Edits<'a> {
    /// Entries added (`form => suggestion [tags]`).
    pub add: &'a [String],
    /// Forms removed.
    pub remove: &'a [String],
    /// Forms never flagged (compared without case and final dot).
    pub allow: &'a [String],
    /// Acronyms the house style allows (`SVP`): their lower-case forms are
    /// flagged in any position and suggested in capitals first (`svp` →
    /// `SVP`).
    pub allowed_acronyms: &'a [String],
}

/// The settings of a lexicon-rule file (`%key: value` lines).
#[derive(Debug, Clone, Default)]
struct Settings {
    /// `%message NAME: …`, `%help NAME: …`, `%help-hint NAME: …`: the
    /// texts of each message variant (the unnamed one first). `{form}` is
    /// the text found, `{hint}` the entry's first conseil.
    variants: Vec<Variant>,
    /// `%case: any`: any case matches (phrases). Otherwise a form matches
    /// in lower case, capitalised only where a sentence starts, in
    /// capitals only when `%capitals` or its `caps` tag allows it, never
    /// in mixed case.
    any_case: bool,
    /// `%capitals: all` (every form) or `%capitals: N` (forms of N letters
    /// or more) also match in capitals.
    capitals: Capitals,
    /// `%lower-only: N`: forms of N letters or fewer, and forms with a
    /// digit, match in lower case only (unless tagged `capitalised`).
    lower_only: Option<usize>,
    /// `%not-acronyms`: a form in capitals that is a known acronym
    /// (abbreviation lexicon, `allow`) is not this rule's.
    not_acronyms: bool,
    /// `%dotted`: a form written with a final dot needs it and text after
    /// it on the line (`ex.`); a form without one takes a following dot
    /// into the finding (`réf.` → `référence`).
    dotted: bool,
    /// `%safe-fixes: no`: never a safe fix (otherwise an entry with one
    /// suggestion, no conseil and no `unsafe` tag is one).
    no_safe_fixes: bool,
    /// `%guard: …`: guards every entry has (tags syntax).
    guard: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct Variant {
    name: String,
    message: String,
    help: String,
    help_hint: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Capitals {
    #[default]
    Tagged,
    All,
    From(usize),
}

/// Entry flags (tags that are not guards).
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    /// `caps`: also matched in capitals (`MDR`, `OK`).
    caps: bool,
    /// `capitalised`: a short form also matched capitalised at a sentence
    /// start (`Pk`, `Re`).
    capitalised: bool,
    /// `exact`: matched only as written (`PR`, not `pr`).
    exact: bool,
    /// `accepted`: a known acronym, never flagged (listed for the other
    /// rules: TVA, PDF).
    accepted: bool,
    /// `unsafe`: the replacement needs a human, whatever its count.
    unsafe_fix: bool,
}

/// One condition on the neighbourhood of a match.
#[derive(Debug, Clone)]
enum Test {
    /// `start`: the match starts a sentence.
    Start,
    /// `alone`: the match is its sentence's only word (`Top !`).
    Alone,
    /// `lower`: the match is written in lower case.
    Lower,
    /// `prev:LIST`, `next:LIST`: the token before / after (same line) is
    /// in the list.
    Prev(&'static [String]),
    Next(&'static [String]),
    /// `prev-number`, `next-number`: a number or a time before / after.
    PrevNumber,
    NextNumber,
    /// `prev-word`, `next-word`: a word before / after.
    PrevWord,
    NextWord,
    /// `next-capital`: the next word starts with a capital.
    NextCapital,
    /// `next-sign`: punctuation or nothing after.
    NextSign,
    /// `prev-letter`: a single letter before (`a, b, c`).
    PrevLetter,
    /// `glued`: a `+` or a letter or digit right after (`A++`).
    Glued,
    /// `explained`: an opening bracket after, or brackets around
    /// (`LRAR (lettre…)`, `(CB)`).
    Explained,
    /// `prev-ends:LIST`, `next-ends:LIST`: a word of four letters or more
    /// ending with one of the list before / after (`supprimé`).
    PrevEnds(&'static [String]),
    NextEnds(&'static [String]),
    /// `then-ez:LIST`: a word of the list after, then a verb in `-ez`
    /// (`vs le recevrez`).
    ThenEz(&'static [String]),
    /// `short`: the form has three letters or fewer. `digit`: it has a
    /// digit.
    Short,
    Digit,
    /// `clause-start`, `clause-end`, `action-verb`: the phrase markers
    /// `^form`, `form$`, `form *`.
    ClauseStart,
    ClauseEnd,
    ActionVerb,
}

/// A guard: its alternatives (one must hold), each maybe negated.
type Guard = Vec<(bool, Test)>;

/// What the rule knows about one entry.
#[derive(Debug)]
struct Item {
    flags: Flags,
    guards: Vec<Guard>,
    /// `form => (correct)`: an exception, silencing what it overlaps.
    exception: bool,
    variant: usize,
    /// The form is written in capitals: an acronym (its suggestions do
    /// not take the writer's capitals).
    acronym: bool,
    letters: usize,
    digit: bool,
    lower_only: bool,
    /// The lower-case form of an allowed acronym (`sav`).
    acronym_variant: bool,
    suggestions: Vec<String>,
    safe: bool,
}

/// A compiled lexicon rule.
pub struct LexiconRule {
    settings: Settings,
    matcher: PhraseMatcher,
    items: Vec<Item>,
    /// Known acronyms in capitals (with `%not-acronyms`).
    acronyms: HashSet<String>,
    /// Entry of each folded form.
    by_form: std::collections::HashMap<String, usize>,
}

impl std::fmt::Debug for LexiconRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LexiconRule")
            .field("entries", &self.items.len())
            .finish()
    }
}

fn err(file: &str, line: usize, message: String) -> LexiconError {
    LexiconError {
        file: file.to_string(),
        line,
        message,
        entry: None,
    }
}

fn parse_settings(rule: &str, file: &str, src: &str) -> Result<Settings, LexiconError> {
    let mut s = Settings::default();
    s.variants.push(Variant::default());
    for (line, key, value) in lexicon::settings(src) {
        let (key, name) = key.split_once(' ').unwrap_or((key, ""));
        let name = name.trim();
        let variant = |s: &mut Settings| -> usize {
            match s.variants.iter().position(|v| v.name == name) {
                Some(i) => i,
                None => {
                    s.variants.push(Variant {
                        name: name.to_string(),
                        ..Variant::default()
                    });
                    s.variants.len() - 1
                }
            }
        };
        match key {
            "message" => {
                let i = variant(&mut s);
                s.variants[i].message = value.to_string();
            }
            "help" => {
                let i = variant(&mut s);
                s.variants[i].help = value.to_string();
            }
            "help-hint" => {
                let i = variant(&mut s);
                s.variants[i].help_hint = Some(value.to_string());
            }
            "case" if value == "any" => s.any_case = true,
            "capitals" if value == "all" => s.capitals = Capitals::All,
            "capitals" if value.parse::<usize>().is_ok() => {
                s.capitals = Capitals::From(value.parse().unwrap_or(usize::MAX));
            }
            "lower-only" if value.parse::<usize>().is_ok() => {
                s.lower_only = value.parse().ok();
            }
            "not-acronyms" => s.not_acronyms = true,
            "dotted" => s.dotted = true,
            "safe-fixes" if value == "no" => s.no_safe_fixes = true,
            "guard" => {
                s.guard
                    .extend(value.split(';').map(|g| g.trim().to_string()));
                // Checked now, for its line.
                for g in &s.guard {
                    parse_guard(rule, g).map_err(|m| err(file, line, m))?;
                }
            }
            _ => {
                return Err(err(
                    file,
                    line,
                    format!("réglage inconnu « %{key}: {value} »"),
                ))
            }
        }
    }
    if s.variants[0].message.is_empty() {
        return Err(err(file, 1, "il manque le réglage « %message: … »".into()));
    }
    Ok(s)
}

/// The word list `name` for the rule `rule`: its own table of
/// `lexicon/context.toml`, else the shared `[clauses]` table.
fn list(rule: &str, name: &str) -> Result<&'static [String], String> {
    context_list(rule, name)
        .or_else(|| context_list("clauses", name))
        .ok_or_else(|| {
            format!("liste « {name} » inconnue (ni dans [{rule}] ni dans [clauses] de lexicon/context.toml)")
        })
}

fn parse_test(rule: &str, atom: &str) -> Result<Test, String> {
    let (name, arg) = match atom.split_once(':') {
        Some((n, a)) => (n.trim(), Some(a.trim())),
        None => (atom, None),
    };
    let with_list = |f: fn(&'static [String]) -> Test| -> Result<Test, String> {
        let a = arg.ok_or_else(|| format!("« {name} » demande une liste : « {name}:nom »"))?;
        Ok(f(list(rule, a)?))
    };
    let test = match name {
        "prev" => return with_list(Test::Prev),
        "next" => return with_list(Test::Next),
        "prev-ends" => return with_list(Test::PrevEnds),
        "next-ends" => return with_list(Test::NextEnds),
        "then-ez" => return with_list(Test::ThenEz),
        "start" => Test::Start,
        "alone" => Test::Alone,
        "lower" => Test::Lower,
        "prev-number" => Test::PrevNumber,
        "next-number" => Test::NextNumber,
        "prev-word" => Test::PrevWord,
        "next-word" => Test::NextWord,
        "next-capital" => Test::NextCapital,
        "next-sign" => Test::NextSign,
        "prev-letter" => Test::PrevLetter,
        "glued" => Test::Glued,
        "explained" => Test::Explained,
        "short" => Test::Short,
        "digit" => Test::Digit,
        "clause-start" => Test::ClauseStart,
        "clause-end" => Test::ClauseEnd,
        "action-verb" => Test::ActionVerb,
        _ => return Err(format!("étiquette inconnue « {atom} »")),
    };
    if arg.is_some() {
        return Err(format!("« {name} » ne prend pas de liste"));
    }
    Ok(test)
}

fn parse_guard(rule: &str, tag: &str) -> Result<Guard, String> {
    tag.split('|')
        .map(|alt| {
            let alt = alt.trim();
            match alt.strip_prefix('!') {
                Some(rest) => Ok((true, parse_test(rule, rest.trim())?)),
                None => Ok((false, parse_test(rule, alt)?)),
            }
        })
        .collect()
}

/// An entry of the file or of the house style, with its tags and where
/// it comes from (for errors).
struct Raw {
    entry: Entry,
    markers: Markers,
    tags: Vec<String>,
    file: String,
    line: usize,
    /// The house style's line, for an added entry.
    source: Option<String>,
}

impl LexiconRule {
    /// Compile the lexicon-rule file `src` (named `file` in errors) of rule
    /// `rule` with the house style's `edits`.
    pub fn new(rule: &str, file: &str, src: &str, edits: Edits<'_>) -> Result<Self, ConfigError> {
        let settings = parse_settings(rule, file, src)?;
        let base: Vec<Raw> = lexicon::parse_tagged(file, src)?
            .into_iter()
            .map(|t| {
                let (entry, markers) = strip_markers(t.entry);
                Raw {
                    entry,
                    markers,
                    tags: t.tags,
                    file: file.to_string(),
                    line: t.line,
                    source: None,
                }
            })
            .collect();
        let origin = format!("[{rule}] add");
        let mut added = Vec::with_capacity(edits.add.len());
        for (i, a) in edits.add.iter().enumerate() {
            let (entry, tags) =
                lexicon::parse_line(a).map_err(|m| lexicon::add_error(&origin, i, a, &m))?;
            let (entry, markers) = strip_markers(entry);
            if entry.pattern.is_empty() {
                return Err(lexicon::add_error(&origin, i, a, "forme vide").into());
            }
            added.push(Raw {
                entry,
                markers,
                tags,
                file: origin.clone(),
                line: i + 1,
                source: Some(a.clone()),
            });
        }
        let allowed: HashSet<String> = edits.allow.iter().map(|a| allow_key(a)).collect();
        let mut raws = lexicon::merge(base, added, edits.remove, |r| {
            lexicon::normalize(&r.entry.pattern)
        });
        raws.retain(|r| !r.entry.pattern.is_empty());
        if !allowed.is_empty() {
            raws.retain(|r| !allowed.contains(&allow_key(&r.entry.pattern)));
        }
        let allowed_acronyms: std::collections::HashMap<String, &String> = edits
            .allowed_acronyms
            .iter()
            .map(|a| (lexicon::normalize(a), a))
            .collect();
        let mut entries = Vec::with_capacity(raws.len());
        let mut items = Vec::with_capacity(raws.len());
        let mut forms = Vec::with_capacity(raws.len());
        for r in raws {
            let (item, form) = Self::item(rule, &settings, &r, &allowed_acronyms).map_err(|m| {
                let mut e = err(&r.file, r.line, format!("« {} » : {m}", r.entry.pattern));
                e.entry = r.source.clone();
                e
            })?;
            if item.flags.accepted {
                continue;
            }
            entries.push(r.entry);
            items.push(item);
            forms.push(form);
        }
        let mut acronyms = HashSet::new();
        if settings.not_acronyms {
            acronyms = crate::rules::kit::acronyms();
            acronyms.extend(edits.allowed_acronyms.iter().map(|a| a.to_uppercase()));
        }
        let by_form = forms.into_iter().enumerate().map(|(i, f)| (f, i)).collect();
        Ok(LexiconRule {
            settings,
            by_form,
            matcher: PhraseMatcher::new(entries),
            items,
            acronyms,
        })
    }

    fn item(
        rule: &str,
        settings: &Settings,
        r: &Raw,
        allowed_acronyms: &std::collections::HashMap<String, &String>,
    ) -> Result<(Item, String), String> {
        let e = &r.entry;
        let mut flags = Flags::default();
        let mut guards = Vec::new();
        let mut variant = None;
        for tag in r.tags.iter().chain(&settings.guard) {
            match tag.as_str() {
                "caps" => flags.caps = true,
                "capitalised" => flags.capitalised = true,
                "exact" => flags.exact = true,
                "accepted" => flags.accepted = true,
                "unsafe" => flags.unsafe_fix = true,
                t => match settings.variants.iter().position(|v| v.name == t) {
                    Some(i) if i > 0 => variant = Some(i),
                    _ => guards.push(parse_guard(rule, t)?),
                },
            }
        }
        let m = r.markers;
        for (on, test) in [
            (m.clause_start, Test::ClauseStart),
            (m.clause_end, Test::ClauseEnd),
            (m.action_verb, Test::ActionVerb),
        ] {
            if on {
                guards.push(vec![(false, test)]);
            }
        }
        let form = lexicon::normalize(&e.pattern);
        let letters = form.chars().filter(|c| c.is_alphabetic()).count();
        let digit = form.chars().any(|c| c.is_ascii_digit());
        let acronym = case_of(&e.pattern) == Case::Upper;
        let variant = variant.unwrap_or_else(|| {
            let named = settings.variants.iter().position(|v| v.name == "acronym");
            named.filter(|_| acronym).unwrap_or(0)
        });
        let mut suggestions = e.suggestions.clone();
        let allowed = allowed_acronyms.get(&form);
        if let Some(a) = allowed {
            suggestions.insert(0, a.to_uppercase());
        }
        let safe = !settings.no_safe_fixes
            && !flags.unsafe_fix
            && suggestions.len() == 1
            && e.hints.is_empty();
        let item = Item {
            lower_only: settings
                .lower_only
                .is_some_and(|n| digit || (letters <= n && !flags.capitalised)),
            flags,
            guards,
            exception: m.exception,
            variant,
            acronym,
            letters,
            digit,
            acronym_variant: allowed.is_some(),
            suggestions,
            safe,
        };
        Ok((item, form))
    }

    /// Push the findings of `doc`.
    pub fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        for m in self.matcher.find_iter(doc) {
            let item = &self.items[m.index];
            if item.exception || doc.in_quotes(m.span) {
                continue;
            }
            let Some(ctx) = Ctx::new(doc, m.span) else {
                continue;
            };
            if !self.case_ok(item, m.entry, &ctx)
                || !item
                    .guards
                    .iter()
                    .all(|g| g.iter().any(|(not, t)| test(t, item, &ctx) != *not))
            {
                continue;
            }
            let mut span = m.span;
            if self.settings.dotted {
                let line_end = doc.text[span.end..]
                    .find('\n')
                    .map_or(doc.text.len(), |n| span.end + n);
                let rest = doc.text[span.end..line_end].trim();
                if m.entry.pattern.ends_with('.') {
                    // `mon ex.` at the end of a line is a word and a full stop.
                    if rest.is_empty() {
                        continue;
                    }
                } else if rest.starts_with('.') && rest.len() > 1 && !rest.starts_with("..") {
                    // `réf. 1234`: the abbreviation dot goes with the form.
                    span = Span::new(span.start, span.end + 1);
                }
            }
            out.push(self.finding(span, item, m.entry, &ctx));
        }
    }

    fn case_ok(&self, item: &Item, entry: &Entry, ctx: &Ctx<'_, '_>) -> bool {
        if self.settings.any_case {
            return true;
        }
        let original = ctx.text();
        if item.flags.exact {
            return original == entry.pattern;
        }
        match case_of(original) {
            Case::Lower => true,
            Case::Capitalized => {
                item.acronym_variant || (!item.lower_only && ctx.at_sentence_start())
            }
            Case::Upper => {
                let caps = item.flags.caps
                    || match self.settings.capitals {
                        Capitals::Tagged => false,
                        Capitals::All => true,
                        Capitals::From(n) => item.letters >= n,
                    };
                caps && !self.acronyms.contains(original)
            }
            Case::Mixed => false,
        }
    }

    fn finding(&self, span: Span, item: &Item, entry: &Entry, ctx: &Ctx<'_, '_>) -> Finding {
        let v = &self.settings.variants[item.variant];
        let base = &self.settings.variants[0];
        let message = if v.message.is_empty() {
            &base.message
        } else {
            &v.message
        };
        let help = if v.help.is_empty() {
            &base.help
        } else {
            &v.help
        };
        let help_hint = v.help_hint.as_ref().or(base.help_hint.as_ref());
        let shown = span.slice(ctx.doc.text);
        let help = match (help_hint, entry.hints.first()) {
            (Some(h), Some(first)) => h.replace("{hint}", first),
            (Some(_), None) => help.clone(),
            (None, _) => help_text(help, &item.suggestions, &entry.hints),
        };
        let at_start = ctx.at_sentence_start();
        let elided = entry.pattern.ends_with(['\'', '’']);
        let suggestions = item.suggestions.iter().map(|s| {
            // An acronym's capitals are its nature, not the writer's: `CB`
            // → `carte bancaire`.
            let mut s = fit_case(ctx.text(), s, at_start, !item.acronym);
            if elided && !s.ends_with(['\'', '’', ' ']) {
                s.push(' ');
            }
            s
        });
        let f = Finding::new(span, message.replace("{form}", shown))
            .help(help)
            .suggestions(suggestions);
        if item.safe {
            f.safe()
        } else {
            f
        }
    }

    /// The suggestions and conseils of the entry of `form` (lower case),
    /// for a rule that finds a form in another way (`mdrrr`).
    pub fn entry_of(&self, form: &str) -> Option<(&[String], &[String])> {
        let &i = self.by_form.get(form)?;
        Some((&self.items[i].suggestions, &self.matcher.entries()[i].hints))
    }

    /// The entries that report (exceptions left out).
    pub fn reporting(&self) -> impl Iterator<Item = &Entry> {
        self.matcher
            .entries()
            .iter()
            .zip(&self.items)
            .filter(|(_, i)| !i.exception)
            .map(|(e, _)| e)
    }
}

impl crate::rules::Rule for LexiconRule {
    fn check(&self, doc: &Document<'_>, out: &mut Vec<Finding>) {
        LexiconRule::check(self, doc, out);
    }
}

/// Declares a rule that is a lexicon file and nothing else, in the rule's
/// file after its `declare_rule!`: its options (`level`, `add`,
/// `remove`) and its `build`. `lexicon_rule!("weak-verb", weak_verb)`
/// reads `lexicon/weak-verb.txt`.
#[macro_export]
macro_rules! lexicon_rule {
    ($id:literal, $field:ident) => {
        $crate::options! {
            pub struct Options / Patch {
                pub level: $crate::settings::Level,
                /// Entries added to the lexicon (`form => suggestion [tags]`).
                pub add: Vec<String>,
                /// Lexicon forms removed.
                pub remove: Vec<String>,
            }
        }

        /// The lexicon file of this rule, embedded.
        pub const LEXICON: &str = include_str!(concat!("../../lexicon/", $id, ".txt"));

        pub fn build(
            config: &$crate::rules::RuleOptions,
        ) -> Result<Box<dyn $crate::rules::Rule>, $crate::settings::ConfigError> {
            let o = &config.$field;
            let edits = $crate::rules::lexicon_rule::Edits {
                add: &o.add,
                remove: &o.remove,
                ..Default::default()
            };
            Ok(Box::new($crate::rules::lexicon_rule::LexiconRule::new(
                $id,
                concat!("lexicon/", $id, ".txt"),
                LEXICON,
                edits,
            )?))
        }
    };
}

/// A form as compared with an `allow` list: folded, no final dot.
fn allow_key(s: &str) -> String {
    lexicon::normalize(s).trim_end_matches('.').to_string()
}

fn test(t: &Test, item: &Item, ctx: &Ctx<'_, '_>) -> bool {
    let text = ctx.doc.text;
    let long_word_ending = |tok: Option<&Token>, ends: &[String]| {
        tok.is_some_and(|t| {
            let w = t.text(text).to_lowercase();
            t.is_word() && w.chars().count() > 3 && ends.iter().any(|e| w.ends_with(e.as_str()))
        })
    };
    let next_word = ctx.next().filter(|t| t.is_word());
    match t {
        Test::Start => ctx.at_sentence_start(),
        Test::Alone => ctx.stands_alone(),
        Test::Lower => case_of(ctx.text()) == Case::Lower,
        Test::Prev(l) => ctx.prev_is(l),
        Test::Next(l) => ctx.next_is(l),
        Test::PrevNumber => ctx.prev_is_number(),
        Test::NextNumber => ctx.next_is_number(),
        Test::PrevWord => ctx.prev().is_some_and(Token::is_word),
        Test::NextWord => next_word.is_some(),
        Test::NextCapital => {
            next_word.is_some_and(|t| t.text(text).chars().next().is_some_and(char::is_uppercase))
        }
        Test::NextSign => ctx.next().map_or(true, |t| t.kind == TokenKind::Punct),
        Test::PrevLetter => ctx.prev_is_single_letter(),
        Test::Glued => text[ctx.span.end..]
            .chars()
            .next()
            .is_some_and(|c| c == '+' || c.is_alphanumeric()),
        Test::Explained => {
            let is = |t: &Token, s: &str| t.kind == TokenKind::Punct && t.text(text) == s;
            ctx.next().is_some_and(|t| is(t, "("))
                || (ctx.prev().is_some_and(|t| is(t, "("))
                    && ctx.next().is_some_and(|t| is(t, ")")))
        }
        Test::PrevEnds(l) => long_word_ending(ctx.prev(), l),
        Test::NextEnds(l) => long_word_ending(ctx.next(), l),
        Test::ThenEz(l) => {
            ctx.next_is(l)
                && ctx
                    .doc
                    .tokens
                    .get(ctx.last + 2)
                    .is_some_and(|t| t.is_word() && t.text(text).ends_with("ez"))
        }
        Test::Short => item.letters <= 3,
        Test::Digit => item.digit,
        Test::ClauseStart => clause_start(ctx.doc, ctx.span.start),
        Test::ClauseEnd => clause_end(ctx.doc, ctx.span.end),
        Test::ActionVerb => action_verb_follows(ctx.doc, ctx.span.end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kit::tests::{assert_sorted_unique, flagged, linter};
    use crate::{Config, Linter};

    /// The five lexicon-rule files: (rule, file, source, minimum size).
    const FILES: &[(&str, &str, &str, usize)] = &[
        (
            "sms-language",
            lexicon::SMS_LANGUAGE_FILE,
            lexicon::SMS_LANGUAGE,
            120,
        ),
        (
            "abbreviation",
            lexicon::ABBREVIATION_FILE,
            lexicon::ABBREVIATION,
            60,
        ),
        (
            "familiar-register",
            lexicon::FAMILIAR_REGISTER_FILE,
            lexicon::FAMILIAR_REGISTER,
            40,
        ),
        (
            "negative-wording",
            "lexicon/negative-wording.txt",
            crate::rules::negative_wording::LEXICON,
            50,
        ),
        (
            "weak-verb",
            "lexicon/weak-verb.txt",
            crate::rules::weak_verb::LEXICON,
            30,
        ),
    ];

    fn compile(rule: &str, file: &str, src: &str) -> LexiconRule {
        LexiconRule::new(rule, file, src, Edits::default()).unwrap()
    }

    #[test]
    fn every_file_compiles_is_sorted_and_big_enough() {
        for &(rule, file, src, min) in FILES {
            assert_sorted_unique(src);
            let r = compile(rule, file, src);
            let n = r.reporting().count();
            assert!(n >= min, "{file}: only {n} entries");
            for e in r.reporting() {
                assert!(
                    !e.suggestions.is_empty() || !e.hints.is_empty(),
                    "{file}: « {} » has no suggestion",
                    e.pattern
                );
            }
        }
    }

    #[test]
    fn plain_verbs_are_not_weak() {
        let r = compile("weak-verb", "w", crate::rules::weak_verb::LEXICON);
        for e in r.reporting() {
            for w in ["est", "a", "fait"] {
                assert_ne!(e.pattern, w, "plain « {w} » is not weak");
            }
        }
    }

    #[test]
    fn a_form_belongs_to_one_rule() {
        let keys = |src: &str| -> Vec<(String, bool)> {
            lexicon::parse_tagged("t", src)
                .unwrap()
                .into_iter()
                .map(|t| {
                    let exact = t.tags.iter().any(|g| g == "exact");
                    let key = lexicon::normalize(&t.entry.pattern);
                    (key.trim_end_matches('.').to_string(), exact)
                })
                .collect()
        };
        let fam = keys(lexicon::FAMILIAR_REGISTER);
        let sms = keys(lexicon::SMS_LANGUAGE);
        let abbr = keys(lexicon::ABBREVIATION);
        for (f, _) in &fam {
            assert!(
                !sms.iter().any(|(s, _)| s == f),
                "« {f} » is in familiar and sms"
            );
            assert!(
                !abbr.iter().any(|(a, _)| a == f),
                "« {f} » is in familiar and abbreviation"
            );
        }
        // An SMS form may only share its letters with an acronym matched in
        // its exact (upper) case: `rdv` (SMS) and `RDV` (acronym).
        for (s, _) in &sms {
            assert!(
                abbr.iter().all(|(a, exact)| a != s || *exact),
                "« {s} » is in sms and abbreviation"
            );
        }
    }

    #[test]
    fn abbreviations_are_not_units_and_acronyms_are_known() {
        let entries = lexicon::parse_tagged("a", lexicon::ABBREVIATION).unwrap();
        for t in &entries {
            let accepted = t.tags.iter().any(|g| g == "accepted");
            assert!(
                accepted || !t.entry.suggestions.is_empty(),
                "{}: no expansion",
                t.entry.pattern
            );
        }
        for unit in [
            "cm", "kg", "go", "mo", "h", "min", "km", "l", "mm", "m", "mme", "mlle", "n°", "etc",
        ] {
            assert!(
                entries.iter().all(|t| allow_key(&t.entry.pattern) != unit),
                "{unit} is not an abbreviation"
            );
        }
        let a = crate::rules::kit::acronyms();
        assert!(a.contains("CB") && a.contains("TVA") && a.contains("RDV"));
    }

    #[test]
    fn markers_and_tags_are_read() {
        let src = "%message: m « {form} »\n^vous devez * => x\nil n'y a pas de souci$ => y\npas de frais => (correct)\nok => d'accord [caps; !prev:label-prev]\n";
        let r = compile("familiar-register", "t", src);
        assert_eq!(r.reporting().count(), 3);
        let guards: Vec<usize> = r.items.iter().map(|i| i.guards.len()).collect();
        assert_eq!(guards, [2, 1, 0, 1]);
        assert!(r.items[2].exception);
        assert!(r.items[3].flags.caps);
    }

    #[test]
    fn errors_name_the_file_the_line_and_the_fault() {
        let e = |src: &str| {
            LexiconRule::new("sms-language", "lexicon/x.txt", src, Edits::default())
                .unwrap_err()
                .to_string()
        };
        let msg = e("%message: m\n\nok => d'accord [next:no-such-list]\n");
        assert!(
            msg.contains("lexicon/x.txt:3") && msg.contains("no-such-list"),
            "{msg}"
        );
        let msg = e("%message: m\nok => d'accord [loud]\n");
        assert!(
            msg.contains("lexicon/x.txt:2") && msg.contains("étiquette inconnue « loud »"),
            "{msg}"
        );
        let msg = e("%message: m\n%colour: red\n");
        assert!(
            msg.contains("lexicon/x.txt:2") && msg.contains("réglage inconnu"),
            "{msg}"
        );
        let msg = e("ok => d'accord\n");
        assert!(msg.contains("%message"), "{msg}");
        let add = ["bjrr => bonjour".to_string(), "slt => |".to_string()];
        let edits = Edits {
            add: &add,
            ..Edits::default()
        };
        let msg = LexiconRule::new("sms-language", "f", "%message: m\n", edits)
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("[sms-language] add") && msg.contains("n° 2"),
            "{msg}"
        );
    }

    #[test]
    fn house_style_entries_carry_tags() {
        let mut c = Config::default();
        c.select(&["familiar-register".into()], &[]).unwrap();
        c.familiar_register.add = vec!["chouette => parfait [alone]".into()];
        let l = Linter::new(c).unwrap();
        assert_eq!(flagged(&l, "Chouette !"), ["Chouette"]);
        assert!(flagged(&l, "Une chouette hulotte.").is_empty());
        assert!(flagged(&linter("familiar-register"), "Chouette !").is_empty());
    }
}
