"""Runs a command and prints its wall time (s) and peak resident memory (KiB), measured for the
child process alone: `python3 benches/measure.py CMD [ARGS...]`."""
import resource
import subprocess
import sys
import time

start = time.perf_counter()
result = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if result.returncode not in (0, 1):
    sys.exit(f"command failed with exit code {result.returncode}: {' '.join(sys.argv[1:])}")
print(f"{wall:.3f} {peak}")
