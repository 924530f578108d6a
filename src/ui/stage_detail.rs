//! The numbers behind a stage card's sentence, drawn small under it, for the stages whose trace
//! carries a [`Detail`]: top-nσ's cut on the logit axis, XTC's coin against its probability,
//! the repeats DRY penalised, mirostat's μ (and its path over the completion, [`mu_path`]), the
//! entropy that set the dynamic temperature, η's cutoff. Symbols and numbers only, so neither
//! catalogue needs words for it; everything comes from the trace (μ's path from the replayed
//! completion), so what is drawn is what ran.

use leptos::prelude::*;

use crate::sampling::Detail;

const WIDTH: f64 = 220.0;

/// The card's extra view; nothing for a stage without a detail.
pub fn stage_detail(detail: impl Fn() -> Option<Detail> + Copy + Send + Sync + 'static) -> impl IntoView {
    move || detail().and_then(view_of)
}

/// `x` in `lo..=hi` as a position on the drawing, clamped to it.
fn pos(x: f64, lo: f64, hi: f64) -> f64 {
    let f = if hi > lo { ((x - lo) / (hi - lo)).clamp(0.0, 1.0) } else { 1.0 };
    4.0 + f * (WIDTH - 8.0)
}

fn at(x: f64, lo: f64, hi: f64) -> String {
    format!("{:.1}", pos(x, lo, hi))
}

fn tick(x: String, label: &'static str) -> impl IntoView {
    view! {
        <line x1=x.clone() x2=x.clone() y1="6" y2="18" stroke="currentColor" />
        <text x=x y="28" font-size="9" text-anchor="middle" fill="currentColor">{label}</text>
    }
}

fn view_of(detail: Detail) -> Option<AnyView> {
    let view = match detail {
        Detail::None => return None,
        Detail::TopNSigma { max, mean, sigma, threshold, min, histogram } => {
            // The kept logits' histogram from min to max, the cut max − nσ as a line across it:
            // the bars right of it are what stays.
            let lo = min.min(threshold);
            let tallest = histogram.iter().copied().max().unwrap_or(0).max(1) as f64;
            let bin = (max - min) / histogram.len().max(1) as f64;
            let bars = histogram
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(i, &c)| {
                    let (x0, x1) = (pos(min + i as f64 * bin, lo, max), pos(min + (i + 1) as f64 * bin, lo, max));
                    let h = 2.0 + 22.0 * (c as f64).ln_1p() / tallest.ln_1p();
                    let opacity = if min + (i + 1) as f64 * bin >= threshold { "0.6" } else { "0.2" };
                    view! {
                        <rect x=format!("{x0:.1}") width=format!("{:.1}", (x1 - x0 - 0.5).max(1.0))
                            y=format!("{:.1}", 26.0 - h) height=format!("{h:.1}") fill="currentColor"
                            opacity=opacity />
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <figure class="stage-detail sigma">
                    <svg viewBox=format!("0 0 {WIDTH} 40") width=WIDTH.to_string() height="40" role="img"
                        aria-label=format!("max {max:.3}, mean {mean:.3}, σ {sigma:.3}, cut {threshold:.3}")>
                        {bars}
                        <line x1=at(threshold, lo, max) x2=at(threshold, lo, max) y1="0" y2="28" stroke="currentColor" />
                        <text x=at(threshold, lo, max) y="38" font-size="9" text-anchor="middle" fill="currentColor">"max − nσ"</text>
                        <text x=at(mean, lo, max) y="38" font-size="9" text-anchor="middle" fill="currentColor">"x̄"</text>
                    </svg>
                    <figcaption>{format!("σ = {sigma:.3}  x̄ = {mean:.3}  max = {max:.3}  cut = {threshold:.3}")}</figcaption>
                </figure>
            }
            .into_any()
        }
        Detail::Xtc { coin, probability, fired, threshold, above, removed } => view! {
            <figure class="stage-detail coin">
                <svg viewBox=format!("0 0 {WIDTH} 32") width=WIDTH.to_string() height="32" role="img"
                    aria-label=format!("coin {coin:.3}, P {probability:.3}")>
                    <rect x="4" y="8" height="8" width=format!("{:.1}", probability.clamp(0.0, 1.0) * (WIDTH - 8.0))
                        fill="currentColor" opacity="0.2" />
                    <line x1="4" x2=(WIDTH - 4.0).to_string() y1="12" y2="12" stroke="currentColor" opacity="0.5" />
                    {tick(at(coin, 0.0, 1.0), "coin")}
                    {tick(at(probability, 0.0, 1.0), "P")}
                </svg>
                <figcaption>{format!(
                    "coin {coin:.3} {} P {probability:.3}; p ≥ {threshold:.3}: {above}, −{removed}",
                    if fired { "≤" } else { ">" }
                )}</figcaption>
            </figure>
        }
        .into_any(),
        Detail::Dry { repeats, untokenised } => view! {
            <ul class="stage-detail repeats">
                {repeats.into_iter().take(8).map(|r| view! {
                    <li>{format!(
                        "#{}: M = {}, −{:.3}  [{}‥{}) ≡ [{}‥{})",
                        r.token, r.length, r.penalty, r.earlier.0, r.earlier.1, r.suffix.0, r.suffix.1
                    )}</li>
                }).collect::<Vec<_>>()}
                {untokenised.then_some(view! { <li>"breakers: —"</li> })}
            </ul>
        }
        .into_any(),
        Detail::Mirostat { version, mu, s_hat, k } => {
            let fit = match (s_hat, k) {
                (Some(s), Some(k)) => format!("  ŝ = {s:.3}  k = {k:.1}"),
                _ => String::new(),
            };
            view! { <p class="stage-detail mu">{format!("v{version}: μ = {mu:.3} bits{fit}")}</p> }.into_any()
        }
        Detail::DynamicTemperature { entropy, max_entropy, t_min, t_max, t } => {
            let h = if max_entropy > 0.0 { entropy / max_entropy } else { 0.0 };
            view! {
                <p class="stage-detail entropy">
                    <meter min="0" max="1" value=h.to_string() title=format!("H / ln N = {h:.3}")></meter>
                    {format!(" H / ln N = {entropy:.3} / {max_entropy:.3}  T′ = {t:.3} ∈ [{t_min}, {t_max}]")}
                </p>
            }
            .into_any()
        }
        Detail::Eta { entropy, cutoff } => {
            view! { <p class="stage-detail eta">{format!("H = {entropy:.3}  η = {cutoff:.5}")}</p> }.into_any()
        }
        Detail::Grammar { allowed, removed_mass, struck, forced } => {
            // Allowed of the vocabulary, the mass struck out, the most probable struck tokens
            // (with their probability before the mask), and a forced token.
            let tokenizer = super::state::page().tokenizer;
            let shown =
                move |id: u32| tokenizer.with_untracked(|t| t.as_ref().map(|t| t.display(id)).unwrap_or_default());
            let struck = struck
                .into_iter()
                .map(|(id, p)| view! { <li data-id=id><s>{shown(id)}</s>" "{super::chart_model::percent(p as f64)}</li> })
                .collect::<Vec<_>>();
            view! {
                <div class="stage-detail grammar" data-allowed=allowed data-removed-mass=format!("{removed_mass:.6}")>
                    <p>{format!("✓ {allowed} / {}  ·  ✗ {}", crate::model::VOCAB, super::chart_model::percent(removed_mass))}</p>
                    {forced.map(|id| view! { <p class="forced" data-id=id>{format!("→ {}", shown(id))}</p> })}
                    <ol class="struck">{struck}</ol>
                </div>
            }
            .into_any()
        }
    };
    Some(view)
}

/// Mirostat's μ over the completion, position 0 to the current one (`None`: not run yet, 2τ),
/// with τ as a dashed line: the path the generation's μ took to the current position.
pub fn mu_path(mus: Vec<Option<f32>>, tau: f32) -> Option<AnyView> {
    if mus.len() < 2 {
        return None;
    }
    let values: Vec<f64> = mus.iter().map(|m| m.unwrap_or(2.0 * tau) as f64).collect();
    let lo = values.iter().copied().fold(tau as f64, f64::min);
    let hi = values.iter().copied().fold(tau as f64, f64::max);
    let (lo, hi) = if hi - lo < 1e-6 { (lo - 1.0, hi + 1.0) } else { (lo, hi) };
    let y = |v: f64| 30.0 - 26.0 * (v - lo) / (hi - lo);
    let step = (WIDTH - 8.0) / (values.len() - 1) as f64;
    let points = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", 4.0 + i as f64 * step, y(*v)))
        .collect::<Vec<_>>();
    let last = values[values.len() - 1];
    let tau_y = format!("{:.1}", y(tau as f64));
    // Symbols and numbers only, like the other details.
    let caption = format!("μ: {:.2} → {last:.2} (n = {}, τ = {tau})", values[0], values.len() - 1);
    Some(
        view! {
            <figure class="stage-detail mu-path">
                <svg viewBox=format!("0 0 {WIDTH} 34") width=WIDTH.to_string() height="34" role="img"
                    aria-label=caption.clone()>
                    <line x1="4" x2=(WIDTH - 4.0).to_string() y1=tau_y.clone() y2=tau_y stroke="currentColor"
                        stroke-dasharray="3 3" opacity="0.5" />
                    <polyline points=points.join(" ") fill="none" stroke="currentColor" stroke-width="1.5" />
                </svg>
                <figcaption>{caption}</figcaption>
            </figure>
        }
        .into_any(),
    )
}
