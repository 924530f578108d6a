// An independent JavaScript implementation of each documented stage formula, used to check the
// per-stage probabilities the page exports. Double precision throughout. The stages beyond the
// original nine follow the sampler study note (notes/samplers.md, §2–§11), not the Rust code.
// What JavaScript cannot compute from the export is passed in: XTC's coin (the page's ChaCha8
// stream, read from the stage's exported detail), and for bad_words the ids of the words' two
// tokenisations (`ctx.encode`, a map the test fills from tokens it knows); and mirostat's μ
// after earlier positions, whose logits the export does not carry (`mu`).

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
  // T, or with dynatemp_range Δ > 0: T_min + (T_max − T_min)·(H / ln N)^exponent over the N kept
  // tokens, T_min = max(0, T − Δ), T_max = T + Δ (llama.cpp temp_ext; N ≤ 1 leaves it alone)
  temperature(s, params) {
    let t = params.temperature;
    const Δ = params.dynatemp_range ?? 0;
    if (Δ > 0) {
      const ids = keptIds(s.kept);
      if (ids.length <= 1) return;
      const p = softmax(s.logits, s.kept);
      let h = 0;
      for (const i of ids) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
      const tMin = Math.max(0, t - Δ);
      const tMax = t + Δ;
      t = tMin + (tMax - tMin) * Math.pow(h / Math.log(ids.length), params.dynatemp_exponent);
    }
    if (t <= 0) {
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
  // keep the finite kept logits l ≥ max − n·σ (σ the population deviation of those logits)
  top_n_sigma(s, params) {
    const n = params.top_n_sigma;
    const ids = keptIds(s.kept).filter((i) => s.logits[i] !== -Infinity);
    if (!(n > 0) || keptIds(s.kept).length <= 1 || ids.length === 0) return;
    const max = Math.max(...ids.map((i) => s.logits[i]));
    const mean = ids.reduce((a, i) => a + s.logits[i], 0) / ids.length;
    const σ = Math.sqrt(ids.reduce((a, i) => a + (s.logits[i] - mean) ** 2, 0) / ids.length);
    s.kept = s.kept.map((k, i) => k && s.logits[i] >= max - n * σ);
  },
  // if coin ≤ P: of the kept tokens with p ≥ t, drop all but the least likely (if ≥ 2 of them
  // and min_keep still holds); off when P ≤ 0 or t > 0.5
  xtc(s, params, ctx, exported) {
    const P = params.xtc_probability;
    const t = params.xtc_threshold;
    const ids = keptIds(s.kept);
    if (P <= 0 || t > 0.5 || ids.length < 2) return;
    if (!(exported.detail.coin <= P)) return;
    const p = softmax(s.logits, s.kept);
    const above = ids.filter((i) => p[i] >= t).sort((a, b) => s.logits[b] - s.logits[a] || a - b);
    if (above.length < 2 || ids.length - (above.length - 1) < (params.min_keep ?? 0)) return;
    const drop = new Set(above.slice(0, -1));
    s.kept = s.kept.map((k, i) => k && !drop.has(i));
  },
  // l_c −= multiplier · base^(L − allowed_length) for the token c that would extend a repeat
  // of the window's suffix of length L ≥ allowed_length (the repeat cut at the latest breaker)
  dry(s, params, ctx) {
    const mult = params.dry_multiplier;
    const base = params.dry_base;
    const allowed = params.dry_allowed_length;
    const lastN = params.dry_penalty_last_n;
    if (mult === 0 || base < 1 || lastN === 0) return;
    const history = [...ctx.prompt, ...ctx.completion];
    const L = lastN < 0 ? history.length : Math.min(history.length, lastN);
    const w = history.slice(history.length - L);
    if (L <= allowed) return;
    // Single-token breakers: a token whose text contains a breaker string. (Multi-token
    // breakers only arise for breakers longer than one character; the tests use one-character
    // breakers, so none are looked for here.)
    const breakers = params.dry_sequence_breakers;
    const isBreaker = (id) => breakers.some((b) => (ctx.text.get(id) ?? "").includes(b));
    let repLimit = L;
    for (let i = 0; i < L; i++) if (isBreaker(w[L - 1 - i])) { repLimit = i; break; }
    if (repLimit < allowed) return;
    const M = new Map();
    for (let j = 0; j <= L - 2; j++) {
      let m = 0;
      while (m < j + 1 && w[j - m] === w[L - 1 - m]) m++;
      m = Math.min(m, repLimit);
      if (m >= allowed) M.set(w[j + 1], Math.max(M.get(w[j + 1]) ?? 0, m));
    }
    const maxExponent = base > 1.000001 ? Math.trunc(88.7228391 / Math.log(base)) : 0;
    for (const [c, m] of M) {
      if (isBreaker(c)) continue;
      let e = m - allowed;
      if (maxExponent > 0) e = Math.min(e, maxExponent);
      s.logits[c] -= mult * Math.pow(base, e);
    }
  },
  // μ = 2τ at a completion's first position (or the μ the test read from the page); v2 keeps −log₂ p ≤ μ (at least the top token); v1
  // fits the Zipf exponent ŝ on the top 100 and keeps the top k = (ε̂·2^μ / (1 − N^−ε̂))^(1/ŝ)
  mirostat(s, params, ctx) {
    const version = params.mirostat;
    if (version === 0) return;
    const μ = ctx.mu ?? 2 * params.mirostat_tau;
    const p = softmax(s.logits, s.kept);
    const ids = keptIds(s.kept).sort((a, b) => s.logits[b] - s.logits[a] || a - b);
    let keep;
    if (version === 2) {
      keep = ids.filter((i) => -Math.log2(p[i]) <= μ);
      if (keep.length === 0) keep = ids.slice(0, 1);
    } else {
      let num = 0;
      let den = 0;
      for (let i = 0; i < Math.min(99, ids.length - 1); i++) {
        const t = Math.log((i + 2) / (i + 1));
        num += t * Math.log(p[ids[i]] / p[ids[i + 1]]);
        den += t * t;
      }
      const ŝ = num / den;
      const ε̂ = ŝ - 1;
      const k = Math.pow((ε̂ * Math.pow(2, μ)) / (1 - Math.pow(ctx.vocab, -ε̂)), 1 / ŝ);
      keep = ids.slice(0, Math.max(Math.trunc(k), 1));
    }
    const kept = new Set(keep);
    s.kept = s.kept.map((_, i) => kept.has(i));
  },
  // remove p_i < ε unless the logit reaches the max(min_keep, 1)-th largest (HF)
  epsilon(s, params) {
    const ε = params.epsilon_cutoff;
    if (!(ε > 0 && ε < 1)) return;
    cutBelow(s, ε, params.min_keep);
  },
  // remove p_i < η = min(ε, √ε · e^−H), H in nats, with epsilon's protection (HF, as coded)
  eta(s, params) {
    const ε = params.eta_cutoff;
    if (!(ε > 0 && ε < 1)) return;
    const p = softmax(s.logits, s.kept);
    let h = 0;
    for (const i of keptIds(s.kept)) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
    cutBelow(s, Math.min(ε, Math.sqrt(ε) * Math.exp(-h)), params.min_keep);
  },
  // ban every c such that (last n−1 tokens) ⧺ c is an n-gram of prompt ⧺ completion
  no_repeat_ngram_size(s, params, ctx) {
    const n = params.no_repeat_ngram_size;
    const x = [...ctx.prompt, ...ctx.completion];
    if (n <= 0 || x.length < n) return;
    const prefix = x.slice(x.length - n + 1);
    for (let start = 0; start <= x.length - n; start++) {
      if (prefix.every((t, o) => x[start + o] === t)) s.kept[x[start + n - 1]] = false;
    }
  },
  // the end-of-turn tokens are banned while fewer than min_tokens tokens were generated
  min_tokens(s, params, ctx) {
    if (ctx.completion.length < params.min_tokens) for (const id of ctx.endOfTurn) s.kept[id] = false;
  },
  // vLLM: each word as encode(w.trimStart()) and, if it has as many tokens and another first
  // one, encode(" " + w.trimStart()); a sequence's last token is banned when the generated
  // tokens end with the rest of it (always, for one token)
  bad_words(s, params, ctx) {
    const y = ctx.completion;
    for (const word of params.bad_words) {
      const plain = ctx.encode(word.trimStart());
      const spaced = ctx.encode(" " + word.trimStart());
      const sequences = [plain];
      if (spaced.length === plain.length && spaced[0] !== plain[0]) sequences.push(spaced);
      for (const b of sequences) {
        const m = b.length;
        if (m > y.length + 1) continue;
        if (b.slice(0, m - 1).every((t, o) => y[y.length - (m - 1) + o] === t)) s.kept[b[m - 1]] = false;
      }
    }
  },
  // every token outside the list is masked
  allowed_token_ids(s, params) {
    const allowed = new Set(params.allowed_token_ids);
    if (allowed.size === 0) return;
    s.kept = s.kept.map((k, i) => k && allowed.has(i));
  },
};

function cutBelow(s, cutoff, minKeep) {
  const p = softmax(s.logits, s.kept);
  const ids = keptIds(s.kept);
  const k = Math.min(Math.max(minKeep ?? 0, 1), ids.length);
  const kth = ids.map((i) => s.logits[i]).sort((a, b) => b - a)[k - 1];
  s.kept = s.kept.map((kept, i) => kept && (p[i] >= cutoff || s.logits[i] >= kth));
}

/// SmolLM2's end-of-turn tokens: <|endoftext|> (0) and <|im_end|> (2).
export const END_OF_TURN = [0, 2];

/// Runs `order` over the exported raw logits; returns each stage's probabilities and mask.
/// `encode` maps a string to its token ids (bad_words only); `mu` is mirostat's μ when it is
/// not 2τ.
export function runReference(doc, { encode = () => [], mu } = {}) {
  const tokens = [...doc.prompt.tokens, ...doc.completion];
  const ctx = {
    prompt: doc.prompt.tokens.map((t) => t.id),
    completion: doc.completion.map((t) => t.id),
    text: new Map(tokens.map((t) => [t.id, t.text])),
    vocab: doc.vocab_size,
    endOfTurn: END_OF_TURN,
    encode,
    mu,
  };
  const s = { logits: Float64Array.from(doc.logits), kept: new Array(doc.logits.length).fill(true) };
  return doc.parameters.order.map((name, i) => {
    stages[name](s, doc.parameters, ctx, doc.stages[i]);
    return { name, probs: softmax(s.logits, s.kept), kept: [...s.kept] };
  });
}
