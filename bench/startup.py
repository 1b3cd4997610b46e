"""Print how long ``import hackathon; create_app()`` takes and which heavy modules it loads.

Target (issue 2): ready in under 1 s, without scikit-criteria, matplotlib or pandas.
Runs each measurement in a fresh interpreter, N times, and prints the median and the worst.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("skcriteria", "matplotlib", "pandas", "sklearn", "seaborn", "scipy")
CODE = (
    "import json, sys, time, resource\n"
    "t0 = time.perf_counter()\n"
    "import hackathon\n"
    "app = hackathon.create_app()\n"
    "t1 = time.perf_counter()\n"
    "client = app.test_client()\n"
    "status = client.get('/join').status_code\n"
    "t2 = time.perf_counter()\n"
    "print(json.dumps({'create_app': t1 - t0, 'first_request': t2 - t1, 'status': status,\n"
    "  'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,\n"
    f"  'heavy': [m for m in {HEAVY!r} if m in sys.modules]}}))\n"
)


def main(runs: int = 7) -> None:
    """Measure ``runs`` fresh starts and print the figures."""
    results = []
    with tempfile.TemporaryDirectory() as instance:
        env = os.environ | {"HACKATHON_INSTANCE_PATH": instance}
        env.pop("HACKATHON_DATABASE_URL", None)
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", CODE], cwd=ROOT, env=env, capture_output=True, text=True,
                check=True,
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    create = [r["create_app"] for r in results]
    first = [r["first_request"] for r in results]
    print(f"runs: {runs} (fresh interpreter each)")
    print(f"import hackathon + create_app(): median {statistics.median(create) * 1000:.0f} ms, "
          f"worst {max(create) * 1000:.0f} ms (target < 1000 ms)")
    print(f"first request (GET /join):       median {statistics.median(first) * 1000:.0f} ms")
    print(f"peak RSS after first request:    {max(r['rss_mb'] for r in results):.0f} MB")
    print(f"heavy modules loaded:            {results[0]['heavy'] or 'none'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
