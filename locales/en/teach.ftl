# samplescope teaching content, English.
# ko.ftl has exactly the same message ids and attributes.
# Every value stays on one line. Literal braces are written as { "{" } and { "}" }.
# Numbers quoted for the demos were measured with the numpy f32 reference of the model
# (models/reference.py); the page's 4-bit kernels agree to within about 1e-7 nats.

## Guided tour: interface strings

tour-title = Guided tour: how each parameter reshapes the next token
tour-prev = Previous
tour-next = Next
tour-close = Close the tour
tour-start = Start the tour
tour-progress = Chapter { $n } of { $total }

## Byte tokens

bytes-note = SmolLM2's tokenizer is byte-level BPE trained mostly on English text. Every text is first turned into UTF-8 bytes, and a Korean syllable takes 3 bytes. The vocabulary has few merges for Korean, so a syllable usually becomes 2 or 3 tokens that are only pieces of a character, shown here as byte pieces such as <0xEC>. "서울" is 2 syllables but 6 tokens; "한국의 수도는 서울입니다." is 30 tokens, while "The capital of Korea is Seoul." is 7. A Korean prompt therefore fills the context faster, every step predicts a fragment of a character, and the model saw little Korean in training, so it understands and writes Korean poorly. Use English prompts with this model; a model whose tokenizer was trained on much Korean text needs far fewer tokens for the same sentence.
bytes-count = { $bytes } of { $total } tokens are byte pieces

## Parameter explanations

explain-temperature = Temperature
    .what = Temperature sharpens or flattens the next-token distribution before the draw. Low values make the likely tokens even likelier (predictable text); high values give unlikely tokens more chance (varied, riskier text).
    .formula = l′ᵢ = lᵢ / T for every logit, then softmax; equivalently p′ᵢ ∝ pᵢ^(1/T). T < 1 sharpens, T > 1 flattens, T = 1 changes nothing, and T = 0 is greedy: only the argmax stays.
    .range = This page: 0 to 2, neutral 1; chat mode starts from SmolLM2-Instruct's own recommendation, 0.2. OpenAI API: 0 to 2, default 1, and 0 means greedy.
    .apis = OpenAI: 0 to 2, 0 is greedy; reasoning models (the o-series, GPT-5 reasoning models) reject or ignore a non-default temperature. Hugging Face transformers: must be strictly positive because it divides by T (greedy is do_sample=False instead); default 1.0, used only when sampling. llama.cpp: server default 0.8, a temperature of 0 or less takes the most likely token, and its default sampler chain applies temperature last, after top-k, top-p and min-p. vLLM: default 1.0, 0 means greedy.
    .when = Factual answers, extraction, code: 0 to 0.3. Balanced conversation: 0.4 to 0.7. Creative writing and brainstorming: 0.7 to 1.0, sometimes a little more; above 1 the text soon becomes less coherent, and with a model this small it happens early.
    .notice = Drag temperature down on "My favourite colour is": the top bar ␣blue grows from about 11% (T = 1) to about 37% (T = 0.5) and 68% (T = 0.2), and the "all others" bar shrinks. Drag it above 1 and the bars level out. The card's trace line shows the entropy before and after.

explain-top_k = Top-k
    .what = Top-k keeps only the k most probable tokens and removes all the others before the draw. The kept tokens are renormalised so that they again add up to 1.
    .formula = Keep token i if lᵢ ≥ l₍ₖ₎, the k-th largest logit (tokens tied with the k-th are kept too), then pᵢ = exp(lᵢ) / Σ over kept j of exp(lⱼ). k = 0 is off.
    .range = This page: 0 to 100, 0 = off. OpenAI API: there is no top_k parameter.
    .apis = OpenAI: not available. Hugging Face transformers: top_k defaults to 50 in GenerationConfig (0 turns it off) and applies only when do_sample=True. llama.cpp: server default 40, 0 turns it off. vLLM: default −1, which means all tokens.
    .when = k is a blunt tool: it keeps the same number of tokens whether the model is sure or unsure. k = 1 is greedy. 20 to 100 is typical as a safety net against very unlikely tokens, often together with top_p.
    .notice = Set top_k to 5 on "My favourite colour is": five bars stay coloured, the rest turn pale, and the five kept bars grow because they are renormalised. On "The capital of France is" the same k = 5 keeps four unlikely tokens next to ␣Paris: the count does not adapt.

explain-top_p = Top-p (nucleus sampling)
    .what = Top-p keeps the smallest set of most probable tokens whose probabilities add up to at least p, and removes the rest. The set grows when the model is unsure and shrinks when it is sure, so it adapts better than top-k.
    .formula = Sort the tokens so that p₍₁₎ ≥ p₍₂₎ ≥ …; keep the first m, with m as small as possible (at least 1) such that p₍₁₎ + … + p₍ₘ₎ ≥ p; renormalise. p = 1 keeps all 49,152 tokens; p = 0 keeps only the most probable one.
    .range = This page: 0 to 1, neutral 1; chat mode starts from SmolLM2-Instruct's own recommendation, 0.9. OpenAI API: 0 to 1, default 1.
    .apis = OpenAI: 0 to 1, default 1; its reference recommends changing temperature or top_p but not both. Hugging Face transformers: default 1.0. llama.cpp: server default 0.95. vLLM: default 1.0, allowed range greater than 0 up to 1.
    .when = Low (0 to 0.5): few candidates, stable and repeatable text. Middle (0.6 to 0.8): a balance of variety and consistency. High (0.9 to 1.0): many candidates and the most varied text; 1 is no filter at all. 0.9 to 0.95 is a common choice for chat.
    .notice = On "My favourite colour is", lower top_p from 1 to 0.5: the card reports about 15 tokens kept out of 49,152, and the "all others" bar disappears. Lowering p can only remove tokens, never add any.
    .correction = The study note says top-p produces more diverse output than sampling the whole vocabulary, and that 0.9 lowers accuracy while raising diversity. In fact top-p only ever removes tokens: sampling the whole vocabulary (top_p = 1) is the most diverse setting, and every lower value is more conservative, so 0.9 is slightly less diverse than 1, not more. The note's example is right: if "word1" has 40%, top_p 0.30 keeps only word1. In the note's code, top_p=0.8 does not mean "80% diversity": it keeps the tokens that make up the top 80% of the probability mass.

explain-frequency_penalty = Frequency penalty
    .what = Frequency penalty discourages repetition: each time a token has already appeared in the completion, its logit is lowered a little more. Negative values do the opposite and encourage repetition.
    .formula = l′ⱼ = lⱼ − cⱼ · α, where cⱼ is how many times token j occurs in the completion so far (the prompt is not counted, as in the OpenAI API) and α is frequency_penalty. A token used 3 times loses 3α.
    .range = This page: −2 to 2, neutral 0. OpenAI API: −2.0 to 2.0, default 0.
    .apis = OpenAI: −2 to 2 over the completion; its guide suggests about 0.1 to 1 to reduce repetition somewhat, and up to 2 to suppress it strongly at a visible cost in quality. Hugging Face transformers: no frequency_penalty (it has repetition_penalty instead). llama.cpp: frequency_penalty, default 0, over the last repeat_last_n tokens. vLLM: frequency_penalty over the generated text.
    .when = 0 for factual or short answers. 0.1 to 1 when a long answer starts repeating words or lines. Above 1 the model starts avoiding words it needs (names, "the", punctuation) and the text turns odd. Negative values are for experiments.
    .notice = In the demo the completion already says ␣apple three times, and ␣apple has about 79%. frequency_penalty = 1 subtracts 3 (count × α) from its logit and it falls to about 16%; at 2 it drops out of the top bars. Then press Generate with the same seed and compare the text with frequency_penalty = 0.
    .correction = The study note says frequency penalty "encourages token use" while presence penalty suppresses it, and suggests it for making rare words appear more often in translation. In fact both penalties discourage repetition. A positive frequency_penalty lowers a token's logit by its count times α, so often-used tokens become less likely; only a negative value encourages repetition. The note's bullet points (it reduces repetition; too high a value hurts fluency) are right.

explain-presence_penalty = Presence penalty
    .what = Presence penalty lowers, once, the logit of every token that has already appeared in the completion, however often it appeared. It nudges the model toward tokens, and topics, it has not used yet.
    .formula = l′ⱼ = lⱼ − 1[cⱼ > 0] · α: α is subtracted once if token j occurs at least once in the completion (the prompt is not counted). Frequency penalty instead subtracts cⱼ · α, once per occurrence.
    .range = This page: −2 to 2, neutral 0. OpenAI API: −2.0 to 2.0, default 0.
    .apis = OpenAI: −2 to 2 over the completion. Hugging Face transformers: none (repetition_penalty is its closest tool). llama.cpp: presence_penalty, default 0, over the last repeat_last_n tokens. vLLM: presence_penalty over the generated text.
    .when = 0 by default. 0.1 to 1 to push a long answer toward new words and topics. Prefer frequency_penalty when one word is repeated many times, and presence_penalty when the answer keeps circling the same few words.
    .notice = In the same demo, presence_penalty = 1 subtracts only 1 from ␣apple although it appeared three times: it falls from about 79% to about 58%. Switch to frequency_penalty = 1: it loses 3 and falls to about 16%. With do_sample off, Generate keeps repeating "apple," under presence_penalty = 1 but leaves the loop under frequency_penalty = 1: a fixed offset does not grow with the habit, a per-occurrence one does.
    .correction = The study note says presence penalty suppresses token use while frequency penalty encourages it. In fact both suppress repetition; they differ only in how they count: presence subtracts α once for any token already present (cⱼ > 0), frequency subtracts α for each occurrence. Presence penalty also does not keep the model from producing irrelevant text (it rather pushes toward new topics), and it is not limited to recently used words: any token anywhere in the completion counts.

explain-max_tokens = Max tokens
    .what = max_tokens is the largest number of tokens the model may generate for one completion. Generation stops there, even in the middle of a sentence, with finish_reason "length".
    .formula = Generate until the first of: a stop string, the end-of-turn token (<|im_end|> here), or max_tokens completion tokens (finish_reason = length). Separately, prompt tokens plus completion tokens must fit in the model's context window, a fixed property of the model.
    .range = This page: 1 to 512, default 64; the context here holds 2,048 tokens (SmolLM2 was trained on 8,192). OpenAI API: optional; the upper limit depends on the model.
    .apis = OpenAI: in Chat Completions max_tokens is deprecated in favour of max_completion_tokens, which reasoning models require (it also counts their hidden reasoning tokens); the legacy Completions API defaults to 16. Hugging Face transformers: max_new_tokens (max_length counts the prompt too). llama.cpp: n_predict in its native /completion endpoint, −1 = no limit. vLLM: max_tokens, default 16.
    .when = A label or a single word: 1 to 20. Chat answers: a few hundred. Treat it as a safety limit, not a length target: to get shorter answers, ask for them in the prompt, because a low max_tokens just cuts the text off.
    .notice = In the API tab, with max_tokens = 5 the choice ends after five tokens with finish_reason "length"; usage shows completion_tokens = 5 while prompt_tokens does not change.
    .correction = The study note says max_tokens is set by the model's architecture, is the most tokens the model can process at once, and covers the prompt and the completion. That describes the context window, a separate and fixed limit of the model. max_tokens is a request parameter that caps only the completion. Cost and time grow with the tokens actually generated, not with the cap, and a small cap does not cause errors or inconsistencies: it truncates the answer.

explain-stop = Stop sequences
    .what = stop lists strings that end the generation as soon as the text produces one of them. The stop string itself is not returned.
    .formula = After each token, check whether the completion text now contains one of the stop strings (even one split across tokens). If so, cut the text just before it and finish with finish_reason "stop". The OpenAI API takes up to 4 strings.
    .range = This page: up to 4 non-empty strings, none by default; the end-of-turn token <|im_end|> always ends a chat turn. OpenAI API: a string or a list of up to 4 strings, default null.
    .apis = OpenAI: up to 4 sequences, not included in the returned text. Hugging Face transformers: stop_strings in generate() (the tokenizer must be passed too), or eos_token_id for token ids. llama.cpp: stop, a JSON array of strings that are not included in the completion. vLLM: stop (a string or a list) and stop_token_ids; include_stop_str_in_output is false by default.
    .when = Use \n to stop after one line, \n\n after one paragraph, or a marker that your prompt format uses (such as "Q:" or "###"). The value is always the text itself, never a count.
    .notice = The demo asks for three fruits, one per line, with stop "3.": the model writes "1. Banana", "2. Apple" and then "3." appears, split over two tokens; the response marks where the stop string cut the text, and "3." is not in the returned text. Remove the stop string and replay to see the full list.
    .correction = The study note says a stop sequence set to 2 limits the output to a paragraph and 1 to a sentence. stop is not a number: it is a list of up to 4 strings, and generation ends just before the first of them that appears. To stop after a paragraph use "\n\n" (which is what the note's own code does: a blank line, not every line break); to stop after a line use "\n".

explain-best_of = best_of
    .what = best_of generates several complete candidates on the server and returns only the best n of them, ranked by their average token log probability.
    .formula = Generate best_of candidates independently; score each by its mean token log probability, (1/L) · Σ ln p(tokenₜ) over its L tokens; return the n highest (best_of ≥ n). The discarded candidates still cost tokens.
    .range = This page: from n to 8, unset by default (= n); with best_of > n the request cannot stream. OpenAI API: only in the legacy Completions endpoint, default 1, must be greater than n when used with n, and cannot be streamed.
    .apis = OpenAI: legacy Completions only (Chat Completions has no best_of). vLLM: best_of ≥ n in its SamplingParams; in older versions, with use_beam_search=True it was the beam width. Hugging Face transformers: no best_of; num_return_sequences returns several samples and num_beams runs beam search.
    .when = Rarely worth it: it multiplies the cost by best_of. It can help short, well-defined outputs where the most confident candidate is likely right; for creative text the most probable candidate is often the plainest one.
    .notice = In the API tab with best_of = 4 and n = 1, four candidates are generated: the returned one is shown normally, the three discarded ones are greyed out with their mean log probability scores.
    .correction = The study note mixes two systems. In the OpenAI API best_of is a server-side ranking: generate best_of candidates and return the n with the highest mean token log probability; it exists only in the legacy Completions API and cannot be streamed. "Treated as the beam width when use_beam_search is True" comes from vLLM's old SamplingParams, another engine and another algorithm (beam search).

explain-logprobs = Log probabilities
    .what = logprobs asks the API to return, for every generated token, the natural logarithm of its probability. The values are 0 or below: near 0 means the model was confident, large negative values mean it was unsure.
    .formula = logprob = ln p(token | context). p = 1 gives 0, p = 0.5 gives −0.69, p = 0.1 gives −2.30, p = 0.01 gives −4.61. Back to a probability: p = e^logprob.
    .range = This page: true or false, on by default in the API tab. OpenAI Chat Completions: a boolean, default false.
    .apis = OpenAI: Chat Completions takes logprobs: true (and top_logprobs for alternatives); the legacy Completions API took an integer from 0 to 5 instead. Hugging Face transformers: output_scores=True or output_logits=True with return_dict_in_generate=True, then compute_transition_scores. llama.cpp: n_probs. vLLM: logprobs is an integer, the number of alternatives per token.
    .when = Turn it on to measure confidence, to find the uncertain spots in an answer, or to classify by the probability of a label token. It never changes which tokens are generated.
    .notice = In the API tab each token is coloured by its probability. In the response each token carries two numbers: logprob, after the sampling stages, and raw_logprob, under the model's own softmax; they differ when temperature or a filter reshaped the distribution.

explain-top_logprobs = Top log probabilities
    .what = top_logprobs says how many of the most likely alternative tokens to return at each position, each with its log probability. It needs logprobs: true.
    .formula = At each generated position, list the top_logprobs most probable tokens, best first, each with ln p; the token actually chosen is reported as well, even when it is not among them.
    .range = This page: 0 to 20, default 5 in the API tab, and it needs logprobs = true. OpenAI API: 0 to 20, needs logprobs: true.
    .apis = OpenAI: 0 to 20 in Chat Completions. Hugging Face transformers: take the top entries of the returned scores yourself. llama.cpp: n_probs. vLLM: its integer logprobs plays this role.
    .when = 3 to 5 is enough to see what the model hesitated between; up to 20 for analysis.
    .notice = Open a token in the API response: the popover lists the alternatives with their probabilities. Click one to continue the generation from it and see how the rest of the text changes.
    .correction = The study note gives top_logprobs as an integer from 0 to 5. That limit is from older documentation (and from the legacy Completions API's integer logprobs); the current Chat Completions reference allows 0 to 20.

explain-do_sample = do_sample
    .what = do_sample chooses between drawing the next token at random from the distribution (true) and always taking the most probable token (false, greedy decoding). It is a Hugging Face transformers parameter.
    .formula = do_sample = false: next token = argmax of what the stages leave; the random number is not used. do_sample = true: draw u ~ U[0, 1) and take the first token, most probable first, at which the cumulative probability exceeds u.
    .range = This page: true or false, default true. OpenAI API: no such parameter; temperature 0 plays that role.
    .apis = Hugging Face transformers: default False in GenerationConfig, so generate() is greedy unless do_sample=True is set or the model's generation_config.json sets it; temperature, top_k and top_p apply only when sampling. OpenAI: none, use temperature 0. llama.cpp and vLLM: none; a temperature of 0 (0 or less in llama.cpp) is greedy.
    .when = false for repeatable outputs (tests, extraction, short factual answers); note that greedy decoding of a small model easily falls into loops. true for conversation and creative text, together with temperature and top_p.
    .notice = Switch do_sample off: the highlighted token is always the tallest bar, whatever the seed. The stage cards still show their effects, but only the argmax matters.
    .correction = The study note lists do_sample among the chat-completions request parameters. It belongs to Hugging Face transformers' generate(); the OpenAI API has no do_sample (greedy there is temperature 0). The note's description of true and false is right.

explain-messages = Messages
    .what = messages is the conversation sent to a chat model: a list of turns, each with a role (system, user, assistant) and a content. The server turns it into one text with the model's chat template, and the model continues that text as the assistant.
    .formula = SmolLM2 uses ChatML: each turn becomes <|im_start|>, the role, a line break, the content and <|im_end|>; then <|im_start|>assistant and a line break are appended and the model writes from there. If the first message is not a system message, the template inserts SmolLM2's default system prompt.
    .range = This page: at least one message, roles system, user and assistant; the rendered prompt must leave room in the 2,048-token context. OpenAI API: required for Chat Completions.
    .apis = OpenAI: roles system (developer for newer models), user, assistant and tool; the server applies a template you never see. Hugging Face transformers: tokenizer.apply_chat_template(messages, add_generation_prompt=True) renders the model's own template. llama.cpp and vLLM: their OpenAI-compatible chat endpoints apply the model's template.
    .when = Put lasting instructions in a system message, the task in a user message, and optionally earlier assistant turns as examples. With a 135M model keep it short, and in English.
    .notice = Switch the prompt to chat mode: the rendered prompt shows the special tokens <|im_start|> and <|im_end|> marked, and the first-token distribution after "assistant" looks nothing like the raw prompt's (for "What is the capital of France?" the answer starts with The, L or La).

explain-logit_bias = Logit bias
    .what = logit_bias adds a fixed number to the logits of chosen token ids, making them more or less likely at every step. −100 practically bans a token, +100 practically forces it.
    .formula = l′ⱼ = lⱼ + bⱼ for each listed token id j, with bⱼ from −100 to 100; other tokens are unchanged. A bias b multiplies the token's odds by eᵇ: +1 is about ×2.7, −1 about ×0.37, −100 about ×4·10⁻⁴⁴.
    .range = This page: a list of id:bias pairs with bias from −100 to 100, empty by default (7042:-100 bans ␣Paris). OpenAI API: a map from token id to a bias from −100 to 100, default null.
    .apis = OpenAI: keys are token ids of the model's own tokenizer. Hugging Face transformers: sequence_bias (biases for token sequences) and bad_words_ids (bans). llama.cpp: logit_bias as [id, bias] pairs, where a bias of false bans the token, and strings may replace ids.
    .when = Small values (±1 to ±5) to nudge, −100 to ban a word, +100 only to force a label in classification. A word can be several tokens, and the same word with and without a leading space are different tokens: check the ids.
    .notice = With 7042:-100 on "The capital of France is", the ␣Paris bar (77%) collapses and the others grow to fill the space: ␣the becomes the favourite at about 28%, ␣London follows at about 5%.

explain-n = n (number of choices)
    .what = n is the number of independent completions, called choices, generated for one request.
    .formula = Each choice gets its own random stream and is sampled independently with the same settings; the response holds choices 0 to n − 1. The cost is the sum of all choices' tokens.
    .range = This page: 1 to 8, default 1; each choice's stream is derived from the seed. OpenAI API: default 1.
    .apis = OpenAI: n choices, all generated tokens billed. Hugging Face transformers: num_return_sequences. vLLM: n.
    .when = 1 for normal use. 2 to 5 to compare variants side by side, to let a user pick, or to check how stable an answer is: if all choices agree, the model is confident.
    .notice = In the API tab with n = 3, three choices appear side by side from the same prompt. With temperature 0 they are identical; raise the temperature and they part ways.

explain-response_format = Response format
    .what = response_format fixes the shape of the answer: plain text, any valid JSON (JSON mode), or JSON that matches a schema you give (Structured Outputs).
    .formula = Constrained decoding: at every step, every token that would make the output break the format is masked (its probability set to 0) before the draw, so the text can only grow in ways that stay valid. On this page the mask is shown as a stage.
    .range = { "{" }"type": "text"{ "}" } is the default; { "{" }"type": "json_object"{ "}" } is JSON mode; { "{" }"type": "json_schema", "json_schema": …{ "}" } is Structured Outputs.
    .apis = OpenAI: all three; with JSON mode you must also ask for JSON in a message, or the model may emit whitespace until the token limit. llama.cpp: the grammar (GBNF) and json_schema request fields constrain sampling. vLLM: structured outputs through guided decoding. Hugging Face transformers: no response_format in generate(); prefix_allowed_tokens_fn or external libraries restrict the tokens.
    .when = Use a JSON schema whenever a program reads the answer, and keep the schema small. The grammar guarantees the form, not good content: SmolLM2-135M was not trained for JSON, so expect valid but often silly values.
    .notice = With JSON mode on, select the grammar stage in the Next token view: almost all 49,152 tokens turn pale and only those that keep the JSON valid stay (at the start, tokens that begin an object); the draw can only pick among them.

explain-seed = Seed
    .what = seed fixes the random numbers used for sampling, so a request can be replayed exactly. It does not change the distribution, only which token is drawn from it.
    .formula = On this page: u ~ U[0, 1) from ChaCha8(seed), one number per step; the drawn token is where the cumulative probability, most probable first, passes u. The same model file, settings and seed give the same tokens, in the browser and natively.
    .range = This page: any whole number ≥ 0, always written into the link. OpenAI API: an integer, optional, in beta.
    .apis = OpenAI: best effort only, determinism is not guaranteed; compare system_fingerprint between responses to see backend changes. Hugging Face transformers: no seed argument in generate(); call transformers.set_seed (or torch.manual_seed) before it. llama.cpp: seed, default −1 = random. vLLM: a per-request seed.
    .when = Fix the seed for tests, demos, debugging and comparisons of settings (change one setting, keep the seed). Leave it random in production when users should get varied answers.
    .notice = Press "Sample next token" with the same seed twice: the same token is highlighted. Change the seed: a new u, possibly another token, but the bars do not move, because the seed only affects the draw.
    .correction = The study note first says the seed "guarantees" deterministic sampling and then that determinism is not guaranteed. The second statement is the right one for hosted APIs: OpenAI calls seed a beta, best-effort feature and tells you to watch system_fingerprint. On this page the seed is exact: the same model file, settings and seed always give the same tokens.

explain-system_fingerprint = System fingerprint
    .what = system_fingerprint is a response field that identifies the backend configuration that served the request. When it changes, identical requests with the same seed may give different outputs.
    .formula = An opaque string chosen by the server (OpenAI's look like fp_44709d6fcb). On this page: fp_ and 10 hexadecimal digits of a SHA-256 over the model file's hash, the engine build and the stage order.
    .range = A string in the response, not a request parameter: there is nothing to set.
    .apis = OpenAI: returned with Chat Completions responses, meant to be read together with seed. With a local engine (transformers, llama.cpp, vLLM) you control the backend yourself: pinning the model file and the software version plays the same role.
    .when = Log it next to the seed whenever you need reproducibility; if it changes, expect differences and re-check your results.
    .notice = In the API tab, note the fingerprint, then switch the stage order (for example to llama.cpp): the fingerprint changes, and the same seed may now give a different text.

explain-stream = Streaming
    .what = stream: true sends the answer piece by piece while it is generated, instead of one response at the end.
    .formula = Server-sent events: a series of lines data: { "{" }…{ "}" }, each carrying a chunk whose delta holds a little new text, then a chunk with finish_reason, then the line data: [DONE].
    .range = This page: true or false, default true (not together with best_of > n). OpenAI API: default false.
    .apis = OpenAI: chunks of type chat.completion.chunk; stream_options with include_usage adds a final chunk with the usage. Hugging Face transformers: a TextStreamer or TextIteratorStreamer passed to generate(). llama.cpp and vLLM: stream: true in their servers, also as server-sent events.
    .when = Use it in chat interfaces so that users see text at once. Without it the code is simpler and the response arrives whole, which best_of needs.
    .notice = In the API tab the event log fills with data: lines as the text grows. Text is held back while it could still turn into a stop string, or while it is half a character (a Korean syllable split into byte tokens, for example).

explain-tools = Tools
    .what = tools lists functions the model may call. Each has a name, a description and a JSON Schema for its arguments; instead of text, the model can answer with a tool call (a function name and JSON arguments) that your code then runs.
    .formula = Each tool has type function and function.name, function.description and function.parameters (a JSON Schema). The definitions go into the prompt; the model answers with tool_calls; you run the function and send the result back in a message with role tool; then the model writes the final answer.
    .range = OpenAI API: a list of tool definitions, none by default. This page: the same shape; the form of the call is enforced by the grammar mask.
    .apis = OpenAI: function tools, arguments as JSON; with strict: true the arguments follow the schema exactly. Hugging Face transformers: apply_chat_template(messages, tools=…) renders the definitions for models whose template supports tools. vLLM: its OpenAI-compatible server parses tool calls with a model-specific parser.
    .when = Use tools when the model needs live data or actions (weather, a database, a calculator). Keep the list short and the descriptions clear. SmolLM2-135M was not trained for tool use: the grammar guarantees the form of a call, not that the right tool or sensible arguments are chosen.
    .notice = With a tool defined, select the grammar stage in the Next token view: at the start only tokens that can begin a valid call stay coloured. Then read the arguments the model fills in and judge them yourself.

explain-tool_choice = Tool choice
    .what = tool_choice controls whether the model may, must, or must not call a tool.
    .formula = none: never call a tool, write a message. auto: the model chooses between a message and tool calls. required: it must call at least one tool. { "{" }"type": "function", "function": { "{" }"name": "my_function"{ "}" }{ "}" }: it must call that function.
    .range = Default: none when no tools are given, auto when tools are present.
    .apis = OpenAI: the four forms above. Hugging Face transformers: generate() has no tool_choice; the prompt and your own parsing decide.
    .when = auto for assistants; required or a named function when your program needs structured arguments every time (extraction); none to get a plain answer even though tools are defined.
    .notice = Switch between auto, required and a named function: with required or a name, the mask leaves no room for plain text, so the very first tokens must start the call.
    .correction = The study note reads "none when there are no functions, auto when there are". Those are the defaults, not rules for when to use each: you may send none with tools defined to get a plain answer. The note also leaves out required (the model must call some tool).

explain-user = User identifier
    .what = user is an identifier for your end user (for example a hashed account id) that helps the provider monitor and detect abuse. It never changes the output.
    .formula = Metadata that travels with the request; it is not part of the prompt's tokens and not read by any sampling stage.
    .range = A string, optional. This page: copied into the request body only.
    .apis = OpenAI: user, now superseded by safety_identifier, which serves the same purpose; send a hash, not a name or an e-mail address.
    .when = Set it in applications with many users, as a stable hashed id; never put personal data in it.
    .notice = Type a user id in the API tab and replay with the same seed: the request body gains a user field, and the text stays exactly the same.

explain-min_p = Min-p
    .what = Min-p keeps the tokens whose probability is at least min_p times that of the most likely token. The cut-off follows the model's confidence: strict when one token dominates, lenient when many are plausible.
    .formula = Keep i if pᵢ ≥ min_p · p_max (equivalently lᵢ ≥ l_max + ln min_p), then renormalise. 0 is off; 1 keeps only the argmax and its ties.
    .range = This page: 0 to 1, 0 = off. OpenAI API: not available.
    .apis = OpenAI: none. Hugging Face transformers: min_p (off unless set). llama.cpp: server default 0.05. vLLM: min_p, default 0.
    .when = 0.05 to 0.1 is typical. Its authors propose it for higher temperatures, because it still cuts the nonsense tail. The order matters: min-p after temperature sees the flattened distribution.
    .notice = Set min_p = 0.1 and compare two prompts: on "The capital of France is" only ␣Paris stays (nothing else reaches 10% of its 77%), on "My favourite colour is" about 15 tokens stay.

explain-typical_p = Typical-p
    .what = Typical-p (locally typical sampling) keeps the tokens whose surprise is closest to the average surprise of the distribution, until their probabilities add up to p. It can remove the most probable token when that token is far more predictable than average.
    .formula = Entropy H = −Σ pⱼ ln pⱼ; score each token by |−ln pᵢ − H|; sort by increasing score and keep the fewest tokens whose probabilities add up to at least p (ties with the last kept score stay). 1 is off.
    .range = This page: 0 to 1, 1 = off. OpenAI API: not available.
    .apis = OpenAI: none. Hugging Face transformers: typical_p, default 1.0. llama.cpp: typical_p, default 1.0 (off). vLLM: no typical-p.
    .when = Mostly for experiments and creative text, with values from about 0.2 to 0.95. For factual answers leave it at 1.
    .notice = On "The best thing about summer is" set typical_p = 0.5: the most likely token, ␣the at 22%, turns pale, and about 40 middle-probability tokens remain. The card shows H and how many tokens were kept.

explain-repetition_penalty = Repetition penalty
    .what = Repetition penalty (from the CTRL paper, used by Hugging Face) makes every token that already appears in the prompt or the completion less likely, by scaling its logit.
    .formula = For each token j that occurs in the prompt or the completion (counted once, however often): l′ⱼ = lⱼ / θ if lⱼ > 0, else lⱼ · θ. θ > 1 penalises, θ < 1 rewards repetition, θ = 1 is off.
    .range = This page: 0.01 to 10, neutral 1. OpenAI API: not available (it has frequency_penalty and presence_penalty).
    .apis = OpenAI: none. Hugging Face transformers: repetition_penalty, default 1.0, over the prompt and the generated tokens. llama.cpp: repeat_penalty over the last repeat_last_n tokens (64 by default). vLLM: repetition_penalty, default 1.0, over the prompt and the generated text.
    .when = 1.0 to 1.2 is the usual range, and 1.1 to 1.2 helps a small model that loops. Higher values also punish words the prompt repeats for good reasons (names, the topic itself).
    .notice = On "I like apples. I like apples. I like apples. I like", ␣apples has about 88%. Set repetition_penalty = 1.3: it falls to about 8% and ␣apple takes the lead. frequency_penalty on the same prompt changes nothing, because it only counts the completion.

explain-prompt = Prompt
    .what = prompt is the raw text the model continues, with no chat template. The legacy Completions API takes it; on this page it is the raw mode.
    .formula = The text is split into tokens by SmolLM2's byte-level BPE tokenizer; the model gives a score (logit) to each of the 49,152 tokens as the next one; the sampler picks one, appends it, and the loop repeats.
    .range = This page: any non-empty text that fits in the 2,048-token context with room left to generate. OpenAI API: prompt belongs to the legacy Completions endpoint; Chat Completions uses messages.
    .apis = OpenAI: Completions takes prompt, Chat Completions takes messages. Hugging Face transformers: tokenizer(text) gives the input_ids for generate(). llama.cpp: prompt in /completion. vLLM: prompts passed to generate().
    .when = Good prompts are specific, show the format you want, and end where the answer should begin ("The capital of France is" rather than "Tell me about France"). For this model write in English: Korean costs many byte tokens and is poorly understood.
    .notice = Edit the prompt and watch the chart redraw: "The capital of France is" gives one tall bar (␣Paris, about 77%), "My favourite colour is" a spread of many short bars. The prompt shapes the distribution far more than any sampling setting.

explain-model = Model
    .what = model names the model that answers. Models differ in vocabulary, knowledge, languages, context length and in which parameters they accept.
    .formula = Not a formula: the model produces the logits, and every sampling parameter only reshapes that distribution. A token the model gives almost no probability cannot be rescued by any setting.
    .range = This page: fixed to SmolLM2-135M-Instruct (its Q4_1 GGUF weights, a 49,152-token vocabulary, a 2,048-token context here). OpenAI API: required, a model id.
    .apis = OpenAI: a model id in every request, and the accepted parameters differ per model (reasoning models reject or ignore temperature and top_p changes). Hugging Face transformers: AutoModelForCausalLM.from_pretrained with a repository id. llama.cpp: a GGUF file loaded when the server starts (-m). vLLM: the model given to vllm serve.
    .when = Pick the smallest model that does the task well enough, in the language you need. SmolLM2-135M is tiny: fluent English, weak facts and reasoning, little Korean. It is ideal for seeing how sampling works, not for relying on its answers.
    .notice = On "The capital of Australia is" the model puts ␣Sydney (about 36%) just above ␣Canberra (about 34%). Lower the temperature and the wrong answer only becomes more certain: the sampler chooses among what the model offers, it cannot add knowledge.
    .correction = The note's text about choosing a model is fine, but its code example is dated: openai.Completion.create(model="davinci") is the legacy Completions interface of the Python library before version 1.0 (and choies is a typo for choices). Today's library calls client.chat.completions.create(model=…, messages=…) and reads response.choices[0].message.content.

## Misconceptions in the study note

myth-1 = Frequency penalty does not encourage token use
    .claim = Presence penalty suppresses tokens, while frequency penalty encourages their use, for example to make rare words appear more often in translation.
    .fact = A positive frequency_penalty discourages repetition: l′ⱼ = lⱼ − cⱼ · α, so the more often a token has appeared in the completion, the lower its logit. Only a negative value encourages repetition.
    .demo = frequency_penalty

myth-2 = Presence and frequency penalty differ only in how they count
    .claim = The two penalties work in opposite directions: presence suppresses, frequency encourages.
    .fact = Both push against repetition. Presence subtracts α once for any token already present in the completion (cⱼ > 0); frequency subtracts α for every occurrence (cⱼ · α). A token used twice loses α under presence, 2α under frequency.
    .demo = presence_penalty

myth-3 = stop is a list of strings, not a count
    .claim = Setting the stop sequence to 2 limits the output to a paragraph, and 1 limits it to a sentence.
    .fact = stop takes up to 4 strings (OpenAI). Generation ends just before the first one that appears, and the stop string is not returned. For a paragraph use "\n\n", for a line "\n".
    .demo = stop

myth-4 = max_tokens is not the context window
    .claim = max_tokens is set by the model's architecture, is the most tokens the model can handle at once, and covers the prompt and the completion.
    .fact = max_tokens caps only the completion tokens of one request. The context window is a separate, fixed limit of the model (2,048 tokens on this page), and prompt plus completion must fit in it.
    .demo = max_tokens

myth-5 = A lower top-p never adds diversity
    .claim = Top-p generates more diverse output than sampling the whole vocabulary, and 0.9 lowers accuracy while raising diversity.
    .fact = Top-p only removes tokens. top_p = 1, the whole vocabulary, is the most diverse; every lower value keeps fewer tokens and is more predictable. The note's own example is right: with word1 at 40%, top_p 0.30 keeps only word1.
    .demo = myth-5

myth-6 = Temperature and top-p can be combined, but order matters
    .claim = Temperature and top-p are generally not changed together.
    .fact = They can be, and often are (SmolLM2-Instruct itself recommends temperature 0.2 with top_p 0.9), but the result is harder to reason about because the stages interact: top-p after temperature sees the reshaped distribution. On "The capital of France is" with T = 1.5 and top_p 0.9, temperature first keeps about 3,300 tokens, top-p first keeps 10.
    .demo = myth-6

myth-7 = best_of ranks candidates; it is not a beam width
    .claim = best_of is the number of candidate sequences and is treated as the beam width when use_beam_search is true.
    .fact = In the OpenAI API best_of generates best_of candidates on the server and returns the n with the highest mean token log probability; it exists only in the legacy Completions API and cannot stream. The beam-width meaning belongs to vLLM's old use_beam_search mode.
    .demo = best_of

myth-8 = A seed is exact here, best effort in hosted APIs
    .claim = A seed guarantees deterministic sampling.
    .fact = In hosted APIs the seed is best effort: OpenAI calls it beta, says determinism is not guaranteed, and points to system_fingerprint. On this page it is exact: the same model file, settings and seed give the same tokens.
    .demo = seed

## Guided tour chapters, in the study note's order

tour-0 = How to read this page
    .body = The bar chart shows the model's probabilities for the next token, over all 49,152 tokens of its vocabulary: the top bars are the most likely tokens, the last bar sums up all the others. Below it the sampling pipeline is a column of stage cards; each stage reshapes the distribution or removes tokens, in order, and the last distribution is the one the draw uses. The draw takes one random number from the seed, so the same seed gives the same token.
    .notice = Select a stage card: its output is drawn in colour, its input as pale bars behind. The highlighted bar is the token this seed draws now.

tour-1 = 1. temperature
    .body = Temperature divides every logit by T before the softmax. Below 1 it sharpens the distribution (the favourite gets even more), above 1 it flattens it (outsiders get a chance), and 0 means always the favourite. The note's summary is right: low for factual answers, high for creative ones.
    .notice = On "My favourite colour is", move temperature from 1 to 0.2 and watch ␣blue grow from about 11% to about 68%.

tour-2 = 2. top-k
    .body = Top-k keeps the k most probable tokens and drops the rest, then renormalises. It is simple but blind to confidence: k = 5 keeps five tokens whether the model is sure or not. Hugging Face uses 50 by default; 0 turns it off, on this page as in llama.cpp.
    .notice = Set top_k = 5 and switch between "My favourite colour is" and "The capital of France is": five coloured bars in both cases, useful in the first, mostly noise in the second.

tour-3 = 3. top-p (nucleus sampling)
    .body = Top-p keeps the fewest most probable tokens whose probabilities add up to p. Lower p keeps fewer tokens and makes the text more predictable; it never adds any, so p = 1 (the whole vocabulary) is the most diverse. The note's example is right: a 40% favourite alone passes top_p 0.30.
    .notice = Lower top_p step by step and read the card's count of kept tokens: it only goes down.

tour-4 = 4. frequency_penalty
    .body = Frequency penalty subtracts α from a token's logit once for every time that token already appears in the completion. It discourages repetition; only negative values encourage it. The prompt is not counted, so the effect appears only after some text has been generated.
    .notice = In the demo ␣apple was already generated three times: raise frequency_penalty to 1 and watch its bar fall from about 79% to about 16%; then press Generate with the same seed.

tour-5 = 5. presence_penalty
    .body = Presence penalty subtracts α once from every token already present in the completion, whatever its count. Like frequency penalty it discourages repetition; it just does not count occurrences. It pushes the model toward words and topics it has not used yet.
    .notice = Compare presence_penalty = 1 with frequency_penalty = 1 on the same completion: ␣apple, used three times, loses 1 under presence (about 58% left) and 3 under frequency (about 16% left).

tour-6 = 6. max_tokens
    .body = max_tokens caps how many tokens one completion may have; at the cap the text stops mid-sentence with finish_reason "length". It is not the context window: that is the model's fixed limit on prompt plus completion, 2,048 tokens here. Cost follows the tokens actually generated, not the cap.
    .notice = In the API tab set max_tokens = 5 and read finish_reason and usage in the response.

tour-7 = 7. stop
    .body = stop is a list of up to 4 strings. As soon as the generated text contains one of them, generation ends and the text is cut just before it; the stop string is not returned. It is never a number of sentences or paragraphs.
    .notice = The demo stops a numbered list at "3."; look at the marker where the stop string cut the text, then remove it and replay.

tour-8 = 8. best_of
    .body = best_of generates several full candidates and returns the n with the highest mean token log probability. In the OpenAI API it exists only in the legacy Completions endpoint and cannot stream. The beam-width reading in the note comes from vLLM's old beam-search mode.
    .notice = With best_of = 4 and n = 1, compare the returned choice with the three greyed-out candidates and their scores.

tour-9 = 9. logprobs
    .body = logprobs returns ln p for every generated token: 0 means certain, −0.69 is 50%, −2.3 is 10%. It shows where the model was sure and where it guessed, without changing the output.
    .notice = Look at the token colours in the API response: pale tokens are the guesses.

tour-10 = 10. top_logprobs
    .body = top_logprobs adds, for each position, the most likely alternatives with their log probabilities. The OpenAI API allows 0 to 20 (the note's 0 to 5 is from older documentation) and needs logprobs: true.
    .notice = Open a token and click an alternative: the generation continues from it.

tour-11 = 11. do_sample
    .body = do_sample is Hugging Face's switch between sampling (true) and greedy decoding (false, always the argmax). The OpenAI API has no such parameter; temperature 0 does the same there.
    .notice = Turn do_sample off and press "Sample next token" with several seeds: always the tallest bar.

tour-12 = 12. messages
    .body = A chat request sends a list of messages with roles. The server renders them with the model's chat template (ChatML for SmolLM2) and the model continues after "assistant". The template adds a default system prompt when there is none.
    .notice = Switch to chat mode and read the rendered prompt with its special tokens; compare the first-token bars with raw mode.

tour-13 = 13. logit_bias
    .body = logit_bias adds a fixed number to chosen token ids: a positive bias makes a token likelier, −100 practically bans it, +100 practically forces it. The ids belong to the model's own tokenizer, so check them (here 7042 is ␣Paris).
    .notice = Ban ␣Paris with 7042:-100 and see where its 77% goes.

tour-14 = 14. n
    .body = n asks for several independent choices from one request; each has its own random stream and each costs its tokens. It helps to compare variants or to check how stable an answer is.
    .notice = Set n = 3 and compare the choices side by side, first at temperature 0, then at 1.

tour-15 = 15. response_format
    .body = response_format can require JSON (JSON mode) or JSON that follows your schema (Structured Outputs). It works by masking, at every step, each token that would break the format; on this page the mask is a stage you can select. A small model then writes valid JSON, but the values can still be poor.
    .notice = Select the grammar stage in the Next token view and see how few tokens remain allowed at the start of the answer.

tour-16 = 16. seed
    .body = The seed fixes the random numbers of the draw. In hosted APIs this is best effort (OpenAI: beta, not guaranteed); on this page it is exact, so the same model file, settings and seed always give the same tokens.
    .notice = Change only the seed: the bars stay, the highlighted token may change.

tour-17 = 17. system_fingerprint
    .body = system_fingerprint is returned by the server and names its backend configuration. If it changes, the same seed may give another output. On this page it hashes the model file, the engine build and the stage order.
    .notice = Change the stage order and watch the fingerprint in the response change.

tour-18 = 18. stream
    .body = With stream: true the answer arrives as server-sent events: data: lines with small deltas, ending with data: [DONE]. The text is the same as without streaming; only the delivery differs.
    .notice = Watch the event log fill while the text grows.

tour-19 = 19. tools
    .body = tools describes functions the model may call, each with a JSON Schema for its arguments. The model answers with a call, your code runs it and sends the result back. SmolLM2-135M was not trained for this, so the page can enforce the form of a call but not its good sense.
    .notice = Define a tool and look at the grammar stage in the Next token view at the first token of the answer.

tour-20 = 20. tool_choice
    .body = tool_choice says whether the model may (auto), must (required), must not (none) or must call one named function. none and auto are the defaults without and with tools; they are not the only choices.
    .notice = Switch tool_choice and watch which first tokens the mask allows.

tour-21 = 21. user
    .body = user identifies your end user to the provider for abuse monitoring (OpenAI now calls it safety_identifier). It never changes the output.
    .notice = Add a user id and replay: same text, one more field in the request body.

tour-22 = 22. Tuning temperature
    .body = Temperature is the parameter most often tuned. The note's ranges are a good start: 0 to 0.3 for factual, predictable text; 0.4 to 0.7 for a balance; 0.7 to 1.0 and above for creative text, at the risk of incoherence. SmolLM2-Instruct itself recommends 0.2 with top_p 0.9 for chat.
    .notice = Try the three presets (factual, balanced, creative) on the same question with the same seed, and press Generate each time.

tour-23 = 23. Tuning max_tokens
    .body = Choose max_tokens from the answer length the task needs and treat it as a safety limit: short for labels and single facts, a few hundred for explanations. If answers are too long, ask for brevity in the prompt; a small cap only truncates them.
    .notice = Generate with max_tokens = 5 and with 64 and compare finish_reason.

tour-24 = 24. Tuning top-k and top-p
    .body = Top-p is used more often than top-k because it adapts to the model's confidence. The note's ranges: low 0 to 0.5 for consistent text, middle 0.6 to 0.8 for balance, high 0.9 to 1.0 for variety; 1 is no filter. Combined with temperature, remember that the order of stages changes what top-p sees.
    .notice = Use "Compare with another order" to run Hugging Face's order against llama.cpp's with the same temperature and top_p, and read the kept counts.

tour-25 = 25. Tuning stop
    .body = Pick stop strings from the structure you expect: "\n" for one line, "\n\n" for one paragraph, or the next marker of your prompt format. Stop strings save cost because generation ends early.
    .notice = Add a second stop string and see which one cuts first.

tour-26 = 26. Tuning the prompt
    .body = The prompt shapes the distribution more than any sampling setting. Be specific, show the format, and end the prompt where the answer should start. With this model, write in English: Korean turns into many byte tokens it barely understands.
    .notice = Compare "Tell me about France" with "The capital of France is": the first one's top bar is a full stop (about 22%), the second's is ␣Paris (about 77%).

tour-27 = 27. Choosing the model
    .body = The model sets the limits: vocabulary, knowledge, languages, context length and accepted parameters. Sampling can only choose among what the model offers. SmolLM2-135M makes sampling visible; for reliable answers, use a larger model.
    .notice = On "The capital of Australia is" the model ranks ␣Sydney (about 36%) above ␣Canberra (about 34%); no sampling setting fixes that, and a low temperature makes the mistake more certain.
