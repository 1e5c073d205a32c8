//! Integration tests of `tchatlint serve`: the binary is started on a free
//! loopback port (`--addr 127.0.0.1:0`, the address is read from its first
//! line of output) and spoken to over plain TCP with HTTP/1.1.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tchatlint"))
            .arg("serve")
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("a first line");
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        Server { child, addr }
    }

    fn pid(&self) -> String {
        self.child.id().to_string()
    }

    fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([sig, &self.pid()])
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "kill {sig} failed");
    }

    /// One request on a fresh connection: (status, headers, body).
    fn raw(&self, request: &[u8]) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request).unwrap();
        read_response(&mut s)
    }

    fn request(&self, method: &str, path: &str, body: Option<&str>) -> (u16, String, String) {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        if let Some(b) = body {
            req.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                b.len()
            ));
        }
        req.push_str("\r\n");
        if let Some(b) = body {
            req.push_str(b);
        }
        self.raw(req.as_bytes())
    }

    fn get_json(&self, path: &str) -> (u16, Value) {
        let (status, _, body) = self.request("GET", path, None);
        (status, serde_json::from_str(&body).unwrap_or(Value::Null))
    }

    fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        let (status, _, body) = self.request("POST", path, Some(&body.to_string()));
        (
            status,
            serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("JSON response expected ({e}): {body}")),
        )
    }

    fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let t = Instant::now();
        while t.elapsed() < limit {
            if let Ok(Some(st)) = self.child.try_wait() {
                return Some(st);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_response(s: &mut TcpStream) -> (u16, String, String) {
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_lowercase(), body.to_string())
}

fn error_code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

#[test]
fn check_reports_findings_with_all_offsets() {
    let srv = Server::start(&[]);
    let text = "Bonjour 😀, pouvez-vous me donner votre code reçu par SMS ?";
    let (status, v) = srv.post_json("/v1/check", &json!({ "text": text }));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["ok"], false);
    assert_eq!(v["profile"], "default");
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "sensitive-data")
        .expect("a sensitive-data finding");
    assert_eq!(d["severity"], "error");
    let span = &d["span"];
    let (start, end) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert!(text[start..end].contains("code reçu par SMS"));
    // Byte, char and UTF-16 offsets agree with the text.
    let cs = span["char_start"].as_u64().unwrap() as usize;
    let ce = span["char_end"].as_u64().unwrap() as usize;
    assert_eq!(
        text.chars().skip(cs).take(ce - cs).collect::<String>(),
        &text[start..end]
    );
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let us = span["utf16_start"].as_u64().unwrap() as usize;
    let ue = span["utf16_end"].as_u64().unwrap() as usize;
    assert_eq!(
        String::from_utf16(&utf16[us..ue]).unwrap(),
        &text[start..end]
    );
    assert_eq!(us, cs + 1, "the emoji is two UTF-16 units");
    assert_eq!(span["line"], 1);
    assert!(d["message"].is_string() && d["help"].is_string());
    assert!(d["suggestions"].is_array());
    assert!(d["applicability"].is_string());

    let (status, v) = srv.post_json(
        "/v1/check",
        &json!({ "text": "Bonjour, je vérifie votre commande." }),
    );
    assert_eq!(status, 200);
    assert_eq!(v["ok"], true, "{v}");
    // An empty text is a valid draft.
    let (status, v) = srv.post_json("/v1/check", &json!({ "text": "" }));
    assert_eq!((status, v["ok"].clone()), (200, json!(true)));
}

#[test]
fn batch_rules_health_openapi_and_console() {
    let srv = Server::start(&[]);
    let (status, v) = srv.post_json(
        "/v1/check/batch",
        &json!({ "texts": ["Voici le lien : http://www.exemple.fr/suivi", "Je vérifie votre commande."] }),
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["results"].as_array().unwrap().len(), 2);
    assert_eq!(v["results"][0]["ok"], false);
    assert_eq!(v["results"][1]["ok"], true);
    assert_eq!(v["ok"], false);

    let texts: Vec<String> = (0..101).map(|i| format!("Réponse {i}.")).collect();
    let (status, v) = srv.post_json("/v1/check/batch", &json!({ "texts": texts }));
    assert_eq!((status, error_code(&v)), (413, "too_many_texts"));

    let (status, v) = srv.get_json("/v1/rules");
    assert_eq!(status, 200);
    let rules = v["rules"].as_array().unwrap();
    assert!(rules
        .iter()
        .any(|r| r["id"] == "sensitive-data" && r["level"] == "error"));
    assert!(rules.iter().all(|r| r["summary"].is_string()));

    let (status, v) = srv.get_json("/v1/phrases");
    assert_eq!(status, 200, "{v}");
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 10);
    assert!(steps
        .iter()
        .all(|s| s["id"].is_string() && s["phrases"].is_array()));
    let (status, v) = srv.get_json("/v1/phrases?step=closing");
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["steps"].as_array().unwrap().len(), 1);
    assert_eq!(v["steps"][0]["id"], "closing");
    assert!(!v["steps"][0]["phrases"].as_array().unwrap().is_empty());
    let (status, v) = srv.get_json("/v1/phrases?step=dessert");
    assert_eq!((status, error_code(&v)), (400, "unknown_step"));

    let (status, v) = srv.get_json("/healthz");
    assert_eq!(status, 200);
    assert_eq!(v["status"], "ok");
    assert_eq!(v["profiles"], json!(["default"]));

    let (status, v) = srv.get_json("/openapi.json");
    assert_eq!(status, 200);
    assert_eq!(v["openapi"], "3.0.3");
    for p in [
        "/v1/check",
        "/v1/check/batch",
        "/v1/rules",
        "/v1/reload",
        "/healthz",
        "/openapi.json",
        "/",
    ] {
        assert!(v["paths"][p].is_object(), "{p} missing from openapi.json");
    }

    let (status, head, body) = srv.request("GET", "/", None);
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"));
    assert!(body.contains("/console.js") && body.contains("id=\"draft\""));
    let (status, head, body) = srv.request("GET", "/console.js", None);
    assert_eq!(status, 200);
    assert!(head.contains("text/javascript"));
    assert!(body.contains("/v1/check") && body.contains("utf16_start"));
    let (status, head, _) = srv.request("GET", "/console.css", None);
    assert_eq!(status, 200);
    assert!(head.contains("text/css"));
    // No request id is missing.
    let (_, head, _) = srv.request("GET", "/healthz", None);
    assert!(head.contains("x-request-id: "));
}

#[test]
fn every_error_status_is_json() {
    let srv = Server::start(&["--max-body", "1024"]);
    let bad = |body: &str| {
        let (status, _, b) = srv.request("POST", "/v1/check", Some(body));
        let v: Value = serde_json::from_str(&b).unwrap_or_else(|_| panic!("not JSON: {b}"));
        (
            status,
            error_code(&v).to_string(),
            v["error"]["message"].as_str().unwrap_or("").to_string(),
        )
    };
    let (s, c, m) = bad("{\"text\": ");
    assert_eq!((s, c.as_str()), (400, "malformed_json"), "{m}");
    let (s, c, m) = bad("not json at all");
    assert_eq!((s, c.as_str()), (400, "malformed_json"), "{m}");
    let (s, c, m) = bad("{\"txt\": \"bonjour\"}");
    assert_eq!((s, c.as_str()), (400, "invalid_field"));
    assert!(m.contains("txt"), "{m}");
    let (s, c, m) = bad("{\"text\": 42}");
    assert_eq!((s, c.as_str()), (400, "invalid_field"));
    assert!(m.contains("invalid type"), "{m}");
    let (s, c, m) = bad("{\"profile\": \"x\"}");
    assert_eq!((s, c.as_str()), (400, "invalid_field"));
    assert!(m.contains("missing field `text`"), "{m}");
    let (s, c, _) = bad("");
    assert_eq!((s, c.as_str()), (400, "empty_body"));
    let (s, c, m) = bad("{\"text\": \"bonjour\", \"profile\": \"inconnu\"}");
    assert_eq!((s, c.as_str()), (400, "unknown_profile"));
    assert!(m.contains("default"), "{m}");
    let (s, c, _) = bad(&json!({ "text": "a".repeat(2000) }).to_string());
    assert_eq!((s, c.as_str()), (413, "payload_too_large"));
    // Too large without Content-Length (chunked): stopped while reading.
    let chunk = "a".repeat(1500);
    let req = format!(
        "POST /v1/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{{\"text\":\"{chunk}\"}}\r\n0\r\n\r\n",
        chunk.len() + 11
    );
    let (s, _, b) = srv.raw(req.as_bytes());
    assert_eq!(s, 413, "{b}");
    assert_eq!(
        error_code(&serde_json::from_str(&b).unwrap()),
        "payload_too_large"
    );
    // Invalid UTF-8 inside the JSON string.
    let mut req = b"POST /v1/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 13\r\n\r\n{\"text\":\"".to_vec();
    req.extend_from_slice(&[0xff, 0xfe, b'"', b'}']);
    let (s, _, b) = srv.raw(&req);
    assert_eq!(s, 400, "{b}");

    let (s, v) = srv.get_json("/v2/nothing");
    assert_eq!((s, error_code(&v)), (404, "not_found"));
    let (s, v) = srv.get_json("/v1/check");
    assert_eq!((s, error_code(&v)), (405, "method_not_allowed"));
    let (s, _, b) = srv.request("DELETE", "/healthz", None);
    assert_eq!(s, 405, "{b}");
    let (s, v) = srv.get_json("/v1/rules?profile=inconnu");
    assert_eq!((s, error_code(&v)), (400, "unknown_profile"));
    let (s, v) = srv.get_json("/v1/rules?colour=red");
    assert_eq!((s, error_code(&v)), (400, "invalid_query"));
    // The server is still up.
    assert_eq!(srv.get_json("/healthz").0, 200);
}

#[test]
fn slow_requests_time_out() {
    let srv = Server::start(&["--timeout-ms", "300"]);
    let mut s = TcpStream::connect(&srv.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 20\r\n\r\n{\"text\":")
        .unwrap();
    let t = Instant::now();
    let (status, _, body) = read_response(&mut s);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("timeout"));
    assert!(t.elapsed() < Duration::from_secs(5));
}

fn write(dir: &Path, name: &str, content: &str) {
    std::fs::write(dir.join(name), content).unwrap();
}

#[test]
fn profiles_and_reload() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "marque.toml",
        "[link]\nallowed_domains = [\"exemple.fr\"]\n",
    );
    let mut srv = Server::start(&["--profiles", dir.path().to_str().unwrap()]);
    let text = "Voir https://www.autre-site.com/aide pour la suite.";
    let link_count = |v: &Value| {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "link")
            .count()
    };
    let (_, v) = srv.post_json("/v1/check", &json!({ "text": text }));
    assert_eq!(link_count(&v), 0, "{v}");
    let (_, v) = srv.post_json("/v1/check", &json!({ "text": text, "profile": "marque" }));
    assert_eq!(link_count(&v), 1, "{v}");
    assert_eq!(v["profile"], "marque");
    assert_eq!(v["ok"], false);
    let (_, v) = srv.get_json("/healthz");
    assert_eq!(v["profiles"], json!(["default", "marque"]));
    let (_, v) = srv.get_json("/v1/rules?profile=marque");
    assert_eq!(v["profile"], "marque");

    // POST /v1/reload picks up an edited file.
    write(
        dir.path(),
        "marque.toml",
        "[link]\nallowed_domains = [\"autre-site.com\"]\n",
    );
    let (status, v) = srv.post_json("/v1/reload", &json!({}));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["reloaded"], true);
    let (_, v) = srv.post_json("/v1/check", &json!({ "text": text, "profile": "marque" }));
    assert_eq!(link_count(&v), 0, "{v}");

    // A broken file: 422, and the previous profiles stay in service.
    write(
        dir.path(),
        "marque.toml",
        "[link]\nallowed_domain = [\"x.fr\"]\n",
    );
    let (status, v) = srv.post_json("/v1/reload", &json!({}));
    assert_eq!((status, error_code(&v)), (422, "reload_failed"), "{v}");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("marque.toml"));
    let (status, v) = srv.post_json("/v1/check", &json!({ "text": text, "profile": "marque" }));
    assert_eq!((status, link_count(&v)), (200, 0));

    // SIGHUP: a new brand appears without a restart.
    write(
        dir.path(),
        "marque.toml",
        "[link]\nallowed_domains = [\"exemple.fr\"]\n",
    );
    write(
        dir.path(),
        "autre.toml",
        "[sensitive-data]\nlevel = \"off\"\n",
    );
    srv.signal("-HUP");
    let t = Instant::now();
    loop {
        let (_, v) = srv.get_json("/healthz");
        if v["profiles"] == json!(["default", "autre", "marque"]) {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "SIGHUP reload not seen: {v}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let secret = "Pouvez-vous me donner votre code reçu par SMS ?";
    let (_, v) = srv.post_json("/v1/check", &json!({ "text": secret, "profile": "autre" }));
    assert_eq!(v["ok"], true, "{v}");
    let (_, v) = srv.post_json("/v1/check", &json!({ "text": secret }));
    assert_eq!(v["ok"], false, "{v}");
    assert!(srv.wait_exit(Duration::from_millis(10)).is_none());
}

#[test]
fn reload_does_not_drop_requests() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "marque.toml", "[emoji]\nallow = true\n");
    let srv = Server::start(&["--profiles", dir.path().to_str().unwrap()]);
    let addr = srv.addr.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (addr, stop) = (addr.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                let body = json!({ "text": "Merci pour votre patience 🙂", "profile": "marque" }).to_string();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let mut s = TcpStream::connect(&addr).unwrap();
                    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                    let req = format!(
                        "POST /v1/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    s.write_all(req.as_bytes()).unwrap();
                    let (status, _, b) = read_response(&mut s);
                    assert_eq!(status, 200, "{b}");
                    n += 1;
                }
                n
            })
        })
        .collect();
    for _ in 0..10 {
        let (status, v) = srv.post_json("/v1/reload", &json!({}));
        assert_eq!(status, 200, "{v}");
        srv.signal("-HUP");
        std::thread::sleep(Duration::from_millis(30));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let total: usize = workers
        .into_iter()
        .map(|w| w.join().expect("no failed request"))
        .sum();
    assert!(total > 0);
}

#[test]
fn sigterm_finishes_requests_in_flight_then_exits() {
    let mut srv = Server::start(&[]);
    // A request whose body is still on its way when SIGTERM arrives.
    let body = json!({ "text": "Je vérifie votre commande." }).to_string();
    let (first, rest) = body.split_at(10);
    let mut s = TcpStream::connect(&srv.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(
        format!(
            "POST /v1/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{first}",
            body.len()
        )
        .as_bytes(),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    srv.signal("-TERM");
    std::thread::sleep(Duration::from_millis(200));
    // New connections are refused once the listener is closed…
    assert!(
        srv.wait_exit(Duration::from_millis(10)).is_none(),
        "exited with a request in flight"
    );
    // …but the request in flight completes.
    s.write_all(rest.as_bytes()).unwrap();
    let (status, _, b) = read_response(&mut s);
    assert_eq!(status, 200, "{b}");
    assert!(b.contains("\"ok\":true"), "{b}");
    let st = srv
        .wait_exit(Duration::from_secs(10))
        .expect("exits after SIGTERM");
    assert!(st.success(), "{st:?}");
}
