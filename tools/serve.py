"""Serves the built site (dist/) on 127.0.0.1, the way a static host would.

    python3 tools/serve.py [--port 8080] [--dir dist] [--host 127.0.0.1] [--isolate]

* HTML, JS, CSS, JSON and WebAssembly are sent gzip-compressed when the browser accepts it,
  as GitHub Pages, Netlify or nginx with `gzip_static` do; the model files are already .gz and
  go out as they are (the page decompresses them itself after checking nothing).
* Unchanged files revalidate with a 304 (ETag), as static hosts answer. Every response says
  `Cache-Control: no-cache` (as Netlify's `max-age=0, must-revalidate`); the environment
  variable `SAMPLESCOPE_CACHE_CONTROL` sends another value, e.g. `max-age=600` as GitHub Pages
  does (the embed benchmark measures both: only fresh entries are shared by iframes that load
  at the same time).
* Correct MIME types (`application/wasm` lets the browser compile while downloading).
* Logs one line per request; `--access-log FILE` appends `{"path", "bytes"}` JSON lines with
  the bytes actually sent (headers included), which the browser benchmark sums.
* `--isolate` makes the pages cross-origin isolated (`crossOriginIsolated`, SharedArrayBuffer,
  wasm threads): every response carries `Cross-Origin-Opener-Policy: same-origin`,
  `Cross-Origin-Embedder-Policy: require-corp` and `Cross-Origin-Resource-Policy: same-origin`.
  The peer benchmark serves wllama this way for its multi-threaded run.
* The page's Content-Security-Policy (the meta tag `tools/csp.py` writes into `index.html`)
  goes out as a header on every response too: a meta tag does not reach the workers.
"""

import argparse
import functools
import gzip
import json
import http.server
import mimetypes
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import csp  # noqa: E402

COMPRESSIBLE = {".html", ".js", ".css", ".json", ".wasm", ".svg", ".txt"}
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/gzip", ".gz")


class CountingWriter:
    def __init__(self, raw):
        self.raw = raw
        self.count = 0

    def write(self, data):
        self.count += len(data)
        return self.raw.write(data)

    def flush(self):
        return self.raw.flush()

    def __getattr__(self, name):
        return getattr(self.raw, name)


class Handler(http.server.SimpleHTTPRequestHandler):
    cache = {}
    access_log = None
    isolate = False
    site = "."
    policy_cache = (None, None)

    @classmethod
    def content_security_policy(cls):
        """The built page's policy, re-read when index.html changes (a rebuild under a running server)."""
        index = os.path.join(cls.site, "index.html")
        try:
            mtime = os.stat(index).st_mtime_ns
        except OSError:
            return None
        if cls.policy_cache[0] != mtime:
            with open(index, encoding="utf-8") as f:
                cls.policy_cache = (mtime, csp.policy(f.read()))
        return cls.policy_cache[1]

    def setup(self):
        super().setup()
        self.wfile = CountingWriter(self.wfile)

    def handle_one_request(self):
        self.wfile.count = 0
        super().handle_one_request()
        if self.access_log and getattr(self, "path", None):
            with open(self.access_log, "a") as f:
                f.write(json.dumps({"path": self.path, "bytes": self.wfile.count}) + "\n")

    def end_headers(self):
        self.send_header("Cache-Control", os.environ.get("SAMPLESCOPE_CACHE_CONTROL", "no-cache"))
        policy = self.content_security_policy()
        if policy:
            self.send_header("Content-Security-Policy", policy)
        if self.isolate:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        super().end_headers()

    def log_message(self, fmt, *args):
        if os.environ.get("SAMPLESCOPE_QUIET") != "1":
            sys.stderr.write("[serve] " + (fmt % args) + "\n")

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        ext = os.path.splitext(path)[1]
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if ext not in COMPRESSIBLE or not accepts_gzip or not os.path.isfile(path):
            return super().do_GET()
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size)
        # A revalidation (Cache-Control: no-cache) of an unchanged file costs a 304, not the
        # body again: each further embed of a docs page gets the page's wasm from the cache.
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        body = self.cache.get(key)
        if body is None:
            with open(path, "rb") as f:
                body = gzip.compress(f.read(), compresslevel=9, mtime=0)
            self.cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path)[0] or "application/octet-stream")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)
        self.log_request(200, len(body))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    ap.add_argument("--dir", default="dist")
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    ap.add_argument("--access-log", default=None)
    ap.add_argument("--isolate", action="store_true", help="send COOP/COEP/CORP (cross-origin isolation)")
    args = ap.parse_args()
    Handler.access_log = args.access_log
    Handler.isolate = args.isolate
    Handler.site = args.dir
    if not os.path.isfile(os.path.join(args.dir, "index.html")):
        sys.exit(f"{args.dir}/index.html not found: build the site first (./x build)")
    handler = functools.partial(Handler, directory=args.dir)
    server = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    isolated = " (cross-origin isolated)" if args.isolate else ""
    print(f"samplescope: serving {args.dir} on http://{args.host}:{args.port}/{isolated}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
