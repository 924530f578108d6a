import { BASE_URL, launch, waitForDistribution } from "./lib/browser.mjs";
const browser = await launch();
const page = await browser.newPage();
await page.goto(BASE_URL);
await waitForDistribution(page);
await page.waitForTimeout(1000);
const times = await page.evaluate(async (n) => {
  const slider = document.querySelector("#temperature");
  const firstBar = () => [...document.querySelectorAll(".chart .bar-row[data-token-id] .prob")].map((p) => p.textContent).join();
  const times = [];
  for (let i = 0; i < n; i++) {
    const before = firstBar();
    const value = (0.3 + ((i * 7) % 30) * 0.05).toFixed(2);
    if (slider.value === value) continue;
    const t0 = performance.now();
    slider.value = value;
    slider.dispatchEvent(new Event("input", { bubbles: true }));
    const hop = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
    while (firstBar() === before && performance.now() - t0 < 2000) await hop();
    void document.body.offsetHeight;
    times.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  return times;
}, 200);
times.sort((a, b) => a - b);
console.log(`p50 ${times[times.length >> 1].toFixed(1)} p95 ${times[Math.floor(times.length * 0.95)].toFixed(1)} n ${times.length}`);
await browser.close();
