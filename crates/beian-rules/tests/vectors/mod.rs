//! Runner for the shared vector files. Included by the native tests
//! (`crates/beian-rules/tests/shared_vectors.rs`) and by the browser tests (`tests/web.rs`), so
//! both builds are held to the same expectations in the same way.

use beian_rules::address::locate;
use beian_rules::contact::check_person_contacts;
use beian_rules::filing_number::{check_filing_number, check_police_number};
use beian_rules::identity::{check_number, NumberContext};
use beian_rules::province_rules::{check_province_rules, ProvinceInput};
use beian_rules::site_name::{check_site_name, NameContext};
use beian_rules::subject_address::check_addresses;
use beian_rules::upload::check_upload;
use beian_rules::Approval;
use beian_rules::{check_domain, subject, validate_draft, CivilDate, Context, FilingDraft};
use beian_rules::{Region, Subject};
use serde_json::Value;

/// The `vectors` array of a vector file, which must hold at least `at_least` of them.
fn load(text: &str, name: &str, at_least: usize) -> Vec<Value> {
    let doc: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
    let vectors = doc["vectors"]
        .as_array()
        .unwrap_or_else(|| panic!("{name} has no vectors array"))
        .clone();
    assert!(vectors.len() >= at_least, "{name} lost its vectors");
    vectors
}

/// A vector's expected finding codes.
fn expected_codes(v: &Value) -> Vec<&str> {
    v["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("code"))
        .collect()
}

/// Every vector in `domain.json` whose result differs from the expectation, described.
pub fn domain_failures() -> Vec<String> {
    let vectors = load(include_str!("domain.json"), "domain.json", 30);
    let mut failures = Vec::new();
    for v in &vectors {
        let input = v["input"].as_str().expect("input");
        let got = check_domain("d", input);
        let codes: Vec<&str> = got.findings.iter().map(|f| f.code.as_str()).collect();
        let want = expected_codes(v);
        let ascii = got.normalized.as_ref().map(|n| n.ascii.as_str());
        if codes != want || ascii != v["ascii"].as_str() {
            failures.push(format!(
                "{input:?}: got {ascii:?} {codes:?}, want {} {want:?}",
                v["ascii"]
            ));
        }
        for f in &got.findings {
            if f.message.zh_cn.contains('{') || f.message.en.contains('{') {
                failures.push(format!("{input:?}: unfilled message {:?}", f.message));
            }
        }
    }
    failures
}

/// Every vector in `identity.json` whose findings differ from the expectation, described.
pub fn identity_failures() -> Vec<String> {
    let doc: Value =
        serde_json::from_str(include_str!("identity.json")).expect("identity.json parses");
    let today_text = doc["today"].as_str().expect("today");
    let today = CivilDate::parse_compact(&today_text.replace('-', "")).expect("today is a date");
    let vectors = load(include_str!("identity.json"), "identity.json", 40);
    let mut failures = Vec::new();
    for v in &vectors {
        let type_id = v["certificate_type"].as_str().expect("certificate_type");
        let number = v["number"].as_str().expect("number");
        let certificate = subject::certificate_type(type_id).expect("a known certificate type");
        let nature = v["nature"].as_u64().and_then(|n| subject::nature(n as u8));
        let ctx = NumberContext {
            certificate,
            nature,
            province: v["province"].as_str().unwrap_or(""),
            today: Some(today),
        };
        let got = check_number("n", number, &ctx);
        let codes: Vec<&str> = got.iter().map(|f| f.code.as_str()).collect();
        let want = expected_codes(v);
        if codes != want {
            failures.push(format!(
                "{type_id} {number:?}: got {codes:?}, want {want:?}"
            ));
        }
        for f in &got {
            if f.message.zh_cn.contains('{') || f.message.en.contains('{') {
                failures.push(format!("{number:?}: unfilled message {:?}", f.message));
            }
        }
    }
    failures
}

/// Every vector in `contact.json` whose findings differ from the expectation, described.
pub fn contact_failures() -> Vec<String> {
    let vectors = load(include_str!("contact.json"), "contact.json", 20);
    let mut failures = Vec::new();
    for v in &vectors {
        let get = |k: &str| v[k].as_str().expect("a string field");
        let got = check_person_contacts(
            "p",
            get("mobile"),
            get("phone2"),
            get("emergency"),
            get("email"),
        );
        let codes: Vec<&str> = got.iter().map(|f| f.code.as_str()).collect();
        let want = expected_codes(v);
        if codes != want {
            failures.push(format!("{v}: got {codes:?}"));
        }
    }
    failures
}

/// Every vector in `site_name.json` whose findings (code and severity) differ, described.
pub fn site_name_failures() -> Vec<String> {
    let vectors = load(include_str!("site_name.json"), "site_name.json", 20);
    let mut failures = Vec::new();
    for v in &vectors {
        let approvals: Vec<Approval> = v["approvals"]
            .as_array()
            .expect("approvals")
            .iter()
            .map(|a| Approval {
                kind: a.as_str().expect("an approval id").to_owned(),
                number: "X".to_owned(),
            })
            .collect();
        let ctx = NameContext {
            nature: v["nature"].as_u64().map(|n| n as u8),
            province: v["province"].as_str().expect("province"),
            approvals: &approvals,
        };
        let got: Vec<(String, String)> =
            check_site_name("n", v["name"].as_str().expect("name"), &ctx)
                .iter()
                .map(|f| {
                    (
                        f.code.as_str().to_owned(),
                        serde_json::to_value(f.severity)
                            .unwrap()
                            .as_str()
                            .unwrap()
                            .to_owned(),
                    )
                })
                .collect();
        let want: Vec<(String, String)> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_owned(),
                    p[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        if got != want {
            failures.push(format!("{:?}: got {got:?}, want {want:?}", v["name"]));
        }
    }
    failures
}

/// Every vector in `address.json` whose result differs from the expectation, described.
pub fn address_failures() -> Vec<String> {
    let doc: Value = serde_json::from_str(include_str!("address.json")).expect("address.json");
    let mut failures = Vec::new();
    let located = doc["locate"].as_array().expect("locate");
    assert!(located.len() >= 30, "address.json lost its locate vectors");
    for v in located {
        let address = v["address"].as_str().expect("address");
        let places = locate(address);
        let mut provinces: Vec<&str> = places.iter().map(|p| p.province).collect();
        provinces.sort_unstable();
        provinces.dedup();
        let want: Vec<&str> = v["provinces"]
            .as_array()
            .expect("provinces")
            .iter()
            .map(|p| p.as_str().expect("province"))
            .collect();
        let agreed = |f: fn(&beian_rules::address::Place) -> Option<&'static str>| {
            let first = places.first().and_then(f);
            places
                .iter()
                .all(|p| f(p) == first)
                .then_some(first)
                .flatten()
        };
        let city = agreed(|p| p.city);
        let county = agreed(|p| p.county);
        if provinces != want
            || v.get("city").is_some_and(|c| c.as_str() != city)
            || v.get("county").is_some_and(|c| c.as_str() != county)
        {
            failures.push(format!(
                "{address:?}: got {provinces:?} {city:?} {county:?}, want {want:?} {} {}",
                v["city"], v["county"]
            ));
        }
    }
    let checks = doc["check"].as_array().expect("check");
    assert!(checks.len() >= 12, "address.json lost its check vectors");
    for v in checks {
        let text = |k: &str| v[k].as_str().unwrap_or("").to_owned();
        let s = Subject {
            region: Region {
                province: text("province"),
                city: text("city"),
                district: String::new(),
            },
            nature: v["nature"].as_u64().map(|n| n as u8),
            certificate_address: text("certificate_address"),
            mailing_address: text("mailing_address"),
            remark: text("remark"),
            ..Subject::default()
        };
        let personal = s.is_personal();
        let got = check_addresses(&s, personal).findings;
        let codes: Vec<&str> = got.iter().map(|f| f.code.as_str()).collect();
        let want = expected_codes(v);
        if codes != want {
            failures.push(format!("{}: got {codes:?}, want {want:?}", v["about"]));
        }
        for f in &got {
            if f.message.zh_cn.contains('{') || f.message.en.contains('{') {
                failures.push(format!("{}: unfilled message {:?}", v["about"], f.message));
            }
        }
    }
    failures
}

/// Sets `path` (`subject.region.province`, `websites[1]`) in a JSON document, growing lists.
fn set_path(doc: &mut Value, path: &str, value: Value) {
    let mut at = doc;
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((k, i)) => (
                k,
                Some(i.trim_end_matches(']').parse::<usize>().expect("index")),
            ),
            None => (part, None),
        };
        at = &mut at[key];
        if let Some(i) = index {
            let list = at.as_array_mut().expect("a list");
            while list.len() <= i {
                list.push(Value::Object(Default::default()));
            }
            at = &mut list[i];
        }
    }
    *at = value;
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    (
                        p[0].as_str().expect("field").to_owned(),
                        p[1].as_str().expect("code").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Every vector in `applications.json` whose report differs from the expectation, described.
pub fn application_failures() -> Vec<String> {
    let doc: Value =
        serde_json::from_str(include_str!("applications.json")).expect("applications.json");
    let today = CivilDate::parse_compact(&doc["today"].as_str().expect("today").replace('-', ""));
    let example: Value = serde_json::from_str(include_str!(
        "../../../../docs/examples/first-filing-personal.json"
    ))
    .expect("the example application");
    let vectors = load(include_str!("applications.json"), "applications.json", 12);
    let mut failures = Vec::new();
    for v in &vectors {
        let mut d = example.clone();
        for (path, value) in v["set"].as_object().expect("set") {
            set_path(&mut d, path, value.clone());
        }
        let draft: FilingDraft = match serde_json::from_value(d) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{}: does not read: {e}", v["about"]));
                continue;
            }
        };
        let report = validate_draft(&draft, &Context { today });
        let errors: Vec<(String, String)> = report
            .iter()
            .filter(|f| f.is_error())
            .map(|f| (f.field.clone(), f.code.as_str().to_owned()))
            .collect();
        let want = pairs(&v["errors"]);
        if errors != want {
            failures.push(format!("{}: errors {errors:?}, want {want:?}", v["about"]));
        }
        for (field, code) in pairs(&v["includes"]) {
            if !report
                .iter()
                .any(|f| f.field == field && f.code.as_str() == code)
            {
                failures.push(format!("{}: no {field} {code}", v["about"]));
            }
        }
    }
    failures
}

/// Every vector in `filing_number.json` whose findings differ from the expectation, described.
pub fn filing_number_failures() -> Vec<String> {
    let doc: Value =
        serde_json::from_str(include_str!("filing_number.json")).expect("filing_number.json");
    let mut failures = Vec::new();
    for (list, at_least) in [("icp", 20), ("police", 12)] {
        let vectors = doc[list].as_array().expect("a list");
        assert!(
            vectors.len() >= at_least,
            "filing_number.json lost {list} vectors"
        );
        for v in vectors {
            let input = v["input"].as_str().expect("input");
            let got = match list {
                "icp" => check_filing_number("n", input, v["province"].as_str().unwrap_or("")),
                _ => check_police_number("n", input),
            };
            let codes: Vec<&str> = got.iter().map(|f| f.code.as_str()).collect();
            let want = expected_codes(v);
            if codes != want {
                failures.push(format!("{list} {input:?}: got {codes:?}, want {want:?}"));
            }
        }
    }
    failures
}

/// Every vector in `upload.json` whose findings differ from the expectation, described.
pub fn upload_failures() -> Vec<String> {
    let vectors = load(include_str!("upload.json"), "upload.json", 12);
    let mut failures = Vec::new();
    for v in &vectors {
        let meta: beian_rules::UploadMeta = serde_json::from_value(serde_json::json!({
            "kind": v["kind"], "mime": v["mime"], "bytes": v["bytes"],
            "width": v["width"], "height": v["height"], "website": v["website"],
        }))
        .expect("upload metadata");
        let websites = v["websites"].as_u64().expect("websites") as usize;
        let got = check_upload(0, &meta, websites);
        let codes: Vec<&str> = got.iter().map(|f| f.code.as_str()).collect();
        let want = expected_codes(v);
        if codes != want {
            failures.push(format!("{meta:?}: got {codes:?}, want {want:?}"));
        }
    }
    failures
}

/// Every vector in `province.json` whose findings differ from the expectation, described.
pub fn province_failures() -> Vec<String> {
    let doc: Value = serde_json::from_str(include_str!("province.json")).expect("province.json");
    let today = CivilDate::parse_compact(&doc["today"].as_str().expect("today").replace('-', ""));
    let vectors = load(include_str!("province.json"), "province.json", 25);
    let mut failures = Vec::new();
    for v in &vectors {
        let text = |k: &str| v[k].as_str().unwrap_or("").to_owned();
        let sites = v["sites"].as_u64().expect("sites") as usize;
        let draft: FilingDraft = serde_json::from_value(serde_json::json!({
            "schema_version": 1,
            "filing_type": v.get("filing_type"),
            "subject": {
                "region": { "province": text("province") },
                "nature": v["nature"],
                "certificate_type": "resident_id",
                "certificate_number": text("subject_number"),
                "certificate_address": text("certificate_address"),
            },
            "subject_owner": {
                "certificate_type": if v.get("owner_number").is_some() { "resident_id" } else { "" },
                "certificate_number": text("owner_number"),
            },
            "websites": vec![serde_json::json!({}); sites],
        }))
        .expect("a draft");
        let places = locate(&draft.subject.certificate_address);
        let got = check_province_rules(
            &draft,
            &ProvinceInput {
                today,
                certificate_places: &places,
                domains: sites,
            },
        );
        let documents = got
            .iter()
            .filter(|f| f.code.as_str() == "province.extra_document")
            .count();
        let codes: Vec<&str> = got
            .iter()
            .map(|f| f.code.as_str())
            .filter(|c| *c != "province.extra_document")
            .collect();
        let want = expected_codes(v);
        let want_documents = v["documents"].as_u64().expect("documents") as usize;
        if codes != want || documents != want_documents {
            failures.push(format!(
                "{}: got {codes:?} + {documents} documents, want {want:?} + {want_documents}",
                v["about"]
            ));
        }
        for f in &got {
            if !f.source.contains("icp-rules.md") || f.message.en.contains('{') {
                failures.push(format!(
                    "{}: {} lacks a source or a filled message",
                    v["about"],
                    f.code.as_str()
                ));
            }
        }
    }
    failures
}
