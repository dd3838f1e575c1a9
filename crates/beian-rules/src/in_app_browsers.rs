//! In-app browsers where live capture often never starts (`data/in-app-browsers.tsv`, with its
//! date and sources): which one a user agent names, for the capture step's pre-flight.

use std::sync::LazyLock;

use crate::data_file;

const DATA: &str = include_str!(concat!(env!("OUT_DIR"), "/in-app-browsers.tsv"));

/// A known in-app browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InAppBrowser {
    /// Stable key (`wechat`, `qq`, `quark`, `uc`, `baidu`, `x5`).
    pub key: &'static str,
    /// The name the message shows, in Chinese and in English.
    pub name_zh: &'static str,
    pub name_en: &'static str,
    tokens: &'static str,
}

static BROWSERS: LazyLock<Vec<InAppBrowser>> = LazyLock::new(|| {
    data_file::parse(DATA)
        .rows
        .into_iter()
        .filter_map(|row| match row.as_slice() {
            [key, name_zh, name_en, tokens, ..] => Some(InAppBrowser {
                key,
                name_zh,
                name_en,
                tokens,
            }),
            _ => None,
        })
        .collect()
});

/// Every known in-app browser, in the order they are tried.
pub fn in_app_browsers() -> &'static [InAppBrowser] {
    &BROWSERS
}

/// The data file's date.
pub fn as_of() -> &'static str {
    data_file::parse(DATA).as_of
}

/// The in-app browser `user_agent` names, if any (ASCII case ignored).
pub fn in_app_browser(user_agent: &str) -> Option<InAppBrowser> {
    let ua = user_agent.to_ascii_lowercase();
    BROWSERS
        .iter()
        .find(|b| {
            b.tokens
                .split(',')
                .any(|token| !token.is_empty() && ua.contains(token))
        })
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_dated_and_the_most_specific_browser_wins() {
        assert_eq!(as_of(), "2026-12-07");
        let keys: Vec<&str> = in_app_browsers().iter().map(|b| b.key).collect();
        assert_eq!(keys, ["wechat", "qq", "quark", "uc", "baidu", "x5"]);
        // Each is named to the applicant in both languages.
        let names: Vec<(&str, &str)> = in_app_browsers()
            .iter()
            .map(|b| (b.name_zh, b.name_en))
            .collect();
        assert_eq!(names[0], ("微信", "WeChat"));
        assert!(names
            .iter()
            .all(|(zh, en)| !zh.is_empty() && !en.is_empty()));
        // WeChat on Android carries the X5 kernel's tokens too.
        let wechat = "Mozilla/5.0 (Linux; Android 9) Chrome/66.0 MQQBrowser/6.2 TBS/045913 Mobile Safari/537.36 MMWEBID/1 MicroMessenger/8.0.1";
        assert_eq!(in_app_browser(wechat).map(|b| b.key), Some("wechat"));
        // The leading space of " qq/" keeps "mqqbrowser/" ... from reading as QQ.
        let x5 = "Mozilla/5.0 (Linux; U; Android 9) MQQBrowser/6.2 TBS/045913";
        assert_eq!(in_app_browser(x5).map(|b| b.key), Some("x5"));
        assert_eq!(
            in_app_browser("Mozilla/5.0 (iPhone) Version/17.0 Mobile/15E148 Safari/604.1"),
            None
        );
        assert_eq!(in_app_browser(""), None);
    }
}
