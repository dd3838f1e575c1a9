//! Personal numbers shown with their middle hidden (a screen seen over a shoulder, a screenshot).

/// `text` with all but its first `head` and last `tail` characters replaced by `*`; a text too
/// short to keep anything is all stars.
pub fn mask_middle(text: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len().max(4));
    }
    let mut out: String = chars[..head].iter().collect();
    out.extend(std::iter::repeat_n('*', chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// A mobile number with its middle hidden: 138****8000.
pub fn mask_mobile(mobile: &str) -> String {
    let digits: String = mobile.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return "****".to_owned();
    }
    mask_middle(&digits, 3, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_the_ends() {
        assert_eq!(mask_mobile("13800138000"), "138****8000");
        assert_eq!(mask_mobile("12"), "****");
        assert_eq!(
            mask_middle("110101199003074518", 4, 4),
            "1101**********4518"
        );
        assert_eq!(mask_middle("ab", 1, 1), "****");
    }
}
