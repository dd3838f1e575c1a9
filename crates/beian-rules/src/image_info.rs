//! What an uploaded image is, read from its first bytes: JPEG or PNG, and its pixel size. The
//! server checks every upload with it (the declared type must be the real one); partners can
//! too. Bytes only, no decoding: a few hundred bytes of headers are read at most per marker.

/// The kind and size of an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    /// `image/jpeg` or `image/png`.
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// The image's kind and pixel size, or `None` when the bytes are neither a JPEG nor a PNG with
/// a readable size (the upload is refused then).
pub fn image_info(bytes: &[u8]) -> Option<ImageInfo> {
    if bytes.starts_with(&PNG_SIGNATURE) {
        png(bytes)
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes)
    } else {
        None
    }
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn png(b: &[u8]) -> Option<ImageInfo> {
    // The first chunk is IHDR: length, "IHDR", width, height, 5 more bytes, CRC; all of it
    // must be there.
    if b.get(12..16)? != b"IHDR" || b.len() < 33 {
        return None;
    }
    let (width, height) = (be32(b, 16)?, be32(b, 20)?);
    (width > 0 && height > 0).then_some(ImageInfo {
        mime: "image/png",
        width,
        height,
    })
}

fn jpeg(b: &[u8]) -> Option<ImageInfo> {
    let mut at = 2;
    loop {
        // A marker: 0xFF (possibly repeated as fill), then its code.
        if *b.get(at)? != 0xFF {
            return None;
        }
        while *b.get(at)? == 0xFF {
            at += 1;
        }
        let marker = *b.get(at)?;
        at += 1;
        match marker {
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => continue,
            // End of image or start of scan before a frame header: no size to be had.
            0xD9 | 0xDA => return None,
            _ => {}
        }
        let length = usize::from(be16(b, at)?);
        if length < 2 {
            return None;
        }
        if at + length > b.len() {
            return None;
        }
        // Start of frame (baseline, progressive, ...), but not DHT, JPG or DAC.
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let height = u32::from(be16(b, at + 3)?);
            let width = u32::from(be16(b, at + 5)?);
            return (width > 0 && height > 0).then_some(ImageInfo {
                mime: "image/jpeg",
                width,
                height,
            });
        }
        at += length;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG header of the given size (enough for [`image_info`]; not a whole image).
    pub fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut v = PNG_SIGNATURE.to_vec();
        v.extend_from_slice(&13u32.to_be_bytes());
        v.extend_from_slice(b"IHDR");
        v.extend_from_slice(&width.to_be_bytes());
        v.extend_from_slice(&height.to_be_bytes());
        v.extend_from_slice(&[8, 2, 0, 0, 0]);
        v.extend_from_slice(&[0; 4]); // CRC, not checked
        v
    }

    /// A JPEG start: SOI, an APP0 segment, then a baseline frame header of the given size.
    pub fn jpeg_header(width: u16, height: u16) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        v.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        v.extend_from_slice(&[0xFF, 0xFF, 0xC0, 0x00, 0x11, 0x08]);
        v.extend_from_slice(&height.to_be_bytes());
        v.extend_from_slice(&width.to_be_bytes());
        v.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        v
    }

    #[test]
    fn reads_png_and_jpeg_sizes() {
        assert_eq!(
            image_info(&png_header(1600, 1000)),
            Some(ImageInfo {
                mime: "image/png",
                width: 1600,
                height: 1000
            })
        );
        assert_eq!(
            image_info(&jpeg_header(1240, 1754)),
            Some(ImageInfo {
                mime: "image/jpeg",
                width: 1240,
                height: 1754
            })
        );
    }

    #[test]
    fn refuses_what_is_not_a_readable_image() {
        assert_eq!(image_info(b""), None);
        assert_eq!(image_info(b"GIF89a\x01\x00\x01\x00"), None);
        assert_eq!(image_info(b"%PDF-1.7"), None);
        assert_eq!(image_info(&png_header(0, 10)), None);
        // Cut anywhere: never a panic, never a size read from beyond the bytes.
        for full in [png_header(640, 480), jpeg_header(640, 480)] {
            for cut in 0..full.len() {
                assert_eq!(image_info(&full[..cut]), None, "cut at {cut}");
            }
        }
        // A JPEG whose scan starts before any frame header has no size.
        assert_eq!(image_info(&[0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02]), None);
        // A segment length below 2 would loop forever: refused.
        assert_eq!(image_info(&[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x00]), None);
    }
}
