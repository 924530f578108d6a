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
trace-nothing-left = { $name }: 남은 토큰을 모두 지우게 되어 아무것도 지우지 않았습니다
trace-why-one-token = 남은 토큰이 하나뿐
trace-top_n_sigma = top-nσ: l ≥ { $max } − { $n } × σ { $sigma } = { $threshold }인 토큰 { $kept }개를 남겼습니다(재정규화 전 확률 질량의 { $mass })
trace-xtc-missed = XTC 동전 { $coin } > { $probability }: 이번에는 작동하지 않았습니다
trace-xtc-fired = XTC 동전 { $coin } ≤ { $probability }: p ≥ { $threshold }인 토큰 중 가장 확률이 높은 { $removed }개를 지우고, 그중 가장 확률이 낮은 토큰은 남겼습니다
trace-xtc-too-few = XTC 동전 { $coin } ≤ { $probability }로 작동했지만 p ≥ { $threshold }인 토큰이 { $above }개뿐이라 지운 것이 없습니다
trace-xtc-min-keep = XTC 동전 { $coin } ≤ { $probability }로 작동했지만 { $removed }개를 지우면 min_keep = { $min_keep }개보다 적게 남아 지운 것이 없습니다
trace-dry = DRY: 반복을 이어 갈 토큰 { $count }개의 로짓을 낮췄습니다. 가장 긴 반복은 { $longest }토큰입니다{ $untokenised ->
        [yes] {" "}(시퀀스 구분자가 토큰화되지 않아 적용하지 않음)
       *[no] {""}
    }
trace-dry-none = DRY: 이어 갈 { $allowed }토큰 이상의 반복이 없습니다
trace-why-dry-short = 문맥이 dry_allowed_length보다 길지 않음
trace-why-dry-breaker = 문맥이 시퀀스 구분자로 끝남
trace-mirostat-v1 = mirostat v1: μ = { $mu }비트, Zipf 지수 ŝ = { $s_hat }, k = { $k }: 토큰 { $kept }개를 남겼습니다. mirostat이 켜져 있으면 llama.cpp는 { $bypassed }와 동적 온도를 건너뜁니다
trace-mirostat-v2 = mirostat v2: μ = { $mu }비트: 놀라움 −log₂ p ≤ μ인 토큰 { $kept }개를 남겼습니다. mirostat이 켜져 있으면 llama.cpp는 { $bypassed }와 동적 온도를 건너뜁니다
trace-temperature-dynamic = 동적 온도: 엔트로피 { $h } nats(최대 ln N = { $ln_n })에 따라 T = { $t }를 썼습니다({ $t_min }–{ $t_max } 사이)
trace-temperature-dynamic-one = 동적 온도: 남은 토큰이 하나뿐이라 온도를 적용하지 않았습니다
trace-epsilon = ε-샘플링: p ≥ ε = { $epsilon }인 토큰 { $kept }개를 남겼습니다(재정규화 전 확률 질량의 { $mass })
trace-eta = η-샘플링: 엔트로피 H = { $h } nats, η = min(ε, √ε·e^−H) = { $eta }: 토큰 { $kept }개를 남겼습니다(재정규화 전 확률 질량의 { $mass })
trace-no_repeat_ngram_size = no-repeat-ngram: 문맥에 이미 있는 { $n }-gram을 되풀이할 토큰 { $count }개를 금지했습니다
trace-min_tokens = min-tokens: { $min }토큰 중 { $generated }토큰만 생성되어 턴 끝 토큰을 금지했습니다
trace-why-min-tokens-reached = 이미 { $min }토큰을 생성함
trace-why-no-end-of-turn = 어휘의 턴 끝 토큰을 알 수 없음
trace-bad_words = bad-words: 금지어를 완성할 토큰 { $count }개를 금지했습니다
trace-why-not-tokenised = 아직 토큰화되지 않음
trace-allowed_token_ids = allowed-token-ids: 허용된 토큰 { $allowed }개 중 { $kept }개를 남겼습니다

## 실제 엔진의 단계 순서.

order-hf = Hugging Face transformers
    .note = generate(): 먼저 logits processor(sequence bias, repetition penalty, no-repeat n-gram, min new tokens), 샘플링할 때는 그다음 warper(temperature, top-k, top-p, min-p, typical-p, ε, η) 순서입니다. transformers에는 frequency/presence penalty가 없어서, samplescope는 이를 다른 페널티와 함께 실행합니다.
order-llamacpp = llama.cpp
    .note = 공통 샘플러 체인(--samplers penalties;dry;top_n_sigma;top_k;typ_p;top_p;min_p;xtc;temperature): 먼저 logit-bias, 그다음 페널티, DRY, top-nσ, top-k, typical-p, top-p, min-p, XTC를 거쳐, 뽑기 직전에 마지막으로 temperature(동적 온도 포함)를 적용합니다.
order-llamacpp-mirostat = mirostat을 켠 llama.cpp
    .note = mirostat이 1이나 2이면 llama.cpp는 logit-bias, 일반 temperature(동적 온도 없음), 그리고 토큰을 고르는 mirostat만 실행합니다. 페널티를 포함한 --samplers 목록은 건너뜁니다.
order-vllm = vLLM
    .note = Sampler: allowed token ids, bad words, min tokens, logit bias, 페널티, temperature, min-p, 그리고 top-k와 top-p를 함께 적용합니다. typical-p와 min_keep은 없습니다.
order-openai = OpenAI 방식 API
    .note = chat-completions 파라미터: logit_bias, frequency/presence penalty, temperature, top_p. top-k, min-p, typical-p, repetition penalty는 없습니다.
order-not-in-engine = { $engine }에는 없음
order-llama-not-in-engine = { $stage }는 llama.cpp 샘플러가 아닙니다
order-llama-bias-not-first = llama.cpp는 logit-bias를 { $stage }보다 먼저, 맨 처음에 적용합니다
order-llama-penalties-apart = llama.cpp는 repetition, frequency, presence 페널티를 이 순서로 한꺼번에 적용합니다

## 값의 문제. $key는 파라미터, $value는 입력된 값입니다.

value-out-of-range = { $key } = { $value }: 허용 범위({ $min }–{ $max })를 벗어났습니다
value-not-a-number = { $key } = "{ $value }": 숫자가 아닙니다
value-not-whole = { $key } = "{ $value }": 0 이상의 정수가 아닙니다
value-not-flag = { $key } = "{ $value }": true나 false가 아닙니다
value-token-outside-vocab = { $key }: 토큰 { $id }: 어휘 범위(0–{ $last }) 밖입니다
value-not-bias-entry = { $key }: "{ $entry }": id:bias 형식이 아닙니다
value-not-a-string-list = { $key } = { $value }: 문자열의 JSON 목록이 아닙니다
value-empty-string = { $key }: 빈 문자열은 쓸 수 없습니다
value-string-too-long = { $key }: "{ $value }": { $max }바이트보다 깁니다
value-too-many-items = { $key }: 항목이 { $max }개보다 많습니다
value-not-a-token-id = { $key }: "{ $entry }": 토큰 id가 아닙니다
value-duplicate-token = { $key }: 토큰 { $id }이(가) 두 번 이상 나옵니다. 마지막으로 준 편향을 씁니다

## 쓸 수 없는 요청 필드. $key는 필드 이름입니다.

field-no-messages = messages: 메시지를 하나 이상 추가하세요
field-empty-prompt = prompt: 프롬프트가 비어 있습니다. 모델이 이어 쓸 내용을 입력하세요
field-prompt-fills-context = { $key }: 프롬프트가 { $tokens }토큰이고 문맥 한도가 { $context }토큰이라 생성할 자리가 없습니다
field-prompt-overlong = { $key }: { $problem }
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
note-duplicate-key = 링크에 { $key }가 { $count }번 있습니다. 마지막 값 { $value }을(를) 씁니다
order-unknown-stage = 알 수 없는 단계 "{ $stage }"
order-twice = 단계 "{ $stage }"가 두 번 나옵니다

## 슬라이더에 보이는 파라미터 값.

value-plain = { $value }
value-off = 꺼짐({ $value })
value-greedy = { $value }(탐욕적 선택)
value-whole-context = { $value }(문맥 전체)
value-mirostat-v1 = { $value }(v1)
value-mirostat-v2 = { $value }(v2)

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
param-top_n_sigma = top-nσ: σ 배수 n
    .hint = 로짓이 가장 큰 값에서 표준편차의 n배 안에 드는 토큰만 남깁니다. 0이면 꺼짐
param-xtc_probability = XTC 확률
    .hint = 한 위치에서 XTC가 가장 유력한 토큰들을 지울 확률입니다. 0이면 꺼짐
param-xtc_threshold = XTC 임계값
    .hint = 확률이 이 값 이상인 토큰이 최상위 후보이며, 그중 가장 확률이 낮은 하나만 남기고 지웁니다. 0.5보다 크면 꺼짐
param-dry_multiplier = DRY 배수
    .hint = 반복을 이어 갈 토큰을 얼마나 세게 누를지 정합니다. 0이면 꺼짐
param-dry_base = DRY 밑(base)
    .hint = 반복이 허용 길이보다 한 토큰 길어질 때마다 페널티가 이 배수만큼 커집니다
param-dry_allowed_length = DRY 허용 길이
    .hint = 이 토큰 수까지의 반복은 벌하지 않습니다
param-dry_penalty_last_n = DRY 범위: 마지막 n토큰
    .hint = DRY가 반복을 찾는 범위입니다. −1이면 문맥 전체, 0이면 꺼짐
param-dry_sequence_breakers = DRY 시퀀스 구분자
    .hint = 반복을 끊는 문자열입니다(JSON 목록, 예: ["\n", ":"]). 반복은 구분자를 넘어 이어지지 않습니다
param-mirostat = mirostat 버전
    .hint = 1이나 2이면 놀라움을 τ에 맞추는 되먹임 방식으로 후보를 자릅니다. 0이면 꺼짐
param-mirostat_tau = mirostat 목표 놀라움 τ(비트)
    .hint = mirostat이 맞추려는 평균 놀라움 −log₂ p입니다. μ는 2τ에서 시작합니다
param-mirostat_eta = mirostat 학습률 η
    .hint = 고른 토큰의 놀라움을 μ가 얼마나 빨리 따라갈지 정합니다
param-dynatemp_range = 동적 온도 범위 Δ
    .hint = 엔트로피에 따라 T가 T − Δ와 T + Δ 사이에서 움직입니다. 0이면 일반 온도
param-dynatemp_exponent = 동적 온도 지수
    .hint = 정규화한 엔트로피 (H / ln N)의 이 거듭제곱을 T가 따라갑니다
param-epsilon_cutoff = ε-샘플링 기준 ε
    .hint = 확률이 ε보다 낮은 토큰을 버립니다. 0이면 꺼짐
param-eta_cutoff = η-샘플링 기준 ε
    .hint = 확률이 min(ε, √ε·e^−H)보다 낮은 토큰을 버립니다. 엔트로피가 클수록 기준이 느슨해집니다. 0이면 꺼짐
param-min_keep = min_keep(최소 유지 토큰 수)
    .hint = top-p, min-p, typical-p, XTC, ε, η가 남겨야 하는 최소 토큰 수입니다
param-no_repeat_ngram_size = no-repeat n-gram 크기
    .hint = 프롬프트나 생성문에 이미 있는 n-gram을 되풀이할 토큰을 모두 금지합니다. 0이면 꺼짐
param-min_tokens = 최소 생성 토큰 수
    .hint = 이만큼 생성하기 전에는 턴 끝 토큰을 금지합니다. 0이면 꺼짐
param-bad_words = 금지어
    .hint = 생성문에 나오면 안 되는 문자열입니다(JSON 목록). 금지어마다 마지막 토큰을 막습니다
param-allowed_token_ids = 허용 토큰 id
    .hint = 이 토큰 id만 뽑을 수 있습니다(쉼표로 구분). 비우면 모두 허용
