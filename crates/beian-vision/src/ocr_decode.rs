//! From the text recogniser's output to text: greedy CTC (the best class at each step, repeats
//! merged, blanks dropped). Class 0 is the blank, class `i` the `i`-th character of the model's
//! list, and the class after the list a space.

/// The text in `steps` × `classes` probabilities, and the mean probability of its characters
/// (1.0 for an empty line).
pub fn ctc_greedy(probs: &[f32], classes: usize, charset: &[String]) -> (String, f32) {
    let mut text = String::new();
    let (mut sum, mut count) = (0.0f32, 0usize);
    let mut previous = 0usize;
    for step in probs.chunks_exact(classes.max(1)) {
        let (best, p) =
            step.iter().enumerate().fold(
                (0usize, f32::MIN),
                |acc, (i, &p)| if p > acc.1 { (i, p) } else { acc },
            );
        if best != 0 && best != previous {
            match charset.get(best - 1) {
                Some(c) => text.push_str(c),
                None => text.push(' '),
            }
            sum += p;
            count += 1;
        }
        previous = best;
    }
    let confidence = if count == 0 { 1.0 } else { sum / count as f32 };
    (text, confidence)
}

#[cfg(test)]
mod tests {
    use super::ctc_greedy;

    fn step(classes: usize, best: usize) -> Vec<f32> {
        (0..classes)
            .map(|i| if i == best { 0.9 } else { 0.01 })
            .collect()
    }

    #[test]
    fn repeats_merge_blanks_separate_and_the_last_class_is_a_space() {
        let charset: Vec<String> = ["1", "2", "X"].iter().map(|s| s.to_string()).collect();
        let classes = charset.len() + 2;
        // 1 1 _ 1 2 2 _ space X
        let probs: Vec<f32> = [1, 1, 0, 1, 2, 2, 0, 4, 3]
            .iter()
            .flat_map(|&b| step(classes, b))
            .collect();
        let (text, confidence) = ctc_greedy(&probs, classes, &charset);
        assert_eq!(text, "112 X");
        assert!((confidence - 0.9).abs() < 1e-6);
        assert_eq!(ctc_greedy(&[], classes, &charset), (String::new(), 1.0));
    }
}
