## 구조화된 출력: response_format, tools, tool_choice와 문법(grammar) 단계.

trace-grammar = 문법이 토큰 { $vocab }개 중 { $allowed }개를 허용하고, 확률 질량 { $mass }를 제거했습니다
trace-grammar-forced = 문법이 토큰 하나만 허용합니다: 그 토큰이 강제됩니다
trace-grammar-off = response_format이나 tools가 없습니다
note-bad-grammar-mask = grammar_mask = { $value }는 first도 resample도 아닙니다. first를 씁니다

format-not-json = { $key }가 올바른 JSON이 아닙니다: { $error }
format-expected = { $path }는 { $expected }이어야 합니다
format-missing = { $path }가 없습니다
format-bad-name = { $path } = "{ $name }": 이름은 영문자, 숫자, _, - 1~64자여야 합니다
format-strict-required = strict: { $path }의 required에 "{ $property }"가 있어야 합니다 (strict 모드는 모든 속성을 요구합니다)
format-strict-additional = strict: { $path }에 "additionalProperties": false가 필요합니다
format-duplicate-tool = tools: { $name }라는 함수가 두 개 있습니다
format-too-many-tools = tools: { $given }개가 주어졌습니다. 최대 { $max }개입니다
format-unknown-tool = tool_choice가 가리키는 { $name }가 tools에 없습니다
format-choice-without-tools = tool_choice에는 tools가 필요합니다
format-compile = { $key }: 문법 라이브러리(llguidance)가 거부했습니다: { $error }

api-format =
    .honest = SmolLM2-135M은 JSON이나 도구 호출을 학습하지 않았습니다. 문법은 응답의 형식(올바른 JSON, 올바른 인자를 가진 호출)을 보장할 뿐, 내용이 좋거나 사실이라는 것은 보장하지 않습니다.
api-format-example = 예시
format-example-text = text (형식 없음)
format-example-json_object = json_object (아무 JSON 객체)
format-example-person = json_schema: 사람 (이름, 나이, 도시)
format-example-answer = json_schema: 답 (yes / no / unsure)
format-example-list = json_schema: 문자열 최대 5개의 목록
api-response-format =
    .hint = JSON: {"{"}"type": "text"{"}"}, {"{"}"type": "json_object"{"}"} 또는 {"{"}"type": "json_schema", "json_schema": {"{"}"name", "schema", "strict"{"}"}{"}"}. 비우면 text입니다.
api-tools-example = 예시: get_weather(city, unit)
api-tools-clear = tools 지우기
api-tools =
    .hint = JSON 스키마 인자를 가진 함수 목록입니다. <tools> / <tool_call> 형식(Qwen2.5의 형식이며, SmolLM2 자체 템플릿에는 없습니다)으로 시스템 턴에 들어가고, 프롬프트 토큰에서 볼 수 있습니다.
api-tool-choice =
    .placeholder = auto (tools가 있을 때), none (없을 때)
    .hint = none: 호출하지 않음. auto: 모델이 정함 (문법이 호출과 텍스트를 모두 허용). required: 첫 토큰부터 어떤 호출이든. {"{"}"type": "function", "function": {"{"}"name": …{"}"}{"}"}: 그 함수.
api-grammar-mask = 문법 마스크를 적용하는 위치
    .hint = 같은 시드에서 둘 다 올바른 출력을 냅니다. 마스크 없이 뽑은 토큰이 거부될 때 서로 다른 분포에서 뽑습니다.
api-grammar-mask-first = 먼저, 원래 로짓에 (Hugging Face, vLLM)
api-grammar-mask-resample = llama.cpp 방식: 먼저 뽑고, 거부되면 마스크를 씌워 다시 뽑기
api-tool-calls = tool_calls
api-tool-continue = 이어가기: 이 호출과 도구 결과를 messages에 추가
api-grammar-step = 문법: 토큰 { $allowed }개 허용, 모델 확률 { $mass } 제거
api-grammar-forced = 문법: 이 토큰만 허용됨 (강제)
api-grammar-rejected = { $step }; llama.cpp 방식은 먼저 { $token }을 뽑았고, 문법이 거부해서 마스크를 씌워 다시 뽑았습니다
api-grammar-call-odds = { $step }; 여기서 도구 호출(<tool_call>)로 이어지는 토큰에 모델 자신이 준 확률: { $odds }
api-call-odds = tool_choice "auto": 첫 토큰에서 모델 자신은 도구 호출(<tool_call>)을 시작할 수 있는 토큰에 { $odds }를 주었습니다. < 같은 일부 토큰은 일반 답변의 시작일 수도 있으므로 호출할 확률은 많아야 이만큼입니다. 문법은 호출과 일반 답변을 똑같이 허용했고, 무엇이 될지는 뽑기가 정했습니다.
message-tool-call-id = 메시지 { $n }의 tool_call_id
