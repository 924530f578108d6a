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

## Stage orders of real engines.

order-hf = Hugging Face transformers
    .note = generate(): logits processors (penalties, bias) then warpers (temperature, top-k, top-p, min-p, typical-p). transformers has no frequency/presence penalty; samplescope runs them with the other penalties.
order-llamacpp = llama.cpp
    .note = common sampler chain: logit-bias, penalties, top-k, typical-p, top-p, min-p, then temperature last, right before the draw.
order-vllm = vLLM
    .note = Sampler: logit bias, penalties, temperature, min-p, then top-k and top-p together. No typical-p.
order-openai = OpenAI-style API
    .note = The chat-completions parameters: logit_bias, frequency/presence penalties, temperature, top_p. No top-k, min-p, typical-p or repetition penalty.

## What is wrong with a value. $key is the parameter, $value what was given.

value-out-of-range = { $key } = { $value } is outside { $min }–{ $max }
value-not-a-number = { $key } = "{ $value }" is not a number
value-not-whole = { $key } = "{ $value }" is not a whole number
value-not-flag = { $key } = "{ $value }" is not true/false
value-token-outside-vocab = { $key }: token { $id } is outside the vocabulary (0–{ $last })
value-not-bias-entry = { $key }: "{ $entry }" is not id:bias

## Request fields that cannot be used. $key is the field.

field-no-messages = messages: add at least one message
field-empty-prompt = prompt: the prompt is empty; type something for the model to continue
field-prompt-fills-context = { $key }: the prompt has { $tokens } tokens; the context holds { $context }, leaving no room to generate
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
order-unknown-stage = unknown stage "{ $stage }"
order-twice = stage "{ $stage }" appears twice

## A parameter's value on its slider.

value-plain = { $value }
value-off = off ({ $value })
value-greedy = { $value } (greedy)

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
