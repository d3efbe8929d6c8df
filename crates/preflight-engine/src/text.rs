//! Normalisation of the free text that identifies products and metrics in users' files.

/// Lower case, ASCII letters and digits only, words separated by single spaces.
/// "Per-Core", " per  core " and "PER_CORE" all become "per core".
pub fn normalise(text: &str) -> String {
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
    use super::normalise;

    #[test]
    fn normalise_folds_case_punctuation_and_spacing() {
        assert_eq!(normalise(" Per-Core "), "per core");
        assert_eq!(normalise("SQL_Server  ENTERPRISE"), "sql server enterprise");
        assert_eq!(normalise("Windows Server® 2022"), "windows server 2022");
        assert_eq!(normalise(""), "");
    }
}
