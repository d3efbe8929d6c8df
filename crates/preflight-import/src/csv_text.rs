//! Delimited text: decoding, Excel's `sep=` line, delimiter sniffing, records as rows, and the
//! quote that is never closed.

use std::borrow::Cow;

use crate::diagnostic::{ImportError, Level};
use crate::limits;
use crate::report::Format;
use crate::table::{Row, Table};

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Lines looked at to sniff the delimiter (title lines may come before the header).
const SNIFF_LINES: usize = 30;

/// The text of a file and the name of its encoding: UTF-8 (a BOM is dropped), UTF-16 with a
/// BOM (Excel's "Unicode text"), else Windows-1252, which a note reports as assumed.
///
/// Decoded here rather than through encoding_rs's `Encoding`, whose decoder dispatch links every
/// encoding's tables into the wasm (+116 KB brotli measured); a test holds these decoders to
/// encoding_rs's output byte for byte.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str, Option<String>) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF")
        && let Ok(text) = std::str::from_utf8(rest)
    {
        return (Cow::Borrowed(text), "UTF-8", None);
    }
    for (bom, name, little_endian) in [
        (b"\xFF\xFE", "UTF-16LE", true),
        (b"\xFE\xFF", "UTF-16BE", false),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, malformed) = decode_utf16(rest, little_endian);
            let note = malformed
                .then(|| format!("some bytes are not valid {name}: they show as \u{FFFD}"));
            return (Cow::Owned(text), name, note);
        }
    }
    if let Some(little_endian) = utf16_without_bom(bytes) {
        let (text, _) = decode_utf16(bytes, little_endian);
        let name = if little_endian {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        let note = format!(
            "the file has no byte order mark, but every other byte is zero: read as {name}"
        );
        return (Cow::Owned(text), name, Some(note));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(text), "UTF-8", None);
    }
    if let Some((text, line)) = decode_mixed(bytes) {
        let note = format!(
            "the file mixes UTF-8 with another encoding (line {line} has the first byte that is \
             not UTF-8): those bytes were read as Windows-1252; check the names on such lines, \
             or save the file as \"CSV UTF-8\" and import it again"
        );
        return (
            Cow::Owned(text),
            "UTF-8 with Windows-1252 bytes",
            Some(note),
        );
    }
    let note = "the file is not UTF-8: read as Windows-1252 (Western European); if names look \
                wrong, save it as \"CSV UTF-8\" and import it again"
        .to_string();
    (
        Cow::Owned(decode_windows_1252(bytes)),
        "windows-1252",
        Some(note),
    )
}

/// UTF-16 saved without its byte order mark: in its first kilobyte, the byte of every code unit
/// on one side is zero (Latin text) and nearly none on the other. `Some(true)` for little-endian.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.len() < 8 {
        return None;
    }
    let zeros = |start: usize| {
        head.iter()
            .skip(start)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let units = head.len() / 2;
    let (even, odd) = (zeros(0), zeros(1));
    // Most of one side zero, almost none of the other: not a binary file's scattered NULs.
    let mostly = |n: usize| n * 10 >= units * 9;
    let hardly = |n: usize| n * 20 <= units;
    match (mostly(even), hardly(even), mostly(odd), hardly(odd)) {
        (_, true, true, _) => Some(true),
        (true, _, _, true) => Some(false),
        _ => None,
    }
}

/// Text that is UTF-8 except for some bytes (a Windows-1252 line pasted into a UTF-8 file): the
/// UTF-8 parts as UTF-8, the rest as Windows-1252, and the line of the first such byte. `None`
/// when no part is non-ASCII UTF-8: then the whole file is Windows-1252.
fn decode_mixed(bytes: &[u8]) -> Option<(String, usize)> {
    let utf8 = bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
    if !utf8 {
        return None;
    }
    let mut text = String::with_capacity(bytes.len());
    let mut first_invalid = None;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            first_invalid.get_or_insert_with(|| text.matches('\n').count() + 1);
            text.push_str(&decode_windows_1252(chunk.invalid()));
        }
    }
    Some((text, first_invalid.unwrap_or(1)))
}

/// UTF-16 code units to text; unpaired surrogates and a trailing odd byte become U+FFFD.
pub fn decode_utf16(bytes: &[u8], little_endian: bool) -> (String, bool) {
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut malformed = bytes.len() % 2 == 1;
    let mut text: String = char::decode_utf16(units)
        .map(|unit| {
            unit.unwrap_or_else(|_| {
                malformed = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if bytes.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (text, malformed)
}

/// Windows-1252 as the WHATWG Encoding Standard defines it: Latin-1, except 0x80 to 0x9F.
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

pub fn decode_windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&byte| match byte {
            0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(byte - 0x80)],
            _ => char::from(byte),
        })
        .collect()
}

/// Delimited text decoded once, with what was learnt before its first record: the encoding, the
/// delimiter (Excel's `sep=` line, or sniffed), and notes about the file as a whole. Its
/// records are read one at a time by [`Text::records`], as often as a reader needs.
pub struct Text<'b> {
    file: &'b str,
    text: Cow<'b, str>,
    /// Where the records start in `text`: after a `sep=` line.
    body_start: usize,
    /// Lines before the body (the `sep=` line).
    lines_skipped: u32,
    delimiter: u8,
    encoding: &'static str,
    notes: Vec<(Level, String)>,
}

impl<'b> Text<'b> {
    /// Decodes the bytes and reads what comes before the records. `Err` for a file with nothing
    /// but white space.
    pub fn decode(file: &'b str, bytes: &'b [u8]) -> Result<Text<'b>, ImportError> {
        let (text, encoding, encoding_note) = decode(bytes);
        if text.trim().is_empty() {
            return Err(ImportError::Empty { file: file.into() });
        }
        // Old Mac files end lines with CR alone; the reader's line count follows LF.
        let text = if text.contains('\r') && !text.contains('\n') {
            Cow::Owned(text.replace('\r', "\n"))
        } else {
            text
        };
        let mut lines_skipped = 0;
        let mut body_start = 0;
        let mut delimiter = None;
        let first_line = text.lines().next().unwrap_or_default();
        if let Some(sep) = first_line.trim().strip_prefix("sep=")
            && let [byte] = sep.as_bytes()
        {
            delimiter = Some(*byte);
            body_start = text.find('\n').map_or(text.len(), |at| at + 1);
            lines_skipped = 1;
        }
        let body = &text[body_start..];
        let delimiter = delimiter.unwrap_or_else(|| sniff(body));
        let mut notes = Vec::new();
        if let Some(note) = encoding_note {
            notes.push((Level::Warning, note));
        }
        if let Some(at) = body.find('\0') {
            let line = lines_skipped + 1 + body[..at].matches('\n').count() as u32;
            notes.push((
                Level::Warning,
                format!(
                    "line {line} holds a NUL character, which text files do not: the names \
                     around it may be garbled (a binary file, or another encoding?)"
                ),
            ));
        }
        Ok(Text {
            file,
            text,
            body_start,
            lines_skipped,
            delimiter,
            encoding,
            notes,
        })
    }

    /// The lines of the text: at least as many as its records.
    pub fn lines(&self) -> usize {
        1 + memchr::memchr_iter(b'\n', self.text[self.body_start..].as_bytes()).count()
    }

    /// A table with no rows yet: the format, encoding, delimiter and the notes known so far.
    pub fn empty_table(&self) -> Table {
        Table {
            sheets: Vec::new(),
            format: Format::Text,
            encoding: Some(self.encoding.into()),
            delimiter: Some(char::from(self.delimiter)),
            notes: self.notes.clone(),
            ..Table::default()
        }
    }

    /// The records from the first, one at a time.
    pub fn records(&self) -> Records<'_> {
        let body = &self.text[self.body_start..];
        Records {
            file: self.file,
            body,
            lines_skipped: self.lines_skipped,
            delimiter: self.delimiter,
            at: 0,
            line: 1 + self.lines_skipped,
            rows: 0,
            wide: false,
            notes: Vec::new(),
            row: Row::default(),
        }
    }
}

/// The records of a [`Text`], read one at a time into one reused row: a file's cells are never
/// all held at once (issue 7: memory), and the row's strings keep their capacity from record
/// to record, so a row costs no allocation once the widest cells have been seen.
///
/// Split here, byte by byte, as the csv crate's reader splits (RFC 4180 with its leniencies:
/// CR, LF or CRLF end a record, blank lines are no records, a quote opens a quoted field only
/// at its start, `""` inside one is a quote, text after its closing quote is kept, a quote the
/// end of the file closes reads to the end), and held to it by a property test. The crate's
/// reader copied each record into its own buffer, checked it as UTF-8 again and was read one
/// record ahead; here each cell is copied once, from the text into the row.
pub struct Records<'t> {
    file: &'t str,
    body: &'t str,
    lines_skipped: u32,
    delimiter: u8,
    /// Where the next record is looked for (a byte offset in `body`).
    at: usize,
    /// The line `at` is on.
    line: u32,
    rows: usize,
    wide: bool,
    /// Notes found while reading (a row wider than [`limits::MAX_COLUMNS`]), taken by
    /// [`Records::take_notes`].
    notes: Vec<(Level, String)>,
    row: Row,
}

/// How a record's last field ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    /// At a CR or LF, or at the end of the text outside quotes.
    Line,
    /// At the end of the text inside a quoted field: the quote is never closed.
    OpenQuote,
}

impl Records<'_> {
    /// The next row, its cells held to the limits of `limits.rs`; `None` after the last.
    pub fn next_row(&mut self) -> Result<Option<&Row>, ImportError> {
        let bytes = self.body.as_bytes();
        // Blank lines are no records.
        while let Some(&byte) = bytes.get(self.at)
            && matches!(byte, b'\r' | b'\n')
        {
            self.line += u32::from(byte == b'\n');
            self.at += 1;
        }
        if self.at == bytes.len() {
            return Ok(None);
        }
        if self.rows == limits::MAX_ROWS {
            return Err(limits::too_many_rows(self.file));
        }
        self.rows += 1;
        let start = self.at;
        self.row.line = self.line;
        self.row.problem = None;
        let (fields, end) = self.split_record();
        if fields > limits::MAX_COLUMNS && !self.wide {
            self.wide = true;
            self.notes.push((Level::Warning, limits::beyond_columns()));
        }
        self.row.cells.truncate(fields.min(limits::MAX_COLUMNS));
        if end == End::OpenQuote {
            self.close_quote(start);
        }
        limits::check_row(&mut self.row);
        Ok(Some(&self.row))
    }

    /// Splits the record at `at` into the row's cells (the first [`limits::MAX_COLUMNS`]),
    /// leaving `at` on the byte that ended it; the number of fields, and how it ended.
    fn split_record(&mut self) -> (usize, End) {
        let body = self.body;
        let bytes = body.as_bytes();
        let delimiter = self.delimiter;
        let mut fields = 0;
        // Past the limit, fields are counted, not kept.
        let mut spare = String::new();
        loop {
            spare.clear();
            let cell = if fields < limits::MAX_COLUMNS {
                if fields == self.row.cells.len() {
                    self.row.cells.push(String::new());
                }
                let cell = &mut self.row.cells[fields];
                cell.clear();
                cell
            } else {
                &mut spare
            };
            fields += 1;
            let mut at = self.at;
            if bytes.get(at) == Some(&b'"') {
                at += 1;
                loop {
                    let Some(quote) = memchr::memchr(b'"', &bytes[at..]).map(|q| at + q) else {
                        // Every byte of a field splits at ASCII, so every slice is text.
                        cell.push_str(&body[at..]);
                        self.line += newlines(&bytes[at..]);
                        self.at = bytes.len();
                        return (fields, End::OpenQuote);
                    };
                    cell.push_str(&body[at..quote]);
                    self.line += newlines(&bytes[at..quote]);
                    at = quote + 1;
                    if bytes.get(at) == Some(&b'"') {
                        cell.push('"');
                        at += 1;
                    } else {
                        break;
                    }
                }
            }
            // Unquoted text, or what follows a closing quote: kept up to the delimiter or the
            // line's end.
            let end = bytes[at..]
                .iter()
                .position(|&b| b == delimiter || b == b'\r' || b == b'\n')
                .map_or(bytes.len(), |n| at + n);
            cell.push_str(&body[at..end]);
            self.at = end;
            if bytes.get(end) == Some(&delimiter) {
                self.at += 1;
            } else {
                return (fields, End::Line);
            }
        }
    }

    /// On the last record (starting at `start` in the body): a quote the end of the file
    /// closes. The scan starts at the record, where no quote is open.
    fn close_quote(&mut self, start: usize) {
        let Some(open) = unclosed_quote(&self.body[start..], self.delimiter) else {
            return;
        };
        let open = open - 1 + self.row.line;
        let last = self.lines_skipped + self.body.lines().count() as u32;
        let lines = if last > open {
            format!("lines {open} to {last} were")
        } else {
            format!("line {open} was")
        };
        self.row.problem = Some(format!(
            "a quote opened on line {open} is never closed, so {lines} read as one cell and not \
             imported: close the quote and import the file again"
        ));
    }

    /// Skips `count` rows (read before, by a reader that stopped there).
    pub fn skip_rows(&mut self, count: usize) -> Result<(), ImportError> {
        for _ in 0..count {
            if self.next_row()?.is_none() {
                break;
            }
        }
        Ok(())
    }

    /// The notes found while reading since the last call.
    pub fn take_notes(&mut self) -> Vec<(Level, String)> {
        std::mem::take(&mut self.notes)
    }
}

/// The line ends in `bytes`.
fn newlines(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u32
}

/// Reads delimited text into rows. Blank, title and total lines are kept: the entitlement
/// reader decides what they are once it has found the header.
pub fn read_table(file: &str, bytes: &[u8]) -> Result<Table, ImportError> {
    read_head(file, bytes, usize::MAX)
}

/// The first `count` rows of delimited text (all of them for `usize::MAX`), as
/// [`read_table`] reads them.
pub fn read_head(file: &str, bytes: &[u8], count: usize) -> Result<Table, ImportError> {
    let text = Text::decode(file, bytes)?;
    let mut table = text.empty_table();
    let mut records = text.records();
    while table.rows.len() < count
        && let Some(row) = records.next_row()?
    {
        table.rows.push(row.clone());
    }
    table.notes.extend(records.take_notes());
    Ok(table)
}

/// The line on which a quoted field opens that the end of the file closes, as the csv reader
/// reads quotes: only a quote at the start of a field opens one, and `""` inside is a quote.
pub(crate) fn unclosed_quote(text: &str, delimiter: u8) -> Option<u32> {
    let mut line = 1u32;
    let mut field_start = true;
    let mut quoted_since = None;
    let mut bytes = text.bytes().peekable();
    while let Some(byte) = bytes.next() {
        if byte == b'\n' {
            line += 1;
        }
        match quoted_since {
            Some(_) if byte == b'"' => {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    quoted_since = None;
                    field_start = false;
                }
            }
            Some(_) => {}
            None if field_start && byte == b'"' => quoted_since = Some(line),
            None => field_start = byte == delimiter || byte == b'\n' || byte == b'\r',
        }
    }
    quoted_since
}

/// The delimiter that splits the most records into the same number of fields: for each
/// candidate, the count shared by most of the first records (outside quotes, which may span
/// lines), ties to the higher count, then to comma, semicolon, tab, pipe.
pub(crate) fn sniff(text: &str) -> u8 {
    let records = first_records(text, SNIFF_LINES);
    let mut best = (b',', 0usize, 0usize);
    for (d, delimiter) in DELIMITERS.into_iter().enumerate() {
        let counts: Vec<usize> = records.iter().map(|counts| counts[d]).collect();
        for &candidate in &counts {
            if candidate == 0 {
                continue;
            }
            let agreeing = counts.iter().filter(|&&c| c == candidate).count();
            if (agreeing, candidate) > (best.1, best.2) {
                best = (delimiter, agreeing, candidate);
            }
        }
    }
    best.0
}

/// Each candidate delimiter's count outside quotes, for the first non-blank records.
fn first_records(text: &str, limit: usize) -> Vec<[usize; DELIMITERS.len()]> {
    let mut records = Vec::new();
    let mut counts = [0usize; DELIMITERS.len()];
    let mut has_text = false;
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => {
                if has_text {
                    records.push(counts);
                    if records.len() == limit {
                        return records;
                    }
                }
                (counts, has_text) = ([0; DELIMITERS.len()], false);
                continue;
            }
            _ if !quoted => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == byte) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
        has_text |= !byte.is_ascii_whitespace();
    }
    if has_text {
        records.push(counts);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(table: &Table) -> Vec<(u32, Vec<&str>)> {
        table
            .rows
            .iter()
            .map(|row| (row.line, row.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn delimiters_are_sniffed_from_the_lines_that_agree() {
        let cases: [(&[u8], char); 6] = [
            (b"a,b,c\n1,2,3", ','),
            (b"a;b;c\n1;2;3", ';'),
            (b"a\tb\tc", '\t'),
            (b"a|b|c", '|'),
            (b"\"x;y\",b,c", ','),
            // A title line without delimiters and prices with decimal commas.
            (
                b"Licences, as of today\nProduct;Price\nA;1,5\nB;2,5\nC;3",
                ';',
            ),
        ];
        for (bytes, expect) in cases {
            assert_eq!(read_table("f.csv", bytes).unwrap().delimiter, Some(expect));
        }
    }

    #[test]
    fn excel_sep_line_and_bom_are_honoured() {
        let table = read_table("f.csv", b"\xEF\xBB\xBFsep=;\r\na;b\r\n1;2").unwrap();
        assert_eq!(table.delimiter, Some(';'));
        assert_eq!(cells(&table), [(2, vec!["a", "b"]), (3, vec!["1", "2"])]);
    }

    #[test]
    fn utf16_with_either_bom_and_windows_1252_are_decoded() {
        let utf16le: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain("a\tb\n€\t2".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = b"\xFE\xFF"
            .iter()
            .copied()
            .chain("a\tb\n€\t2".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [utf16le, utf16be] {
            let table = read_table("f.txt", &bytes).unwrap();
            assert_eq!(cells(&table), [(1, vec!["a", "b"]), (2, vec!["€", "2"])]);
            assert!(table.notes.is_empty());
        }
        let table = read_table("f.csv", b"Caf\xe9;\x80 5").unwrap();
        assert_eq!(cells(&table), [(1, vec!["Café", "€ 5"])]);
        assert_eq!(table.encoding.as_deref(), Some("windows-1252"));
        assert!(table.notes[0].1.contains("read as Windows-1252"));
    }

    #[test]
    fn cr_lf_and_crlf_line_ends_give_the_same_rows_and_lines() {
        for bytes in [
            &b"a,b\r1,2\r3,4"[..],
            b"a,b\n1,2\n3,4\n",
            b"a,b\r\n1,2\r\n3,4\r\n",
        ] {
            let table = read_table("f.csv", bytes).unwrap();
            assert_eq!(
                cells(&table),
                [
                    (1, vec!["a", "b"]),
                    (2, vec!["1", "2"]),
                    (3, vec!["3", "4"])
                ]
            );
        }
    }

    #[test]
    fn a_quote_never_closed_is_reported_on_the_line_it_opens() {
        let table = read_table("f.csv", b"a,b\n1,\"x\"\"y\"\n\"2,3\n4,5\n").unwrap();
        assert_eq!(table.rows.len(), 3);
        assert!(
            table.rows[2]
                .problem
                .as_ref()
                .unwrap()
                .contains("opened on line 3 is never closed, so lines 3 to 4 were read")
        );
        // Quotes inside an unquoted field are text, and closed quotes are fine.
        let fine = read_table("f.csv", b"a,b\n5\" disk,\"x,\ny\"\n").unwrap();
        assert!(fine.notes.is_empty() && fine.rows.iter().all(|r| r.problem.is_none()));
    }

    #[test]
    fn empty_files_are_refused_with_the_file_name() {
        for bytes in [&b""[..], b" \n", b"\xEF\xBB\xBF", b"\xFF\xFE"] {
            assert_eq!(
                read_table("f.csv", bytes).err(),
                Some(ImportError::Empty {
                    file: "f.csv".into()
                })
            );
        }
    }

    #[test]
    fn windows_1252_decodes_every_byte_as_encoding_rs_does() {
        let bytes: Vec<u8> = (0..=255).collect();
        let (expect, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
        assert_eq!(decode_windows_1252(&bytes), expect);
    }

    #[test]
    fn utf16_decodes_as_encoding_rs_does_including_broken_surrogates() {
        let cases: [&[u8]; 5] = [
            b"a\0b\0",
            b"\x3D\xD8\x80\xDE",
            b"\x3D\xD8a\0",
            b"\x80\xDEa\0",
            b"a\0b",
        ];
        for bytes in cases {
            for (little_endian, encoding) in [
                (true, encoding_rs::UTF_16LE),
                (false, encoding_rs::UTF_16BE),
            ] {
                let (expect, malformed) = encoding.decode_without_bom_handling(bytes);
                assert_eq!(
                    decode_utf16(bytes, little_endian),
                    (expect.into_owned(), malformed),
                    "{bytes:?}"
                );
            }
        }
    }
}
