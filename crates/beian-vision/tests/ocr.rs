//! PP-OCRv4 on rendered ID-card specimens (tests/fixtures/capture_media.py, Noto CJK), clean and
//! degraded as a phone photo is (smaller in a frame, JPEG, blur, noise, rotation): the rules
//! crate reads the number, the name and the validity from the lines, and catches a number that
//! is not the form's.

mod support;

use beian_rules::capture_verdict::Outcome;
use beian_rules::card_verdict::{back_verdicts, front_verdicts, FormPerson, ReadLine};
use beian_rules::date::CivilDate;
use beian_rules::id_card_text::{read_back, read_front, ValidUntil};
use beian_vision::Picture;
use support::{blurred, jpeg, noisy, photographed, png, MODELS};

const NUMBER: &str = "440305199003071236";

fn lines(picture: &Picture) -> Vec<String> {
    let whole = (0.0, 0.0, picture.width() as f32, picture.height() as f32);
    MODELS
        .ocr
        .read(picture, whole)
        .expect("runs")
        .into_iter()
        .map(|l| l.text)
        .collect()
}

fn front_number(picture: &Picture) -> (Option<String>, bool, Vec<String>) {
    let read = lines(picture);
    let texts: Vec<&str> = read.iter().map(String::as_str).collect();
    let front = read_front(&texts);
    (front.number, front.number_valid, read)
}

#[test]
fn the_clean_front_is_read_whole() {
    let read = lines(&png("id-front.png"));
    let texts: Vec<&str> = read.iter().map(String::as_str).collect();
    let front = read_front(&texts);
    assert_eq!(front.number.as_deref(), Some(NUMBER), "{read:?}");
    assert!(front.number_valid && front.labels, "{read:?}");
    assert_eq!(front.name.as_deref(), Some("张三"), "{read:?}");
    assert!(texts.contains(&"广东省深圳市南山区"), "{read:?}");
}

#[test]
fn the_number_is_read_exactly_from_degraded_photos() {
    let card = png("id-front.png");
    let framed = photographed(&card, 0.8);
    let cases: Vec<(&str, Picture)> = vec![
        ("in a phone frame, JPEG 70", jpeg(&framed, 70)),
        ("rotated 4°", photographed(&card.rotated(4.0), 0.8)),
        ("rotated -4°", photographed(&card.rotated(-4.0), 0.8)),
        ("blurred", blurred(&framed, 1)),
        ("noisy", noisy(&framed, 24)),
        (
            "all at once",
            jpeg(
                &noisy(&blurred(&photographed(&card.rotated(3.0), 0.8), 1), 16),
                60,
            ),
        ),
    ];
    for (name, picture) in cases {
        let (number, valid, read) = front_number(&picture);
        assert_eq!(number.as_deref(), Some(NUMBER), "{name}: {read:?}");
        assert!(valid, "{name}");
    }
}

#[test]
fn the_back_gives_the_authority_and_the_dates() {
    let read = lines(&jpeg(&photographed(&png("id-back.png"), 0.8), 75));
    let texts: Vec<&str> = read.iter().map(String::as_str).collect();
    let back = read_back(&texts);
    assert!(back.labels, "{read:?}");
    assert_eq!(
        back.authority.as_deref(),
        Some("深圳市公安局南山分局"),
        "{read:?}"
    );
    assert_eq!(back.valid_from, CivilDate::new(2020, 3, 7));
    assert_eq!(
        back.valid_until,
        Some(ValidUntil::Date(CivilDate::new(2040, 3, 7).unwrap()))
    );
}

#[test]
fn a_number_that_is_not_the_forms_is_caught_and_the_right_one_passes() {
    let read: Vec<ReadLine> = MODELS
        .ocr
        .read(&png("id-front.png"), (0.0, 0.0, 856.0, 540.0))
        .expect("runs")
        .into_iter()
        .map(|l| ReadLine {
            seq: 7,
            text: l.text,
            confidence: l.confidence,
        })
        .collect();
    let right = front_verdicts(
        &read,
        FormPerson {
            name: Some("张三"),
            number: Some(NUMBER),
        },
    );
    assert_eq!(
        (right[0].outcome, right[1].outcome),
        (Outcome::Pass, Outcome::Pass),
        "{right:?}"
    );
    let other = front_verdicts(
        &read,
        FormPerson {
            name: Some("张三"),
            number: Some("11010519491231002X"),
        },
    );
    assert_eq!(other[0].outcome, Outcome::Fail);
    assert!(other[0].zh.contains("不一致"), "{}", other[0].zh);
    let today = CivilDate::new(2026, 11, 23).unwrap();
    let back: Vec<ReadLine> = MODELS
        .ocr
        .read(&png("id-back.png"), (0.0, 0.0, 856.0, 540.0))
        .expect("runs")
        .into_iter()
        .map(|l| ReadLine {
            seq: 9,
            text: l.text,
            confidence: l.confidence,
        })
        .collect();
    assert_eq!(back_verdicts(&back, today, 3)[0].outcome, Outcome::Pass);
    // The same card checked in 2040, a month before it ends, in Shanghai.
    let late = CivilDate::new(2040, 2, 7).unwrap();
    assert_eq!(back_verdicts(&back, late, 3)[0].outcome, Outcome::Fail);
}
