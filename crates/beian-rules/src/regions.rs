//! Administrative divisions (province / city / county) from `data/regions.tsv`.
//!
//! With the default feature `embedded-regions` the table is compiled in. Without it (the browser
//! client, where 62 KB of table would delay the first render) the caller fetches the same file
//! and hands it over with [`install`]; until then [`is_loaded`] is false, lookups find nothing
//! and the rules that need the table do not run.

use std::sync::OnceLock;

use crate::data_file;

/// The compact form build.rs writes (see [`parse_compact`]): 3 KiB smaller after brotli.
#[cfg(feature = "embedded-regions")]
const EMBEDDED: Option<&str> = Some(include_str!(concat!(env!("OUT_DIR"), "/regions.compact")));
#[cfg(not(feature = "embedded-regions"))]
const EMBEDDED: Option<&str> = None;

static REGIONS: OnceLock<Regions> = OnceLock::new();

/// One administrative division.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Division {
    /// GB/T 2260 code: 2 digits for a province, 4 for a city, 6 for a county.
    pub code: &'static str,
    pub name: &'static str,
}

impl Division {
    /// The code of the division this one belongs to, if any.
    pub fn parent_code(&self) -> Option<&'static str> {
        match self.code.len() {
            4 => Some(&self.code[..2]),
            6 => Some(&self.code[..4]),
            _ => None,
        }
    }
}

struct Regions {
    as_of: &'static str,
    /// Sorted by code. Codes have a fixed width per level, so this is also tree order: each
    /// parent directly before its children.
    all: Vec<Division>,
}

/// Reads the table in either form: `data/regions.tsv` as is (what the browser fetches from
/// `trunk serve`), or the compact form (compiled in, and what a release build of the browser
/// client fetches: `scripts/compact-regions.mjs` writes it the same way).
fn parse(text: &'static str) -> Regions {
    let data_lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty());
    if data_lines.take(1).any(|l| !l.contains('\t')) {
        return parse_compact(text);
    }
    parse_tsv(text)
}

/// The compact form: a row per division in code order, `>` + 2 digits + name for a province,
/// `+` + 2 digits + name for a city, 2 digits + name for a county; each code is its parent's
/// code followed by those digits. Built from `data/regions.tsv` by build.rs.
fn parse_compact(text: &'static str) -> Regions {
    let mut as_of = "";
    // (length of its code, its name)
    let mut rows: Vec<(usize, &'static str)> = Vec::new();
    let mut codes = String::new();
    let mut current = [String::new(), String::new()];
    for line in text.lines() {
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(v) = comment.trim().strip_prefix("as_of:") {
                as_of = v.split_whitespace().next().unwrap_or("");
            }
            continue;
        }
        let (level, rest) = match line.as_bytes().first() {
            Some(b'>') => (0, &line[1..]),
            Some(b'+') => (1, &line[1..]),
            Some(_) => (2, line),
            None => continue,
        };
        let (Some(digits), Some(name)) = (rest.get(..2), rest.get(2..)) else {
            continue;
        };
        let code = match level {
            0 => digits.to_owned(),
            1 => format!("{}{digits}", current[0]),
            _ => format!("{}{digits}", current[1]),
        };
        if level < 2 {
            current[level] = code.clone();
        }
        codes.push_str(&code);
        rows.push((code.len(), name));
    }
    // One allocation for every code, kept for the program's life like the table itself.
    let codes: &'static str = Box::leak(codes.into_boxed_str());
    let mut at = 0;
    let all = rows
        .into_iter()
        .map(|(len, name)| {
            let code = &codes[at..at + len];
            at += len;
            Division { code, name }
        })
        .collect();
    Regions { as_of, all }
}

fn parse_tsv(text: &'static str) -> Regions {
    let file = data_file::parse(text);
    let all = file
        .rows
        .iter()
        .filter(|r| r.len() >= 2)
        .map(|r| Division {
            code: r[0],
            name: r[1],
        })
        .collect();
    Regions {
        as_of: file.as_of,
        all,
    }
}

/// The table, if embedded or installed.
fn loaded() -> Option<&'static Regions> {
    match (REGIONS.get(), EMBEDDED) {
        (Some(r), _) => Some(r),
        (None, Some(text)) => Some(REGIONS.get_or_init(|| parse(text))),
        (None, None) => None,
    }
}

fn all() -> &'static [Division] {
    loaded().map_or(&[], |r| r.all.as_slice())
}

/// Hands over the text of `data/regions.tsv` (fetched by the caller). The first table given,
/// or the embedded one, stays; returns whether the table is now loaded.
pub fn install(text: &'static str) -> bool {
    if loaded().is_none() {
        let _ = REGIONS.set(parse(text));
    }
    is_loaded()
}

/// Whether the table is available (always, with `embedded-regions`).
pub fn is_loaded() -> bool {
    loaded().is_some_and(|r| !r.all.is_empty())
}

/// The date the division data describes.
pub fn as_of() -> &'static str {
    loaded().map_or("", |r| r.as_of)
}

/// Every division, in code order (each parent before its children).
pub fn all_divisions() -> &'static [Division] {
    all()
}

/// The 31 mainland provinces, municipalities and autonomous regions.
pub fn provinces() -> impl Iterator<Item = &'static Division> {
    all().iter().filter(|d| d.code.len() == 2)
}

/// The divisions directly below `parent` (cities of a province, counties of a city).
pub fn children(parent: &str) -> impl Iterator<Item = &'static Division> + '_ {
    let len = parent.len() + 2;
    all()
        .iter()
        .filter(move |d| d.code.len() == len && d.code.starts_with(parent))
}

/// The division with this code.
pub fn find(code: &str) -> Option<&'static Division> {
    let all = all();
    all.binary_search_by(|d| d.code.cmp(code))
        .ok()
        .map(|i| &all[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_one_provinces_and_named_municipal_cities() {
        assert_eq!(provinces().count(), 31);
        assert_eq!(find("1101").unwrap().name, "北京市");
        assert_eq!(find("440305").unwrap().name, "南山区");
        assert_eq!(find("440305").unwrap().parent_code(), Some("4403"));
        assert!(children("4403").any(|d| d.name == "南山区"));
        assert_eq!(as_of(), "2023-06-30");
    }

    #[test]
    fn the_compact_form_holds_the_same_table() {
        let tsv = parse_tsv(include_str!("../data/regions.tsv"));
        let compact = parse_compact(include_str!(concat!(env!("OUT_DIR"), "/regions.compact")));
        assert_eq!(compact.as_of, tsv.as_of);
        assert_eq!(compact.all, tsv.all);
        assert_eq!(
            parse(include_str!("../data/regions.tsv")).all.len(),
            tsv.all.len()
        );
    }

    #[test]
    fn the_data_is_in_code_order() {
        for w in all().windows(2) {
            assert!(w[0].code < w[1].code, "{} before {}", w[0].code, w[1].code);
        }
    }

    #[test]
    fn every_division_has_its_parent() {
        for d in all() {
            if let Some(p) = d.parent_code() {
                assert!(find(p).is_some(), "{} {} has no parent", d.code, d.name);
            }
        }
    }
}
