// A local fault server for the download tests (issue 19): it forwards every request to the
// page's server unchanged, except the file a test names, whose body it stalls or cuts after a
// given number of bytes. Playwright's routing cannot do that: it fulfils whole bodies only.

import http from "node:http";
import { BASE_URL } from "./browser.mjs";

// Not content-length or content-encoding: fetch() hands over the decoded body, whose length is
// sent instead.
const FORWARDED = ["content-type", "content-security-policy", "cache-control", "etag"];

/// Starts the server; `setFault({ path: RegExp, kind: "stall" | "cut", after: bytes })` or
/// `setFault(null)` changes what it does to the next request.
export async function startFaultServer() {
  let fault = null;
  const server = http.createServer(async (req, res) => {
    try {
      const upstream = await fetch(new URL(req.url, BASE_URL));
      const headers = {};
      for (const name of FORWARDED) {
        const value = upstream.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      const body = Buffer.from(await upstream.arrayBuffer());
      headers["content-length"] = String(body.length);
      res.writeHead(upstream.status, headers);
      const path = new URL(req.url, BASE_URL).pathname;
      if (fault && fault.path.test(path)) {
        const { kind } = fault;
        // "cut": the connection drops once the bytes sent so far are on their way; "stall": the
        // response stays open with no further byte.
        res.write(body.subarray(0, fault.after), () => kind === "cut" && setTimeout(() => res.socket?.destroy(), 200));
        return;
      }
      res.end(body);
    } catch (e) {
      res.writeHead(502).end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    setFault: (f) => {
      fault = f;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
