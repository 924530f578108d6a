# 샘플러: 단계별 기록, 엔진별 단계 순서, 파라미터 값과 그 문제.

## 각 단계 카드가 한 일을 설명하는 문장. $name은 단계 이름(top-p, temperature…)입니다.

trace-kept = { $name }: 토큰 { $kept }개를 남겼습니다(재정규화 전 확률 질량의 { $mass })
trace-off = { $name } 꺼짐({ $why }): 바뀌는 것이 없습니다
trace-why-no-bias = 바이어스 없음
trace-why-no-completion = 아직 생성된 토큰 없음
trace-temperature-greedy = temperature 0은 탐욕적 선택입니다: 가장 확률이 높은 토큰 하나만 남습니다
trace-temperature = temperature T = { $t }: 분포를 { $sharper ->
        [yes] 더 뾰족하게
       *[no] 더 평평하게
    } 만들었습니다(엔트로피 { $before } → { $after } nats)
trace-top_k-all = top-k k = { $k } ≥ 남아 있는 토큰 { $kept }개: 제거된 토큰이 없습니다
trace-min_p = min-p: p ≥ { $min_p } × { $p_max } = { $threshold }인 토큰 { $kept }개를 남겼습니다(재정규화 전 확률 질량의 { $mass })
trace-typical_p = typical-p: 엔트로피 H = { $h } nats에 가장 가까운 토큰 { $kept }개를 남겼습니다(재정규화 전 확률 질량의 { $mass })
trace-logit_bias = logit-bias: 토큰 { $count }개의 로짓을 옮겼습니다
trace-repetition_penalty = repetition-penalty θ = { $theta }: 문맥에 이미 있는 토큰 { $count }개의 로짓을 조정했습니다
trace-frequency_penalty = frequency-penalty α = { $alpha }: 생성된 토큰 { $count }개의 로짓을 등장 횟수 × |α|만큼 { $lowered ->
        [yes] 낮췄습니다
       *[no] 높였습니다
    }
trace-presence_penalty = presence-penalty α = { $alpha }: 생성된 토큰 { $count }개의 로짓을 한 번씩 |α|만큼 { $lowered ->
        [yes] 낮췄습니다
       *[no] 높였습니다
    }

## 실제 엔진의 단계 순서.

order-hf = Hugging Face transformers
    .note = generate(): 먼저 logits processor(페널티, 바이어스), 그다음 warper(temperature, top-k, top-p, min-p, typical-p) 순서입니다. transformers에는 frequency/presence penalty가 없어서, samplescope는 이를 다른 페널티와 함께 실행합니다.
order-llamacpp = llama.cpp
    .note = 공통 샘플러 체인: logit-bias, 페널티, top-k, typical-p, top-p, min-p를 거쳐, 뽑기 직전에 마지막으로 temperature를 적용합니다.
order-vllm = vLLM
    .note = Sampler: logit bias, 페널티, temperature, min-p, 그리고 top-k와 top-p를 함께 적용합니다. typical-p는 없습니다.
order-openai = OpenAI 방식 API
    .note = chat-completions 파라미터: logit_bias, frequency/presence penalty, temperature, top_p. top-k, min-p, typical-p, repetition penalty는 없습니다.

## 값의 문제. $key는 파라미터, $value는 입력된 값입니다.

value-out-of-range = { $key } = { $value }: 허용 범위({ $min }–{ $max })를 벗어났습니다
value-not-a-number = { $key } = "{ $value }": 숫자가 아닙니다
value-not-whole = { $key } = "{ $value }": 0 이상의 정수가 아닙니다
value-not-flag = { $key } = "{ $value }": true나 false가 아닙니다
value-token-outside-vocab = { $key }: 토큰 { $id }: 어휘 범위(0–{ $last }) 밖입니다
value-not-bias-entry = { $key }: "{ $entry }": id:bias 형식이 아닙니다

## 쓸 수 없는 요청 필드. $key는 필드 이름입니다.

field-no-messages = messages: 메시지를 하나 이상 추가하세요
field-empty-prompt = prompt: 프롬프트가 비어 있습니다. 모델이 이어 쓸 내용을 입력하세요
field-prompt-fills-context = { $key }: 프롬프트가 { $tokens }토큰이고 문맥 한도가 { $context }토큰이라 생성할 자리가 없습니다
field-range = { $key } = { $value }: { $min }에서 { $max } 사이여야 합니다
field-best-of-below-n = best_of = { $value }: n = { $n }에서 { $max } 사이여야 합니다
field-best-of-stream = best_of > n이면 스트리밍할 수 없습니다: 모든 후보가 끝나야 가장 좋은 선택지를 알 수 있습니다
field-needs-logprobs = top_logprobs를 쓰려면 logprobs = true여야 합니다
field-too-many-stops = stop 문자열이 { $given }개입니다. 최대 { $max }개까지 쓸 수 있습니다
field-empty-stop = stop 문자열은 비어 있을 수 없습니다
field-not-whole = { $key }: "{ $raw }"는 0 이상의 정수가 아닙니다

## 링크의 값 중 바꿔야 했던 것에 대한 안내. $problem은 위의 value- 메시지 중 하나입니다.

note-using-default = { $problem }. 기본값 { $used }을(를) 씁니다
note-clamped = { $problem }. { $used }(으)로 맞췄습니다
note-clamped-entry = { $problem }. 범위 안으로 맞췄습니다
note-ignored = { $problem }. 무시했습니다
note-not-a-choice = { $key } = "{ $value }": { $choices } 중 하나가 아니라서 무시했습니다
note-stage-not-in-order = stage = { $stage }: 이 순서에 없는 단계라서 최종 분포를 보여 줍니다
note-bad-messages = messages가 {"{"}role, content{"}"} 목록 형식의 JSON이 아닙니다({ $error }). 기본값을 씁니다
note-bad-order = { $key }: { $problem }. Hugging Face 순서를 씁니다
note-bad-compare = { $key }: { $problem }. 비교를 끕니다
note-bad-model = model = "{ $value }": 모델 이름이 아닙니다. 기본 모델을 씁니다
note-bad-completion = completion이 토큰 id 목록이 아니라서 버렸습니다
note-unknown-key = 알 수 없는 파라미터 { $key }: 무시했습니다
note-unknown-key-suggest = 알 수 없는 파라미터 { $key }({ $suggestion }을(를) 뜻하셨나요?)
order-unknown-stage = 알 수 없는 단계 "{ $stage }"
order-twice = 단계 "{ $stage }"가 두 번 나옵니다

## 슬라이더에 보이는 파라미터 값.

value-plain = { $value }
value-off = 꺼짐({ $value })
value-greedy = { $value }(탐욕적 선택)

## 각 파라미터 컨트롤의 접근성 이름(스크린 리더가 읽는 이름)과 한 줄 도움말.

param-logit_bias = logit bias(로짓 바이어스)
    .hint = 토큰의 로짓에 b를 더합니다. −100이면 사실상 금지, +100이면 사실상 강제입니다
param-repetition_penalty = repetition penalty(반복 페널티) θ
    .hint = 1이면 꺼짐. 1보다 크면 프롬프트나 생성문에 이미 있는 토큰을 억제합니다
param-frequency_penalty = frequency penalty(빈도 페널티) α_freq
    .hint = 프롬프트가 아니라 생성된 토큰의 등장 횟수(cⱼ)만 셉니다. 음수면 반복을 부추깁니다
param-presence_penalty = presence penalty(존재 페널티) α_pres
    .hint = 생성문에 한 번이라도 나온 토큰마다 한 번만 뺍니다
param-temperature = temperature(온도) T
    .hint = 1보다 작으면 분포가 뾰족해지고, 크면 평평해집니다. 0이면 가장 확률이 높은 토큰만 남습니다
param-top_k = top-k: 남길 토큰 수 k
    .hint = 확률이 가장 높은 k개 토큰만 남깁니다. 0이면 꺼짐
param-top_p = top-p 임계값 p
    .hint = 확률 합이 p에 닿을 때까지 확률이 높은 순서로 가장 적은 토큰만 남깁니다. 1이면 꺼짐
param-min_p = min-p 비율
    .hint = 가장 높은 확률의 min_p배 이상인 토큰만 남깁니다. 0이면 꺼짐
param-typical_p = typical-p 질량 p
    .hint = 놀라움(−ln p)이 평균(엔트로피)에 가장 가까운 토큰부터 질량 p까지 남깁니다. 1이면 꺼짐
param-do_sample = do_sample
    .hint = 끄면 단계가 무엇을 남겼든 항상 가장 확률이 높은 토큰을 고릅니다(탐욕적 선택)
