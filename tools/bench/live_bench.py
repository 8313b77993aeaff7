#!/usr/bin/python3
"""Benchmarks of `bowtie live` on a PulseAudio loop (see .ci/pulse.sh), for the README.

  tools/bench/live_bench.py roundtrip [--seconds 60] [--buffer-ms 20]
      One run of `bowtie live` that starts in --bypass and switches to the identity voice half
      way (a control line on its standard input). A click every 300 ms is played into vc_in with
      paplay; vc_in.monitor and vc_out.monitor are both recorded with parec, and each click's
      round trip (vc_in to vc_out) is timed on the wall clock. Prints the latency the voice adds
      at the switch, the round trip minute by minute, Bowtie's own held latency and the run's
      underruns.

      --plot FILE.png draws both over the run.

      Why the wall clock: the two null sinks of the test server each keep time by their own
      rendering, and they disagree by tens of ppm. Counted in vc_out's samples alone, a flat
      round trip would seem to grow by that much (about 1 ms a minute at 20 ppm). Each
      recording's samples are put on the wall clock by when parec delivered them.

  tools/bench/live_bench.py wait [--seconds 30]
      Runs the loop once per wait strategy and prints CPU use of the bowtie process and the
      99th percentile of the capture-to-voice-thread wake-up.

  tools/bench/live_bench.py record IN.wav OUT.wav [--buffer-ms 20] [-- LIVE OPTIONS]
      Plays IN.wav (48 kHz mono 16-bit, the sinks' format) into vc_in while `bowtie live
      LIVE OPTIONS` runs, records vc_out.monitor, and writes OUT.wav the way `bowtie convert`
      writes its output: as long as IN.wav and time-aligned with it (the recording is cut where
      its loudness envelope best matches the input's). A pass in which the loop fell behind and
      played the dry voice (a slow fallback) is played again, up to 4 times; the loop's counters
      go to stderr.

Needs a server with Bowtie's devices: run under `source .ci/pulse.sh && pulse_start`.
Bowtie's loop threads run at its default real-time priority (`--rt-priority 10`); for figures
from a quiet loop give the sound server real-time priority too
(`chrt -r -p 20 $BOWTIE_PULSE_PID`).
Uses Debian's /usr/bin/python3 with numpy.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import wave

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bowtie_tools.train.png import panels_png  # noqa: E402

RATE = 48000
PERIOD = int(0.3 * RATE)
ATTEMPTS = 4
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAR = os.path.join(ROOT, "plugin", "target", "bowtie.jar")
ENV = dict(os.environ, PULSE_SOURCE="vc_mic", PULSE_SINK="vc_out")


def click():
    n = int(0.002 * RATE)
    t = np.arange(n) / RATE
    return (0.4 * np.hanning(n) * np.sin(2 * np.pi * 2000 * t)).astype(np.float32)


def write_click_train(path, seconds):
    x = np.zeros(int(seconds * RATE), dtype=np.float32)
    c = click()
    for start in range(RATE // 2, len(x) - len(c), PERIOD):
        x[start : start + len(c)] = c
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((x * 32767).astype("<i2").tobytes())


def start_bowtie(*args):
    cmd = ["java", "-jar", JAR, "live", "--json-status", *args]
    return subprocess.Popen(
        cmd,
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


def await_running(p):
    """Waits for the first status with processed hops; then keeps reading stdout in a thread (a
    full pipe would block bowtie's status line) into p.statuses."""
    p.statuses = []
    for line in p.stdout:
        status = json.loads(line)
        p.statuses.append(status)
        if status["processedHops"] > 0:
            break
    else:
        raise SystemExit("bowtie live ended: " + p.stderr.read())

    def drain():
        for line in p.stdout:
            if line.startswith("{"):
                p.statuses.append(json.loads(line))

    p.drainer = threading.Thread(target=drain, daemon=True)
    p.drainer.start()


def stop(p):
    p.terminate()
    err = p.stderr.read()
    p.wait(timeout=15)
    p.drainer.join(timeout=5)
    return p.returncode, p.statuses, err


def click_phases(recording):
    c = click()
    corr = np.correlate(recording, c, mode="valid")
    env = np.abs(corr)
    threshold = 0.5 * env.max()
    peaks = []
    i = 0
    while i < len(env):
        if env[i] > threshold:
            j = i + int(0.05 * RATE)
            k = i + int(np.argmax(env[i:j]))
            peaks.append(k)
            i = k + int(0.1 * RATE)
        else:
            i += 1
    return np.array(peaks)


class MonitorRecorder:
    """Records one monitor source with parec, noting when each chunk arrives, so that a sample's
    position can be turned into wall-clock time (see wall_time)."""

    def __init__(self, source):
        self.source = source
        self.parec = subprocess.Popen(
            [
                "parec",
                "-d",
                source,
                "--latency-msec=5",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=1",
                "--raw",
            ],
            stdout=subprocess.PIPE,
            env=ENV,
        )
        self.chunks = []
        self.arrivals = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        fd = self.parec.stdout.fileno()
        samples = 0
        while True:
            chunk = os.read(fd, 4096)
            if not chunk:
                return
            self.chunks.append(chunk)
            samples += len(chunk) // 2
            self.arrivals.append((time.monotonic(), samples))

    def stop(self):
        """Ends the recording; returns its samples as floats in [-1, 1]."""
        self.parec.terminate()
        self.parec.wait()
        self.reader.join()
        data = b"".join(self.chunks)
        self.samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float32)
        self.samples = self.samples / 32768
        self.arrival_times = np.array([a[0] for a in self.arrivals])
        self.arrival_counts = np.array([a[1] for a in self.arrivals], dtype=float)
        return self.samples

    def _require_timing(self):
        # Only the timing needs many deliveries; a short recording for `record` does not.
        if len(self.arrivals) < 100:
            sys.exit(f"parec of {self.source} delivered too little to time it: is the server up?")

    def wall_time(self, indices):
        """Wall-clock time (time.monotonic) at which each sample index passed the monitor, give or
        take parec's own constant latency: a line through the chunk arrivals within 5 s either
        side (a sink's rate drifts a little as its clients change how they write), which averages
        out when each chunk happened to be delivered."""
        self._require_timing()
        reach = 5 * RATE
        times = []
        for i in np.asarray(indices, dtype=float):
            near = np.abs(self.arrival_counts - i) <= reach
            slope, intercept = np.polyfit(self.arrival_counts[near], self.arrival_times[near], 1)
            times.append(intercept + slope * i)
        return np.array(times)

    def rate(self):
        """The sink's mean rate over the recording on the wall clock, in samples per second."""
        self._require_timing()
        steady = self.arrival_times > self.arrival_times[0] + 1.0
        return np.polyfit(self.arrival_times[steady], self.arrival_counts[steady], 1)[0]


def play_and_record(wav, while_playing=None):
    """Records vc_in.monitor and vc_out.monitor while paplay plays wav into vc_in, from half a
    second before until half a second after; while_playing() runs as soon as paplay has started.
    Returns the two stopped MonitorRecorders (vc_in's, vc_out's)."""
    source_side = MonitorRecorder("vc_in.monitor")
    output_side = MonitorRecorder("vc_out.monitor")
    time.sleep(0.5)
    paplay = subprocess.Popen(["paplay", "-d", "vc_in", wav], env=ENV)
    if while_playing:
        while_playing()
    paplay.wait()
    time.sleep(0.5)
    source_side.stop()
    output_side.stop()
    return source_side, output_side


def round_trips(source_side, output_side):
    """Each click's wall-clock time at vc_in.monitor and its round trip to vc_out.monitor, in ms
    (clicks with no echo within 250 ms are left out)."""
    sent = source_side.wall_time(click_phases(source_side.samples))
    heard = output_side.wall_time(click_phases(output_side.samples))
    times, trips = [], []
    for t in sent:
        later = heard[(heard > t) & (heard < t + 0.25)]
        if len(later):
            times.append(t)
            trips.append(1000 * (later[0] - t))
    return np.array(times), np.array(trips)


def roundtrip(args):
    tmp = tempfile.mkdtemp(prefix="bowtie-bench-")
    clicks = os.path.join(tmp, "clicks.wav")
    write_click_train(clicks, args.seconds)
    bowtie = start_bowtie(
        "--bypass",
        "--voice",
        "identity",
        "--synthesis",
        "residual",
        "--buffer-ms",
        str(args.buffer_ms),
    )
    await_running(bowtie)
    switch = {}

    def switch_half_way():
        start = time.monotonic()
        time.sleep(args.seconds / 2)
        bowtie.stdin.write("bypass off\n")
        bowtie.stdin.flush()
        switch["at"] = time.monotonic()
        switch["start"] = start

    source_side, output_side = play_and_record(clicks, switch_half_way)
    code, statuses, err = stop(bowtie)
    times, trips = round_trips(source_side, output_side)
    minutes = (times - switch["start"]) / 60
    # The clicks just around the switch (the crossfade excluded), where nothing else has had
    # time to move, give the latency the voice adds.
    before = trips[(times > switch["at"] - 2.0) & (times < switch["at"] - 0.3)]
    after = trips[(times > switch["at"] + 0.3) & (times < switch["at"] + 2.0)]
    jump = np.median(after) - np.median(before)
    if os.environ.get("BOWTIE_BENCH_TRACE"):
        for t, trip in zip(times - switch["start"], trips):
            print(f"click {t:8.2f} s  round trip {trip:.2f} ms")
        for s in statuses:
            print(
                f"status queue {s['queuedMs']} held {s['heldLatencyMs']} target "
                f"{s['targetLatencyMs']} drift {s['driftPpm']} underruns {s['underruns']}"
                f" voice-late {s['voiceLateUnderruns']}"
            )
    mismatch = (output_side.rate() / source_side.rate() - 1) * 1e6
    last = statuses[-1]
    print(
        f"clicks timed: {len(trips)} ({args.seconds:.0f} s, one per {PERIOD / RATE * 1000:.0f} ms)"
    )
    print(f"added latency of --voice identity over --bypass at the switch: {jump:.2f} ms")
    print(
        f"test sinks' clocks: vc_in {source_side.rate():.1f} Hz, vc_out {output_side.rate():.1f} Hz"
        f" on the wall clock ({mismatch:+.1f} ppm; Bowtie's drift correction follows it)"
    )
    print("| minute | round trip p10 / median / p90 (ms) | Bowtie's held latency (ms) | mode |")
    print("| --- | --- | --- | --- |")
    held = [s["heldLatencyMs"] for s in statuses]
    status_minute = np.arange(len(statuses)) / 60
    for m in range(int(np.ceil(minutes.max()))):
        inside = (minutes >= m) & (minutes < m + 1)
        if inside.sum() < 10:
            continue
        p10, p50, p90 = np.percentile(trips[inside], [10, 50, 90])
        hm = [h for h, sm in zip(held, status_minute) if m <= sm < m + 1 and h > 0]
        mode = "bypass" if (m + 1) * 60 <= args.seconds / 2 else "identity"
        if m * 60 < args.seconds / 2 < (m + 1) * 60:
            mode = "switch"
        print(
            f"| {m + 1} | {p10:.2f} / {p50:.2f} / {p90:.2f} |"
            f" {np.median(hm) if hm else float('nan'):.2f} | {mode} |"
        )
    print(
        f"algorithmic latency reported: bypass {statuses[0]['algorithmicLatencyMs']:.2f} ms, "
        f"identity {last['algorithmicLatencyMs']:.2f} ms"
    )
    print(
        f"underruns {last['underruns']} ({last['voiceLateUnderruns']} with audio waiting for the"
        f" voice thread), overruns {last['overruns']}, skipped hops "
        f"{last['skippedHops']}, slow fallbacks {last['slowFallbacks']}, exit code {code}"
    )
    for line in err.splitlines():
        if "priority" in line:
            print(line)
    if args.plot:
        held_series = [h for h in held if h > 0]
        png = panels_png(
            {
                "ROUND TRIP VC_IN TO VC_OUT MS PER CLICK": trips,
                "BOWTIE HELD LATENCY MS PER S": held_series,
            },
            f"BOWTIE LIVE {args.seconds / 60:.0f} MIN: BYPASS THEN IDENTITY",
            f"{args.seconds / 60:.0f} MIN",
        )
        with open(args.plot, "wb") as f:
            f.write(png)
        print(f"plot: {args.plot}")


def read_wav48(path):
    with wave.open(path, "rb") as w:
        if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (RATE, 1, 2):
            sys.exit(f"{path}: record plays 48 kHz mono 16-bit wav; convert it with sox first")
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768


def envelope(x, block):
    n = len(x) // block
    return np.sqrt(np.mean(x[: n * block].reshape(n, block) ** 2, axis=1))


def aligned_to(x, y):
    """The part of recording y that plays x: len(x) samples from the lag where the 1 ms loudness
    envelopes match best (a converted voice has the input's loudness but not its waveform)."""
    block = RATE // 1000
    ex, ey = envelope(x, block), envelope(y, block)
    lag = block * int(np.argmax(np.correlate(ey, ex, mode="valid")))
    return y[lag : lag + len(x)], lag


def counters(before, after):
    return {k: after[k] - before[k] for k in ("slowFallbacks", "underruns", "skippedHops")}


def record(args):
    x = read_wav48(args.input)
    for attempt in range(1, ATTEMPTS + 1):
        bowtie = start_bowtie("--buffer-ms", str(args.buffer_ms), *args.live_options)
        await_running(bowtie)
        before = bowtie.statuses[-1]
        y = play_and_record(args.input)[1].samples
        code, statuses, err = stop(bowtie)
        during = counters(before, statuses[-1])
        print(
            f"live pass {attempt} ({' '.join(args.live_options)}): while playing"
            f" {during['slowFallbacks']} slow fallbacks, {during['underruns']} underruns,"
            f" {during['skippedHops']} skipped hops; exit code {code}",
            file=sys.stderr,
        )
        # After a slow fallback the loop plays a second of the dry voice: such a pass is not the
        # voice's sound, so it is played again.
        if during["slowFallbacks"] == 0:
            break
    else:
        sys.exit(f"the live loop fell back to the dry voice in each of {ATTEMPTS} passes: busy")
    if len(y) < len(x):
        sys.exit(f"parec recorded {len(y) / RATE:.2f} s, less than {args.input}")
    out, lag = aligned_to(x, y)
    with wave.open(args.output, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(np.clip(np.round(out * 32768), -32768, 32767).astype("<i2").tobytes())


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_strategies(args):
    print(
        "| wait strategy | CPU of bowtie (% of one core) | wake-up p99 (ms) | hop p99 (ms) |"
        " underruns after 4 s |"
    )
    print("| --- | --- | --- | --- | --- |")
    for strategy in ["BLOCKING", "SLEEPING", "YIELDING", "BUSY_SPIN"]:
        bowtie = start_bowtie(
            "--voice", "identity", "--synthesis", "residual", "--wait-strategy", strategy
        )
        await_running(bowtie)
        time.sleep(3)
        c0, t0 = cpu_seconds(bowtie.pid), time.time()
        time.sleep(args.seconds)
        c1, t1 = cpu_seconds(bowtie.pid), time.time()
        code, statuses, err = stop(bowtie)
        steady = statuses[4:]
        wake = np.median([s["handoffP99Ms"] for s in steady])
        hop = np.median([s["hopP99Ms"] for s in steady])
        underruns = statuses[-1]["underruns"] - statuses[3]["underruns"]
        print(
            f"| {strategy} | {100 * (c1 - c0) / (t1 - t0):.0f} | {wake:.3f} | {hop:.3f} |"
            f" {underruns} |"
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    modes = parser.add_subparsers(dest="mode", required=True)
    for mode in ("roundtrip", "wait", "record"):
        sub = modes.add_parser(mode)
        sub.add_argument("--buffer-ms", type=int, default=20)
        if mode == "record":
            sub.add_argument("input", metavar="IN.wav")
            sub.add_argument("output", metavar="OUT.wav")
            sub.add_argument("live_options", nargs="*", metavar="LIVE OPTIONS")
        else:
            sub.add_argument("--seconds", type=float, default=None)
        if mode == "roundtrip":
            sub.add_argument("--plot", metavar="FILE.png", help="draw the run into this PNG")
    args = parser.parse_args()
    if not os.path.exists(JAR):
        sys.exit(f"{JAR} is missing: run mvn -DskipTests package")
    if args.mode == "roundtrip":
        args.seconds = args.seconds or 60
        roundtrip(args)
    elif args.mode == "wait":
        args.seconds = args.seconds or 30
        wait_strategies(args)
    else:
        record(args)


if __name__ == "__main__":
    main()
