# The page's interface.

header-tagline = A real language model in your browser, and every sampling parameter made visible. Probabilities are exact, over all 49,152 tokens.
header-language = Language
notes-title = Some values in the link were adjusted:
notes-dismiss = Dismiss
note-long-link = This link is { $kb } KB long, so the page keeps it after “#” in the address: servers refuse addresses that long (HTTP 414), and the part after “#” never reaches them. A bookmark or a copied address keeps all of it.
note-bad-seed = seed "{ $value }" is not a whole number ≥ 0; kept the previous one
layout-prompt = prompt
layout-results = results
tab-explorer = Next token
tab-api = API request (n, stop, logprobs, stream…)

## Model loading.

load-starting = Starting the model worker…
load-stage-manifest = reading manifest.json
load-stage-download = downloading the model
load-stage-verify = decompressing and checking SHA-256
load-stage-parse = parsing the ONNX graph
load-stage-optimise = optimising the graph for this CPU
load-stage-plan = preparing the execution plan
load-stage-ready = ready
load-progress = { $done } of { $total } ({ $percent }%)
load-ready = { $model } ({ $format }) ready: { $source } in { $fetch } s, initialised in { $init } s
load-from-cache = from this browser's cache
load-downloaded = { $size } downloaded
load-not-stored = It could not be kept for your next visit ({ $why }), so that visit downloads it again.
load-failed = The model could not be loaded:
load-retry = Retry
worker-stopped = The model worker stopped; your prompt, settings and text are kept. Restart it and the model comes back from this browser's cache.
worker-restart = Restart the model
error-empty-prompt = The prompt is empty: type something for the model to continue.
error-context-full = The context is { $tokens } tokens; the model reads at most { $context }. Shorten the prompt.
error-prompt-overlong = The prompt is { $bytes } bytes: at least { $tokens } tokens, since no token stands for more than { $longest } bytes, and the model reads at most { $context }. It was not tokenised. Shorten the prompt.
error-export = export failed: { $error }

## The prompt.

prompt-title = Prompt
prompt-raw = raw text
    .label = prompt (raw text, no chat template)
prompt-chat = messages (ChatML template)
    .defaults = Chat starts from SmolLM2-135M-Instruct's recommended settings (its model card generates with temperature 0.2 and top-p 0.9); raw text starts from the engines' neutral values. Change either freely.
message-role = role of message { $n }
message-content = content of message { $n }
message-remove = remove message { $n }
message-add = + message
messages-hint = Without a system message first, the template adds SmolLM's default one. The model reads the rendered text below; special tokens are purple.
tokens-label = context tokens
tokens-count = { $prompt } prompt + { $sampled } sampled { $sampled ->
        [one] token
       *[other] tokens
    }
tokens-hidden = … { $count } more tokens, beyond the context, not shown
tokens-overlong = Not tokenised: { $bytes } bytes are more than { $context } tokens can hold.
token-id = token id { $id }

## General controls.

controls-seed = seed
controls-new-seed = new
    .title = draw a fresh random seed
controls-bars = bars (top N)
controls-max-tokens = max tokens (Generate and max_tokens)

## The sampling pipeline.

pipeline-title = Sampling pipeline
pipeline-order = order
pipeline-custom = custom
    .hint = A custom order: drag the cards, or use ↑/↓ (Alt+arrow on a stage name).
pipeline-raw = 0 · raw model softmax: pᵢ = exp(lᵢ) / Σⱼ exp(lⱼ) over 49,152 tokens
pipeline-draw = draw
    .sample = Draws u ~ U[0,1) from ChaCha8(seed) and walks the kept tokens from most to least probable until the cumulative probability passes u.
    .greedy = do_sample is off: greedy decoding takes the argmax of the processed logits, whatever temperature, top-k or top-p say.
pipeline-missing = Not in this order:
pipeline-order-text = order as text
    .placeholder = a preset (hf), stage keys (top_k,top_p) or llama.cpp's --samplers (penalties;dry;top_k) or --sampler-seq (edskypmxt)
pipeline-llama = as llama.cpp arguments:
pipeline-mu-unreplayed = μ starts from 2τ here: the page does not have the model's answers at every earlier position of the completion to replay μ over them (the completion came with the link, or it is longer than the 128 answers the page keeps). Generate the completion on the page to see μ carried from token to token.
stage-show = show
    .title = show this stage's output in the chart (Alt+↑/↓ moves it)
stage-earlier = move { $name } earlier
stage-later = move { $name } later
stage-on = on
    .title = include this stage in the order
    .label = { $name } on
bias-search = search the vocabulary for a token to bias
    .placeholder = find a token, e.g. Paris
bias-add = add a bias for token { $id }
bias-value = bias for token { $id }
bias-remove = remove the bias for token { $id }

## The next-token explorer.

explorer-sample = Sample next token
explorer-generate = Generate
explorer-stop = Stop
explorer-reset = Reset completion
explorer-export = Export JSON
explorer-draw = Seed { $seed } draws { $token } (u = { $u } falls in its band; p = { $p })
explorer-draw-greedy = do_sample = false: greedy picks { $token }, the argmax, whatever the other settings
explorer-view-final = Showing the distribution the draw uses (after every stage).
explorer-view-raw = Showing the model's raw softmax, before any stage.
explorer-view-stage = Showing the output of stage { $index }: { $name } (pale bars: its input).
explorer-compare = Compare with another order:
explorer-compare-off = off
legend-now = probability now
legend-before = before the shown stage
legend-raw = the model's raw probability
legend-removed = removed
chart-label = next-token probabilities
chart-raw-tick = the model's own probability
chart-drawn = ◀ drawn
chart-removed-by = removed by { $name }
chart-other = all other { $count } tokens
chart-other-kept = { $count } still kept
compare-a = A: { $order }
compare-b = B: { $order }
compare-custom = custom order
compare-keeps-same = keeps { $kept } { $kept ->
        [one] token
       *[other] tokens
    }; nothing the other drops
compare-keeps-only = keeps { $kept } { $kept ->
        [one] token
       *[other] tokens
    }; only here ({ $only }): { $tokens }

## The API request panel.

api-label = chat completions request
api-max-tokens = max_tokens
    .hint = per choice, 1–512; also stops at the 2,048-token context
api-n = n
    .hint = choices, 1–8
api-best-of = best_of
    .hint = candidates ≥ n (empty = n); no streaming
api-top-logprobs = top_logprobs
    .hint = alternatives per token, 0–20
api-random-seed = fresh random seed per request
api-user = user
    .hint = sent along, never changes the logits: it is for abuse monitoring
api-stop = stop (up to { $max })
    .hint = type \n for a newline
api-stop-string = stop string { $n }
api-stop-remove = remove stop string { $n }
api-stop-add = + stop
api-send = Send request
api-replay = Replay (same seed)
    .title = run the same request with the same seed again
api-request = Request body (OpenAI chat-completions shape)
api-copy = Copy
api-fingerprint = system_fingerprint
    .hint = a hash of the model file, the engine build and the sampler order. Same fingerprint + same seed + same settings ⇒ same output; when a provider changes its backend the fingerprint changes and seeded outputs may too.
api-replay-same = ✓ Replay produced exactly the same tokens.
api-replay-differs = ✗ Replay differs from the previous run.
api-usage = usage: { $prompt } prompt + { $completion } completion = { $total } tokens billed; each choice may use up to { $room } of the { $context }-token context
api-colour-raw = colour by the model's raw probability (default: the probability after the sampling pipeline, i.e. what was drawn from)
api-events = Server-sent events (stream: true)
api-response = Response object
api-choice = choice { $n }
api-candidate = candidate { $n }
api-candidate-discarded = candidate { $n } (discarded)
api-choice-stats = seed { $seed } · { $tokens } { $tokens ->
        [one] token
       *[other] tokens
    } · mean ln p { $mean }
api-best-of-ranks = best_of ranks candidates by mean token log probability under the model; the top n are returned.
api-not-streamed = stream is off: the answer appears when it is complete ({ $tokens } tokens so far)
api-stop-cut = ✂ cut at byte { $at } by stop string { $stop }; struck-through tokens are not part of the returned text
api-alternatives = alternatives
api-alternatives-head = position { $position }: { $token } — after the pipeline p = { $after }, under the model p = { $model }
api-alternative = model { $model } · pipeline { $after }
api-branch = continue from here with this

## Page-wide: theme, skip link, announcements, the chart's scale.

skip-to-chart = Skip to the chart
header-theme = Theme
theme-system = system
theme-light = light
theme-dark = dark
tabs-label = Results
scale-pick = Bar scale
scale-fit = fit the longest bar
scale-fixed = fixed 0–100 %
scale-axis = bar length: 0 to { $max }
announce-ready = The model is ready.
announce-failed = The model could not be loaded.
announce-worker-stopped = The model worker stopped. Restart the model to go on.
announce-moved = { $name } moved to position { $index } of { $count }.
announce-generated = Generation finished; the completion has { $count } tokens.
note-model-missing = model = { $value } could not be loaded ({ $error }); using the default model

## Teaching: explanations, presets, the tour.

teach-title = Learn
teach-explain-pick = Explain a parameter
teach-pick-none = choose…
teach-close = Close the explanation
teach-try = Try it
    .title = Loads this demo: its prompt, settings and the stage to look at
teach-section-what = What it does
teach-section-formula = Formula
teach-section-range = Range and neutral value
teach-section-apis = In the APIs
teach-section-when = When to use which value
teach-section-notice = What to notice
teach-section-correction = Where the study note differs
teach-missing = This page does not run { $keys } yet, so this demo cannot be loaded.
teach-explain-button = Explain { $name }
teach-presets = Presets from the study note's tuning section (same question and seed):
teach-preset-factual = factual (T 0.2, top-p 0.9)
teach-preset-balanced = balanced (T 0.6, top-p 0.8)
teach-preset-creative = creative (T 1.0, top-p 0.95)
teach-myths = Common misreadings
teach-myth-claim = The note says:
teach-myth-fact = In fact:
teach-myth-demo = Show it
zones-label = the study note's ranges
zone-factual = factual 0–0.3
zone-balanced = balanced 0.4–0.7
zone-creative = creative 0.7–1+
zone-low = low 0–0.5
zone-middle = middle 0.6–0.8
zone-high = high 0.9–1

## Where a truncation stage cuts (the nucleus view), and the chart's sentence about it.

chart-cut-below = cut at rank { $cut }, showing { $shown }
chart-cut-inside = cut at rank { $cut }: the rows after it are removed
chart-biased = bias { $bias }: { $before } → { $after }
bias-hit-prob = p = { $p } here
nucleus-title = Where { $name } cuts, over all { $ranked } tokens it ranks
nucleus-cut = cut at rank { $cut } of { $ranked }: the kept tokens hold { $mass } of the mass before the stage
nucleus-threshold-mass = threshold: the running mass Σp reaches { $p }
nucleus-threshold-prob = threshold: p ≥ min_p × p_max = { $min_p } × { $p_max } = { $threshold }
nucleus-threshold-rank = threshold: the first k = { $k } ranks (ties with the k-th are kept)
nucleus-typical-order = ranked by |−ln p − H|, most typical first (H = { $h } nats)
nucleus-not-prefix = the kept tokens are not exactly the first { $cut } ranks (min_keep or ties)
nucleus-curve-mass = running mass Σp
nucleus-curve-prob = each token's p
nucleus-threshold = threshold
nucleus-cut-line = cut
nucleus-axis = (rank on a log scale)

## Same prompt and seed, two settings.

side-title = Same prompt and seed, two settings
side-hint = Both sides generate up to { $n } tokens from the prompt above with the same seed; only the sampling settings differ.
side-a = Left:
side-b = Right:
side-current = current settings
side-settings = T { $t }, top-p { $p }, seed { $seed }
side-run = Generate both
side-stop = Stop
side-progress = { $done } of { $total } tokens…
side-done = done: { $done } { $done ->
        [one] token
       *[other] tokens
    }
side-stopped = stopped after { $done } { $done ->
        [one] token
       *[other] tokens
    }
side-failed = failed: { $error }
side-repeats = { $count } repeated { $count ->
        [one] token
       *[other] tokens
    } (tokens that already occurred earlier in this text)
