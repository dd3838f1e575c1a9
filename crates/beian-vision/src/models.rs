//! The model files (`models.tsv`: name, sha256, where from, licence) and loading them.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{FaceDetector, Ocr, VisionError};

const MODELS_TSV: &str = include_str!("../models.tsv");

/// One model file as `models.tsv` lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelFile {
    pub name: &'static str,
    pub sha256: &'static str,
    pub source: &'static str,
    pub licence: &'static str,
}

/// Every model file, as `models.tsv` lists them.
pub static MODEL_FILES: std::sync::LazyLock<Vec<ModelFile>> = std::sync::LazyLock::new(|| {
    MODELS_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            Some(ModelFile {
                name: cols.next()?,
                sha256: cols.next()?,
                source: cols.next()?,
                licence: cols.next()?,
            })
        })
        .collect()
});

pub(crate) const OCR_DETECTION: &str = "ch_PP-OCRv4_det_infer.onnx";
pub(crate) const OCR_RECOGNITION: &str = "ch_PP-OCRv4_rec_infer.onnx";
pub(crate) const FACE_DETECTION: &str = "blazeface_short_range.onnx";

/// Every model, loaded and ready to run (share it: running does not change it).
pub struct Models {
    pub face: FaceDetector,
    pub ocr: Ocr,
}

impl Models {
    /// Loads the models from `dir`, each checked against its sha256 first.
    pub fn load(dir: &Path) -> Result<Models, VisionError> {
        Ok(Models {
            face: FaceDetector::new(&checked(dir, FACE_DETECTION)?)?,
            ocr: Ocr::new(
                &checked(dir, OCR_DETECTION)?,
                &checked(dir, OCR_RECOGNITION)?,
            )?,
        })
    }
}

/// The bytes of `dir/name`, when its sha256 is the one `models.tsv` lists.
fn checked(dir: &Path, name: &str) -> Result<Vec<u8>, VisionError> {
    let path: PathBuf = dir.join(name);
    let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => VisionError::Missing { path: path.clone() },
        _ => VisionError::Unreadable {
            path: path.clone(),
            message: e.to_string(),
        },
    })?;
    let expected = MODEL_FILES
        .iter()
        .find(|m| m.name == name)
        .map(|m| m.sha256);
    let actual: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if expected != Some(actual.as_str()) {
        return Err(VisionError::Checksum { path });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_the_code_loads_is_listed_with_a_sha256_and_a_licence() {
        for name in [OCR_DETECTION, OCR_RECOGNITION, FACE_DETECTION] {
            let file = MODEL_FILES.iter().find(|m| m.name == name).expect(name);
            assert_eq!(file.sha256.len(), 64, "{name}");
            assert!(
                file.licence.starts_with("Apache-2.0"),
                "{name}: {}",
                file.licence
            );
        }
        assert_eq!(MODEL_FILES.len(), 3);
    }

    #[test]
    fn a_missing_or_altered_model_is_refused_by_name() {
        let dir = std::env::temp_dir().join(format!("beian-vision-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(matches!(
            checked(&dir, FACE_DETECTION),
            Err(VisionError::Missing { .. })
        ));
        std::fs::write(dir.join(FACE_DETECTION), b"not a model").unwrap();
        assert!(matches!(
            checked(&dir, FACE_DETECTION),
            Err(VisionError::Checksum { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
