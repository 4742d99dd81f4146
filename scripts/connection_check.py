#!/usr/bin/env python3
"""Connection-exhaustion checks against a real `herald serve` under a low descriptor limit (stdlib only).

  capped:    `ulimit -n 128` and the default connection cap: 300 idle connections are opened; /health is still
             answered at once and the server does not spin.
  exhausted: `ulimit -n 128` and --max-connections 1000 (above the limit, so accept() runs out of descriptors):
             the server pauses accepting instead of spinning a core, and serves again once connections close.

CPU is read from /proc/PID/stat (user + system ticks) over a 2-second window while the connections are held; the
bound (25 % of one core) is far above an idle server and far below a spinning one (100 %). Prints a closing
`N passed, M failed` line.
"""
import argparse, os, socket, subprocess, sys, tempfile, time, urllib.request


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


def cpu_ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def health(url, timeout):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url + "/health", timeout=timeout) as answer:
            return answer.status == 200, time.monotonic() - started
    except Exception:
        return False, time.monotonic() - started


def scenario(binary, name, extra):
    workdir = tempfile.mkdtemp(prefix=f"herald-conn-{name}-")
    port = free_port(); url = f"http://127.0.0.1:{port}"
    log = open(os.path.join(workdir, "server.log"), "wb")
    command = f"ulimit -n 128 && exec {binary} serve --port {port} --database sqlite://{workdir}/h.sqlite --workers 1 {extra}"
    proc = subprocess.Popen(["bash", "-c", command], cwd=workdir, stdout=log, stderr=log)
    problems = []
    try:
        for _ in range(200):
            if health(url, 1)[0]: break
            time.sleep(0.1)
        else:
            return [f"{name}: the server did not start"]
        held = []
        for _ in range(300):
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=2); held.append(s)
            except OSError:
                pass
        time.sleep(0.5)  # let the server accept what it will (this measures, it does not synchronise)
        before = cpu_ticks(proc.pid); time.sleep(2); after = cpu_ticks(proc.pid)
        ticks_per_second = os.sysconf("SC_CLK_TCK")
        share = (after - before) / ticks_per_second / 2
        print(f"{name}: {len(held)} connections opened, server CPU {share:.0%} of a core while they are held")
        if share > 0.25: problems.append(f"{name}: the server used {share:.0%} of a core while connections were held")
        if name == "capped":
            ok, seconds = health(url, 5)
            print(f"{name}: /health {'answered' if ok else 'FAILED'} in {seconds:.2f} s with {len(held)} connections held")
            if not ok or seconds > 2: problems.append(f"{name}: /health not answered promptly ({seconds:.2f} s)")
        for s in held: s.close()
        ok, seconds = health(url, 10)
        print(f"{name}: /health {'answered' if ok else 'FAILED'} in {seconds:.2f} s after the connections closed")
        if not ok: problems.append(f"{name}: /health not answered after the connections closed")
    finally:
        proc.terminate()
        try: proc.wait(10)
        except subprocess.TimeoutExpired: proc.kill()
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--herald", required=True)
    args = parser.parse_args()
    args.herald = os.path.abspath(args.herald)
    problems = []
    problems += scenario(args.herald, "capped", "")
    problems += scenario(args.herald, "exhausted", "--max-connections 1000")
    for problem in problems: print("FAILED:", problem, file=sys.stderr)
    failed = 1 if problems else 0
    print(f"connections: {1 - failed} passed, {failed} failed")
    sys.exit(failed)


if __name__ == "__main__":
    main()
