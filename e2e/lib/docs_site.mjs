// A documentation site of another origin that embeds samplescope widgets, for the embed tests
// and the embed benchmark: the widgets come from a serve.py of dist/ on 127.0.0.1 (with an
// access log, to count what they download), the docs pages from a second server on another
// port (`docsUrl`: another origin of the same site) which also answers as localhost
// (`crossSiteUrl`: another site, where the widgets are third-party iframes).

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/// The five widgets of the fixture page.
export const FIVE = ["temperature", "top_k", "top_p", "frequency_penalty", "logit_bias"];

function freePort() {
  return new Promise((resolve, reject) => {
    import("node:net").then(({ createServer }) => {
      const s = createServer();
      s.listen(0, "127.0.0.1", () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
      s.on("error", reject);
    });
  });
}

async function serve(args, ready) {
  const child = spawn("python3", args, { env: { ...process.env, SAMPLESCOPE_QUIET: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start: ${out}`)), 15_000);
    const look = (d) => {
      out += d;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${out}`)));
  });
  return child;
}

/// The host script of the README: fits each iframe to the height its widget reports.
export const HOST_SCRIPT = `
addEventListener("message", (e) => {
  if (e.data?.type !== "samplescope:resize") return;
  for (const f of document.querySelectorAll("iframe"))
    if (f.contentWindow === e.source) f.style.height = e.data.height + "px";
});`;

export function docsPage(widgetUrl, keys, { width = 720, height = 480 } = {}) {
  const frames = keys
    .map((k) => `<h2>${k}</h2>\n<iframe src="${widgetUrl}?embed=${k}" title="samplescope: ${k}" width="${width}" height="${height}" loading="lazy" style="border:0;max-width:100%"></iframe>`)
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Docs with samplescope</title></head>
<body><main><h1>Sampling parameters</h1>
${frames}
</main>
<script>window.resizes = []; addEventListener("message", (e) => { if (e.data?.type === "samplescope:resize") window.resizes.push(e.data.height); });
${HOST_SCRIPT}</script></body></html>`;
}

/// Starts both servers; `pages` maps file names to HTML made from the widget URL.
export async function startDocsSite(pages) {
  const dist = join(ROOT, "dist");
  if (!existsSync(join(dist, "index.html"))) throw new Error("dist/ is not built (./x build)");
  const dir = mkdtempSync(join(tmpdir(), "samplescope-docs-"));
  const log = join(dir, "access.jsonl");
  writeFileSync(log, "");
  const [widgetPort, docsPort] = [await freePort(), await freePort()];
  const widgets = await serve([join(ROOT, "tools", "serve.py"), "--dir", dist, "--port", String(widgetPort), "--access-log", log], /serving/);
  const widgetUrl = `http://127.0.0.1:${widgetPort}/`;
  const site = join(dir, "site");
  await import("node:fs").then((fs) => fs.mkdirSync(site));
  for (const [name, make] of Object.entries(pages)) writeFileSync(join(site, name), make(widgetUrl));
  const docs = await serve(["-m", "http.server", String(docsPort), "--bind", "127.0.0.1", "--directory", site], /Serving HTTP/);
  return {
    widgetUrl,
    docsUrl: `http://127.0.0.1:${docsPort}/`,
    crossSiteUrl: `http://localhost:${docsPort}/`,
    write: (name, html) => writeFileSync(join(site, name), html),
    /// Requests the widget server answered so far: [{ path, bytes }].
    requests: () => readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)),
    clearLog: () => writeFileSync(log, ""),
    stop: () => {
      widgets.kill();
      docs.kill();
    },
  };
}
