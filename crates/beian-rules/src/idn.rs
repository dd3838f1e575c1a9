//! Internationalised domain labels for ICP filing: RFC 3492 punycode and the character policy.
//!
//! Domains that can be filed carry ASCII letters, digits and hyphens, or Chinese characters
//! (CNNIC's IDN tables for .cn/.中国 and the Chinese IDN TLDs allow Han characters only). So
//! instead of full UTS #46 (whose Unicode tables cost ~46 KB brotli in the browser), labels are
//! mapped (full-width forms, case), checked against that policy and encoded here. The native
//! tests compare the result with the `idna` crate.

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;
const ACE_PREFIX: &str = "xn--";

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LabelError {
    /// A character outside letters, digits, hyphen and Han.
    Character(char),
    /// An `xn--` label that is not valid punycode for an allowed label.
    Punycode,
}

/// Full-width ASCII to ASCII, ideographic full stops to `.`, ASCII letters to lower case.
pub(crate) fn map_input(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '。' | '．' | '｡' => '.',
            c => crate::text::ascii_width(c),
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Han ideographs (CJK Unified Ideographs and extensions A to I). Compatibility ideographs
/// (U+F900..) are excluded: Unicode normalisation would change them.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EE5F | 0x30000..=0x323AF)
}

fn allowed(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || is_han(c)
}

/// A mapped label (see [`map_input`]) in its ASCII form.
pub(crate) fn label_to_ascii(label: &str) -> Result<String, LabelError> {
    if let Some(c) = label.chars().find(|c| !allowed(*c)) {
        return Err(LabelError::Character(c));
    }
    if label.is_ascii() {
        if let Some(encoded) = label.strip_prefix(ACE_PREFIX) {
            let decoded = decode(encoded).ok_or(LabelError::Punycode)?;
            // The decoded label must itself be allowed, need the encoding, and encode back to the
            // same text (one canonical A-label per label).
            let canonical = decoded.iter().all(|c| allowed(*c))
                && !decoded.iter().all(char::is_ascii)
                && encode(&decoded).as_deref() == Some(encoded);
            if !canonical {
                return Err(LabelError::Punycode);
            }
        }
        return Ok(label.to_owned());
    }
    let chars: Vec<char> = label.chars().collect();
    let encoded = encode(&chars).ok_or(LabelError::Punycode)?;
    Ok(format!("{ACE_PREFIX}{encoded}"))
}

/// An ASCII label in its display form (`xn--fiqs8s` -> `中国`); other labels unchanged.
pub(crate) fn label_to_unicode(label: &str) -> String {
    label
        .strip_prefix(ACE_PREFIX)
        .and_then(decode)
        .map(|chars| chars.into_iter().collect())
        .unwrap_or_else(|| label.to_owned())
}

/// A whole ASCII domain in its display form.
pub(crate) fn domain_to_unicode(ascii: &str) -> String {
    ascii
        .split('.')
        .map(label_to_unicode)
        .collect::<Vec<_>>()
        .join(".")
}

fn adapt(mut delta: u32, num_points: u32, first: bool) -> u32 {
    delta /= if first { DAMP } else { 2 };
    delta += delta / num_points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

fn threshold(k: u32, bias: u32) -> u32 {
    if k <= bias {
        T_MIN
    } else if k >= bias + T_MAX {
        T_MAX
    } else {
        k - bias
    }
}

fn encode_digit(d: u32) -> char {
    // 0..=25 -> 'a'..='z', 26..=35 -> '0'..='9'
    let byte = if d < 26 {
        b'a' + d as u8
    } else {
        b'0' + (d - 26) as u8
    };
    byte as char
}

fn decode_digit(b: u8) -> Option<u32> {
    match b {
        b'a'..=b'z' => Some(u32::from(b - b'a')),
        b'A'..=b'Z' => Some(u32::from(b - b'A')),
        b'0'..=b'9' => Some(u32::from(b - b'0') + 26),
        _ => None,
    }
}

/// RFC 3492 encoding of `input` (without the `xn--` prefix); `None` on overflow.
pub(crate) fn encode(input: &[char]) -> Option<String> {
    let mut output: String = input.iter().filter(|c| c.is_ascii()).collect();
    let basic = output.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let total = input.len() as u32;
    while handled < total {
        let m = input.iter().map(|&c| c as u32).filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in input {
            let c = c as u32;
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = threshold(k, bias);
                    if q < t {
                        break;
                    }
                    output.push(encode_digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(encode_digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}

/// RFC 3492 decoding (input without the `xn--` prefix); `None` if it is not valid punycode.
pub(crate) fn decode(input: &str) -> Option<Vec<char>> {
    let (basic, extended) = match input.rfind('-') {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => ("", input),
    };
    if !basic.is_ascii() || extended.is_empty() {
        return None;
    }
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let bytes = extended.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        let old_i = i;
        let mut w = 1u32;
        let mut k = BASE;
        loop {
            let digit = decode_digit(*bytes.get(pos)?)?;
            pos += 1;
            i = i.checked_add(digit.checked_mul(w)?)?;
            let t = threshold(k, bias);
            if digit < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = output.len() as u32 + 1;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        output.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_3492_chinese_sample() {
        // RFC 3492 section 7.1 (B): simplified Chinese.
        let s: Vec<char> = "他们为什么不说中文".chars().collect();
        assert_eq!(encode(&s).unwrap(), "ihqwcrb4cv8a8dqg056pqjye");
        assert_eq!(decode("ihqwcrb4cv8a8dqg056pqjye").unwrap(), s);
    }

    #[test]
    fn agrees_with_the_idna_crate_on_han_labels() {
        // A deterministic spread of Han strings, mixed with ASCII, of 1 to 12 characters.
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2000 {
            let len = 1 + (next() % 12) as usize;
            let label: String = (0..len)
                .map(|_| match next() % 5 {
                    0 => (b'a' + (next() % 26) as u8) as char,
                    1 => char::from_u32(0x3400 + (next() % 0x19C0) as u32).unwrap(),
                    _ => char::from_u32(0x4E00 + (next() % 0x5200) as u32).unwrap(),
                })
                .collect();
            let ours = label_to_ascii(&label).unwrap();
            let theirs = idna::domain_to_ascii(&label).unwrap();
            assert_eq!(ours, theirs, "{label}");
            assert_eq!(label_to_unicode(&ours), label);
            assert_eq!(
                label_to_ascii(&ours).unwrap(),
                ours,
                "A-label accepted as input"
            );
        }
    }

    #[test]
    fn policy_refuses_other_scripts_and_bad_a_labels() {
        assert_eq!(label_to_ascii("bücher"), Err(LabelError::Character('ü')));
        assert_eq!(label_to_ascii("例_子"), Err(LabelError::Character('_')));
        assert_eq!(label_to_ascii("xn--zz"), Err(LabelError::Punycode));
        // Valid punycode, but for a non-Han label.
        assert_eq!(label_to_ascii("xn--bcher-kva"), Err(LabelError::Punycode));
        assert_eq!(map_input("ＷＷＷ．Ｅｘａｍｐｌｅ。ＣＮ"), "www.example.cn");
    }
}
