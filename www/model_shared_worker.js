// The model worker as a SharedWorker: every embed of one docs page (same origin) connects to
// this one instance, so they share one download and one model in memory. A port that connects
// while the WebAssembly compiles is kept here; the worker (src/model/worker.rs) adopts them.
self.samplescopePorts = [];
self.onconnect = (event) => self.samplescopePorts.push(event.ports[0]);

import init from "./model_worker.js";

await init();
