//! The filing document's types, and the other types of `beian_rules` the browser reads in its
//! first module (a message, a reason for a return), as their `serde` derives read and write them.

use crate::document::{
    Approval, Declarations, ExistingFiling, FilingDraft, FilingType, Person, PriorFiling,
    PriorFilings, ProductCheck, ProductKind, Region, Subject, UploadMeta, Website,
};
use crate::finding::Message;
use crate::review::ReturnReason;
use crate::{json_enum, json_object};

use super::object::{FromJson, ToJson};
use super::value::{write_string, Integer, Value};
use super::JsonError;

json_object!(
    FilingDraft,
    deny_unknown {
        schema_version: required,
        filing_type: default,
        prior_filings: default,
        product: default,
        existing_filing: default,
        subject: default,
        subject_owner: default,
        websites: default,
        uploads: default,
        declarations: default,
    }
);

json_enum!(FilingType, id, from_id);

json_object!(
    PriorFilings,
    deny_unknown {
        subject: default,
        domain: default,
    }
);

json_enum!(PriorFiling {
    NotFiled = "not_filed",
    Here = "here",
    Elsewhere = "elsewhere",
});

json_object!(
    ProductCheck,
    deny_unknown {
        kind: default,
        instance_id: default,
        service_number: default,
    }
);

json_enum!(ProductKind {
    Instance = "instance",
    ServiceNumber = "service_number",
});

json_object!(
    ExistingFiling,
    deny_unknown {
        icp_number: default,
        password: default,
    }
);

json_object!(
    Subject,
    deny_unknown {
        region: default,
        nature: default,
        certificate_type: default,
        certificate_number: default,
        name: default,
        certificate_address: default,
        mailing_address: default,
        investor: default,
        remark: default,
    }
);

json_object!(
    Region,
    deny_unknown {
        province: default,
        city: default,
        district: default,
    }
);

json_object!(
    Person,
    deny_unknown {
        name: default,
        certificate_type: default,
        certificate_number: default,
        mobile: default,
        phone2: default,
        emergency_phone: default,
        email: default,
    }
);

json_object!(
    Website,
    deny_unknown {
        name: default,
        domain: default,
        homepage_url: default,
        service_content: default,
        languages: default,
        approvals: default,
        remark: default,
        police_number: default,
        owner: default,
    }
);

json_object!(
    Approval,
    deny_unknown {
        kind: default,
        number: default,
    }
);

json_object!(
    UploadMeta,
    deny_unknown {
        id: default,
        kind: default,
        mime: default,
        bytes: default,
        width: default,
        height: default,
        website: default,
    }
);

json_object!(
    Declarations,
    deny_unknown {
        information_true: default,
    }
);

json_object!(Message, ignore_unknown {
    zh_cn: required "zh-CN",
    en: required,
});

json_object!(
    ReturnReason,
    deny_unknown {
        field: required,
        message: required,
        reviewed: default,
    }
);

/// A reviewed value, kept as `serde_json` keeps it (the rules compare it with the draft's).
impl FromJson for serde_json::Value {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        Ok(match value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(b),
            Value::Number(text) => serde_json::Value::Number(number(&text)?),
            Value::String(s) => serde_json::Value::String(s),
            Value::Array(items) => serde_json::Value::Array(
                items
                    .into_iter()
                    .map(serde_json::Value::from_json)
                    .collect::<Result<_, _>>()?,
            ),
            // The last of duplicate members stands, as in `serde_json::Value`.
            Value::Object(members) => {
                let mut map = serde_json::Map::new();
                for (key, value) in members {
                    map.insert(key, serde_json::Value::from_json(value)?);
                }
                serde_json::Value::Object(map)
            }
        })
    }

    fn missing() -> Option<Self> {
        Some(serde_json::Value::Null)
    }
}

/// A number as `serde_json` reads it: an integer when it is one, else a float (finite).
fn number(text: &str) -> Result<serde_json::Number, JsonError> {
    let read = match Integer::read(text) {
        Some(Integer::Unsigned(n)) => Some(serde_json::Number::from(n)),
        Some(Integer::Negative(n)) => Some(serde_json::Number::from(n)),
        None => None,
    };
    read.or_else(|| {
        text.parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
    })
    .ok_or(JsonError::Type {
        expected: "a finite number",
        found: "a number",
    })
}

impl ToJson for serde_json::Value {
    fn write_json(&self, out: &mut String) {
        match self {
            serde_json::Value::Null => out.push_str("null"),
            serde_json::Value::Bool(b) => b.write_json(out),
            serde_json::Value::Number(n) => out.push_str(&n.to_string()),
            serde_json::Value::String(s) => write_string(out, s),
            serde_json::Value::Array(items) => items.write_json(out),
            serde_json::Value::Object(map) => {
                out.push('{');
                let mut first = true;
                for (key, value) in map {
                    super::write_member(out, &mut first, key, value);
                }
                out.push('}');
            }
        }
    }
}
