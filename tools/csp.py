"""The page's Content-Security-Policy, computed from the built page.

    python3 tools/csp.py dist/index.html      (./x build runs it after trunk)

trunk writes the page's loader as an inline module script, and its bytes change with every
build, so the policy allows it by its sha256, computed here from the built file and written into
a `<meta http-equiv="Content-Security-Policy">` at the top of `<head>`. A meta tag does not
cover workers (their policy comes from their own response) nor `frame-ancestors`, so
`tools/serve.py` sends the same policy as a header, read back from the meta tag with `policy()`.

`frame-ancestors` is left out on purpose: embeds (`?embed=<key>`) are framed by other sites.
"""

import base64
import hashlib
import re
import sys

META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*"\s*/?>')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
POLICY_IN_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


def build_policy(html: str) -> str:
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(html)
    ]
    return "; ".join(
        [
            "default-src 'none'",
            # 'wasm-unsafe-eval' compiles WebAssembly; nothing else is evaluated.
            " ".join(["script-src 'self' 'wasm-unsafe-eval'", *hashes]),
            "worker-src 'self'",
            "connect-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "base-uri 'none'",
            "form-action 'none'",
            "object-src 'none'",
        ]
    )


def with_policy(html: str) -> str:
    html = META.sub("", html)
    policy = build_policy(html)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
    # Before anything it governs: right after the charset, which must stay first.
    return re.sub(r'(<meta charset="utf-8"\s*/?>)', lambda m: m.group(1) + "\n    " + tag, html, count=1)


def policy(html: str):
    """The policy in a built page's meta tag, or None."""
    found = POLICY_IN_META.search(html)
    return found.group(1) if found else None


def main():
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        html = f.read()
    html = with_policy(html)
    if policy(html) is None:
        sys.exit(f"{path}: no <meta charset=\"utf-8\"> to put the policy after")
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"[csp] {path}: {policy(html)}", file=sys.stderr)


if __name__ == "__main__":
    main()
