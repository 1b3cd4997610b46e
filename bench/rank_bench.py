"""Speed and memory of the scoring core; prints a Markdown report.

    .venv/bin/python bench/rank_bench.py [--repeat 3]

For 8, 1,000 and 10,000 proposals x 6 criteria x 5 reviewers (random, seeded): aggregation
(each kind), ranking (each method, one scikit-criteria evaluation), robustness with 1,000
samples (weights only, and weights + reviewer bootstrap), the whole ``rank_scores`` call, and
its peak traced memory. Then ``hackathon rank`` on a generated 300,000-row CSV, timed as a
fresh process (``python -m hackathon.scoring.commands``), start-up included.
A large round with many reviewers: 10,000 proposals, 40 reviewers, each proposal scored by 5
of them, 6 criteria (300,000 score rows), in-process and as ``hackathon rank``.
Targets: 10,000 proposals with TOPSIS and 1,000-sample robustness under 1.5 s in-process;
the 300,000-row CLI runs under 3 s wall (5 reviewers each scoring all, and 40 reviewers each
scoring a share). Times are medians of ``--repeat`` runs; CPU time is shown beside wall time
so that a run on a busy machine can still be read.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from make_scores_csv import model_toml, score_array, write_scores_csv  # noqa: E402

from hackathon.scoring import ScoreTable, rank_scores  # noqa: E402
from hackathon.scoring.aggregation import aggregate, bootstrap_aggregator  # noqa: E402
from hackathon.scoring.methods import CriteriaArrays, evaluate  # noqa: E402
from hackathon.scoring.models import METHODS, ScoringModel, parse_model_data  # noqa: E402
from hackathon.scoring.ranking import robustness  # noqa: E402

SIZES = (8, 1_000, 10_000)
REVIEWERS, CRITERIA, SAMPLES = 5, 6, 1_000
# The large round: many reviewers, each proposal scored by a few of them.
MANY_REVIEWERS, PER_PROPOSAL = 40, 5


def timed(action: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_model(aggregation: str = "mean") -> ScoringModel:
    """The 6-criterion benchmark model (two min criteria)."""
    import tomllib

    model, problems = parse_model_data(
        tomllib.loads(model_toml(CRITERIA, aggregation=aggregation)), "bench"
    )
    assert model is not None, problems
    return model


def table_for(n: int) -> ScoreTable:
    """Seeded scores for n proposals."""
    values = score_array(n, REVIEWERS, CRITERIA, seed=n)
    keys = tuple(f"c{j + 1}" for j in range(CRITERIA))
    return ScoreTable(tuple(range(n)), tuple(range(REVIEWERS)), keys, values)


def in_process(repeat: int) -> list[str]:
    """Markdown lines for the in-process measurements."""
    out = []
    start = time.perf_counter()
    import skcriteria  # noqa: F401 - measured: the first ranking in a process pays this

    out.append(
        f"- `import skcriteria` (first ranking in a process): {time.perf_counter() - start:.2f} s"
    )
    model = bench_model()
    criteria = CriteriaArrays.from_model(model)
    evaluate("topsis", np.arange(12.0).reshape(2, 6) % 5 + 1, criteria.weights, criteria)
    out += ["", "| proposals | step | time |", "|---:|---|---:|"]
    for n in SIZES:
        table = table_for(n)
        matrix = None
        for how in ("mean", "median", "centred"):
            seconds = timed(
                lambda how=how, t=table: aggregate(t, how, criteria.low, criteria.high), repeat
            )
            out.append(f"| {n:,} | aggregation {how} | {seconds * 1000:.1f} ms |")
        matrix, _ = aggregate(table, "mean", criteria.low, criteria.high)
        rows = np.flatnonzero(~np.isnan(matrix).any(axis=1))
        matrix = matrix[rows]
        for method in METHODS:
            seconds = timed(
                lambda m=method, x=matrix: evaluate(m, x, criteria.weights, criteria), repeat
            )
            out.append(
                f"| {n:,} | ranking {method} (scikit-criteria pipeline) | {seconds * 1000:.1f} ms |"
            )
        resample = bootstrap_aggregator(table, "mean", criteria.low, criteria.high, rows, matrix)
        for method in ("topsis", "wsm", "vikor"):
            weights_only = timed(
                lambda m=method, x=matrix: robustness(
                    m, x, criteria, top_k=10, samples=SAMPLES, seed=0
                ),
                repeat,
            )
            both = timed(
                lambda m=method, x=matrix, b=resample: robustness(
                    m, x, criteria, top_k=10, samples=SAMPLES, seed=0, bootstrap=b
                ),
                repeat,
            )
            out.append(
                f"| {n:,} | robustness {method}, {SAMPLES:,} samples, weights only | "
                f"{weights_only * 1000:.0f} ms |"
            )
            out.append(
                f"| {n:,} | robustness {method}, {SAMPLES:,} samples, weights + "
                f"reviewer bootstrap | {both * 1000:.0f} ms |"
            )
        for how in ("mean", "median"):
            agg_model = bench_model(how)
            whole = timed(
                lambda am=agg_model, t=table: rank_scores(am, t, top_k=10, samples=SAMPLES), repeat
            )
            out.append(
                f"| {n:,} | **rank_scores, TOPSIS, {how}, {SAMPLES:,} samples, "
                f"everything** | **{whole:.3f} s** |"
            )
        tracemalloc.start()
        rank_scores(model, table, top_k=10, samples=SAMPLES)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        out.append(f"| {n:,} | peak traced memory of that call (mean) | {peak / 2**20:.1f} MiB |")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.append("")
    out.append(
        f"- Peak RSS of the benchmark process (includes scikit-criteria, matplotlib, "
        f"pandas and the 10,000-proposal runs): {rss:.0f} MiB"
    )
    return out


def timed_cpu(action: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median wall and CPU time of ``repeat`` runs, in seconds."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def many_reviewers(repeat: int) -> list[str]:
    """Markdown lines for the large round: 10,000 proposals, 40 reviewers, 5 per proposal."""
    n = 10_000
    values = score_array(n, MANY_REVIEWERS, CRITERIA, seed=7, per_proposal=PER_PROPOSAL)
    keys = tuple(f"c{j + 1}" for j in range(CRITERIA))
    table = ScoreTable(tuple(range(n)), tuple(range(MANY_REVIEWERS)), keys, values)
    model = bench_model()
    rank_scores(model, table, top_k=10, samples=SAMPLES)  # warm (imports, allocator)
    wall, cpu = timed_cpu(lambda: rank_scores(model, table, top_k=10, samples=SAMPLES), repeat)
    return [
        f"- {n:,} proposals x {MANY_REVIEWERS} reviewers ({PER_PROPOSAL} per proposal) x "
        f"{CRITERIA} criteria, TOPSIS, mean, {SAMPLES:,} samples (weights + reviewer "
        f"bootstrap), `rank_scores` in-process: median **{wall:.2f} s** wall, {cpu:.2f} s CPU",
    ]


def cli(repeat: int) -> list[str]:
    """Markdown lines for the 300,000-row command-line run."""
    out = []
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        rows = write_scores_csv(directory / "scores.csv", 10_000, REVIEWERS, CRITERIA, seed=1)
        many = write_scores_csv(
            directory / "many.csv", 10_000, MANY_REVIEWERS, CRITERIA, seed=2,
            per_proposal=PER_PROPOSAL,
        )
        (directory / "model.toml").write_text(model_toml(CRITERIA), encoding="utf-8")
        size = (directory / "scores.csv").stat().st_size / 2**20
        out.append(
            f"- CSV: {rows:,} rows ({size:.1f} MiB), 10,000 proposals x {REVIEWERS} "
            f"reviewers x {CRITERIA} criteria; many.csv: {many:,} rows, {MANY_REVIEWERS} "
            f"reviewers, {PER_PROPOSAL} per proposal"
        )
        base = [
            sys.executable,
            "-m",
            "hackathon.scoring.commands",
            str(directory / "scores.csv"),
            "--model",
            str(directory / "model.toml"),
            "--top-k",
            "10",
        ]
        runs = [
            ("--format json (default 1,000 samples)", ["--format", "json"]),
            ("--format table (default 1,000 samples)", []),
            ("--format json --samples 0", ["--format", "json", "--samples", "0"]),
            (
                f"{MANY_REVIEWERS} reviewers, {PER_PROPOSAL} per proposal, --format json",
                ["--format", "json", "--scores-file-many"],
            ),
        ]
        startup = [sys.executable, "-c", "import hackathon.scoring.commands"]
        for label, extra in [("start-up only: python + import of the command module", None), *runs]:
            command = startup if extra is None else base + extra
            if extra is not None and "--scores-file-many" in extra:
                command = [
                    str(directory / "many.csv") if part == str(directory / "scores.csv") else part
                    for part in base + extra
                    if part != "--scores-file-many"
                ]
            times, peak = [], 0.0
            for _ in range(repeat):
                start = time.perf_counter()
                completed = subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
                times.append(time.perf_counter() - start)
                usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                peak = max(peak, usage)
                assert completed.stdout or extra is None
            out.append(
                f"- `hackathon rank` 300k rows, {label}: median "
                f"**{statistics.median(times):.2f} s**, best {min(times):.2f} s "
                f"(wall, fresh process)"
            )
        out.append(f"- Peak RSS of those child processes: {peak:.0f} MiB")
    return out


def machine() -> list[str]:
    """Where the figures were measured."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return [
        f"- Date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- Machine: nproc = {cores}, CPU: {cpu}, Python {platform.python_version()}, "
        f"numpy {np.__version__}",
    ]


def cpu_pressure() -> str:
    """Linux PSI: the share of time tasks waited for a CPU (other load on the machine)."""
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0].split()
    except OSError:
        return "CPU pressure: not available"
    fields = dict(item.split("=") for item in some[1:])
    return (
        f"CPU pressure (tasks waiting for a CPU): {fields['avg10']}% (10 s), "
        f"{fields['avg60']}% (60 s)"
    )


def main() -> None:
    """Run everything and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-cli", action="store_true")
    args = parser.parse_args()
    lines = ["## Scoring core (bench/rank_bench.py)", "", *machine()]
    lines += [f"- Before: {cpu_pressure()}", ""]
    lines += in_process(args.repeat)
    lines += ["", *many_reviewers(args.repeat)]
    if not args.skip_cli:
        lines += ["", *cli(args.repeat)]
    lines += ["", f"- After: {cpu_pressure()}"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
