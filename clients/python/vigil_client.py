"""Report a training run's progress to Vigil. Standard library only; copy this one file anywhere.

Usage::

    from vigil_client import VigilRun

    run = VigilRun("resnet-finetune")          # url, token and data_dir are optional, see below
    for step in range(100_000):
        loss = train_one_batch()
        run.log(step=step, loss=loss, samples_per_second=512.0)
    run.finish()

or, finishing on a clean exit only (a crash leaves the run unfinished, which Vigil reports as
"training may be stalled" once it has been quiet for monitor.runStalledMinutes)::

    with VigilRun("resnet-finetune") as run:
        ...

What it sends: each ``log()`` is one ingest record ``{"model": NAME, "kind": "run", "gauges":
{...}, "timestamp": MS, "finished": false}``; ``finish()`` sends ``"finished": true``. Records are
batched and posted to ``POST {url}/api/v1/ingest`` with ``Authorization: Bearer <ingest token>``
when ``flush_seconds`` have passed since the last post (checked on each ``log()``), when
``max_batch`` records wait, and on ``finish()``.

Where it posts:
  - ``url``: the argument, else ``$VIGIL_URL``, else ``http://127.0.0.1:7177`` (``vigil serve``;
    the desktop app listens for ingest on ``http://127.0.0.1:7178``).
  - ``token``: the argument, else ``$VIGIL_INGEST_TOKEN``, else the ``ingest-token`` file in the
    data directory: ``data_dir``, else ``$VIGIL_DATA_DIR``, else ``$XDG_DATA_HOME/vigil``, else
    ``~/.local/share/vigil``.

It never raises into the training loop: a network error or a refused batch prints one warning to
stderr (then one more when reports go through again). Records that could not be sent are kept and
retried, after 1 s, 2 s, 4 s... up to 5 minutes between tries so that an unanswering Vigil does not
hold up the loop, at most ``max_buffer`` of them (the oldest are dropped beyond that); a
batch Vigil refuses (a bad gauge name, a wrong token) is dropped, since sending it again would not
help. Gauge values that are not finite numbers are left out of their record.
"""

import json
import math
import os
import re
import sys
import time
import urllib.error
import urllib.request

__all__ = ["VigilRun"]

_GAUGE_NAME = re.compile(r"^[A-Za-z_]\w{0,99}$")
_MODEL_NAME = re.compile(r"^[\w.:/-]{1,100}$")


def _default_data_dir():
    if os.environ.get("VIGIL_DATA_DIR"):
        return os.environ["VIGIL_DATA_DIR"]
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = xdg if xdg.startswith("/") else os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "vigil")


def _read_token(data_dir):
    path = os.path.join(data_dir or _default_data_dir(), "ingest-token")
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip() or None
    except OSError:
        return None


class VigilRun:
    """One training run, reported to Vigil as a model of kind "run"."""

    def __init__(self, name, url=None, token=None, data_dir=None, flush_seconds=5.0, max_batch=200,
                 max_buffer=10_000, timeout_seconds=5.0, clock=time.time):
        if not isinstance(name, str) or not _MODEL_NAME.match(name):
            raise ValueError(f"run name {name!r}: letters, digits and . _ : / - only, at most 100")
        self.name = name
        self.url = (url or os.environ.get("VIGIL_URL") or "http://127.0.0.1:7177").rstrip("/") + "/api/v1/ingest"
        self.token = token or os.environ.get("VIGIL_INGEST_TOKEN") or _read_token(data_dir)
        self.flush_seconds = flush_seconds
        self.max_batch = max_batch
        self.max_buffer = max_buffer
        self.timeout_seconds = timeout_seconds
        self._clock = clock
        self._pending = []
        self._last_post = clock()
        self._failing = False
        self._failures = 0
        self._retry_at = 0.0
        self._warned_gauges = set()
        self.dropped = 0
        self.finished = False
        if not self.token:
            self._warn("no ingest token (pass token=, set VIGIL_INGEST_TOKEN, or point data_dir= at Vigil's data directory): "
                       "reports will be refused")

    def log(self, step=None, **gauges):
        """Records the run's progress now: its step and any numeric gauges (loss=, samples_per_second=, ...)."""
        if self.finished:
            return
        if step is not None:
            gauges["step"] = step
        record = {"model": self.name, "kind": "run", "gauges": self._clean(gauges),
                  "timestamp": round(self._clock() * 1000), "finished": False}
        self._pending.append(record)
        self._bound()
        now = self._clock()
        due = len(self._pending) >= self.max_batch or now - self._last_post >= self.flush_seconds
        # After a failure the next try waits (1 s, 2 s, 4 s… up to 5 min): a Vigil that does not answer
        # must not hold up every step for the post's timeout.
        if due and now >= self._retry_at:
            self.flush()

    def finish(self, attempts=3):
        """Sends what is left and tells Vigil the run is done (an INFO "run finished" event).

        Tries `attempts` times, about 1.5 s in all when Vigil cannot be reached. Safe to call twice.
        """
        if self.finished:
            return
        self.finished = True
        self._pending.append({"model": self.name, "kind": "run", "timestamp": round(self._clock() * 1000), "finished": True})
        for attempt in range(attempts):
            if self.flush() or attempt == attempts - 1:
                return
            time.sleep(0.5 * (attempt + 1))

    def flush(self):
        """Posts the waiting records; True when none are left waiting. Never raises."""
        self._last_post = self._clock()
        while self._pending:
            batch = self._pending[: self.max_batch]
            outcome = self._post(batch)
            if outcome == "retry":
                self._bound()
                self._failures += 1
                self._retry_at = self._clock() + min(300.0, 2.0 ** (self._failures - 1))
                return False
            self._failures = 0
            self._retry_at = 0.0
            del self._pending[: len(batch)]
        return True

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.finish()
        else:
            self.flush()
        return False

    def _clean(self, gauges):
        out = {}
        for key, value in gauges.items():
            try:
                number = float(value)  # numpy and torch scalars too
            except (TypeError, ValueError):
                number = math.nan
            if _GAUGE_NAME.match(key) and math.isfinite(number):
                out[key] = int(number) if key == "step" and number.is_integer() else number
            elif key not in self._warned_gauges:
                self._warned_gauges.add(key)
                self._warn(f"gauge {key!r} = {value!r} left out: a name like loss or samples_per_second and a finite number are needed")
        return out

    def _post(self, batch):
        body = json.dumps(batch).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Authorization": f"Bearer {self.token or ''}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:
                response.read()
        except urllib.error.HTTPError as error:
            message = error.read().decode("utf-8", "replace").strip()[:300]
            if error.code >= 500 or error.code == 429:
                return self._failed(f"Vigil answered {error.code}: {message} (training goes on; reports are kept and retried)")
            # Refused as it is (bad token, bad record): sending it again would not help.
            self._failed(f"Vigil refused {len(batch)} records ({error.code}): {message} (training goes on; these records are dropped)")
            self.dropped += len(batch)
            return "dropped"
        except Exception as error:  # noqa: BLE001 - whatever the network does, training goes on
            return self._failed(f"cannot reach Vigil at {self.url}: {error} (training goes on; reports are kept and retried)")
        if self._failing:
            self._failing = False
            self._warn("reports reach Vigil again")
        return "sent"

    def _failed(self, message):
        if not self._failing:
            self._failing = True
            self._warn(message)
        return "retry"

    def _bound(self):
        excess = len(self._pending) - self.max_buffer
        if excess > 0:
            del self._pending[:excess]
            self.dropped += excess

    @staticmethod
    def _warn(message):
        print(f"vigil_client: {message}", file=sys.stderr)
