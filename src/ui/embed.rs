//! Embeds: `embed=<key>` shows one parameter, tour chapter or demo as a compact widget for
//! documentation pages. What a key shows (its demo, controls, caption) and the snippet that
//! embeds it are data here; `embed_view` only lays them out.

use crate::sampling::order::order_key;
use crate::sampling::{OrderPreset, Param, SamplingParams, StageKind};

use super::lessons::{self, EXPLAINED, TOUR};
use super::query;
use super::settings::Settings;

/// Keys that say how a widget is framed, not what it shows: a link with nothing else opens on
/// the key's own demo.
const FRAME_KEYS: [&str; 4] = ["embed", "edit", "lang", "theme"];

/// The open prompt most parameters are shown on when they have no demo of their own: its
/// distribution is spread out, so every truncation and penalty has something to cut.
const OPEN_PROMPT: &str = "My favourite colour is";

/// The iframe sizes the embed dialog offers (the widget reads well in both).
pub const SIZES: [(u32, u32); 2] = [(720, 480), (360, 420)];

/// What one embed shows.
#[derive(Clone, Debug)]
pub struct Target {
    pub key: String,
    /// The controls the widget offers (a demo without a stage of its own offers none).
    pub params: Vec<&'static Param>,
    /// The catalogue message of its one-paragraph caption.
    pub caption: String,
    /// The catalogue message of its title.
    pub title: String,
}

/// The demo a tour chapter key (`tour-<n>`) opens.
fn chapter(key: &str) -> Option<usize> {
    key.strip_prefix("tour-")?.parse::<usize>().ok().filter(|n| *n < TOUR.len())
}

fn demo_key(key: &str) -> Option<&str> {
    match chapter(key) {
        Some(n) if n > 0 => Some(TOUR[n]),
        _ => lessons::demo(key).map(|_| key),
    }
}

/// Every key `embed=` accepts: a sampling parameter, an explained parameter, a tour chapter,
/// a preset or a myth with a demo.
pub fn is_key(key: &str) -> bool {
    SamplingParams::param(key).is_some() || chapter(key).is_some() || lessons::demo(key).is_some()
}

/// Every key an embed or demo opens with (each sampling parameter, explanation, tour chapter,
/// preset and myth): the contexts `examples/snapshots.rs` precomputes.
pub fn keys() -> Vec<String> {
    let mut keys: Vec<String> = SamplingParams::params().map(|p| p.key.to_string()).collect();
    keys.extend(EXPLAINED.iter().map(|k| k.to_string()));
    keys.extend((0..TOUR.len()).map(|n| format!("tour-{n}")));
    keys.extend(lessons::demo_keys());
    keys.sort();
    keys.dedup();
    keys
}

/// The widget for `key` (one of [`is_key`]).
pub fn target(key: &str) -> Option<Target> {
    if !is_key(key) {
        return None;
    }
    let params = match SamplingParams::param(key) {
        Some(p) => vec![p],
        None => demo_key(key)
            .and_then(lessons::demo)
            .and_then(|d| d.stage)
            .and_then(|s| StageKind::from_key(&s))
            .map(|s| s.decl().params.iter().collect())
            .unwrap_or_default(),
    };
    let (title, caption) = if let Some(n) = chapter(key) {
        (format!("tour-{n}"), format!("tour-{n}.body"))
    } else if EXPLAINED.contains(&key) {
        (format!("explain-{key}"), format!("explain-{key}.what"))
    } else if let Some(n) = key.strip_prefix("myth-") {
        (format!("myth-{n}"), format!("myth-{n}.fact"))
    } else if key.starts_with("preset-") {
        (format!("teach-{key}"), "explain-temperature.when".to_string())
    } else {
        (format!("param-{key}"), format!("param-{key}.hint"))
    };
    Some(Target { key: key.to_string(), params, caption, title })
}

/// The link a bare `embed=<key>` stands for: the key's demo, or the open prompt with its stage
/// shown.
fn base_query(key: &str) -> String {
    // Ten bars fit a 480 px frame beside the controls.
    if let Some(demo) = demo_key(key).and_then(lessons::demo) {
        return format!("bars=10&{}", demo.query);
    }
    let mut q = format!("bars=10&prompt={}&seed=42", OPEN_PROMPT.replace(' ', "+"));
    if let Some(stage) = SamplingParams::owner(key) {
        // The first engine's order that has the stage, else Hugging Face's with it at the end.
        let order = OrderPreset::ALL.iter().map(|p| p.order()).find(|o| o.contains(&stage)).unwrap_or_else(|| {
            let mut order = OrderPreset::HuggingFace.order();
            order.push(stage);
            order
        });
        if order != OrderPreset::HuggingFace.order() {
            q.push_str(&format!("&order={}", order_key(&order)));
        }
        q.push_str(&format!("&stage={}", stage.key()));
    }
    q
}

/// The pairs of a link, with a bare embed's demo in front (the link's own values win).
pub fn expand(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    let Some(key) = pairs.iter().find(|(k, _)| k == "embed").map(|(_, v)| v.clone()) else { return pairs };
    if !is_key(&key) || pairs.iter().any(|(k, _)| !FRAME_KEYS.contains(&k.as_str())) {
        return pairs;
    }
    let mut out = query::pairs(&base_query(&key));
    out.extend(pairs);
    out
}

/// The key an embed of the current view shows: the open explanation or tour chapter, else the
/// shown stage's first parameter, else temperature.
pub fn key_for(s: &Settings) -> String {
    if let Some(key) = &s.embed {
        return key.clone();
    }
    if let Some(n) = s.tour {
        return format!("tour-{n}");
    }
    if let Some(key) = s.explain {
        return key.to_string();
    }
    match s.shown {
        super::settings::Shown::Stage(kind) => {
            kind.decl().params.first().map(|p| p.key.to_string()).unwrap_or_else(|| "temperature".into())
        }
        _ => "temperature".into(),
    }
}

/// The full page's link for an embed's settings (no `embed`, no `edit`).
pub fn full_page_query(s: &Settings) -> String {
    let mut full = s.clone();
    full.embed = None;
    full.edit = false;
    query::to_query(&full)
}

fn attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// The `<iframe>` that reproduces `s` as the widget for `key`, served from `page_url` (the page's
/// address without its query).
pub fn snippet(page_url: &str, s: &Settings, key: &str, (width, height): (u32, u32), title: &str) -> String {
    let mut widget = s.clone();
    widget.embed = Some(key.to_string());
    widget.tour = None;
    let src = format!("{page_url}{}", query::to_query(&widget));
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"{width}\" height=\"{height}\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>",
        attr(&src),
        attr(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, has};
    use crate::ui::settings::Shown;

    fn open(link: &str) -> Settings {
        let (s, notes) = query::parse(link, 1, crate::model::VOCAB);
        let english: Vec<String> = notes.iter().map(|n| n.render(Lang::En)).collect();
        assert!(english.is_empty(), "{link}: {english:?}");
        s
    }

    #[test]
    fn every_parameter_and_demo_has_a_widget_with_its_words_in_both_languages() {
        for key in keys() {
            let t = target(&key).unwrap_or_else(|| panic!("no widget for {key}"));
            for lang in Lang::ALL {
                assert!(has(lang, &t.title), "{lang:?} lacks {} ({key})", t.title);
                assert!(has(lang, &t.caption), "{lang:?} lacks {} ({key})", t.caption);
            }
            let s = open(&format!("embed={key}"));
            assert_eq!(s.embed.as_deref(), Some(key.as_str()));
        }
        assert!(target("no_such_thing").is_none());
    }

    #[test]
    fn a_bare_embed_opens_its_demo_and_the_links_own_values_win() {
        let s = open("embed=top_p");
        assert_eq!(s.sampling.top_p.p, 0.5, "the top_p demo's value");
        assert_eq!(s.prompt, "My favourite colour is");
        assert!(matches!(s.shown, Shown::Stage(StageKind::TopP)));
        assert_eq!(target("top_p").unwrap().params.iter().map(|p| p.key).collect::<Vec<_>>(), ["top_p"]);
        // A parameter without a demo: the open prompt, its stage shown.
        let s = open("embed=xtc_probability&lang=ko");
        assert_eq!(s.prompt, OPEN_PROMPT);
        assert!(matches!(s.shown, Shown::Stage(StageKind::Xtc)));
        assert_eq!(s.lang, Some(Lang::Ko));
        // A link with state of its own is taken as it is.
        let s = open("embed=top_p&prompt=Hello&top_p=0.8");
        assert_eq!((s.prompt.as_str(), s.sampling.top_p.p), ("Hello", 0.8));
        assert!(matches!(s.shown, Shown::Final));
    }

    #[test]
    fn a_tour_chapter_embeds_its_demo_with_the_chapter_text() {
        let t = target("tour-3").unwrap();
        assert_eq!((t.title.as_str(), t.caption.as_str()), ("tour-3", "tour-3.body"));
        assert_eq!(t.params.iter().map(|p| p.key).collect::<Vec<_>>(), ["top_p"]);
        assert_eq!(open("embed=tour-3").sampling.top_p.p, 0.5);
    }

    #[test]
    fn the_snippet_reproduces_the_view_and_the_full_link_drops_the_frame() {
        let mut s = open("prompt=Hi+there&top_k=7&stage=top_k&lang=ko");
        let code = snippet("https://example.org/samplescope/", &s, "top_k", SIZES[0], "samplescope: top_k");
        assert!(code.starts_with("<iframe src=\"https://example.org/samplescope/?"), "{code}");
        for part in ["loading=\"lazy\"", "width=\"720\"", "height=\"480\"", "title=\"samplescope: top_k\""] {
            assert!(code.contains(part), "{part} in {code}");
        }
        let src = code.split('"').nth(1).unwrap().replace("&amp;", "&");
        let query = src.split_once('?').unwrap().1;
        let mut widget = s.clone();
        widget.embed = Some("top_k".into());
        assert_eq!(open(query), widget);
        s.embed = Some("top_k".into());
        s.edit = true;
        let full = full_page_query(&s);
        assert!(!full.contains("embed") && !full.contains("edit"), "{full}");
        assert_eq!(key_for(&open(&full)), "top_k");
    }
}
