//! 主办单位性质 (subject natures) and the certificate types each may file with, from
//! `data/subject-natures.tsv` and `data/certificate-types.tsv`.

use std::sync::OnceLock;

use crate::data_file;
use crate::identity::NumberFormat;

const NATURES: &str = include_str!(concat!(env!("OUT_DIR"), "/subject-natures.tsv"));
const CERTIFICATES: &str = include_str!(concat!(env!("OUT_DIR"), "/certificate-types.tsv"));

/// The MIIT 单位性质 id of 个人 (personal filers); every other nature is a unit.
pub const PERSONAL_NATURE: u8 = 5;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectNature {
    /// MIIT 单位性质 id.
    pub id: u8,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    /// Ids of the certificate types this nature may file with, most common first.
    pub certificates: Vec<&'static str>,
    /// Expected first two characters of its 统一社会信用代码 (empty: no expectation).
    pub credit_code_prefixes: Vec<&'static str>,
    /// May use national and state-function words in site names (with documents).
    pub state_body: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateKind {
    Personal,
    Organisation,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateType {
    pub id: &'static str,
    pub kind: CertificateKind,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub number_format: NumberFormat,
}

/// Subject natures in the order a picker shows them (most common first).
pub fn natures() -> &'static [SubjectNature] {
    static N: OnceLock<Vec<SubjectNature>> = OnceLock::new();
    N.get_or_init(|| {
        data_file::parse(NATURES)
            .rows
            .iter()
            .filter_map(|r| {
                Some(SubjectNature {
                    id: r.first()?.parse().ok()?,
                    name_zh: r.get(1)?,
                    name_en: r.get(2)?,
                    certificates: r.get(3)?.split(',').collect(),
                    credit_code_prefixes: r
                        .get(4)
                        .map(|p| p.split(',').filter(|p| !p.is_empty()).collect())
                        .unwrap_or_default(),
                    state_body: r
                        .get(5)
                        .is_some_and(|f| f.split(',').any(|f| f == "state_body")),
                })
            })
            .collect()
    })
}

pub fn certificate_types() -> &'static [CertificateType] {
    static C: OnceLock<Vec<CertificateType>> = OnceLock::new();
    C.get_or_init(|| {
        data_file::parse(CERTIFICATES)
            .rows
            .iter()
            .filter_map(|r| {
                Some(CertificateType {
                    id: r.first()?,
                    kind: match *r.get(1)? {
                        "personal" => CertificateKind::Personal,
                        "organisation" => CertificateKind::Organisation,
                        _ => return None,
                    },
                    name_zh: r.get(2)?,
                    name_en: r.get(3)?,
                    number_format: NumberFormat::from_data(r.get(4)?)?,
                })
            })
            .collect()
    })
}

pub fn nature(id: u8) -> Option<&'static SubjectNature> {
    natures().iter().find(|n| n.id == id)
}

pub fn certificate_type(id: &str) -> Option<&'static CertificateType> {
    certificate_types().iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_sixteen_natures_with_known_certificates() {
        assert_eq!(natures().len(), 16);
        for n in natures() {
            assert!(!n.certificates.is_empty(), "{}", n.name_zh);
            for c in &n.certificates {
                assert!(
                    certificate_type(c).is_some(),
                    "{} names unknown {c}",
                    n.name_zh
                );
            }
        }
        assert_eq!(nature(5).unwrap().certificates[0], "resident_id");
        assert_eq!(nature(4).unwrap().credit_code_prefixes, ["91", "92", "93"]);
        let state: Vec<u8> = natures()
            .iter()
            .filter(|n| n.state_body)
            .map(|n| n.id)
            .collect();
        assert_eq!(state, [2, 1]);
        let raw = data_file::parse(CERTIFICATES).rows.len();
        assert_eq!(
            certificate_types().len(),
            raw,
            "a certificate row has an unknown number format"
        );
        assert_eq!(
            certificate_type("resident_id").unwrap().number_format,
            NumberFormat::ResidentId
        );
    }
}
