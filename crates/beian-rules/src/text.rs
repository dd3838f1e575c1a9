//! Small text helpers shared by the rules that read typed input.

/// A full-width form (U+FF01..U+FF5E, as Chinese keyboards type `１２３`, `ＩＣＰ`, `－`) as its
/// ASCII character; any other character unchanged.
pub(crate) fn ascii_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn full_width_forms_become_ascii() {
        let s: String = "１２ＡＢ－ｉｃｐ中"
            .chars()
            .map(super::ascii_width)
            .collect();
        assert_eq!(s, "12AB-icp中");
    }
}
