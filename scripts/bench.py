"""Benchmark driver behind scripts/bench: times commands, prints a table, rewrites docs/BENCHMARKS.md."""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date

ROOT = os.environ["AIRLOCK_ROOT"]
JAVA = os.path.join(os.environ["JAVA_HOME"], "bin", "java")
JAR = os.environ["AIRLOCK_JAR"]
N = int(os.environ.get("BENCH_N", "30"))
IMAGE = "airlock/sandbox:latest"
DOC = os.path.join(ROOT, "docs", "BENCHMARKS.md")
AIRLOCK = [JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", JAR]


def timed(cmd, n=N, warmup=3):
    """Wall times (seconds) of n runs of cmd, after warm-up runs; fails loudly if the command fails."""
    for _ in range(warmup):
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    out = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        out.append(time.perf_counter() - t)
    return out


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def ms(x):
    return f"{x * 1000:.0f} ms"


def section_run():
    ws = tempfile.mkdtemp(prefix="airlock-bench-")
    state = tempfile.mkdtemp(prefix="airlock-bench-state-")
    os.environ["AIRLOCK_STATE_DIR"] = state
    rows = [
        ("`docker run --rm --network none " + IMAGE + " true`", ["docker", "run", "--rm", "--network", "none", IMAGE, "true"]),
        ("`airlock run --workspace W -- true` (java -jar)", AIRLOCK + ["run", "--workspace", ws, "--", "true"]),
    ]
    results = [(label, timed(cmd)) for label, cmd in rows]
    base = statistics.median(results[0][1])
    lines = ["| command | median | p95 | ratio to docker run (median) |", "|---|---|---|---|"]
    for label, xs in results:
        lines.append(f"| {label} | {ms(statistics.median(xs))} | {ms(p95(xs))} | {statistics.median(xs) / base:.2f}x |")
    return "run", "`airlock run` vs `docker run --rm`", "\n".join(lines)


def test_classpath():
    """classes, test classes and every dependency, for the benchmarks that live in the test sources."""
    target = os.path.join(ROOT, "orchestrator", "target")
    cp_file = os.path.join(target, "bench.classpath")
    if not os.path.exists(cp_file) or os.path.getmtime(cp_file) < os.path.getmtime(os.path.join(ROOT, "orchestrator", "pom.xml")):
        subprocess.run(["mvn", "-q", "-B", "-o", "-f", os.path.join(ROOT, "orchestrator", "pom.xml"), "dependency:build-classpath",
                        "-Dmdep.includeScope=test", "-Dmdep.outputFile=" + cp_file], check=True,
                       env=dict(os.environ, MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow"))
    if not os.path.isdir(os.path.join(target, "test-classes")):
        subprocess.run(["mvn", "-q", "-B", "-f", os.path.join(ROOT, "pom.xml"), "test-compile"], check=True,
                       env=dict(os.environ, MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow"))
    deps = open(cp_file).read().strip()
    return ":".join([os.path.join(target, "classes"), os.path.join(target, "test-classes"), deps])


def java_table(main, *args):
    """Runs a benchmark main of the test sources and returns the markdown it prints."""
    out = subprocess.run([JAVA, "-cp", test_classpath(), main, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{main} failed (exit {out.returncode}):\n{out.stderr[-3000:]}")
    return out.stdout.strip()


def section_checkpoint():
    files = os.environ.get("BENCH_FILES", "10000")
    table = java_table("dev.airlock.workspace.CheckpointBench", files, os.environ.get("BENCH_ROUNDS", "9"))
    return "checkpoint", f"Checkpoint cost on a workspace of {files} small files", table


def section_audit():
    return "audit", "Audit log appends", java_table("dev.airlock.audit.AuditLogBench", "1000")


def section_egress():
    table = java_table("dev.airlock.egress.bench.EgressBench", "--bulk-mib", os.environ.get("BENCH_BULK_MIB", "512"))
    return "egress", "Egress proxy vs direct, over loopback", table


SECTIONS = {"run": section_run, "checkpoint": section_checkpoint, "audit": section_audit, "egress": section_egress}


def machine():
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    dv = subprocess.run(["docker", "version", "-f", "{{.Server.Version}}"], capture_output=True, text=True).stdout.strip()
    jv = subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return f"{cpu} cores, Docker {dv}, {jv}, N={N} runs after 3 warm-up runs"


def write_doc(key, title, table, when):
    text = open(DOC).read() if os.path.exists(DOC) else "# Benchmarks\n\nFigures written by `scripts/bench`; each section is replaced when its benchmark runs again.\n"
    block = f"<!-- bench:{key} -->\n## {title}\n\n{when}\n\n{table}\n<!-- /bench:{key} -->"
    pattern = re.compile(rf"<!-- bench:{key} -->.*?<!-- /bench:{key} -->", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block + "\n"
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    with open(DOC, "w") as f:
        f.write(text)


def main(args):
    wanted = args or list(SECTIONS)
    for name in wanted:
        if name not in SECTIONS:
            sys.exit(f"unknown section {name}; sections: {', '.join(SECTIONS)}")
    when = f"Measured {date.today()} on {machine()}; command: `scripts/bench {' '.join(args)}`."
    for name in wanted:
        key, title, table = SECTIONS[name]()
        print(f"## {title}\n\n{table}\n")
        write_doc(key, title, table, when)


if __name__ == "__main__":
    main(sys.argv[1:])
