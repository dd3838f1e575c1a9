//! From the text detector's probability map to boxes of text (DBNet's post-processing, as
//! PaddleOCR and RapidOCR do it, with upright boxes): pixels above [`PIXEL_THRESHOLD`] joined
//! into regions (8-connected), regions whose mean probability is under [`BOX_THRESHOLD`] or
//! thinner than [`MIN_SIDE`] dropped, each kept region grown by `area × UNCLIP / perimeter`
//! (the detector marks a shrunk core of each line).

/// A pixel is text when the detector gives it at least this.
pub const PIXEL_THRESHOLD: f32 = 0.3;
/// A region is kept when its mean probability is at least this.
pub const BOX_THRESHOLD: f32 = 0.5;
/// How much a region is grown (RapidOCR's `unclip_ratio`).
pub const UNCLIP: f32 = 1.6;
/// Regions thinner than this (pixels of the map) are noise.
pub const MIN_SIDE: usize = 3;

/// A box of text in the map's pixels: left, top, right, bottom (exclusive), and its mean
/// probability.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextBox {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub score: f32,
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
        let (mut l, mut t, mut r, mut b) = (width, height, 0, 0);
        let (mut sum, mut count) = (0.0f32, 0usize);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % width, i / width);
            l = l.min(x);
            r = r.max(x);
            t = t.min(y);
            b = b.max(y);
            sum += map[i];
            count += 1;
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
        let (w, h) = (r + 1 - l, b + 1 - t);
        let score = sum / count as f32;
        if w < MIN_SIDE || h < MIN_SIDE || score < BOX_THRESHOLD {
            continue;
        }
        let (wf, hf) = (w as f32, h as f32);
        let grow = wf * hf * UNCLIP / (2.0 * (wf + hf));
        boxes.push(TextBox {
            left: (l as f32 - grow).max(0.0),
            top: (t as f32 - grow).max(0.0),
            right: (r as f32 + 1.0 + grow).min(width as f32),
            bottom: (b as f32 + 1.0 + grow).min(height as f32),
            score,
        });
    }
    boxes
}

/// `boxes` in reading order: lines top to bottom (boxes whose vertical centres are within half
/// a box's height of each other are one line), left to right within a line.
pub fn reading_order(mut boxes: Vec<TextBox>) -> Vec<TextBox> {
    boxes.sort_by(|a, b| (a.top + a.bottom).total_cmp(&(b.top + b.bottom)));
    let mut lines: Vec<Vec<TextBox>> = Vec::new();
    for bx in boxes {
        let centre = (bx.top + bx.bottom) / 2.0;
        match lines.last_mut() {
            Some(line)
                if line.iter().any(|o| {
                    ((o.top + o.bottom) / 2.0 - centre).abs()
                        < (o.bottom - o.top).min(bx.bottom - bx.top) / 2.0
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
            line.sort_by(|a, b| a.left.total_cmp(&b.left));
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
        assert!(
            (b.left - 3.6).abs() < 1e-4 && (b.right - 56.4).abs() < 1e-4,
            "{b:?}"
        );
        assert!(
            (b.top - 3.6).abs() < 1e-4 && (b.bottom - 26.4).abs() < 1e-4,
            "{b:?}"
        );
        assert!((b.score - 0.9).abs() < 1e-4);
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
            left: l,
            top: t,
            right: l + 20.0,
            bottom: t + 10.0,
            score: 1.0,
        };
        // The label and its value on one line (the value 2 px lower), then the next line.
        let order = reading_order(vec![
            b(100.0, 42.0),
            b(50.0, 2.0),
            b(10.0, 40.0),
            b(10.0, 0.0),
        ]);
        let lefts: Vec<(f32, f32)> = order.iter().map(|x| (x.left, x.top)).collect();
        assert_eq!(
            lefts,
            vec![(10.0, 0.0), (50.0, 2.0), (10.0, 40.0), (100.0, 42.0)]
        );
    }
}
