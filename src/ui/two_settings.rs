//! "Same prompt and seed, two settings": the two requests a side-by-side generation runs, and
//! the count of repeated tokens each text is judged by. Plain data; the page drives the
//! requests through the model worker like any other (`side_by_side`).

use crate::generation::Request;
use crate::sampling::{SamplingParams, StageKind};

use super::lessons::{self, PRESETS};
use super::settings::Settings;

/// What a side can run: the page's current settings, or one of the study note's presets.
pub const CURRENT: &str = "current";

/// Every choice for a side, `CURRENT` first, then the presets in their order.
pub fn choices() -> impl Iterator<Item = &'static str> {
    std::iter::once(CURRENT).chain(PRESETS.iter().map(|(key, _)| *key))
}

/// The sampler a choice runs: the current settings' own, or the preset's (its sampling and
/// order only; the prompt, seed and length stay the reader's).
pub fn sampler(current: &Settings, choice: &str, vocab: usize) -> Option<(SamplingParams, Vec<StageKind>)> {
    if choice == CURRENT {
        return Some((current.sampling.clone(), current.order.clone()));
    }
    let demo = lessons::demo(choice)?;
    let (preset, _) = lessons::apply(current, &demo, vocab);
    Some((preset.sampling, preset.order))
}

/// Tokens each side generates at most: short, so the two texts can be read side by side.
pub const MAX_TOKENS: usize = 32;

/// One side's request: the current prompt and seed, one choice, no stop strings, not streamed.
pub fn request(current: &Settings, sampling: SamplingParams, order: Vec<StageKind>) -> Request {
    Request {
        prompt: current.prompt_source(),
        sampling,
        order,
        max_tokens: current.max_tokens.min(MAX_TOKENS),
        seed: current.seed,
        stream: false,
        ..Request::default()
    }
}

/// Tokens of `tokens` that already occurred earlier in it: what a frequency or presence
/// penalty pushes down.
pub fn repeats(tokens: &[u32]) -> usize {
    (0..tokens.len()).filter(|&i| tokens[..i].contains(&tokens[i])).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generation::Prompt;

    #[test]
    fn repeats_count_every_later_occurrence() {
        assert_eq!(repeats(&[]), 0);
        assert_eq!(repeats(&[1, 2, 3]), 0);
        assert_eq!(repeats(&[1, 2, 1, 1, 2]), 3);
    }

    #[test]
    fn a_preset_side_keeps_the_readers_prompt_and_seed() {
        let mut current = Settings::with_seed(7);
        current.prompt = "Once upon a time".into();
        current.sampling.top_k.k = 5;
        let choices: Vec<&str> = choices().collect();
        assert_eq!(choices, ["current", "preset-factual", "preset-balanced", "preset-creative"]);
        let (same, order) = sampler(&current, CURRENT, 49152).unwrap();
        assert_eq!((same, order), (current.sampling.clone(), current.order.clone()));
        let (creative, _) = sampler(&current, "preset-creative", 49152).unwrap();
        assert_eq!((creative.temperature.t, creative.top_p.p), (1.0, 0.95));
        let r = request(&current, creative, current.order.clone());
        assert_eq!(r.prompt, Prompt::Text("Once upon a time".into()));
        assert_eq!((r.seed, r.n, r.max_tokens, r.stream), (7, 1, MAX_TOKENS, false));
        assert!(r.validate(4, 49152).is_empty(), "{:?}", r.validate(4, 49152));
        assert_eq!(sampler(&current, "nonsense", 49152), None);
    }
}
