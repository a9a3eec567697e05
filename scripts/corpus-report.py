#!/usr/bin/env python3
"""Report how `blastwall check` grades labelled corpora, the target forced to production.

usage: corpus-report.py BLASTWALL FILE.jsonl [FILE.jsonl ...] [--misses]

For each file (lines of {"expect": "allow"|"block"|"deny", "command": ...}) prints, per expected
label, the shares the gate allowed / asked / denied, and the share of commands in which some
effect was recognised by no rule (`*.unclassified`, `shell.unrecognised-program`). The scoring
itself is the team's (`../shared/tools/score-corpus`); this adds the break-down BENCHMARKS.md and
the closing notes report. Runs every command through the binary, so use a release build."""
import collections, json, subprocess, sys

UNRECOGNISED = ("shell.unrecognised-program",)


def grade(binary, command):
    run = subprocess.run([binary, "check", "--command", command, "--env", "production", "--format", "json"],
                         capture_output=True, text=True, timeout=30)
    try:
        verdict = json.loads(run.stdout)
    except ValueError:
        return "deny", False  # input the gate cannot handle: every door denies it
    rules = [effect["rule"] for effect in verdict.get("effects", [])]
    unrecognised = any(rule.endswith(".unclassified") or rule in UNRECOGNISED for rule in rules)
    return verdict["decision"], unrecognised


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) < 2:
        sys.exit(__doc__)
    binary, files = args[0], args[1:]
    show_misses = "--misses" in sys.argv
    print("| corpus | label | n | allowed | asked | denied | no rule recognises |")
    print("|---|---|---|---|---|---|---|")
    for path in files:
        rows = [json.loads(line) for line in open(path) if line.strip()]
        table = collections.defaultdict(collections.Counter)
        unrecognised = 0
        misses = []
        for row in rows:
            decision, unknown = grade(binary, row["command"])
            table[row["expect"]][decision] += 1
            unrecognised += unknown
            want = row["expect"]
            if (want == "allow") != (decision == "allow") or (want == "deny" and decision != "deny"):
                misses.append(f"{want:5} got {decision:5} {row['command'][:140]}")
        name = path.rsplit("/", 1)[-1]
        for label in ("allow", "block", "deny"):
            counts = table[label]
            n = sum(counts.values())
            if not n:
                continue
            share = lambda k: f"{counts[k] / n:.1%}"
            print(f"| {name} | {label} | {n} | {share('allow')} | {share('ask')} | {share('deny')} | |")
        print(f"| {name} | all | {len(rows)} | | | | {unrecognised / len(rows):.1%} |")
        if show_misses:
            print("\n".join(misses), file=sys.stderr)


if __name__ == "__main__":
    main()
