// A/B aid for the slider → redraw path: moves a stage's slider (default: temperature) in the
// served page and prints (1) browser_bench.mjs's redraw latency, p50 / p95 over 200 moves, and
// (2) Chromium's own per-move script, style, layout and task durations (CDP
// Performance.getMetrics) over `moves` more, which vary less with the host than a p95 does.
//
//   SAMPLESCOPE_URL=http://127.0.0.1:PORT/ node e2e/bench/slider_metrics.mjs [moves] [slider id, e.g. top_p]
//
// Each move must change the chart's printed probabilities, or it is timed out at 2 s. top_p
// does not on the default prompt (" Paris" alone holds 77%): flatten the distribution first,
// SAMPLESCOPE_URL="http://127.0.0.1:PORT/?temperature=1.8".

import { BASE_URL, launch, waitForDistribution } from "../lib/browser.mjs";
import { sliderTimes } from "./browser_bench.mjs";

const moves = Number(process.argv[2] ?? 150);
const sliderId = process.argv[3] ?? "temperature";
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(BASE_URL);
  await waitForDistribution(page);
  await page.waitForTimeout(1000);
  const times = (await sliderTimes(page, 200, sliderId)).sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(times.length * q))].toFixed(1);
  console.log(`#${sliderId} → chart laid out: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms over ${times.length} moves`);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const metrics = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  await page.evaluate(async ([n, id]) => {
    const slider = document.querySelector(`#${id}`);
    const [min, max] = [Number(slider.min), Number(slider.max)];
    for (let i = 0; i < n; i++) {
      slider.value = (min + (max - min) * (0.15 + ((i * 7) % 30) * 0.025)).toFixed(2);
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
  }, [moves, sliderId]);
  const after = await metrics();
  const perMove = (k) => `${(((after[k] - before[k]) * 1000) / moves).toFixed(2)} ms`;
  console.log(`per move over ${moves}: script ${perMove("ScriptDuration")}, style ${perMove("RecalcStyleDuration")}, layout ${perMove("LayoutDuration")}, task ${perMove("TaskDuration")}`);
} finally {
  await browser.close();
}
