//! The server's verdicts on an ID card's sides from the text its OCR read (`id_card_text`):
//! the number (its check character, and the form's number), the name (the form's), and the
//! validity dates (expired, or expiring before the province's minimum, `min_id_validity_months`
//! in `data/province-rules.tsv`).

use crate::capture_verdict::{Evidence, Outcome, Verdict};
use crate::date::CivilDate;
use crate::id_card_text::{
    months_after, read_back, read_front, same_name, same_number, ValidUntil,
};

/// A line of text read from the still numbered `seq`, with the reader's confidence.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadLine {
    pub seq: u32,
    pub text: String,
    pub confidence: f32,
}

/// What the form says of the person whose card this is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FormPerson<'a> {
    pub name: Option<&'a str>,
    pub number: Option<&'a str>,
}

fn words(zh: String, en: String) -> (String, String) {
    (zh, en)
}

/// A line read, as evidence.
fn read_evidence(line: &ReadLine) -> Evidence {
    Evidence {
        seq: line.seq,
        zh: "读到的文字".into(),
        en: "text read".into(),
        score: Some(line.confidence),
        text: Some(line.text.clone()),
    }
}

/// The lines that hold `needle` (or all, for an empty one), as evidence.
fn lines_with(lines: &[ReadLine], needle: &str) -> Vec<Evidence> {
    lines
        .iter()
        .filter(|l| {
            let plain: String = l.text.chars().filter(|c| !c.is_whitespace()).collect();
            needle.is_empty() || plain.contains(needle)
        })
        .map(read_evidence)
        .collect()
}

/// The verdicts on a card's front: `id_number` and `id_name`.
pub fn front_verdicts(lines: &[ReadLine], form: FormPerson<'_>) -> Vec<Verdict> {
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let front = read_front(&texts);
    let all = lines_with(lines, "");
    let number = match (&front.number, form.number) {
        (None, _) => Verdict::judged(
            "id_number",
            Outcome::Review,
            if front.labels {
                words(
                    "读不出证件上的公民身份号码，请人工查看。".into(),
                    "The ID number on the card could not be read: a person should look.".into(),
                )
            } else {
                words(
                    "照片上没有读到身份证人像面的文字，请确认拍的是身份证人像面。".into(),
                    "No text of an ID card's photo side was read: check that the photo is of the card's photo side."
                        .into(),
                )
            },
            all.clone(),
        ),
        (Some(read), _) if !front.number_valid => Verdict::judged(
            "id_number",
            Outcome::Review,
            words(
                format!("读到的号码 {read} 校验位不对，可能没有读清，请人工查看。"),
                format!("The number read, {read}, fails its check character (perhaps misread): a person should look."),
            ),
            lines_with(lines, &read[..6]),
        ),
        (Some(read), Some(entered)) if !same_number(read, entered) => Verdict::judged(
            "id_number",
            Outcome::Fail,
            words(
                "证件上的号码与您填写的证件号码不一致，请核对后修改，或重新拍摄本人的身份证。".into(),
                "The number on the card does not match the number you entered: check it and correct it, or photograph your own ID card."
                    .into(),
            ),
            lines_with(lines, &read[..6]),
        ),
        (Some(read), Some(_)) => Verdict::judged(
            "id_number",
            Outcome::Pass,
            words(
                "证件上的号码与填写的一致，校验位正确。".into(),
                "The number on the card matches the form and its check character is right.".into(),
            ),
            lines_with(lines, &read[..6]),
        ),
        (Some(read), None) => Verdict::judged(
            "id_number",
            Outcome::Review,
            words(
                "表单中还没有证件号码，无法比对，请人工查看。".into(),
                "The form has no ID number yet to compare with: a person should look.".into(),
            ),
            lines_with(lines, &read[..6]),
        ),
    };
    let name = match (&front.name, form.name) {
        (Some(read), Some(entered)) if same_name(read, entered) => Verdict::judged(
            "id_name",
            Outcome::Pass,
            words(
                "证件上的姓名与填写的一致。".into(),
                "The name on the card matches the form.".into(),
            ),
            lines_with(lines, read),
        ),
        (Some(read), Some(_)) => Verdict::judged(
            "id_name",
            Outcome::Fail,
            words(
                format!("证件上的姓名（{read}）与您填写的姓名不一致，请核对。"),
                format!("The name on the card ({read}) does not match the name you entered: check it."),
            ),
            lines_with(lines, read),
        ),
        _ => Verdict::judged(
            "id_name",
            Outcome::Review,
            words(
                "读不出证件上的姓名，或表单中还没有姓名，请人工查看。".into(),
                "The name on the card could not be read, or the form has none yet: a person should look."
                    .into(),
            ),
            lines_with(lines, "姓名"),
        ),
    };
    vec![number, name]
}

/// The verdict on a card's back (`id_validity`), checked on `today`, with the province's minimum
/// months of validity left (0: valid today).
pub fn back_verdicts(lines: &[ReadLine], today: CivilDate, min_months: u32) -> Vec<Verdict> {
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let back = read_back(&texts);
    // The lines of the dates and of the authority.
    let evidence: Vec<Evidence> = lines
        .iter()
        .filter(|l| {
            l.text.chars().filter(char::is_ascii_digit).count() >= 8
                || l.text.contains("长期")
                || l.text.contains("公安")
        })
        .map(read_evidence)
        .collect();
    let authority = back.authority.clone().unwrap_or_default();
    let verdict = match back.valid_until {
        None => Verdict::judged(
            "id_validity",
            Outcome::Review,
            if back.labels {
                words(
                    "读不出证件的有效期限，请人工查看。".into(),
                    "The card's validity dates could not be read: a person should look.".into(),
                )
            } else {
                words(
                    "照片上没有读到身份证国徽面的文字，请确认拍的是身份证国徽面。".into(),
                    "No text of an ID card's emblem side was read: check that the photo is of the card's emblem side."
                        .into(),
                )
            },
            evidence,
        ),
        Some(ValidUntil::LongTerm) => Verdict::judged(
            "id_validity",
            Outcome::Pass,
            words(
                format!("证件长期有效（签发机关：{authority}）。"),
                format!("The card is valid without an end date (issued by {authority})."),
            ),
            evidence,
        ),
        Some(ValidUntil::Date(until)) if until < today => Verdict::judged(
            "id_validity",
            Outcome::Fail,
            words(
                format!("证件已于 {until} 过期，请使用有效的身份证。"),
                format!("The card expired on {until}: use a valid ID card."),
            ),
            evidence,
        ),
        Some(ValidUntil::Date(until)) if min_months > 0 && until < months_after(today, min_months) => {
            Verdict::judged(
                "id_validity",
                Outcome::Fail,
                words(
                    format!("证件将于 {until} 到期，本省管局要求至少还有 {min_months} 个月有效期，请先换领新证。"),
                    format!("The card expires on {until}; this province's administration asks for {min_months} months of validity left: renew it first."),
                ),
                evidence,
            )
        }
        Some(ValidUntil::Date(until)) => Verdict::judged(
            "id_validity",
            Outcome::Pass,
            words(
                format!("证件有效期至 {until}（签发机关：{authority}）。"),
                format!("The card is valid until {until} (issued by {authority})."),
            ),
            evidence,
        ),
    };
    vec![verdict]
}

/// The months of validity a province asks an ID card to have left (0 when it names none).
pub fn min_id_validity_months(province: &str) -> u32 {
    crate::provinces::province_rule(province, "min_id_validity_months")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(texts: &[&str]) -> Vec<ReadLine> {
        texts
            .iter()
            .map(|t| ReadLine {
                seq: 42,
                text: (*t).into(),
                confidence: 0.99,
            })
            .collect()
    }

    const FRONT: [&str; 4] = ["姓名", "张三", "公民身份号码", "440305199003071236"];
    const FORM: FormPerson<'static> = FormPerson {
        name: Some("张三"),
        number: Some("440305199003071236"),
    };

    #[test]
    fn a_front_that_matches_the_form_passes_with_the_lines_read() {
        let v = front_verdicts(&read(&FRONT), FORM);
        assert_eq!(v[0].check, "id_number");
        assert_eq!(v[0].outcome, Outcome::Pass);
        assert_eq!(v[0].evidence[0].text.as_deref(), Some("440305199003071236"));
        assert_eq!(v[0].evidence[0].seq, 42);
        assert_eq!(v[1].outcome, Outcome::Pass);
    }

    #[test]
    fn another_number_or_name_fails_in_plain_words() {
        let other = FormPerson {
            name: Some("李四"),
            number: Some("11010519491231002X"),
        };
        let v = front_verdicts(&read(&FRONT), other);
        assert_eq!(v[0].outcome, Outcome::Fail);
        assert!(
            v[0].en.contains("does not match the number you entered"),
            "{}",
            v[0].en
        );
        assert_eq!(v[1].outcome, Outcome::Fail);
        assert!(v[1].zh.contains("张三"));
    }

    #[test]
    fn a_misread_number_or_no_card_goes_to_a_person() {
        let v = front_verdicts(
            &read(&["姓名", "张三", "公民身份号码", "440305199003071286"]),
            FORM,
        );
        assert_eq!(v[0].outcome, Outcome::Review);
        assert!(v[0].en.contains("check character"));
        let v = front_verdicts(&read(&["今日菜单"]), FORM);
        assert_eq!(v[0].outcome, Outcome::Review);
        assert!(v[0].en.contains("photo side"));
        assert_eq!(v[1].outcome, Outcome::Review);
    }

    #[test]
    fn the_back_fails_when_expired_or_expiring_before_the_provinces_minimum() {
        let back = |until: &str| read(&["签发机关", "深圳市公安局南山分局", "有效期限", until]);
        let day = CivilDate::new(2026, 11, 23).unwrap();
        assert_eq!(
            back_verdicts(&back("2020.03.07-2040.03.07"), day, 0)[0].outcome,
            Outcome::Pass
        );
        assert_eq!(
            back_verdicts(&back("2006.03.07-长期"), day, 3)[0].outcome,
            Outcome::Pass
        );
        let expired = &back_verdicts(&back("2006.03.07-2026.03.07"), day, 0)[0];
        assert_eq!(expired.outcome, Outcome::Fail);
        assert!(
            expired.en.contains("expired on 2026-03-07"),
            "{}",
            expired.en
        );
        // Two months left: fine elsewhere, not in Shanghai (3 months).
        let soon = back("2007.01.20-2027.01.20");
        assert_eq!(back_verdicts(&soon, day, 0)[0].outcome, Outcome::Pass);
        let v = &back_verdicts(&soon, day, min_id_validity_months("31"))[0];
        assert_eq!(v.outcome, Outcome::Fail);
        assert!(v.zh.contains("3 个月"), "{}", v.zh);
        assert_eq!(
            back_verdicts(&read(&["风景"]), day, 0)[0].outcome,
            Outcome::Review
        );
        assert_eq!(min_id_validity_months("11"), 0);
    }
}
