//! The products a filing can be made for, their prepaid terms and 备案服务号 quotas
//! (`data/products.tsv`), for the product step's explanation.

use std::sync::OnceLock;

use crate::data_file;

const PRODUCTS: &str = include_str!(concat!(env!("OUT_DIR"), "/products.tsv"));

/// One product of `data/products.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Product {
    pub id: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    /// The shortest prepaid (包年包月) term, in months, that allows filing.
    pub min_prepaid_months: u8,
    /// How many 备案服务号 one product can have (one per website).
    pub service_numbers: u8,
    pub note_zh: &'static str,
    pub note_en: &'static str,
}

/// Every product, in the data file's order.
pub fn products() -> &'static [Product] {
    static P: OnceLock<Vec<Product>> = OnceLock::new();
    P.get_or_init(|| {
        data_file::parse(PRODUCTS)
            .rows
            .iter()
            .filter_map(|r| {
                Some(Product {
                    id: r.first()?,
                    name_zh: r.get(1)?,
                    name_en: r.get(2)?,
                    min_prepaid_months: r.get(3)?.parse().ok()?,
                    service_numbers: r.get(4)?.parse().ok()?,
                    note_zh: r.get(5).copied().unwrap_or(""),
                    note_en: r.get(6).copied().unwrap_or(""),
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_reads() {
        let p = products();
        assert_eq!(p.len(), 8, "a row did not read");
        let ecs = &p[0];
        assert_eq!(
            (ecs.id, ecs.min_prepaid_months, ecs.service_numbers),
            ("ecs", 3, 5)
        );
        assert!(p
            .iter()
            .all(|x| x.service_numbers >= 1 && x.min_prepaid_months >= 1));
    }
}
