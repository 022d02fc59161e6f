"""Render the seed's article view with the embedded model and screenshot it for the README.

    python scripts/screenshot_seed.py [--out docs/seed-page.png] [--html docs/seed-page.html]

Runs `stance analyze seeds/000_4a66804ddd20a484.txt --html …` and opens the page in Debian's
chromium (through Playwright) at 1280×900.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_4a66804ddd20a484.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "seed-page.png")
    parser.add_argument("--html", type=Path, default=None, help="keep the page here too")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "seed.html"
        subprocess.run(
            [sys.executable, "-m", "stance", "analyze", str(SEED.relative_to(REPO)), "--html",
             str(page_path)],
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=REPO,
        )
        if args.html:
            shutil.copyfile(page_path, args.html)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=args.chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_path.as_uri())
            page.screenshot(path=str(args.out))
            browser.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
