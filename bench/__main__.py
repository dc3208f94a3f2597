"""``python -m bench [--db URL] [--runs 5] [--out FILE]``: the scale benchmark (BENCHMARKS.md).

In one run on one registry: (1) the snapshot through ``metrics/`` for the whole registry
and one community; (2) the floor, the same figures by hand-written aggregate SQL
(``bench/floor.py``); (3) a naive peer that loads whole tables into polars
(``bench/naive.py``) — both asserted equal to (1) before anything is timed; (4) every
page of ``ui/nav.py`` through AppTest, cold (caches cleared) and warm. Medians of
``--runs`` repetitions, the ratios (1)/(2) and (3)/(1), and each item's peak memory
measured in a fresh subprocess (``bench/probe.py``).
"""

import sys

from bench.run import main

if __name__ == "__main__":
    sys.exit(main())
