//! The filing document's JSON without `serde`'s generic code, for the browser's first module.
//!
//! `serde`'s derive and `serde_json` are about a sixth of that module (83 KB of 521 KB before
//! `wasm-opt`'s size pass), most of it one deserializer per type and field. Here a value is read
//! into a [`Value`] tree once, and each type takes its fields from the tree with plain code:
//! the same JSON as the `serde` derives read and write (`tests/json_codec.rs` checks both ways
//! on arbitrary drafts: byte for byte on writing). Two differences, both in what nobody writes:
//! a struct given as an array of its fields (which `serde`'s derive reads) is refused, and a
//! float with more than 15 significant digits is read correctly rounded (`serde_json` without
//! its `float_roundtrip` feature may be a few bits off).
//!
//! A type's fields are listed once, with [`json_object!`](crate::json_object): its reading
//! builds the type with a struct literal and its writing takes it apart, so a field added to
//! the type and not to its list does not compile.

mod capture;
mod document;
mod object;
mod value;

pub use object::{object_text, write_member, FromJson, ObjectReader, ToJson};
pub use value::{parse, write_string, Integer, Value, MAX_DEPTH};

/// Why a JSON text is not the value asked for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// Where the text stops being JSON (the column counts bytes, as `serde_json`'s does).
    #[error("not JSON at line {line}, column {column}")]
    Syntax { line: usize, column: usize },
    #[error("nested {MAX_DEPTH} levels deep or more")]
    TooDeep,
    #[error("expected {expected}, found {found}")]
    Type {
        expected: &'static str,
        found: &'static str,
    },
    #[error("unknown variant `{0}`")]
    UnknownVariant(String),
    #[error("unknown field `{0}`")]
    UnknownField(String),
    #[error("duplicate field `{0}`")]
    DuplicateField(&'static str),
    #[error("missing field `{0}`")]
    MissingField(&'static str),
    /// An error within a member or an item: `path` is like the findings' (`websites[0].domain`).
    #[error("{error} at `{path}`")]
    At { path: String, error: Box<JsonError> },
}

impl JsonError {
    /// This error, found within the member `name` of an object (with the feature `json-paths`;
    /// else the error as it is).
    pub fn in_member(self, name: &str) -> JsonError {
        #[cfg(feature = "json-paths")]
        return self.within(name, |path| format!("{name}.{path}"));
        #[cfg(not(feature = "json-paths"))]
        {
            let _ = name;
            self
        }
    }

    /// This error, found within item `index` of an array (with the feature `json-paths`).
    pub fn in_item(self, index: usize) -> JsonError {
        #[cfg(feature = "json-paths")]
        return self.within(&format!("[{index}]"), |path| format!("[{index}].{path}"));
        #[cfg(not(feature = "json-paths"))]
        {
            let _ = index;
            self
        }
    }

    #[cfg(feature = "json-paths")]
    fn within(self, outer: &str, join: impl FnOnce(&str) -> String) -> JsonError {
        match self {
            // An item's path goes on without a dot: `websites[0]`, `[0][1]`.
            JsonError::At { path, error } if path.starts_with('[') => JsonError::At {
                path: format!("{outer}{path}"),
                error,
            },
            JsonError::At { path, error } => JsonError::At {
                path: join(&path),
                error,
            },
            error => JsonError::At {
                path: outer.to_owned(),
                error: Box::new(error),
            },
        }
    }
}

/// Reads a `T` from JSON text.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, JsonError> {
    T::from_json(parse(text)?)
}

/// `draft` as a `serde_json` value, as `serde_json::to_value` makes it (without `serde`'s
/// generic code: the browser compares reviewed values with it).
pub fn document_value(draft: &crate::FilingDraft) -> serde_json::Value {
    parse(&to_string(draft))
        .and_then(serde_json::Value::from_json)
        .unwrap_or_default()
}

/// `value` as compact JSON text (as `serde_json::to_string` writes it).
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.write_json(&mut out);
    out
}

/// `FromJson` and `ToJson` for a struct with named fields, read and written as `serde`'s derive
/// does: members in the order listed (list them in the struct's order), each field either
/// `required` (missing is an error, except for an `Option`, which is `None`) or `default`
/// (missing is `Default::default()`), optionally under another name (`zh_cn: required
/// "zh-CN"`). `deny_unknown` refuses members not listed (`#[serde(deny_unknown_fields)]`);
/// `ignore_unknown` skips them.
///
/// A field missing from the list does not compile: reading builds the struct with a literal,
/// writing takes it apart by its fields' names.
#[macro_export]
macro_rules! json_object {
    ($type:ident, $unknown:ident { $($field:ident : $mode:ident $($name:literal)?),+ $(,)? }) => {
        impl $crate::json::FromJson for $type {
            fn from_json(value: $crate::json::Value) -> Result<Self, $crate::json::JsonError> {
                let mut object = $crate::json::ObjectReader::new(value)?;
                let read = $type {
                    $($field: object.$mode($crate::json_object!(@name $field $($name)?))?,)+
                };
                $crate::json_object!(@$unknown object);
                Ok(read)
            }
        }
        $crate::json_object!(@write $type { $($field $($name)?),+ });
    };
    (@write $type:ident { $($field:ident $($name:literal)?),+ }) => {
        impl $crate::json::ToJson for $type {
            fn write_json(&self, out: &mut String) {
                let $type { $($field),+ } = self;
                out.push('{');
                let mut first = true;
                $(
                    $crate::json::write_member(
                        out,
                        &mut first,
                        $crate::json_object!(@name $field $($name)?),
                        $field,
                    );
                )+
                out.push('}');
            }
        }
    };
    (@name $field:ident) => { stringify!($field) };
    (@name $field:ident $name:literal) => { $name };
    (@deny_unknown $object:ident) => { $object.deny_unknown()? };
    (@ignore_unknown $object:ident) => {};
}

/// `FromJson` and `ToJson` for an enum of unit variants, each a JSON string (`serde`'s
/// `rename_all = "snake_case"`): give each variant its name, or name the type's own functions
/// from a variant to its name and back (`json_enum!(FilingType, id, from_id)`).
#[macro_export]
macro_rules! json_enum {
    ($type:ident, $name:ident, $from:ident) => {
        impl $crate::json::FromJson for $type {
            fn from_json(value: $crate::json::Value) -> Result<Self, $crate::json::JsonError> {
                let name = String::from_json(value)?;
                $type::$from(&name).ok_or($crate::json::JsonError::UnknownVariant(name))
            }
        }

        impl $crate::json::ToJson for $type {
            fn write_json(&self, out: &mut String) {
                $crate::json::write_string(out, self.$name());
            }
        }
    };
    ($type:ident { $($variant:ident = $name:literal),+ $(,)? }) => {
        impl $crate::json::FromJson for $type {
            fn from_json(value: $crate::json::Value) -> Result<Self, $crate::json::JsonError> {
                let name = String::from_json(value)?;
                match name.as_str() {
                    $($name => Ok($type::$variant),)+
                    _ => Err($crate::json::JsonError::UnknownVariant(name)),
                }
            }
        }

        impl $crate::json::ToJson for $type {
            fn write_json(&self, out: &mut String) {
                let name = match self {
                    $($type::$variant => $name,)+
                };
                $crate::json::write_string(out, name);
            }
        }
    };
}
