//! A page's content stream written as PDF operators, and compressed as soon as the page is
//! complete: a 10,000-finding report has thousands of pages, and holding them as operation
//! lists until the file is written cost more memory than the whole assessment.

use flate2::{Compress, Compression, FlushCompress, Status};

/// The name the page resources give the report font.
pub const FONT_RESOURCE: &str = "F1";

/// Operators of one content stream. Text state (font size, fill colour) is remembered so a
/// run of text in the same size and colour does not set them again.
#[derive(Default)]
pub struct Canvas {
    ops: Vec<u8>,
    size: Option<f32>,
    fill: Option<[u8; 3]>,
}

/// An RGB colour from a hex string such as `1F618D` (black when it is not one).
pub fn rgb(colour: &str) -> [u8; 3] {
    let v = u32::from_str_radix(colour.trim_start_matches('#'), 16).unwrap_or(0);
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

/// Writes the decimal digits of `n`.
fn digits(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[at..]);
}

/// Writes `v` with at most two decimals and no trailing zeros (`12`, `8.5`, `-0.25`); a
/// large report writes millions of coordinates, so without the formatting machinery.
fn number(out: &mut Vec<u8>, v: f32) {
    let hundredths = (f64::from(v) * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let h = hundredths.unsigned_abs();
    digits(out, h / 100);
    let fraction = h % 100;
    if fraction != 0 {
        out.push(b'.');
        out.push(b'0' + (fraction / 10) as u8);
        if !fraction.is_multiple_of(10) {
            out.push(b'0' + (fraction % 10) as u8);
        }
    }
}

fn colour(out: &mut Vec<u8>, c: [u8; 3], operator: &str) {
    for part in c {
        number(out, f32::from(part) / 255.0);
        out.push(b' ');
    }
    out.extend_from_slice(operator.as_bytes());
    out.push(b'\n');
}

impl Canvas {
    /// Text at (x, baseline y): `cids` are the characters' ids in the embedded font.
    pub fn text(&mut self, x: f32, y: f32, cids: &[u16], size: f32, fill: [u8; 3]) {
        let out = &mut self.ops;
        out.extend_from_slice(b"BT\n");
        if self.size != Some(size) {
            out.push(b'/');
            out.extend_from_slice(FONT_RESOURCE.as_bytes());
            out.push(b' ');
            number(out, size);
            out.extend_from_slice(b" Tf\n");
            self.size = Some(size);
        }
        if self.fill != Some(fill) {
            colour(out, fill, "rg");
            self.fill = Some(fill);
        }
        number(out, x);
        out.push(b' ');
        number(out, y);
        out.extend_from_slice(b" Td\n(");
        // Two bytes per character (half the size of hex), escaped where a literal string
        // needs it: parentheses, backslash, and line ends a reader would normalise.
        for byte in cids.iter().flat_map(|cid| cid.to_be_bytes()) {
            match byte {
                b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\n' => out.extend_from_slice(b"\\n"),
                _ => out.push(byte),
            }
        }
        out.extend_from_slice(b") Tj\nET\n");
    }

    /// A filled rectangle; `y` is the bottom edge.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: [u8; 3]) {
        if self.fill != Some(fill) {
            colour(&mut self.ops, fill, "rg");
            self.fill = Some(fill);
        }
        for v in [x, y, w, h] {
            number(&mut self.ops, v);
            self.ops.push(b' ');
        }
        self.ops.extend_from_slice(b"re f\n");
    }

    /// A straight line.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), stroke: [u8; 3], width: f32) {
        let out = &mut self.ops;
        colour(out, stroke, "RG");
        number(out, width);
        out.extend_from_slice(b" w\n");
        for (v, op) in [(from, b" m\n"), (to, b" l\n")] {
            number(out, v.0);
            out.push(b' ');
            number(out, v.1);
            out.extend_from_slice(op);
        }
        out.extend_from_slice(b"S\n");
    }

    /// The finished stream, zlib-compressed (for `/Filter /FlateDecode`).
    pub fn finish(self, compressor: &mut Compressor) -> Vec<u8> {
        compressor.compress(&self.ops)
    }

    /// The operators written, uncompressed.
    pub fn into_ops(self) -> Vec<u8> {
        self.ops
    }
}

/// Where finished pages go, to be compressed and kept in order.
pub trait PageSink {
    /// Takes a finished page's operators.
    fn push(&mut self, ops: Vec<u8>);
    /// Every page taken, compressed, in order.
    fn finish(self: Box<Self>) -> Vec<Vec<u8>>;
}

/// Compresses each page as it comes, on the calling thread.
#[derive(Default)]
pub struct InlineSink {
    pages: Vec<Vec<u8>>,
    compressor: Compressor,
}

impl PageSink for InlineSink {
    fn push(&mut self, ops: Vec<u8>) {
        self.pages.push(self.compressor.compress(&ops));
    }

    fn finish(self: Box<Self>) -> Vec<Vec<u8>> {
        self.pages
    }
}

/// Compresses pages on a thread of their own while the next ones are laid out:
/// compression is a fifth of a large report's time.
pub struct ThreadedSink<'scope> {
    pages: std::sync::mpsc::SyncSender<Vec<u8>>,
    worker: std::thread::ScopedJoinHandle<'scope, Vec<Vec<u8>>>,
}

impl<'scope> ThreadedSink<'scope> {
    /// Starts the compressing thread in `scope`.
    pub fn start<'env>(scope: &'scope std::thread::Scope<'scope, 'env>) -> ThreadedSink<'scope> {
        // A few pages in flight keep both threads busy without holding many uncompressed.
        let (pages, received) = std::sync::mpsc::sync_channel::<Vec<u8>>(16);
        let worker = scope.spawn(move || {
            let mut compressor = Compressor::default();
            received
                .iter()
                .map(|ops| compressor.compress(&ops))
                .collect()
        });
        ThreadedSink { pages, worker }
    }
}

impl PageSink for ThreadedSink<'_> {
    fn push(&mut self, ops: Vec<u8>) {
        // The worker only stops once the sender is dropped, so the send cannot fail unless it
        // panicked, which `finish` reports.
        let _ = self.pages.send(ops);
    }

    fn finish(self: Box<Self>) -> Vec<Vec<u8>> {
        let ThreadedSink { pages, worker } = *self;
        drop(pages);
        match worker.join() {
            Ok(pages) => pages,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// A zlib compressor reused from stream to stream: a new one per page allocated and cleared
/// its tables thousands of times in a large report.
pub struct Compressor(Compress);

impl Default for Compressor {
    fn default() -> Compressor {
        // The fastest level but one: page content is repetitive, and higher levels spent
        // much of a large report's time for a few percent of size.
        Compressor(Compress::new(Compression::new(2), true))
    }
}

impl Compressor {
    /// `bytes`, zlib-compressed.
    pub fn compress(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.0.reset();
        let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
        loop {
            let read = self.0.total_in() as usize;
            match self
                .0
                .compress_vec(&bytes[read..], &mut out, FlushCompress::Finish)
            {
                Ok(Status::StreamEnd) => return out,
                // Out of room: grow and go on.
                Ok(_) => out.reserve(out.capacity().max(1024)),
                // Compressing memory into memory has no failure of its own.
                Err(_) => return out,
            }
        }
    }
}

/// `bytes`, zlib-compressed by a compressor of their own.
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    Compressor::default().compress(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_at_most_two_decimals_and_no_trailing_zeros() {
        let mut out = Vec::new();
        for v in [12.0, 8.5, -0.25, 595.28, 0.004, 1.0 / 3.0] {
            number(&mut out, v);
            out.push(b' ');
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "12 8.5 -0.25 595.28 0 0.33 "
        );
    }

    #[test]
    fn text_sets_size_and_colour_only_when_they_change() {
        let mut canvas = Canvas::default();
        canvas.text(50.0, 700.0, &[1, 2], 9.5, rgb("1B2631"));
        canvas.text(50.0, 690.0, &[3], 9.5, rgb("1B2631"));
        canvas.text(50.0, 680.0, &[0x1F], 8.0, rgb("1B2631"));
        canvas.text(50.0, 670.0, &[0x28, 0x0A0D, 0x5C29], 8.0, rgb("1B2631"));
        let ops = String::from_utf8(canvas.ops).unwrap();
        assert_eq!(ops.matches(" Tf").count(), 2, "{ops}");
        assert_eq!(ops.matches(" rg").count(), 1, "{ops}");
        assert!(ops.contains("50 700 Td\n(\0\u{1}\0\u{2}) Tj"), "{ops}");
        assert!(ops.contains("(\0\u{1F}) Tj"), "{ops}");
        // Bytes a literal string cannot hold as they are are escaped.
        assert!(ops.contains("(\0\\(\\n\\r\\\\\\)) Tj"), "{ops}");
    }
}
