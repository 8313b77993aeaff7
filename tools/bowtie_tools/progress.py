"""A dependency-free progress bar for long steps (tqdm is not among the Debian dependencies).

On a terminal it redraws one line; in a log (not a TTY) it prints the finished line (and
quarters of long tasks), so CI logs stay short. Writes to stderr so stdout keeps only results.
"""

import sys
import time


class ProgressBar:
    """Counts ``total`` steps of one named task; not thread-safe (update from one thread)."""

    def __init__(self, label, total, stream=None, enabled=True):
        self.label = label
        self.total = max(1, int(total))
        self.count = 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()
        self.last_decile = -1
        self.postfix = ""

    def update(self, steps=1, **postfix):
        """Advances by ``steps`` and shows the ``postfix`` values (e.g. loss terms)."""
        self.count = min(self.total, self.count + steps)
        if postfix:
            self.postfix = " ".join(f"{k}={_fmt(v)}" for k, v in postfix.items())
        self._draw()

    def close(self):
        """Finishes the line."""
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self):
        if not self.enabled:
            return
        fraction = self.count / self.total
        elapsed = time.monotonic() - self.started
        if self.tty:
            filled = int(30 * fraction)
            bar = "#" * filled + "." * (30 - filled)
            line = (
                f"\r{self.label} [{bar}] {self.count}/{self.total} {elapsed:5.1f}s {self.postfix}"
            )
            self.stream.write(line)
            self.stream.flush()
            return
        # Logs get the finished line, plus quarters of long tasks, not a line per step.
        quarter = int(fraction * 4) if self.total >= 100 else int(fraction)
        if quarter != self.last_decile and (quarter > 0 or self.count == self.total):
            self.last_decile = quarter
            self.stream.write(
                f"{self.label}: {self.count}/{self.total} ({elapsed:.1f}s) {self.postfix}\n"
            )
            self.stream.flush()


def _fmt(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
