#!/usr/bin/env python3
"""Client-level detection of DGA families the model never saw, through the real pipeline.

For every fold model that `dnshound-cli test --leave-families-out K --work-dir DIR` trained,
this writes one heiDGAF-format log: the benign clients of the bundled sample scenario
(`generate-sample`, its infected clients removed) plus, for every family that fold left out,
CLIENTS new clients, each alone in a new /24 and querying NAMES consecutive names of that
family's real feed (NXDOMAIN, one every 1-3 s, starting at a random time after 09:00). It runs
`dnshound-cli analyze` with the fold's model (every stage: prefilter, inspector, detector, and
the alerter with the default rule) and counts the clients with a DGA alert. The real logs
in ../shared/data/logs (no DGA clients) are analysed with each fold model too; their DGA alerts
are false alerts.

With --infect-hosts the simulated clients are not new hosts alone in their own /24 but
existing benign hosts of the background traffic, picked at random without replacement: their
DGA lookups mix into their own browsing and their subnet's traffic, as on a real network, so
the inspector judges the burst against a busy subnet's baseline. Hosts left uninfected count
as benign: their DGA alerts are false alerts. --background-lines N takes the background from
`generate-sample --lines N` instead of the bundled sample scenario (20 hosts): 2,000,000 lines
give 2,000 hosts (90 /24s of 20 and one /64 of 200) over 2 h 13 min.

usage: models/client_lofo.py --lofo-dir DIR [--names 10] [--clients 20] [--seed 1]
       [--cli build/bin/dnshound-cli] [--data ../shared/data] [--work /tmp/client-lofo]
       [--passthrough] [--infect-hosts] [--background-lines N] [--skip-real-logs]
"""
import argparse
import csv
import gzip
import json
import os
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone


def family_names(data, family):
    with gzip.open(os.path.join(data, "dga", family + ".csv.gz"), "rt", newline="") as f:
        return [row["domain"].strip().lower() for row in csv.DictReader(f) if row.get("domain")]


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr[-2000:]))
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lofo-dir", required=True)
    ap.add_argument("--names", type=int, default=10)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cli", default="build/bin/dnshound-cli")
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--config", default="resources/config/default.yaml")
    ap.add_argument("--work", default="/tmp/client-lofo")
    ap.add_argument("--passthrough", action="store_true",
                    help="inspector mode passthrough: every batch reaches the detector")
    ap.add_argument("--infect-hosts", action="store_true",
                    help="the DGA lookups come from existing benign hosts, not new ones")
    ap.add_argument("--background-lines", type=int, default=0,
                    help="background from generate-sample --lines N instead of the sample")
    ap.add_argument("--skip-real-logs", action="store_true",
                    help="do not analyse ../shared/data/logs (their result does not depend "
                         "on the placement or the seed)")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    rng = random.Random(a.seed)

    base_log = os.path.join(a.work, "sample.log")
    base_truth = os.path.join(a.work, "sample.truth.json")
    sample = [a.cli, "generate-sample", "--out", base_log, "--truth", base_truth]
    if a.background_lines:
        sample += ["--lines", str(a.background_lines)]
    run(sample)
    truth = json.load(open(base_truth))
    infected = {c["client"] for c in truth["infected"]}
    benign_lines = [l for l in open(base_log) if l.split(" ")[2] not in infected]
    clean = truth["clean"]
    used_subnets = []
    # DGA bursts start at a random time in the background's first two hours (or all of it).
    first = datetime.fromisoformat(truth["first"].replace("Z", "+00:00"))
    last = datetime.fromisoformat(truth["last"].replace("Z", "+00:00"))
    if a.background_lines:
        start, span = first, max(60.0, min(7200.0, (last - first).total_seconds() - 600))
    else:
        start, span = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc), 7200.0
    real_sets = []  # one analyze run per data set: their clients are different networks
    logs_dir = os.path.join(a.data, "logs")
    for d in [] if a.skip_real_logs else sorted(os.listdir(logs_dir)):
        files = []
        for root, _, names in os.walk(os.path.join(logs_dir, d)):
            files += [os.path.join(root, f) for f in names if ".log" in f]
        if files:
            real_sets.append((d, sorted(files)))

    results = []  # (family, fold, alerted clients, clients, evidence names, names)
    false_sample, false_real = 0, 0
    folds = sorted(d for d in os.listdir(a.lofo_dir) if d.startswith("fold"))
    for fold in folds:
        model = os.path.join(a.lofo_dir, fold, "dga.json")
        manifest = json.load(open(os.path.join(a.lofo_dir, fold, "dga.manifest.json")))
        families = manifest["training"]["excluded_families"]
        cfg = os.path.join(a.work, fold + ".yaml")
        with open(a.config) as src, open(cfg, "w") as dst:
            text = src.read().replace('model: ""', 'model: "%s"' % model)
            if a.passthrough:
                text = text.replace("mode: zscore", "mode: passthrough")
            dst.write(text)
        lines = list(benign_lines)
        fold_truth = {"infected": [], "clean": clean}
        client_family = {}
        hosts = list(clean)
        if a.infect_hosts:
            rng.shuffle(hosts)
        if a.infect_hosts and len(hosts) < a.clients * len(families):
            sys.exit("%d benign hosts for %d infected ones: use --background-lines or fewer "
                     "--clients" % (len(hosts), a.clients * len(families)))
        for family in families:
            names = family_names(a.data, family)
            for _ in range(a.clients):
                if a.infect_hosts:
                    ip = hosts.pop()  # its lookups join its own traffic and its subnet's
                else:
                    # Its own /24 (the batcher's default subnet): the inspector judges its
                    # burst against that subnet's baseline, not the other simulated clients'.
                    ip = "10.%d.%d.7" % (100 + len(used_subnets) // 250, len(used_subnets) % 250)
                    used_subnets.append(ip)
                client_family[ip] = family
                off = rng.randrange(0, max(1, len(names) - a.names))
                t = start + timedelta(seconds=rng.uniform(0, span))
                for n in names[off:off + a.names]:
                    t += timedelta(seconds=rng.uniform(1, 3))
                    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
                    lines.append("%s NXDOMAIN %s 10.0.0.53 %s A 0.0.0.0 %db\n" % (stamp, ip, n, 40 + len(n)))
                fold_truth["infected"].append({"client": ip, "family": family})
        lines.sort()
        log = os.path.join(a.work, fold + ".log")
        open(log, "w").writelines(lines)
        tpath = os.path.join(a.work, fold + ".truth.json")
        json.dump(fold_truth, open(tpath, "w"))
        alerts = os.path.join(a.work, fold + ".alerts.jsonl")
        run([a.cli, "analyze", "--input", log, "--format", "heidgaf", "--config", cfg,
             "--db", os.path.join(a.work, fold + ".sqlite"), "--alerts", alerts, "--quiet",
             "--no-queries"])
        alerted = set()
        for l in open(alerts):
            al = json.loads(l)
            if al.get("kind") == "dga":
                alerted.add(al["client"])
        for family in families:
            clients = [c for c, f in client_family.items() if f == family]
            results.append((family, fold, sum(c in alerted for c in clients), len(clients)))
        false_sample += len([c for c in alerted if c not in client_family])
        for name, files in real_sets:
            ralerts = os.path.join(a.work, "%s.%s.alerts.jsonl" % (fold, name))
            cmd = [a.cli, "analyze", "--config", cfg, "--db",
                   os.path.join(a.work, "%s.%s.sqlite" % (fold, name)), "--alerts", ralerts,
                   "--quiet", "--no-queries"]
            for p in files:
                cmd += ["--input", p]
            run(cmd)
            false_real += sum(1 for l in open(ralerts) if json.loads(l).get("kind") == "dga")
        print("%s: %s" % (fold, ", ".join("%s %d/%d" % (r[0], r[2], r[3]) for r in results if r[1] == fold)),
              file=sys.stderr)

    results.sort()
    print("| family | fold | clients alerted |\n|---|---|---:|")
    for family, fold, hit, n in results:
        print("| %s | %s | %d / %d |" % (family, fold, hit, n))
    macro = sum(r[2] / r[3] for r in results) / len(results)
    print("| **macro mean** | | %.3f |" % macro)
    benign_hosts = len(clean) - (a.clients * len(results) // len(folds) if a.infect_hosts else 0)
    print("\nfalse DGA client alerts: background benign hosts %d (about %d hosts x %d folds), "
          "real logs %s" % (false_sample, benign_hosts, len(folds),
                            "not run" if a.skip_real_logs else str(false_real)))


if __name__ == "__main__":
    main()
