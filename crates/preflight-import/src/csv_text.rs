//! Delimited text: decoding, delimiter sniffing and Excel's `sep=` line.

use crate::diagnostic::ImportError;

/// Text ready for the CSV reader, with how many physical lines were removed before it.
pub struct Prepared<'a> {
    pub text: &'a str,
    pub delimiter: u8,
    /// Lines before `text` in the file (an Excel `sep=` line), to report true row numbers.
    pub lines_skipped: u32,
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Strips a UTF-8 byte-order mark, honours a `sep=X` first line, else sniffs the delimiter from
/// the first line: the candidate that occurs most often outside quotes (comma on a tie).
pub fn prepare<'a>(file: &str, bytes: &'a [u8]) -> Result<Prepared<'a>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text =
        std::str::from_utf8(bytes).map_err(|_| ImportError::NotUtf8 { file: file.into() })?;
    if text.trim().is_empty() {
        return Err(ImportError::Empty { file: file.into() });
    }
    let first_line = text.lines().next().unwrap_or_default();
    if let Some(sep) = first_line.trim().strip_prefix("sep=")
        && let [delimiter] = sep.as_bytes()
    {
        let rest = text.split_once('\n').map_or("", |(_, rest)| rest);
        return Ok(Prepared {
            text: rest,
            delimiter: *delimiter,
            lines_skipped: 1,
        });
    }
    Ok(Prepared {
        text,
        delimiter: sniff(first_line),
        lines_skipped: 0,
    })
}

fn sniff(line: &str) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for byte in line.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = DELIMITERS.iter().position(|&d| d == byte) {
            counts[i] += 1;
        }
    }
    let (best, _) = counts.iter().enumerate().fold(
        (0, 0),
        |(bi, bc), (i, &c)| if c > bc { (i, c) } else { (bi, bc) },
    );
    DELIMITERS[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed_from_the_header_line() {
        let cases: [(&[u8], u8); 5] = [
            (b"a,b,c\n1,2,3", b','),
            (b"a;b;c\n1;2;3", b';'),
            (b"a\tb\tc", b'\t'),
            (b"a|b|c", b'|'),
            (b"\"x;y\",b,c", b','),
        ];
        for (bytes, expect) in cases {
            assert_eq!(prepare("f.csv", bytes).unwrap().delimiter, expect);
        }
    }

    #[test]
    fn excel_sep_line_and_bom_are_honoured() {
        let prepared = prepare("f.csv", b"\xEF\xBB\xBFsep=;\r\na;b\r\n1;2").unwrap();
        assert_eq!((prepared.delimiter, prepared.lines_skipped), (b';', 1));
        assert_eq!(prepared.text, "a;b\r\n1;2");
    }

    #[test]
    fn empty_and_non_utf8_files_are_refused_with_the_file_name() {
        assert_eq!(
            prepare("f.csv", b" \n").err(),
            Some(ImportError::Empty {
                file: "f.csv".into()
            })
        );
        assert_eq!(
            prepare("f.csv", b"caf\xe9").err(),
            Some(ImportError::NotUtf8 {
                file: "f.csv".into()
            })
        );
    }
}
