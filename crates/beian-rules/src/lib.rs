//! ICP filing (ICP备案) rules as pure Rust.
//!
//! No I/O, no browser or server types: the same code runs in the applicant's browser (wasm),
//! on the server (which re-validates everything it receives) and for partners.
//! Every check returns [`Finding`]s that carry the field path, a stable code, a severity,
//! zh-CN and en messages and the source of the rule.
//!
//! Rule data (domain suffixes, administrative divisions, subject natures, certificate types)
//! lives in `data/*.tsv`, each file with an `as_of` date and its sources.

pub mod address;
pub mod approvals;
pub mod capture;
pub mod capture_quality;
pub mod capture_verdict;
pub mod card_verdict;
pub mod catalogue;
pub mod completeness;
pub mod contact;
mod data_file;
pub mod date;
pub mod document;
pub mod document_path;
pub mod domain;
pub mod face_pose;
pub mod face_verdict;
pub mod filing_number;
pub mod filing_type;
pub mod finding;
pub mod id_card_text;
pub mod identity;
pub mod identity_check;
mod idn;
pub mod image_info;
pub mod in_app_browsers;
pub mod json;
pub mod lifecycle;
pub mod mask;
mod messages;
pub mod products;
pub mod province_rules;
pub mod provinces;
pub mod records;
pub mod regions;
pub mod review;
pub mod site_name;
pub mod subject;
pub mod subject_address;
pub mod suffixes;
mod text;
pub mod upload;
pub mod validate;
pub mod verification_form;
pub mod website;

pub use date::CivilDate;
pub use document::{
    Approval, Declarations, ExistingFiling, FilingDraft, FilingType, Person, PriorFiling,
    PriorFilings, ProductCheck, ProductKind, Region, Subject, UploadMeta, Website,
    DRAFT_SCHEMA_VERSION,
};
pub use domain::{check_domain, DomainCheck, NormalizedDomain};
pub use finding::{Finding, Message, RuleCode, Severity};
pub use suffixes::SuffixClass;
pub use validate::{validate_draft, validate_field, Context};
