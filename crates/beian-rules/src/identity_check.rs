//! Who does the 真实性核验 (live face and ID-document check) and how: the responsible person of
//! each website in person, once per person however many sites they are responsible for, with
//! the province's way and limits (`data/identity-check.tsv`). The capture itself is the client's
//! and the server's; this module only says who and how.

use crate::data_file;
use crate::document::{FilingDraft, Person};

const DATA: &str = include_str!(concat!(env!("OUT_DIR"), "/identity-check.tsv"));

/// How the check is done in a province.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckWay {
    /// Live capture in this wizard.
    Here,
    /// In the provincial administration's own app (Shanghai).
    ProvinceApp,
}

/// One person to check: the first website they are responsible for gives the path of their
/// details (`websites[0].owner`); `websites` lists every site they answer for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonToCheck {
    pub path: String,
    pub name: String,
    pub certificate_type: String,
    pub certificate_number: String,
    pub websites: Vec<usize>,
}

/// What to prepare, in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckNote {
    pub zh: &'static str,
    pub en: &'static str,
}

/// The same person on two sites: the same certificate, or (before it is entered) the same name
/// and mobile.
fn same_person(a: &Person, b: &Person) -> bool {
    let key = |p: &Person| p.certificate_number.trim().to_ascii_uppercase();
    if !key(a).is_empty() || !key(b).is_empty() {
        return key(a) == key(b) && a.certificate_type == b.certificate_type;
    }
    !a.name.trim().is_empty()
        && a.name.trim() == b.name.trim()
        && a.mobile.trim() == b.mobile.trim()
}

/// The responsible people of the application's websites, each once, in site order.
pub fn people_to_check(d: &FilingDraft) -> Vec<PersonToCheck> {
    let mut out: Vec<(PersonToCheck, &Person)> = Vec::new();
    for (i, site) in d.websites.iter().enumerate() {
        if let Some((known, _)) = out.iter_mut().find(|(_, p)| same_person(p, &site.owner)) {
            known.websites.push(i);
            continue;
        }
        let p = &site.owner;
        out.push((
            PersonToCheck {
                path: format!("websites[{i}].owner"),
                name: p.name.trim().to_owned(),
                certificate_type: p.certificate_type.clone(),
                certificate_number: p.certificate_number.trim().to_owned(),
                websites: vec![i],
            },
            p,
        ));
    }
    out.into_iter().map(|(p, _)| p).collect()
}

fn rows() -> impl Iterator<Item = (&'static str, &'static str, CheckNote)> {
    data_file::parse(DATA)
        .rows
        .into_iter()
        .filter_map(|r| match r.as_slice() {
            [province, how, zh, en, ..] => Some((*province, *how, CheckNote { zh, en })),
            _ => None,
        })
}

/// How the check is done for a subject in `province`.
pub fn check_way(province: &str) -> CheckWay {
    if rows().any(|(p, how, _)| p == province && how == "province_app") {
        CheckWay::ProvinceApp
    } else {
        CheckWay::Here
    }
}

/// What to prepare, for a subject in `province`: the national notes, then the province's. Where
/// the province has its own app, only its note.
pub fn check_notes(province: &str) -> Vec<CheckNote> {
    let way = check_way(province);
    rows()
        .filter(|(p, how, _)| match way {
            CheckWay::ProvinceApp => *p == province,
            CheckWay::Here => (*p == "*" || *p == province) && *how == "here",
        })
        .map(|(_, _, note)| note)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Website;

    fn site(name: &str, number: &str) -> Website {
        Website {
            owner: Person {
                name: name.into(),
                certificate_type: "id_card".into(),
                certificate_number: number.into(),
                ..Person::default()
            },
            ..Website::default()
        }
    }

    #[test]
    fn each_responsible_person_once_with_their_sites() {
        let d = FilingDraft {
            websites: vec![
                site("张三", "44030519900307123X"),
                site("李四", "110105194912310029"),
                site("张三", "44030519900307123x"),
            ],
            ..FilingDraft::default()
        };
        let people = people_to_check(&d);
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].name, "张三");
        assert_eq!(people[0].websites, vec![0, 2]);
        assert_eq!(people[0].path, "websites[0].owner");
        assert_eq!(people[1].websites, vec![1]);
    }

    #[test]
    fn before_a_certificate_is_entered_name_and_mobile_tell_people_apart() {
        let mut a = site("张三", "");
        a.owner.mobile = "13800138000".into();
        let mut b = a.clone();
        b.owner.mobile = "13900139000".into();
        let d = FilingDraft {
            websites: vec![a.clone(), b, a],
            ..FilingDraft::default()
        };
        let people = people_to_check(&d);
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].websites, vec![0, 2]);
        assert!(people_to_check(&FilingDraft::default()).is_empty());
    }

    #[test]
    fn shanghai_uses_its_own_app_and_shaanxi_has_a_one_month_limit() {
        assert_eq!(check_way("31"), CheckWay::ProvinceApp);
        let sh = check_notes("31");
        assert_eq!(sh.len(), 1);
        assert!(sh[0].zh.starts_with("上海"));
        assert_eq!(check_way("44"), CheckWay::Here);
        assert_eq!(check_notes("44").len(), 2);
        let sn = check_notes("61");
        assert_eq!(sn.len(), 3);
        assert!(sn[2].zh.contains("一个月"));
    }
}
