//! The server's standard input and output. `lsp_server`'s own stdio
//! transport stops reading at the first message it cannot parse; an editor
//! that sends one bad message would be left with a dead server. Here a
//! frame whose body is not a JSON-RPC message is answered with a parse
//! error and the next one is read; bytes that are not a frame (a wrong
//! length, a bad header) are skipped up to the next `Content-Length`.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_server::{Connection, ErrorCode, Message};

/// The threads behind a stdio connection.
pub struct Threads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl Threads {
    /// Waits for the writer to send everything (the server's side of the
    /// connection must be dropped first). The reader is not waited for:
    /// after `exit` nothing more is read.
    pub fn finish(self) -> io::Result<()> {
        drop(self.reader);
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over this process's standard input and output.
pub fn stdio() -> (Connection, Threads) {
    let (to_server, from_client) = unbounded::<Message>();
    let (to_client, from_server) = unbounded::<Message>();
    let (replies, raw_replies) = unbounded::<String>();
    let reader = thread::spawn(move || read_loop(&mut io::stdin().lock(), &to_server, &replies));
    let writer =
        thread::spawn(move || write_loop(&mut io::stdout().lock(), &from_server, &raw_replies));
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        Threads { reader, writer },
    )
}

/// The largest message read; a `Content-Length` above it is a broken
/// frame (an editor's buffer is far smaller), skipped without being held.
const MAX_FRAME: u64 = 256 << 20;

/// One frame's body, or why the bytes read were not one.
enum Frame {
    Body(Vec<u8>),
    Malformed(String),
    End,
}

/// Reads the next frame: header lines up to an empty line, then exactly
/// `Content-Length` bytes. A header is found by its `Content-Length:`
/// wherever it sits in a line, so that the rest of a body sent with a
/// wrong length (and no line break of its own) does not hide the header
/// after it.
fn read_frame(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<u64> = None;
    let mut line = Vec::new();
    let length = loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(Frame::End);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            match length {
                Some(length) => break length,
                None => continue,
            }
        }
        let Some(at) = text.to_ascii_lowercase().find("content-length:") else {
            // Another header (`Content-Type`), or stray bytes.
            continue;
        };
        match text[at + "content-length:".len()..].trim().parse::<u64>() {
            Ok(parsed) => length = Some(parsed),
            Err(_) => return Ok(Frame::Malformed(format!("a bad header: {text:?}"))),
        }
    };
    if length > MAX_FRAME {
        io::copy(&mut input.take(length), &mut io::sink())?;
        return Ok(Frame::Malformed(format!("a message of {length} bytes")));
    }
    let mut body = Vec::with_capacity(length as usize);
    input.take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Ok(Frame::End);
    }
    Ok(Frame::Body(body))
}

/// Reads messages until the input ends or `exit` arrives. A message that
/// cannot be read gets JSON-RPC's answer, a parse error with a null id
/// (which `lsp_server`'s `RequestId` cannot hold: it goes to `replies` as
/// written).
pub fn read_loop(input: &mut impl BufRead, to_server: &Sender<Message>, replies: &Sender<String>) {
    loop {
        let why = match read_frame(input) {
            Ok(Frame::Body(body)) => match serde_json::from_slice::<Message>(&body) {
                Ok(message) => {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if to_server.send(message).is_err() || exit {
                        return;
                    }
                    continue;
                }
                Err(error) => format!("not a JSON-RPC message: {error}"),
            },
            Ok(Frame::Malformed(why)) => why,
            Ok(Frame::End) => return,
            Err(error) => {
                eprintln!("postlint server: standard input failed: {error}");
                return;
            }
        };
        eprintln!("postlint server: ignored a message that could not be read: {why}");
        let reply = serde_json::json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": {
                "code": ErrorCode::ParseError as i32,
                "message": format!("the message could not be read: {why}"),
            },
        });
        let _ = replies.send(reply.to_string());
    }
}

/// Writes the server's messages and the reader's replies as they come,
/// until the server's side is dropped.
fn write_loop(
    output: &mut impl Write,
    from_server: &Receiver<Message>,
    replies: &Receiver<String>,
) -> io::Result<()> {
    let mut replies_open = true;
    loop {
        let body = if replies_open {
            crossbeam_channel::select! {
                recv(from_server) -> message => match message {
                    Ok(message) => { message.write(output)?; continue; }
                    Err(_) => break,
                },
                recv(replies) -> reply => match reply {
                    Ok(reply) => reply,
                    Err(_) => { replies_open = false; continue; }
                },
            }
        } else {
            match from_server.recv() {
                Ok(message) => {
                    message.write(output)?;
                    continue;
                }
                Err(_) => break,
            }
        };
        write_frame(output, &body)?;
    }
    // What the reader answered last.
    for body in replies.try_iter() {
        write_frame(output, &body)?;
    }
    Ok(())
}

/// A reply written as it is (JSON text), in a frame of its own.
fn write_frame(output: &mut impl Write, body: &str) -> io::Result<()> {
    write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_bad_message_is_answered_and_the_next_one_read() {
        // A body whose length is counted short leaves its tail before the
        // next header, on the same line.
        let short = r#"{"jsonrpc":"2.0","method":"initialized","params":{"x":"é"}}"#;
        let input = [
            frame("{not json"),
            "garbage line\n".to_string(),
            format!("Content-Length: {}\r\n\r\n{short}", short.len() - 4),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            "Content-Length: 99999999999\r\n\r\n{}".to_string(),
        ]
        .concat();
        let (to_server, from_client) = unbounded();
        let (replies, raw_replies) = unbounded();
        read_loop(&mut input.as_bytes(), &to_server, &replies);
        drop(replies);
        let (_, from_server) = unbounded::<Message>();
        let read: Vec<Message> = from_client.try_iter().collect();
        assert!(
            matches!(read.as_slice(), [Message::Notification(n)] if n.method == "initialized"),
            "{read:?}"
        );
        let mut out = Vec::new();
        write_loop(&mut out, &from_server, &raw_replies).unwrap();
        let out = String::from_utf8(out).unwrap();
        // The bad JSON, the short body and the huge length; the stray line
        // and the short body's tail are skipped.
        assert_eq!(out.matches("Content-Length").count(), 3, "{out}");
        assert!(out.contains(r#""id":null"#), "{out}");
        assert!(out.contains(r#""code":-32700"#), "{out}");
    }
}
