// An independent JavaScript implementation of each documented stage formula, used to check the
// per-stage probabilities the page exports. Double precision throughout.

function softmax(logits, kept) {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (kept[i] && logits[i] > max) max = logits[i];
  const p = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) if (kept[i]) { p[i] = Math.exp(logits[i] - max); sum += p[i]; }
  for (let i = 0; i < p.length; i++) p[i] /= sum;
  return p;
}

const byProbDesc = (p) => (a, b) => p[b] - p[a] || a - b;
const keptIds = (kept) => [...kept.keys()].filter((i) => kept[i]);

export const stages = {
  // l'_j = l_j + b_j
  logit_bias(s, params) {
    for (const [id, b] of Object.entries(params.logit_bias)) s.logits[Number(id)] += b;
  },
  // for j in prompt ∪ completion: l / θ if l > 0 else l · θ
  repetition_penalty(s, params, ctx) {
    const θ = params.repetition_penalty;
    if (θ === 1) return;
    for (const j of new Set([...ctx.prompt, ...ctx.completion])) s.logits[j] = s.logits[j] > 0 ? s.logits[j] / θ : s.logits[j] * θ;
  },
  // l_j -= c_j · α
  frequency_penalty(s, params, ctx) {
    for (const j of ctx.completion) s.logits[j] -= params.frequency_penalty;
  },
  // l_j -= 1[c_j > 0] · α
  presence_penalty(s, params, ctx) {
    for (const j of new Set(ctx.completion)) s.logits[j] -= params.presence_penalty;
  },
  temperature(s, params) {
    const t = params.temperature;
    if (t === 0) {
      let best = -1;
      for (const i of keptIds(s.kept)) if (best < 0 || s.logits[i] > s.logits[best]) best = i;
      s.kept = s.kept.map((_, i) => i === best);
    } else for (let i = 0; i < s.logits.length; i++) s.logits[i] /= t;
  },
  // keep l_i ≥ the k-th largest kept logit
  top_k(s, params) {
    const k = params.top_k;
    const ids = keptIds(s.kept);
    if (k === 0 || k >= ids.length) return;
    const sorted = ids.map((i) => s.logits[i]).sort((a, b) => b - a);
    const threshold = sorted[k - 1];
    s.kept = s.kept.map((k, i) => k && s.logits[i] >= threshold);
  },
  // the fewest most probable with Σ p ≥ top_p
  top_p(s, params) {
    if (params.top_p >= 1) return;
    const p = softmax(s.logits, s.kept);
    const ids = keptIds(s.kept).sort(byProbDesc(p));
    const keep = new Set();
    let mass = 0;
    for (const i of ids) { keep.add(i); mass += p[i]; if (mass >= params.top_p) break; }
    s.kept = s.kept.map((_, i) => keep.has(i));
  },
  // p_i ≥ min_p · p_max
  min_p(s, params) {
    if (params.min_p <= 0) return;
    const p = softmax(s.logits, s.kept);
    const max = Math.max(...keptIds(s.kept).map((i) => p[i]));
    s.kept = s.kept.map((k, i) => k && p[i] >= params.min_p * max);
  },
  // sort by |−ln p − H|, keep the fewest with Σ p ≥ mass (plus ties with the last score)
  typical_p(s, params) {
    if (params.typical_p >= 1) return;
    const p = softmax(s.logits, s.kept);
    const ids = keptIds(s.kept);
    let h = 0;
    for (const i of ids) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
    const score = (i) => (p[i] > 0 ? Math.abs(-Math.log(p[i]) - h) : Infinity);
    ids.sort((a, b) => score(a) - score(b) || a - b);
    const keep = new Set();
    let mass = 0;
    let cutoff = null;
    for (const i of ids) {
      if (cutoff !== null && score(i) > cutoff) break;
      keep.add(i);
      mass += p[i];
      if (cutoff === null && mass >= params.typical_p) cutoff = score(i);
    }
    s.kept = s.kept.map((_, i) => keep.has(i));
  },
};

/// Runs `order` over the exported raw logits; returns each stage's probabilities and mask.
export function runReference(doc) {
  const ctx = { prompt: doc.prompt.tokens.map((t) => t.id), completion: doc.completion.map((t) => t.id) };
  const s = { logits: Float64Array.from(doc.logits), kept: new Array(doc.logits.length).fill(true) };
  return doc.parameters.order.map((name) => {
    stages[name](s, doc.parameters, ctx);
    return { name, probs: softmax(s.logits, s.kept), kept: [...s.kept] };
  });
}
