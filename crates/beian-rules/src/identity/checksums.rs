//! Check characters of Chinese identity numbers.

/// GB 11643-1999 (ISO 7064 MOD 11-2) check character for the first 17 digits of a 公民身份号码
/// (also used by residence permits and the 2023 foreign permanent residence card).
pub(crate) fn mod11_2(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (b, w) in first17.bytes().zip(WEIGHTS) {
        sum += u32::from(b.checked_sub(b'0').filter(|d| *d <= 9)?) * w;
    }
    Some(b"10X98765432"[(sum % 11) as usize] as char)
}

/// The 31 characters of a 统一社会信用代码, in value order (no I, O, Z, S, V).
pub(crate) const CREDIT_CODE_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// GB 32100-2015 check character for the first 17 characters of a 统一社会信用代码.
pub(crate) fn gb32100(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += CREDIT_CODE_CHARSET.find(c)? as u32 * w;
    }
    let check = (31 - sum % 31) % 31;
    CREDIT_CODE_CHARSET.chars().nth(check as usize)
}

/// GB 11714-1997 check character for the 8-character body of a 组织机构代码.
pub(crate) fn gb11714(body8: &str) -> Option<char> {
    const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    if body8.len() != 8 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in body8.chars().zip(WEIGHTS) {
        sum += c.to_digit(36)? * w;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        n => char::from_digit(n, 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_examples_from_the_standards() {
        // icp-rules.md §4.1 and §4.2 (GB 32100 Annex B).
        assert_eq!(mod11_2("11010519491231002"), Some('X'));
        assert_eq!(mod11_2("44052418800101001"), Some('4'));
        assert_eq!(gb32100("91350100M000100Y4"), Some('3'));
        assert_eq!(gb11714("M000100Y"), Some('4'));
        assert_eq!(mod11_2("1101051949123100A"), None);
        assert_eq!(
            gb32100("91350100M000100I4"),
            None,
            "I is not in the charset"
        );
    }
}
