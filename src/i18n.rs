//! The page's language and its texts. Chinese is the default; the English switch puts English
//! first. The other language always follows in a quieter style, marked with its `lang`, because
//! the official terms of a filing are Chinese (an English reader still needs to recognise 备案号
//! on the MIIT's site) and Chinese readers meet English product terms.
//!
//! Every text a component shows comes from the catalogue `locales/ui.tsv`, compiled by `build.rs`
//! into the constants of [`t`]; the rules' messages bring both languages with them.

use std::borrow::Cow;

use leptos::prelude::*;

/// A text in both languages, with optional `{0}` `{1}` ... parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub zh: &'static str,
    pub en: &'static str,
}

/// The catalogue's texts, one constant per key (`wizard.next` -> `t::WIZARD_NEXT`).
pub mod t {
    use super::Text;
    include!(concat!(env!("OUT_DIR"), "/texts.rs"));
}

/// The language shown first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

/// The attribute of `<html>` on the app's own page (`index.html`): only there does the app set
/// the page's `lang`.
pub const OWN_PAGE_MARK: &str = "data-beian-page";

/// Where the chosen language is kept on the device.
const STORAGE_KEY: &str = "beian.locale";

impl Locale {
    /// The BCP 47 tag, for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag == "en" || tag.starts_with("en-") {
            Some(Locale::En)
        } else if tag == "zh" || tag.starts_with("zh-") {
            Some(Locale::ZhCn)
        } else {
            None
        }
    }

    /// The language that follows the first.
    pub fn other(self) -> Locale {
        match self {
            Locale::ZhCn => Locale::En,
            Locale::En => Locale::ZhCn,
        }
    }

    /// `(first, second)` of a text given in both languages.
    pub fn order<T>(self, zh: T, en: T) -> (T, T) {
        match self {
            Locale::ZhCn => (zh, en),
            Locale::En => (en, zh),
        }
    }

    /// The language of the page: `?lang=` in the address (a partner's link), else the one chosen
    /// on this device before, else Chinese.
    fn initial() -> Locale {
        let from_query = window()
            .location()
            .search()
            .ok()
            .and_then(|q| {
                q.trim_start_matches('?')
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("lang=").map(str::to_owned))
            })
            .and_then(|v| Locale::from_tag(&v));
        from_query
            .or_else(|| {
                storage()
                    .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
                    .and_then(|v| Locale::from_tag(&v))
            })
            .unwrap_or_default()
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Provides the page's language to the components below and keeps `<html lang>` and the
/// device's choice in step with it.
pub fn provide_locale() -> RwSignal<Locale> {
    let locale = RwSignal::new(Locale::initial());
    Effect::new(move |previous: Option<Locale>| {
        let l = locale.get();
        // Only on our own page (index.html marks its <html>): embedded in a partner's page, the
        // app's own root carries the language and the host's <html lang> is left alone.
        if let Some(root) = document()
            .document_element()
            .filter(|r| r.has_attribute(OWN_PAGE_MARK))
        {
            let _ = root.set_attribute("lang", l.tag());
        }
        // Only a choice made here is remembered (not the default, not a link's `?lang=`).
        if previous.is_some_and(|p| p != l) {
            if let Some(s) = storage() {
                let _ = s.set_item(STORAGE_KEY, l.tag());
            }
        }
        l
    });
    provide_context(locale);
    locale
}

/// The page's language (Chinese where none was provided, e.g. a component under test). Not
/// tracked: the app renders its content anew when the language changes.
pub fn locale() -> Locale {
    use_context::<RwSignal<Locale>>()
        .map(|l| l.get_untracked())
        .unwrap_or_default()
}

impl Text {
    /// `(first, second)` in the page's language order.
    pub fn ordered(self) -> (&'static str, &'static str) {
        locale().order(self.zh, self.en)
    }

    /// The text in the page's language only (attributes such as `placeholder`).
    pub fn first(self) -> &'static str {
        self.ordered().0
    }

    /// Both languages in one string, first then second (`<option>` labels, which hold no markup).
    pub fn plain(self) -> String {
        plain(self.zh, self.en)
    }

    /// The text with `{0}`, `{1}` ... replaced by the same values (numbers, names) in both
    /// languages.
    pub fn fill(self, args: &[&str]) -> (String, String) {
        self.fill_each(args, args)
    }

    /// The text with `{0}`, `{1}` ... replaced by values that differ by language.
    pub fn fill_each(self, zh_args: &[&str], en_args: &[&str]) -> (String, String) {
        fn fill(s: &str, args: &[&str]) -> String {
            args.iter().enumerate().fold(s.to_owned(), |acc, (i, a)| {
                acc.replace(&format!("{{{i}}}"), a)
            })
        }
        (fill(self.zh, zh_args), fill(self.en, en_args))
    }

    /// [`Text::fill`], shown in both languages.
    pub fn view_with(self, args: &[&str]) -> AnyView {
        let (zh, en) = self.fill(args);
        both(zh, en)
    }
}

/// Shows `(zh, en)` in the page's order: the first language plainly, the second after a space
/// in a quieter `span` marked with its `lang`.
pub fn both(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> AnyView {
    pair(zh.into(), en.into())
}

fn pair(zh: Cow<'static, str>, en: Cow<'static, str>) -> AnyView {
    let l = locale();
    let (first, second) = l.order(zh, en);
    view! { {first} " " <span class="alt" lang=l.other().tag()>{second}</span> }.into_any()
}

/// A catalogue text, in both languages.
pub fn tr(text: Text) -> AnyView {
    pair(text.zh.into(), text.en.into())
}

/// `(zh, en)` strings as one plain string in the page's order (`<option>` labels).
pub fn plain(zh: &str, en: &str) -> String {
    let (a, b) = locale().order(zh, en);
    format!("{a} {b}")
}

/// A message in both languages as two spans, each marked with its `lang` (the rules' findings,
/// the server's errors): the page's language first, the other after it in the quieter style.
pub fn message(zh: String, en: String) -> AnyView {
    let l = locale();
    let (first, second) = l.order(zh, en);
    view! {
        <span lang=l.tag()>{first}</span>
        " "
        <span class="alt" lang=l.other().tag()>{second}</span>
    }
    .into_any()
}
