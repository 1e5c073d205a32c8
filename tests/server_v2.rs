//! Integration tests of `tchatlint serve` beyond `/v1`'s basics: the
//! LanguageTool-compatible `/v2` API, per-request rule selection and
//! ignored words in `/v1`, and CORS. Same harness as tests/server.rs: the
//! binary on a free loopback port, plain HTTP/1.1 over TCP.

mod common;

use common::{json_of, Server};
use serde_json::{json, Value};
use std::process::Command;

/// `POST /v2/check` with form fields.
fn v2(srv: &Server, fields: &[(&str, &str)]) -> (u16, String) {
    let body = form(fields);
    let (status, _, b) = srv.request_with(
        "POST",
        "/v2/check",
        &[],
        Some(("application/x-www-form-urlencoded", &body)),
    );
    (status, b)
}

fn v2_json(srv: &Server, fields: &[(&str, &str)]) -> Value {
    let (status, b) = v2(srv, fields);
    assert_eq!(status, 200, "{b}");
    json_of(&b)
}

/// `application/x-www-form-urlencoded` encoding.
fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn rules_of(matches: &Value) -> Vec<String> {
    matches
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["rule"]["id"].as_str().unwrap().to_string())
        .collect()
}

/// The text of a UTF-16 range.
fn utf16_slice(text: &str, offset: usize, length: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[offset..offset + length]).unwrap()
}

#[test]
fn v2_speaks_languagetool() {
    let srv = Server::start(&[]);
    let (status, head, body) = srv.request_with("GET", "/v2/languages", &[], None);
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("application/json"));
    let langs: Value = serde_json::from_str(&body).unwrap();
    let codes: Vec<&str> = langs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["longCode"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"fr-FR") && codes.contains(&"fr"), "{langs}");
    assert!(langs
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["name"].is_string() && l["code"] == "fr"));

    // The emoji is two UTF-16 units and "é" one, so UTF-16, char and byte
    // offsets all differ before "slt".
    let text = "Bonjour Hélène 😀, slt je vérifie votre commande.\nMerci de patienter tt de suite.";
    let v = v2_json(&srv, &[("language", "fr-FR"), ("text", text)]);
    assert_eq!(v["software"]["name"], "tchatlint");
    assert_eq!(v["software"]["apiVersion"], 1);
    assert_eq!(v["language"]["code"], "fr-FR");
    assert_eq!(v["language"]["detectedLanguage"]["code"], "fr-FR");
    assert_eq!(v["warnings"]["incompleteResults"], false);
    let matches = v["matches"].as_array().unwrap();
    let slt = matches
        .iter()
        .find(|m| m["rule"]["id"] == "sms-language")
        .expect("an sms-language match");
    let (offset, length) = (
        slt["offset"].as_u64().unwrap() as usize,
        slt["length"].as_u64().unwrap() as usize,
    );
    assert_eq!(utf16_slice(text, offset, length), "slt");
    assert_eq!(offset, "Bonjour Hélène 😀, ".encode_utf16().count());
    // The message is the finding's, then its help.
    let short = slt["shortMessage"].as_str().unwrap();
    assert!(short.contains("slt"), "{slt}");
    assert!(
        slt["message"].as_str().unwrap().len() > short.len() + 3,
        "{slt}"
    );
    assert!(slt["replacements"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["value"].as_str().is_some_and(|v| !v.is_empty())));
    assert_eq!(slt["rule"]["category"]["id"], "REGISTER");
    assert_eq!(slt["rule"]["issueType"], "register");
    assert!(slt["rule"]["description"].as_str().unwrap().len() > 3);
    assert_eq!(slt["type"]["typeName"], "Other");
    assert_eq!(
        slt["sentence"],
        "Bonjour Hélène 😀, slt je vérifie votre commande."
    );
    let ctx = &slt["context"];
    assert_eq!(
        utf16_slice(
            ctx["text"].as_str().unwrap(),
            ctx["offset"].as_u64().unwrap() as usize,
            ctx["length"].as_u64().unwrap() as usize
        ),
        "slt"
    );
    // The second line's fault is found in its own sentence.
    let tt = matches
        .iter()
        .find(|m| m["sentence"] == "Merci de patienter tt de suite.")
        .expect("a match on the second line");
    assert_eq!(
        utf16_slice(
            text,
            tt["offset"].as_u64().unwrap() as usize,
            tt["length"].as_u64().unwrap() as usize
        ),
        "tt"
    );

    // `fr`, `auto` and a GET with a query string work too; a clean reply
    // has no match.
    let v = v2_json(
        &srv,
        &[("language", "auto"), ("text", "Je vérifie votre commande.")],
    );
    assert_eq!(v["matches"], json!([]));
    assert_eq!(v["language"]["code"], "fr-FR");
    let (status, _, body) = srv.request_with(
        "GET",
        &format!("/v2/check?{}", form(&[("language", "fr"), ("text", "slt")])),
        &[],
        None,
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("sms-language"), "{body}");
}

#[test]
fn v2_refuses_other_languages_and_bad_requests_in_plain_text() {
    let srv = Server::start(&["--max-body", "2048"]);
    for (fields, needle) in [
        (vec![("language", "en-US"), ("text", "Hello")], "French"),
        (vec![("language", "de"), ("text", "Hallo")], "French"),
        (vec![("text", "Bonjour")], "language"),
        (vec![("language", "fr")], "text"),
        (
            vec![("language", "fr"), ("text", "x"), ("level", "strict")],
            "level",
        ),
        (vec![("language", "fr"), ("data", "{not json")], "data"),
        (
            vec![("language", "fr"), ("text", "x"), ("profile", "inconnu")],
            "profile",
        ),
    ] {
        let body = form(&fields);
        let (status, head, b) = srv.request_with(
            "POST",
            "/v2/check",
            &[],
            Some(("application/x-www-form-urlencoded", &body)),
        );
        assert_eq!(status, 400, "{fields:?}: {b}");
        assert!(head.contains("text/plain"), "{head}");
        assert!(b.starts_with("Error: ") && b.contains(needle), "{b}");
    }
    let big = "a".repeat(3000);
    let (status, b) = v2(&srv, &[("language", "fr"), ("text", &big)]);
    assert_eq!(status, 413, "{b}");
    let (status, _, b) = srv.request_with("PUT", "/v2/check", &[], None);
    assert_eq!(status, 405, "{b}");
}

#[test]
fn v2_annotated_text_offsets_point_into_the_document() {
    let srv = Server::start(&[]);
    let data = json!({"annotation": [
        {"markup": "<p>"},
        {"text": "Bonjour "},
        {"markup": "<b>"},
        {"text": "Hélène"},
        {"markup": "</b>"},
        {"text": ", slt je vérifie."},
        {"markup": "</p>", "interpretAs": "\n\n"}
    ]})
    .to_string();
    let v = v2_json(&srv, &[("language", "fr"), ("data", &data)]);
    let doc = "<p>Bonjour <b>Hélène</b>, slt je vérifie.</p>";
    let slt = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["rule"]["id"] == "sms-language")
        .expect("found in the text pieces");
    assert_eq!(
        utf16_slice(
            doc,
            slt["offset"].as_u64().unwrap() as usize,
            slt["length"].as_u64().unwrap() as usize
        ),
        "slt"
    );
}

#[test]
fn v2_rule_and_category_selection() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("charte.toml");
    std::fs::write(&config, "[emoji]\nlevel = \"off\"\n").unwrap();
    let srv = Server::start(&["--config", config.to_str().unwrap()]);
    let text = "Bonjour 😀, slt. Pouvez-vous me donner votre code reçu par SMS ?";
    let all = rules_of(&v2_json(&srv, &[("language", "fr"), ("text", text)])["matches"]);
    assert!(all.contains(&"sms-language".to_string()), "{all:?}");
    assert!(all.contains(&"sensitive-data".to_string()), "{all:?}");
    assert!(!all.contains(&"emoji".to_string()), "emoji is off: {all:?}");

    // disabledRules, in LanguageTool's spelling too.
    for id in ["sms-language", "SMS_LANGUAGE"] {
        let r = rules_of(
            &v2_json(
                &srv,
                &[("language", "fr"), ("text", text), ("disabledRules", id)],
            )["matches"],
        );
        assert!(!r.contains(&"sms-language".to_string()), "{id}: {r:?}");
        assert!(r.contains(&"sensitive-data".to_string()));
    }
    // enabledOnly with enabledRules.
    let r = rules_of(
        &v2_json(
            &srv,
            &[
                ("language", "fr"),
                ("text", text),
                ("enabledRules", "sensitive-data,UNKNOWN_LT_RULE"),
                ("enabledOnly", "true"),
            ],
        )["matches"],
    );
    assert_eq!(r, vec!["sensitive-data"]);
    // enabledRules turns on a rule the house style turns off.
    let r = rules_of(
        &v2_json(
            &srv,
            &[
                ("language", "fr"),
                ("text", text),
                ("enabledRules", "emoji"),
            ],
        )["matches"],
    );
    assert!(r.contains(&"emoji".to_string()), "{r:?}");
    assert!(r.contains(&"sms-language".to_string()), "{r:?}");
    // Categories.
    let r = rules_of(
        &v2_json(
            &srv,
            &[
                ("language", "fr"),
                ("text", text),
                ("disabledCategories", "REGISTER,COMPLIANCE"),
            ],
        )["matches"],
    );
    assert!(
        !r.contains(&"sms-language".to_string()) && !r.contains(&"sensitive-data".to_string()),
        "{r:?}"
    );
    let r = rules_of(
        &v2_json(
            &srv,
            &[
                ("language", "fr"),
                ("text", text),
                ("enabledCategories", "COMPLIANCE"),
                ("enabledOnly", "true"),
            ],
        )["matches"],
    );
    assert_eq!(r, vec!["sensitive-data"]);
}

#[test]
fn v1_rule_selection_and_ignored_words() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("charte.toml");
    std::fs::write(&config, "[emoji]\nlevel = \"off\"\n").unwrap();
    let srv = Server::start(&["--config", config.to_str().unwrap()]);
    let text = "Bonjour 😀, slt. Pouvez-vous me donner votre code reçu par SMS ?";
    let rules = |v: &Value| -> Vec<String> {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    let (s, v) = srv.post_json(
        "/v1/check",
        &json!({"text": text, "disabled_rules": ["sensitive-data"]}),
    );
    assert_eq!(s, 200, "{v}");
    assert!(!rules(&v).contains(&"sensitive-data".to_string()), "{v}");
    let (_, v) = srv.post_json(
        "/v1/check",
        &json!({"text": text, "enabled_rules": ["emoji"], "enabled_only": true}),
    );
    assert_eq!(rules(&v), vec!["emoji"], "{v}");
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
    assert_eq!(v["ok"], true, "a warning does not hold the reply back");
    // The customer's name, accepted for this conversation.
    let (_, v) = srv.post_json("/v1/check", &json!({"text": "Bonjour Kzwrtyk, slt."}));
    assert!(rules(&v).contains(&"sms-language".to_string()), "{v}");
    let (_, v) = srv.post_json(
        "/v1/check",
        &json!({"text": "Bonjour Kzwrtyk, slt.", "ignore_words": ["kzwrtyk", "SLT"]}),
    );
    assert!(!rules(&v).contains(&"sms-language".to_string()), "{v}");
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["span"]["start"] != 8),
        "{v}"
    );
    // The batch takes the same fields; an unknown rule is a 400.
    let (s, v) = srv.post_json(
        "/v1/check/batch",
        &json!({"texts": [text, "slt"], "enabled_rules": ["sms-language"], "enabled_only": true}),
    );
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["results"][1]["diagnostics"][0]["rule"], "sms-language");
    let (s, v) = srv.post_json(
        "/v1/check",
        &json!({"text": text, "disabled_rules": ["nope"]}),
    );
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (400, Some("unknown_rule")),
        "{v}"
    );
    let (s, v) = srv.post_json("/v1/check", &json!({"text": text, "enabled_only": "yes"}));
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (400, Some("invalid_field")),
        "{v}"
    );
}

#[test]
fn cors_is_off_by_default() {
    let srv = Server::start(&[]);
    let (status, head, _) = srv.request_with(
        "GET",
        "/healthz",
        &[("Origin", "https://console.exemple.fr")],
        None,
    );
    assert_eq!(status, 200);
    assert!(!head.contains("access-control-allow-origin"), "{head}");
    let (status, head, body) = srv.request_with(
        "OPTIONS",
        "/v1/check",
        &[
            ("Origin", "https://console.exemple.fr"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        None,
    );
    assert_eq!(status, 403, "{body}");
    assert!(!head.contains("access-control-allow-origin"), "{head}");
    assert!(body.contains("cors_origin_not_allowed"), "{body}");
}

#[test]
fn cors_origins_from_flags_and_config() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("charte.toml");
    std::fs::write(
        &config,
        "[server]\ncors_origins = [\"https://agents.exemple.fr\"]\n",
    )
    .unwrap();
    let srv = Server::start(&[
        "--cors-origin",
        "https://console.exemple.fr",
        "--cors-origin",
        "http://127.0.0.1:3000/",
        "--config",
        config.to_str().unwrap(),
    ]);
    for origin in [
        "https://console.exemple.fr",
        "http://127.0.0.1:3000",
        "https://agents.exemple.fr",
    ] {
        // Preflight.
        let (status, head, body) = srv.request_with(
            "OPTIONS",
            "/v2/check",
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "content-type"),
            ],
            None,
        );
        assert_eq!(status, 204, "{origin}: {body}");
        assert!(
            head.contains(&format!("access-control-allow-origin: {origin}")),
            "{head}"
        );
        assert!(head.contains("access-control-allow-methods: get, post, options"));
        assert!(head.contains("access-control-allow-headers: content-type"));
        assert!(head.contains("access-control-max-age: 600"));
        assert!(!head.contains("access-control-allow-private-network"));
        // The request itself.
        let (status, head, body) = srv.request_with(
            "POST",
            "/v1/check",
            &[("Origin", origin)],
            Some(("application/json", "{\"text\":\"slt\"}")),
        );
        assert_eq!(status, 200, "{body}");
        assert!(head.contains(&format!("access-control-allow-origin: {origin}")));
        assert!(head.contains("vary: origin"), "{head}");
    }
    // Errors carry the header too, so the page can read them.
    let (status, head, _) = srv.request_with(
        "POST",
        "/v1/check",
        &[("Origin", "https://console.exemple.fr")],
        Some(("application/json", "{")),
    );
    assert_eq!(status, 400);
    assert!(head.contains("access-control-allow-origin: https://console.exemple.fr"));
    // An origin not listed gets no header, and its preflight a 403.
    let (_, head, _) = srv.request_with(
        "GET",
        "/healthz",
        &[("Origin", "https://evil.exemple.com")],
        None,
    );
    assert!(!head.contains("access-control-allow-origin"), "{head}");
    let (status, _, _) = srv.request_with(
        "OPTIONS",
        "/v1/check",
        &[
            ("Origin", "https://evil.exemple.com"),
            ("Access-Control-Request-Method", "POST"),
        ],
        None,
    );
    assert_eq!(status, 403);

    // A public page calling a service on the private network (Chromium's
    // Private Network Access preflight).
    let (status, head, _) = srv.request_with(
        "OPTIONS",
        "/v1/check",
        &[
            ("Origin", "https://console.exemple.fr"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Private-Network", "true"),
        ],
        None,
    );
    assert_eq!(status, 204);
    assert!(
        head.contains("access-control-allow-private-network: true"),
        "{head}"
    );

    // "*" allows any origin.
    let any = Server::start(&["--cors-origin", "*"]);
    let (status, head, _) = any.request_with(
        "OPTIONS",
        "/v1/check",
        &[
            ("Origin", "https://n-importe.exemple.org"),
            ("Access-Control-Request-Method", "POST"),
        ],
        None,
    );
    assert_eq!(status, 204);
    assert!(head.contains("access-control-allow-origin: *"), "{head}");
}

#[test]
fn an_invalid_cors_origin_stops_the_start() {
    let out = Command::new(env!("CARGO_BIN_EXE_tchatlint"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--cors-origin",
            "console.exemple.fr/chat",
        ])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("origine CORS invalide"), "{err}");
}

#[test]
fn openapi_documents_v2_and_the_choices() {
    let srv = Server::start(&[]);
    let (status, _, body) = srv.request_with("GET", "/openapi.json", &[], None);
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    for p in ["/v2/check", "/v2/languages"] {
        assert!(v["paths"][p].is_object(), "{p} missing from openapi.json");
    }
    let check = &v["components"]["schemas"]["CheckRequest"]["properties"];
    for f in [
        "enabled_rules",
        "disabled_rules",
        "enabled_only",
        "ignore_words",
    ] {
        assert!(check[f].is_object(), "CheckRequest.{f} missing");
    }
}
