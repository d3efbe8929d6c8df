//! Normalisation of the free text that identifies products and metrics in users' files.

/// Lower case, ASCII letters and digits only, words separated by single spaces.
/// "Per-Core", " per  core " and "PER_CORE" all become "per core".
pub fn normalise(text: &str) -> String {
    if text.is_ascii() {
        return normalise_ascii(text);
    }
    normalise_chars(text)
}

/// `normalise` of ASCII text, byte by byte: nearly every cell of a user's file, and the hot
/// path of an import (one or more calls per row).
fn normalise_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(char::from(byte.to_ascii_lowercase()));
        } else {
            gap = true;
        }
    }
    out
}

fn normalise_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{normalise, normalise_ascii, normalise_chars};

    /// The ASCII fast path gives what the general one gives, on every mix of letters, digits,
    /// spaces, punctuation and control characters (seeded, bounded).
    #[test]
    fn the_ascii_path_agrees_with_the_general_one() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        let mut runner = TestRunner::new_with_rng(
            Config {
                cases: 2000,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::from_seed(RngAlgorithm::ChaCha, &[3; 32]),
        );
        runner
            .run(&"[\\x00-\\x7f]{0,40}", |text| {
                prop_assert_eq!(normalise_ascii(&text), normalise_chars(&text));
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn normalise_folds_case_punctuation_and_spacing() {
        assert_eq!(normalise(" Per-Core "), "per core");
        assert_eq!(normalise("SQL_Server  ENTERPRISE"), "sql server enterprise");
        assert_eq!(normalise("Windows Server® 2022"), "windows server 2022");
        assert_eq!(normalise(""), "");
    }
}
