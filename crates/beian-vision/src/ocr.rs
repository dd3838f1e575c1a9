//! Text reading with PP-OCRv4: the detector finds the lines of text in a picture, the
//! recogniser reads each line. Shapes are fixed per plan (tract optimises a fixed shape much
//! better): the detector sees [`DET_WIDTH`] × [`DET_HEIGHT`], a line is read at height
//! [`LINE_HEIGHT`] in one of [`LINE_WIDTHS`].

use std::sync::Arc;

use tract_onnx::pb::ModelProto;
use tract_onnx::prelude::*;

use crate::models::{OCR_DETECTION, OCR_RECOGNITION};
use crate::ocr_boxes::{reading_order, text_boxes, TextBox};
use crate::ocr_decode::ctc_greedy;
use crate::picture::Region;
use crate::{Picture, VisionError};

pub const DET_WIDTH: usize = 736;
pub const DET_HEIGHT: usize = 480;
pub const LINE_HEIGHT: usize = 48;
/// The recogniser's widths: a line is padded to the narrowest that holds it, or squeezed into
/// the widest.
pub const LINE_WIDTHS: [usize; 2] = [320, 640];
/// Lines read per picture at most (an ID card side has about ten).
pub const MAX_LINES: usize = 40;

/// PaddleOCR's detector normalisation, per plane of a BGR picture.
const DET_MEAN: [f32; 3] = [0.485, 0.456, 0.406];
const DET_STD: [f32; 3] = [0.229, 0.224, 0.225];
/// Planes in B, G, R order (PaddleOCR's models were trained on OpenCV's BGR).
const BGR: [usize; 3] = [2, 1, 0];

/// A line of text read, with where it is in the picture (left, top, right, bottom).
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    pub text: String,
    /// The mean probability of its characters.
    pub confidence: f32,
    pub bbox: [f32; 4],
}

/// PP-OCRv4, loaded.
pub struct Ocr {
    detector: Arc<TypedRunnableModel>,
    /// One plan per width of [`LINE_WIDTHS`].
    recognisers: Vec<Arc<TypedRunnableModel>>,
    charset: Vec<String>,
}

fn plan(
    proto: &ModelProto,
    shape: [usize; 4],
    name: &'static str,
) -> Result<Arc<TypedRunnableModel>, VisionError> {
    tract_onnx::onnx()
        .model_for_proto_model(proto)
        .and_then(|m| m.with_input_fact(0, f32::fact(shape).into()))
        .and_then(|m| m.into_optimized())
        .and_then(|m| m.into_runnable())
        .map_err(|e| VisionError::Load {
            name,
            message: format!("{e:#}"),
        })
}

impl Ocr {
    /// The reader from the detector's and the recogniser's ONNX bytes. The recogniser's
    /// character list is its `character` metadata, a character a line.
    pub fn new(detector: &[u8], recogniser: &[u8]) -> Result<Ocr, VisionError> {
        let proto = |bytes: &[u8], name: &'static str| {
            tract_onnx::onnx()
                .proto_model_for_read(&mut &bytes[..])
                .map_err(|e| VisionError::Load {
                    name,
                    message: format!("{e:#}"),
                })
        };
        let det = proto(detector, OCR_DETECTION)?;
        let rec = proto(recogniser, OCR_RECOGNITION)?;
        let charset: Vec<String> = rec
            .metadata_props
            .iter()
            .find(|p| p.key == "character")
            .map(|p| p.value.lines().map(str::to_string).collect())
            .unwrap_or_default();
        if charset.is_empty() {
            return Err(VisionError::Load {
                name: OCR_RECOGNITION,
                message: "no character list in its metadata".into(),
            });
        }
        Ok(Ocr {
            detector: plan(&det, [1, 3, DET_HEIGHT, DET_WIDTH], OCR_DETECTION)?,
            recognisers: LINE_WIDTHS
                .iter()
                .map(|&w| plan(&rec, [1, 3, LINE_HEIGHT, w], OCR_RECOGNITION))
                .collect::<Result<_, _>>()?,
            charset,
        })
    }

    /// The lines of text in `region` (left, top, width, height) of `picture`, in reading order.
    pub fn read(
        &self,
        picture: &Picture,
        region: (f32, f32, f32, f32),
    ) -> Result<Vec<TextLine>, VisionError> {
        let (rx, ry, rw, rh) = region;
        if rw < 1.0 || rh < 1.0 {
            return Ok(Vec::new());
        }
        let scale = (DET_WIDTH as f32 / rw).min(DET_HEIGHT as f32 / rh);
        let input = picture.planes(
            (rx, ry, DET_WIDTH as f32 / scale, DET_HEIGHT as f32 / scale),
            (DET_WIDTH, DET_HEIGHT),
            BGR,
            |p, v| (v / 255.0 - DET_MEAN[p]) / DET_STD[p],
            0.0,
        );
        let map = run(
            &self.detector,
            [1, 3, DET_HEIGHT, DET_WIDTH],
            &input,
            OCR_DETECTION,
        )?;
        let boxes = reading_order(text_boxes(&map, DET_WIDTH, DET_HEIGHT));
        let mut lines = Vec::new();
        for b in boxes.into_iter().take(MAX_LINES) {
            // From the map's pixels to the picture's.
            let line = TextBox {
                centre: [rx + b.centre[0] / scale, ry + b.centre[1] / scale],
                length: b.length / scale,
                thickness: b.thickness / scale,
                ..b
            };
            let (text, confidence) = self.read_line(picture, &line)?;
            if !text.trim().is_empty() {
                lines.push(TextLine {
                    text,
                    confidence,
                    bbox: line.bounds(),
                });
            }
        }
        Ok(lines)
    }

    /// The text in one box of `picture`, read along the box's own axis.
    fn read_line(&self, picture: &Picture, b: &TextBox) -> Result<(String, f32), VisionError> {
        let widest = LINE_WIDTHS[LINE_WIDTHS.len() - 1];
        let wanted = ((LINE_HEIGHT as f32 * b.length / b.thickness.max(1.0)).ceil() as usize)
            .clamp(1, widest);
        let index = LINE_WIDTHS.iter().position(|&lw| lw >= wanted).unwrap_or(0);
        let width = LINE_WIDTHS[index];
        let (sin, cos) = b.angle.sin_cos();
        let (hl, ht) = (b.length / 2.0, b.thickness / 2.0);
        let region = Region {
            // The corner before the line's start, above it.
            origin: [
                b.centre[0] - hl * cos + ht * sin,
                b.centre[1] - hl * sin - ht * cos,
            ],
            across: [
                cos * b.length / wanted as f32,
                sin * b.length / wanted as f32,
            ],
            down: [
                -sin * b.thickness / LINE_HEIGHT as f32,
                cos * b.thickness / LINE_HEIGHT as f32,
            ],
        };
        let line = picture.sampled(
            &region,
            (wanted, LINE_HEIGHT),
            BGR,
            |_, v| v / 127.5 - 1.0,
            0.0,
        );
        // Padded on the right with 0 (the mean), as PaddleOCR pads.
        let mut input = vec![0.0f32; 3 * LINE_HEIGHT * width];
        for plane in 0..3 {
            for y in 0..LINE_HEIGHT {
                let from = (plane * LINE_HEIGHT + y) * wanted;
                let to = (plane * LINE_HEIGHT + y) * width;
                input[to..to + wanted].copy_from_slice(&line[from..from + wanted]);
            }
        }
        let probs = run(
            &self.recognisers[index],
            [1, 3, LINE_HEIGHT, width],
            &input,
            OCR_RECOGNITION,
        )?;
        let classes = self.charset.len() + 2;
        Ok(ctc_greedy(&probs, classes, &self.charset))
    }
}

/// Runs `plan` on one input of `shape`: its first output, flat.
fn run(
    plan: &Arc<TypedRunnableModel>,
    shape: [usize; 4],
    input: &[f32],
    name: &'static str,
) -> Result<Vec<f32>, VisionError> {
    let error = |e: TractError| VisionError::Run {
        name,
        message: format!("{e:#}"),
    };
    let tensor = Tensor::from_shape(&shape, input).map_err(error)?;
    let out = plan.run(tvec!(tensor.into())).map_err(error)?;
    let view = out[0].to_plain_array_view::<f32>().map_err(error)?;
    Ok(view.iter().copied().collect())
}
