// Fixed prompts for the onnxruntime-web benchmark. Real text rather than synthetic ids, so the
// attention and the greedy continuation look like normal use. The ids are the first 256 tokens of
// the paragraph below (an original text written for this benchmark), encoded once with the
// model's tokenizer.json through the Python `tokenizers` package (no BOS; the SmolLM2 tokenizer
// adds none), because our tokenizer does not run in node:
//
// The river town woke slowly on market days. Before the sun cleared the hills, the bakers had
// already pulled the first loaves from their ovens, and the smell of warm bread drifted down the
// narrow streets toward the water. Fishermen sorted their nets on the stone quay while gulls
// circled overhead, waiting for anything that might fall. By seven o'clock the square was full of
// wooden stalls: farmers selling apples and pears, a woman with baskets of brown eggs, an old man
// who repaired clocks and radios on a folding table. Children ran between the stalls, chasing a
// dog that had stolen a sausage, and their parents called after them without much hope of being
// heard. The schoolteacher walked through the crowd with a notebook, writing down the prices of
// vegetables for a lesson on arithmetic she planned to give the next morning. At the far end of
// the square, a group of musicians tuned their instruments beside the fountain. When they finally
// began to play, a few people stopped to listen, and a small girl in a yellow coat started to
// dance, turning in circles until she was too dizzy to stand. Her grandfather laughed and lifted
// her onto his shoulders so that she could see the whole market at once. Later, as the afternoon
// grew warm, the traders packed their unsold goods into carts, swept the cobblestones, and the
// town grew quiet again until the next week.

export const PROMPT_256 = [
  504, 4626, 3102, 40652, 6351, 335, 2342, 2009, 30, 6993, 260, 2388, 18723, 260, 12610, 28,
  260, 278, 4797, 761, 2221, 13258, 260, 808, 3092, 2080, 429, 480, 34328, 28, 284, 260,
  10545, 282, 3091, 6956, 47424, 1187, 260, 6260, 9018, 1731, 260, 913, 30, 15085, 4065, 13156,
  480, 20958, 335, 260, 5692, 613, 341, 979, 310, 32942, 1842, 38780, 15842, 28, 7003, 327,
  3534, 338, 1124, 2332, 30, 1428, 4962, 263, 23, 17466, 260, 5222, 436, 2073, 282, 10091,
  41777, 42, 5283, 9417, 13855, 284, 41684, 28, 253, 4166, 351, 28980, 282, 6354, 5246, 28,
  354, 1573, 555, 617, 25589, 21951, 284, 31425, 335, 253, 24905, 3252, 30, 5194, 7674, 826,
  260, 41777, 28, 30787, 253, 2767, 338, 761, 19725, 253, 40104, 28, 284, 480, 2652, 1217,
  990, 601, 1355, 1083, 3826, 282, 1036, 3984, 30, 378, 1125, 27562, 13197, 738, 260, 13347,
  351, 253, 20797, 28, 2385, 1187, 260, 5770, 282, 5136, 327, 253, 5040, 335, 20270, 1041,
  8176, 288, 1928, 260, 1867, 5738, 30, 1814, 260, 1869, 1112, 282, 260, 5222, 28, 253,
  1528, 282, 12229, 21266, 480, 6907, 19032, 260, 29905, 30, 1550, 502, 5087, 2585, 288, 1238,
  28, 253, 1443, 701, 8976, 288, 5872, 28, 284, 253, 1165, 8180, 281, 253, 5724, 10078,
  2841, 288, 7180, 28, 6939, 281, 11144, 1793, 1041, 436, 1147, 287, 33744, 288, 1481, 30,
  3488, 19756, 31058, 284, 21051, 874, 4581, 650, 15473, 588, 338, 1041, 856, 963, 260, 2444,
  2342, 418, 2268, 30, 10893, 28, 347, 260, 11342, 6679, 3091, 28, 260, 18217, 13448, 480,
];

// The first 32 tokens of the same text ("The river town woke slowly on market days. ... and the").
export const PROMPT_32 = PROMPT_256.slice(0, 32);

// "The capital of France is" -> " Paris" (7042) with p = 0.7725 in Python onnxruntime 1.32.
export const CHECK_PROMPT = [504, 3575, 282, 4649, 314];
export const CHECK_TOKEN = 7042;
export const CHECK_PROB = 0.7725;
export const CHECK_TOLERANCE = 0.01;
