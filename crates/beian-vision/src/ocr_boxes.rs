//! From the text detector's probability map to boxes of text (DBNet's post-processing, as
//! PaddleOCR and RapidOCR do it): pixels above [`PIXEL_THRESHOLD`] joined into regions
//! (8-connected), regions whose mean probability is under [`BOX_THRESHOLD`] or thinner than
//! [`MIN_SIDE`] dropped, each kept region boxed along its own axis (a card held a little askew
//! has askew lines; the box follows the region's principal axis, within [`MAX_TILT`]) and grown
//! by `area × UNCLIP / perimeter` (the detector marks a shrunk core of each line).

/// A pixel is text when the detector gives it at least this.
pub const PIXEL_THRESHOLD: f32 = 0.3;
/// A region is kept when its mean probability is at least this.
pub const BOX_THRESHOLD: f32 = 0.5;
/// How much a region is grown (RapidOCR's `unclip_ratio`).
pub const UNCLIP: f32 = 1.6;
/// Regions thinner than this (pixels of the map) are noise.
pub const MIN_SIDE: f32 = 3.0;
/// The most a line may lean (radians, 20°); a region leaning more (or too short to have a
/// direction: a single character) is boxed upright.
pub const MAX_TILT: f32 = 0.35;

/// A box of text in the map's pixels: its centre, its size along and across the line, the
/// line's angle (radians, from the x axis, clockwise on screen), and its mean probability.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextBox {
    pub centre: [f32; 2],
    pub length: f32,
    pub thickness: f32,
    pub angle: f32,
    pub score: f32,
}

impl TextBox {
    /// The upright bounds: left, top, right, bottom.
    pub fn bounds(&self) -> [f32; 4] {
        let (sin, cos) = self.angle.sin_cos();
        let hw = (self.length * cos.abs() + self.thickness * sin.abs()) / 2.0;
        let hh = (self.length * sin.abs() + self.thickness * cos.abs()) / 2.0;
        [
            self.centre[0] - hw,
            self.centre[1] - hh,
            self.centre[0] + hw,
            self.centre[1] + hh,
        ]
    }
}

/// The box of a region's `pixels` (x, y), grown by the unclip distance.
fn boxed(pixels: &[(usize, usize)], score: f32) -> Option<TextBox> {
    let n = pixels.len() as f32;
    let mx = pixels.iter().map(|p| p.0 as f32).sum::<f32>() / n;
    let my = pixels.iter().map(|p| p.1 as f32).sum::<f32>() / n;
    let (mut sxx, mut syy, mut sxy) = (0.0f32, 0.0f32, 0.0f32);
    for &(x, y) in pixels {
        let (dx, dy) = (x as f32 - mx, y as f32 - my);
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    let mut angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    // Elongation: the spread along the principal axis against across it.
    let spread = ((sxx - syy).powi(2) + 4.0 * sxy * sxy).sqrt();
    let (major, minor) = ((sxx + syy + spread) / 2.0, (sxx + syy - spread) / 2.0);
    if angle.abs() > MAX_TILT || major < 4.0 * minor.max(1e-6) {
        angle = 0.0;
    }
    let (sin, cos) = angle.sin_cos();
    let (mut lo_u, mut hi_u, mut lo_v, mut hi_v) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
    for &(x, y) in pixels {
        let (dx, dy) = (x as f32 - mx, y as f32 - my);
        let (u, v) = (dx * cos + dy * sin, -dx * sin + dy * cos);
        lo_u = lo_u.min(u);
        hi_u = hi_u.max(u);
        lo_v = lo_v.min(v);
        hi_v = hi_v.max(v);
    }
    // Pixels are cells: a run of k pixels is k long.
    let (length, thickness) = (hi_u - lo_u + 1.0, hi_v - lo_v + 1.0);
    if length < MIN_SIDE || thickness < MIN_SIDE {
        return None;
    }
    let grow = length * thickness * UNCLIP / (2.0 * (length + thickness));
    let (cu, cv) = ((lo_u + hi_u) / 2.0, (lo_v + hi_v) / 2.0);
    Some(TextBox {
        // Pixel centres are at +0.5.
        centre: [
            mx + cu * cos - cv * sin + 0.5,
            my + cu * sin + cv * cos + 0.5,
        ],
        length: length + 2.0 * grow,
        thickness: thickness + 2.0 * grow,
        angle,
        score,
    })
}

/// The boxes of text in a `width` × `height` probability map.
pub fn text_boxes(map: &[f32], width: usize, height: usize) -> Vec<TextBox> {
    if map.len() < width * height {
        return Vec::new();
    }
    let mut seen = vec![false; width * height];
    let mut boxes = Vec::new();
    let mut stack = Vec::new();
    for start in 0..width * height {
        if seen[start] || map[start] < PIXEL_THRESHOLD {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let mut pixels = Vec::new();
        let mut sum = 0.0f32;
        while let Some(i) = stack.pop() {
            let (x, y) = (i % width, i / width);
            pixels.push((x, y));
            sum += map[i];
            for dy in -1i64..=1 {
                for dx in -1i64..=1 {
                    let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                    if nx < 0 || ny < 0 || nx >= width as i64 || ny >= height as i64 {
                        continue;
                    }
                    let n = ny as usize * width + nx as usize;
                    if !seen[n] && map[n] >= PIXEL_THRESHOLD {
                        seen[n] = true;
                        stack.push(n);
                    }
                }
            }
        }
        let score = sum / pixels.len() as f32;
        if score < BOX_THRESHOLD {
            continue;
        }
        boxes.extend(boxed(&pixels, score));
    }
    boxes
}

/// `boxes` in reading order: lines top to bottom (boxes whose vertical centres are within half
/// a box's height of each other are one line), left to right within a line.
pub fn reading_order(mut boxes: Vec<TextBox>) -> Vec<TextBox> {
    boxes.sort_by(|a, b| a.centre[1].total_cmp(&b.centre[1]));
    let mut lines: Vec<Vec<TextBox>> = Vec::new();
    for bx in boxes {
        match lines.last_mut() {
            Some(line)
                if line.iter().any(|o| {
                    (o.centre[1] - bx.centre[1]).abs() < o.thickness.min(bx.thickness) / 2.0
                }) =>
            {
                line.push(bx)
            }
            _ => lines.push(vec![bx]),
        }
    }
    lines
        .into_iter()
        .flat_map(|mut line| {
            line.sort_by(|a, b| a.centre[0].total_cmp(&b.centre[0]));
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_with(
        width: usize,
        height: usize,
        rects: &[(usize, usize, usize, usize, f32)],
    ) -> Vec<f32> {
        let mut map = vec![0.0; width * height];
        for &(l, t, r, b, v) in rects {
            for y in t..b {
                for x in l..r {
                    map[y * width + x] = v;
                }
            }
        }
        map
    }

    #[test]
    fn each_region_is_a_box_grown_by_the_unclip_distance() {
        let map = map_with(100, 40, &[(10, 10, 50, 20, 0.9), (60, 10, 90, 20, 0.9)]);
        let boxes = text_boxes(&map, 100, 40);
        assert_eq!(boxes.len(), 2);
        // 40 × 10: grown by 400 × 1.6 / 100 = 6.4 on each side.
        let b = boxes[0];
        assert_eq!(b.angle, 0.0);
        assert!(
            (b.length - 52.8).abs() < 1e-3 && (b.thickness - 22.8).abs() < 1e-3,
            "{b:?}"
        );
        assert!(
            (b.centre[0] - 30.0).abs() < 1e-3 && (b.centre[1] - 15.0).abs() < 1e-3,
            "{b:?}"
        );
        let [l, t, r, bottom] = b.bounds();
        assert!((l - 3.6).abs() < 1e-3 && (r - 56.4).abs() < 1e-3, "{b:?}");
        assert!(
            (t - 3.6).abs() < 1e-3 && (bottom - 26.4).abs() < 1e-3,
            "{b:?}"
        );
        assert!((b.score - 0.9).abs() < 1e-4);
    }

    #[test]
    fn a_leaning_line_is_boxed_along_its_lean() {
        // A line 80 long and 6 thick, leaning 5° (down to the right).
        let (w, h) = (120usize, 60usize);
        let lean = 5f32.to_radians();
        let mut map = vec![0.0; w * h];
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = (x as f32 + 0.5 - 60.0, y as f32 + 0.5 - 30.0);
                let (u, v) = (
                    dx * lean.cos() + dy * lean.sin(),
                    -dx * lean.sin() + dy * lean.cos(),
                );
                if u.abs() <= 40.0 && v.abs() <= 3.0 {
                    map[y * w + x] = 0.9;
                }
            }
        }
        let boxes = text_boxes(&map, w, h);
        assert_eq!(boxes.len(), 1);
        let b = boxes[0];
        assert!((b.angle - lean).abs() < 0.02, "{b:?}");
        assert!(
            (b.centre[0] - 60.0).abs() < 1.0 && (b.centre[1] - 30.0).abs() < 1.0,
            "{b:?}"
        );
        // Its thickness is the line's (7 pixels, grown by about 5 on each side), not the
        // upright box's (80 sin 5° + 7 ≈ 14, grown by about 9).
        assert!(b.thickness > 14.0 && b.thickness < 20.0, "{b:?}");
        assert!((b.length - 91.0).abs() < 2.0, "{b:?}");
    }

    #[test]
    fn faint_and_thin_regions_are_dropped() {
        // Above the pixel threshold but under the box threshold; and a 2-pixel line.
        let map = map_with(100, 40, &[(10, 10, 50, 20, 0.4), (60, 10, 90, 12, 0.9)]);
        assert!(text_boxes(&map, 100, 40).is_empty());
        // A map shorter than its size says gives nothing (no panic).
        assert!(text_boxes(&[0.9; 10], 100, 40).is_empty());
    }

    #[test]
    fn boxes_are_read_line_by_line_left_to_right() {
        let b = |l: f32, t: f32| TextBox {
            centre: [l + 10.0, t + 5.0],
            length: 20.0,
            thickness: 10.0,
            angle: 0.0,
            score: 1.0,
        };
        // The label and its value on one line (the value 2 px lower), then the next line.
        let order = reading_order(vec![
            b(100.0, 42.0),
            b(50.0, 2.0),
            b(10.0, 40.0),
            b(10.0, 0.0),
        ]);
        let lefts: Vec<(f32, f32)> = order
            .iter()
            .map(|x| (x.centre[0] - 10.0, x.centre[1] - 5.0))
            .collect();
        assert_eq!(
            lefts,
            vec![(10.0, 0.0), (50.0, 2.0), (10.0, 40.0), (100.0, 42.0)]
        );
    }
}
