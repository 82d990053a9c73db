"""A stand-in training loop that reports its progress to Vigil.

    python3 example.py [STEPS] [SECONDS_PER_STEP] [RUN_NAME]

Set VIGIL_URL and VIGIL_INGEST_TOKEN (or VIGIL_DATA_DIR) to point it at your Vigil.
"""

import math
import sys
import time

from vigil_client import VigilRun

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 100
pause = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
name = sys.argv[3] if len(sys.argv) > 3 else "example-run"

with VigilRun(name, flush_seconds=1.0) as run:
    for step in range(1, steps + 1):
        started = time.perf_counter()
        time.sleep(pause)  # ... train one batch of 64 samples ...
        loss = 2.0 / math.sqrt(step)
        run.log(step=step, loss=loss, samples_per_second=64 / (time.perf_counter() - started))
