"""The WSGI entry point for production servers: ``hackathon.wsgi:app``.

Every server worker that imports this module builds its own app and then, on a background
thread, loads the scoring libraries (scikit-criteria with scikit-learn, SciPy and pandas,
about 1-2 s), so that the first results page a worker serves does not pay for that import.
``create_app`` itself stays light; set ``HACKATHON_WARM_SCORING=0`` to skip the warm-up.
"""

from __future__ import annotations

import os

from hackathon import create_app
from hackathon.serving.warmup import warm_scoring_in_background

app = create_app()

if os.environ.get("HACKATHON_WARM_SCORING", "1") != "0":
    warm_scoring_in_background()
