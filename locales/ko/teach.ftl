# samplescope 학습 콘텐츠, 한국어.
# en.ftl과 메시지 id와 속성이 정확히 같습니다.
# 값은 모두 한 줄로 씁니다. 중괄호 글자는 { "{" }, { "}" }로 씁니다.
# 데모에 적힌 수치는 모델의 numpy f32 참조 구현(models/reference.py)으로 측정했습니다.
# 페이지의 4비트 커널과의 차이는 약 1e-7 nat 이내입니다.

## 가이드 투어: 인터페이스 문자열

tour-title = 가이드 투어: 각 파라미터가 다음 토큰을 어떻게 바꾸는지
tour-prev = 이전
tour-next = 다음
tour-close = 투어 닫기
tour-start = 투어 시작
tour-progress = 전체 { $total }장 중 { $n }장

## 바이트 토큰

bytes-note = SmolLM2의 토크나이저는 주로 영어 텍스트로 학습된 바이트 수준 BPE입니다. 모든 텍스트는 먼저 UTF-8 바이트로 바뀌는데, 한글 한 음절은 3바이트입니다. 어휘에 한국어용 병합 규칙이 거의 없어서 한 음절이 보통 2~3개의 토큰으로 쪼개지고, 각 토큰은 글자의 일부일 뿐이므로 이 페이지에서는 <0xEC> 같은 바이트 조각으로 표시됩니다. "서울"은 2음절이지만 토큰은 6개이고, "한국의 수도는 서울입니다."는 30토큰인 반면 같은 뜻의 "The capital of Korea is Seoul."은 7토큰입니다. 그래서 한국어 프롬프트는 컨텍스트를 훨씬 빨리 채우고, 매 단계 글자의 조각을 예측해야 하며, 모델이 학습 중에 본 한국어도 적어서 한국어를 잘 이해하지도, 잘 쓰지도 못합니다. 이 모델에는 영어 프롬프트를 쓰시기 바랍니다. 한국어 텍스트를 많이 써서 학습한 토크나이저라면 같은 문장에 훨씬 적은 토큰이 듭니다.
bytes-count = 토큰 { $total }개 중 { $bytes }개가 바이트 조각입니다

## 파라미터 설명

explain-temperature = temperature(온도)
    .what = temperature(온도)는 다음 토큰 분포를 추첨 전에 뾰족하게 만들거나 평평하게 만듭니다. 값이 낮으면 이미 유력한 토큰이 더 유력해지고(예측 가능한 텍스트), 값이 높으면 가능성이 낮은 토큰에도 기회가 돌아갑니다(다양하지만 위험한 텍스트).
    .formula = 모든 로짓에 l′ᵢ = lᵢ / T를 적용한 뒤 softmax를 취합니다. 같은 말로 p′ᵢ ∝ pᵢ^(1/T)입니다. T < 1이면 뾰족해지고, T > 1이면 평평해지며, T = 1이면 아무것도 바뀌지 않고, T = 0은 그리디(greedy)로 argmax 하나만 남습니다.
    .range = 이 페이지: 0~2, 중립값 1이며, 채팅 모드는 SmolLM2-Instruct가 직접 권장하는 0.2에서 시작합니다. OpenAI API: 0~2, 기본값 1이며 0은 그리디를 뜻합니다.
    .apis = OpenAI: 0~2이며 0은 그리디입니다. 추론 모델(o 시리즈, GPT-5 추론 모델)은 기본값이 아닌 temperature를 거부하거나 무시합니다. Hugging Face transformers: T로 나누기 때문에 반드시 0보다 커야 하며, 그리디는 대신 do_sample=False로 지정합니다. 기본값은 1.0이고 샘플링할 때만 쓰입니다. llama.cpp: 서버 기본값은 0.8이고, 0 이하이면 가장 유력한 토큰을 고르며, 기본 샘플러 체인에서는 top-k, top-p, min-p 다음인 맨 마지막에 temperature를 적용합니다. vLLM: 기본값 1.0이며 0은 그리디입니다.
    .when = 사실 기반 답변, 정보 추출, 코드: 0~0.3. 균형 잡힌 대화: 0.4~0.7. 창작과 브레인스토밍: 0.7~1.0, 때로는 조금 더 높게. 1을 넘으면 곧 일관성이 떨어지며, 이렇게 작은 모델에서는 더 일찍 그렇게 됩니다.
    .notice = "My favourite colour is"에서 temperature를 낮춰 보십시오. 맨 위 막대 ␣blue가 약 11%(T = 1)에서 약 37%(T = 0.5), 68%(T = 0.2)로 커지고 "나머지 전부" 막대는 줄어듭니다. 1보다 높이면 막대들이 고르게 됩니다. 카드의 요약 줄에는 전후의 엔트로피가 나옵니다.

explain-top_k = top-k(상위 k개 샘플링)
    .what = top-k(상위 k개 샘플링)는 확률이 가장 높은 k개의 토큰만 남기고 나머지는 추첨 전에 모두 제거합니다. 남은 토큰들은 다시 합이 1이 되도록 정규화됩니다.
    .formula = lᵢ ≥ l₍ₖ₎(k번째로 큰 로짓)인 토큰 i를 남기고(k번째와 동점인 토큰도 남습니다), pᵢ = exp(lᵢ) / Σ(남은 j) exp(lⱼ)로 다시 계산합니다. k = 0은 꺼짐입니다.
    .range = 이 페이지: 0~100, 0 = 꺼짐. OpenAI API: top_k 파라미터가 없습니다.
    .apis = OpenAI: 없습니다. Hugging Face transformers: GenerationConfig에서 top_k 기본값이 50이고(0이면 꺼짐) do_sample=True일 때만 적용됩니다. llama.cpp: 서버 기본값 40, 0이면 꺼짐. vLLM: 기본값 −1이며 모든 토큰을 뜻합니다.
    .when = k는 무딘 도구입니다. 모델이 확신하든 망설이든 같은 개수를 남깁니다. k = 1은 그리디와 같습니다. 아주 가능성 낮은 토큰을 막는 안전망으로 20~100이 흔하며, top_p와 함께 쓰는 경우가 많습니다.
    .notice = "My favourite colour is"에서 top_k를 5로 두면 다섯 개의 막대만 색이 남고 나머지는 흐려지며, 남은 다섯 막대는 정규화되어 커집니다. "The capital of France is"에서는 같은 k = 5가 ␣Paris 옆에 가능성 낮은 토큰 네 개를 함께 남깁니다. 개수가 상황에 맞춰 바뀌지 않는 것입니다.

explain-top_p = top-p(누클리어스 샘플링)
    .what = top-p(누클리어스 샘플링)는 확률이 높은 순서로 토큰을 모아 합이 처음으로 p 이상이 되는 가장 작은 집합만 남기고 나머지를 제거합니다. 모델이 망설일 때는 집합이 커지고 확신할 때는 작아지므로 top-k보다 상황에 잘 맞춰집니다.
    .formula = 토큰을 p₍₁₎ ≥ p₍₂₎ ≥ … 순으로 정렬하고, p₍₁₎ + … + p₍ₘ₎ ≥ p가 되는 가장 작은 m(최소 1)개를 남긴 뒤 다시 정규화합니다. p = 1은 49,152개 토큰을 모두 남기고, p = 0은 가장 유력한 토큰 하나만 남깁니다.
    .range = 이 페이지: 0~1, 중립값 1이며, 채팅 모드는 SmolLM2-Instruct가 직접 권장하는 0.9에서 시작합니다. OpenAI API: 0~1, 기본값 1.
    .apis = OpenAI: 0~1, 기본값 1이며, 공식 레퍼런스는 temperature와 top_p 중 하나만 바꾸라고 권합니다. Hugging Face transformers: 기본값 1.0. llama.cpp: 서버 기본값 0.95. vLLM: 기본값 1.0, 허용 범위는 0 초과 1 이하.
    .when = 낮음(0~0.5): 후보가 적고 안정적이며 반복 가능한 텍스트. 중간(0.6~0.8): 다양성과 일관성의 균형. 높음(0.9~1.0): 후보가 많고 가장 다양한 텍스트이며, 1은 아무것도 거르지 않습니다. 채팅에서는 0.9~0.95가 흔히 쓰입니다.
    .notice = "My favourite colour is"에서 top_p를 1에서 0.5로 내려 보십시오. 카드에 49,152개 중 약 15개만 남았다고 표시되고 "나머지 전부" 막대가 사라집니다. p를 낮추면 토큰이 빠질 뿐, 더해지는 일은 없습니다.
    .correction = 학습 노트에는 top-p가 전체 어휘에서 샘플링하는 방식보다 더 다양한 출력을 만든다고, 또 0.9이면 정확도는 낮아지지만 다양성이 높아진다고 적혀 있습니다. 실제로 top-p는 토큰을 제거하기만 합니다. 전체 어휘에서 샘플링하는 것(top_p = 1)이 가장 다양한 설정이고, 그보다 낮은 값은 모두 더 보수적입니다. 따라서 0.9는 1보다 다양성이 약간 낮지, 높지 않습니다. 노트의 예시는 맞습니다. "word1"이 40%라면 top_p 0.30에서도 word1만 남습니다. 또 노트의 코드에서 top_p=0.8은 "80% 다양성"이 아니라 확률 질량의 상위 80%를 차지하는 토큰들을 남긴다는 뜻입니다.

explain-frequency_penalty = frequency_penalty(빈도 페널티)
    .what = frequency_penalty(빈도 페널티)는 반복을 억제합니다. 어떤 토큰이 완성문(completion)에 이미 나올 때마다 그 토큰의 로짓을 조금씩 더 낮춥니다. 음수 값은 반대로 반복을 부추깁니다.
    .formula = l′ⱼ = lⱼ − cⱼ · α입니다. 여기서 cⱼ는 지금까지의 완성문에 토큰 j가 나온 횟수이고(OpenAI API와 같이 프롬프트는 세지 않습니다), α는 frequency_penalty입니다. 3번 쓰인 토큰은 3α만큼 낮아집니다.
    .range = 이 페이지: −2~2, 중립값 0. OpenAI API: −2.0~2.0, 기본값 0.
    .apis = OpenAI: 완성문 기준 −2~2이며, 공식 가이드는 반복을 어느 정도 줄이려면 약 0.1~1을, 강하게 억제하려면 2까지 쓰되 품질이 눈에 띄게 떨어질 수 있다고 안내합니다. Hugging Face transformers: frequency_penalty가 없고 대신 repetition_penalty가 있습니다. llama.cpp: frequency_penalty, 기본값 0, 마지막 repeat_last_n개 토큰 범위에서 적용. vLLM: 생성된 텍스트 기준 frequency_penalty.
    .when = 사실 기반이거나 짧은 답변에는 0. 긴 답변이 단어나 줄을 되풀이하기 시작하면 0.1~1. 1을 넘기면 모델이 꼭 필요한 단어(이름, "the", 문장부호)까지 피하기 시작해 글이 이상해집니다. 음수 값은 실험용입니다.
    .notice = 데모의 완성문에는 이미 ␣apple이 세 번 나왔고, ␣apple의 확률은 약 79%입니다. frequency_penalty = 1이면 로짓에서 3(횟수 × α)이 빠져 약 16%로 떨어지고, 2이면 상위 막대에서 사라집니다. 그다음 같은 시드로 Generate를 눌러 frequency_penalty = 0일 때의 텍스트와 비교해 보십시오.
    .correction = 학습 노트에는 presence penalty는 토큰 사용을 억제하는 반면 frequency penalty는 "토큰 사용을 장려한다"고 적혀 있고, 번역에서 희귀한 단어가 더 자주 쓰이게 할 때 쓴다는 예도 나옵니다. 실제로는 두 페널티 모두 반복을 억제합니다. 양수 frequency_penalty는 토큰의 로짓을 등장 횟수 × α만큼 낮추므로 자주 쓰인 토큰일수록 덜 나오게 됩니다. 반복을 부추기는 것은 음수 값일 때뿐입니다. 노트의 요점 목록(반복을 줄인다, 너무 높으면 자연스러움이 떨어진다)은 맞습니다.

explain-presence_penalty = presence_penalty(존재 페널티)
    .what = presence_penalty(존재 페널티)는 완성문에 이미 한 번이라도 나온 모든 토큰의 로짓을, 몇 번 나왔든 상관없이 한 번만 낮춥니다. 아직 쓰지 않은 토큰과 주제 쪽으로 모델을 살짝 밀어 줍니다.
    .formula = l′ⱼ = lⱼ − 1[cⱼ > 0] · α입니다. 토큰 j가 완성문에 한 번 이상 나왔으면 α를 한 번 뺍니다(프롬프트는 세지 않습니다). frequency_penalty는 대신 등장할 때마다 빼서 cⱼ · α를 뺍니다.
    .range = 이 페이지: −2~2, 중립값 0. OpenAI API: −2.0~2.0, 기본값 0.
    .apis = OpenAI: 완성문 기준 −2~2. Hugging Face transformers: 없습니다(가장 가까운 것은 repetition_penalty). llama.cpp: presence_penalty, 기본값 0, 마지막 repeat_last_n개 토큰 범위에서 적용. vLLM: 생성된 텍스트 기준 presence_penalty.
    .when = 기본은 0입니다. 긴 답변을 새로운 단어와 주제 쪽으로 밀고 싶으면 0.1~1. 한 단어가 여러 번 반복되는 문제라면 frequency_penalty가, 답변이 같은 몇 단어 주위를 맴도는 문제라면 presence_penalty가 더 맞습니다.
    .notice = 같은 데모에서 presence_penalty = 1은 ␣apple이 세 번 나왔는데도 1만 뺍니다. 그래서 약 79%에서 약 58%로만 떨어집니다. frequency_penalty = 1로 바꾸면 3이 빠져 약 16%가 됩니다. do_sample을 끄고 Generate를 누르면 presence_penalty = 1에서는 "apple,"이 계속 반복되지만 frequency_penalty = 1에서는 루프를 벗어납니다. 고정된 벌점은 습관과 함께 커지지 않지만, 등장마다 더해지는 벌점은 커지기 때문입니다.
    .correction = 학습 노트에는 presence penalty는 토큰 사용을 억제하고 frequency penalty는 장려한다고 적혀 있습니다. 실제로는 둘 다 반복을 억제하며, 다른 점은 세는 방법뿐입니다. presence는 이미 나온 토큰(cⱼ > 0)에서 α를 한 번 빼고, frequency는 등장할 때마다 α를 뺍니다. 또 presence penalty가 관련 없는 텍스트의 생성을 막아 주는 것은 아니며(오히려 새로운 주제 쪽으로 밀어 줍니다), "최근에" 쓴 단어만 해당하는 것도 아닙니다. 완성문 어디에든 나온 토큰이면 모두 해당합니다.

explain-max_tokens = max_tokens(최대 토큰 수)
    .what = max_tokens(최대 토큰 수)는 한 번의 완성문에서 모델이 생성할 수 있는 토큰의 최대 개수입니다. 이 개수에 이르면 문장 중간이라도 생성이 멈추고 finish_reason은 "length"가 됩니다.
    .formula = 정지 문자열, 턴 종료 토큰(여기서는 <|im_end|>), 완성문 토큰 max_tokens개(finish_reason = length) 중 먼저 오는 것에서 생성을 멈춥니다. 이와 별개로, 프롬프트 토큰과 완성문 토큰을 합친 수가 모델 고유의 고정된 한계인 컨텍스트 윈도에 들어가야 합니다.
    .range = 이 페이지: 1~512, 기본값 64이며, 이 페이지의 컨텍스트는 2,048토큰입니다(SmolLM2는 8,192토큰으로 학습되었습니다). OpenAI API: 선택 사항이며 상한은 모델마다 다릅니다.
    .apis = OpenAI: Chat Completions에서 max_tokens는 max_completion_tokens로 대체되어 사용 중단(deprecated) 상태이며, 추론 모델은 max_completion_tokens를 요구합니다(보이지 않는 추론 토큰까지 셉니다). 레거시 Completions API의 기본값은 16입니다. Hugging Face transformers: max_new_tokens(max_length는 프롬프트까지 셉니다). llama.cpp: 자체 /completion 엔드포인트의 n_predict이며 −1은 제한 없음입니다. vLLM: max_tokens, 기본값 16.
    .when = 레이블이나 한 단어: 1~20. 채팅 답변: 수백. 길이 목표가 아니라 안전 한도로 생각하십시오. 답변을 짧게 받고 싶다면 프롬프트에서 짧게 요청하십시오. max_tokens를 낮게 두면 글이 잘릴 뿐입니다.
    .notice = API 탭에서 max_tokens = 5로 두면 선택지가 다섯 토큰 뒤에 finish_reason "length"로 끝나고, usage에는 completion_tokens = 5가 표시되며 prompt_tokens는 그대로입니다.
    .correction = 학습 노트에는 max_tokens가 모델의 아키텍처에 따라 정해지고, 모델이 한 번에 처리할 수 있는 최대 토큰 수이며, 프롬프트와 완성문을 모두 포함한다고 적혀 있습니다. 이것은 컨텍스트 윈도에 대한 설명으로, 모델의 별도의 고정된 한계입니다. max_tokens는 완성문만 제한하는 요청 파라미터입니다. 비용과 시간은 상한값이 아니라 실제로 생성된 토큰 수에 따라 늘어나며, 상한을 작게 둔다고 오류나 불일치가 생기는 것이 아니라 답변이 잘릴 뿐입니다.

explain-stop = stop(정지 시퀀스)
    .what = stop(정지 시퀀스)은 문자열 목록으로, 생성된 텍스트에 그중 하나가 나타나는 즉시 생성을 끝냅니다. 정지 문자열 자체는 반환되지 않습니다.
    .formula = 토큰이 하나 생성될 때마다 완성문 텍스트에 정지 문자열 중 하나가 들어 있는지(여러 토큰에 걸쳐 나뉜 경우도 포함) 확인합니다. 들어 있으면 그 바로 앞에서 텍스트를 자르고 finish_reason "stop"으로 끝냅니다. OpenAI API는 문자열을 최대 4개까지 받습니다.
    .range = 이 페이지: 비어 있지 않은 문자열 최대 4개, 기본값은 없음이며, 채팅에서는 턴 종료 토큰 <|im_end|>가 항상 턴을 끝냅니다. OpenAI API: 문자열 하나 또는 최대 4개의 문자열 목록, 기본값 null.
    .apis = OpenAI: 최대 4개의 시퀀스이며 반환 텍스트에 포함되지 않습니다. Hugging Face transformers: generate()의 stop_strings(토크나이저도 함께 넘겨야 합니다), 또는 토큰 id로 지정하는 eos_token_id. llama.cpp: stop, 문자열의 JSON 배열이며 완성문에 포함되지 않습니다. vLLM: stop(문자열 또는 목록)과 stop_token_ids가 있고, include_stop_str_in_output의 기본값은 false입니다.
    .when = 한 줄에서 멈추려면 \n, 한 문단에서 멈추려면 \n\n, 또는 프롬프트 형식이 쓰는 표시("Q:"나 "###" 등)를 지정합니다. 값은 언제나 텍스트 자체이지, 개수가 아닙니다.
    .notice = 데모는 과일 세 가지를 한 줄에 하나씩 요청하고 stop을 "3."으로 둡니다. 모델이 "1. Banana", "2. Apple"을 쓰고 두 토큰에 걸쳐 "3."이 나오는 순간 멈춥니다. 응답에는 정지 문자열이 텍스트를 자른 위치가 표시되고, 반환된 텍스트에는 "3."이 없습니다. 정지 문자열을 지우고 다시 실행하면 전체 목록이 보입니다.
    .correction = 학습 노트에는 Stop Sequence를 2로 설정하면 출력이 단락으로, 1로 설정하면 문장으로 제한된다고 적혀 있습니다. stop은 숫자가 아니라 최대 4개의 문자열 목록이며, 그중 처음 나타나는 문자열 바로 앞에서 생성이 끝납니다. 한 단락에서 멈추려면 "\n\n"을 쓰고(노트의 코드가 하는 것이 바로 이것으로, 모든 줄바꿈이 아니라 빈 줄에서 멈춥니다), 한 줄에서 멈추려면 "\n"을 씁니다.

explain-best_of = best_of(후보 중 최선)
    .what = best_of(후보 중 최선)는 서버에서 완성된 후보를 여러 개 생성한 뒤, 토큰 로그 확률의 평균으로 순위를 매겨 가장 좋은 n개만 반환합니다.
    .formula = best_of개의 후보를 서로 독립적으로 생성하고, 각 후보를 L개 토큰에 대한 평균 로그 확률 (1/L) · Σ ln p(tokenₜ)로 점수 매긴 뒤, 점수가 높은 n개를 반환합니다(best_of ≥ n). 버려진 후보도 토큰 비용이 듭니다.
    .range = 이 페이지: n부터 8까지, 기본값은 지정 안 함(= n)이며, best_of > n이면 스트리밍할 수 없습니다. OpenAI API: 레거시 Completions 엔드포인트에만 있고, 기본값 1, n과 함께 쓸 때는 n보다 커야 하며, 스트리밍할 수 없습니다.
    .apis = OpenAI: 레거시 Completions 전용입니다(Chat Completions에는 best_of가 없습니다). vLLM: SamplingParams에 best_of ≥ n이 있으며, 예전 버전에서 use_beam_search=True일 때는 빔 폭(beam width)이었습니다. Hugging Face transformers: best_of가 없고, num_return_sequences는 여러 샘플을 반환하며 num_beams는 빔 서치를 합니다.
    .when = 그다지 쓸 일이 없습니다. 비용이 best_of배가 되기 때문입니다. 가장 확신 있는 후보가 정답일 가능성이 높은, 짧고 명확한 출력에는 도움이 될 수 있습니다. 창작 글에서는 가장 확률이 높은 후보가 가장 밋밋한 경우가 많습니다.
    .notice = API 탭에서 best_of = 4, n = 1로 두면 후보 네 개가 생성됩니다. 반환된 하나는 그대로 보이고, 버려진 세 개는 평균 로그 확률 점수와 함께 흐리게 표시됩니다.
    .correction = 학습 노트는 서로 다른 두 시스템을 섞어 설명합니다. OpenAI API에서 best_of는 서버 쪽 순위 매기기입니다. best_of개의 후보를 생성하고 평균 토큰 로그 확률이 가장 높은 n개를 반환하며, 레거시 Completions API에만 있고 스트리밍할 수 없습니다. "use_beam_search가 True일 때 빔 폭으로 처리된다"는 설명은 vLLM의 예전 SamplingParams에서 온 것으로, 다른 엔진의 다른 알고리즘(빔 서치)입니다.

explain-logprobs = logprobs(로그 확률)
    .what = logprobs(로그 확률)를 켜면 API가 생성된 각 토큰에 대해 그 확률의 자연로그를 함께 돌려줍니다. 값은 0 이하이며, 0에 가까울수록 모델이 확신했다는 뜻이고 큰 음수일수록 망설였다는 뜻입니다.
    .formula = logprob = ln p(토큰 | 문맥)입니다. p = 1이면 0, p = 0.5이면 −0.69, p = 0.1이면 −2.30, p = 0.01이면 −4.61입니다. 확률로 되돌리려면 p = e^logprob입니다.
    .range = 이 페이지: true 또는 false이며 API 탭에서는 기본으로 켜져 있습니다. OpenAI Chat Completions: 불리언, 기본값 false.
    .apis = OpenAI: Chat Completions는 logprobs: true를 받고(대안 토큰은 top_logprobs로), 레거시 Completions API는 대신 0~5의 정수를 받았습니다. Hugging Face transformers: return_dict_in_generate=True와 함께 output_scores=True 또는 output_logits=True를 주고 compute_transition_scores를 씁니다. llama.cpp: n_probs. vLLM: logprobs가 정수로, 토큰마다 돌려줄 대안의 개수입니다.
    .when = 확신도를 재거나, 답변에서 불확실한 부분을 찾거나, 레이블 토큰의 확률로 분류할 때 켭니다. 어떤 토큰이 생성되는지는 전혀 바꾸지 않습니다.
    .notice = API 탭에서 각 토큰은 확률에 따라 색이 칠해집니다. 응답에는 토큰마다 두 숫자가 들어 있습니다. logprob은 샘플링 단계를 거친 뒤의 값이고, raw_logprob은 모델 자체 softmax의 값입니다. temperature나 필터가 분포를 바꾸었다면 두 값이 다릅니다.

explain-top_logprobs = top_logprobs(상위 로그 확률)
    .what = top_logprobs(상위 로그 확률)는 각 위치에서 가장 유력한 대안 토큰을 몇 개까지 로그 확률과 함께 돌려줄지 정합니다. logprobs: true가 필요합니다.
    .formula = 생성된 각 위치마다 확률이 가장 높은 토큰 top_logprobs개를 높은 순서로 ln p와 함께 나열합니다. 실제로 선택된 토큰은 그 안에 없더라도 따로 함께 보고됩니다.
    .range = 이 페이지: 0~20, API 탭 기본값 5이며 logprobs = true가 필요합니다. OpenAI API: 0~20, logprobs: true 필요.
    .apis = OpenAI: Chat Completions에서 0~20. Hugging Face transformers: 반환된 점수에서 상위 항목을 직접 뽑습니다. llama.cpp: n_probs. vLLM: 정수 logprobs가 이 역할을 합니다.
    .when = 모델이 무엇과 무엇 사이에서 망설였는지 보려면 3~5개면 충분합니다. 분석용으로는 20개까지 씁니다.
    .notice = API 응답에서 토큰 하나를 열면 팝오버에 대안 토큰들이 확률과 함께 나옵니다. 하나를 클릭하면 그 토큰에서부터 생성을 이어 가며, 나머지 글이 어떻게 바뀌는지 볼 수 있습니다.
    .correction = 학습 노트에는 top_logprobs가 0~5 사이의 정수라고 적혀 있습니다. 이 한도는 예전 문서(그리고 레거시 Completions API의 정수형 logprobs)의 것이며, 현재 Chat Completions 레퍼런스는 0~20을 허용합니다.

explain-do_sample = do_sample(샘플링 여부)
    .what = do_sample(샘플링 여부)은 다음 토큰을 분포에서 무작위로 뽑을지(true), 항상 가장 확률 높은 토큰을 고를지(false, 그리디 디코딩)를 정합니다. Hugging Face transformers의 파라미터입니다.
    .formula = do_sample = false: 다음 토큰 = 각 단계가 남긴 분포의 argmax이며, 난수는 쓰이지 않습니다. do_sample = true: u ~ U[0, 1)을 뽑고, 확률이 높은 토큰부터 누적 확률을 더해 처음으로 u를 넘는 토큰을 고릅니다.
    .range = 이 페이지: true 또는 false, 기본값 true. OpenAI API: 이 파라미터가 없으며 temperature 0이 그 역할을 합니다.
    .apis = Hugging Face transformers: GenerationConfig의 기본값이 False라서, do_sample=True를 지정하거나 모델의 generation_config.json이 켜 두지 않는 한 generate()는 그리디입니다. temperature, top_k, top_p는 샘플링할 때만 적용됩니다. OpenAI: 없으며 temperature 0을 씁니다. llama.cpp와 vLLM: 없으며 temperature 0(llama.cpp는 0 이하)이 그리디입니다.
    .when = 반복해도 같은 결과가 필요할 때(테스트, 정보 추출, 짧은 사실 답변)는 false. 다만 작은 모델의 그리디 디코딩은 쉽게 같은 말을 되풀이하는 루프에 빠집니다. 대화와 창작에는 true를 temperature, top_p와 함께 씁니다.
    .notice = do_sample을 끄면 시드와 상관없이 강조되는 토큰은 언제나 가장 긴 막대입니다. 단계 카드들은 여전히 효과를 보여 주지만, 중요한 것은 argmax뿐입니다.
    .correction = 학습 노트는 do_sample을 chat completions 요청 파라미터 가운데 하나로 소개합니다. do_sample은 Hugging Face transformers의 generate()에 속하며, OpenAI API에는 do_sample이 없습니다(그쪽의 그리디는 temperature 0입니다). true와 false에 대한 노트의 설명 자체는 맞습니다.

explain-messages = messages(메시지 목록)
    .what = messages(메시지 목록)는 채팅 모델에 보내는 대화로, 역할(system, user, assistant)과 내용을 가진 턴들의 목록입니다. 서버가 모델의 채팅 템플릿으로 이를 하나의 텍스트로 만들고, 모델은 assistant로서 그 텍스트를 이어 씁니다.
    .formula = SmolLM2는 ChatML을 씁니다. 각 턴은 <|im_start|>, 역할, 줄바꿈, 내용, <|im_end|>가 되고, 끝에 <|im_start|>assistant와 줄바꿈이 붙은 뒤 모델이 거기서부터 씁니다. 첫 메시지가 system 메시지가 아니면 템플릿이 SmolLM2의 기본 시스템 프롬프트를 넣습니다.
    .range = 이 페이지: 메시지 하나 이상, 역할은 system, user, assistant이며, 렌더링된 프롬프트가 2,048토큰 컨텍스트에 생성할 자리를 남겨야 합니다. OpenAI API: Chat Completions에서 필수.
    .apis = OpenAI: 역할은 system(최신 모델에서는 developer), user, assistant, tool이며, 서버가 보이지 않는 템플릿을 적용합니다. Hugging Face transformers: tokenizer.apply_chat_template(messages, add_generation_prompt=True)가 모델 자체의 템플릿으로 렌더링합니다. llama.cpp와 vLLM: OpenAI 호환 채팅 엔드포인트가 모델의 템플릿을 적용합니다.
    .when = 오래 유지할 지시는 system 메시지에, 할 일은 user 메시지에 넣고, 필요하면 예시로 이전 assistant 턴을 넣습니다. 135M 모델에서는 짧게, 그리고 영어로 쓰십시오.
    .notice = 프롬프트를 채팅 모드로 바꾸면 렌더링된 프롬프트에 특수 토큰 <|im_start|>와 <|im_end|>가 표시되고, "assistant" 다음의 첫 토큰 분포가 원시 프롬프트의 분포와 전혀 다르게 보입니다("What is the capital of France?"에서는 답이 The, L, La로 시작합니다).

explain-logit_bias = logit_bias(로짓 편향)
    .what = logit_bias(로짓 편향)는 지정한 토큰 id의 로짓에 고정된 수를 더해, 매 단계 그 토큰이 더 잘 나오거나 덜 나오게 합니다. −100은 사실상 금지, +100은 사실상 강제입니다.
    .formula = 목록에 있는 각 토큰 id j에 대해 l′ⱼ = lⱼ + bⱼ이며, bⱼ는 −100~100입니다. 다른 토큰은 그대로입니다. 편향 b는 토큰의 오즈(odds)에 eᵇ를 곱합니다. +1은 약 ×2.7, −1은 약 ×0.37, −100은 약 ×4·10⁻⁴⁴입니다.
    .range = 이 페이지: id:bias 쌍의 목록이며 bias는 −100~100, 기본값은 비어 있음입니다(7042:-100은 ␣Paris를 금지합니다). OpenAI API: 토큰 id에서 −100~100 편향으로 가는 맵, 기본값 null.
    .apis = OpenAI: 키는 그 모델 자체 토크나이저의 토큰 id입니다. Hugging Face transformers: sequence_bias(토큰 시퀀스에 대한 편향)와 bad_words_ids(금지). llama.cpp: [id, bias] 쌍으로 된 logit_bias이며, bias를 false로 주면 금지되고, id 대신 문자열을 쓸 수도 있습니다.
    .when = 살짝 밀어 주려면 작은 값(±1~±5), 단어를 금지하려면 −100, +100은 분류에서 레이블을 강제할 때만 씁니다. 한 단어가 여러 토큰일 수 있고, 앞에 공백이 있는 단어와 없는 단어는 서로 다른 토큰이므로 id를 꼭 확인하십시오.
    .notice = "The capital of France is"에 7042:-100을 주면 ␣Paris 막대(77%)가 무너지고 다른 막대들이 그 자리를 채웁니다. ␣the가 약 28%로 1위가 되고, ␣London이 약 5%로 뒤따릅니다.

explain-n = n(선택지 개수)
    .what = n(선택지 개수)은 한 번의 요청으로 생성할 서로 독립된 완성문, 즉 선택지(choice)의 개수입니다.
    .formula = 각 선택지는 자기만의 난수 스트림을 받아 같은 설정으로 독립적으로 샘플링되며, 응답에는 0번부터 n − 1번까지의 choices가 담깁니다. 비용은 모든 선택지의 토큰을 합한 것입니다.
    .range = 이 페이지: 1~8, 기본값 1이며, 각 선택지의 스트림은 시드에서 파생됩니다. OpenAI API: 기본값 1.
    .apis = OpenAI: n개의 선택지, 생성된 모든 토큰에 과금. Hugging Face transformers: num_return_sequences. vLLM: n.
    .when = 평소에는 1. 여러 변형을 나란히 비교하거나, 사용자가 고르게 하거나, 답이 얼마나 안정적인지 확인하려면 2~5. 모든 선택지가 같은 답이면 모델이 확신하고 있다는 뜻입니다.
    .notice = API 탭에서 n = 3으로 두면 같은 프롬프트에서 나온 선택지 세 개가 나란히 보입니다. temperature 0에서는 똑같고, temperature를 올리면 서로 갈라집니다.

explain-response_format = response_format(응답 형식)
    .what = response_format(응답 형식)은 답변의 형태를 고정합니다. 일반 텍스트, 아무 유효한 JSON(JSON 모드), 또는 지정한 스키마에 맞는 JSON(Structured Outputs) 중 하나입니다.
    .formula = 제약 디코딩(constrained decoding)입니다. 매 단계 추첨 전에, 출력 형식을 깨뜨릴 토큰을 모두 마스킹(확률을 0으로)하므로 텍스트는 유효한 방향으로만 자랄 수 있습니다. 이 페이지에서는 이 마스크가 하나의 단계로 표시됩니다.
    .range = { "{" }"type": "text"{ "}" }가 기본값이고, { "{" }"type": "json_object"{ "}" }는 JSON 모드, { "{" }"type": "json_schema", "json_schema": …{ "}" }는 Structured Outputs입니다.
    .apis = OpenAI: 세 가지 모두 지원합니다. JSON 모드를 쓸 때는 메시지에서도 JSON을 요청해야 하며, 그러지 않으면 모델이 토큰 한도까지 공백만 낼 수 있습니다. llama.cpp: 요청의 grammar(GBNF)와 json_schema 필드가 샘플링을 제약합니다. vLLM: 가이드 디코딩(guided decoding)으로 구조화된 출력을 지원합니다. Hugging Face transformers: generate()에 response_format은 없으며, prefix_allowed_tokens_fn이나 외부 라이브러리로 토큰을 제한합니다.
    .when = 프로그램이 답변을 읽어야 한다면 언제나 JSON 스키마를 쓰고, 스키마는 작게 유지하십시오. 문법은 형태를 보장할 뿐 좋은 내용을 보장하지 않습니다. SmolLM2-135M은 JSON용으로 학습되지 않았으므로, 형식은 유효하지만 값은 엉뚱한 경우가 많을 것입니다.
    .notice = JSON 모드를 켜고 다음 토큰 화면에서 grammar(문법) 단계를 선택해 보십시오. 49,152개 토큰이 거의 모두 흐려지고 JSON을 유효하게 유지하는 토큰만 남습니다(처음에는 객체를 여는 토큰들). 추첨은 그중에서만 고를 수 있습니다.

explain-seed = seed(시드)
    .what = seed(시드)는 샘플링에 쓰이는 난수를 고정해서 같은 요청을 그대로 다시 재현할 수 있게 합니다. 분포는 바꾸지 않고, 그 분포에서 어떤 토큰이 뽑히는지만 정합니다.
    .formula = 이 페이지에서는 ChaCha8(seed)에서 단계마다 난수 u ~ U[0, 1)을 하나씩 뽑고, 확률이 높은 토큰부터 누적 확률이 u를 넘는 지점의 토큰을 고릅니다. 같은 모델 파일, 같은 설정, 같은 시드이면 브라우저에서든 네이티브에서든 같은 토큰이 나옵니다.
    .range = 이 페이지: 0 이상의 정수이며, 링크에 항상 기록됩니다. OpenAI API: 정수, 선택 사항, 베타 기능.
    .apis = OpenAI: 최선을 다할 뿐(best effort) 결정성이 보장되지 않으며, 백엔드 변경을 알려면 응답의 system_fingerprint를 비교하라고 안내합니다. Hugging Face transformers: generate()에 seed 인자가 없으며, 호출 전에 transformers.set_seed(또는 torch.manual_seed)를 부릅니다. llama.cpp: seed, 기본값 −1 = 무작위. vLLM: 요청마다 seed.
    .when = 테스트, 데모, 디버깅, 설정 비교(설정 하나만 바꾸고 시드는 그대로)에서는 시드를 고정하십시오. 사용자에게 다양한 답을 주어야 하는 실제 서비스에서는 무작위로 둡니다.
    .notice = 같은 시드로 "Sample next token"을 두 번 누르면 같은 토큰이 강조됩니다. 시드를 바꾸면 새로운 u가 나와 다른 토큰이 뽑힐 수 있지만, 막대는 움직이지 않습니다. 시드는 추첨에만 영향을 주기 때문입니다.
    .correction = 학습 노트는 처음에는 시드가 결정적 샘플링을 "보장"한다고 했다가, 뒤에서는 결정성이 보장되지 않는다고 합니다. 호스팅 API에 대해서는 뒤의 말이 맞습니다. OpenAI는 seed를 베타이자 최선 노력(best effort) 기능이라 부르고 system_fingerprint를 확인하라고 합니다. 이 페이지에서는 시드가 정확합니다. 같은 모델 파일, 같은 설정, 같은 시드이면 언제나 같은 토큰이 나옵니다.

explain-system_fingerprint = system_fingerprint(시스템 지문)
    .what = system_fingerprint(시스템 지문)는 요청을 처리한 백엔드 구성을 나타내는 응답 필드입니다. 이 값이 바뀌면 같은 시드로 보낸 같은 요청도 다른 출력을 낼 수 있습니다.
    .formula = 서버가 정하는 불투명한 문자열입니다(OpenAI의 값은 fp_44709d6fcb 같은 모양입니다). 이 페이지에서는 fp_ 뒤에, 모델 파일의 해시, 엔진 빌드, 단계 순서에 대한 SHA-256의 16진수 10자리가 붙습니다.
    .range = 요청 파라미터가 아니라 응답에 들어 있는 문자열이므로 설정할 것이 없습니다.
    .apis = OpenAI: Chat Completions 응답과 함께 반환되며 seed와 함께 보도록 만든 값입니다. 로컬 엔진(transformers, llama.cpp, vLLM)에서는 백엔드를 직접 관리하므로, 모델 파일과 소프트웨어 버전을 고정하는 것이 같은 역할을 합니다.
    .when = 재현성이 필요할 때는 시드와 함께 기록해 두고, 값이 바뀌면 결과가 달라질 수 있다고 보고 다시 확인하십시오.
    .notice = API 탭에서 지문 값을 적어 둔 뒤 단계 순서를 바꾸어 보십시오(예: llama.cpp). 지문이 바뀌고, 같은 시드로도 다른 텍스트가 나올 수 있습니다.

explain-stream = stream(스트리밍)
    .what = stream(스트리밍): true이면 답변이 끝날 때 한 번에 오는 대신, 생성되는 동안 조금씩 전송됩니다.
    .formula = 서버 전송 이벤트(server-sent events)입니다. data: { "{" }…{ "}" } 형태의 줄이 이어지고 각 줄의 청크에는 새로 생긴 약간의 텍스트(delta)가 담기며, finish_reason이 담긴 청크 다음에 마지막으로 data: [DONE] 줄이 옵니다.
    .range = 이 페이지: true 또는 false, 기본값 true(best_of > n과는 함께 쓸 수 없습니다). OpenAI API: 기본값 false.
    .apis = OpenAI: chat.completion.chunk 타입의 청크이며, stream_options의 include_usage를 켜면 usage가 담긴 마지막 청크가 추가됩니다. Hugging Face transformers: generate()에 TextStreamer나 TextIteratorStreamer를 넘깁니다. llama.cpp와 vLLM: 서버에서 stream: true로, 역시 서버 전송 이벤트로 보냅니다.
    .when = 채팅 화면에서는 사용자가 글을 바로 볼 수 있도록 켜십시오. 끄면 코드가 단순해지고 응답이 한 번에 오며, best_of에는 이쪽이 필요합니다.
    .notice = API 탭에서 텍스트가 자라는 동안 이벤트 로그에 data: 줄이 쌓입니다. 정지 문자열이 될 가능성이 남아 있는 텍스트나, 글자의 절반(예: 바이트 토큰으로 쪼개진 한글 음절)은 잠시 보류되었다가 전송됩니다.

explain-tools = tools(도구)
    .what = tools(도구)는 모델이 호출할 수 있는 함수의 목록입니다. 각 함수에는 이름, 설명, 인자에 대한 JSON Schema가 있으며, 모델은 텍스트 대신 도구 호출(함수 이름과 JSON 인자)로 답할 수 있고 그 호출은 여러분의 코드가 실행합니다.
    .formula = 각 도구는 type이 function이고 function.name, function.description, function.parameters(JSON Schema)를 가집니다. 정의는 프롬프트에 들어가고, 모델은 tool_calls로 답하며, 여러분이 함수를 실행해 그 결과를 role이 tool인 메시지로 돌려보내면, 모델이 최종 답변을 씁니다.
    .range = OpenAI API: 도구 정의의 목록, 기본값은 없음. 이 페이지: 같은 모양이며, 호출의 형태는 문법 마스크로 강제됩니다.
    .apis = OpenAI: 함수 도구이며 인자는 JSON입니다. strict: true를 주면 인자가 스키마를 정확히 따릅니다. Hugging Face transformers: 템플릿이 도구를 지원하는 모델이라면 apply_chat_template(messages, tools=…)가 정의를 렌더링합니다. vLLM: OpenAI 호환 서버가 모델별 파서로 도구 호출을 해석합니다.
    .when = 모델에게 실시간 데이터나 동작(날씨, 데이터베이스, 계산기)이 필요할 때 씁니다. 목록은 짧게, 설명은 분명하게 쓰십시오. SmolLM2-135M은 도구 사용용으로 학습되지 않았습니다. 문법은 호출의 형태를 보장할 뿐, 알맞은 도구나 타당한 인자를 고른다는 보장은 없습니다.
    .notice = 도구를 하나 정의하고 다음 토큰 화면에서 grammar(문법) 단계를 선택해 보십시오. 처음에는 올바른 호출을 시작할 수 있는 토큰만 색이 남습니다. 그다음 모델이 채운 인자를 읽고 직접 판단해 보십시오.

explain-tool_choice = tool_choice(도구 선택)
    .what = tool_choice(도구 선택)는 모델이 도구를 호출해도 되는지, 반드시 호출해야 하는지, 호출하면 안 되는지를 정합니다.
    .formula = none: 도구를 호출하지 않고 메시지를 씁니다. auto: 모델이 메시지와 도구 호출 중에서 고릅니다. required: 도구를 하나 이상 반드시 호출합니다. { "{" }"type": "function", "function": { "{" }"name": "my_function"{ "}" }{ "}" }: 그 함수를 반드시 호출합니다.
    .range = 기본값: 도구가 없으면 none, 도구가 있으면 auto.
    .apis = OpenAI: 위의 네 가지 형태. Hugging Face transformers: generate()에는 tool_choice가 없으며, 프롬프트와 여러분의 파싱 코드가 결정합니다.
    .when = 어시스턴트에는 auto. 프로그램이 매번 구조화된 인자를 받아야 한다면(정보 추출) required나 특정 함수 이름. 도구가 정의되어 있어도 일반 답변을 받고 싶다면 none.
    .notice = auto, required, 특정 함수 이름을 번갈아 바꿔 보십시오. required나 이름을 지정하면 마스크가 일반 텍스트를 허용하지 않으므로, 맨 처음 토큰부터 호출이 시작되어야 합니다.
    .correction = 학습 노트에는 "none은 함수가 존재하지 않을 때, auto는 함수가 존재할 때"라고 적혀 있습니다. 이것은 각각을 언제 쓰는지에 대한 규칙이 아니라 기본값입니다. 도구를 정의한 상태에서도 일반 답변을 받으려고 none을 보낼 수 있습니다. 또 노트에는 required(어떤 도구든 반드시 호출)가 빠져 있습니다.

explain-user = user(사용자 식별자)
    .what = user(사용자 식별자)는 최종 사용자를 나타내는 식별자(예: 해시한 계정 id)로, 제공자가 남용을 감시하고 탐지하는 데 도움을 줍니다. 출력은 절대 바뀌지 않습니다.
    .formula = 요청과 함께 전달되는 메타데이터일 뿐, 프롬프트의 토큰에 들어가지도 않고 어떤 샘플링 단계도 읽지 않습니다.
    .range = 문자열, 선택 사항. 이 페이지: 요청 본문에 복사될 뿐입니다.
    .apis = OpenAI: user이며, 지금은 같은 목적의 safety_identifier로 대체되었습니다. 이름이나 이메일 주소가 아니라 해시값을 보내십시오.
    .when = 사용자가 많은 애플리케이션에서 변하지 않는 해시 id로 지정하십시오. 개인정보는 절대 넣지 마십시오.
    .notice = API 탭에 사용자 id를 입력하고 같은 시드로 다시 실행해 보십시오. 요청 본문에 user 필드가 생기고, 텍스트는 완전히 그대로입니다.

explain-min_p = min_p(최소 확률 비율)
    .what = min_p(최소 확률 비율)는 가장 유력한 토큰 확률의 min_p배 이상인 토큰들만 남깁니다. 기준선이 모델의 확신도를 따라 움직여서, 한 토큰이 압도적일 때는 엄격하고 여러 토큰이 그럴듯할 때는 너그럽습니다.
    .formula = pᵢ ≥ min_p · p_max(같은 말로 lᵢ ≥ l_max + ln min_p)인 토큰 i를 남기고 다시 정규화합니다. 0은 꺼짐이고, 1은 argmax와 그 동점 토큰만 남깁니다.
    .range = 이 페이지: 0~1, 0 = 꺼짐. OpenAI API: 없습니다.
    .apis = OpenAI: 없습니다. Hugging Face transformers: min_p(지정하지 않으면 꺼짐). llama.cpp: 서버 기본값 0.05. vLLM: min_p, 기본값 0.
    .when = 0.05~0.1이 흔합니다. 제안한 연구자들은 높은 temperature에서도 엉뚱한 꼬리를 잘라 준다는 이유로 이를 권합니다. 순서가 중요합니다. temperature 다음에 오는 min-p는 평평해진 분포를 봅니다.
    .notice = min_p = 0.1로 두고 두 프롬프트를 비교해 보십시오. "The capital of France is"에서는 ␣Paris만 남고(77%의 10%에 이르는 토큰이 없습니다), "My favourite colour is"에서는 약 15개가 남습니다.

explain-typical_p = typical_p(전형성 샘플링)
    .what = typical_p(전형성 샘플링, locally typical sampling)는 놀라움(surprise)이 분포의 평균 놀라움에 가장 가까운 토큰들부터, 확률의 합이 p에 이를 때까지 남깁니다. 가장 확률 높은 토큰이 평균보다 훨씬 예측하기 쉬우면 그 토큰을 제거할 수도 있습니다.
    .formula = 엔트로피 H = −Σ pⱼ ln pⱼ를 구하고, 각 토큰의 점수를 |−ln pᵢ − H|로 매긴 뒤, 점수가 작은 순서로 정렬해 확률 합이 처음으로 p 이상이 되는 가장 적은 토큰들을 남깁니다(마지막으로 남긴 점수와 동점인 토큰도 남습니다). 1은 꺼짐입니다.
    .range = 이 페이지: 0~1, 1 = 꺼짐. OpenAI API: 없습니다.
    .apis = OpenAI: 없습니다. Hugging Face transformers: typical_p, 기본값 1.0. llama.cpp: typical_p, 기본값 1.0(꺼짐). vLLM: typical-p가 없습니다.
    .when = 주로 실험과 창작 글에 쓰며, 약 0.2~0.95의 값이 쓰입니다. 사실 기반 답변에서는 1로 두십시오.
    .notice = "The best thing about summer is"에서 typical_p = 0.5로 두면 가장 유력한 토큰인 ␣the(22%)가 흐려지고 확률이 중간쯤인 토큰 약 40개가 남습니다. 카드에 H와 남은 토큰 수가 표시됩니다.

explain-repetition_penalty = repetition_penalty(반복 페널티)
    .what = repetition_penalty(반복 페널티, CTRL 논문에서 나와 Hugging Face가 쓰는 방식)는 프롬프트나 완성문에 이미 나온 모든 토큰의 로짓을 비율로 줄여 덜 나오게 합니다.
    .formula = 프롬프트나 완성문에 나온 각 토큰 j(몇 번 나왔든 한 번만 셉니다)에 대해, lⱼ > 0이면 l′ⱼ = lⱼ / θ, 아니면 l′ⱼ = lⱼ · θ입니다. θ > 1은 벌점, θ < 1은 반복을 보상하며, θ = 1은 꺼짐입니다.
    .range = 이 페이지: 0.01~10, 중립값 1. OpenAI API: 없습니다(frequency_penalty와 presence_penalty가 있습니다).
    .apis = OpenAI: 없습니다. Hugging Face transformers: repetition_penalty, 기본값 1.0, 프롬프트와 생성된 토큰 모두에 적용. llama.cpp: 마지막 repeat_last_n개(기본 64개) 토큰에 적용되는 repeat_penalty. vLLM: repetition_penalty, 기본값 1.0, 프롬프트와 생성된 텍스트 모두에 적용.
    .when = 보통 1.0~1.2이며, 같은 말을 되풀이하는 작은 모델에는 1.1~1.2가 도움이 됩니다. 더 높이면 프롬프트가 당연히 반복하는 단어(이름, 주제 자체)까지 벌을 받습니다.
    .notice = "I like apples. I like apples. I like apples. I like"에서 ␣apples는 약 88%입니다. repetition_penalty = 1.3으로 두면 약 8%로 떨어지고 ␣apple이 1위가 됩니다. 같은 프롬프트에서 frequency_penalty는 아무것도 바꾸지 않습니다. 완성문만 세기 때문입니다.

explain-prompt = prompt(프롬프트)
    .what = prompt(프롬프트)는 채팅 템플릿 없이 모델이 그대로 이어 쓰는 원시 텍스트입니다. 레거시 Completions API가 받는 입력이며, 이 페이지에서는 raw 모드입니다.
    .formula = SmolLM2의 바이트 수준 BPE 토크나이저가 텍스트를 토큰으로 나누고, 모델이 49,152개 토큰 각각에 다음 토큰으로서의 점수(로짓)를 매기며, 샘플러가 하나를 골라 덧붙이고, 이 과정을 반복합니다.
    .range = 이 페이지: 2,048토큰 컨텍스트에 들어가면서 생성할 자리가 남는, 비어 있지 않은 텍스트. OpenAI API: prompt는 레거시 Completions 엔드포인트의 것이며, Chat Completions는 messages를 씁니다.
    .apis = OpenAI: Completions는 prompt를, Chat Completions는 messages를 받습니다. Hugging Face transformers: tokenizer(text)가 generate()에 넘길 input_ids를 만듭니다. llama.cpp: /completion의 prompt. vLLM: generate()에 넘기는 prompts.
    .when = 좋은 프롬프트는 구체적이고, 원하는 형식을 보여 주며, 답이 시작되어야 할 자리에서 끝납니다("Tell me about France"보다 "The capital of France is"). 이 모델에는 영어로 쓰십시오. 한국어는 바이트 토큰을 많이 쓰고 잘 이해되지도 않습니다.
    .notice = 프롬프트를 고치면 차트가 다시 그려집니다. "The capital of France is"는 긴 막대 하나(␣Paris, 약 77%)를, "My favourite colour is"는 짧은 막대 여러 개를 만듭니다. 분포를 결정하는 데는 어떤 샘플링 설정보다 프롬프트가 훨씬 큰 역할을 합니다.

explain-model = model(모델)
    .what = model(모델)은 답할 모델을 지정합니다. 모델마다 어휘, 지식, 언어, 컨텍스트 길이, 받아들이는 파라미터가 다릅니다.
    .formula = 공식은 없습니다. 모델이 로짓을 만들고, 모든 샘플링 파라미터는 그 분포의 모양을 바꿀 뿐입니다. 모델이 거의 확률을 주지 않은 토큰은 어떤 설정으로도 살려 낼 수 없습니다.
    .range = 이 페이지: SmolLM2-135M-Instruct로 고정(Q4_1 GGUF 가중치, 49,152토큰 어휘, 이 페이지의 컨텍스트 2,048토큰). OpenAI API: 필수, 모델 id.
    .apis = OpenAI: 요청마다 모델 id를 주며, 받아들이는 파라미터가 모델마다 다릅니다(추론 모델은 temperature와 top_p 변경을 거부하거나 무시합니다). Hugging Face transformers: 저장소 id로 AutoModelForCausalLM.from_pretrained. llama.cpp: 서버 시작 때 불러오는 GGUF 파일(-m). vLLM: vllm serve에 주는 모델.
    .when = 필요한 언어로 일을 충분히 해내는 가장 작은 모델을 고르십시오. SmolLM2-135M은 아주 작습니다. 영어는 유창하지만 사실 지식과 추론이 약하고 한국어는 거의 모릅니다. 샘플링이 어떻게 동작하는지 보기에는 이상적이지만, 답을 믿고 쓰기에는 맞지 않습니다.
    .notice = "The capital of Australia is"에서 모델은 ␣Sydney(약 36%)를 ␣Canberra(약 34%)보다 살짝 높게 봅니다. temperature를 낮추면 틀린 답이 더 확실해질 뿐입니다. 샘플러는 모델이 내놓은 것 중에서 고를 뿐, 지식을 더해 주지 못합니다.
    .correction = 모델 선택에 대한 노트의 설명은 괜찮지만, 코드 예시가 오래되었습니다. openai.Completion.create(model="davinci")는 1.0 이전 Python 라이브러리의 레거시 Completions 인터페이스입니다(또 choies는 choices의 오타입니다). 지금의 라이브러리는 client.chat.completions.create(model=…, messages=…)를 호출하고 response.choices[0].message.content를 읽습니다.

## 학습 노트의 오해

myth-1 = frequency penalty는 토큰 사용을 장려하지 않습니다
    .claim = presence penalty는 토큰 사용을 억제하고, frequency penalty는 토큰 사용을 장려한다(예: 번역에서 희귀한 단어가 더 자주 쓰이도록).
    .fact = 양수 frequency_penalty는 반복을 억제합니다. l′ⱼ = lⱼ − cⱼ · α이므로 완성문에 자주 나온 토큰일수록 로짓이 낮아집니다. 반복을 부추기는 것은 음수 값뿐입니다.
    .demo = frequency_penalty

myth-2 = presence penalty와 frequency penalty는 세는 방법만 다릅니다
    .claim = 두 페널티는 반대 방향으로 작용한다. presence는 억제하고 frequency는 장려한다.
    .fact = 둘 다 반복을 억제합니다. presence는 완성문에 이미 나온 토큰(cⱼ > 0)에서 α를 한 번 빼고, frequency는 등장할 때마다 α를 뺍니다(cⱼ · α). 두 번 쓰인 토큰은 presence에서 α, frequency에서 2α를 잃습니다.
    .demo = presence_penalty

myth-3 = stop은 개수가 아니라 문자열 목록입니다
    .claim = Stop Sequence를 2로 설정하면 출력이 단락으로, 1로 설정하면 문장으로 제한된다.
    .fact = stop은 문자열을 최대 4개(OpenAI)까지 받습니다. 그중 처음 나타나는 문자열 바로 앞에서 생성이 끝나고, 정지 문자열은 반환되지 않습니다. 한 단락이면 "\n\n", 한 줄이면 "\n"을 씁니다.
    .demo = stop

myth-4 = max_tokens는 컨텍스트 윈도가 아닙니다
    .claim = max_tokens는 모델 아키텍처가 정하는, 모델이 한 번에 처리할 수 있는 최대 토큰 수이며 프롬프트와 완성문을 모두 포함한다.
    .fact = max_tokens는 한 요청의 완성문 토큰만 제한합니다. 컨텍스트 윈도는 모델의 별도의 고정된 한계(이 페이지에서는 2,048토큰)이며, 프롬프트와 완성문을 합쳐 그 안에 들어가야 합니다.
    .demo = max_tokens

myth-5 = top-p를 낮춘다고 다양성이 늘지는 않습니다
    .claim = top-p는 전체 어휘를 무작위로 샘플링하는 방법보다 더 다양한 출력을 만들고, 0.9이면 정확도는 낮아지지만 다양성이 높아진다.
    .fact = top-p는 토큰을 제거하기만 합니다. 전체 어휘를 쓰는 top_p = 1이 가장 다양하고, 그보다 낮은 값은 모두 토큰을 더 적게 남겨 더 예측 가능합니다. 노트의 예시 자체는 맞습니다. word1이 40%이면 top_p 0.30에서는 word1만 남습니다.
    .demo = myth-5

myth-6 = temperature와 top-p는 함께 쓸 수 있지만 순서가 중요합니다
    .claim = 일반적으로 temperature와 top-p를 동시에 수정하지는 않는다.
    .fact = 함께 바꿀 수 있고 실제로도 자주 그렇게 합니다(SmolLM2-Instruct 자체가 temperature 0.2와 top_p 0.9를 권장합니다). 다만 단계들이 서로 영향을 주어 결과를 예측하기 어렵습니다. temperature 다음에 오는 top-p는 모양이 바뀐 분포를 봅니다. "The capital of France is"에서 T = 1.5, top_p 0.9이면 temperature가 먼저일 때 약 3,300개, top-p가 먼저일 때 10개가 남습니다.
    .demo = myth-6

myth-7 = best_of는 후보의 순위를 매기는 것이지 빔 폭이 아닙니다
    .claim = best_of는 후보 시퀀스의 수이며, use_beam_search가 True일 때 빔 폭으로 처리된다.
    .fact = OpenAI API에서 best_of는 서버에서 후보 best_of개를 생성해 평균 토큰 로그 확률이 가장 높은 n개를 반환합니다. 레거시 Completions API에만 있고 스트리밍할 수 없습니다. 빔 폭이라는 의미는 vLLM의 예전 use_beam_search 모드의 것입니다.
    .demo = best_of

myth-8 = 시드는 이 페이지에서는 정확하고, 호스팅 API에서는 최선 노력입니다
    .claim = 시드를 지정하면 결정적 샘플링이 보장된다.
    .fact = 호스팅 API에서 시드는 최선 노력(best effort)일 뿐입니다. OpenAI는 이를 베타라 부르고, 결정성이 보장되지 않는다며 system_fingerprint를 보라고 합니다. 이 페이지에서는 정확합니다. 같은 모델 파일, 같은 설정, 같은 시드이면 같은 토큰이 나옵니다.
    .demo = seed

## 가이드 투어의 장들, 학습 노트의 순서대로

tour-0 = 이 페이지를 읽는 법
    .body = 막대 차트는 어휘 49,152개 토큰 전체에 대해 모델이 매긴 다음 토큰의 확률을 보여 줍니다. 위쪽 막대가 가장 유력한 토큰들이고, 마지막 막대는 나머지 전부를 합친 것입니다. 그 아래의 샘플링 파이프라인은 단계 카드들의 열로, 각 단계가 차례로 분포의 모양을 바꾸거나 토큰을 제거하며, 마지막 분포에서 추첨이 이루어집니다. 추첨은 시드에서 난수 하나를 가져오므로, 같은 시드는 같은 토큰을 줍니다.
    .notice = 단계 카드 하나를 선택하면 그 단계의 출력은 색으로, 입력은 뒤쪽의 흐린 막대로 그려집니다. 강조된 막대가 지금 이 시드가 뽑는 토큰입니다.

tour-1 = 1. temperature(온도)
    .body = temperature는 softmax 전에 모든 로짓을 T로 나눕니다. 1보다 작으면 분포가 뾰족해지고(1위가 더 많이 가져감), 1보다 크면 평평해지며(하위 토큰에도 기회), 0은 언제나 1위를 고릅니다. 사실 기반 답변에는 낮게, 창작에는 높게라는 노트의 요약은 맞습니다.
    .notice = "My favourite colour is"에서 temperature를 1에서 0.2로 옮기며 ␣blue가 약 11%에서 약 68%로 커지는 것을 보십시오.

tour-2 = 2. top-k(상위 k개 샘플링)
    .body = top-k는 확률이 가장 높은 k개만 남기고 나머지를 버린 뒤 다시 정규화합니다. 간단하지만 확신도를 보지 못합니다. k = 5는 모델이 확신하든 아니든 다섯 개를 남깁니다. Hugging Face는 기본값으로 50을 쓰며, 이 페이지와 llama.cpp에서처럼 0이면 꺼집니다.
    .notice = top_k = 5로 두고 "My favourite colour is"와 "The capital of France is"를 오가 보십시오. 둘 다 색 막대가 다섯 개지만, 앞의 것에서는 쓸모 있고 뒤의 것에서는 대부분 잡음입니다.

tour-3 = 3. top-p(누클리어스 샘플링)
    .body = top-p는 확률이 높은 순서로 모아 합이 p에 이르는 가장 적은 토큰만 남깁니다. p가 낮을수록 남는 토큰이 적고 텍스트가 더 예측 가능해집니다. 토큰을 더하는 일은 없으므로 p = 1(전체 어휘)이 가장 다양합니다. 노트의 예시는 맞습니다. 40%짜리 1위 토큰은 top_p 0.30을 혼자 통과합니다.
    .notice = top_p를 조금씩 낮추며 카드에 표시되는 남은 토큰 수를 읽어 보십시오. 줄어들기만 합니다.

tour-4 = 4. frequency_penalty(빈도 페널티)
    .body = frequency_penalty는 토큰이 완성문에 이미 나온 횟수마다 그 토큰의 로짓에서 α를 뺍니다. 반복을 억제하며, 반복을 부추기는 것은 음수 값뿐입니다. 프롬프트는 세지 않으므로, 효과는 텍스트가 어느 정도 생성된 뒤에야 나타납니다.
    .notice = 데모에서는 ␣apple이 이미 세 번 생성되었습니다. frequency_penalty를 1로 올리면 그 막대가 약 79%에서 약 16%로 떨어집니다. 그다음 같은 시드로 Generate를 눌러 보십시오.

tour-5 = 5. presence_penalty(존재 페널티)
    .body = presence_penalty는 완성문에 이미 나온 모든 토큰에서, 횟수와 상관없이 α를 한 번 뺍니다. frequency penalty처럼 반복을 억제하되, 횟수를 세지 않을 뿐입니다. 아직 쓰지 않은 단어와 주제 쪽으로 모델을 밀어 줍니다.
    .notice = 같은 완성문에서 presence_penalty = 1과 frequency_penalty = 1을 비교해 보십시오. 세 번 쓰인 ␣apple은 presence에서 1(약 58%가 남음), frequency에서 3(약 16%가 남음)을 잃습니다.

tour-6 = 6. max_tokens(최대 토큰 수)
    .body = max_tokens는 한 완성문이 가질 수 있는 토큰 수의 상한이며, 상한에 이르면 문장 중간에서도 finish_reason "length"로 멈춥니다. 컨텍스트 윈도가 아닙니다. 컨텍스트 윈도는 프롬프트와 완성문을 합친 것에 대한 모델의 고정된 한계로, 여기서는 2,048토큰입니다. 비용은 상한이 아니라 실제로 생성된 토큰을 따릅니다.
    .notice = API 탭에서 max_tokens = 5로 두고 응답의 finish_reason과 usage를 읽어 보십시오.

tour-7 = 7. stop(정지 시퀀스)
    .body = stop은 최대 4개의 문자열 목록입니다. 생성된 텍스트에 그중 하나가 들어가는 순간 생성이 끝나고 텍스트는 그 바로 앞에서 잘리며, 정지 문자열은 반환되지 않습니다. 문장이나 단락의 개수를 뜻하는 일은 결코 없습니다.
    .notice = 데모는 번호 목록을 "3."에서 멈춥니다. 정지 문자열이 텍스트를 자른 표시를 확인하고, 그것을 지운 뒤 다시 실행해 보십시오.

tour-8 = 8. best_of(후보 중 최선)
    .body = best_of는 완성된 후보를 여러 개 생성하고 평균 토큰 로그 확률이 가장 높은 n개를 반환합니다. OpenAI API에서는 레거시 Completions 엔드포인트에만 있고 스트리밍할 수 없습니다. 노트의 빔 폭이라는 설명은 vLLM의 예전 빔 서치 모드에서 온 것입니다.
    .notice = best_of = 4, n = 1로 두고, 반환된 선택지와 흐리게 표시된 나머지 후보 세 개 및 그 점수를 비교해 보십시오.

tour-9 = 9. logprobs(로그 확률)
    .body = logprobs는 생성된 각 토큰의 ln p를 돌려줍니다. 0은 확실, −0.69는 50%, −2.3은 10%입니다. 출력을 바꾸지 않으면서 모델이 어디서 확신했고 어디서 추측했는지 보여 줍니다.
    .notice = API 응답의 토큰 색을 보십시오. 흐린 토큰이 추측한 부분입니다.

tour-10 = 10. top_logprobs(상위 로그 확률)
    .body = top_logprobs는 각 위치에서 가장 유력한 대안 토큰들을 로그 확률과 함께 더해 줍니다. OpenAI API는 0~20을 허용하며(노트의 0~5는 예전 문서의 값입니다), logprobs: true가 필요합니다.
    .notice = 토큰 하나를 열고 대안을 클릭해 보십시오. 그 토큰에서부터 생성이 이어집니다.

tour-11 = 11. do_sample(샘플링 여부)
    .body = do_sample은 샘플링(true)과 그리디 디코딩(false, 언제나 argmax) 사이를 오가는 Hugging Face의 스위치입니다. OpenAI API에는 이런 파라미터가 없고, 그쪽에서는 temperature 0이 같은 일을 합니다.
    .notice = do_sample을 끄고 여러 시드로 "Sample next token"을 눌러 보십시오. 언제나 가장 긴 막대입니다.

tour-12 = 12. messages(메시지 목록)
    .body = 채팅 요청은 역할이 붙은 메시지 목록을 보냅니다. 서버는 모델의 채팅 템플릿(SmolLM2는 ChatML)으로 이를 렌더링하고, 모델은 "assistant" 다음부터 이어 씁니다. 시스템 프롬프트가 없으면 템플릿이 기본 시스템 프롬프트를 넣습니다.
    .notice = 채팅 모드로 바꾸고 특수 토큰이 표시된 렌더링된 프롬프트를 읽어 보십시오. 첫 토큰의 막대를 raw 모드와 비교해 보십시오.

tour-13 = 13. logit_bias(로짓 편향)
    .body = logit_bias는 지정한 토큰 id에 고정된 수를 더합니다. 양수 편향은 토큰을 더 잘 나오게 하고, −100은 사실상 금지, +100은 사실상 강제입니다. id는 그 모델 자체 토크나이저의 것이므로 꼭 확인하십시오(여기서 7042는 ␣Paris입니다).
    .notice = 7042:-100으로 ␣Paris를 금지하고 그 77%가 어디로 가는지 보십시오.

tour-14 = 14. n(선택지 개수)
    .body = n은 한 요청에서 서로 독립된 선택지를 여러 개 받습니다. 각 선택지는 자기만의 난수 스트림을 가지며, 각자의 토큰만큼 비용이 듭니다. 변형을 비교하거나 답이 얼마나 안정적인지 확인할 때 유용합니다.
    .notice = n = 3으로 두고 선택지를 나란히 비교해 보십시오. 먼저 temperature 0에서, 그다음 1에서.

tour-15 = 15. response_format(응답 형식)
    .body = response_format은 JSON(JSON 모드)이나 지정한 스키마를 따르는 JSON(Structured Outputs)을 요구할 수 있습니다. 매 단계 형식을 깨뜨릴 토큰을 모두 마스킹하는 방식으로 동작하며, 이 페이지에서는 그 마스크가 선택할 수 있는 단계로 나옵니다. 그러면 작은 모델도 유효한 JSON을 쓰지만, 값의 품질은 여전히 낮을 수 있습니다.
    .notice = 다음 토큰 화면에서 grammar(문법) 단계를 선택하고 답의 첫머리에서 허용되는 토큰이 얼마나 적은지 보십시오.

tour-16 = 16. seed(시드)
    .body = 시드는 추첨의 난수를 고정합니다. 호스팅 API에서는 최선 노력일 뿐이지만(OpenAI: 베타, 보장되지 않음), 이 페이지에서는 정확해서 같은 모델 파일, 같은 설정, 같은 시드이면 언제나 같은 토큰이 나옵니다.
    .notice = 시드만 바꾸어 보십시오. 막대는 그대로이고, 강조된 토큰만 바뀔 수 있습니다.

tour-17 = 17. system_fingerprint(시스템 지문)
    .body = system_fingerprint는 서버가 돌려주는 값으로, 백엔드 구성을 나타냅니다. 이 값이 바뀌면 같은 시드로도 다른 출력이 나올 수 있습니다. 이 페이지에서는 모델 파일, 엔진 빌드, 단계 순서를 해시한 값입니다.
    .notice = 단계 순서를 바꾸고 응답의 지문이 바뀌는 것을 보십시오.

tour-18 = 18. stream(스트리밍)
    .body = stream: true이면 답변이 서버 전송 이벤트로 옵니다. 작은 delta가 담긴 data: 줄들이 오고, 마지막은 data: [DONE]입니다. 텍스트는 스트리밍하지 않을 때와 똑같고, 전달 방식만 다릅니다.
    .notice = 텍스트가 자라는 동안 이벤트 로그가 채워지는 것을 보십시오.

tour-19 = 19. tools(도구)
    .body = tools는 모델이 호출할 수 있는 함수들을 설명하며, 각 함수에는 인자에 대한 JSON Schema가 있습니다. 모델이 호출로 답하면 여러분의 코드가 실행하고 그 결과를 돌려보냅니다. SmolLM2-135M은 이를 위해 학습되지 않았으므로, 이 페이지는 호출의 형태는 강제할 수 있지만 그 타당성까지는 강제할 수 없습니다.
    .notice = 도구를 하나 정의하고 답의 첫 토큰에서 다음 토큰 화면의 grammar(문법) 단계를 보십시오.

tour-20 = 20. tool_choice(도구 선택)
    .body = tool_choice는 모델이 도구를 호출해도 되는지(auto), 반드시 호출해야 하는지(required), 호출하면 안 되는지(none), 또는 지정한 함수 하나를 반드시 호출해야 하는지를 정합니다. none과 auto는 도구가 없을 때와 있을 때의 기본값일 뿐, 선택지가 그 둘뿐인 것은 아닙니다.
    .notice = tool_choice를 바꾸어 가며 마스크가 어떤 첫 토큰을 허용하는지 보십시오.

tour-21 = 21. user(사용자 식별자)
    .body = user는 남용 감시를 위해 제공자에게 최종 사용자를 알려 줍니다(OpenAI는 이제 safety_identifier라고 부릅니다). 출력은 절대 바뀌지 않습니다.
    .notice = 사용자 id를 넣고 다시 실행해 보십시오. 텍스트는 같고, 요청 본문에 필드가 하나 늘어납니다.

tour-22 = 22. temperature 튜닝
    .body = temperature는 가장 자주 조정하는 파라미터입니다. 노트의 범위가 좋은 출발점입니다. 사실 기반의 예측 가능한 텍스트에는 0~0.3, 균형에는 0.4~0.7, 창작에는 0.7~1.0 이상이며 일관성이 떨어질 위험이 있습니다. SmolLM2-Instruct는 채팅에 temperature 0.2와 top_p 0.9를 권장합니다.
    .notice = 같은 질문, 같은 시드로 세 가지 프리셋(사실, 균형, 창작)을 써 보고, 매번 Generate를 눌러 보십시오.

tour-23 = 23. max_tokens 튜닝
    .body = max_tokens는 작업에 필요한 답변 길이에 맞추어 고르고 안전 한도로 여기십시오. 레이블이나 단일 사실에는 짧게, 설명에는 수백 토큰. 답변이 너무 길면 프롬프트에서 간결하게 요청하십시오. 상한을 작게 두면 잘릴 뿐입니다.
    .notice = max_tokens = 5와 64로 각각 생성하고 finish_reason을 비교해 보십시오.

tour-24 = 24. top-k와 top-p 튜닝
    .body = top-p는 모델의 확신도에 맞춰지기 때문에 top-k보다 더 자주 쓰입니다. 노트의 범위: 일관된 텍스트에는 낮게 0~0.5, 균형에는 중간 0.6~0.8, 다양성에는 높게 0.9~1.0이며, 1은 거르지 않음입니다. temperature와 함께 쓸 때는 단계의 순서에 따라 top-p가 보는 분포가 달라진다는 점을 기억하십시오.
    .notice = "Compare with another order"로 같은 temperature와 top_p에서 Hugging Face 순서와 llama.cpp 순서를 나란히 돌리고, 남은 토큰 수를 읽어 보십시오.

tour-25 = 25. stop 튜닝
    .body = 기대하는 구조에 맞추어 정지 문자열을 고르십시오. 한 줄이면 "\n", 한 단락이면 "\n\n", 아니면 프롬프트 형식의 다음 표시를 씁니다. 생성이 일찍 끝나므로 비용도 줄어듭니다.
    .notice = 정지 문자열을 하나 더 추가하고 어느 쪽이 먼저 자르는지 보십시오.

tour-26 = 26. 프롬프트 튜닝
    .body = 분포를 결정하는 데는 어떤 샘플링 설정보다 프롬프트가 큰 역할을 합니다. 구체적으로 쓰고, 형식을 보여 주고, 답이 시작될 자리에서 프롬프트를 끝내십시오. 이 모델에는 영어로 쓰십시오. 한국어는 모델이 거의 이해하지 못하는 바이트 토큰 여러 개로 바뀝니다.
    .notice = "Tell me about France"와 "The capital of France is"를 비교해 보십시오. 앞의 것은 맨 위 막대가 마침표(약 22%)이고, 뒤의 것은 ␣Paris(약 77%)입니다.

tour-27 = 27. 모델 고르기
    .body = 모델이 한계를 정합니다. 어휘, 지식, 언어, 컨텍스트 길이, 받아들이는 파라미터가 모두 모델에 달려 있습니다. 샘플링은 모델이 내놓은 것 중에서 고를 수 있을 뿐입니다. SmolLM2-135M은 샘플링을 눈으로 보게 해 주는 모델이며, 믿을 만한 답이 필요하면 더 큰 모델을 쓰십시오.
    .notice = "The capital of Australia is"에서 모델은 ␣Sydney(약 36%)를 ␣Canberra(약 34%)보다 높게 봅니다. 어떤 샘플링 설정도 이것을 고치지 못하며, temperature를 낮추면 실수가 더 확실해집니다.
