//! What the text read from a 居民身份证 (by the server's OCR) says, and how it compares with the
//! form: pure text parsing, no model. The front carries 姓名 and the 18-character 公民身份号码
//! (GB 11643 check character); the back carries 签发机关 and 有效期限 (`YYYY.MM.DD-YYYY.MM.DD`
//! or `YYYY.MM.DD-长期`).

use crate::date::CivilDate;
use crate::identity::{normalize_number, resident_id_birth_date};

/// What the front of a card says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontText {
    /// The 18-character number found, as read (upper case, no spaces); `None` when no line
    /// holds 17 digits and a check character.
    pub number: Option<String>,
    /// Whether the number's check character is right (and its birth date a date).
    pub number_valid: bool,
    /// The name after the 姓名 label.
    pub name: Option<String>,
    /// Whether the labels of a card's front were read (姓名, 公民身份号码 ...).
    pub labels: bool,
}

/// When a card stops being valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValidUntil {
    Date(CivilDate),
    /// 长期: no end.
    LongTerm,
}

/// What the back of a card says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackText {
    pub authority: Option<String>,
    pub valid_from: Option<CivilDate>,
    pub valid_until: Option<ValidUntil>,
    /// Whether the back's words were read (中华人民共和国, 居民身份证, 签发机关, 有效期限).
    pub labels: bool,
}

const FRONT_LABELS: [&str; 4] = ["姓名", "性别", "住址", "公民身份号码"];
const BACK_LABELS: [&str; 4] = ["中华人民共和国", "居民身份证", "签发机关", "有效期限"];

/// A line without spaces (OCR puts spaces where the card spaces its letters), its dashes
/// plain hyphens.
fn compact(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if matches!(c, '—' | '–' | '－' | '~' | '～') {
                '-'
            } else {
                c
            }
        })
        .collect()
}

/// Lines without spaces, and whether at least two of `labels` are among them.
fn with_labels(lines: &[&str], labels: &[&str]) -> (Vec<String>, bool) {
    let lines: Vec<String> = lines.iter().map(|l| compact(l)).collect();
    let found = labels
        .iter()
        .filter(|label| lines.iter().any(|l| l.contains(*label)))
        .count();
    (lines, found >= 2)
}

/// The text after `label`: on the same line when there is any, else the next line.
fn after_label(lines: &[String], label: &str) -> Option<String> {
    let at = lines.iter().position(|l| l.contains(label))?;
    let rest = lines[at].split_once(label).map(|(_, r)| r).unwrap_or("");
    let value = if rest.is_empty() {
        lines.get(at + 1)?.as_str()
    } else {
        rest
    };
    (!value.is_empty()).then(|| value.to_owned())
}

/// Characters OCR reads for the digits and X of a number.
fn number_char(c: char) -> Option<char> {
    match crate::text::ascii_width(c) {
        d @ '0'..='9' => Some(d),
        'X' | 'x' | '×' => Some('X'),
        _ => None,
    }
}

/// An 18-character resident ID number in `line`: 17 digits then a digit or X, not part of a
/// longer run of digits.
fn number_in(line: &str) -> Option<String> {
    let chars: Vec<Option<char>> = line.chars().map(number_char).collect();
    let mut start = 0;
    while start < chars.len() {
        if chars[start].is_none() {
            start += 1;
            continue;
        }
        let end = (start..chars.len())
            .find(|&i| chars[i].is_none())
            .unwrap_or(chars.len());
        let run: String = chars[start..end].iter().flatten().collect();
        if run.len() == 18 && !run[..17].contains('X') {
            return Some(run);
        }
        start = end;
    }
    None
}

/// Reads the front's lines.
pub fn read_front(lines: &[&str]) -> FrontText {
    let (lines, labels) = with_labels(lines, &FRONT_LABELS);
    let number = lines.iter().find_map(|l| number_in(l));
    let number_valid = number
        .as_deref()
        .is_some_and(|n| resident_id_birth_date(n).is_some());
    FrontText {
        number,
        number_valid,
        name: after_label(&lines, "姓名"),
        labels,
    }
}

/// A date written `YYYY.MM.DD` (also with `-`, `/` or `年月日` read by OCR in between).
fn date_at(s: &str) -> Option<(CivilDate, usize)> {
    let digits: Vec<(usize, char)> = s
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .collect();
    if digits.len() < 8 {
        return None;
    }
    let text: String = digits[..8].iter().map(|(_, c)| c).collect();
    let date = CivilDate::parse_compact(&text)?;
    let end = digits[7].0 + 1;
    Some((date, end))
}

/// Reads the back's lines.
pub fn read_back(lines: &[&str]) -> BackText {
    let (lines, labels) = with_labels(lines, &BACK_LABELS);
    let validity = after_label(&lines, "有效期限").or_else(|| {
        // Without its label: a line that holds a date followed by another or by 长期.
        lines
            .iter()
            .find(|l| date_at(l).is_some() && (l.contains('-') || l.contains('长')))
            .cloned()
    });
    let (valid_from, valid_until) = match validity {
        Some(v) => {
            let from = date_at(&v);
            let rest = from.map(|(_, end)| &v[end..]).unwrap_or("");
            let until = if rest.contains("长期") {
                Some(ValidUntil::LongTerm)
            } else {
                date_at(rest).map(|(d, _)| ValidUntil::Date(d))
            };
            (from.map(|(d, _)| d), until)
        }
        None => (None, None),
    };
    BackText {
        authority: after_label(&lines, "签发机关"),
        valid_from,
        valid_until,
        labels,
    }
}

/// Whether the number on the card is the number on the form (both normalised).
pub fn same_number(read: &str, form: &str) -> bool {
    normalize_number(read) == normalize_number(form)
}

/// Whether the name on the card is the name on the form (spaces and the middle dot of
/// minority names, read as `.` or `·` or `•`, ignored).
pub fn same_name(read: &str, form: &str) -> bool {
    let plain = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '.' | '•' | '・'))
            .collect()
    };
    !plain(form).is_empty() && plain(read) == plain(form)
}

/// The date `months` months after `date` (the day clamped to the month's end).
pub fn months_after(date: CivilDate, months: u32) -> CivilDate {
    let total = u32::from(date.month) - 1 + months;
    let year = date.year + (total / 12) as u16;
    let month = (total % 12) as u8 + 1;
    (1..=date.day)
        .rev()
        .find_map(|d| CivilDate::new(year, month, d))
        .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_gives_its_name_and_its_number_with_the_check_character_judged() {
        let lines = [
            "样本 SPECIMEN",
            "姓名",
            "张三",
            "性别",
            "男",
            "民族汉",
            "公民身份号码",
            "440305199003071236",
        ];
        let front = read_front(&lines);
        assert_eq!(front.number.as_deref(), Some("440305199003071236"));
        assert!(front.number_valid && front.labels);
        assert_eq!(front.name.as_deref(), Some("张三"));

        // The label and the value on one line; a lower-case x; a misread digit fails the check.
        let front = read_front(&["姓名 欧阳娜娜", "公民身份号码 11010519491231002x"]);
        assert_eq!(front.name.as_deref(), Some("欧阳娜娜"));
        assert_eq!(front.number.as_deref(), Some("11010519491231002X"));
        assert!(front.number_valid);
        let front = read_front(&["公民身份号码 440305199003071286"]);
        assert!(!front.number_valid);
        assert!(!front.labels, "one label is not a card");
    }

    #[test]
    fn a_number_is_exactly_eighteen_characters_and_x_only_last() {
        assert_eq!(number_in("号码4403051990030712361"), None);
        assert_eq!(number_in("44030519900307123"), None);
        assert_eq!(number_in("X44030519900307123"), None);
        assert_eq!(
            number_in("ab４４０３０５１９９００３０７１２３６"),
            Some("440305199003071236".into())
        );
        assert_eq!(read_front(&[]), FrontText::default());
    }

    #[test]
    fn the_back_gives_the_authority_and_the_validity_dates() {
        let back = read_back(&[
            "中华人民共和国",
            "居民身份证",
            "签发机关",
            "深圳市公安局南山分局",
            "有效期限",
            "2020.03.07-2040.03.07",
        ]);
        assert!(back.labels);
        assert_eq!(back.authority.as_deref(), Some("深圳市公安局南山分局"));
        assert_eq!(back.valid_from, CivilDate::new(2020, 3, 7));
        assert_eq!(
            back.valid_until,
            Some(ValidUntil::Date(CivilDate::new(2040, 3, 7).unwrap()))
        );
        let back = read_back(&["有效期限 2015.01.02-长期"]);
        assert_eq!(back.valid_until, Some(ValidUntil::LongTerm));
        // No label, a dash read as an em dash.
        let back = read_back(&["2010.05.06—2020.05.06"]);
        assert_eq!(
            back.valid_until,
            Some(ValidUntil::Date(CivilDate::new(2020, 5, 6).unwrap()))
        );
        assert_eq!(read_back(&["有效期限", "20.0"]).valid_from, None);
    }

    #[test]
    fn names_and_numbers_compare_without_spaces_and_dots() {
        assert!(same_name("阿依古丽·买买提", "阿依古丽•买买提"));
        assert!(same_name("张 三", "张三"));
        assert!(!same_name("张二", "张三"));
        assert!(!same_name("", ""));
        assert!(same_number("11010519491231002x", "11010519491231002X"));
        assert!(!same_number("440305199003071236", "440305199003071244"));
    }

    #[test]
    fn months_after_clamps_to_the_month_end() {
        let d = |y, m, d| CivilDate::new(y, m, d).unwrap();
        assert_eq!(months_after(d(2026, 11, 30), 3), d(2027, 2, 28));
        assert_eq!(months_after(d(2026, 1, 15), 12), d(2027, 1, 15));
    }
}
