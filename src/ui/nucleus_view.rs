//! The nucleus drawn: the running mass Σp of the shown truncation stage's input over its ranked
//! tokens (a log rank axis, so all of them fit), each token's p faintly, the stage's threshold
//! and its cut. Everything is from [`Nucleus`], which reads the stage's output.

use leptos::prelude::*;

use crate::i18n::Text;
use crate::msg;

use super::chart_model::percent;
use super::nucleus::{Nucleus, Threshold, x_of};
use super::state::page;

const W: f64 = 320.0;
const H: f64 = 120.0;
const LEFT: f64 = 34.0;
const TOP: f64 = 6.0;

fn x(rank: f64, ranked: usize) -> f64 {
    LEFT + x_of(rank, ranked) * (W - LEFT - 8.0)
}

fn y(p: f64) -> f64 {
    TOP + (1.0 - p.clamp(0.0, 1.0)) * H
}

fn line(n: &Nucleus, value: impl Fn(&super::nucleus::Point) -> f64) -> String {
    n.points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.rank as f64, n.ranked), y(value(p))))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Ranks labelled on the axis: the powers of ten below the last rank, and the last rank.
fn rank_ticks(ranked: usize) -> Vec<usize> {
    let mut ticks: Vec<usize> = (0..6).map(|e| 10usize.pow(e)).filter(|&r| r * 3 < ranked).collect();
    ticks.push(ranked);
    ticks
}

fn threshold_text(n: &Nucleus) -> Text {
    match n.threshold {
        // The parameters are f32: printed as typed (0.9), not as their f64 widening.
        Threshold::Mass(p) => Text::new(msg!("nucleus-threshold-mass")).arg("p", (p as f32).to_string()),
        Threshold::Prob { min_p, p_max, threshold } => Text::new(msg!("nucleus-threshold-prob"))
            .arg("min_p", (min_p as f32).to_string())
            .arg("p_max", percent(p_max))
            .arg("threshold", percent(threshold)),
        Threshold::Rank(k) => Text::new(msg!("nucleus-threshold-rank")).arg("k", k),
    }
}

fn figure(n: &Nucleus) -> impl IntoView + use<> {
    let page = page();
    let ranked = n.ranked;
    let cut_x = format!("{:.1}", x(n.cut as f64, ranked));
    // The threshold where the stage compares: a mass (top-p, typical-p) or a probability
    // (min-p) across, a rank (top-k) down.
    let threshold = match n.threshold {
        Threshold::Mass(p) | Threshold::Prob { threshold: p, .. } => {
            let at = format!("{:.1}", y(p));
            view! { <line class="threshold" x1=LEFT.to_string() x2=(W - 8.0).to_string() y1=at.clone() y2=at /> }
                .into_any()
        }
        Threshold::Rank(k) => {
            let at = format!("{:.1}", x(k as f64, ranked));
            view! { <line class="threshold" x1=at.clone() x2=at y1=TOP.to_string() y2=(TOP + H).to_string() /> }
                .into_any()
        }
    };
    let ticks = rank_ticks(ranked)
        .into_iter()
        .map(|r| {
            let at = format!("{:.1}", x(r as f64, ranked));
            view! { <text x=at y=(TOP + H + 12.0).to_string() font-size="9" text-anchor="middle" fill="currentColor">{r.to_string()}</text> }
        })
        .collect::<Vec<_>>();
    let (cut, mass, stage) = (n.cut, percent(n.kept_mass), n.stage);
    let title = Text::new(msg!("nucleus-title")).arg("name", stage.name()).arg("ranked", ranked);
    let cut_text = Text::new(msg!("nucleus-cut")).arg("cut", cut).arg("ranked", ranked).arg("mass", mass);
    let label = cut_text.clone();
    let threshold_line = threshold_text(n);
    let typical = n.entropy.map(|h| Text::new(msg!("nucleus-typical-order")).arg("h", format!("{h:.3}")));
    let not_prefix = (!n.prefix).then(|| Text::new(msg!("nucleus-not-prefix")).arg("cut", cut));
    let (mass_line, prob_line) = (line(n, |p| p.cumulative), line(n, |p| p.prob));
    view! {
        <figure class="nucleus" data-stage=stage.key() data-cut=cut data-ranked=ranked>
            <figcaption>
                <strong>{move || page.say(&title)}</strong>
                <span class="nucleus-cut">{move || page.say(&cut_text)}</span>
                <span>{move || page.say(&threshold_line)}</span>
                {typical.map(|t| view! { <span>{move || page.say(&t)}</span> })}
                {not_prefix.map(|t| view! { <span class="hint">{move || page.say(&t)}</span> })}
            </figcaption>
            <svg viewBox=format!("0 0 {W} {}", TOP + H + 16.0) role="img"
                aria-label=move || page.say(&label)>
                <rect class="kept-zone" x=LEFT.to_string() y=TOP.to_string() width=format!("{:.1}", x(cut as f64, ranked) - LEFT) height=H.to_string() />
                <line class="axis" x1=LEFT.to_string() x2=(W - 8.0).to_string() y1=(TOP + H).to_string() y2=(TOP + H).to_string() />
                <line class="axis" x1=LEFT.to_string() x2=LEFT.to_string() y1=TOP.to_string() y2=(TOP + H).to_string() />
                <text x=(LEFT - 3.0).to_string() y=(TOP + 4.0).to_string() font-size="9" text-anchor="end" fill="currentColor">"100%"</text>
                <text x=(LEFT - 3.0).to_string() y=(TOP + H / 2.0 + 3.0).to_string() font-size="9" text-anchor="end" fill="currentColor">"50%"</text>
                <text x=(LEFT - 3.0).to_string() y=(TOP + H).to_string() font-size="9" text-anchor="end" fill="currentColor">"0"</text>
                {ticks}
                <polyline class="prob-curve" points=prob_line fill="none" />
                <polyline class="mass-curve" points=mass_line fill="none" />
                {threshold}
                <line class="cut" x1=cut_x.clone() x2=cut_x y1=TOP.to_string() y2=(TOP + H).to_string() />
            </svg>
            <p class="legend nucleus-legend">
                <span class="swatch mass"></span>" "{move || page.t(msg!("nucleus-curve-mass"))}" "
                <span class="swatch prob"></span>" "{move || page.t(msg!("nucleus-curve-prob"))}" "
                <span class="swatch threshold"></span>" "{move || page.t(msg!("nucleus-threshold"))}" "
                <span class="swatch cut"></span>" "{move || page.t(msg!("nucleus-cut-line"))}" "
                {move || page.t(msg!("nucleus-axis"))}
            </p>
        </figure>
    }
}

/// The view under the chart, while a truncation stage is shown.
#[component]
pub fn NucleusView() -> impl IntoView {
    let page = page();
    move || page.nucleus.get().map(|n| figure(&n))
}
