// Shared setup for the browser tests and timing scripts: Debian's chromium driven by
// playwright-core (never `npx playwright install`), pages served by tools/serve.py.

import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const BASE_URL = process.env.SAMPLESCOPE_URL ?? "http://127.0.0.1:8080/";
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), "..", "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/// A page with console errors and page errors collected into `page.problems`.
export async function openPage(context, query = "") {
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") page.problems.push(`console: ${m.text()}`);
  });
  await page.goto(BASE_URL + query);
  return page;
}

/// Waits until the model is loaded and the chart shows the distribution for the current context.
export async function waitForDistribution(page, timeout = 180_000) {
  await page.waitForSelector('main[data-ready="true"][data-fresh="true"] .bar-row[data-token-id]', { timeout });
}

/// Waits until the chart's CSS transitions have finished (before a screenshot).
export async function settle(page) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
}

export async function modelRuns(page) {
  return Number(await page.getAttribute("main", "data-model-runs"));
}

/// The chart rows top to bottom: { id, token, prob (text), removed, sampled }.
export async function chartRows(page) {
  return page.$$eval(".chart .bar-row[data-token-id]", (rows) =>
    rows
      .map((r) => ({
        id: Number(r.dataset.tokenId),
        token: r.querySelector(".token").textContent,
        prob: r.querySelector(".prob").textContent,
        removed: r.classList.contains("removed"),
        sampled: r.classList.contains("sampled"),
        y: new DOMMatrixReadOnly(getComputedStyle(r).transform).m42,
        targetY: Number((r.style.transform.match(/translateY\(([-\d.]+)px\)/) ?? [0, 0])[1]),
      }))
      .sort((a, b) => a.targetY - b.targetY),
  );
}

export async function completionTokens(page) {
  return page.$$eval(".token-strip .completion-token", (els) => els.map((e) => e.textContent));
}

/// Clicks Export and reads the downloaded JSON (saved as artifacts/`name`).
export async function exportStep(page, name) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  const path = join(ARTIFACTS, name);
  await download.saveAs(path);
  return JSON.parse(await readFile(path, "utf8"));
}
