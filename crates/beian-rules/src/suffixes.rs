//! Which domain suffixes can be ICP-filed, from `data/domain-suffixes.tsv`.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::data_file;

const DATA: &str = include_str!(concat!(env!("OUT_DIR"), "/domain-suffixes.tsv"));

/// Whether domains under a suffix can be filed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuffixClass {
    Fileable,
    /// Only bodies of a certain kind may use it (`.gov.cn`, `.edu.cn`, `.政务` ...).
    NeedsQualification,
    NotFileable,
    /// Not on the list, or listed with conflicting reports.
    Unknown,
}

/// One row of the suffix list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuffixEntry {
    /// A-label form without the leading dot, e.g. `com.cn`, `xn--fiqs8s`.
    pub suffix: &'static str,
    pub class: SuffixClass,
    /// Key of the source named in the data file's header.
    pub source: &'static str,
    /// U-label form for IDN suffixes (`中国`), empty otherwise.
    pub unicode: &'static str,
}

pub struct SuffixTable {
    pub as_of: &'static str,
    /// Sorted by `suffix`.
    entries: Vec<SuffixEntry>,
}

impl SuffixTable {
    pub fn get(&self, suffix: &str) -> Option<&SuffixEntry> {
        self.entries
            .binary_search_by(|e| e.suffix.cmp(suffix))
            .ok()
            .map(|i| &self.entries[i])
    }

    pub fn entries(&self) -> &[SuffixEntry] {
        &self.entries
    }
}

/// The suffix list, parsed once.
pub fn table() -> &'static SuffixTable {
    static TABLE: OnceLock<SuffixTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let file = data_file::parse(DATA);
        // Sorted by suffix when the build copied the file (its `# sort:` line, build.rs): `get`
        // searches it.
        let entries: Vec<SuffixEntry> = file
            .rows
            .iter()
            .filter_map(|row| {
                let class = match *row.get(1)? {
                    "fileable" => SuffixClass::Fileable,
                    "needs_qualification" => SuffixClass::NeedsQualification,
                    "not_fileable" => SuffixClass::NotFileable,
                    "unknown" => SuffixClass::Unknown,
                    _ => return None,
                };
                Some(SuffixEntry {
                    suffix: row[0],
                    class,
                    source: row.get(2).copied().unwrap_or(""),
                    unicode: row.get(3).copied().unwrap_or(""),
                })
            })
            .collect();
        SuffixTable {
            as_of: file.as_of,
            entries,
        }
    })
}

/// The longest listed suffix of `labels` (A-labels), as the index of its first label.
pub(crate) fn longest_match(labels: &[&str]) -> Option<(usize, &'static SuffixEntry)> {
    let table = table();
    (0..labels.len()).find_map(|i| table.get(&labels[i..].join(".")).map(|e| (i, e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_parses_and_is_unique() {
        let raw_rows = data_file::parse(DATA).rows.len();
        let t = table();
        assert_eq!(t.entries().len(), raw_rows, "a row has an unknown class");
        for w in t.entries().windows(2) {
            assert!(
                w[0].suffix < w[1].suffix,
                "{} before {}: duplicate, or not sorted (the file's `# sort:` line asks build.rs to)",
                w[0].suffix,
                w[1].suffix
            );
        }
        assert_eq!(t.as_of, "2026-11-22");
    }

    #[test]
    fn idn_rows_match_their_unicode_form() {
        for e in table().entries().iter().filter(|e| !e.unicode.is_empty()) {
            let ascii = idna::domain_to_ascii(e.unicode).expect("valid IDN suffix");
            assert_eq!(ascii, e.suffix, "A-label of {}", e.unicode);
        }
    }

    #[test]
    fn corrections_over_the_seed_hold() {
        // icp-rules.md §3: .xyz, .co and .asia are fileable; .hk is not.
        for s in ["xyz", "co", "asia"] {
            assert_eq!(table().get(s).unwrap().class, SuffixClass::Fileable, "{s}");
        }
        assert_eq!(table().get("hk").unwrap().class, SuffixClass::NotFileable);
        assert_eq!(
            table().get("gov.cn").unwrap().class,
            SuffixClass::NeedsQualification
        );
    }
}
