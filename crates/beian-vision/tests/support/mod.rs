//! The models and the capture media for the model tests. Neither is optional: `scripts/test`
//! runs the bootstrap (models) and `tests/fixtures/capture_media.py` (media) first, so a test
//! that cannot find them fails, saying what to run.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::LazyLock;

use beian_vision::{Models, Picture};

pub static MODELS: LazyLock<Models> = LazyLock::new(|| {
    let dir = std::env::var("BEIAN_MODELS").expect(
        "BEIAN_MODELS is not set: run the tests through scripts/test, or source scripts/env.sh",
    );
    Models::load(&PathBuf::from(dir)).unwrap_or_else(|e| panic!("{e}"))
});

fn media(name: &str) -> PathBuf {
    let dir = std::env::var("BEIAN_CAPTURE_MEDIA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/capture-media")
        });
    dir.join(name)
}

/// A PNG of the capture media.
pub fn png(name: &str) -> Picture {
    let path = media(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run tests/fixtures/capture_media.py, as scripts/test does)",
            path.display()
        )
    });
    let mut decoder = zune_png::PngDecoder::new(&bytes);
    let pixels = decoder.decode_raw().expect("a PNG");
    let (w, h) = decoder.get_dimensions().expect("its size");
    let channels = pixels.len() / (w * h);
    let rgb = pixels
        .chunks(channels)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    Picture::new(w, h, rgb).expect("RGB")
}

/// `picture` through a JPEG of `quality`, as the browser sends it.
pub fn jpeg(picture: &Picture, quality: u8) -> Picture {
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, quality)
        .encode(
            picture.rgb(),
            picture.width() as u16,
            picture.height() as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("encodes");
    let mut decoder = zune_jpeg::JpegDecoder::new(&bytes);
    let rgb = decoder.decode().expect("decodes");
    Picture::new(picture.width(), picture.height(), rgb).expect("RGB")
}

/// `picture` blurred by a box of (2 × `radius` + 1)² pixels.
pub fn blurred(picture: &Picture, radius: usize) -> Picture {
    let (w, h) = (picture.width(), picture.height());
    let src = picture.rgb();
    let mut out = vec![0u8; src.len()];
    for y in 0..h {
        for x in 0..w {
            for c in 0..3 {
                let (mut sum, mut n) = (0u32, 0u32);
                for yy in y.saturating_sub(radius)..(y + radius + 1).min(h) {
                    for xx in x.saturating_sub(radius)..(x + radius + 1).min(w) {
                        sum += u32::from(src[(yy * w + xx) * 3 + c]);
                        n += 1;
                    }
                }
                out[(y * w + x) * 3 + c] = (sum / n) as u8;
            }
        }
    }
    Picture::new(w, h, out).expect("RGB")
}

/// `picture` with noise of up to ±`amount` per channel (a fixed sequence: the same every run).
pub fn noisy(picture: &Picture, amount: i32) -> Picture {
    let mut state = 0x2545_f491_u32;
    let rgb = picture
        .rgb()
        .iter()
        .map(|&v| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let n = (state % (2 * amount as u32 + 1)) as i32 - amount;
            (i32::from(v) + n).clamp(0, 255) as u8
        })
        .collect();
    Picture::new(picture.width(), picture.height(), rgb).expect("RGB")
}

/// The card scaled to `share` of a 640×480 phone frame's width, on a plain desk: how the
/// rear camera sees it when held over the card.
pub fn photographed(card: &Picture, share: f32) -> Picture {
    let (w, h) = (640usize, 480usize);
    let cw = (w as f32 * share) as usize;
    let ch = cw * card.height() / card.width();
    let (x0, y0) = ((w - cw) / 2, (h - ch) / 2);
    let mut rgb = [110u8, 90, 70].repeat(w * h);
    for y in 0..ch {
        for x in 0..cw {
            let sx = (x * card.width() / cw).min(card.width() - 1);
            let sy = (y * card.height() / ch).min(card.height() - 1);
            let from = (sy * card.width() + sx) * 3;
            let to = ((y0 + y) * w + x0 + x) * 3;
            rgb[to..to + 3].copy_from_slice(&card.rgb()[from..from + 3]);
        }
    }
    Picture::new(w, h, rgb).expect("RGB")
}
