## Structured outputs: response_format, tools, tool_choice and the grammar stage.

trace-grammar = grammar allows { $allowed } of { $vocab } tokens, removing { $mass } of the mass
trace-grammar-forced = grammar allows one token only: it is forced
trace-grammar-off = no response_format or tools
note-bad-grammar-mask = grammar_mask = { $value } is not first or resample; using first

format-not-json = { $key } is not valid JSON: { $error }
format-expected = { $path } must be { $expected }
format-missing = { $path } is missing
format-bad-name = { $path } = "{ $name }" must be 1 to 64 letters, digits, _ or -
format-strict-required = strict: { $path } must list "{ $property }" in required (strict mode requires every property)
format-strict-additional = strict: { $path } needs "additionalProperties": false
format-duplicate-tool = tools: two functions are named { $name }
format-too-many-tools = tools: { $given } given; at most { $max }
format-unknown-tool = tool_choice names { $name }, which is not in tools
format-choice-without-tools = tool_choice needs tools
format-compile = { $key }: the grammar library (llguidance) refused it: { $error }

api-format =
    .honest = SmolLM2-135M was not trained for JSON or tool use. The grammar guarantees the form of the reply (valid JSON, a call with valid arguments), not that its content is good or true.
api-format-example = example
format-example-text = text (no format)
format-example-json_object = json_object (any JSON object)
format-example-person = json_schema: a person (name, age, city)
format-example-answer = json_schema: an answer (yes / no / unsure)
format-example-list = json_schema: a list of up to 5 strings
api-response-format =
    .hint = JSON: {"{"}"type": "text"{"}"}, {"{"}"type": "json_object"{"}"} or {"{"}"type": "json_schema", "json_schema": {"{"}"name", "schema", "strict"{"}"}{"}"}. Empty = text.
api-tools-example = example: get_weather(city, unit)
api-tools-clear = clear tools
api-tools =
    .hint = A list of functions with JSON-schema parameters. They are written into the system turn in the <tools> / <tool_call> format (Qwen2.5's; SmolLM2's own template has none), shown in the prompt's tokens.
api-tool-choice =
    .placeholder = auto (with tools), none (without)
    .hint = none: never call. auto: the model decides (the grammar allows a call or text). required: some call from the first token. {"{"}"type": "function", "function": {"{"}"name": …{"}"}{"}"}: that function.
api-grammar-mask = where the grammar's mask applies
    .hint = With the same seed, both give valid output; they draw from different distributions when the unmasked draw is rejected.
api-grammar-mask-first = first, on the raw logits (Hugging Face, vLLM)
api-grammar-mask-resample = llama.cpp's way: sample, mask and resample only if rejected
api-tool-calls = tool_calls
api-tool-continue = Continue: add this call and a tool result to messages
api-grammar-step = grammar: { $allowed } tokens allowed, { $mass } of the model's probability removed
api-grammar-forced = grammar: only this token was allowed (forced)
api-grammar-rejected = { $step }; llama.cpp's way first drew { $token }, which the grammar rejected, then drew again with the mask
api-grammar-call-odds = { $step }; the model's own probability of a token on the way to a tool call (<tool_call>) here: { $odds }
api-call-odds = tool_choice "auto": at the first token the model itself put { $odds } on tokens that could begin a tool call (<tool_call>). Some, such as <, could also begin a plain reply, so its chance of calling is at most this. The grammar allowed a call and a reply alike; the draw decided.
message-tool-call-id = tool_call_id of message { $n }
