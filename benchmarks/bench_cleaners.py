"""The cleaner chain grows linearly with its input: seconds per MiB of each cleaner over 1-64 MiB, beside a
linear baseline measured in the same run.

    .venv/bin/python benchmarks/bench_cleaners.py              # 1, 2, 4, ... 64 MiB
    .venv/bin/python benchmarks/bench_cleaners.py --max 8      # up to 8 MiB (a quick check)
    .venv/bin/python benchmarks/bench_cleaners.py --old-unwrap # also the pre-fix unwrap at 1-2 MiB (quadratic)

Inputs (both synthetic, built deterministically from the words of the dev corpus when it is present, else the
sample articles):

- ``wrapped``: hard-wrapped text at 72 columns with no blank lines at all, the worst case for the unwrap cleaner
  (one paragraph of millions of lines; before the fix it took 1.2 s at 1 MB and 144 s at 8 MB);
- ``articles``: ordinary articles (paragraphs, a few boilerplate lines) concatenated.

Baseline: ``"\\n".join(line.strip() for line in text.split("\\n"))`` over the same text, a pass any cleaner must at
least make. Each cell is the median of ``--repeat`` runs; the ratio in brackets is (s/MiB at this size) / (s/MiB
at 1 MiB): about 1 everywhere means linear growth (a quadratic step doubles it with each row). On a shared,
loaded machine the rates wander by 2-3x from row to row; the last column, the chain's time over the baseline's at
the same size, cancels much of that.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.builtin import cleaners  # noqa: E402

MIB = 1024 * 1024


def words() -> list[str]:
    dev = ROOT.parent / "shared" / "dev-corpus" / "ecbplus"
    files = sorted(dev.glob("*/*.txt"))[:200] if dev.is_dir() else sorted((ROOT / "corpus").glob("*.txt"))
    out = []
    for f in files:
        out.extend(re.findall(r"\S+", f.read_text(encoding="utf-8", errors="replace")))
    return out


def wrapped(size: int, vocab: list[str], rng: random.Random) -> str:
    lines, line, total = [], [], 0
    while total < size:
        w = rng.choice(vocab)
        if sum(len(x) + 1 for x in line) + len(w) > 72:
            s = " ".join(line)
            lines.append(s)
            total += len(s) + 1
            line = []
        line.append(w)
    return "\n".join(lines)


def articles(size: int, vocab: list[str], rng: random.Random) -> str:
    parts, total = [], 0
    while total < size:
        para = " ".join(rng.choice(vocab) for _ in range(rng.randint(20, 90)))
        if rng.random() < 0.03:
            para = "Advertisement"
        parts.append(para)
        total += len(para) + 2
    return "\n\n".join(parts)


def baseline(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n"))


def old_unwrap(text: str) -> str:
    """The unwrap cleaner before the fix (string re-concatenation per joined line), for comparison only."""
    ok, width = cleaners.looks_hard_wrapped(text)
    if not ok:
        return text
    out = []
    for para in re.split(r"(\n[ \t]*\n)", text):
        if not para.strip():
            out.append(para)
            continue
        plines = para.split("\n")
        merged = [plines[0]]
        last = plines[0].rstrip()
        for nxt in plines[1:]:
            n = nxt.strip()
            long_enough = len(last) >= 0.6 * width
            if last.strip() and n and long_enough:
                merged[-1] = merged[-1].rstrip() + " " + nxt.lstrip()
            else:
                merged.append(nxt)
            last = nxt.rstrip()
        out.append("\n".join(merged))
    return "".join(out)


STEPS = [
    ("baseline", baseline),
    ("mojibake", cleaners.fix_mojibake),
    ("newlines", cleaners.fix_newlines),
    ("nfc", cleaners.normalize_nfc),
    ("boilerplate", cleaners.drop_boilerplate),
    ("unwrap", cleaners.unwrap_lines),
    ("whitespace", cleaners.tidy_whitespace),
]


def timed(fn, text: str, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text, {}) if fn is not baseline else fn(text)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max", type=int, default=64, help="largest size in MiB (powers of two from 1)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--old-unwrap", action="store_true", help="also time the pre-fix unwrap at 1 and 2 MiB")
    ap.add_argument("--kind", choices=("wrapped", "articles"), action="append", help="only these inputs")
    args = ap.parse_args()
    vocab = words()
    sizes = [s for s in (1, 2, 4, 8, 16, 32, 64) if s <= args.max]
    for kind, make in (("wrapped", wrapped), ("articles", articles)):
        if args.kind and kind not in args.kind:
            continue
        print(f"\n{kind}: seconds per MiB (median of {args.repeat}); in brackets the ratio to the 1 MiB rate")
        names = [n for n, _ in STEPS] + ["chain"]
        print(f"{'MiB':>4} " + " ".join(f"{n:>18}" for n in names) + f" {'chain/baseline':>15}")
        first: dict[str, float] = {}
        for size in sizes:
            text = make(size * MIB, vocab, random.Random(size))
            mib = len(text.encode("utf-8")) / MIB
            cells = []
            chain_total = 0.0
            base_rate = 0.0
            for name, fn in STEPS:
                rate = timed(fn, text, args.repeat) / mib
                if name == "baseline":
                    base_rate = rate
                else:
                    chain_total += rate
                first.setdefault(name, rate)
                cells.append(f"{rate:9.4f} ({rate / first[name]:4.2f})")
            first.setdefault("chain", chain_total)
            cells.append(f"{chain_total:9.4f} ({chain_total / first['chain']:4.2f})")
            print(f"{size:>4} " + " ".join(f"{c:>18}" for c in cells) + f" {chain_total / base_rate:>15.1f}",
                  flush=True)
        if args.old_unwrap and kind == "wrapped":
            for size in (1, 2):
                text = make(size * MIB, vocab, random.Random(size))
                t = timed(lambda t, _c=None: old_unwrap(t), text, 1)
                new = timed(cleaners.unwrap_lines, text, 1)
                print(f"  pre-fix unwrap at {size} MiB: {t:.2f} s (now {new:.3f} s, {t / new:.0f}x)")


if __name__ == "__main__":
    main()
