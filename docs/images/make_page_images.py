"""Take the screenshots of the seed timeline's pages in the publishing guide.

Run from the repository root, with Chromium installed (``.ci/install-browser-test-deps``)::

    python docs/images/make_page_images.py

Each page is written by :func:`geotimeline.publish.save_html` and opened from its file in
headless Chromium with no host name resolvable, as a reader offline would open it, through
the same driver as the browser tests (``tests/chromium.py``), which checks that the page asked
the network for nothing. The vis view is drawn with open ends stopping at the end of 2017, the
seed timeline's last year, so that the picture does not change with the day it is taken.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from geotimeline import examples
from geotimeline.publish import save_html

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
WIDTH, HEIGHT = 1200, 760
READY = "document.documentElement.dataset.geotimeline === 'ready'"
# The TimelineJS picture shows an event's slide: the title slide's next ones.
SLIDES_FORWARD = 3


def main() -> None:
    sys.path.insert(0, str(ROOT))  # the tests' driver
    from tests.chromium import CHROMIUM, Browser

    if CHROMIUM is None:
        raise SystemExit("chromium is missing; see .ci/install-browser-test-deps")
    seed = examples.load("seed")
    with tempfile.TemporaryDirectory() as folder:
        for view, options in (
            ("timelinejs", {}),
            ("vis", {"group_by": "country", "today": dt.date(2017, 12, 31)}),
        ):
            page = Path(folder, f"seed-{view}.html")
            save_html(seed, page, view=view, **options)  # type: ignore[arg-type]
            picture = HERE / f"seed-page-{view}.png"
            with Browser(Path(folder, f"profile-{view}"), WIDTH, HEIGHT) as browser:
                browser.open(page.as_uri(), READY)
                # The picture's size, whatever the screen's scale (set once the view is drawn:
                # vis-timeline fits its window to the items as it starts).
                browser.call(
                    "Emulation.setDeviceMetricsOverride", session=True, width=WIDTH,
                    height=HEIGHT, deviceScaleFactor=1, mobile=False,
                )  # fmt: skip
                time.sleep(1)
                if view == "timelinejs":
                    for _ in range(SLIDES_FORWARD):
                        browser.evaluate("document.querySelector('.tl-slidenav-next').click()")
                        time.sleep(1.5)  # the slide's animation
                browser.screenshot(picture)
                asked = [url for url in browser.requests() if not url.startswith("data:")]
                assert asked == [page.as_uri()], asked
            size = page.stat().st_size
            print(f"{picture.name}: {picture.stat().st_size // 1024} KB; page {size:,} bytes")


if __name__ == "__main__":
    main()
