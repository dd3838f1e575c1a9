//! Where a Chinese address written as free text lies: its province, city and county, read from
//! the start of the text with the division table (`regions.rs`), the way addresses are written
//! on certificates and forms: full names (广东省深圳市南山区), short forms (深圳南山, 内蒙呼和浩特),
//! a city or county without its province (南山区科技园), autonomous divisions by their place name
//! (延边 for 延边朝鲜族自治州, with the ethnic names from `data/ethnic-groups.tsv`).
//!
//! A short form counts only next to another level (深圳 before 南山, 南山 after 深圳), so street
//! names after places (北京路, 中山大道) are not read as places. A county's full name counts alone
//! when it has at least three characters (朝阳区, not 城区). When the text fits several divisions
//! (朝阳区 is in Beijing and in Changchun), every reading is returned.
//!
//! Nothing is found until the division table is loaded (in the browser it is fetched).

use std::sync::OnceLock;

use crate::{data_file, regions};

const ETHNIC_GROUPS: &str = include_str!(concat!(env!("OUT_DIR"), "/ethnic-groups.tsv"));

/// One reading of the start of an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// Province code (2 digits).
    pub province: &'static str,
    /// City code (4 digits), when the text names the city or a county in it.
    pub city: Option<&'static str>,
    /// County code (6 digits), when the text names it.
    pub county: Option<&'static str>,
    /// How many characters of the text the place names take.
    pub chars: usize,
}

#[derive(Debug)]
struct Alias {
    first: char,
    text: Box<str>,
    code: &'static str,
    /// A shortened name: counts only next to another level.
    short: bool,
}

/// Aliases per level (0 province, 1 city, 2 county), sorted by first character, then longest
/// first. (A sorted list, not a hash map: smaller in the wasm, and as fast for ~4,000 names.)
struct Index {
    levels: [Vec<Alias>; 3],
}

fn ethnic_groups() -> &'static [&'static str] {
    static E: OnceLock<Vec<&'static str>> = OnceLock::new();
    E.get_or_init(|| {
        data_file::parse(ETHNIC_GROUPS)
            .rows
            .iter()
            .filter_map(|r| r.first().copied())
            .collect()
    })
}

/// The place name of an autonomous division: the part before the first ethnic name, when that
/// leaves at least two characters (大理白族自治州 -> 大理, 黔西南布依族苗族自治州 -> 黔西南).
fn before_ethnic_name(name: &str) -> Option<&str> {
    let cut = name
        .char_indices()
        .skip(2)
        .find(|&(i, _)| ethnic_groups().iter().any(|e| name[i..].starts_with(e)))?
        .0;
    Some(&name[..cut])
}

fn strip_last<'a>(name: &'a str, suffixes: &[&str]) -> Option<&'a str> {
    suffixes
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .filter(|rest| rest.chars().count() >= 2)
}

/// The names a division goes by in addresses: its full name, then short forms.
fn names_of(name: &'static str, level: usize) -> Vec<(String, bool)> {
    if name == "市辖区" || name == "县" || name.contains("直辖") {
        return Vec::new();
    }
    let mut out = vec![(name.to_owned(), false)];
    let mut short = |s: &str| {
        if s.chars().count() >= 2 && !out.iter().any(|(t, _)| t == s) {
            out.push((s.to_owned(), true));
        }
    };
    if name.contains("自治") {
        if let Some(s) = before_ethnic_name(name) {
            short(s);
        }
        if let Some(s) = strip_last(name, &["自治区", "自治州", "自治县", "自治旗"]) {
            short(s);
        }
        if level == 0 {
            // 内蒙, 广西, 宁夏, 新疆, 西藏.
            short(&name.chars().take(2).collect::<String>());
        }
    } else {
        let suffixes: &[&str] = match level {
            0 => &["省", "市"],
            1 => &["市", "地区", "盟"],
            _ => &["新区", "区", "县", "市", "旗"],
        };
        if let Some(s) = strip_last(name, suffixes) {
            short(s);
        }
        if level == 2 {
            if let Some(s) = strip_last(name, &["区", "县", "市", "旗"]) {
                short(s);
            }
        }
    }
    out
}

fn index() -> Option<&'static Index> {
    static I: OnceLock<Index> = OnceLock::new();
    if !regions::is_loaded() {
        return None;
    }
    Some(I.get_or_init(|| {
        let mut levels: [Vec<Alias>; 3] = Default::default();
        for d in regions::all_divisions() {
            let level = d.code.len() / 2 - 1;
            for (text, short) in names_of(d.name, level) {
                let Some(first) = text.chars().next() else {
                    continue;
                };
                levels[level].push(Alias {
                    first,
                    text: text.into_boxed_str(),
                    code: d.code,
                    short,
                });
            }
        }
        for level in &mut levels {
            level.sort_by_key(|a| (a.first, std::cmp::Reverse(a.text.len())));
        }
        Index { levels }
    }))
}

/// The divisions of `level` (below `parent`, if given) whose names start `text`: the longest
/// name per division.
fn matches<'i>(index: &'i Index, level: usize, text: &str, parent: Option<&str>) -> Vec<&'i Alias> {
    let Some(first) = text.chars().next() else {
        return Vec::new();
    };
    let list = &index.levels[level];
    let start = list.partition_point(|a| a.first < first);
    let end = start + list[start..].partition_point(|a| a.first == first);
    let mut out: Vec<&Alias> = Vec::new();
    for a in &list[start..end] {
        if parent.is_some_and(|p| !a.code.starts_with(p)) || !text.starts_with(&*a.text) {
            continue;
        }
        if !out.iter().any(|o| o.code == a.code) {
            out.push(a);
        }
    }
    out
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The readings that start with `a`, a name of `level` at the start of `text` that brings the
/// characters taken to `used`: with each deeper level that follows it, or `a` alone when
/// `alone` allows. Whether any reading was added.
fn readings_from(
    index: &Index,
    level: usize,
    a: &Alias,
    text: &str,
    used: usize,
    alone: bool,
    out: &mut Vec<(Vec<&'static str>, usize)>,
) -> bool {
    let mut deeper = Vec::new();
    if level < 2 {
        below(
            index,
            level + 1,
            &text[a.text.len()..],
            a.code,
            &mut deeper,
            used,
        );
    }
    if deeper.is_empty() {
        if alone {
            out.push((vec![a.code], used));
        }
        return alone;
    }
    for (mut codes, n) in deeper {
        codes.insert(0, a.code);
        out.push((codes, n));
    }
    true
}

/// The readings below division `parent_code` that start `rest` (`taken` characters read so
/// far), from `level` down; a city may be left out (广东省南山区).
fn below(
    index: &Index,
    level: usize,
    rest: &str,
    parent_code: &'static str,
    out: &mut Vec<(Vec<&'static str>, usize)>,
    taken: usize,
) {
    for next_level in level..3 {
        let mut found = false;
        for a in matches(index, next_level, rest, Some(parent_code)) {
            // After its parent even a short name counts alone.
            let used = taken + chars(&a.text);
            found |= readings_from(index, next_level, a, rest, used, true, out);
        }
        if found {
            break;
        }
    }
}

/// The readings of the start of `address`, best first: those that take the most characters.
/// Empty when the address does not start with a place name (or the table is not loaded).
pub fn locate(address: &str) -> Vec<Place> {
    let Some(index) = index() else {
        return Vec::new();
    };
    let text = address.trim_start();
    let text = text
        .strip_prefix("中华人民共和国")
        .or_else(|| text.strip_prefix("中国"))
        .unwrap_or(text)
        .trim_start();
    let mut readings: Vec<(Vec<&'static str>, usize)> = Vec::new();
    for level in 0..3 {
        for a in matches(index, level, text, None) {
            if level == 2 && !a.short && chars(&a.text) < 3 {
                continue;
            }
            // Alone, only a full name counts.
            readings_from(
                index,
                level,
                a,
                text,
                chars(&a.text),
                !a.short,
                &mut readings,
            );
        }
    }
    let best = readings.iter().map(|r| r.1).max().unwrap_or(0);
    let mut places: Vec<Place> = readings
        .into_iter()
        .filter(|r| r.1 == best)
        .map(|(codes, n)| place_of(&codes, n))
        .collect();
    places.dedup();
    // A reading that says less than another of the same place goes (北京市: the province, and
    // the city 北京市 of it).
    let snapshot = places.clone();
    places.retain(|p| !snapshot.iter().any(|q| q != p && refines(q, p)));
    places
}

/// Whether `q` names the same place as `p` and more of it.
fn refines(q: &Place, p: &Place) -> bool {
    let part = |a: Option<&str>, b: Option<&str>| b.is_none() || a == b;
    q.province == p.province
        && part(q.city, p.city)
        && part(q.county, p.county)
        && (q.city.is_some() as u8 + q.county.is_some() as u8)
            > (p.city.is_some() as u8 + p.county.is_some() as u8)
}

fn place_of(codes: &[&'static str], chars: usize) -> Place {
    let deepest = codes.last().copied().unwrap_or("");
    let province = &deepest[..2.min(deepest.len())];
    let province = regions::find(province).map_or(province, |d| d.code);
    let city =
        codes.iter().find(|c| c.len() == 4).copied().or_else(|| {
            (deepest.len() == 6).then(|| regions::find(&deepest[..4]).map(|d| d.code))?
        });
    Place {
        province,
        city,
        county: codes.iter().find(|c| c.len() == 6).copied(),
        chars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provinces(text: &str) -> Vec<&'static str> {
        let mut v: Vec<&str> = locate(text).iter().map(|p| p.province).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn full_names_short_forms_and_missing_levels() {
        let p = locate("广东省深圳市南山区科技园南区1号");
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].province, p[0].city, p[0].county, p[0].chars),
            ("44", Some("4403"), Some("440305"), 9)
        );
        let p = locate("深圳南山粤海街道");
        assert_eq!(
            (p[0].province, p[0].city, p[0].county),
            ("44", Some("4403"), Some("440305"))
        );
        assert_eq!(provinces("内蒙呼和浩特市新城区"), ["15"]);
        assert_eq!(provinces("内蒙古自治区包头市"), ["15"]);
        assert_eq!(provinces("广东省南山区"), ["44"]);
        assert_eq!(locate("广东省南山区")[0].city, Some("4403"));
        assert_eq!(provinces("北京市朝阳区建国路1号"), ["11"]);
        assert_eq!(provinces("中国上海浦东新区"), ["31"]);
        assert_eq!(provinces("延边朝鲜族自治州延吉市"), ["22"]);
        assert_eq!(provinces("延边延吉"), ["22"]);
        assert_eq!(provinces("新疆乌鲁木齐市天山区"), ["65"]);
        assert_eq!(provinces("吉林市船营区"), ["22"]);
        assert_eq!(provinces("海南藏族自治州共和县"), ["63"]);
        assert_eq!(provinces("海南省海口市"), ["46"]);
        let p = locate("湖北省仙桃市");
        assert_eq!((p[0].city, p[0].county), (Some("4290"), Some("429004")));
        let p = locate("北京市");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].city, Some("1101"));
        assert!(locate("香港九龙").is_empty());
    }

    #[test]
    fn street_names_and_short_words_are_not_places() {
        for street in [
            "北京路100号",
            "中山路1号",
            "南京西路8号",
            "长安街",
            "东区3栋",
            "城区",
        ] {
            assert!(locate(street).is_empty(), "{street}: {:?}", locate(street));
        }
        assert!(locate("").is_empty());
        assert!(locate("   ").is_empty());
    }

    #[test]
    fn an_ambiguous_county_gives_every_reading() {
        assert_eq!(provinces("朝阳区建国路"), ["11", "22"]);
        // The province decides.
        assert_eq!(provinces("吉林省长春市朝阳区"), ["22"]);
    }

    #[test]
    fn autonomous_short_names() {
        let n = |name| names_of(name, 1);
        assert!(n("大理白族自治州").contains(&("大理".into(), true)));
        assert!(n("黔西南布依族苗族自治州").contains(&("黔西南".into(), true)));
        assert!(names_of("内蒙古自治区", 0).contains(&("内蒙".into(), true)));
        assert!(names_of("广西壮族自治区", 0).contains(&("广西".into(), true)));
        assert!(names_of("白沙黎族自治县", 2).contains(&("白沙".into(), true)));
        assert!(names_of("市辖区", 1).is_empty());
    }
}
