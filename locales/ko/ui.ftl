# 페이지 화면.

header-tagline = 브라우저 안에서 실제 언어 모델이 돌아가고, 모든 샘플링 파라미터가 눈에 보입니다. 확률은 49,152개 토큰 전체에 대해 정확하게 계산합니다.
header-language = 언어
notes-title = 링크의 값 중 일부를 조정했습니다:
notes-dismiss = 닫기
note-long-link = 이 링크는 { $kb } KB로 길어서 주소의 “#” 뒤에 담아 둡니다. 서버는 이렇게 긴 주소를 거부하지만(HTTP 414), “#” 뒤의 부분은 서버로 보내지지 않습니다. 북마크나 복사한 주소에는 전부 남습니다.
note-bad-seed = seed "{ $value }"는 0 이상의 정수가 아니라서 이전 값을 유지했습니다
layout-prompt = 프롬프트
layout-results = 결과
tab-explorer = 다음 토큰
tab-api = API 요청 (n, stop, logprobs, stream…)

## 모델 불러오기.

load-starting = 모델 워커를 시작하는 중…
load-stage-manifest = manifest.json 읽는 중
load-stage-download = 모델 내려받는 중
load-stage-verify = 압축을 풀고 SHA-256 확인 중
load-stage-parse = ONNX 그래프 해석 중
load-stage-optimise = 이 CPU에 맞게 그래프 최적화 중
load-stage-plan = 실행 계획 준비 중
load-stage-ready = 준비 완료
load-progress = { $total } 중 { $done } ({ $percent }%)
load-ready = { $model } ({ $format }) 준비 완료: { $source }, { $fetch }초, 초기화 { $init }초
load-from-cache = 이 브라우저의 캐시에서 불러옴
load-downloaded = { $size } 내려받음
load-not-stored = 다음 방문을 위해 저장하지 못했습니다({ $why }). 다음에 방문하면 다시 내려받습니다.
load-failed = 모델을 불러오지 못했습니다:
load-retry = 다시 시도
worker-stopped = 모델 워커가 멈췄습니다. 프롬프트, 설정, 생성된 글은 그대로 남아 있습니다. 다시 시작하면 모델은 이 브라우저의 캐시에서 다시 불러옵니다.
worker-restart = 모델 다시 시작
error-empty-prompt = 프롬프트가 비어 있습니다. 모델이 이어 쓸 내용을 입력하세요.
error-context-full = 문맥이 { $tokens }토큰입니다. 모델은 최대 { $context }토큰까지만 읽습니다. 프롬프트를 줄이세요.
error-prompt-overlong = 프롬프트가 { $bytes }바이트입니다. 어떤 토큰도 { $longest }바이트보다 길지 않으므로 적어도 { $tokens }토큰이고, 모델은 최대 { $context }토큰까지만 읽습니다. 토큰화하지 않았습니다. 프롬프트를 줄이세요.
error-export = 내보내기 실패: { $error }

## 프롬프트.

prompt-title = 프롬프트
prompt-raw = 원문 텍스트
    .label = 프롬프트(채팅 템플릿 없는 원문 텍스트)
prompt-chat = messages (ChatML 템플릿)
    .defaults = 채팅 모드는 SmolLM2-135M-Instruct가 권장하는 설정(모델 카드의 예시는 temperature 0.2, top-p 0.9로 생성합니다)에서 시작하고, 원문 모드는 엔진들의 중립값에서 시작합니다. 둘 다 자유롭게 바꿀 수 있습니다.
message-role = { $n }번째 메시지의 역할
message-content = { $n }번째 메시지의 내용
message-remove = { $n }번째 메시지 삭제
message-add = + 메시지
messages-hint = 첫 메시지가 system이 아니면 템플릿이 SmolLM의 기본 system 메시지를 넣습니다. 모델은 아래에 렌더링된 텍스트를 읽습니다. 특수 토큰은 보라색입니다.
tokens-label = 문맥 토큰
tokens-count = 프롬프트 { $prompt }개 + 샘플링 { $sampled }개 토큰
tokens-hidden = … 문맥을 넘는 토큰 { $count }개는 표시하지 않음
tokens-overlong = 토큰화하지 않음: { $bytes }바이트는 { $context }토큰에 담을 수 없습니다.
token-id = 토큰 id { $id }

## 공통 설정.

controls-seed = seed
controls-new-seed = 새로
    .title = 새 무작위 seed 뽑기
controls-bars = 막대 수 (상위 N개)
controls-max-tokens = 최대 토큰 수 (Generate와 max_tokens)

## 샘플링 파이프라인.

pipeline-title = 샘플링 파이프라인
pipeline-order = 순서
pipeline-custom = 사용자 지정
    .hint = 사용자 지정 순서: 카드를 끌어 옮기거나 ↑/↓ 버튼을 쓰세요(단계 이름에서 Alt+화살표).
pipeline-raw = 0 · 모델의 원래 softmax: 49,152개 토큰에 대해 pᵢ = exp(lᵢ) / Σⱼ exp(lⱼ)
pipeline-draw = 뽑기
    .sample = ChaCha8(seed)에서 u ~ U[0,1)을 뽑고, 남은 토큰을 확률이 높은 순서로 누적해 u를 넘는 토큰을 고릅니다.
    .greedy = do_sample이 꺼져 있습니다: temperature, top-k, top-p가 무엇이든 처리된 로짓의 최댓값(argmax)을 고르는 탐욕적 디코딩입니다.
pipeline-missing = 이 순서에 없는 단계:
pipeline-order-text = 텍스트로 쓴 순서
    .placeholder = 프리셋(hf), 단계 키(top_k,top_p), 또는 llama.cpp의 --samplers(penalties;dry;top_k)나 --sampler-seq(edskypmxt)
pipeline-llama = llama.cpp 인자로는:
pipeline-mu-unreplayed = 여기서는 μ가 2τ에서 시작합니다: 페이지에 완성문의 앞선 모든 위치에서 모델이 낸 답이 없어 μ를 다시 계산할 수 없습니다(완성문이 링크와 함께 왔거나, 페이지가 보관하는 128개의 답보다 깁니다). 페이지에서 완성문을 생성하면 토큰마다 이어지는 μ를 볼 수 있습니다.
stage-show = 보기
    .title = 이 단계의 출력을 차트에 표시(Alt+↑/↓로 이동)
stage-earlier = { $name }을(를) 앞으로 옮기기
stage-later = { $name }을(를) 뒤로 옮기기
stage-on = 켜짐
    .title = 이 단계를 순서에 포함
    .label = { $name } 켜짐
bias-search = 바이어스를 줄 토큰을 어휘에서 찾기
    .placeholder = 토큰 찾기, 예: Paris
bias-add = 토큰 { $id }에 바이어스 추가
bias-value = 토큰 { $id }의 바이어스
bias-remove = 토큰 { $id }의 바이어스 삭제

## 다음 토큰 탐색.

explorer-sample = 다음 토큰 샘플링
explorer-generate = 생성
explorer-stop = 멈춤
explorer-reset = 생성문 지우기
explorer-export = JSON 내보내기
explorer-draw = seed { $seed }는 { $token }을(를) 뽑습니다(u = { $u }가 이 토큰의 구간에 들어감; p = { $p })
explorer-draw-greedy = do_sample = false: 다른 설정과 상관없이 탐욕적 선택으로 argmax인 { $token }을(를) 고릅니다
explorer-view-final = 뽑기에 쓰이는 분포(모든 단계를 거친 뒤)를 보여 줍니다.
explorer-view-raw = 어떤 단계도 거치기 전, 모델의 원래 softmax를 보여 줍니다.
explorer-view-stage = { $index }번째 단계 { $name }의 출력을 보여 줍니다(옅은 막대: 그 단계의 입력).
explorer-compare = 다른 순서와 비교:
explorer-compare-off = 끄기
legend-now = 현재 확률
legend-before = 보이는 단계 이전
legend-raw = 모델의 원래 확률
legend-removed = 제거됨
chart-label = 다음 토큰 확률
chart-raw-tick = 모델 자체의 확률
chart-drawn = ◀ 뽑힘
chart-removed-by = { $name }에서 제거됨
chart-other = 나머지 토큰 { $count }개
chart-other-kept = { $count }개는 아직 남아 있음
compare-a = A: { $order }
compare-b = B: { $order }
compare-custom = 사용자 지정 순서
compare-keeps-same = 토큰 { $kept }개를 남김; 다른 쪽이 버리는 토큰 없음
compare-keeps-only = 토큰 { $kept }개를 남김; 이쪽에만 있는 토큰({ $only }개): { $tokens }

## API 요청 패널.

api-label = chat completions 요청
api-max-tokens = max_tokens
    .hint = 선택지마다 1–512; 2,048토큰 문맥에서도 멈춥니다
api-n = n
    .hint = 선택지 수, 1–8
api-best-of = best_of
    .hint = 후보 수 ≥ n (비우면 n); 스트리밍 불가
api-top-logprobs = top_logprobs
    .hint = 토큰마다 대안 수, 0–20
api-random-seed = 요청마다 새 무작위 seed
api-user = user
    .hint = 함께 전송될 뿐 로짓은 바꾸지 않습니다: 남용 감시용입니다
api-stop = stop (최대 { $max }개)
    .hint = 줄바꿈은 \n으로 입력
api-stop-string = { $n }번째 stop 문자열
api-stop-remove = { $n }번째 stop 문자열 삭제
api-stop-add = + stop
api-send = 요청 보내기
api-replay = 다시 실행(같은 seed)
    .title = 같은 요청을 같은 seed로 다시 실행
api-request = 요청 본문 (OpenAI chat-completions 형식)
api-copy = 복사
api-fingerprint = system_fingerprint
    .hint = 모델 파일, 엔진 빌드, 샘플러 순서의 해시입니다. fingerprint와 seed와 설정이 같으면 출력도 같습니다. 제공자가 백엔드를 바꾸면 fingerprint가 바뀌고, seed를 고정한 출력도 달라질 수 있습니다.
api-replay-same = ✓ 다시 실행해도 정확히 같은 토큰이 나왔습니다.
api-replay-differs = ✗ 이전 실행과 다릅니다.
api-usage = 사용량: 프롬프트 { $prompt } + 생성 { $completion } = 과금 토큰 { $total }개; 선택지마다 { $context }토큰 문맥 중 최대 { $room }토큰까지 쓸 수 있습니다
api-colour-raw = 모델의 원래 확률로 색칠(기본값: 샘플링 파이프라인을 거친 확률, 즉 실제로 뽑은 분포)
api-events = Server-sent events (stream: true)
api-response = 응답 객체
api-choice = 선택지 { $n }
api-candidate = 후보 { $n }
api-candidate-discarded = 후보 { $n } (버려짐)
api-choice-stats = seed { $seed } · 토큰 { $tokens }개 · 평균 ln p { $mean }
api-best-of-ranks = best_of는 모델 기준 토큰 로그 확률의 평균으로 후보의 순위를 매기고 상위 n개를 돌려줍니다.
api-not-streamed = stream이 꺼져 있어서 답이 끝나야 보입니다(지금까지 토큰 { $tokens }개)
api-stop-cut = ✂ stop 문자열 { $stop }이(가) { $at }번째 바이트에서 잘랐습니다. 취소선 토큰은 반환되는 텍스트에 포함되지 않습니다
api-alternatives = 대안
api-alternatives-head = 위치 { $position }: { $token } — 파이프라인 뒤 p = { $after }, 모델 기준 p = { $model }
api-alternative = 모델 { $model } · 파이프라인 { $after }
api-branch = 여기서부터 이 토큰으로 이어 쓰기

## 페이지 전체: 테마, 건너뛰기 링크, 알림, 차트 눈금.

skip-to-chart = 차트로 건너뛰기
header-theme = 테마
theme-system = 시스템 설정
theme-light = 밝게
theme-dark = 어둡게
tabs-label = 결과
scale-pick = 막대 눈금
scale-fit = 가장 긴 막대에 맞춤
scale-fixed = 0–100 % 고정
scale-axis = 막대 길이: 0부터 { $max }까지
announce-ready = 모델이 준비되었습니다.
announce-failed = 모델을 불러오지 못했습니다.
announce-worker-stopped = 모델 워커가 멈췄습니다. 계속하려면 모델을 다시 시작하세요.
announce-moved = { $name }을(를) { $count }개 중 { $index }번째로 옮겼습니다.
announce-generated = 생성이 끝났습니다. 생성문은 토큰 { $count }개입니다.
note-model-missing = model = { $value }을(를) 불러오지 못해서({ $error }) 기본 모델을 씁니다

## 학습: 설명, 프리셋, 가이드 투어.

teach-title = 배우기
teach-explain-pick = 파라미터 설명 보기
teach-pick-none = 선택…
teach-close = 설명 닫기
teach-try = 직접 해 보기
    .title = 이 데모의 프롬프트, 설정, 살펴볼 단계를 불러옵니다
teach-section-what = 하는 일
teach-section-formula = 수식
teach-section-range = 범위와 중립값
teach-section-apis = API별 차이
teach-section-when = 언제 어떤 값을 쓰나
teach-section-notice = 눈여겨볼 점
teach-section-correction = 학습 노트와 다른 점
teach-missing = 이 페이지는 아직 { $keys }을(를) 실행하지 않아서 이 데모를 불러올 수 없습니다.
teach-explain-button = { $name } 설명 보기
teach-presets = 학습 노트의 튜닝 절에서 가져온 프리셋(같은 질문, 같은 seed):
teach-preset-factual = 사실 위주 (T 0.2, top-p 0.9)
teach-preset-balanced = 균형 (T 0.6, top-p 0.8)
teach-preset-creative = 창의적 (T 1.0, top-p 0.95)
teach-myths = 흔한 오해
teach-myth-claim = 노트의 설명:
teach-myth-fact = 실제로는:
teach-myth-demo = 보여 주기
zones-label = 학습 노트의 권장 범위
zone-factual = 사실 0–0.3
zone-balanced = 균형 0.4–0.7
zone-creative = 창의 0.7–1+
zone-low = 낮음 0–0.5
zone-middle = 중간 0.6–0.8
zone-high = 높음 0.9–1

## Where a truncation stage cuts (the nucleus view), and the chart's sentence about it.

chart-cut-below = 순위 { $cut }에서 잘림, { $shown }개만 표시
chart-cut-inside = 순위 { $cut }에서 잘림: 그 아래 행은 제거됨
chart-biased = 바이어스 { $bias }: { $before } → { $after }
bias-hit-prob = 여기서 p = { $p }
nucleus-title = { $name }가 자르는 위치 (순위를 매긴 토큰 { $ranked }개 전체)
nucleus-cut = { $ranked }개 중 순위 { $cut }에서 잘림: 남은 토큰이 이 단계 전 확률 질량의 { $mass }를 차지
nucleus-threshold-mass = 기준: 누적 질량 Σp가 { $p }에 도달
nucleus-threshold-prob = 기준: p ≥ min_p × p_max = { $min_p } × { $p_max } = { $threshold }
nucleus-threshold-rank = 기준: 처음 k = { $k }개 순위 (k번째와 같은 값은 남김)
nucleus-typical-order = |−ln p − H| 순으로 정렬, 가장 전형적인 토큰부터 (H = { $h } nats)
nucleus-not-prefix = 남은 토큰이 정확히 처음 { $cut }개 순위는 아님 (min_keep 또는 동률)
nucleus-curve-mass = 누적 질량 Σp
nucleus-curve-prob = 토큰별 p
nucleus-threshold = 기준
nucleus-cut-line = 자르는 위치
nucleus-axis = (순위는 로그 눈금)

## Same prompt and seed, two settings.

side-title = 같은 프롬프트와 seed, 두 가지 설정
side-hint = 양쪽 모두 위의 프롬프트에서 같은 seed로 최대 { $n }개 토큰을 생성합니다. 다른 것은 샘플링 설정뿐입니다.
side-a = 왼쪽:
side-b = 오른쪽:
side-current = 현재 설정
side-settings = T { $t }, top-p { $p }, seed { $seed }
side-run = 둘 다 생성
side-stop = 중지
side-progress = 토큰 { $total }개 중 { $done }개…
side-done = 완료: 토큰 { $done }개
side-stopped = 토큰 { $done }개 후 중지됨
side-failed = 실패: { $error }
side-repeats = 반복된 토큰 { $count }개 (이 글에서 앞에 이미 나온 토큰)
