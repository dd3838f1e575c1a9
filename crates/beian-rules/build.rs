//! Copies the rule data files (`data/*.tsv`) into the build without their comment lines, which
//! document the files for people (sources, columns) but would otherwise ship in every binary,
//! the browser's wasm included. The `# as_of:` line stays: the rules report it. A file whose
//! header says `# sort: first column` (a table the rules search by binary search) is written
//! with its rows sorted by that column, so that the browser's wasm carries no sort for it.

use std::path::Path;
use std::{env, fs};

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo::rerun-if-changed=data");
    for entry in fs::read_dir("data").expect("the data folder") {
        let path = entry.expect("a data file").path();
        if path.extension().is_none_or(|e| e != "tsv") {
            continue;
        }
        println!("cargo::rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).expect("a UTF-8 data file");
        let kept: String = text
            .lines()
            .filter(|l| {
                !l.starts_with('#') || l.trim_start_matches('#').trim().starts_with("as_of:")
            })
            .flat_map(|l| [l, "\n"])
            .collect();
        let name = path.file_name().expect("a file name");
        let sort = text.lines().any(|l| l.trim() == "# sort: first column");
        let kept = if sort { sorted_rows(&kept) } else { kept };
        if name == "regions.tsv" {
            fs::write(
                Path::new(&out).join("regions.compact"),
                compact_regions(&kept),
            )
            .expect("write to OUT_DIR");
        }
        fs::write(Path::new(&out).join(name), kept).expect("write to OUT_DIR");
    }
}

/// `tsv` with its rows (not its `#` lines, which stay first) sorted by their first column, as
/// byte strings (`str`'s order, which the lookups use).
fn sorted_rows(tsv: &str) -> String {
    let (comments, mut rows): (Vec<&str>, Vec<&str>) =
        tsv.lines().partition(|l| l.starts_with('#'));
    rows.sort_by_key(|l| l.split('\t').next().unwrap_or(""));
    comments
        .into_iter()
        .chain(rows)
        .flat_map(|l| [l, "\n"])
        .collect()
}

/// The division table in the compact form `regions.rs` reads (`parse_compact`): a code's last
/// two digits after a level mark instead of the whole code.
fn compact_regions(tsv: &str) -> String {
    let mut out = String::with_capacity(tsv.len());
    for line in tsv.lines() {
        if line.starts_with('#') {
            out.push_str(line);
        } else {
            let (code, name) = line.split_once('\t').expect("code<TAB>name");
            let mark = match code.len() {
                2 => ">",
                4 => "+",
                6 => "",
                _ => panic!("unexpected division code {code}"),
            };
            out.push_str(mark);
            out.push_str(&code[code.len() - 2..]);
            out.push_str(name);
        }
        out.push('\n');
    }
    out
}
