"""Time of one badge verification in the phone scanner, through WebCrypto's Ed25519 and through the fallback.

    python benchmarks/scanner.py                        # the sample event, 2,000 payloads
    python benchmarks/scanner.py --registrants 20000    # a synthetic congress (its page is larger)
    python benchmarks/scanner.py --payloads 5000

The scanner page (confkit.checkin.scanner) opens in Debian's Chromium as a volunteer's phone opens it,
and each payload goes through the page's own `window.confkitScanner.verify`, one after another as the
camera gives them (format, event tag, Ed25519 signature; every payload a genuine badge, the costly
case). The fallback is the vendored noble-ed25519, made to run by taking Ed25519 away from WebCrypto
with an init script, as in an older browser. The page is served at an HTTPS address (by Playwright's
router, nothing leaves the machine) with cross-origin isolation, whose timer ticks every 5 µs instead
of 100 µs. Figures: the page ready (script parsed, key imported), then median and 95th percentile ms
per verification after a warm-up of 100.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CHROMIUM = "/usr/bin/chromium"
URL = "https://scanner.confkit.test/checkin/index.html"
WARM_UP = 100

MEASURE = """async ({payloads, warmUp}) => {
  for (const payload of payloads.slice(0, warmUp)) await confkitScanner.verify(payload);
  const times = [];
  let refused = 0;
  for (const payload of payloads) {
    const start = performance.now();
    const result = await confkitScanner.verify(payload);
    times.push(performance.now() - start);
    if (result.status !== 'valid') refused += 1;
  }
  return {times, refused, engine: await confkitScanner.engine(), isolated: crossOriginIsolated};
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payloads", type=int, default=2000)
    parser.add_argument("--registrants", type=int, default=0, help="a synthetic event of this size (0: the sample)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        event, page, payloads = build(Path(folder), options.registrants, options.payloads)
        print(f"scanner page of {event.title!r}: {len(page) / 1e6:.2f} MB, {options.payloads:,} payloads")
        figures = measure(page, payloads)
    print(f"{'engine':<11}{'ready ms':>10}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'total s':>9}")
    for engine, (ready, times) in figures.items():
        p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
        print(f"{engine:<11}{ready:>10.0f}{statistics.median(times):>11.3f}{p95:>9.3f}{max(times):>9.2f}"
              f"{sum(times) / 1000:>9.2f}")


def build(folder: Path, registrants: int, count: int):
    """The scanner page of the sample (or a synthetic event) and `count` genuine badges of its roster."""
    from confkit import synthetic, workbook
    from confkit.badges import tokens
    from confkit.checkin import roster, scanner
    from confkit.state import new_key
    from confkit.templates import environment
    from conftest import SAMPLE

    source = SAMPLE
    if registrants:
        source = synthetic.write(folder / "event.xlsx", registrants=registrants)
    event, _ = workbook.read(source)
    key, people = new_key(), roster.roster(event)
    page = scanner.page(event, environment(language=event.language), key, people, {})
    payloads = [tokens.issue(key, event.id, people[i % len(people)].id) for i in range(count)]
    return event, page, payloads


def measure(page: bytes, payloads: list[str]) -> dict[str, tuple[float, list[float]]]:
    from playwright.sync_api import sync_playwright

    from test_checkin_scanner import WITHOUT_ED25519

    figures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for engine, script in (("webcrypto", None), ("noble", WITHOUT_ED25519)):
                context = browser.new_context()
                if script:
                    context.add_init_script(script)
                context.route("**/*", lambda route: route.fulfill(
                    status=200, body=page, content_type="text/html; charset=utf-8",
                    headers={"Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp"})
                    if route.request.url == URL else route.abort())
                tab = context.new_page()
                start = time.perf_counter()
                tab.goto(URL)
                tab.wait_for_selector("html[data-scanner=ready]")
                tab.evaluate("confkitScanner.engine()")
                ready = (time.perf_counter() - start) * 1000
                result = tab.evaluate(MEASURE, {"payloads": payloads, "warmUp": WARM_UP})
                assert result["engine"] == engine and result["refused"] == 0, result | {"times": None}
                if not result["isolated"]:
                    print(f"{engine}: not cross-origin isolated, the timer ticks every 0.1 ms", file=sys.stderr)
                figures[engine] = (ready, result["times"])
                context.close()
        finally:
            browser.close()
    return figures


if __name__ == "__main__":
    main()
