//! Validation speed: the whole first step (every rule it has) and single fields.
//! Run with `cargo bench -p beian-rules`. Figures are reported in the issue notes; no test
//! asserts a time.

use std::hint::black_box;

use beian_rules::identity::{check_number, NumberContext};
use beian_rules::{
    check_domain, subject, validate_draft, CivilDate, Context, FilingDraft, Region, Subject,
    Website,
};
use criterion::{criterion_group, criterion_main, Criterion};

fn draft(nature: u8, certificate_type: &str, number: &str, domain: &str) -> FilingDraft {
    FilingDraft {
        schema_version: 1,
        subject: Subject {
            region: Region {
                province: "44".into(),
                city: "4403".into(),
                district: "440305".into(),
            },
            nature: Some(nature),
            certificate_type: certificate_type.into(),
            certificate_number: number.into(),
            ..Subject::default()
        },
        // A realistic order: three sites.
        websites: ["www.", "shop.", ""]
            .iter()
            .enumerate()
            .map(|(i, prefix)| Website {
                domain: if i == 0 {
                    domain.to_owned()
                } else {
                    format!("{prefix}site{i}.cn")
                },
                ..Website::default()
            })
            .collect(),
        ..FilingDraft::default()
    }
}

fn benches(c: &mut Criterion) {
    let ctx = Context {
        today: CivilDate::new(2026, 11, 22),
    };
    let personal = draft(5, "resident_id", "440524188001010014", "www.example.com.cn");
    let company = draft(4, "business_licence", "91440300MA5ABCDE5X", "例子.中国");
    // Warm the lazily parsed data tables so the first sample is not an outlier.
    let _ = validate_draft(&personal, &ctx);

    c.bench_function("validate_draft/personal, 3 sites", |b| {
        b.iter(|| validate_draft(black_box(&personal), &ctx))
    });
    c.bench_function("validate_draft/company, 3 sites, IDN", |b| {
        b.iter(|| validate_draft(black_box(&company), &ctx))
    });
    // The complete example application: addresses, people, uploads, every rule that applies.
    let example: FilingDraft = serde_json::from_str(include_str!(
        "../../../docs/examples/first-filing-personal.json"
    ))
    .expect("the example application");
    let _ = validate_draft(&example, &ctx);
    c.bench_function(
        "validate_draft/complete first filing (docs/examples)",
        |b| b.iter(|| validate_draft(black_box(&example), &ctx)),
    );
    c.bench_function("address::locate/深圳南山粤海街道", |b| {
        b.iter(|| beian_rules::address::locate(black_box("深圳南山粤海街道")))
    });
    c.bench_function("validate_field/subject.certificate_address", |b| {
        b.iter(|| {
            beian_rules::validate_field(black_box(&example), "subject.certificate_address", &ctx)
        })
    });
    c.bench_function("check_domain/subdomain under .com.cn", |b| {
        b.iter(|| check_domain("d", black_box("shop.example.com.cn")))
    });
    c.bench_function("check_domain/IDN", |b| {
        b.iter(|| check_domain("d", black_box("例子.中国")))
    });
    let id = NumberContext {
        certificate: subject::certificate_type("resident_id").unwrap(),
        nature: subject::nature(5),
        province: "44",
        today: ctx.today,
    };
    c.bench_function("check_number/resident ID", |b| {
        b.iter(|| check_number("n", black_box("440524188001010014"), &id))
    });
    let uscc = NumberContext {
        certificate: subject::certificate_type("business_licence").unwrap(),
        nature: subject::nature(4),
        province: "44",
        today: ctx.today,
    };
    c.bench_function("check_number/credit code", |b| {
        b.iter(|| check_number("n", black_box("91440300MA5ABCDE5X"), &uscc))
    });
}

criterion_group!(validate, benches);
criterion_main!(validate);
