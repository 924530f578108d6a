// Samples the page's main thread with the CPU profiler while the temperature slider moves,
// and prints self time per function (build with names kept to read wasm functions).
//
//   SAMPLESCOPE_URL=http://127.0.0.1:PORT/ node e2e/bench/profile_slider.mjs [moves]

import { BASE_URL, launch, waitForDistribution } from "../lib/browser.mjs";

const moves = Number(process.argv[2] ?? 40);
const browser = await launch();
const page = await browser.newPage();
await page.goto(BASE_URL);
await waitForDistribution(page);
await page.waitForTimeout(1000);
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
await cdp.send("Profiler.start");
await page.evaluate(async (n) => {
  const slider = document.querySelector("#temperature");
  for (let i = 0; i < n; i++) {
    slider.value = (0.3 + ((i * 7) % 30) * 0.05).toFixed(2);
    slider.dispatchEvent(new Event("input", { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
}, moves);
const { profile } = await cdp.send("Profiler.stop");
const dt = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i]);
  const name = `${node.callFrame.functionName || "(anon)"} ${node.callFrame.url.split("/").pop()}`;
  dt.set(name, (dt.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...dt.values()].reduce((a, b) => a + b, 0);
console.log(`total sampled ${(total / 1000).toFixed(0)} ms over ${moves} moves`);
for (const [k, v] of [...dt].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${(v / 1000 / moves).toFixed(2).padStart(7)} ms/move  ${k.slice(0, 140)}`);
}
await browser.close();
