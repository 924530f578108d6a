# The sampler: stage traces, stage orders, parameter values and their problems.

## What each stage card says it did. $name is the stage's name (top-p, temperature…).

trace-kept = { $name } kept { $kept } { $kept ->
        [one] token
       *[other] tokens
    }, { $mass } of the mass before renormalising
trace-off = { $name } is off ({ $why }): nothing changes
trace-why-no-bias = no biases
trace-why-no-completion = nothing generated yet
trace-temperature-greedy = temperature 0 is greedy: only the argmax stays
trace-temperature = temperature T = { $t } { $sharper ->
        [yes] sharpened
       *[no] flattened
    } the distribution: entropy { $before } → { $after } nats
trace-top_k-all = top-k k = { $k } ≥ the { $kept } kept tokens: nothing removed
trace-min_p = min-p kept { $kept } { $kept ->
        [one] token
       *[other] tokens
    } with p ≥ { $min_p } × { $p_max } = { $threshold }, { $mass } of the mass before renormalising
trace-typical_p = typical-p kept { $kept } { $kept ->
        [one] token
       *[other] tokens
    } nearest the entropy H = { $h } nats, { $mass } of the mass before renormalising
trace-logit_bias = logit-bias shifted { $count } { $count ->
        [one] token
       *[other] tokens
    }
trace-repetition_penalty = repetition-penalty θ = { $theta } scaled { $count } { $count ->
        [one] token
       *[other] tokens
    } already in the context
trace-frequency_penalty = frequency-penalty α = { $alpha } { $lowered ->
        [yes] lowered
       *[no] raised
    } { $count } generated { $count ->
        [one] token
       *[other] tokens
    } by count × |α|
trace-presence_penalty = presence-penalty α = { $alpha } { $lowered ->
        [yes] lowered
       *[no] raised
    } { $count } generated { $count ->
        [one] token
       *[other] tokens
    } by |α| once each
trace-nothing-left = { $name } would remove every kept token: nothing removed
trace-why-one-token = only one token kept
trace-top_n_sigma = top-nσ kept { $kept } { $kept ->
        [one] token
       *[other] tokens
    } with l ≥ { $max } − { $n } × σ { $sigma } = { $threshold }, { $mass } of the mass before renormalising
trace-xtc-missed = XTC coin { $coin } > { $probability }: it did not fire this time
trace-xtc-fired = XTC coin { $coin } ≤ { $probability }: removed the { $removed } most likely { $removed ->
        [one] token
       *[other] tokens
    } with p ≥ { $threshold } and kept the least likely of them
trace-xtc-too-few = XTC coin { $coin } ≤ { $probability } fired, but only { $above } { $above ->
        [one] token has
       *[other] tokens have
    } p ≥ { $threshold }: nothing removed
trace-xtc-min-keep = XTC coin { $coin } ≤ { $probability } fired, but removing { $removed } would leave fewer than min_keep = { $min_keep }: nothing removed
trace-dry = DRY lowered { $count } { $count ->
        [one] token
       *[other] tokens
    } that would extend a repeat; the longest repeat is { $longest } tokens{ $untokenised ->
        [yes] {" "}(sequence breakers not tokenised: none applied)
       *[no] {""}
    }
trace-dry-none = DRY found no repeat of { $allowed } or more tokens to extend
trace-why-dry-short = the context is not longer than dry_allowed_length
trace-why-dry-breaker = a sequence breaker ends the context
trace-mirostat-v1 = mirostat v1: μ = { $mu } bits, Zipf exponent ŝ = { $s_hat }, k = { $k }: kept { $kept } { $kept ->
        [one] token
       *[other] tokens
    }; llama.cpp skips { $bypassed } and dynamic temperature while mirostat is on
trace-mirostat-v2 = mirostat v2: μ = { $mu } bits: kept { $kept } { $kept ->
        [one] token
       *[other] tokens
    } with surprise −log₂ p ≤ μ; llama.cpp skips { $bypassed } and dynamic temperature while mirostat is on
trace-temperature-dynamic = dynamic temperature: entropy { $h } of at most ln N = { $ln_n } nats gives T = { $t } (between { $t_min } and { $t_max })
trace-temperature-dynamic-one = dynamic temperature: only one token kept, no temperature applied
trace-epsilon = ε-sampling kept { $kept } { $kept ->
        [one] token
       *[other] tokens
    } with p ≥ ε = { $epsilon }, { $mass } of the mass before renormalising
trace-eta = η-sampling: entropy H = { $h } nats, η = min(ε, √ε·e^−H) = { $eta }: kept { $kept } { $kept ->
        [one] token
       *[other] tokens
    }, { $mass } of the mass before renormalising
trace-no_repeat_ngram_size = no-repeat-ngram banned { $count } { $count ->
        [one] token
       *[other] tokens
    } that would repeat a { $n }-gram of the context
trace-min_tokens = min-tokens: { $generated } of { $min } tokens generated, so the end-of-turn tokens are banned
trace-why-min-tokens-reached = { $min } tokens already generated
trace-why-no-end-of-turn = the vocabulary's end-of-turn tokens are not known
trace-bad_words = bad-words banned { $count } { $count ->
        [one] token
       *[other] tokens
    } that would complete a bad word
trace-why-not-tokenised = the words are not tokenised yet
trace-allowed_token_ids = allowed-token-ids kept { $kept } of the { $allowed } allowed { $allowed ->
        [one] token
       *[other] tokens
    }

## Stage orders of real engines.

order-hf = Hugging Face transformers
    .note = generate(): logits processors (sequence bias, repetition penalty, no-repeat n-gram, min new tokens) then, when sampling, warpers (temperature, top-k, top-p, min-p, typical-p, ε, η). transformers has no frequency/presence penalty; samplescope runs them with the other penalties.
order-llamacpp = llama.cpp
    .note = common sampler chain (--samplers penalties;dry;top_n_sigma;top_k;typ_p;top_p;min_p;xtc;temperature): logit-bias first, then the penalties, DRY, top-nσ, top-k, typical-p, top-p, min-p, XTC, and temperature (with dynamic temperature) last, right before the draw.
order-llamacpp-mirostat = llama.cpp with mirostat
    .note = With mirostat = 1 or 2, llama.cpp runs only logit-bias, plain temperature (no dynamic temperature) and mirostat, which picks the token; the --samplers list, penalties included, is skipped.
order-vllm = vLLM
    .note = Sampler: allowed token ids, bad words, min tokens, logit bias, penalties, temperature, min-p, then top-k and top-p together. No typical-p and no min_keep.
order-openai = OpenAI-style API
    .note = The chat-completions parameters: logit_bias, frequency/presence penalties, temperature, top_p. No top-k, min-p, typical-p or repetition penalty.
order-not-in-engine = not in { $engine }
order-llama-not-in-engine = { $stage } is not a llama.cpp sampler
order-llama-bias-not-first = llama.cpp applies logit-bias first, before { $stage }
order-llama-penalties-apart = llama.cpp applies the repetition, frequency and presence penalties together, in that order

## What is wrong with a value. $key is the parameter, $value what was given.

value-out-of-range = { $key } = { $value } is outside { $min }–{ $max }
value-not-a-number = { $key } = "{ $value }" is not a number
value-not-whole = { $key } = "{ $value }" is not a whole number
value-not-flag = { $key } = "{ $value }" is not true/false
value-token-outside-vocab = { $key }: token { $id } is outside the vocabulary (0–{ $last })
value-not-bias-entry = { $key }: "{ $entry }" is not id:bias
value-not-a-string-list = { $key } = { $value } is not a JSON list of strings
value-empty-string = { $key }: an empty string is not allowed
value-string-too-long = { $key }: "{ $value }" is longer than { $max } bytes
value-too-many-items = { $key }: more than { $max } entries
value-not-a-token-id = { $key }: "{ $entry }" is not a token id
value-duplicate-token = { $key }: token { $id } is given more than once; using the last bias given for it

## Request fields that cannot be used. $key is the field.

field-no-messages = messages: add at least one message
field-empty-prompt = prompt: the prompt is empty; type something for the model to continue
field-prompt-fills-context = { $key }: the prompt has { $tokens } tokens; the context holds { $context }, leaving no room to generate
field-prompt-overlong = { $key }: { $problem }
field-range = { $key } = { $value } must be between { $min } and { $max }
field-best-of-below-n = best_of = { $value } must be between n = { $n } and { $max }
field-best-of-stream = best_of > n cannot stream: the best choices are only known once all candidates finish
field-needs-logprobs = top_logprobs needs logprobs = true
field-too-many-stops = { $given } stop strings given; at most { $max }
field-empty-stop = stop strings cannot be empty
field-not-whole = { $key }: "{ $raw }" is not a whole number

## Notes on values in a link that had to change. $problem is one of the value- messages above.

note-using-default = { $problem }; using the default { $used }
note-clamped = { $problem }; using { $used }
note-clamped-entry = { $problem }; clamped into it
note-ignored = { $problem }; ignored
note-not-a-choice = { $key } = "{ $value }" is not one of { $choices }; ignored
note-stage-not-in-order = stage = { $stage } is not in the order; showing the final distribution
note-bad-messages = messages is not a JSON list of {"{"}role, content{"}"} ({ $error }); using the default
note-bad-order = { $key }: { $problem }; using the Hugging Face order
note-bad-compare = { $key }: { $problem }; comparison off
note-bad-model = model = "{ $value }" is not a model name; using the default
note-bad-completion = completion is not a list of token ids; dropped
note-unknown-key = unknown parameter { $key }: ignored
note-unknown-key-suggest = unknown parameter { $key } (did you mean { $suggestion }?)
note-duplicate-key = { $key } appears { $count } times in the link; using the last one, { $value }
order-unknown-stage = unknown stage "{ $stage }"
order-twice = stage "{ $stage }" appears twice

## A parameter's value on its slider.

value-plain = { $value }
value-off = off ({ $value })
value-greedy = { $value } (greedy)
value-whole-context = { $value } (whole context)
value-mirostat-v1 = { $value } (v1)
value-mirostat-v2 = { $value } (v2)

## Each parameter's accessible name (what a screen reader says for its control) and one line of help.

param-logit_bias = logit bias
    .hint = add b to a token's logit: −100 practically bans it, +100 practically forces it
param-repetition_penalty = repetition penalty θ
    .hint = 1 = off; > 1 penalises tokens already in the prompt or completion
param-frequency_penalty = frequency penalty α_freq
    .hint = counts only sampled tokens (cⱼ), not the prompt; negative values encourage repeats
param-presence_penalty = presence penalty α_pres
    .hint = once per token present in the completion, however often
param-temperature = temperature T
    .hint = below 1 sharpens, above 1 flattens; 0 keeps only the most probable token
param-top_k = top-k: tokens kept k
    .hint = keep the k most probable tokens; 0 = off
param-top_p = top-p threshold p
    .hint = keep the fewest most probable tokens whose probabilities add up to p; 1 = off
param-min_p = min-p ratio
    .hint = keep tokens at least min_p times as probable as the top one; 0 = off
param-typical_p = typical-p mass p
    .hint = keep the tokens whose surprise is closest to the average, up to mass p; 1 = off
param-do_sample = do_sample
    .hint = off: always take the most probable token (greedy), whatever the stages kept
param-top_n_sigma = top-nσ: σ multiple n
    .hint = keep the tokens whose logit is within n standard deviations of the largest; 0 = off
param-xtc_probability = XTC probability
    .hint = how often XTC removes the most likely tokens at a position; 0 = off
param-xtc_threshold = XTC threshold
    .hint = tokens at least this probable are top choices; all but the least likely of them are removed; above 0.5 = off
param-dry_multiplier = DRY multiplier
    .hint = how hard a token that would extend a repeat is pushed down; 0 = off
param-dry_base = DRY base
    .hint = the penalty grows by this factor for every token the repeat is longer than allowed
param-dry_allowed_length = DRY allowed length
    .hint = repeats of up to this many tokens go unpunished
param-dry_penalty_last_n = DRY window: last n tokens
    .hint = how far back DRY looks for repeats; −1 = the whole context, 0 = off
param-dry_sequence_breakers = DRY sequence breakers
    .hint = strings that end a repeat (a JSON list, such as ["\n", ":"]); no repeat runs across one
param-mirostat = mirostat version
    .hint = 1 or 2 truncates with a feedback loop that steers the surprise towards τ; 0 = off
param-mirostat_tau = mirostat target surprise τ (bits)
    .hint = the average surprise −log₂ p that mirostat aims at; μ starts at 2τ
param-mirostat_eta = mirostat learning rate η
    .hint = how fast μ follows the surprise of each chosen token
param-dynatemp_range = dynamic temperature range Δ
    .hint = T moves between T − Δ and T + Δ with the entropy; 0 = plain temperature
param-dynatemp_exponent = dynamic temperature exponent
    .hint = how T follows the normalised entropy: (H / ln N) to this power
param-epsilon_cutoff = ε-sampling cutoff ε
    .hint = drop the tokens less probable than ε; 0 = off
param-eta_cutoff = η-sampling cutoff ε
    .hint = drop the tokens less probable than min(ε, √ε·e^−H), a cutoff that relaxes as the entropy grows; 0 = off
param-min_keep = min_keep
    .hint = the fewest tokens top-p, min-p, typical-p, XTC, ε and η may leave
param-no_repeat_ngram_size = no-repeat n-gram size
    .hint = ban every token that would repeat an n-gram already in the prompt or completion; 0 = off
param-min_tokens = minimum completion tokens
    .hint = the end-of-turn tokens are banned until this many tokens are generated; 0 = off
param-bad_words = bad words
    .hint = strings the completion may not produce (a JSON list); each is blocked at its last token
param-allowed_token_ids = allowed token ids
    .hint = only these token ids may be drawn (comma-separated); empty = all
