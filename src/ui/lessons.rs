//! The teaching material as data: which parameters have an explanation (`explain-<key>` in
//! `locales/*/teach.ftl`), the guided tour's chapters, and the demo each one loads (a link,
//! from `locales/demos.json`, measured on the model when it was written).

use std::collections::HashMap;

use serde::Deserialize;

use super::query::{self, Note};
use super::settings::Settings;
use crate::msg;

/// Every explained parameter: the study note's 21 request parameters in its order, then the
/// page's own (min_p, typical_p, repetition_penalty) and the two inputs (prompt, model).
pub const EXPLAINED: [&str; 26] = [
    "temperature",
    "top_k",
    "top_p",
    "frequency_penalty",
    "presence_penalty",
    "max_tokens",
    "stop",
    "best_of",
    "logprobs",
    "top_logprobs",
    "do_sample",
    "messages",
    "logit_bias",
    "n",
    "response_format",
    "seed",
    "system_fingerprint",
    "stream",
    "tools",
    "tool_choice",
    "user",
    "min_p",
    "typical_p",
    "repetition_penalty",
    "prompt",
    "model",
];

/// The attributes of an explanation, in the order the panel shows them (`correction` only
/// where the study note is wrong).
pub const SECTIONS: [&str; 7] = ["what", "formula", "range", "apis", "when", "notice", "correction"];

/// The tour's chapters (`tour-<n>`), each with the demo it loads: an introduction, the note's
/// 21 parameters, then its tuning section.
pub const TOUR: [&str; 28] = [
    "tour-0",
    "temperature",
    "top_k",
    "top_p",
    "frequency_penalty",
    "presence_penalty",
    "max_tokens",
    "stop",
    "best_of",
    "logprobs",
    "top_logprobs",
    "do_sample",
    "messages",
    "logit_bias",
    "n",
    "response_format",
    "seed",
    "system_fingerprint",
    "stream",
    "tools",
    "tool_choice",
    "user",
    "preset-factual",
    "max_tokens",
    "myth-6",
    "stop",
    "prompt",
    "model",
];

/// The note's tuning presets for temperature and top-p, one click each.
pub const PRESETS: [(&str, &str); 3] = [
    ("preset-factual", msg!("teach-preset-factual")),
    ("preset-balanced", msg!("teach-preset-balanced")),
    ("preset-creative", msg!("teach-preset-creative")),
];

/// A stretch of a slider the study note's tuning section names, and the value a click sets.
pub struct Zone {
    pub from: f64,
    pub to: f64,
    pub value: f64,
    /// Its message (`zone-…`), with the range in words.
    pub label: &'static str,
}

const TEMPERATURE_ZONES: [Zone; 3] = [
    Zone { from: 0.0, to: 0.3, value: 0.2, label: msg!("zone-factual") },
    Zone { from: 0.4, to: 0.7, value: 0.6, label: msg!("zone-balanced") },
    Zone { from: 0.7, to: 1.0, value: 1.0, label: msg!("zone-creative") },
];

const TOP_P_ZONES: [Zone; 3] = [
    Zone { from: 0.0, to: 0.5, value: 0.3, label: msg!("zone-low") },
    Zone { from: 0.6, to: 0.8, value: 0.7, label: msg!("zone-middle") },
    Zone { from: 0.9, to: 1.0, value: 0.95, label: msg!("zone-high") },
];

/// The note's ranges drawn on a parameter's slider, if it names any.
pub fn zones(key: &str) -> &'static [Zone] {
    match key {
        "temperature" => &TEMPERATURE_ZONES,
        "top_p" => &TOP_P_ZONES,
        _ => &[],
    }
}

/// The study note's misreadings (`myth-<n>`), each corrected with a demo.
pub const MYTHS: usize = 8;

/// One demo: the link it opens and what it shows (in English, for the record; the page says it
/// through the catalogue).
#[derive(Clone, Debug, Deserialize)]
pub struct Demo {
    pub query: String,
    pub stage: Option<String>,
    pub tab: String,
    pub why: String,
}

fn all_demos() -> HashMap<String, Demo> {
    serde_json::from_str(include_str!("../../locales/demos.json")).expect("demos.json is valid")
}

thread_local! {
    static DEMOS: HashMap<String, Demo> = all_demos();
}

pub fn demo(key: &str) -> Option<Demo> {
    DEMOS.with(|d| d.get(key).cloned())
}

/// Every demo's key.
pub fn demo_keys() -> Vec<String> {
    DEMOS.with(|d| d.keys().cloned().collect())
}

/// The keys of a demo's link the page does not read yet (parameters of issues still open):
/// such a demo is described but not offered as a button.
pub fn unsupported_keys(demo: &Demo) -> Vec<String> {
    let known: Vec<&str> = query::known_keys().collect();
    query::pairs(&demo.query).into_iter().map(|(k, _)| k).filter(|k| !known.contains(&k.as_str())).collect()
}

/// The settings a demo opens, keeping the reader's language and theme.
pub fn apply(current: &Settings, demo: &Demo, vocab: usize) -> (Settings, Vec<Note>) {
    let (mut next, notes) = query::parse(&demo.query, current.seed, vocab);
    next.lang = current.lang;
    next.theme = current.theme;
    (next, notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, has};
    use crate::ui::settings::Shown;

    #[test]
    fn every_explanation_and_chapter_exists_in_both_languages() {
        for lang in Lang::ALL {
            for key in EXPLAINED {
                let id = format!("explain-{key}");
                assert!(has(lang, &id), "{lang:?} lacks {id}");
                for section in &SECTIONS[..6] {
                    assert!(has(lang, &format!("{id}.{section}")), "{lang:?} lacks {id}.{section}");
                }
            }
            for n in 0..TOUR.len() {
                for part in ["", ".body", ".notice"] {
                    assert!(has(lang, &format!("tour-{n}{part}")), "{lang:?} lacks tour-{n}{part}");
                }
            }
            for n in 1..=MYTHS {
                for part in ["", ".claim", ".fact"] {
                    assert!(has(lang, &format!("myth-{n}{part}")), "{lang:?} lacks myth-{n}{part}");
                }
            }
        }
    }

    #[test]
    fn every_demo_opens_cleanly() {
        let current = Settings::with_seed(1);
        let mut keys: Vec<&str> = EXPLAINED.to_vec();
        keys.extend(TOUR);
        keys.extend(PRESETS.iter().map(|(k, _)| *k));
        for key in keys {
            let demo = demo(key).unwrap_or_else(|| panic!("no demo for {key}"));
            let missing = unsupported_keys(&demo);
            assert!(missing.is_empty(), "{key}: {missing:?}");
            let (s, notes) = apply(&current, &demo, 49152);
            let english: Vec<String> = notes.iter().map(|n| n.render(Lang::En)).collect();
            assert!(english.is_empty(), "{key}: {english:?}");
            if let Some(stage) = &demo.stage {
                assert!(matches!(s.shown, Shown::Stage(k) if k.key() == stage), "{key} shows {:?}", s.shown);
            }
            assert_eq!(s.tab == super::super::settings::Tab::Api, demo.tab == "api", "{key}");
        }
    }

    #[test]
    fn zones_sit_inside_their_sliders_and_set_a_value_inside_themselves() {
        for key in ["temperature", "top_p"] {
            let param = crate::sampling::SamplingParams::param(key).expect("a declared parameter");
            let crate::sampling::ParamKind::Number(spec) = &param.kind else { panic!("{key} is a number") };
            assert_eq!(zones(key).len(), 3);
            for z in zones(key) {
                assert!(spec.min <= z.from && z.from < z.to && z.to <= spec.max, "{key}: {}–{}", z.from, z.to);
                assert!(z.from <= z.value && z.value <= z.to, "{key}: {} outside {}–{}", z.value, z.from, z.to);
            }
        }
    }

    #[test]
    fn every_myth_names_a_demo() {
        for n in 1..=MYTHS {
            let id = format!("myth-{n}.demo");
            let key = crate::i18n::render(Lang::En, &crate::i18n::Text::dynamic(id.clone()));
            assert!(demo(&key).is_some(), "{id} = {key} has no demo");
            assert_eq!(
                key,
                crate::i18n::render(Lang::Ko, &crate::i18n::Text::dynamic(id)),
                "both languages name one demo"
            );
        }
    }
}
