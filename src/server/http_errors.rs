//! The answers hyper writes by itself, made JSON like every other error.
//!
//! When a request cannot be parsed as HTTP (a head larger than the limit:
//! 431; a URI too long: 414; a malformed request line or header, such as a
//! Content-Length that is not a number: 400), hyper answers on its own,
//! before the service sees a request, with an empty body, then closes the
//! connection. It offers no hook for that answer, so the connection's
//! writes are watched instead: such an answer is recognised (one of those
//! statuses, a head alone, no `content-type`, which every answer of the
//! service has) and replaced by the same status with the service's JSON
//! error. Every other write passes through untouched after a three-byte
//! comparison.

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A connection whose parse-error answers are rewritten (see the module).
#[derive(Debug)]
pub struct JsonErrors<T> {
    io: T,
    /// The JSON answer being written in place of hyper's, how much of it is
    /// written, and the length of hyper's answer (reported as written).
    pending: Option<(Vec<u8>, usize, usize)>,
}

impl<T> JsonErrors<T> {
    pub fn new(io: T) -> Self {
        JsonErrors { io, pending: None }
    }
}

/// The JSON answer to put in place of `head`, if `head` is one of hyper's
/// own parse-error answers.
fn replacement(head: &[u8]) -> Option<Vec<u8>> {
    let status = head.strip_prefix(b"HTTP/1.1 ")?.get(..3)?;
    let (status, reason, code, message) = match status {
        b"400" => (
            400,
            "Bad Request",
            "bad_request",
            "the request is not valid HTTP (request line, a header, or a Content-Length \
             that is not a single number)",
        ),
        b"414" => (
            414,
            "URI Too Long",
            "uri_too_long",
            "the request's path and query string are too long",
        ),
        b"431" => (
            431,
            "Request Header Fields Too Large",
            "headers_too_large",
            "the request's headers are too large or too many",
        ),
        _ => return None,
    };
    let head_alone =
        head.ends_with(b"\r\n\r\n") && head.windows(4).filter(|w| w == b"\r\n\r\n").count() == 1;
    let typed = head
        .windows(13)
        .any(|w| w.eq_ignore_ascii_case(b"content-type:"));
    if !head_alone || typed {
        return None;
    }
    let body = serde_json::json!({ "error": { "code": code, "message": message } }).to_string();
    Some(
        format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

impl<T: AsyncWrite + Unpin> JsonErrors<T> {
    /// Write `buf`, or its replacement (see the module).
    fn write(&mut self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.pending.is_none() {
            if let Some(answer) = replacement(buf) {
                self.pending = Some((answer, 0, buf.len()));
            }
        }
        let Some((answer, written, claimed)) = &mut self.pending else {
            return Pin::new(&mut self.io).poll_write(cx, buf);
        };
        while *written < answer.len() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &answer[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        let claimed = (*claimed).min(buf.len());
        self.pending = None;
        Poll::Ready(Ok(claimed))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for JsonErrors<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for JsonErrors<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        // hyper's error answer is a head alone: one slice.
        let first = bufs
            .iter()
            .find(|b| !b.is_empty())
            .map_or(&[][..], |b| &b[..]);
        let alone = bufs.iter().filter(|b| !b.is_empty()).count() == 1;
        if self.pending.is_some() || (alone && first.starts_with(b"HTTP/1.1 4")) {
            return self.write(cx, first);
        }
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hypers_own_answers_are_replaced() {
        let hyper =
            b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let answer = String::from_utf8(replacement(hyper).unwrap()).unwrap();
        assert!(answer.starts_with("HTTP/1.1 431 "));
        assert!(answer.ends_with(r#"{"error":{"code":"headers_too_large","message":"the request's headers are too large or too many"}}"#));
        // The service's own answers carry a content type.
        let ours = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n";
        assert!(replacement(ours).is_none());
        assert!(replacement(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
        // A head followed by a body is not hyper's.
        assert!(replacement(b"HTTP/1.1 400 Bad Request\r\n\r\nbody").is_none());
    }
}
