//! A picture as the models take it: RGB, 8 bits a channel, rows top to bottom.

use crate::VisionError;

/// A parallelogram of a picture to sample: its corner, and the steps of one output pixel
/// across and down.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Region {
    pub origin: [f32; 2],
    pub across: [f32; 2],
    pub down: [f32; 2],
}

#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    width: usize,
    height: usize,
    /// `width * height * 3` bytes, R G B.
    rgb: Vec<u8>,
}

impl Picture {
    pub fn new(width: usize, height: usize, rgb: Vec<u8>) -> Result<Picture, VisionError> {
        if rgb.len() != width * height * 3 || width == 0 || height == 0 {
            return Err(VisionError::BadPicture {
                width,
                height,
                bytes: rgb.len(),
                expected: width * height * 3,
            });
        }
        Ok(Picture { width, height, rgb })
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.height
    }

    pub fn rgb(&self) -> &[u8] {
        &self.rgb
    }

    /// The channel `c` (0 R, 1 G, 2 B) at (`x`, `y`), sampled bilinearly; outside the picture,
    /// the nearest edge.
    fn sample(&self, x: f32, y: f32, c: usize) -> f32 {
        let x = x.clamp(0.0, (self.width - 1) as f32);
        let y = y.clamp(0.0, (self.height - 1) as f32);
        let (x0, y0) = (x.floor() as usize, y.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(self.width - 1), (y0 + 1).min(self.height - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let at = |x: usize, y: usize| f32::from(self.rgb[(y * self.width + x) * 3 + c]);
        let top = at(x0, y0) * (1.0 - fx) + at(x1, y0) * fx;
        let bottom = at(x0, y1) * (1.0 - fx) + at(x1, y1) * fx;
        top * (1.0 - fy) + bottom * fy
    }

    /// The region (`x`, `y`, `w`, `h`) in this picture's pixels scaled to `out_w` × `out_h`, as
    /// planar channels (`order` picks which of R G B comes first), each value mapped by `map`;
    /// where the region leaves the picture, `fill` (already mapped) is used.
    pub(crate) fn planes(
        &self,
        (x, y, w, h): (f32, f32, f32, f32),
        (out_w, out_h): (usize, usize),
        order: [usize; 3],
        map: impl Fn(usize, f32) -> f32,
        fill: f32,
    ) -> Vec<f32> {
        let region = Region {
            origin: [x, y],
            across: [w / out_w as f32, 0.0],
            down: [0.0, h / out_h as f32],
        };
        self.sampled(&region, (out_w, out_h), order, map, fill)
    }

    /// Like [`Picture::planes`], for a region at any angle: output pixel (i, j) is sampled at
    /// `origin + (i + ½)·across + (j + ½)·down`.
    pub(crate) fn sampled(
        &self,
        region: &Region,
        (out_w, out_h): (usize, usize),
        order: [usize; 3],
        map: impl Fn(usize, f32) -> f32,
        fill: f32,
    ) -> Vec<f32> {
        let mut out = vec![fill; 3 * out_w * out_h];
        let (w, h) = (self.width as f32, self.height as f32);
        for oy in 0..out_h {
            let j = oy as f32 + 0.5;
            for ox in 0..out_w {
                let i = ox as f32 + 0.5;
                let px = region.origin[0] + i * region.across[0] + j * region.down[0] - 0.5;
                let py = region.origin[1] + i * region.across[1] + j * region.down[1] - 0.5;
                if px < -0.5 || py < -0.5 || px > w - 0.5 || py > h - 0.5 {
                    continue;
                }
                for (plane, &c) in order.iter().enumerate() {
                    out[(plane * out_h + oy) * out_w + ox] = map(plane, self.sample(px, py, c));
                }
            }
        }
        out
    }

    /// The picture mirrored left to right.
    pub fn mirrored(&self) -> Picture {
        let mut rgb = Vec::with_capacity(self.rgb.len());
        for row in self.rgb.chunks(self.width * 3) {
            for px in row.chunks(3).rev() {
                rgb.extend_from_slice(px);
            }
        }
        Picture {
            width: self.width,
            height: self.height,
            rgb,
        }
    }

    /// The picture turned by `degrees` (counter-clockwise) about its centre, same size, corners
    /// filled with grey.
    pub fn rotated(&self, degrees: f32) -> Picture {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let (cx, cy) = (self.width as f32 / 2.0, self.height as f32 / 2.0);
        let mut rgb = vec![128u8; self.rgb.len()];
        for y in 0..self.height {
            for x in 0..self.width {
                let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
                let sx = cos * dx - sin * dy + cx - 0.5;
                let sy = sin * dx + cos * dy + cy - 0.5;
                if sx < 0.0
                    || sy < 0.0
                    || sx > (self.width - 1) as f32
                    || sy > (self.height - 1) as f32
                {
                    continue;
                }
                for c in 0..3 {
                    rgb[(y * self.width + x) * 3 + c] = self.sample(sx, sy, c).round() as u8;
                }
            }
        }
        Picture {
            width: self.width,
            height: self.height,
            rgb,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Picture;

    #[test]
    fn a_picture_must_have_its_bytes() {
        assert!(Picture::new(2, 2, vec![0; 12]).is_ok());
        assert!(Picture::new(2, 2, vec![0; 11]).is_err());
        assert!(Picture::new(0, 0, vec![]).is_err());
    }

    #[test]
    fn planes_scale_and_fill_outside() {
        // 2×1: red then blue.
        let p = Picture::new(2, 1, vec![255, 0, 0, 0, 0, 255]).unwrap();
        let planes = p.planes((0.0, 0.0, 2.0, 1.0), (2, 1), [0, 1, 2], |_, v| v, -1.0);
        assert_eq!(planes, vec![255.0, 0.0, 0.0, 0.0, 0.0, 255.0]);
        // BGR order.
        let planes = p.planes((0.0, 0.0, 2.0, 1.0), (2, 1), [2, 1, 0], |_, v| v, -1.0);
        assert_eq!(&planes[0..2], &[0.0, 255.0]);
        // A region twice as wide as the picture: the right half is fill.
        let planes = p.planes((0.0, 0.0, 4.0, 1.0), (2, 1), [0, 1, 2], |_, v| v, -1.0);
        assert_eq!(planes[1], -1.0);
    }

    #[test]
    fn mirrored_twice_is_the_same_picture() {
        let p = Picture::new(3, 1, vec![1, 2, 3, 4, 5, 6, 7, 8, 9]).unwrap();
        assert_eq!(p.mirrored().rgb(), &[7, 8, 9, 4, 5, 6, 1, 2, 3]);
        assert_eq!(p.mirrored().mirrored(), p);
    }
}
