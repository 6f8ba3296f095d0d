//! A small layout layer that writes PDF page content: wrapped text runs (Latin by word,
//! CJK by character, never a line starting with closing punctuation), headings, tables that
//! paginate with repeated header rows, vector bar charts, running header and footer with
//! "page x of y", and a table of contents. It knows nothing about reports.

use super::canvas::{rgb, Canvas, Compressor, InlineSink, PageSink};
use super::font::{ReportFont, UsedGlyphs};

/// A4 portrait, in points.
pub const PAGE_W: f32 = 595.28;
/// A4 height.
pub const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 50.0;
const TOP: f32 = PAGE_H - 62.0;
const BOTTOM: f32 = 58.0;
/// Usable width.
pub const WIDTH: f32 = PAGE_W - 2.0 * MARGIN_X;

/// Longest token, in characters, that a table column widens for rather than breaks.
const LONGEST_WORD: usize = 18;

const INK: &str = "1B2631";
const MUTED: &str = "5D6D7E";
const ACCENT: &str = "1F618D";
const RULE: &str = "BFC9CA";
const HEADER_FILL: &str = "EAF2F8";

/// Character widths of the one embedded font.
pub struct Metrics {
    font: ReportFont,
}

impl Metrics {
    /// Metrics of `font`.
    pub fn new(font: ReportFont) -> Metrics {
        Metrics { font }
    }

    /// The font measured.
    pub fn font(&self) -> &ReportFont {
        &self.font
    }

    /// Advance of `c` at size 1.
    fn advance(&mut self, c: char) -> f32 {
        self.font.glyph(c).advance
    }

    /// Width of `text` at `size`.
    pub fn width(&mut self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
}

/// Punctuation that must not begin a line.
fn closing(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '”'
            | '’'
            | '%'
            | '．'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
    )
}

/// Splits text into lines no wider than `max` at `size`: Latin breaks between words (and
/// inside a word only when it alone is too wide), CJK between characters, and closing
/// punctuation stays with the character before it.
pub fn wrap(m: &mut Metrics, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    // Tokens as byte ranges of the paragraph, with whether a space comes before each: a
    // large report wraps millions of them.
    let mut tokens: Vec<(usize, usize, bool)> = Vec::new();
    for paragraph in text.split('\n') {
        tokens.clear();
        let mut word: Option<usize> = None;
        let mut space = false;
        for (at, c) in paragraph.char_indices() {
            if c.is_whitespace() {
                if let Some(start) = word.take() {
                    tokens.push((start, at, space));
                }
                space = true;
            } else if is_cjk(c) || word.is_none() && closing(c) {
                if let Some(start) = word.take() {
                    tokens.push((start, at, space));
                    space = false;
                }
                let end = at + c.len_utf8();
                match tokens.last_mut() {
                    // Closing punctuation right after a token stays with it.
                    Some(last) if closing(c) && !space && last.1 == at => last.1 = end,
                    _ => tokens.push((at, end, space)),
                }
                space = false;
            } else if word.is_none() {
                word = Some(at);
            }
        }
        if let Some(start) = word {
            tokens.push((start, paragraph.len(), space));
        }
        let space_w = m.advance(' ') * size;
        let mut line = String::new();
        let mut line_w = 0.0;
        for &(start, end, spaced) in &tokens {
            let token = &paragraph[start..end];
            let w = m.width(token, size);
            let extra = if spaced && !line.is_empty() {
                space_w
            } else {
                0.0
            };
            if line_w + extra + w <= max || line.is_empty() && w <= max {
                if extra > 0.0 {
                    line.push(' ');
                }
                line.push_str(token);
                line_w += extra + w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            if w <= max {
                line.push_str(token);
                line_w = w;
            } else {
                // A token wider than the line (a path, a hash): break it by characters.
                for c in token.chars() {
                    let cw = m.advance(c) * size;
                    if line_w + cw > max && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += cw;
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// One table column: header and width share.
pub struct Column {
    /// Header text.
    pub header: String,
    /// Share of the usable width.
    pub share: f32,
}

/// One row of [`Layout::paired_bar_chart`].
pub struct PairedBars {
    /// Label, left of the bars.
    pub label: String,
    /// Each bar's length on a scale of 0–100; none draws no bar.
    pub lengths: [Option<f32>; 2],
    /// Each bar's value as shown at its end.
    pub shown: [String; 2],
    /// The change, as shown at the right edge.
    pub change: String,
    /// Its colour (hex, no `#`), when not the body text's.
    pub change_colour: Option<String>,
}

/// A heading recorded for the table of contents.
pub struct Heading {
    /// Text.
    pub text: String,
    /// Level (1 or 2).
    pub level: u8,
    /// Page index (0-based, before the contents pages are inserted).
    pub page: usize,
}

/// The document being laid out: finished pages go to a sink that compresses them, only the
/// page being drawn is held as operators.
pub struct Layout<'a> {
    /// Text measurement.
    pub metrics: Metrics,
    /// The glyphs drawn so far, numbered for the embedded subset.
    pub glyphs: UsedGlyphs,
    /// Where finished pages go.
    sink: Box<dyn PageSink + 'a>,
    /// How many pages are finished.
    finished: usize,
    /// The page being drawn.
    canvas: Canvas,
    y: f32,
    /// Headings, for the contents.
    pub headings: Vec<Heading>,
    /// Reused for each text run's character ids.
    cids: Vec<u16>,
    /// Compresses the page decorations.
    compressor: Compressor,
}

impl<'a> Layout<'a> {
    /// An empty document measured with `metrics`, its pages going to `sink`.
    pub fn new(metrics: Metrics, sink: Box<dyn PageSink + 'a>) -> Layout<'a> {
        Layout {
            metrics,
            glyphs: UsedGlyphs::new(),
            sink,
            finished: 0,
            canvas: Canvas::default(),
            y: TOP,
            headings: Vec::new(),
            cids: Vec::new(),
            compressor: Compressor::default(),
        }
    }

    /// The index of the page being drawn.
    fn page(&self) -> usize {
        self.finished
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        let done = std::mem::take(&mut self.canvas);
        self.sink.push(done.into_ops());
        self.finished += 1;
        self.y = TOP;
    }

    /// Finishes the page being drawn and hands over every page's content stream.
    pub fn finish_pages(&mut self) -> Vec<Vec<u8>> {
        self.new_page();
        self.finished = 0;
        std::mem::replace(&mut self.sink, Box::new(InlineSink::default())).finish()
    }

    /// Makes room for `height` points, breaking the page if needed.
    pub fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    /// Vertical space.
    pub fn gap(&mut self, h: f32) {
        self.y -= h;
    }

    /// Draws one line of text at (x, baseline y).
    pub fn text_at(&mut self, x: f32, y: f32, text: &str, size: f32, colour: &str) {
        let mut cids = std::mem::take(&mut self.cids);
        cids.clear();
        for c in text.chars() {
            let glyph = self.metrics.font.glyph(c);
            cids.push(self.glyphs.cid(glyph, c));
        }
        self.canvas.text(x, y, &cids, size, rgb(colour));
        self.cids = cids;
    }

    /// A filled rectangle; `y` is the bottom edge.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: &str) {
        self.canvas.rect(x, y, w, h, rgb(colour));
    }

    /// A straight line.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, colour: &str, width: f32) {
        self.canvas.line((x1, y1), (x2, y2), rgb(colour), width);
    }

    /// A heading (level 1 starts a new page unless the page is fresh), recorded in the contents.
    pub fn heading(&mut self, text: &str, level: u8) {
        let size = if level == 1 { 16.0 } else { 12.5 };
        if level == 1 && self.y < TOP - 1.0 {
            self.new_page();
        }
        self.ensure(size * 3.5);
        self.gap(size * 1.2);
        self.text_at(MARGIN_X, self.y, text, size, ACCENT);
        if level == 1 {
            let y = self.y - 5.0;
            self.line(MARGIN_X, y, MARGIN_X + WIDTH, y, ACCENT, 0.8);
        }
        self.gap(size * 0.9);
        self.headings.push(Heading {
            text: text.to_string(),
            level,
            page: self.page(),
        });
    }

    /// A wrapped paragraph.
    pub fn paragraph(&mut self, text: &str, size: f32, colour: &str) {
        let leading = size * 1.45;
        for line in wrap(&mut self.metrics, text, size, WIDTH) {
            self.ensure(leading);
            self.gap(leading);
            self.text_at(MARGIN_X, self.y + size * 0.3, &line, size, colour);
        }
        self.gap(size * 0.5);
    }

    /// Muted small text.
    pub fn note(&mut self, text: &str) {
        self.paragraph(text, 8.5, MUTED);
    }

    /// Column widths: each column's share of the page, but never narrower than its longest
    /// ordinary word (header included), so "Nonconforming" is not broken as "Nonconformin /
    /// g". The width a column needs is taken from the columns with room to spare. Tokens
    /// longer than a word (paths, hashes) break wherever they must and claim no width.
    fn column_widths(
        &mut self,
        columns: &[Column],
        rows: &[Vec<String>],
        size: f32,
        pad: f32,
    ) -> Vec<f32> {
        let total: f32 = columns.iter().map(|c| c.share).sum();
        let mut widths: Vec<f32> = columns.iter().map(|c| c.share / total * WIDTH).collect();
        let longest_word = |m: &mut Metrics, text: &str| {
            text.split_whitespace()
                // CJK text breaks between any two characters: only the runs between count.
                .flat_map(|w| w.split(is_cjk))
                .filter(|w| w.chars().count() <= LONGEST_WORD)
                .map(|w| m.width(w, size))
                .fold(0.0f32, f32::max)
        };
        let needed: Vec<f32> = columns
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let mut widest = longest_word(&mut self.metrics, &c.header);
                for row in rows {
                    if let Some(cell) = row.get(k) {
                        widest = widest.max(longest_word(&mut self.metrics, cell));
                    }
                }
                widest + 2.0 * pad + 0.5
            })
            .collect();
        let deficit: f32 = widths
            .iter()
            .zip(&needed)
            .map(|(w, n)| (n - w).max(0.0))
            .sum();
        let slack: f32 = widths
            .iter()
            .zip(&needed)
            .map(|(w, n)| (w - n).max(0.0))
            .sum();
        if deficit > 0.0 && slack > 0.0 {
            let take = (deficit / slack).min(1.0);
            for (w, n) in widths.iter_mut().zip(&needed) {
                if *w < *n {
                    *w = *n;
                } else {
                    *w -= (*w - n) * take;
                }
            }
            // When the slack did not cover it all, scale back to the page width.
            let sum: f32 = widths.iter().sum();
            if sum > WIDTH {
                widths.iter_mut().for_each(|w| *w *= WIDTH / sum);
            }
        }
        widths
    }

    /// A table: header repeated on every page it spans; cells wrap; rows never split.
    /// `colours[i][j]`, when given, colours a cell's text.
    pub fn table(
        &mut self,
        columns: &[Column],
        rows: &[Vec<String>],
        colours: Option<&[Vec<Option<String>>]>,
    ) {
        let size = 8.0;
        let leading = size * 1.35;
        let pad = 3.0;
        let widths = self.column_widths(columns, rows, size, pad);
        let header_lines: Vec<Vec<String>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| wrap(&mut self.metrics, &c.header, size, w - 2.0 * pad))
            .collect();
        let header_h =
            header_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 2.0 * pad;
        self.ensure(header_h + leading * 2.0 + 2.0 * pad);
        self.draw_row(
            &header_lines,
            &widths,
            header_h,
            size,
            leading,
            pad,
            true,
            None,
        );
        for (r, row) in rows.iter().enumerate() {
            let cells: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .map(|(text, w)| wrap(&mut self.metrics, text, size, w - 2.0 * pad))
                .collect();
            let h = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 2.0 * pad;
            // A row taller than a page is split across pages by lines.
            if h > TOP - BOTTOM - header_h {
                let max_lines = ((TOP - BOTTOM - header_h - 2.0 * pad) / leading) as usize - 1;
                let mut start = 0;
                let longest = cells.iter().map(Vec::len).max().unwrap_or(0);
                while start < longest {
                    let part: Vec<Vec<String>> = cells
                        .iter()
                        .map(|c| c.iter().skip(start).take(max_lines).cloned().collect())
                        .collect();
                    let ph =
                        part.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 2.0 * pad;
                    if self.y - ph < BOTTOM {
                        self.new_page();
                        self.draw_row(
                            &header_lines,
                            &widths,
                            header_h,
                            size,
                            leading,
                            pad,
                            true,
                            None,
                        );
                    }
                    self.draw_row(
                        &part,
                        &widths,
                        ph,
                        size,
                        leading,
                        pad,
                        false,
                        colours.and_then(|c| c.get(r)),
                    );
                    start += max_lines;
                }
                continue;
            }
            if self.y - h < BOTTOM {
                self.new_page();
                self.draw_row(
                    &header_lines,
                    &widths,
                    header_h,
                    size,
                    leading,
                    pad,
                    true,
                    None,
                );
            }
            self.draw_row(
                &cells,
                &widths,
                h,
                size,
                leading,
                pad,
                false,
                colours.and_then(|c| c.get(r)),
            );
        }
        self.gap(8.0);
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_row(
        &mut self,
        cells: &[Vec<String>],
        widths: &[f32],
        h: f32,
        size: f32,
        leading: f32,
        pad: f32,
        header: bool,
        colours: Option<&Vec<Option<String>>>,
    ) {
        let top = self.y;
        if header {
            self.rect(MARGIN_X, top - h, WIDTH, h, HEADER_FILL);
        }
        let mut x = MARGIN_X;
        for (i, (lines, w)) in cells.iter().zip(widths).enumerate() {
            let colour = colours
                .and_then(|c| c.get(i).cloned().flatten())
                .unwrap_or_else(|| INK.to_string());
            for (k, line) in lines.iter().enumerate() {
                let baseline = top - pad - leading * (k as f32 + 1.0) + size * 0.3;
                self.text_at(x + pad, baseline, line, size, &colour);
            }
            x += w;
        }
        self.line(MARGIN_X, top - h, MARGIN_X + WIDTH, top - h, RULE, 0.4);
        if header {
            self.line(MARGIN_X, top, MARGIN_X + WIDTH, top, RULE, 0.4);
        }
        self.y = top - h;
    }

    /// A horizontal bar chart: (label, length 0–100, colour, value shown at the bar's end).
    pub fn bar_chart(&mut self, bars: &[(String, f32, String, String)], axis: bool) {
        let row_h = 18.0;
        let label_w = 200.0;
        let chart_w = WIDTH - label_w - 40.0;
        self.ensure(bars.len() as f32 * row_h + 24.0);
        let top = self.y - 6.0;
        for (i, (label, value, colour, shown)) in bars.iter().enumerate() {
            let y = top - (i as f32 + 1.0) * row_h;
            let label = wrap(&mut self.metrics, label, 8.5, label_w - 8.0)
                .into_iter()
                .next()
                .unwrap_or_default();
            self.text_at(MARGIN_X, y + 5.0, &label, 8.5, INK);
            self.rect(MARGIN_X + label_w, y + 2.0, chart_w, row_h - 6.0, "EEF2F3");
            self.rect(
                MARGIN_X + label_w,
                y + 2.0,
                chart_w * value.clamp(0.0, 100.0) / 100.0,
                row_h - 6.0,
                colour,
            );
            self.text_at(MARGIN_X + label_w + chart_w + 6.0, y + 5.0, shown, 8.5, INK);
        }
        for k in (0..=4).filter(|_| axis) {
            let x = MARGIN_X + label_w + chart_w * k as f32 / 4.0;
            let y = top - bars.len() as f32 * row_h - 4.0;
            self.text_at(x - 6.0, y - 8.0, &format!("{}", k * 25), 7.0, MUTED);
        }
        self.y = top - bars.len() as f32 * row_h - 24.0;
    }

    /// Pairs of horizontal bars on a scale of 0–100 under a legend of the two `series`
    /// (name, colour): for each row its label, the two bars with their values at the end, and
    /// the change at the right edge; an axis under the last row. A long chart breaks between
    /// rows.
    pub fn paired_bar_chart(&mut self, series: &[(String, String); 2], rows: &[PairedBars]) {
        let bar_h: f32 = 7.0;
        let row_h = 2.0 * bar_h + 10.0;
        let label_w = 170.0;
        let value_w = 34.0;
        let change_w = 40.0;
        let chart_x = MARGIN_X + label_w;
        let chart_w = WIDTH - label_w - value_w - change_w;
        self.ensure(18.0 + row_h.min(rows.len() as f32 * row_h) + 20.0);
        // The legend: a swatch and the name of each series.
        let mut x = chart_x;
        let legend_y = self.y - 12.0;
        for (name, colour) in series {
            self.rect(x, legend_y, 8.0, 8.0, colour);
            self.text_at(x + 12.0, legend_y + 1.0, name, 8.5, INK);
            x += 12.0 + self.metrics.width(name, 8.5) + 18.0;
        }
        self.y = legend_y - 6.0;
        for row in rows {
            self.ensure(row_h + 20.0);
            let top = self.y;
            // Up to two lines of label, centred on the pair.
            let lines = wrap(&mut self.metrics, &row.label, 8.5, label_w - 8.0);
            let shown = &lines[..lines.len().min(2)];
            let first = top - row_h / 2.0 - 3.0 + 5.0 * (shown.len() as f32 - 1.0);
            for (k, line) in shown.iter().enumerate() {
                self.text_at(MARGIN_X, first - 10.0 * k as f32, line, 8.5, INK);
            }
            let bars = series.iter().zip(&row.lengths).zip(&row.shown);
            for (k, (((_, colour), length), shown)) in bars.enumerate() {
                // The earlier bar on top, a point of space between the two.
                let y = top - 4.0 - bar_h * (k as f32 + 1.0) - k as f32;
                self.rect(chart_x, y, chart_w, bar_h, "EEF2F3");
                if let Some(length) = length {
                    let w = chart_w * length.clamp(0.0, 100.0) / 100.0;
                    self.rect(chart_x, y, w, bar_h, colour);
                }
                self.text_at(chart_x + chart_w + 4.0, y + 1.0, shown, 7.5, INK);
            }
            let colour = row.change_colour.as_deref().unwrap_or(INK);
            let change_x = MARGIN_X + WIDTH - self.metrics.width(&row.change, 8.5);
            self.text_at(change_x, top - row_h / 2.0 - 3.0, &row.change, 8.5, colour);
            self.line(
                MARGIN_X,
                top - row_h,
                MARGIN_X + WIDTH,
                top - row_h,
                RULE,
                0.3,
            );
            self.y = top - row_h;
        }
        for k in 0..=4 {
            let x = chart_x + chart_w * k as f32 / 4.0;
            self.text_at(x - 6.0, self.y - 10.0, &format!("{}", k * 25), 7.0, MUTED);
        }
        self.y -= 24.0;
    }

    /// Key–value lines.
    pub fn key_values(&mut self, pairs: &[(String, String)]) {
        let rows: Vec<Vec<String>> = pairs
            .iter()
            .map(|(k, v)| vec![k.clone(), v.clone()])
            .collect();
        let columns = [
            Column {
                header: String::new(),
                share: 0.3,
            },
            Column {
                header: String::new(),
                share: 0.7,
            },
        ];
        // Drawn as a table without a visible header row.
        let size = 9.0;
        let leading = size * 1.4;
        let widths = [WIDTH * columns[0].share, WIDTH * columns[1].share];
        for row in rows {
            let key = wrap(&mut self.metrics, &row[0], size, widths[0] - 6.0);
            let value = wrap(&mut self.metrics, &row[1], size, widths[1] - 6.0);
            let h = key.len().max(value.len()) as f32 * leading + 6.0;
            self.ensure(h);
            let top = self.y;
            self.rect(MARGIN_X, top - h, widths[0], h, HEADER_FILL);
            for (k, line) in key.iter().enumerate() {
                self.text_at(
                    MARGIN_X + 3.0,
                    top - 3.0 - leading * (k as f32 + 1.0) + size * 0.3,
                    line,
                    size,
                    INK,
                );
            }
            for (k, line) in value.iter().enumerate() {
                self.text_at(
                    MARGIN_X + widths[0] + 3.0,
                    top - 3.0 - leading * (k as f32 + 1.0) + size * 0.3,
                    line,
                    size,
                    INK,
                );
            }
            self.line(MARGIN_X, top - h, MARGIN_X + WIDTH, top - h, RULE, 0.4);
            self.y = top - h;
        }
        self.gap(8.0);
    }

    /// Builds contents pages for the recorded headings, to be inserted after the cover; the
    /// page numbers shown already count the contents pages themselves.
    pub fn contents(&mut self, title: &str) -> Vec<Vec<u8>> {
        let per_page = 38;
        let n_pages = self.headings.len().div_ceil(per_page).max(1);
        let body = std::mem::replace(&mut self.sink, Box::new(InlineSink::default()));
        let body_finished = std::mem::take(&mut self.finished);
        let body_canvas = std::mem::take(&mut self.canvas);
        let body_y = self.y;
        let headings = std::mem::take(&mut self.headings);
        self.y = TOP;
        for (i, chunk) in headings.chunks(per_page).enumerate() {
            if i > 0 {
                self.new_page();
            }
            if i == 0 {
                self.gap(20.0);
                self.text_at(MARGIN_X, self.y, title, 16.0, ACCENT);
                self.gap(20.0);
            }
            for h in chunk {
                self.gap(17.0);
                let indent = if h.level == 1 { 0.0 } else { 16.0 };
                let page = if h.page == 0 { 1 } else { h.page + 1 + n_pages };
                let colour = if h.level == 1 { INK } else { MUTED };
                let text = wrap(&mut self.metrics, &h.text, 10.0, WIDTH - 60.0 - indent)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                self.text_at(MARGIN_X + indent, self.y, &text, 10.0, colour);
                let num = page.to_string();
                let w = self.metrics.width(&num, 10.0);
                self.text_at(MARGIN_X + WIDTH - w, self.y, &num, 10.0, colour);
            }
        }
        let contents = self.finish_pages();
        self.sink = body;
        self.finished = body_finished;
        self.canvas = body_canvas;
        self.y = body_y;
        self.headings = headings;
        contents
    }

    /// The running header and "page x of y" footer of each of `total` pages, as a second
    /// content stream per page; none for the cover.
    pub fn decorations(
        &mut self,
        total: usize,
        header: &str,
        page_label: &dyn Fn(usize, usize) -> String,
    ) -> Vec<Option<Vec<u8>>> {
        let header_line = wrap(&mut self.metrics, header, 8.0, WIDTH)
            .into_iter()
            .next()
            .unwrap_or_default();
        let saved = std::mem::take(&mut self.canvas);
        let streams = (0..total)
            .map(|i| {
                if i == 0 {
                    return None;
                }
                self.text_at(MARGIN_X, PAGE_H - 36.0, &header_line, 8.0, MUTED);
                self.line(
                    MARGIN_X,
                    PAGE_H - 42.0,
                    MARGIN_X + WIDTH,
                    PAGE_H - 42.0,
                    RULE,
                    0.5,
                );
                self.line(MARGIN_X, 42.0, MARGIN_X + WIDTH, 42.0, RULE, 0.5);
                let label = page_label(i + 1, total);
                let w = self.metrics.width(&label, 8.0);
                self.text_at(MARGIN_X + WIDTH - w, 30.0, &label, 8.0, MUTED);
                Some(std::mem::take(&mut self.canvas).finish(&mut self.compressor))
            })
            .collect();
        self.canvas = saved;
        streams
    }

    /// The current vertical position.
    pub fn y(&self) -> f32 {
        self.y
    }

    /// Moves the vertical position.
    pub fn set_y(&mut self, y: f32) {
        self.y = y;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics() -> Metrics {
        Metrics::new(ReportFont::load().expect("font"))
    }

    #[test]
    fn latin_wraps_by_word_and_cjk_by_character_without_leading_punctuation() {
        let mut m = metrics();
        let lines = wrap(
            &mut m,
            "The change was approved after implementation started",
            10.0,
            120.0,
        );
        assert!(lines.len() > 1);
        assert!(lines
            .iter()
            .all(|l| !l.starts_with(' ') && m.width(l, 10.0) <= 120.0 + 0.01));
        assert_eq!(
            lines.join(" "),
            "The change was approved after implementation started"
        );
        let text = "本期变更记录中有一条变更在实施前未获批准，应予纠正。";
        for max in [40.0, 55.0, 70.0, 90.0, 130.0] {
            let lines = wrap(&mut m, text, 10.0, max);
            assert_eq!(lines.concat(), text);
            for l in &lines[1..] {
                assert!(!l.starts_with(['。', '，']), "{lines:?}");
            }
        }
        let long = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let lines = wrap(&mut m, long, 8.0, 100.0);
        assert!(lines.len() > 1 && lines.concat() == long);
    }
}
