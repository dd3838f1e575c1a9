//! Reader for the rule data files in `data/`: tab-separated rows after `#` comment lines.
//! A file states its date as `# as_of: YYYY-MM-DD`. Files are compiled in with `include_str!`,
//! so reading them is parsing, not I/O.

pub(crate) struct DataFile {
    pub as_of: &'static str,
    pub rows: Vec<Vec<&'static str>>,
}

pub(crate) fn parse(text: &'static str) -> DataFile {
    let mut as_of = "";
    let mut rows = Vec::new();
    for line in text.lines() {
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(v) = comment.trim().strip_prefix("as_of:") {
                // "2023-06-30 (NBS ...)": the date is the first word.
                as_of = v.split_whitespace().next().unwrap_or("");
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        rows.push(line.split('\t').collect());
    }
    DataFile { as_of, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_date_and_rows() {
        let f = parse("# title\n# as_of: 2026-11-22 (checked)\n\na\tb\nc\n");
        assert_eq!(f.as_of, "2026-11-22");
        assert_eq!(f.rows, vec![vec!["a", "b"], vec!["c"]]);
    }
}
