// Says so when the page's own code cannot start (its wasm answered 500, went missing, or the
// network dropped): a failed start would otherwise leave a blank page. It runs before the app,
// so its two sentences cannot come from the app's catalogue.
(() => {
  let started = false;
  // A stylesheet that failed is not fatal: once the app runs, the note goes.
  addEventListener("TrunkApplicationStarted", () => {
    started = true;
    document.getElementById("boot-failed")?.remove();
  });
  const korean = (navigator.language || "").toLowerCase().startsWith("ko");
  const fail = (detail) => {
    if (started || document.getElementById("boot-failed")) return;
    const box = document.createElement("div");
    box.id = "boot-failed";
    box.className = "load failed";
    box.setAttribute("role", "alert");
    const text = document.createElement("p");
    text.textContent = korean
      ? `samplescope를 시작하지 못했습니다: ${detail}`
      : `samplescope could not start: ${detail}`;
    const retry = document.createElement("button");
    retry.textContent = korean ? "다시 시도" : "Retry";
    retry.addEventListener("click", () => location.reload());
    box.append(text, retry);
    const place = () => document.body.prepend(box);
    if (document.body) place();
    else addEventListener("DOMContentLoaded", place);
  };
  addEventListener("unhandledrejection", (e) => fail(e.reason?.message ?? String(e.reason)));
  addEventListener("error", (e) => {
    const target = e.target;
    if (target && target !== window && (target.src || target.href)) fail(`${target.src || target.href} did not load`);
    else fail(e.message || "a script failed");
  }, true);
})();
