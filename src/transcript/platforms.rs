//! The field mapping of the platform exports: one table, [`PLATFORMS`],
//! read by the JSON reader; the generic field names, [`GENERIC`], also
//! read by the CSV reader. To support a new shape, add a row.

use crate::conversation::{
    ConversationMeta, Role, Source, TextMap, Timestamp, TranscriptOptions, Turn,
};
use crate::diagnostic::Span;

/// How a platform says who wrote a message.
#[derive(Debug, Clone, Copy)]
pub enum RoleFrom {
    /// A field (first present of the paths) whose value names the role:
    /// the platform's values first, then `[transcript]` aliases and
    /// [`ROLE_VALUES`].
    Field(&'static [&'static str], &'static [(&'static str, Role)]),
    /// Zendesk Chat: `nick` is `visitor:…`, `agent:<id>`, `agent:trigger`
    /// (automated) or `agent:system`.
    NickPrefix(&'static str),
    /// LiveChat: `author_id` looked up in the chat's `users[]` (`type`
    /// agent / customer); without a list, an e-mail id is an agent.
    AuthorLookup(&'static str),
}

/// One export shape.
#[derive(Debug, Clone, Copy)]
pub struct Platform {
    pub name: &'static str,
    /// A message object has at least one key of each group.
    pub signature: &'static [&'static [&'static str]],
    pub role: RoleFrom,
    /// Truthy fields that make the author a bot (`automated`).
    pub bot_flags: &'static [&'static str],
    /// Paths of the text, first present wins.
    pub text: &'static [&'static str],
    /// The text is HTML (tags removed, `<p>` and `<br>` become line breaks).
    pub html: bool,
    /// Paths of the time stamp (ISO 8601 string, or Unix s / ms number).
    pub time: &'static [&'static str],
    /// Time stamp paths looked up in the enclosing objects when the message
    /// has none (Intercom's first message takes the conversation's).
    pub parent_time: &'static [&'static str],
    /// Paths of the author's name.
    pub author: &'static [&'static str],
    /// When set, only these values of this field are chat messages
    /// (`chat.msg`, `message`, `comment`, `text`); others are skipped.
    pub kinds: Option<(&'static str, &'static [&'static str])>,
    /// Messages never shown to the customer: (field, value) — skipped.
    pub internal: &'static [(&'static str, &'static str)],
    /// (field, value, proactive) hints about who started the chat.
    pub proactive: &'static [(&'static str, &'static str, bool)],
}

/// Every supported JSON shape, tried in order; the first whose signature
/// matches maps the message.
pub const PLATFORMS: &[Platform] = &[
    // Zendesk Chat: chat.history[] (REST / incremental export).
    Platform {
        name: "zendesk",
        signature: &[&["nick"], &["msg"]],
        role: RoleFrom::NickPrefix("nick"),
        bot_flags: &[],
        text: &["msg"],
        html: false,
        time: &["timestamp"],
        parent_time: &[],
        author: &["display_name", "name"],
        kinds: Some(("type", &["chat.msg"])),
        internal: &[],
        proactive: &[],
    },
    // LiveChat Agent Chat API v3: chat.thread(s).events[].
    Platform {
        name: "livechat",
        signature: &[&["author_id"], &["text"], &["created_at"]],
        role: RoleFrom::AuthorLookup("author_id"),
        bot_flags: &[],
        text: &["text"],
        html: false,
        time: &["created_at"],
        parent_time: &[],
        author: &[],
        kinds: Some(("type", &["message"])),
        internal: &[("visibility", "agents"), ("recipients", "agents")],
        proactive: &[],
    },
    // Intercom: conversation_parts.conversation_parts[].
    Platform {
        name: "intercom",
        signature: &[&["part_type"], &["body"]],
        role: RoleFrom::Field(
            &["author.type"],
            &[
                ("admin", Role::Advisor),
                ("team", Role::Advisor),
                ("user", Role::Customer),
                ("lead", Role::Customer),
                ("contact", Role::Customer),
                ("bot", Role::Bot),
            ],
        ),
        bot_flags: &["author.from_ai_agent", "author.is_ai_answer"],
        text: &["body"],
        html: true,
        time: &["created_at"],
        parent_time: &[],
        author: &["author.name"],
        kinds: Some(("part_type", &["comment", "open", "assignment"])),
        internal: &[("part_type", "note")],
        proactive: &[],
    },
    // Intercom: the conversation's `source`, its first message.
    Platform {
        name: "intercom",
        signature: &[&["delivered_as"], &["body"], &["author"]],
        role: RoleFrom::Field(
            &["author.type"],
            &[
                ("admin", Role::Advisor),
                ("team", Role::Advisor),
                ("user", Role::Customer),
                ("lead", Role::Customer),
                ("contact", Role::Customer),
                ("bot", Role::Bot),
            ],
        ),
        bot_flags: &[],
        text: &["body"],
        html: true,
        time: &["created_at"],
        parent_time: &["created_at"],
        author: &["author.name"],
        kinds: None,
        internal: &[],
        proactive: &[
            ("delivered_as", "admin_initiated", true),
            ("delivered_as", "automated", true),
            ("delivered_as", "campaigns_initiated", true),
            ("delivered_as", "customer_initiated", false),
        ],
    },
    // Crisp: GET …/conversation/{session_id}/messages → data[].
    Platform {
        name: "crisp",
        signature: &[
            &["from"],
            &["content"],
            &["fingerprint", "origin", "session_id"],
        ],
        role: RoleFrom::Field(
            &["from"],
            &[("user", Role::Customer), ("operator", Role::Advisor)],
        ),
        bot_flags: &["automated"],
        text: &["content"],
        html: false,
        time: &["timestamp"],
        parent_time: &[],
        author: &["user.nickname"],
        kinds: Some(("type", &["text"])),
        internal: &[("type", "note")],
        proactive: &[],
    },
    // Generic: {"role","text","time"} and the usual synonyms.
    Platform {
        name: "generic",
        signature: &[GENERIC.role, GENERIC.text],
        role: RoleFrom::Field(GENERIC.role, &[]),
        bot_flags: &["automated", "is_bot"],
        text: GENERIC.text,
        html: false,
        time: GENERIC.time,
        parent_time: &[],
        author: GENERIC.author,
        kinds: None,
        internal: &[
            ("internal", "true"),
            ("private", "true"),
            ("visibility", "agents"),
            ("type", "note"),
            ("message_type", "private"),
        ],
        proactive: &[],
    },
];

/// Generic field names, for JSON without a known platform and CSV headers.
pub struct GenericFields {
    pub role: &'static [&'static str],
    pub text: &'static [&'static str],
    pub time: &'static [&'static str],
    pub author: &'static [&'static str],
    /// A message's conversation id: a change starts a new conversation.
    pub conversation: &'static [&'static str],
}

pub const GENERIC: GenericFields = GenericFields {
    role: &[
        "role",
        "speaker",
        "sender_type",
        "author_type",
        "actor_type",
        "author_role",
        "from",
        "author",
        "sender",
        "who",
        "auteur",
        "rôle",
        "role_auteur",
        "interlocuteur",
        "expéditeur",
        "emetteur",
        "émetteur",
    ],
    text: &[
        "text", "message", "content", "body", "msg", "texte", "contenu",
    ],
    time: &[
        "time",
        "timestamp",
        "date",
        "created_at",
        "sent_at",
        "datetime",
        "heure",
        "horodatage",
    ],
    author: &["name", "author_name", "sender_name", "display_name", "nom"],
    conversation: &[
        "conversation_id",
        "chat_id",
        "session_id",
        "conversation",
        "ticket_id",
        "id_conversation",
    ],
};

/// Role values used by exports, after the `[transcript]` aliases.
pub const ROLE_VALUES: &[(&str, Role)] = &[
    ("agent", Role::Advisor),
    ("operator", Role::Advisor),
    ("admin", Role::Advisor),
    ("business", Role::Advisor),
    ("human_agent", Role::Advisor),
    ("user", Role::Customer),
    ("visitor", Role::Customer),
    ("customer", Role::Customer),
    ("contact", Role::Customer),
    ("lead", Role::Customer),
    ("enduser", Role::Customer),
    ("end_user", Role::Customer),
    ("bot", Role::Bot),
    ("automated", Role::Bot),
    ("trigger", Role::Bot),
    ("ai", Role::Bot),
    ("system", Role::System),
    ("event", Role::System),
];

/// Conversation-level fields looked up in the objects around the messages.
pub const META_ID: &[&str] = &["conversation_id", "chat_id", "session_id", "id"];
pub const META_CUSTOMER: &[&str] = &[
    "visitor.name",
    "customer.name",
    "customer_name",
    "contact.name",
    "client.name",
    "visitor_name",
];
pub const META_PROACTIVE: &[(&str, &str, bool)] = &[
    ("started_by", "agent", true),
    ("started_by", "trigger", true),
    ("started_by", "visitor", false),
    ("proactive", "true", true),
    ("proactive", "false", false),
    ("initiated_by", "agent", true),
    ("initiated_by", "customer", false),
];

/// The role a label or value names: aliases of the house style, then the
/// usual export values.
pub fn role_value(value: &str, options: &TranscriptOptions) -> Option<(Role, Option<String>)> {
    if let Some(r) = options.role_of(value) {
        return Some(r);
    }
    let v = value.trim().to_lowercase();
    ROLE_VALUES
        .iter()
        .find(|(k, _)| *k == v)
        .map(|(_, r)| (*r, None))
}

// ---------------------------------------------------------------------------
// JSON values with positions.

/// A JSON string with where it is in the file.
#[derive(Debug, Clone)]
pub(crate) struct JStr {
    pub value: String,
    /// File offsets of the raw content (inside the quotes).
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub map: TextMap,
    pub source: Option<Source>,
}

/// A parsed JSON value (messages and the small objects around them).
#[derive(Debug, Clone)]
pub(crate) enum JVal {
    Null,
    Bool(bool),
    Num(f64),
    Str(JStr),
    Arr(Vec<JVal>),
    Obj(Vec<(String, JVal)>),
    /// An object already emitted as turns (a message, or a container of
    /// messages): not kept.
    Done,
}

impl JVal {
    pub(crate) fn get(&self, path: &str) -> Option<&JVal> {
        let mut v = self;
        for key in path.split('.') {
            match v {
                JVal::Obj(fields) => v = &fields.iter().rev().find(|(k, _)| k == key)?.1,
                _ => return None,
            }
        }
        Some(v)
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            JVal::Str(s) => Some(&s.value),
            _ => None,
        }
    }

    /// Scalars as text (`"agent"`, `12`, `true`), for comparisons.
    pub(crate) fn scalar(&self) -> Option<String> {
        match self {
            JVal::Str(s) => Some(s.value.clone()),
            JVal::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(format!("{}", *n as i64)),
            JVal::Num(n) => Some(n.to_string()),
            JVal::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    fn truthy(&self) -> bool {
        matches!(self, JVal::Bool(true)) || matches!(self, JVal::Str(s) if s.value == "true")
    }

    fn time(&self) -> Option<Timestamp> {
        match self {
            JVal::Num(n) => Timestamp::from_unix(*n),
            JVal::Str(s) => Timestamp::parse(&s.value),
            _ => None,
        }
    }
}

fn first<'a>(v: &'a JVal, paths: &[&str]) -> Option<&'a JVal> {
    paths
        .iter()
        .find_map(|p| v.get(p).filter(|x| !matches!(x, JVal::Null)))
}

/// The error for a field of a message whose value is `found`, not a
/// string: it names the field (the first of `paths` present).
fn not_a_string(msg: &JVal, paths: &[&str], found: &JVal) -> String {
    let field = paths
        .iter()
        .find(|p| msg.get(p).is_some())
        .unwrap_or(&paths[0]);
    let what = match found {
        JVal::Null => "null",
        JVal::Bool(_) => "un booléen",
        JVal::Num(_) => "un nombre",
        JVal::Arr(_) => "une liste",
        JVal::Obj(_) | JVal::Done => "un objet",
        JVal::Str(_) => "un texte",
    };
    format!("champ « {field} » : {what} au lieu d'un texte entre guillemets")
}

fn first_in<'a>(objs: &[&'a JVal], paths: &[&str]) -> Option<&'a JVal> {
    objs.iter().rev().find_map(|o| first(o, paths))
}

/// A message mapped from an export.
pub(crate) struct Mapped {
    pub turn: Turn,
    pub conversation: Option<String>,
    pub proactive: Option<bool>,
    pub platform: &'static str,
}

/// Map `msg` (with the objects around it, outermost first) through the
/// platform table. `Ok(None)`: not a chat message (an event, a note, a
/// file, a user record…). `Err`: a message whose role is unknown.
pub(crate) fn map_message(
    msg: &JVal,
    around: &[&JVal],
    options: &TranscriptOptions,
) -> Result<Option<Mapped>, String> {
    let JVal::Obj(fields) = msg else {
        return Ok(None);
    };
    let has = |k: &str| {
        if k.contains('.') {
            msg.get(k).is_some()
        } else {
            fields.iter().any(|(f, _)| f == k)
        }
    };
    let Some(p) = PLATFORMS
        .iter()
        .find(|p| p.signature.iter().all(|group| group.iter().any(|k| has(k))))
    else {
        return Ok(None);
    };
    if let Some((field, kinds)) = p.kinds {
        if let Some(kind) = msg.get(field).and_then(JVal::scalar) {
            if !kinds.contains(&kind.as_str()) {
                return Ok(None);
            }
        }
    }
    for (field, value) in p.internal {
        if msg.get(field).and_then(JVal::scalar).as_deref() == Some(value) {
            return Ok(None);
        }
    }
    // A message whose text or role is not a string would be dropped
    // without a word, and the advisor blamed for a step that was there:
    // it is an error naming the field.
    let generic = p.name == "generic";
    let text = match first(msg, p.text) {
        Some(JVal::Str(text)) => text,
        Some(other) => return Err(not_a_string(msg, p.text, other)),
        None if generic => return Err(not_a_string(msg, p.text, &JVal::Null)),
        None => return Ok(None),
    };
    if let RoleFrom::Field(paths, _) = p.role {
        match first(msg, paths) {
            Some(v @ (JVal::Arr(_) | JVal::Obj(_))) => return Err(not_a_string(msg, paths, v)),
            None if generic => return Err(not_a_string(msg, paths, &JVal::Null)),
            _ => {}
        }
    }
    let mut author = first(msg, p.author)
        .and_then(JVal::as_str)
        .map(str::to_string);
    let role = match p.role {
        RoleFrom::NickPrefix(field) => {
            let nick = msg.get(field).and_then(JVal::as_str).unwrap_or_default();
            if nick.starts_with("visitor") {
                Role::Customer
            } else if nick == "agent:trigger" {
                Role::Bot
            } else if nick == "agent:system" || nick.is_empty() {
                Role::System
            } else if nick.starts_with("agent") {
                Role::Advisor
            } else {
                return Err(format!(
                    "auteur « {nick} » inconnu (attendu : visitor:… ou agent:…)"
                ));
            }
        }
        RoleFrom::AuthorLookup(field) => {
            let id = msg.get(field).and_then(JVal::scalar).unwrap_or_default();
            let user = around.iter().rev().find_map(|o| match o.get("users") {
                Some(JVal::Arr(users)) => users
                    .iter()
                    .find(|u| u.get("id").and_then(JVal::scalar).as_deref() == Some(id.as_str())),
                _ => None,
            });
            if author.is_none() {
                author = user
                    .and_then(|u| u.get("name"))
                    .and_then(JVal::as_str)
                    .map(str::to_string);
            }
            match user.and_then(|u| u.get("type")).and_then(JVal::as_str) {
                Some("agent") => Role::Advisor,
                Some("customer") => Role::Customer,
                Some(other) => role_value(other, options)
                    .map(|r| r.0)
                    .ok_or_else(|| format!("type d'utilisateur « {other} » inconnu"))?,
                // No user list: LiveChat agent ids are e-mail addresses.
                None if id.contains('@') => Role::Advisor,
                None => Role::Customer,
            }
        }
        RoleFrom::Field(paths, values) => {
            let Some(v) = first(msg, paths).and_then(JVal::scalar) else {
                return Ok(None);
            };
            let lower = v.trim().to_lowercase();
            match values.iter().find(|(k, _)| *k == lower) {
                Some((_, r)) => *r,
                None => match role_value(&v, options) {
                    Some((r, name)) => {
                        if author.is_none() {
                            author = name;
                        }
                        r
                    }
                    None => {
                        return Err(format!(
                            "rôle « {v} » inconnu : ajoutez-le à advisor, customer, bot ou system dans la table [transcript]"
                        ))
                    }
                },
            }
        }
    };
    let role = if p
        .bot_flags
        .iter()
        .any(|f| msg.get(f).is_some_and(JVal::truthy))
    {
        Role::Bot
    } else {
        role
    };
    let time = first(msg, p.time)
        .and_then(JVal::time)
        .or_else(|| first_in(around, p.parent_time).and_then(JVal::time));
    let (value, map) = if p.html {
        strip_html(&text.value, &text.map)
    } else {
        (text.value.clone(), text.map.clone())
    };
    let proactive = p.proactive.iter().find_map(|(f, v, b)| {
        (msg.get(f).and_then(JVal::scalar).as_deref() == Some(*v)).then_some(*b)
    });
    let conversation = first(msg, GENERIC.conversation).and_then(JVal::scalar);
    Ok(Some(Mapped {
        turn: Turn {
            index: 0,
            role,
            name: author.filter(|a| !a.trim().is_empty()),
            text: value,
            time,
            span: text.span,
            line: text.line,
            column: text.column,
            map,
            source: text.source.clone(),
        },
        conversation,
        proactive,
        platform: p.name,
    }))
}

/// What the objects around the first message say about the conversation.
pub(crate) fn meta_from(
    around: &[&JVal],
    platform: &'static str,
    proactive: Option<bool>,
) -> ConversationMeta {
    let id = around
        .iter()
        .rev()
        .find_map(|o| first(o, META_ID).and_then(JVal::scalar));
    let mut customer_name = first_in(around, META_CUSTOMER)
        .and_then(JVal::as_str)
        .map(str::to_string);
    if customer_name.is_none() {
        // LiveChat: the customer in users[].
        customer_name = around.iter().rev().find_map(|o| match o.get("users") {
            Some(JVal::Arr(users)) => users
                .iter()
                .find(|u| u.get("type").and_then(JVal::as_str) == Some("customer"))
                .and_then(|u| u.get("name"))
                .and_then(JVal::as_str)
                .map(str::to_string),
            _ => None,
        });
    }
    let proactive = proactive.or_else(|| {
        META_PROACTIVE.iter().find_map(|(f, v, b)| {
            around
                .iter()
                .rev()
                .any(|o| o.get(f).and_then(JVal::scalar).as_deref() == Some(*v))
                .then_some(*b)
        })
    });
    ConversationMeta {
        id,
        customer_name,
        proactive,
        source: Some(platform),
    }
}

/// Remove HTML tags and decode entities; `<br>`, `</p>`, `</li>`, `</div>`
/// become line breaks. The map goes to the file through `inner`.
pub(crate) fn strip_html(html: &str, inner: &TextMap) -> (String, TextMap) {
    let mut out = String::with_capacity(html.len());
    let mut map = TextMap::default();
    let mut i = 0;
    let b = html.as_bytes();
    let mut pending_break = false;
    let emit = |out: &mut String, map: &mut TextMap, s: &str, at: usize, pending: &mut bool| {
        if *pending {
            if !out.is_empty() && !out.ends_with('\n') {
                map.push(out.len(), inner.map(at));
                out.push('\n');
            }
            *pending = false;
        }
        map.push(out.len(), inner.map(at));
        out.push_str(s);
    };
    while i < b.len() {
        match b[i] {
            b'<' => {
                let end = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
                let tag = html[i..end].to_ascii_lowercase();
                let name: String = tag
                    .trim_start_matches(['<', '/'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if matches!(name.as_str(), "br" | "p" | "li" | "div" | "ul" | "ol") {
                    pending_break = true;
                }
                i = end;
            }
            b'&' => {
                let end = html[i..].find(';').filter(|e| *e <= 8).map(|e| i + e + 1);
                let decoded = end.and_then(|e| match &html[i..e] {
                    "&amp;" => Some("&"),
                    "&lt;" => Some("<"),
                    "&gt;" => Some(">"),
                    "&quot;" => Some("\""),
                    "&#39;" | "&apos;" | "&#x27;" => Some("'"),
                    "&nbsp;" | "&#160;" => Some("\u{a0}"),
                    "&rsquo;" | "&#8217;" => Some("\u{2019}"),
                    "&eacute;" => Some("é"),
                    "&egrave;" => Some("è"),
                    "&agrave;" => Some("à"),
                    "&ccedil;" => Some("ç"),
                    _ => None,
                });
                match (decoded, end) {
                    (Some(d), Some(e)) => {
                        emit(&mut out, &mut map, d, i, &mut pending_break);
                        i = e;
                    }
                    _ => {
                        emit(&mut out, &mut map, "&", i, &mut pending_break);
                        i += 1;
                    }
                }
            }
            _ => {
                let next = html[i..].find(['<', '&']).map_or(b.len(), |n| i + n);
                // Map every character: the inner map may shift inside.
                for (k, c) in html[i..next].char_indices() {
                    let mut buf = [0u8; 4];
                    emit(
                        &mut out,
                        &mut map,
                        c.encode_utf8(&mut buf),
                        i + k,
                        &mut pending_break,
                    );
                }
                i = next;
            }
        }
    }
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_stripped_with_a_map() {
        let html = "<p>Bonjour</p><p>Je suis &amp; Marie</p>";
        let (text, map) = strip_html(html, &TextMap::default());
        assert_eq!(text, "Bonjour\nJe suis & Marie");
        let m = text.find("Marie").unwrap();
        assert_eq!(&html[map.map(m)..map.map(m) + 5], "Marie");
        let a = text.find('&').unwrap();
        assert_eq!(&html[map.map(a)..map.map(a) + 5], "&amp;");
    }

    #[test]
    fn role_values() {
        let o = crate::Config::default().transcript;
        assert_eq!(role_value("agent", &o).unwrap().0, Role::Advisor);
        assert_eq!(role_value("Conseillère", &o).unwrap().0, Role::Advisor);
        assert_eq!(role_value("visitor", &o).unwrap().0, Role::Customer);
        assert!(role_value("martien", &o).is_none());
    }
}
