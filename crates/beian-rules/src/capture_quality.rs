//! Whether a camera frame of a document is good enough to keep: exposure, sharpness, glare and
//! motion, measured on a small grey-scale copy of the frame (the browser draws the guide's area
//! onto a canvas of about 200 px wide; the server can measure the frames it stored the same way).
//!
//! The measures are simple and fast on purpose (a phone computes them several times a second):
//! mean brightness; the variance of the Laplacian (sharp edges make it large, blur makes it
//! small); the share of near-white pixels (glare on the card's laminate); the mean difference
//! from the previous frame (a moving hand).

/// What one frame measures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrameQuality {
    /// Mean brightness, 0–255.
    pub brightness: f32,
    /// Variance of the 4-neighbour Laplacian.
    pub sharpness: f32,
    /// Share of pixels at or above [`GLARE_LEVEL`], 0–1.
    pub glare: f32,
    /// Mean absolute difference from the previous frame, 0–255 (0 when there is none).
    pub motion: f32,
}

/// The width of the grey copy a frame is measured on, in the browser and on the server (the
/// thresholds below are for this size).
pub const MEASURE_WIDTH: usize = 192;

/// ID cards are 85.6 × 54 mm.
pub const CARD_RATIO: f64 = 85.6 / 54.0;
/// The card guide covers this share of the frame's width.
pub const GUIDE_WIDTH: f64 = 0.86;

/// The card guide's area in a `width` × `height` frame, `(x, y, w, h)`: what the browser
/// measures, and what the server crops a stored frame to before measuring it.
pub fn card_guide(width: f64, height: f64) -> (f64, f64, f64, f64) {
    let gw = width * GUIDE_WIDTH;
    let gh = (gw / CARD_RATIO).min(height);
    ((width - gw) / 2.0, (height - gh) / 2.0, gw, gh)
}

/// A pixel this bright is taken for glare.
pub const GLARE_LEVEL: u8 = 250;

/// The thresholds a frame must meet to be kept automatically.
pub mod thresholds {
    pub const MIN_BRIGHTNESS: f32 = 60.0;
    pub const MAX_BRIGHTNESS: f32 = 215.0;
    pub const MIN_SHARPNESS: f32 = 120.0;
    pub const MAX_GLARE: f32 = 0.02;
    pub const MAX_MOTION: f32 = 6.0;
}

/// What the person is told about a frame, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feedback {
    TooDark,
    TooBright,
    Glare,
    HoldStill,
    Blurry,
    /// Good: kept when several frames in a row are.
    Good,
}

impl Feedback {
    pub fn key(self) -> &'static str {
        match self {
            Feedback::TooDark => "too_dark",
            Feedback::TooBright => "too_bright",
            Feedback::Glare => "glare",
            Feedback::HoldStill => "hold_still",
            Feedback::Blurry => "blurry",
            Feedback::Good => "good",
        }
    }

    pub fn from_key(key: &str) -> Option<Feedback> {
        [
            Feedback::TooDark,
            Feedback::TooBright,
            Feedback::Glare,
            Feedback::HoldStill,
            Feedback::Blurry,
            Feedback::Good,
        ]
        .into_iter()
        .find(|f| f.key() == key)
    }

    /// In Chinese and English.
    pub fn message(self) -> (&'static str, &'static str) {
        match self {
            Feedback::TooDark => ("光线太暗，请到明亮处", "Too dark: move to a brighter place"),
            Feedback::TooBright => ("光线太强，请避开直射光", "Too bright: avoid direct light"),
            Feedback::Glare => (
                "证件反光，请调整角度",
                "Glare on the card: tilt it slightly",
            ),
            Feedback::HoldStill => ("请保持手机稳定", "Hold still"),
            Feedback::Blurry => (
                "画面模糊，请靠近一些并对焦",
                "Blurry: move closer and let the camera focus",
            ),
            Feedback::Good => ("很好，请保持", "Good: hold it there"),
        }
    }
}

/// Grey levels (ITU-R BT.601 luma) of RGBA pixels, as a canvas's `getImageData` gives them.
pub fn grey_from_rgba(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| {
            ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000) as u8
        })
        .collect()
}

/// Measures a `width` × `height` grey frame, against the `previous` one of the same size if any.
/// A frame too small to measure (under 3 × 3, or fewer pixels than its size says) measures as
/// black and blurred.
pub fn measure(grey: &[u8], width: usize, height: usize, previous: Option<&[u8]>) -> FrameQuality {
    let n = width * height;
    if width < 3 || height < 3 || grey.len() < n {
        return FrameQuality {
            brightness: 0.0,
            sharpness: 0.0,
            glare: 0.0,
            motion: 0.0,
        };
    }
    let grey = &grey[..n];
    let sum: u64 = grey.iter().map(|&v| u64::from(v)).sum();
    let bright = grey.iter().filter(|&&v| v >= GLARE_LEVEL).count();
    let (mut l_sum, mut l_sq, mut count) = (0f64, 0f64, 0f64);
    for y in 1..height - 1 {
        for x in 1..width - 1 {
            let i = y * width + x;
            let l = 4 * i32::from(grey[i])
                - i32::from(grey[i - 1])
                - i32::from(grey[i + 1])
                - i32::from(grey[i - width])
                - i32::from(grey[i + width]);
            let l = f64::from(l);
            l_sum += l;
            l_sq += l * l;
            count += 1.0;
        }
    }
    let mean = l_sum / count;
    let motion = previous
        .filter(|p| p.len() >= n)
        .map(|p| {
            let d: u64 = grey
                .iter()
                .zip(p)
                .map(|(&a, &b)| u64::from(a.abs_diff(b)))
                .sum();
            d as f32 / n as f32
        })
        .unwrap_or(0.0);
    FrameQuality {
        brightness: sum as f32 / n as f32,
        sharpness: (l_sq / count - mean * mean) as f32,
        glare: bright as f32 / n as f32,
        motion,
    }
}

/// What to tell the person about a frame that measured `q`.
pub fn feedback(q: &FrameQuality) -> Feedback {
    use thresholds::*;
    if q.brightness < MIN_BRIGHTNESS {
        Feedback::TooDark
    } else if q.brightness > MAX_BRIGHTNESS {
        Feedback::TooBright
    } else if q.glare > MAX_GLARE {
        Feedback::Glare
    } else if q.motion > MAX_MOTION {
        Feedback::HoldStill
    } else if q.sharpness < MIN_SHARPNESS {
        Feedback::Blurry
    } else {
        Feedback::Good
    }
}

/// Good frames in a row before one is kept automatically.
pub const GOOD_FRAMES_TO_KEEP: u32 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    const W: usize = 64;
    const H: usize = 40;

    /// A card-like frame: mid-grey with a pattern of sharp dark and light stripes (text).
    fn card(offset: usize) -> Vec<u8> {
        (0..W * H)
            .map(|i| {
                let (x, y) = (i % W, i / W);
                if (y / 4).is_multiple_of(2) && ((x + offset) / 3).is_multiple_of(2) {
                    40
                } else {
                    190
                }
            })
            .collect()
    }

    /// A 3 × 3 box blur (edges clamped).
    fn blurred(g: &[u8]) -> Vec<u8> {
        let at = |x: isize, y: isize| {
            let x = x.clamp(0, W as isize - 1) as usize;
            let y = y.clamp(0, H as isize - 1) as usize;
            u32::from(g[y * W + x])
        };
        (0..W * H)
            .map(|i| {
                let (x, y) = ((i % W) as isize, (i / W) as isize);
                let s: u32 = (-1..=1)
                    .flat_map(|dy| (-1..=1).map(move |dx| (dx, dy)))
                    .map(|(dx, dy)| at(x + dx, y + dy))
                    .sum();
                (s / 9) as u8
            })
            .collect()
    }

    #[test]
    fn a_sharp_still_card_is_good() {
        let g = card(0);
        let q = measure(&g, W, H, Some(&g));
        assert_eq!(feedback(&q), Feedback::Good, "{q:?}");
    }

    #[test]
    fn blur_lowers_sharpness_below_the_threshold() {
        let g = card(0);
        let b = (0..6).fold(g.clone(), |b, _| blurred(&b));
        let sharp = measure(&g, W, H, None).sharpness;
        let soft = measure(&b, W, H, None).sharpness;
        assert!(soft < sharp / 4.0, "{soft} vs {sharp}");
        assert_eq!(
            feedback(&measure(&b, W, H, None)),
            Feedback::Blurry,
            "{soft} vs {sharp}"
        );
    }

    #[test]
    fn dark_bright_glare_and_motion_are_told_apart() {
        let dark: Vec<u8> = card(0).iter().map(|v| v / 5).collect();
        assert_eq!(feedback(&measure(&dark, W, H, None)), Feedback::TooDark);
        let bright: Vec<u8> = card(0).iter().map(|v| v.saturating_add(120)).collect();
        assert_eq!(feedback(&measure(&bright, W, H, None)), Feedback::TooBright);
        let mut glare = card(0);
        for v in glare.iter_mut().take(W * 4) {
            *v = 255;
        }
        assert_eq!(feedback(&measure(&glare, W, H, None)), Feedback::Glare);
        let moved = card(2);
        assert_eq!(
            feedback(&measure(&moved, W, H, Some(&card(0)))),
            Feedback::HoldStill
        );
    }

    #[test]
    fn rgba_to_grey_and_tiny_frames() {
        assert_eq!(
            grey_from_rgba(&[255, 255, 255, 255, 0, 0, 0, 255]),
            vec![255, 0]
        );
        let q = measure(&[1, 2], 2, 1, None);
        assert_eq!(feedback(&q), Feedback::TooDark);
        let short = measure(&[100; 10], 10, 10, None);
        assert_eq!(short.sharpness, 0.0);
    }
}
