// Memory and threads of Chromium's processes, read from Linux's /proc (the peer benchmark's
// renderer figures). Chromium runs a page, its dedicated workers and their wasm threads in one
// renderer process; the browser, GPU and utility processes (network, storage) are separate.

import { readFileSync, readdirSync } from "node:fs";

const read = (path) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null; // the process ended meanwhile
  }
};

/// { pid, ppid, cmdline } of every process descended from `root` (default: this node process,
/// whose children are the browser Playwright launched and the servers this script started).
export function descendants(root = process.pid) {
  const all = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    // The command name in parentheses may hold spaces: ppid is the 2nd field after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    all.push({ pid: Number(name), ppid, cmdline: (read(`/proc/${name}/cmdline`) ?? "").split("\0").join(" ") });
  }
  const out = [];
  const frontier = [root];
  while (frontier.length) {
    const parent = frontier.pop();
    for (const p of all) {
      if (p.ppid === parent) {
        out.push(p);
        frontier.push(p.pid);
      }
    }
  }
  return out;
}

/// Chromium's processes below this node process, each with its `--type=` (browser for none).
export function chromiumProcesses(root = process.pid) {
  return descendants(root)
    .filter((p) => /chrom/i.test(p.cmdline.split(" ")[0]))
    .map((p) => ({ ...p, type: /--type=(\S+)/.exec(p.cmdline)?.[1] ?? "browser" }));
}

const kib = (text, key) => {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text ?? "");
  return m ? Number(m[1]) * 1024 : null;
};

/// Pss and Rss (smaps_rollup), peak RSS (VmHWM) and thread count of one process, in bytes.
export function memoryOf(pid) {
  const rollup = read(`/proc/${pid}/smaps_rollup`);
  const status = read(`/proc/${pid}/status`);
  return {
    pid,
    pssBytes: kib(rollup, "Pss"),
    rssBytes: kib(rollup, "Rss"),
    peakRssBytes: kib(status, "VmHWM"),
    threads: Number(/^Threads:\s+(\d+)/m.exec(status ?? "")?.[1] ?? NaN),
  };
}

/// The renderers of this browser with their memory, largest Pss first: after a model is loaded,
/// the first one is the page's (the model lives in its worker, in the same process).
export function renderers(root = process.pid) {
  return chromiumProcesses(root)
    .filter((p) => p.type === "renderer")
    .map((p) => memoryOf(p.pid))
    .filter((m) => m.pssBytes !== null)
    .sort((a, b) => b.pssBytes - a.pssBytes);
}

/// The Pss of all of the browser's processes together.
export function browserPss(root = process.pid) {
  return chromiumProcesses(root).reduce((sum, p) => sum + (memoryOf(p.pid).pssBytes ?? 0), 0);
}

/// CPU time (ms, user + system) of each thread of `pid` by name, e.g. { DedicatedWorker: [..] }.
/// The difference of two readings around a computation tells which threads did the work.
export function threadCpuMs(pid) {
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  const out = {};
  let tasks = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    const stat = read(`/proc/${pid}/task/${tid}/stat`);
    if (!stat) continue;
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ms = (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
    (out[comm] ??= {})[tid] = ms;
  }
  return out;
}

/// Threads named `name` that used at least `minMs` of CPU between two threadCpuMs readings.
export function busyThreads(before, after, name = "DedicatedWorker", minMs = 50) {
  const b = before[name] ?? {};
  return Object.entries(after[name] ?? {})
    .map(([tid, ms]) => ({ tid: Number(tid), ms: ms - (b[tid] ?? 0) }))
    .filter((t) => t.ms >= minMs);
}
