//! The page's words in Korean and English: one Project Fluent catalogue per language
//! (`locales/<lang>/*.ftl`), shared by the page and by the native code that explains a value
//! (validation, link notes, stage traces).
//!
//! Code never builds a sentence itself. It names a message with [`msg!`] and its arguments as a
//! [`Text`]; the reader's [`Lang`] turns that into words. Tests check that both catalogues
//! parse, hold the same messages with the same variables, and contain every id the code names.

use std::borrow::Cow;
use std::cell::RefCell;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

/// Names a catalogue message (`msg!("trace-kept")`, or `msg!("order-hf.note")` for an
/// attribute). The test `every_named_message_exists` reads these out of the sources.
#[macro_export]
macro_rules! msg {
    ($id:literal) => {
        $id
    };
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

/// Each language's catalogue files, in the order they are added to its bundle.
const SOURCES: [(Lang, &[&str]); 2] = [
    (
        Lang::En,
        &[
            include_str!("../../locales/en/ui.ftl"),
            include_str!("../../locales/en/params.ftl"),
            include_str!("../../locales/en/teach.ftl"),
            include_str!("../../locales/en/structured.ftl"),
            include_str!("../../locales/en/embed.ftl"),
        ],
    ),
    (
        Lang::Ko,
        &[
            include_str!("../../locales/ko/ui.ftl"),
            include_str!("../../locales/ko/params.ftl"),
            include_str!("../../locales/ko/teach.ftl"),
            include_str!("../../locales/ko/structured.ftl"),
            include_str!("../../locales/ko/embed.ftl"),
        ],
    ),
];

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 code, as in `lang=ko` and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// `ko`, `ko-KR`, `en-GB`… (case-insensitive); `None` for a language without a catalogue.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    fn sources(self) -> &'static [&'static str] {
        SOURCES.iter().find(|(l, _)| *l == self).map(|(_, s)| *s).unwrap_or_default()
    }
}

/// An argument of a message: numbers select plural forms; messages are rendered first, in the
/// same language (a stage's name inside its trace).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Str(String),
    Num(f64),
    Msg(Cow<'static, str>),
    /// A whole message with its own arguments (a problem inside a note).
    Text(Box<Text>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(Box::new(t))
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Num(n as f64)
    }
}

/// A message and its arguments: what is said, before it is said in a language.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// `message` or `message.attribute`.
    pub id: Cow<'static, str>,
    pub args: Vec<(&'static str, Arg)>,
}

impl Text {
    pub fn new(id: &'static str) -> Text {
        Text { id: Cow::Borrowed(id), args: Vec::new() }
    }

    /// A message whose id is computed (`stage-top_p`); tests check every such family.
    pub fn dynamic(id: String) -> Text {
        Text { id: Cow::Owned(id), args: Vec::new() }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.args.push((name, value.into()));
        self
    }

    /// An argument that is itself a message, rendered in the same language.
    pub fn msg_arg(mut self, name: &'static str, id: impl Into<Cow<'static, str>>) -> Text {
        self.args.push((name, Arg::Msg(id.into())));
        self
    }

    pub fn render(&self, lang: Lang) -> String {
        render(lang, self)
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> Bundle {
    let id = lang.code().parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new(vec![id]);
    // Unicode isolation marks around arguments would end up in copied text and test matches.
    bundle.set_use_isolating(false);
    for source in lang.sources() {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

thread_local! {
    static BUNDLES: RefCell<Vec<(Lang, Bundle)>> = const { RefCell::new(Vec::new()) };
}

fn with_bundle<R>(lang: Lang, f: impl FnOnce(&Bundle) -> R) -> R {
    BUNDLES.with_borrow_mut(|bundles| {
        if !bundles.iter().any(|(l, _)| *l == lang) {
            bundles.push((lang, bundle(lang)));
        }
        let (_, b) = bundles.iter().find(|(l, _)| *l == lang).expect("just added");
        f(b)
    })
}

/// `text` in `lang`. A missing message shows its id (the catalogue tests keep that from
/// happening).
pub fn render(lang: Lang, text: &Text) -> String {
    let mut args = FluentArgs::new();
    for (name, arg) in &text.args {
        let value = match arg {
            Arg::Str(s) => FluentValue::from(s.clone()),
            Arg::Num(n) => FluentValue::from(*n),
            Arg::Msg(id) => FluentValue::from(render(lang, &Text { id: id.clone(), args: Vec::new() })),
            Arg::Text(t) => FluentValue::from(render(lang, t)),
        };
        args.set(*name, value);
    }
    with_bundle(lang, |bundle| {
        let (id, attribute) = match text.id.split_once('.') {
            Some((id, attr)) => (id, Some(attr)),
            None => (&*text.id, None),
        };
        let Some(message) = bundle.get_message(id) else { return text.id.to_string() };
        let pattern = match attribute {
            Some(attr) => message.get_attribute(attr).map(|a| a.value()),
            None => message.value(),
        };
        let Some(pattern) = pattern else { return text.id.to_string() };
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned()
    })
}

/// A number as messages print it: whole numbers without a point (`2`, `-100`), others as their
/// shortest decimal (`0.01`).
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// A message without arguments.
pub fn get(lang: Lang, id: &'static str) -> String {
    render(lang, &Text::new(id))
}

/// Whether the catalogue of `lang` has `id` (`message` or `message.attribute`).
pub fn has(lang: Lang, id: &str) -> bool {
    with_bundle(lang, |bundle| match id.split_once('.') {
        Some((id, attr)) => bundle.get_message(id).is_some_and(|m| m.get_attribute(attr).is_some()),
        None => bundle.get_message(id).is_some_and(|m| m.value().is_some()),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    use super::*;

    /// Every message of `lang`: `id` or `id.attribute` → the variables it uses.
    fn catalogue(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let mut all = BTreeMap::new();
        for source in lang.sources() {
            let resource = match FluentResource::try_new(source.to_string()) {
                Ok(r) => r,
                Err((_, errors)) => panic!("{lang:?}: the catalogue does not parse: {errors:?}"),
            };
            for entry in resource.entries() {
                let ast::Entry::Message(m) = entry else { continue };
                let id = m.id.name.to_string();
                if let Some(value) = &m.value {
                    assert!(all.insert(id.clone(), variables(value)).is_none(), "{lang:?}: {id} twice");
                }
                for a in &m.attributes {
                    let key = format!("{id}.{}", a.id.name);
                    assert!(all.insert(key.clone(), variables(&a.value)).is_none(), "{lang:?}: {key} twice");
                }
            }
        }
        all
    }

    fn variables(of: &ast::Pattern<&str>) -> BTreeSet<String> {
        fn expression(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
            match e {
                ast::Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        pattern(&v.value, out);
                    }
                }
                ast::Expression::Inline(i) => inline(i, out),
            }
        }
        fn inline(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
            match i {
                ast::InlineExpression::VariableReference { id } => {
                    out.insert(id.name.to_string());
                }
                ast::InlineExpression::Placeable { expression: e } => expression(e, out),
                _ => {}
            }
        }
        fn pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
            for element in &p.elements {
                if let ast::PatternElement::Placeable { expression: e } = element {
                    expression(e, out);
                }
            }
        }
        let mut out = BTreeSet::new();
        pattern(of, &mut out);
        out
    }

    #[test]
    fn both_languages_hold_the_same_messages_with_the_same_variables() {
        let en = catalogue(Lang::En);
        let ko = catalogue(Lang::Ko);
        let missing_ko: Vec<_> = en.keys().filter(|k| !ko.contains_key(*k)).collect();
        let missing_en: Vec<_> = ko.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing_ko.is_empty(), "missing in ko: {missing_ko:?}");
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        for (id, vars) in &en {
            assert_eq!(vars, &ko[id], "{id}: the two languages use different variables");
        }
    }

    /// The message ids written with `msg!` in the sources under `dir`.
    fn named_ids(dir: &std::path::Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("source dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                named_ids(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                let needle = concat!("msg", "!(\"");
                for (at, _) in text.match_indices(needle) {
                    let rest = &text[at + needle.len()..];
                    let id = &rest[..rest.find('"').expect("closing quote")];
                    out.insert(id.to_string());
                }
            }
        }
    }

    #[test]
    fn every_named_message_exists() {
        let mut ids = BTreeSet::new();
        // Cargo sets the variable when it runs the test too; the compile-time value would name
        // wherever the binary was first built, which a reused target directory can outlive.
        let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
        named_ids(&std::path::Path::new(&root).join("src"), &mut ids);
        assert!(ids.len() > 20, "found only {} message ids: is the scan broken?", ids.len());
        for lang in Lang::ALL {
            let missing: Vec<_> = ids.iter().filter(|id| !has(lang, id)).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    #[test]
    fn arguments_plurals_and_nested_messages() {
        let t = Text::new(msg!("trace-kept")).arg("name", "top-p").arg("kept", 1usize).arg("mass", "92.1%");
        assert_eq!(t.render(Lang::En), "top-p kept 1 token, 92.1% of the mass before renormalising");
        let t = Text::new(msg!("trace-kept")).arg("name", "top-p").arg("kept", 37usize).arg("mass", "92.1%");
        assert_eq!(t.render(Lang::En), "top-p kept 37 tokens, 92.1% of the mass before renormalising");
        assert!(t.render(Lang::Ko).contains("37"));
        let off = Text::new(msg!("trace-off")).arg("name", "logit-bias").msg_arg("why", "trace-why-no-bias");
        assert_eq!(off.render(Lang::En), "logit-bias is off (no biases): nothing changes");
        assert_eq!(off.render(Lang::Ko), "logit-bias 꺼짐(바이어스 없음): 바뀌는 것이 없습니다");
        let nested =
            Text::new(msg!("note-ignored")).arg("problem", Text::new(msg!("order-twice")).arg("stage", "top_k"));
        assert_eq!(nested.render(Lang::En), "stage \"top_k\" appears twice; ignored");
        assert_eq!(render(Lang::En, &Text::new("no-such-message")), "no-such-message");
    }

    #[test]
    fn language_codes() {
        assert_eq!(Lang::from_code("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::from_code("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
    }
}
