//! Time per frame for the face detector and per card side for OCR, on the capture media
//! (`scripts/test` makes it; run `tests/fixtures/capture_media.py` first when benching alone):
//! `cargo bench -p beian-vision`.

use std::path::PathBuf;

use beian_vision::{Models, Picture};
use criterion::{criterion_group, criterion_main, Criterion};

fn png(name: &str) -> Picture {
    let dir = std::env::var("BEIAN_CAPTURE_MEDIA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/capture-media")
        });
    let bytes = std::fs::read(dir.join(name)).expect("the capture media");
    let mut decoder = zune_png::PngDecoder::new(&bytes);
    let pixels = decoder.decode_raw().expect("a PNG");
    let (w, h) = decoder.get_dimensions().expect("its size");
    let channels = pixels.len() / (w * h);
    Picture::new(
        w,
        h,
        pixels
            .chunks(channels)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect(),
    )
    .expect("RGB")
}

fn models(c: &mut Criterion) {
    let dir = PathBuf::from(std::env::var("BEIAN_MODELS").expect("BEIAN_MODELS (scripts/env.sh)"));
    let models = Models::load(&dir).expect("the models");
    let face = png("face-rest.png");
    c.bench_function("face detection, one 640x480 frame", |b| {
        b.iter(|| models.face.detect(&face).expect("runs"))
    });
    let card = png("id-front.png");
    let whole = (0.0, 0.0, card.width() as f32, card.height() as f32);
    let mut group = c.benchmark_group("ocr");
    group.sample_size(10);
    group.bench_function("ID card front (856x540)", |b| {
        b.iter(|| models.ocr.read(&card, whole).expect("runs"))
    });
    let back = png("id-back.png");
    group.bench_function("ID card back (856x540)", |b| {
        b.iter(|| models.ocr.read(&back, whole).expect("runs"))
    });
    group.finish();
    c.bench_function("loading the models", |b| {
        b.iter(|| Models::load(&dir).expect("loads"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = models
}
criterion_main!(benches);
