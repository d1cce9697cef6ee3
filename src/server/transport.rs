//! The server's standard input and output. `lsp_server`'s own stdio
//! transport stops reading at the first message it cannot parse; an editor
//! that sends one bad message would be left with a dead server. Here a
//! frame whose body is not a JSON-RPC message (the frame is consumed
//! whole) is answered with a parse error and the next one is read; a
//! header that is not one (a line without `\r\n`, a bad length) is skipped
//! line by line until the next header.

use std::io::{self, BufRead, ErrorKind, Write};
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

/// Reads messages until the input ends or `exit` arrives. A message that
/// cannot be read gets JSON-RPC's answer, a parse error with a null id
/// (which `lsp_server`'s `RequestId` cannot hold: it goes to `replies` as
/// written).
pub fn read_loop(input: &mut impl BufRead, to_server: &Sender<Message>, replies: &Sender<String>) {
    loop {
        match Message::read(input) {
            Ok(Some(message)) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || exit {
                    return;
                }
            }
            Ok(None) => return,
            Err(error) if error.kind() == ErrorKind::InvalidData => {
                eprintln!("postlint server: ignored a message that could not be read: {error}");
                let reply = serde_json::json!({
                    "jsonrpc": "2.0",
                    "id": null,
                    "error": {
                        "code": ErrorCode::ParseError as i32,
                        "message": format!("the message could not be read: {error}"),
                    },
                });
                let _ = replies.send(reply.to_string());
            }
            Err(error) => {
                eprintln!("postlint server: standard input failed: {error}");
                return;
            }
        }
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
        write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        output.flush()?;
    }
    // What the reader answered last.
    for body in replies.try_iter() {
        write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    }
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
        let input = [
            frame("{not json"),
            "garbage line\n".to_string(),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
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
        assert_eq!(out.matches("Content-Length").count(), 2, "{out}");
        assert!(out.contains(r#""id":null"#), "{out}");
        assert!(out.contains(r#""code":-32700"#), "{out}");
    }
}
