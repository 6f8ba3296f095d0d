//! PDFs are read in a separate process with an address-space limit and a deadline.
//!
//! A PDF's streams are inflated by the PDF library with no bound, its fonts and nested forms
//! are walked recursively, and a failed allocation or an overflowed stack aborts the process
//! outright: no `catch_unwind` can stop that. So the parent never parses a PDF itself. It
//! re-runs its own executable with a hidden subcommand ([`WORKER_COMMAND`]); that child caps
//! its address space with `setrlimit(RLIMIT_AS)` and serves PDFs one after another over a
//! pipe. A PDF that exhausts the child's memory, crashes it or outlasts the deadline costs
//! one skipped file and a new child for the next PDF — the run goes on. The text is the
//! same as reading in-process would give, so reports stay byte-identical.
//!
//! The protocol, on the child's stdin and a private copy of its stdout: a request is a
//! little-endian `u64` length and that many PDF bytes; a reply is one status byte (0 text,
//! 1 error message), a `u64` length and that many UTF-8 bytes.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::documents::DocumentError;
use super::limits::Limits;

/// The hidden subcommand that runs a worker.
pub const WORKER_COMMAND: &str = "__pdf-worker";

/// Where PDFs are parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum PdfReading {
    /// In the calling process. A PDF that exhausts memory or the stack ends the process:
    /// meant for tests and embedding, where a worker executable is not at hand.
    #[default]
    InProcess,
    /// In child processes running this executable (the `iso20k` binary) as workers.
    Worker(PathBuf),
}

impl PdfReading {
    /// Workers running the current executable, which must be the `iso20k` binary.
    pub fn current_exe() -> PdfReading {
        match std::env::current_exe() {
            Ok(path) => PdfReading::Worker(path),
            Err(_) => PdfReading::InProcess,
        }
    }
}

/// Why a PDF's text was not read. Each message names the limit crossed and how to raise it,
/// or says what to do with the file; the run skips the file with it.
#[derive(Debug, thiserror::Error)]
pub enum PdfReadError {
    /// The worker process could not be started.
    #[error("the PDF reader (`{}`) could not be started: {source}", program.display())]
    Start {
        /// The executable run as the worker.
        program: PathBuf,
        /// Why it did not start.
        source: std::io::Error,
    },
    /// The worker started but its pipes were not handed over.
    #[error("the PDF reader's pipes could not be opened")]
    Pipes,
    /// The worker did not answer before the deadline.
    #[error("reading it took longer than {seconds} s (a PDF built to stall readers, or raise limits.max_pdf_seconds in assessment.toml if the file is genuine)")]
    Timeout {
        /// The deadline, `limits.max_pdf_seconds`.
        seconds: u64,
    },
    /// The worker ran out of its address space.
    #[error("reading it needed more than the {megabytes} MB a PDF may use (a decompression bomb, or raise limits.max_pdf_memory_bytes in assessment.toml if the file is genuine)")]
    OutOfMemory {
        /// The cap, `limits.max_pdf_memory_bytes`, in MB.
        megabytes: u64,
    },
    /// The worker overflowed its stack on nested objects.
    #[error("its objects nest too deeply to read (a damaged or hostile PDF); export it again, or add a text copy")]
    StackOverflow,
    /// The worker died or its pipe broke for another reason.
    #[error("the PDF reader {how} on it (a damaged or hostile PDF); export it again, or add a text copy")]
    Died {
        /// How it ended (`exited with status 3`, `was stopped by signal 9`).
        how: String,
    },
    /// The worker read the file and said why it has no text (a [`DocumentError`]'s message,
    /// which crossed the pipe as text).
    #[error("{0}")]
    Refused(String),
    /// Read in this process, the file gave no text.
    #[error(transparent)]
    InProcess(#[from] DocumentError),
}

/// A worker's answer to one request, as it crosses the pipe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// The PDF's text (status byte 0).
    Text(String),
    /// Why the PDF has no text (status byte 1).
    Refused(String),
}

impl<E: std::fmt::Display> From<Result<String, E>> for Reply {
    fn from(answer: Result<String, E>) -> Reply {
        match answer {
            Ok(text) => Reply::Text(text),
            Err(why) => Reply::Refused(why.to_string()),
        }
    }
}

/// A running worker: the child and its pipes.
struct Running {
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
    /// The last bytes the child wrote to stderr (a panic or allocation message).
    stderr_tail: Arc<Mutex<Vec<u8>>>,
    /// The thread draining stderr; it ends when the child's stderr closes.
    stderr_drain: std::thread::JoinHandle<()>,
}

/// One reading thread's worker, started on its first PDF and again after one died.
pub struct PdfWorker {
    program: PathBuf,
    running: Option<Running>,
}

impl PdfWorker {
    /// A worker that will run `program` (not started yet).
    pub fn new(program: PathBuf) -> PdfWorker {
        PdfWorker {
            program,
            running: None,
        }
    }

    /// The text of a PDF, read by the worker within the limits; an error names the limit
    /// crossed and how to raise it.
    pub fn extract_text(&mut self, bytes: &[u8], limits: &Limits) -> Result<String, PdfReadError> {
        let deadline = Instant::now() + Duration::from_secs(limits.max_pdf_seconds.max(1));
        let running = match &mut self.running {
            Some(running) => running,
            none => none.insert(start(&self.program, limits)?),
        };
        match exchange(running, bytes, deadline) {
            Ok(Reply::Text(text)) => Ok(text),
            Ok(Reply::Refused(why)) => Err(PdfReadError::Refused(why)),
            Err(failure) => {
                let mut running = self.running.take().expect("worker present");
                let _ = running.child.kill();
                let status = running.child.wait().ok();
                // The child is gone, so its stderr is closed and the drain ends soon: wait
                // for it (briefly) so the reason the child gave is not missed.
                let waited = Instant::now();
                while !running.stderr_drain.is_finished()
                    && waited.elapsed() < Duration::from_secs(1)
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                let tail = running
                    .stderr_tail
                    .lock()
                    .map(|t| String::from_utf8_lossy(&t).into_owned())
                    .unwrap_or_default();
                Err(explain_failure(failure, status, &tail, limits))
            }
        }
    }
}

/// Starts a worker running `program`, capped at the limits' memory.
fn start(program: &std::path::Path, limits: &Limits) -> Result<Running, PdfReadError> {
    let mut child = Command::new(program)
        .arg(WORKER_COMMAND)
        .arg("--max-memory")
        .arg(limits.max_pdf_memory_bytes.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| PdfReadError::Start {
            program: program.to_path_buf(),
            source,
        })?;
    let (Some(stdin), Some(stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(PdfReadError::Pipes);
    };
    // Drained all along so a chatty child never blocks on a full pipe; only the end,
    // which says why a child died, is kept.
    let stderr_tail = Arc::new(Mutex::new(Vec::new()));
    let tail = Arc::clone(&stderr_tail);
    let stderr_drain = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut t) = tail.lock() {
                t.extend_from_slice(&buf[..n]);
                let excess = t.len().saturating_sub(4096);
                t.drain(..excess);
            }
        }
    });
    Ok(Running {
        child,
        stdin,
        stdout,
        stderr_tail,
        stderr_drain,
    })
}

impl Drop for PdfWorker {
    fn drop(&mut self) {
        if let Some(mut running) = self.running.take() {
            // Closing stdin ends the worker's loop; kill covers a stuck one.
            drop(running.stdin);
            let _ = running.child.kill();
            let _ = running.child.wait();
        }
    }
}

/// Why a request got no reply.
enum Failure {
    /// The deadline passed.
    Timeout,
    /// The child closed its end (it died) or a pipe failed.
    Broken(String),
}

/// Sends one PDF and waits for the reply until `deadline`; `Ok` holds the worker's answer.
fn exchange(running: &mut Running, bytes: &[u8], deadline: Instant) -> Result<Reply, Failure> {
    write_request(&mut running.stdin, bytes).map_err(|e| Failure::Broken(e.to_string()))?;
    let stdout = &mut running.stdout;
    read_reply(|buf| read_until(stdout, buf, deadline))
}

/// The longest reply a parent accepts: far above any text a PDF within the file limit holds.
pub const MAX_REPLY_BYTES: u64 = 1 << 32;

/// The bytes the parent reads a reply in, so a reply that announces more than it sends
/// costs only what it sent.
const REPLY_CHUNK: usize = 1 << 16;

/// Writes one request: the PDF's length as a little-endian `u64`, then its bytes.
pub fn write_request(pipe: &mut impl Write, pdf: &[u8]) -> std::io::Result<()> {
    pipe.write_all(&(pdf.len() as u64).to_le_bytes())?;
    pipe.write_all(pdf)?;
    pipe.flush()
}

/// Reads one request; `None` when the stream ends, before or inside a request (the parent
/// closed its end: the worker's signal to stop).
pub fn read_request(pipe: &mut impl Read) -> Option<Vec<u8>> {
    let mut len = [0u8; 8];
    pipe.read_exact(&mut len).ok()?;
    let len = u64::from_le_bytes(len);
    let mut pdf = Vec::new();
    // `take` bounds the read by what actually arrives, not by the length announced.
    pipe.take(len).read_to_end(&mut pdf).ok()?;
    (pdf.len() as u64 == len).then_some(pdf)
}

/// One reply: a status byte (0 text, 1 error message), the length as a little-endian `u64`,
/// then the UTF-8 bytes.
pub fn encode_reply(answer: &Reply) -> Vec<u8> {
    let (status, text) = match answer {
        Reply::Text(text) => (0u8, text),
        Reply::Refused(message) => (1u8, message),
    };
    let mut reply = Vec::with_capacity(9 + text.len());
    reply.push(status);
    reply.extend_from_slice(&(text.len() as u64).to_le_bytes());
    reply.extend_from_slice(text.as_bytes());
    reply
}

/// Reads one reply through `fill`, which fills a buffer or says why it could not. A status
/// other than 0 or 1, or a length over [`MAX_REPLY_BYTES`], is a malformed reply.
fn read_reply(mut fill: impl FnMut(&mut [u8]) -> Result<(), Failure>) -> Result<Reply, Failure> {
    let mut head = [0u8; 9];
    fill(&mut head)?;
    let len = u64::from_le_bytes(head[1..9].try_into().expect("8 bytes"));
    if head[0] > 1 || len > MAX_REPLY_BYTES {
        return Err(Failure::Broken("a malformed reply".into()));
    }
    let mut payload = Vec::new();
    let mut left = len as usize;
    while left > 0 {
        let chunk = left.min(REPLY_CHUNK);
        let start = payload.len();
        payload.resize(start + chunk, 0);
        fill(&mut payload[start..])?;
        left -= chunk;
    }
    let text = String::from_utf8_lossy(&payload).into_owned();
    Ok(match head[0] {
        0 => Reply::Text(text),
        _ => Reply::Refused(text),
    })
}

/// Reads one reply from a byte stream, as the parent reads one from the worker's pipe:
/// `None` when the stream ends early or the reply is malformed. For the fuzz target and
/// tests, which have no pipe.
pub fn read_reply_from(stream: &mut impl Read) -> Option<Reply> {
    read_reply(|buf| {
        stream
            .read_exact(buf)
            .map_err(|e| Failure::Broken(e.to_string()))
    })
    .ok()
}

/// Fills `buf` from the pipe, waiting at most until `deadline`.
fn read_until(pipe: &mut ChildStdout, buf: &mut [u8], deadline: Instant) -> Result<(), Failure> {
    use std::os::fd::AsRawFd;
    let mut filled = 0;
    while filled < buf.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::Timeout);
        }
        let mut poll = libc::pollfd {
            fd: pipe.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let millis = left.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: one valid pollfd, owned by this frame, for the duration of the call.
        let ready = unsafe { libc::poll(&mut poll, 1, millis.max(1)) };
        if ready < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(Failure::Broken(e.to_string()));
        }
        if ready == 0 {
            continue;
        }
        match pipe.read(&mut buf[filled..]) {
            Ok(0) => return Err(Failure::Broken("the reader stopped".into())),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Failure::Broken(e.to_string())),
        }
    }
    Ok(())
}

/// The skip reason for a worker that died or ran out of time.
fn explain_failure(
    failure: Failure,
    status: Option<std::process::ExitStatus>,
    stderr_tail: &str,
    limits: &Limits,
) -> PdfReadError {
    let broken = match failure {
        Failure::Broken(why) => why,
        Failure::Timeout => {
            return PdfReadError::Timeout {
                seconds: limits.max_pdf_seconds,
            }
        }
    };
    let out_of_memory = stderr_tail.contains("memory allocation")
        || stderr_tail.contains("capacity overflow")
        || stderr_tail.contains("out of memory");
    if out_of_memory {
        return PdfReadError::OutOfMemory {
            megabytes: limits.max_pdf_memory_bytes >> 20,
        };
    }
    if stderr_tail.contains("overflowed its stack") {
        return PdfReadError::StackOverflow;
    }
    let how = status
        .map(describe_status)
        .unwrap_or_else(|| format!("stopped ({broken})"));
    PdfReadError::Died { how }
}

fn describe_status(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with status {code}"),
        (_, Some(signal)) => format!("was stopped by signal {signal}"),
        _ => "stopped".into(),
    }
}

/// The worker's side: caps its own address space at `max_memory` bytes, then reads PDFs
/// from stdin and answers on the original stdout until stdin closes. Returns the exit code.
pub fn serve(max_memory: u64) -> i32 {
    use std::os::fd::FromRawFd;
    // The replies get a private copy of stdout, and fd 1 is pointed at stderr, so nothing a
    // library prints can be mistaken for a reply.
    // SAFETY: dup/dup2 on the standard descriptors this process owns; no memory is passed.
    let reply_fd = unsafe {
        let fd = libc::dup(1);
        if fd < 0 || libc::dup2(2, 1) < 0 {
            return 70;
        }
        fd
    };
    // SAFETY: `reply_fd` is a fresh descriptor owned from here on by this File only.
    let mut replies = unsafe { std::fs::File::from_raw_fd(reply_fd) };
    limit_address_space(max_memory);
    // Panics are answered as errors; their default message would only fill the pipe.
    std::panic::set_hook(Box::new(|_| {}));
    serve_stream(
        &mut std::io::stdin().lock(),
        &mut replies,
        super::documents::extract_pdf_text,
    );
    0
}

/// The worker's loop on any pair of streams: answers each request with `extract`'s result
/// (its error's message as a refusal) until the input ends or the output closes.
pub fn serve_stream<E: std::fmt::Display>(
    requests: &mut impl Read,
    replies: &mut impl Write,
    extract: impl Fn(&[u8]) -> Result<String, E>,
) {
    while let Some(pdf) = read_request(requests) {
        let answer = Reply::from(extract(&pdf));
        drop(pdf);
        let reply = encode_reply(&answer);
        if replies
            .write_all(&reply)
            .and_then(|_| replies.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Caps this process's address space (and turns off core dumps, which an abort on a bomb
/// would otherwise write).
fn limit_address_space(max_memory: u64) {
    let cap = libc::rlimit {
        rlim_cur: max_memory as libc::rlim_t,
        rlim_max: max_memory as libc::rlim_t,
    };
    let no_core = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: setrlimit reads the two structs, owned by this frame, and nothing else.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &cap);
        libc::setrlimit(libc::RLIMIT_CORE, &no_core);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_replies_cross_the_pipe_unchanged() {
        let mut requests = Vec::new();
        for pdf in [&b"%PDF-1.4 one"[..], b"", "两".as_bytes()] {
            write_request(&mut requests, pdf).unwrap();
        }
        let mut replies = Vec::new();
        serve_stream(&mut requests.as_slice(), &mut replies, |pdf| {
            if pdf.is_empty() {
                Err("empty")
            } else {
                Ok(String::from_utf8_lossy(pdf).into_owned())
            }
        });
        let mut stream = replies.as_slice();
        let answers: Vec<_> = std::iter::from_fn(|| read_reply_from(&mut stream)).collect();
        assert_eq!(
            answers,
            [
                Reply::Text("%PDF-1.4 one".into()),
                Reply::Refused("empty".into()),
                Reply::Text("两".into())
            ]
        );
    }

    #[test]
    fn a_reply_announcing_more_than_it_sends_costs_only_what_it_sent() {
        // A length of 4 GiB with three bytes behind it: refused when the bytes run out,
        // without the 4 GiB buffer the announced length would ask for.
        let mut reply = vec![0u8];
        reply.extend_from_slice(&MAX_REPLY_BYTES.to_le_bytes());
        reply.extend_from_slice(b"abc");
        assert_eq!(read_reply_from(&mut reply.as_slice()), None);
        let mut bad_status = encode_reply(&Reply::Text("x".into()));
        bad_status[0] = 7;
        assert_eq!(read_reply_from(&mut bad_status.as_slice()), None);
    }

    /// A stand-in worker: a shell script with `body`, so the parent's handling of a worker
    /// that stalls or dies is tested without a PDF that does either.
    fn fake_worker(dir: &std::path::Path, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join("worker.sh");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[test]
    fn a_worker_that_stalls_is_stopped_at_the_deadline() {
        let dir = tempfile::tempdir().unwrap();
        let mut worker = PdfWorker::new(fake_worker(dir.path(), "exec sleep 30"));
        let limits = Limits {
            max_pdf_seconds: 1,
            ..Limits::default()
        };
        let started = Instant::now();
        let e = worker.extract_text(b"%PDF-1.4", &limits).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(matches!(e, PdfReadError::Timeout { seconds: 1 }), "{e}");
        let message = e.to_string();
        assert!(
            message.contains("longer than 1 s") && message.contains("max_pdf_seconds"),
            "{message}"
        );
    }

    #[test]
    fn a_worker_that_dies_costs_one_file_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let script = fake_worker(
            dir.path(),
            "echo 'memory allocation of 480 bytes failed' >&2; kill -ABRT $$",
        );
        let mut worker = PdfWorker::new(script);
        for _ in 0..2 {
            let e = worker
                .extract_text(b"%PDF-1.4", &Limits::default())
                .unwrap_err();
            assert!(matches!(e, PdfReadError::OutOfMemory { .. }), "{e}");
            assert!(e.to_string().contains("max_pdf_memory_bytes"), "{e}");
        }
    }
}
