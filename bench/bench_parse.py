"""Time and peak memory of reading each full code, beside a baseline that only decodes and splits lines.

Each measurement runs in a fresh subprocess so peak memory (ru_maxrss) belongs to that one parse.
Run: python bench/bench_parse.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "kz"
FILES = [
    "criminal-code.rus.2019-12-27.md",
    "criminal-procedure-code.rus.2022-12-30.md",
    "civil-procedure-code.rus.2022-06-27.md",
    "administrative-offences-code.rus.2020-06-25.md",
    "criminal-code.kaz.2022-11-05.md",
]

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if mode == "baseline":
    from lexgap.read.decode import decode
    lines = decode(Path(path).read_bytes()).split("\n")
    count = len(lines)
else:
    from lexgap.read import read_code
    from lexgap.refs import resolve
    code = resolve([read_code(path)])[0] if mode == "parse+refs" else read_code(path)
    count = sum(1 for _ in code.walk())
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "items": count}))
"""


def measure(mode: str, path: Path, repeat: int) -> dict[str, float]:
    runs = [
        json.loads(subprocess.run([sys.executable, "-c", _CHILD, mode, str(path)], check=True, capture_output=True, text=True).stdout)
        for _ in range(repeat)
    ]
    best = min(runs, key=lambda r: r["seconds"])
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest is shown")
    args = parser.parse_args()
    modes = ("baseline", "parse", "parse+refs")
    print(f"{'code':48} " + " ".join(f"{m + ' s':>12} {m + ' MiB':>16}" for m in modes) + f" {'provisions':>11}")
    for name in FILES:
        path = CORPORA / name
        results = {mode: measure(mode, path, args.repeat) for mode in modes}
        cells = " ".join(f"{results[m]['seconds']:12.2f} {results[m]['peak_mib']:16.0f}" for m in modes)
        print(f"{name:48} {cells} {results['parse']['items']:11d}")


if __name__ == "__main__":
    main()
