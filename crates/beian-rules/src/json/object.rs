//! Reading typed values from a [`Value`] and writing them: the traits, the impls for the
//! primitive types the documents use, and an object's members taken field by field.

use super::value::{write_string, Integer, Value};
use super::JsonError;

/// A type read from a JSON value.
pub trait FromJson: Sized {
    fn from_json(value: Value) -> Result<Self, JsonError>;

    /// The value of a required field that is missing: none (an error), except for `Option`,
    /// which is `None` (as `serde` reads a missing `Option` field).
    fn missing() -> Option<Self> {
        None
    }
}

/// A type written as JSON text.
pub trait ToJson {
    fn write_json(&self, out: &mut String);
}

fn wrong(expected: &'static str, found: &Value) -> JsonError {
    JsonError::Type {
        expected,
        found: found.kind(),
    }
}

impl FromJson for String {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(wrong("a string", &other)),
        }
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }
}

impl ToJson for &str {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }
}

impl FromJson for bool {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Bool(b) => Ok(b),
            other => Err(wrong("a boolean", &other)),
        }
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

/// The integer a number's text is, within `$int`. What `serde_json` reads as a float
/// ([`Integer::read`]) an integer field refuses.
macro_rules! integers {
    ($($int:ty),+) => {$(
        impl FromJson for $int {
            fn from_json(value: Value) -> Result<Self, JsonError> {
                let read = match &value {
                    Value::Number(text) => match Integer::read(text) {
                        Some(Integer::Unsigned(n)) => <$int>::try_from(n).ok(),
                        Some(Integer::Negative(n)) => <$int>::try_from(n).ok(),
                        None => None,
                    },
                    _ => None,
                };
                read.ok_or_else(|| wrong(stringify!($int), &value))
            }
        }

        impl ToJson for $int {
            fn write_json(&self, out: &mut String) {
                out.push_str(&self.to_string());
            }
        }
    )+};
}

integers!(u8, u32, i32, u64, i64, usize);

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }

    fn missing() -> Option<Self> {
        Some(None)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| T::from_json(item).map_err(|e| e.in_item(i)))
                .collect(),
            other => Err(wrong("an array", &other)),
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        T::from_json(value).map(Box::new)
    }
}

/// An object's members, taken by field name (what `json_object!` reads with).
pub struct ObjectReader {
    members: Vec<(String, Value)>,
}

impl ObjectReader {
    pub fn new(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Object(members) => Ok(ObjectReader { members }),
            other => Err(wrong("an object", &other)),
        }
    }

    /// The member `name`, taken out; a second member of that name is an error.
    fn take(&mut self, name: &'static str) -> Result<Option<Value>, JsonError> {
        let Some(at) = self.members.iter().position(|(k, _)| k == name) else {
            return Ok(None);
        };
        let (_, value) = self.members.swap_remove(at);
        if self.members.iter().any(|(k, _)| k == name) {
            return Err(JsonError::DuplicateField(name));
        }
        Ok(Some(value))
    }

    /// A field without a default: missing is an error, or `None` for an `Option`.
    pub fn required<T: FromJson>(&mut self, name: &'static str) -> Result<T, JsonError> {
        match self.take(name)? {
            Some(value) => T::from_json(value).map_err(|e| e.in_member(name)),
            None => T::missing().ok_or(JsonError::MissingField(name)),
        }
    }

    /// A field with a default (`#[serde(default)]`): missing is the default.
    pub fn default<T: FromJson + Default>(&mut self, name: &'static str) -> Result<T, JsonError> {
        match self.take(name)? {
            Some(value) => T::from_json(value).map_err(|e| e.in_member(name)),
            None => Ok(T::default()),
        }
    }

    /// Refuses the members no field took (`#[serde(deny_unknown_fields)]`).
    pub fn deny_unknown(self) -> Result<(), JsonError> {
        match self.members.into_iter().next() {
            Some((name, _)) => Err(JsonError::UnknownField(name)),
            None => Ok(()),
        }
    }
}

/// An object of `members` as JSON text, in their order (a request's body).
pub fn object_text(members: &[(&str, &dyn ToJson)]) -> String {
    let mut out = String::from("{");
    let mut first = true;
    for (name, value) in members {
        write_member(&mut out, &mut first, name, *value);
    }
    out.push('}');
    out
}

/// Writes one member of an object, after a comma unless it is the `first`.
pub fn write_member<T: ToJson + ?Sized>(out: &mut String, first: &mut bool, name: &str, value: &T) {
    if !*first {
        out.push(',');
    }
    *first = false;
    write_string(out, name);
    out.push(':');
    value.write_json(out);
}
