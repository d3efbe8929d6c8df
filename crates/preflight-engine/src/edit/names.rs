//! Names the editor makes: numbered from a pattern (`web-{n}`), or the next free one after a
//! name being copied. Every name it returns is free among the names it was given.

use super::{EditError, Kind};

/// The placeholder a name pattern numbers: `{n}`, or `{nn}` / `{nnn}` for zero-padded numbers.
const PLACEHOLDERS: [(&str, usize); 3] = [("{nnn}", 3), ("{nn}", 2), ("{n}", 1)];

/// `count` names from `pattern`, numbered upward from 1 and skipping every number whose name is
/// taken, so adding "web-{n}" twice gives web-1..web-4 and then web-5..web-8. A pattern without
/// a placeholder names exactly one thing.
pub fn numbered(
    kind: Kind,
    pattern: &str,
    count: u32,
    taken: &dyn Fn(&str) -> bool,
) -> Result<Vec<String>, EditError> {
    let pattern = pattern.trim();
    let placeholder = PLACEHOLDERS
        .iter()
        .find(|(placeholder, _)| pattern.contains(placeholder));
    let Some(&(placeholder, width)) = placeholder else {
        let name = super::fields::parse_name(pattern)?;
        return match count {
            1 if taken(&name) => Err(EditError::Taken { kind, name }),
            1 => Ok(vec![name]),
            _ => Err(EditError::NoNumber { kind }),
        };
    };
    // The pattern itself must make a valid name once numbered.
    super::fields::parse_name(&pattern.replace(placeholder, "1"))?;
    let mut names: Vec<String> = Vec::new();
    let mut number: u64 = 1;
    while names.len() < count as usize {
        let name = pattern.replace(placeholder, &format!("{number:0width$}"));
        if !taken(&name) && !names.contains(&name) {
            names.push(name);
        }
        number += 1;
    }
    Ok(names)
}

/// The name for a copy of `name`: its trailing number counted on (web-3 → web-4, kept to the
/// same width: node-09 → node-10), or `-2`, `-3`.. appended when it ends in no number.
pub fn next_free(name: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &name[stem.len()..];
    let (stem, width, mut number) = match digits.parse::<u64>() {
        Ok(number) => (stem.to_string(), digits.len(), number + 1),
        Err(_) => (format!("{name}-"), 1, 2),
    };
    loop {
        let candidate = format!("{stem}{number:0width$}");
        if !taken(&candidate) {
            return candidate;
        }
        number += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pattern: &str, count: u32, taken: &[&str], expect: Result<&[&str], EditError>) {
        let got = numbered(Kind::Host, pattern, count, &|name| taken.contains(&name));
        let expect = expect.map(|names| names.iter().map(|n| n.to_string()).collect::<Vec<_>>());
        assert_eq!(got, expect, "{pattern} × {count} with {taken:?} taken");
    }

    #[test]
    fn patterns_number_from_one_and_skip_taken_names() {
        check("web-{n}", 3, &[], Ok(&["web-1", "web-2", "web-3"]));
        check("web-{n}", 2, &["web-1", "web-3"], Ok(&["web-2", "web-4"]));
        check("esx-{nn}", 2, &["esx-01"], Ok(&["esx-02", "esx-03"]));
        check("db{nnn}", 1, &[], Ok(&["db001"]));
        check(" app-{n} ", 1, &[], Ok(&["app-1"]));
        check("single", 1, &[], Ok(&["single"]));
        check(
            "single",
            1,
            &["single"],
            Err(EditError::Taken {
                kind: Kind::Host,
                name: "single".into(),
            }),
        );
        check(
            "single",
            2,
            &[],
            Err(EditError::NoNumber { kind: Kind::Host }),
        );
        check("", 1, &[], Err(EditError::EmptyName));
        check("a,{n}", 2, &[], Err(EditError::Comma));
    }

    #[test]
    fn a_copy_counts_on_from_the_trailing_number() {
        let taken = |names: &'static [&'static str]| move |name: &str| names.contains(&name);
        assert_eq!(next_free("web-3", &taken(&["web-3"])), "web-4");
        assert_eq!(next_free("web-3", &taken(&["web-3", "web-4"])), "web-5");
        assert_eq!(next_free("node-09", &taken(&["node-09"])), "node-10");
        assert_eq!(next_free("sql", &taken(&["sql"])), "sql-2");
        assert_eq!(next_free("sql", &taken(&["sql", "sql-2"])), "sql-3");
    }
}
