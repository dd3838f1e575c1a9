//! 主办单位性质 (subject natures) and the certificate types each may file with, from
//! `data/subject-natures.tsv` and `data/certificate-types.tsv`.

use std::sync::OnceLock;

use crate::data_file;

const NATURES: &str = include_str!("../data/subject-natures.tsv");
const CERTIFICATES: &str = include_str!("../data/certificate-types.tsv");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectNature {
    /// MIIT 单位性质 id.
    pub id: u8,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    /// Ids of the certificate types this nature may file with, most common first.
    pub certificates: Vec<&'static str>,
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
    }
}
