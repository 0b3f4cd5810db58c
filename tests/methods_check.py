#!/usr/bin/env python3
"""methods_check.py KIND DIR — used by tests/methods.sh (not a test itself).

Checks a results folder's protocol outputs (design.md "Protocol outputs")
against the folder's own result files and prints one line per failed check
("FAIL: ..."), then "checked N" ; exit status 1 if any check failed.

KIND is run, plan or sweep. Numbers in headline.csv must be the source
file's numbers exactly (tolerance 0: the same text as the source prints it,
and the same double); numbers quoted in methods.md must equal the source's
after the rounding methods.md states (3 decimals for powers and intervals,
4 for Monte Carlo SEs, 1 for events and months; N, replicates, rejections
and the seed exactly).
"""
import csv
import json
import re
import sys

kind, folder = sys.argv[1], sys.argv[2]
fails = []
nchecks = 0


def check(cond, what):
    global nchecks
    nchecks += 1
    if not cond:
        fails.append(what)


def check_rtf(path, nrows):
    """A plain, valid RTF table: header, balanced groups, ASCII only, one
    \\trowd and one \\row per data row plus the header row."""
    data = open(path, "rb").read()
    check(all(b < 128 for b in data), "%s: ASCII only" % path)
    text = data.decode("ascii", "replace")
    check(text.startswith("{\\rtf1\\ansi") and "{\\fonttbl" in text, "%s: an {\\rtf1\\ansi ...} header" % path)
    depth, low = 0, 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2  # an escaped character (\\{ \\} \\\\) or the first letter of a control word
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            low = min(low, depth)
            if depth == 0 and text[i + 1:].strip():
                low = -1  # the document group closed before the end
        i += 1
    check(depth == 0 and low >= 0, "%s: balanced braces, one document group (depth %d at the end)" % (path, depth))
    check(text.rstrip().endswith("}"), "%s: the document group closes at the end" % path)
    rows = len(re.findall(r"\\row(?![a-z])", text))
    trowd = len(re.findall(r"\\trowd(?![a-z])", text))
    check(rows == nrows + 1 and trowd == nrows + 1,
          "%s: %d \\row and %d \\trowd for %d data rows + header" % (path, rows, trowd, nrows))
    for m in re.finditer(r"\\u(-?\d+)\?", text):
        check(-32768 <= int(m.group(1)) <= 32767, "%s: \\u%s is a signed 16-bit unit" % (path, m.group(1)))
    check("\\u945?" in text, "%s: the Greek alpha of the title as \\u945?" % path)


if kind == "rtf":
    with open(folder + "/headline.csv", newline="") as f:
        check_rtf(folder + "/headline.rtf", len(list(csv.DictReader(f))))
    for f in fails:
        print("FAIL: " + f)
    print("checked %d" % nchecks)
    sys.exit(1 if fails else 0)


def raw_numbers(path):
    """Every `"key": number` of a JSON file as printed: key -> list of texts."""
    out = {}
    with open(path) as f:
        for k, v in re.findall(r'"([^"]+)": (-?[0-9][0-9.eE+-]*|null|true|false)', f.read()):
            out.setdefault(k, []).append(v)
    return out


def same(cell, value, key, raw):
    """cell (headline.csv text) is value (parsed JSON) as the file printed it."""
    if value is None:
        return cell == "NA"
    if isinstance(value, bool):
        return cell == ("true" if value else "false")
    if isinstance(value, str):
        return cell == value
    try:
        x = float(cell)
    except ValueError:
        return False
    return x == float(value) and cell in raw.get(key, [])  # tolerance 0


def f3(x):
    return "%.3f" % x


def f4(x):
    return "%.4f" % x


def f1(x):
    return "%.1f" % x


with open(folder + "/headline.csv", newline="") as f:
    rows = list(csv.DictReader(f))
methods = open(folder + "/methods.md").read()
check(methods.startswith("# Methods: "), "methods.md starts with its heading")
check("hifusim " in methods and "config hash " in methods, "methods.md names the software and the config hash")

if kind == "run":
    path = folder + "/summary.json"
    summ = json.load(open(path))
    raw = raw_numbers(path)
    sc = summ["scenarios"]
    check(len(rows) == len(sc), "one headline row per scenario (%d rows, %d scenarios)" % (len(rows), len(sc)))
    for row, s in zip(rows, sc):
        for col, cell in row.items():
            if col.startswith("median_os_"):
                key, value = "median_os", s["median_os"][col[len("median_os_"):]]
                keyraw = col[len("median_os_"):]
                ok = same(cell, value, keyraw, raw)
            elif col.startswith("power_") and "tests" in s and col[6:] in [t["test"] for t in s["tests"]]:
                t = [t for t in s["tests"] if t["test"] == col[6:]][0]
                ok = same(cell, t["power"], "power", raw)
            else:
                ok = col in s and same(cell, s[col], col, raw)
            check(ok, "scenario %s: headline.csv %s = %r is summary.json's" % (s["scenario"], col, cell))
        word = "assurance" if s.get("assurance") else "power"
        m = re.search(r"(\d+) replicate trials%s, the %s[^,]*? is ([0-9.]+) \(Monte Carlo SE ([0-9.]+); "
                      r"95%% Wilson interval ([0-9.]+) to ([0-9.]+); (\d+) rejections\)"
                      % (" at N = %d" % s["n"] if len(sc) > 1 else "", word), methods)
        check(m is not None, "methods.md quotes scenario %s's %s" % (s["scenario"], word))
        if m:
            check(m.group(1) == str(s["replicates"]), "methods.md replicates = %s" % s["replicates"])
            check(m.group(2) == f3(s["power"]), "methods.md %s %s = %s" % (word, m.group(2), f3(s["power"])))
            check(m.group(3) == f4(s["power_se"]), "methods.md SE %s = %s" % (m.group(3), f4(s["power_se"])))
            check(m.group(4) == f3(s["power_ci_low"]) and m.group(5) == f3(s["power_ci_high"]), "methods.md CI")
            check(m.group(6) == str(s["rejections"]), "methods.md rejections")
        if "stages" in s:
            m = re.search(r"stops after ([0-9.]+) events on average \(expected\), ([0-9.]+) months", methods)
            check(m is not None and m.group(1) == f1(s["expected_events"]) and m.group(2) == f1(s["expected_duration"]),
                  "methods.md expected events and duration")
            for st in s["stages"]:
                want = "look %d at information fraction %s" % (st["look"], f3(st["info_frac"]))
                want += " (%s events on average), efficacy if z >= %s (HR <= %s)" % (
                    f1(st["events_mean"]), f3(st["z_efficacy"]), f3(st["hr_efficacy"]))
                check(want in methods, "methods.md states %r" % want)
        else:
            m = re.search(r"after ([0-9.]+) events on average, ([0-9.]+) months after", methods[methods.find(
                "the %s" % word):] if len(sc) == 1 else methods)
            check(m is not None and m.group(1) == f1(s["events_mean"]) and (len(sc) > 1 or m.group(2) == f1(s["duration_mean"])),
                  "methods.md events and duration")
    if len(sc) == 1:
        check(("N = %d patients" % sc[0]["n"]) in methods, "methods.md N = %d" % sc[0]["n"])
    check(re.search(r"seed %s\)" % summ["seed"], methods) is not None, "methods.md seed %s" % summ["seed"])
elif kind == "plan":
    path = folder + "/plan.json"
    pj = json.load(open(path))
    raw = raw_numbers(path)
    with open(folder + "/plan.csv", newline="") as f:
        curve = list(csv.DictReader(f))
    check(len(rows) == len(pj["targets"]), "one headline row per target")
    where = {"analysis_time_mean": ("analysis_time", "mean"), "analysis_time_q025": ("analysis_time", "q025"),
             "analysis_time_q975": ("analysis_time", "q975"), "schoenfeld_events": ("analytic", "schoenfeld_events"),
             "freedman_events": ("analytic", "freedman_events"), "lachin_foulkes_n": ("analytic", "lachin_foulkes_n"),
             "formula_n": ("analytic", "n"), "simulated_power_at_formula_n": ("analytic", "simulated_power_at_n")}
    for row, t in zip(rows, pj["targets"]):
        se = None
        for c in curve:
            if c["n"] == str(t["recommended_n"]) and c["replicates"] == str(t["replicates"]) and c["stage"] == "fine":
                se = c["power_se"]
        for col, cell in row.items():
            if col == "power_se":
                ok = cell == se  # plan.csv's text
            elif col in where:
                a, b = where[col]
                ok = same(cell, t[a][b], b if b != "n" else "n", raw)
            else:
                ok = col in t and same(cell, t[col], col, raw)
            check(ok, "target %s: headline.csv %s = %r is plan.json's" % (t["target_power"], col, cell))
        m = re.search(r"N = (\d+) patients \(Monte Carlo interval (\d+) to (\d+)\)(?: and (\d+) events)? give a "
                      r"simulated \w+ of ([0-9.]+) \(Monte Carlo SE ([0-9.]+); 95% Wilson interval ([0-9.]+) to "
                      r"([0-9.]+); (\d+) replicate trials\); the analysis comes ([0-9.]+) months", methods)
        check(m is not None, "methods.md quotes the target's N and power")
        if m:
            check(m.group(1) == str(t["recommended_n"]), "methods.md N")
            check(m.group(4) == str(t["events_needed"]), "methods.md events")
            check(m.group(5) == f3(t["power"]) and m.group(6) == f4(float(se)), "methods.md power and SE")
            check(m.group(7) == f3(t["power_ci_low"]) and m.group(8) == f3(t["power_ci_high"]), "methods.md CI")
            check(m.group(9) == str(t["replicates"]), "methods.md replicates")
            check(m.group(10) == f1(t["analysis_time"]["mean"]), "methods.md expected duration")
    check(re.search(r"seed %s\)" % pj["seed"], methods) is not None, "methods.md seed")
else:  # sweep: headline.csv is sweep.csv's table; the base also summary.json's
    with open(folder + "/sweep.csv", newline="") as f:
        sw = list(csv.DictReader(f))
    check(rows == sw, "headline.csv has sweep.csv's rows and numbers, text for text")
    summ = json.load(open(folder + "/summary.json"))
    base = summ.get("base")
    brow = [r for r in rows if r["axis"] == "base"]
    if base and brow:
        for k in ("n", "replicates", "rejections", "power", "power_ci_low", "power_ci_high"):
            check(abs(float(brow[0][k]) - base[k]) <= 1e-9 * max(1.0, abs(base[k])),
                  "base %s: headline.csv %s = summary.json %r (10 significant digits)" % (k, brow[0][k], base[k]))
        want = "the simulated power is %s (Monte Carlo SE %s; 95%% Wilson interval %s to %s; %d replicate trials" % (
            f3(base["power"]), f4(float(brow[0]["power_se"])), f3(base["power_ci_low"]), f3(base["power_ci_high"]),
            base["replicates"])
        check(want in methods, "methods.md states %r" % want)
        check(("N = %d patients" % base["n"]) in methods, "methods.md base N")
    check(re.search(r"seed \d+\)", methods) is not None, "methods.md seed")

for f in fails:
    print("FAIL: " + f)
print("checked %d" % nchecks)
sys.exit(1 if fails else 0)
