//! The harness of the service's integration tests (tests/server.rs and
//! tests/server_v2.rs): the binary is started on a free loopback port
//! (`--addr 127.0.0.1:0`, the address is read from its first line of
//! output) and spoken to over plain TCP with HTTP/1.1.

#![allow(dead_code)] // each test file uses its own part

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(args: &[&str]) -> Server {
        Server::start_env(args, &[])
    }

    /// Started with environment variables `env` set.
    pub fn start_env(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tchatlint"))
            .arg("serve")
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
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

    pub fn pid(&self) -> String {
        self.child.id().to_string()
    }

    pub fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([sig, &self.pid()])
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "kill {sig} failed");
    }

    /// A connection with a read timeout of 10 s.
    pub fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// One request on a fresh connection: (status, lower-cased head, body).
    pub fn raw(&self, request: &[u8]) -> (u16, String, String) {
        let mut s = self.connect();
        s.write_all(request).unwrap();
        read_response(&mut s)
    }

    /// One request with `headers` and an optional (content type, body).
    pub fn request_with(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, &str)>,
    ) -> (u16, String, String) {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some((ctype, b)) = body {
            req.push_str(&format!(
                "Content-Type: {ctype}\r\nContent-Length: {}\r\n",
                b.len()
            ));
        }
        req.push_str("\r\n");
        if let Some((_, b)) = body {
            req.push_str(b);
        }
        self.raw(req.as_bytes())
    }

    /// One request with an optional JSON body.
    pub fn request(&self, method: &str, path: &str, body: Option<&str>) -> (u16, String, String) {
        self.request_with(method, path, &[], body.map(|b| ("application/json", b)))
    }

    pub fn get_json(&self, path: &str) -> (u16, Value) {
        let (status, _, body) = self.request("GET", path, None);
        (status, serde_json::from_str(&body).unwrap_or(Value::Null))
    }

    pub fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        let (status, _, body) = self.request("POST", path, Some(&body.to_string()));
        (status, json_of(&body))
    }

    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
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

/// Read a whole response (the server closes the connection after it).
pub fn read_response(s: &mut TcpStream) -> (u16, String, String) {
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

pub fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON expected ({e}): {body}"))
}

pub fn error_code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}
