//! A small client of the Redis protocol (RESP2) for the baseline of `bench screening`: commands go out as
//! arrays of bulk strings, replies come back as simple strings, errors, integers, bulk strings and arrays of
//! those. The baseline needs four commands — PING, DEL, SADD and SMISMEMBER — so these few lines stand in for
//! the `redis` crate and its compile time. No authentication, no database selection, no RESP3.

use anyhow::{Context, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

/// Deepest nesting of arrays accepted in a reply (the commands used here nest none).
const REPLY_DEPTH_MAX: usize = 4;

/// Longest bulk string or array accepted in a reply: a reply is never larger than what was asked.
const REPLY_LENGTH_MAX: usize = 1 << 28;

/// A decoded reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reply {
    Simple(String),
    Error(String),
    Integer(i64),
    /// `None` is the null bulk string.
    Bulk(Option<Vec<u8>>),
    /// `None` is the null array.
    Array(Option<Vec<Reply>>),
}

/// Appends one command, `args[0]` being its name, as a RESP array of bulk strings.
pub(crate) fn encode<'a>(out: &mut Vec<u8>, args: impl ExactSizeIterator<Item = &'a [u8]>) {
    out.push(b'*');
    out.extend_from_slice(args.len().to_string().as_bytes());
    out.extend_from_slice(b"\r\n");
    for arg in args {
        out.push(b'$');
        out.extend_from_slice(arg.len().to_string().as_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
}

/// The first reply in `input` and the bytes it took; `Ok(None)` when `input` holds only part of it.
pub(crate) fn decode(input: &[u8]) -> anyhow::Result<Option<(Reply, usize)>> {
    decode_at(input, 0, 0)
}

fn decode_at(input: &[u8], at: usize, depth: usize) -> anyhow::Result<Option<(Reply, usize)>> {
    let Some(end) = line_end(input, at + 1) else { return Ok(None) };
    let Some(&kind) = input.get(at) else { return Ok(None) };
    let line = &input[at + 1..end];
    let next = end + 2;
    let text = || String::from_utf8_lossy(line).into_owned();
    let reply = match kind {
        b'+' => Reply::Simple(text()),
        b'-' => Reply::Error(text()),
        b':' => Reply::Integer(number(line)?),
        b'$' => {
            let Some(length) = length(line)? else { return Ok(Some((Reply::Bulk(None), next))) };
            if input.len() < next + length + 2 {
                return Ok(None);
            }
            if &input[next + length..next + length + 2] != b"\r\n" {
                bail!("a bulk string of the wrong length");
            }
            return Ok(Some((Reply::Bulk(Some(input[next..next + length].to_vec())), next + length + 2)));
        }
        b'*' => {
            let Some(count) = length(line)? else { return Ok(Some((Reply::Array(None), next))) };
            if depth >= REPLY_DEPTH_MAX {
                bail!("arrays nested too deep");
            }
            let mut items = Vec::with_capacity(count.min(1 << 16));
            let mut position = next;
            for _ in 0..count {
                let Some((item, after)) = decode_at(input, position, depth + 1)? else { return Ok(None) };
                items.push(item);
                position = after;
            }
            return Ok(Some((Reply::Array(Some(items)), position)));
        }
        other => bail!("a reply of unknown type {:?}", char::from(other)),
    };
    Ok(Some((reply, next)))
}

/// Where the line starting at `from` ends (the index of its `\r`).
fn line_end(input: &[u8], from: usize) -> Option<usize> {
    let rest = input.get(from..)?;
    rest.windows(2).position(|w| w == b"\r\n").map(|i| from + i)
}

fn number(line: &[u8]) -> anyhow::Result<i64> {
    std::str::from_utf8(line)
        .ok()
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("not a number: {:?}", String::from_utf8_lossy(line)))
}

/// A length, `None` for -1 (null).
fn length(line: &[u8]) -> anyhow::Result<Option<usize>> {
    match number(line)? {
        -1 => Ok(None),
        n if (0..=REPLY_LENGTH_MAX as i64).contains(&n) => Ok(Some(n as usize)),
        n => bail!("a length out of range: {n}"),
    }
}

/// One connection, split so that one task can write commands while another reads replies (pipelining).
#[derive(Debug)]
pub(crate) struct Connection {
    pub(crate) reader: Replies,
    pub(crate) writer: OwnedWriteHalf,
}

/// The reading half: replies in the order of the commands.
#[derive(Debug)]
pub(crate) struct Replies {
    stream: OwnedReadHalf,
    buffer: Vec<u8>,
    start: usize,
}

impl Connection {
    pub(crate) async fn open(address: &str) -> anyhow::Result<Connection> {
        let stream = TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        let (reader, writer) = stream.into_split();
        Ok(Connection { reader: Replies { stream: reader, buffer: Vec::new(), start: 0 }, writer })
    }

    /// Sends one command and waits for its reply.
    pub(crate) async fn call(&mut self, args: &[&[u8]]) -> anyhow::Result<Reply> {
        let mut command = Vec::new();
        encode(&mut command, args.iter().copied());
        self.writer.write_all(&command).await?;
        self.reader.next().await
    }
}

impl Replies {
    /// The next reply; an error reply is an error.
    pub(crate) async fn next(&mut self) -> anyhow::Result<Reply> {
        loop {
            if let Some((reply, used)) = decode(&self.buffer[self.start..])? {
                self.start += used;
                if let Reply::Error(message) = reply {
                    bail!("redis: {message}");
                }
                return Ok(reply);
            }
            if self.start > 0 {
                self.buffer.drain(..self.start);
                self.start = 0;
            }
            let filled = self.buffer.len();
            self.buffer.resize(filled + (64 << 10), 0);
            let read = self.stream.read(&mut self.buffer[filled..]).await?;
            self.buffer.truncate(filled + read);
            if read == 0 {
                bail!("redis closed the connection");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(args: &[&str]) -> String {
        let mut out = Vec::new();
        encode(&mut out, args.iter().map(|a| a.as_bytes()));
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn commands_are_arrays_of_bulk_strings() {
        assert_eq!(encoded(&["PING"]), "*1\r\n$4\r\nPING\r\n");
        assert_eq!(
            encoded(&["SADD", "k", "11010519491231002X", ""]),
            "*4\r\n$4\r\nSADD\r\n$1\r\nk\r\n$18\r\n11010519491231002X\r\n$0\r\n\r\n"
        );
    }

    #[test]
    fn replies_of_every_type_decode() {
        let cases: [(&[u8], Reply); 7] = [
            (b"+PONG\r\n", Reply::Simple("PONG".into())),
            (b"-ERR wrong\r\n", Reply::Error("ERR wrong".into())),
            (b":-42\r\n", Reply::Integer(-42)),
            (b"$5\r\nab\r\nc\r\n", Reply::Bulk(Some(b"ab\r\nc".to_vec()))),
            (b"$-1\r\n", Reply::Bulk(None)),
            (b"*-1\r\n", Reply::Array(None)),
            (
                b"*3\r\n:1\r\n:0\r\n*1\r\n$0\r\n\r\n",
                Reply::Array(Some(vec![
                    Reply::Integer(1),
                    Reply::Integer(0),
                    Reply::Array(Some(vec![Reply::Bulk(Some(Vec::new()))])),
                ])),
            ),
        ];
        for (input, expected) in cases {
            let decoded = decode(input).unwrap_or_default();
            assert_eq!(decoded, Some((expected, input.len())), "{}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn a_partial_reply_waits_for_more_and_the_rest_is_left() {
        let whole = b"*2\r\n:1\r\n$3\r\nabc\r\n+OK\r\n";
        for cut in 0..whole.len() - 5 {
            assert_eq!(decode(&whole[..cut]).unwrap_or_default(), None, "cut at {cut}");
        }
        let (reply, used) = decode(whole).unwrap_or_default().unwrap_or((Reply::Integer(0), 0));
        assert_eq!(reply, Reply::Array(Some(vec![Reply::Integer(1), Reply::Bulk(Some(b"abc".to_vec()))])));
        assert_eq!(&whole[used..], b"+OK\r\n");
    }

    #[test]
    fn malformed_replies_are_refused() {
        for input in [
            &b"?x\r\n"[..],
            b":12a\r\n",
            b"$3\r\nabcd\r\n",
            b"$-2\r\n",
            b"*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n",
        ] {
            assert!(decode(input).is_err(), "{}", String::from_utf8_lossy(input));
        }
    }
}
