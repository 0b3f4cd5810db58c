#!/usr/bin/env bash
# docs_drift.sh — TAP test that results/README.md describes what the commands
# really write (issue 17 item 10). Small real runs (run on default.ini with an
# N grid, nph_tests.ini [also_test], gsd_default.ini, assurance.ini [prior],
# an early-cut run where medians are not reached; plan on default, GSD and
# assurance; one-way sweep of sensitivity_mets.ini, a prior sweep with target
# powers, a split sweep + merge; report of a run, a plan and a sweep folder;
# fit --landmarks / --ipd and analyze --json), then the README is parsed
# (file tables, `| column |` and `| key |` tables, inline column lists such as
# `key,bin,...`, backticked keys of the JSON prose) and compared with the real
# files in both directions:
#   - every documented CSV column is in the real header, in that order, and
#     every real column is documented (`n_target_P` matches n_target_0.5);
#   - every documented key of summary.json (run and sweep), plan.json and
#     manifest.json is a real key (or value), and every real key is documented
#     at its level: record-level keys anywhere in the file's text, a nested
#     key in a paragraph / bullet / row that also names its parent (children
#     of a key documented with "→" are data, e.g. arm names);
#   - every documented file exists in the folder it is documented for
#     (conditional ones in at least one run), every written file is
#     documented, and no "`CMD` does not write `FILE`" claim is false;
#   - summary.json median_os equals estimates.csv's median_os q500 (null = NA),
#     as the README says.
# The checker then runs on scratch copies of the README with one deliberate
# drift each (a renamed column, JSON key, file) and must fail on each.
# Data-driven: a new output passes once it is documented in the same forms.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# The README's backticks in single quotes are literal text, not expansions:
# shellcheck disable=SC2016
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

NCHECK=13 # categories the checker prints (fixed order)
plan $((22 + NCHECK + 6))
[ -x "$HIFUSIM" ]; ok $? "binary $HIFUSIM exists"

o=$tmp/out
mkdir -p "$o"
R=(--replicates 60 --no-report --quiet)
P=(--set plan.replicates_coarse=40 --set plan.replicates_fine=80 --set plan.n_max=300 --target-power 0.5 --no-report --quiet)
folders=() # KIND:DIR[:report] for the checker

runcmd() { # runcmd DESC CMD...: run, ok on exit 0, output kept in $tmp/last.*
    local desc=$1
    shift
    "$@" > "$tmp/last.out" 2> "$tmp/last.err"
    local rc=$?
    ok $rc "$desc (rc=$rc)"
    [ $rc -eq 0 ] || sed 's/^/#   /' "$tmp/last.err" | head -5
}

runcmd "run default.ini, N grid 120,240" "$HIFUSIM" run configs/default.ini "${R[@]}" --out "$o/run" --set design.n=120,240
folders+=("run:$o/run:report")
runcmd "run nph_tests.ini (also_test)" "$HIFUSIM" run configs/nph_tests.ini "${R[@]}" --out "$o/nph"
folders+=("run:$o/nph")
runcmd "run gsd_default.ini (looks)" "$HIFUSIM" run configs/gsd_default.ini "${R[@]}" --out "$o/gsd"
folders+=("run:$o/gsd")
runcmd "run assurance.ini ([prior] from_fit + a key)" "$HIFUSIM" run configs/assurance.ini "${R[@]}" --out "$o/ass" \
    --set prior.design.accrual=uniform:18,30
folders+=("run:$o/ass")
runcmd "run default.ini cut at event 20 (medians not reached)" "$HIFUSIM" run configs/default.ini "${R[@]}" \
    --out "$o/unreached" --set design.analysis=events:20
folders+=("run:$o/unreached")
runcmd "plan default.ini" "$HIFUSIM" plan configs/default.ini "${P[@]}" --out "$o/plan"
folders+=("plan:$o/plan:report")
runcmd "plan gsd_default.ini" "$HIFUSIM" plan configs/gsd_default.ini "${P[@]}" --out "$o/plang"
folders+=("plan:$o/plang")
runcmd "plan assurance.ini" "$HIFUSIM" plan configs/assurance.ini "${P[@]}" --out "$o/plana"
folders+=("plan:$o/plana")
runcmd "plan timeline_example.ini (solve = followup)" "$HIFUSIM" plan configs/timeline_example.ini "${P[@]}" \
    --set plan.solve=followup --set design.n=600 --out "$o/planf"
folders+=("plan:$o/planf")
runcmd "plan default.ini (events = fixed, events_by = 60)" "$HIFUSIM" plan configs/default.ini "${P[@]}" \
    --set plan.events=fixed --set plan.events_by=60 --out "$o/planx"
folders+=("plan:$o/planx")
few=(--set 'sweep.axis.hifu_x_mets4=arm.hifu_chemo.mets.4+ : 0.9' --set 'sweep.axis.mets_cap=cohort.mets.max : 2-3')
runcmd "sweep sensitivity_mets.ini (one-way, fewer points)" "$HIFUSIM" sweep configs/sensitivity_mets.ini \
    "${R[@]}" "${few[@]}" --out "$o/sweep"
folders+=("sweep:$o/sweep:report")
runcmd "sweep assurance.ini, one axis, target power 0.5" "$HIFUSIM" sweep configs/assurance.ini "${R[@]}" \
    --set 'sweep.axis.acc=design.accrual : 18 | 30' --set plan.replicates_coarse=40 \
    --set plan.replicates_fine=80 --set plan.n_max=300 --target-power 0.5 --out "$o/sweepa"
folders+=("sweep:$o/sweepa")
runcmd "sweep task 0 of 2" "$HIFUSIM" sweep configs/sensitivity_mets.ini "${R[@]}" "${few[@]}" --task 0 --tasks 2 --out "$o/split"
runcmd "sweep task 1 of 2" "$HIFUSIM" sweep configs/sensitivity_mets.ini "${R[@]}" "${few[@]}" --task 1 --tasks 2 --out "$o/split"
runcmd "merge" "$HIFUSIM" merge "$o/split" --quiet
folders+=("sweep:$o/split")
for d in run plan sweep; do
    runcmd "report $d folder" "$HIFUSIM" report "$o/$d" --quiet
done

# fit and analyze write only the files they are told to (results/README.md
# covers results folders; their outputs are named on the command line).
only() { # only DIR FILE...: DIR holds exactly these files
    [ "$(cd "$1" && find . -mindepth 1 | sed 's|^\./||' | sort | tr '\n' ' ')" = "$(shift; printf '%s\n' "$@" | sort | tr '\n' ' ')" ]
}
mkdir -p "$tmp/fl" "$tmp/fi" "$tmp/an"
(cd "$tmp/fl" && "$HIFUSIM" fit --landmarks 12:0.8,24:0.6,36:0.45 --median 30 --family piecewise --n 64 \
    --out m.ini > /dev/null 2>&1) && only "$tmp/fl" m.ini
ok $? "fit --landmarks writes only its --out"
(cd "$tmp/fi" && "$HIFUSIM" fit --ipd "$HS_SRC/tests/data/fit_weibull.csv" --time time --event status \
    --family weibull --out m.ini --json f.json > /dev/null 2>&1) && only "$tmp/fi" m.ini f.json
ok $? "fit --ipd writes only its --out and --json"
(cd "$tmp/an" && "$HIFUSIM" analyze "$HS_SRC/tests/data/analyze_trial.csv" --time time --event status \
    --group arm --strata stratum --tau 36 --json a.json > /dev/null 2>&1) && only "$tmp/an" a.json
ok $? "analyze --json writes only its --json"

cat > "$tmp/check.py" << 'PY'
"""Compare results/README.md with real result folders (see docs_drift.sh)."""
import json, os, re, sys

readme, folder_args = sys.argv[1], sys.argv[2:]
text = open(readme, encoding="utf-8").read()
CATS = ["readme parsed", "csv: documented columns in real headers", "csv: real columns documented",
        "json run summary.json: documented keys real", "json run summary.json: real keys documented",
        "json plan.json: documented keys real", "json plan.json: real keys documented",
        "json manifest.json: documented keys real", "json manifest.json: real keys documented",
        "json sweep summary.json: documented keys real", "json sweep summary.json: real keys documented",
        "files: documented files written, written files documented",
        "summary.json median_os = estimates.csv median_os q500"]
fail = {c: [] for c in CATS}
info = []
FILE_RE = re.compile(r"^(?:[\w-]+/)*\.?[\w*-]+\.(?:csv|json|html|txt|md|rtf|tex|svg|png|gp|dat|log)$|^\.checkpoint$")
IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
LIST_RE = re.compile(r"^[a-z_][a-z0-9_]*(?:\s*,\s*[a-z_][a-z0-9_]*)+$")
MAPS_ARROW = "\u2192"

# ---- README structure: sections (## NAME), blocks with their file context ----
sections, cur = {}, None
for ln in text.split("\n"):
    m = re.match(r"^## (\S+)", ln)
    if m:
        cur = m.group(1)
        sections[cur] = []
    elif cur:
        sections[cur].append(ln)
for need in ("run", "plan", "report", "sweep"):
    if need not in sections:
        fail["readme parsed"].append(f"no '## {need}' section")


def spans(s):
    return re.findall(r"`([^`]+)`", s)


def parse_blocks(lines):
    """Blocks: paragraphs, list items, table rows; each with the file it documents."""
    out, para, ctx, table, code, tid = [], [], None, None, False, 0

    def flush():
        nonlocal para
        if para:
            out.append({"ctx": ctx, "kind": "para", "text": " ".join(para), "table": None, "tid": None})
        para = []

    for raw in lines:
        ln = raw.strip()
        if ln.startswith("```"):
            flush()
            code = not code
            continue
        if code:
            continue
        if raw.startswith("###"):
            flush()
            fs = [s for s in spans(raw) if FILE_RE.match(s)]
            ctx, table = (fs[0] if fs else None), None
            out.append({"ctx": ctx, "kind": "heading", "text": raw, "table": None, "tid": None})
            continue
        if not ln:
            flush()
            table = None
            continue
        if ln.startswith("|"):
            flush()
            cells = [c.strip() for c in ln.strip("|").split("|")]
            if re.match(r"^-+$", cells[0]):
                continue
            if table is None:
                table, tid = cells[0].lower(), tid + 1
                continue
            out.append({"ctx": ctx, "kind": "row", "text": ln, "first": cells[0], "table": table, "tid": tid})
            continue
        if ln.startswith("- "):
            flush()
        if not para:
            m = re.match(r"^\*\*([\w.]+)\*\*", ln) or re.match(r"^`([\w.]+)`[ :]", ln)
            if m and FILE_RE.match(m.group(1)):
                ctx = m.group(1)
        para.append(ln)
    flush()
    return out


B = {name: parse_blocks(sections.get(name, [])) for name in ("run", "plan", "report", "sweep")}


def key_tokens(block_text):
    """Backticked JSON keys of a block: identifiers, dotted paths, {a, b} and a, b lists; `_high` after
    `x_low` means `x_high`. Filenames and config references (spaces, brackets, =) are not keys."""
    toks, prev = [], None
    for s in spans(block_text):
        s = s.strip()
        if FILE_RE.match(s):
            prev = None
            continue
        if s.startswith("_") and prev and "_" in prev and IDENT.match(s[1:]):
            t = prev.rsplit("_", 1)[0] + s
            toks.append(t)
            prev = t
        elif IDENT.match(s):
            toks.append(s)
            prev = s
        elif re.match(r"^[a-z_]\w*(?:\.[a-z_]\w*)+$", s):
            toks += s.split(".")
            prev = s.split(".")[-1]
        elif re.match(r"^\{?\s*[a-z_]\w*(?:\s*,\s*[a-z_]\w*)*\s*\}?$", s):
            toks += re.findall(r"[a-z_]\w*", s)
            prev = None
        else:
            prev = None
    return toks


# ---- documented CSV columns: tables and inline lists, per file ----
csv_docs = []  # (file, [columns], where, ordered)
for sec, blocks in B.items():
    tables = {}
    for b in blocks:
        if b["kind"] == "row" and b["table"] == "column":
            if not (b["ctx"] or "").endswith(".csv"):
                fail["readme parsed"].append(f"## {sec}: a column table outside a CSV file's part: {b['text'][:60]}")
                continue
            t = tables.setdefault(b["tid"], (b["ctx"], []))
            t[1].extend(s.strip() for s in spans(b["first"]))
        if b["kind"] in ("para", "row"):
            for s in spans(b["text"]):
                if not LIST_RE.match(s.strip()):
                    continue
                f = b["ctx"] if (b["ctx"] or "").endswith(".csv") else None
                if f is None and not (b["ctx"] or "").endswith(".json"):
                    before = b["text"][: b["text"].find("`" + s + "`")]
                    cs = [x for x in spans(before) if x.endswith(".csv")]
                    f = cs[-1] if cs else None
                if (b["ctx"] or "").endswith(".json"):
                    continue  # a key list, read by key_tokens
                if f is None:  # prose (e.g. quantile names), not tied to a file
                    info.append(f"## {sec}: list `{s}` names no CSV file: not a column list")
                    continue
                csv_docs.append((f, [c.strip() for c in s.split(",")], f"## {sec} inline list", True))
    for tid, (f, cols) in tables.items():
        csv_docs.append((f, cols, f"## {sec} table", True))
same_header = re.findall(r"`([\w.]+\.csv)`: [^;]*?with\s+the\s+`([\w.]+\.csv)`\s+header", text)
info.append("documented CSV column sets: " + ", ".join(f"{f} ({w}, {len(c)})" for f, c, w, _ in csv_docs))
if len(csv_docs) < 10:
    fail["readme parsed"].append(f"only {len(csv_docs)} CSV column tables/lists found")

# ---- documented JSON keys, per JSON kind ----
JKINDS = {("run", "summary.json"): "run summary.json", ("plan", "plan.json"): "plan.json",
          ("run", "manifest.json"): "manifest.json", ("sweep", "manifest.json"): "manifest.json",
          ("sweep", "summary.json"): "sweep summary.json"}
jdoc = {k: [] for k in set(JKINDS.values())}  # kind -> list of (token set, block)
for sec, blocks in B.items():
    for b in blocks:
        kind = JKINDS.get((sec, b["ctx"]))
        if kind and b["kind"] in ("para", "row"):
            jdoc[kind].append((set(key_tokens(b["text"])), b))
for kind, bl in jdoc.items():
    n = len(set().union(*[t for t, _ in bl])) if bl else 0
    info.append(f"documented keys of {kind}: {n}")
    if n < 5:
        fail["readme parsed"].append(f"{kind}: only {n} documented keys found")
RECORD = {"run summary.json": {None, "scenarios"}}


def maps_of(kind):
    """Keys documented as maps (`K` ... → in its row): their children are data, not keys."""
    out = set()
    for toks, b in jdoc[kind]:
        if b["kind"] == "row" and MAPS_ARROW in b["text"]:
            out.update(key_tokens(b["first"]))
    return out


def refs_of(kind):
    """`P`: every point of `X.csv`: P's objects have X.csv's documented columns."""
    out = {}
    for _, b in jdoc[kind]:
        for p, f in re.findall(r"`(\w+)`: every (?:point|row) of `([\w.]+\.csv)`", b["text"]):
            out.setdefault(p, set()).update(c for ff, cols, _, _ in csv_docs if ff == f for c in cols)
    return out


# ---- real folders ----
folders = []
for a in folder_args:
    kind, d, *rest = a.split(":")
    folders.append({"kind": kind, "dir": d, "report": "report" in rest})


def files_in(d):
    out = []
    for root, dirs, fs in os.walk(d):
        for f in fs:
            out.append(os.path.relpath(os.path.join(root, f), d))
    return sorted(out)


def header(path):
    with open(path, encoding="utf-8") as fh:
        line = fh.readline().rstrip("\r\n")
    return [c.strip('"') for c in re.findall(r'"[^"]*"|[^,]+|(?<=,)(?=,)|^(?=,)', line)]


def pattern_re(col):
    return re.compile("^" + re.escape(col).replace("P", "[0-9.]+") + "$") if "P" in col else None


# ---- CSV columns ----
real_csv = {}  # basename -> list of (path, header)
for fo in folders:
    for rel in files_in(fo["dir"]):
        if rel.endswith(".csv") and not rel.startswith("plots/"):
            real_csv.setdefault(os.path.basename(rel), []).append((os.path.join(fo["dir"], rel), header(os.path.join(fo["dir"], rel))))
info.append("real CSV files: " + ", ".join(f"{k} x{len(v)}" for k, v in sorted(real_csv.items())))
# Columns a documented table lists that only some runs write (documented as such).
OPTIONAL_COLS = {("plan.csv", "followup"), ("plan.csv", "accrual_duration"), ("plan.csv", "events_by"),
                 ("plan.csv", "expected_event_time")}
pattern_hit = {}
for f, cols, where, _ in csv_docs:
    inst = real_csv.get(f, [])
    if not inst:
        fail["csv: documented columns in real headers"].append(f"{f} ({where}): no such file was written")
        continue
    for path, hdr in inst:
        want, used = [], set()
        for c in cols:
            rx = pattern_re(c)
            if rx:
                hits = [h for h in hdr if rx.match(h)]
                pattern_hit[(f, c)] = pattern_hit.get((f, c), 0) + len(hits)
                want += hits
            else:
                want.append(c)
        want = [c for c in want if c in hdr or (f, c) not in OPTIONAL_COLS]
        missing = [c for c in want if c not in hdr]
        if missing:
            fail["csv: documented columns in real headers"].append(f"{f} ({where}): documented {missing} not in {path}'s header")
        elif [h for h in hdr if h in want] != want:
            fail["csv: documented columns in real headers"].append(f"{f} ({where}): documented order {want} differs from {path}'s header {hdr}")
        extra = [h for h in hdr if h not in want]
        if extra:
            fail["csv: real columns documented"].append(f"{path}: columns {extra} not in {f}'s {where}")
for (f, c), n in pattern_hit.items():
    if n == 0:
        fail["csv: documented columns in real headers"].append(f"{f}: pattern column {c} matched no real column in any run")
documented_csv = {f for f, _, _, _ in csv_docs}
# Files whose columns follow the run (headline.csv: one power column per
# test, one median per arm; sweep_wide.csv: one column per axis): their
# documentation describes the columns in prose, not as a fixed list.
VARIABLE_COLUMNS = {"headline.csv", "sweep_wide.csv"}
for base, inst in real_csv.items():
    if base in documented_csv or base in VARIABLE_COLUMNS:
        continue
    ref = [s for a, s in same_header if a == base]
    if not ref:
        fail["csv: real columns documented"].append(f"{base}: no column table or list documents it")
        continue
    for path, hdr in inst:
        for r in ref:
            for rpath, rhdr in real_csv.get(r, []):
                if os.path.dirname(os.path.dirname(os.path.dirname(path))) == os.path.dirname(rpath) and hdr != rhdr:
                    fail["csv: real columns documented"].append(f"{path}: header differs from {rpath} (documented as the same)")

# ---- JSON keys ----
def real_jsons(kind):
    name = "manifest.json" if kind == "manifest.json" else kind.split()[-1]
    want = {"run summary.json": ("run",), "sweep summary.json": ("sweep",), "plan.json": ("plan",),
            "manifest.json": ("run", "plan", "sweep")}[kind]
    out = []
    for fo in folders:
        if fo["kind"] not in want:
            continue
        for rel in files_in(fo["dir"]):
            if os.path.basename(rel) == name:
                with open(os.path.join(fo["dir"], rel), encoding="utf-8") as fh:
                    out.append((os.path.join(fo["dir"], rel), json.load(fh)))
    return out


def walk(o, parent, cb, maps):
    if isinstance(o, dict):
        for k, v in o.items():
            cb(k, parent, v)
            if k not in maps:
                walk(v, k, cb, maps)
    elif isinstance(o, list):
        for v in o:
            walk(v, parent, cb, maps)


for kind in ("run summary.json", "plan.json", "manifest.json", "sweep summary.json"):
    docs = jdoc[kind]
    alltok = set().union(*[t for t, _ in docs]) if docs else set()
    maps, refs, record = maps_of(kind), refs_of(kind), RECORD.get(kind, {None})
    inst = real_jsons(kind)
    if not inst:
        fail[f"json {kind}: real keys documented"].append("no such file was written")
    keys, values, missing = set(), set(), set()

    def cb(k, parent, v):
        keys.add(k)
        if isinstance(v, str):
            values.add(v)
        if isinstance(v, list):
            values.update(x for x in v if isinstance(x, str))
        if parent in record:
            ok_ = k in alltok
        else:
            ok_ = any(parent in t and k in t for t, _ in docs) or k in refs.get(parent, ())
        if not ok_:
            missing.add(f"{parent + '.' if parent else ''}{k}")

    for path, j in inst:
        walk(j, None, cb, maps)
    for m in sorted(missing):
        fail[f"json {kind}: real keys documented"].append(f"real key {m} not documented at its level")
    info.append(f"real keys of {kind}: {' '.join(sorted(keys))}")
    # a documented token must be a real key, a real value the text quotes (`logrank`), one of
    # `a`/`b` alternatives of which one is real (`events`/`calendar`), a JSON literal, or a
    # documented column of a CSV file the same block names (`q500` of `estimates.csv`)
    alts = set()
    for _, b in docs:
        for grp in re.findall(r"`\w+`(?:\s*/\s*`\w+`)+", b["text"]):
            g = set(re.findall(r"`(\w+)`", grp))
            if g & values:
                alts |= g
    csvref = set()
    for toks, b in docs:
        named = {s for s in spans(b["text"]) if s.endswith(".csv")}
        for f, cols, _, _ in csv_docs:
            if f in named:
                csvref.update(t for t in toks if t in cols or any(pattern_re(c) and pattern_re(c).match(t) for c in cols))
    for t in sorted(alltok - keys - values - maps - alts - csvref - {"null", "true", "false"}):
        fail[f"json {kind}: documented keys real"].append(f"documented `{t}` is no key (or value) of any real {kind}")

# ---- files ----
F = "files: documented files written, written files documented"


def table_files(blocks):
    return [s for b in blocks if b["kind"] == "row" and b["table"] == "file" for s in spans(b["first"])]


run_always = table_files(B["run"])
run_cond = [b["ctx"] for b in B["run"] if b["kind"] == "heading" and b["ctx"] and b["ctx"] not in run_always]
plan_always = []
for b in B["plan"]:
    if b["kind"] == "para" and re.match(r"^`hifusim plan` writes", b["text"]):
        plan_always = [s for s in spans(b["text"]) if FILE_RE.match(s)]
        break
sweep_always = [b["ctx"] for b in B["sweep"] if b["kind"] == "para" and b["text"].startswith("**")]
task_files = []
m = re.search(r"`DIR/tasks/task-K-of-T/` \(([^)]*)\)", text)
if m:
    for piece in m.group(1).split(";"):
        s = spans(piece)
        if s and FILE_RE.match(s[0]):
            task_files.append(s[0])
report_pats = table_files(B["report"])
for what, lst in (("run file table", run_always), ("plan's files", plan_always), ("sweep files", sweep_always),
                  ("sweep task files", task_files), ("report file table", report_pats)):
    if not lst:
        fail["readme parsed"].append(f"{what}: none found")
info.append(f"documented: run {run_always} (+ {run_cond}), plan {plan_always}, sweep {sweep_always}, "
            f"tasks {task_files}, report {report_pats}")
NOT_PRODUCED = {".checkpoint": "exists only while a run is in progress",
                "plots/NAME.log": "only when gnuplot fails"}


def rx_of(p):
    return re.compile("^" + re.escape(p).replace("NAME\\*", "[A-Za-z0-9_]*").replace("NAME", "[A-Za-z0-9_]+") + "$")


report_rx = [(p, rx_of(p)) for p in report_pats]
seen = set()
for fo in folders:
    kind, d = fo["kind"], fo["dir"]
    always = {"run": run_always, "plan": plan_always, "sweep": sweep_always}[kind]
    allowed = set(always) | (set(run_cond) if kind == "run" else set())
    real = files_in(d)
    for f in always:
        if f not in real:
            fail[F].append(f"{d}: documented {f} was not written by {kind}")
    if fo["report"] and "report.html" in report_pats and "report.html" not in real:
        fail[F].append(f"{d}: report.html was not written by report")
    for f in real:
        seen.add(f)
        if f in allowed:
            continue
        if kind == "sweep" and re.match(r"^tasks/task-\d+-of-\d+/", f) and f.split("/")[-1] in task_files:
            seen.add("task:" + f.split("/")[-1])
            continue
        hit = [p for p, rx in report_rx if rx.match(f)] if fo["report"] else []
        if hit:
            seen.update(hit)
            continue
        fail[F].append(f"{d}: {f} written by {kind}{' + report' if fo['report'] else ''} is not documented there")
for f in run_cond + report_pats:
    if f not in seen and f not in NOT_PRODUCED:
        fail[F].append(f"documented {f} was written by none of the runs")
if any(fo["kind"] == "sweep" and os.path.isdir(os.path.join(fo["dir"], "tasks")) for fo in folders):
    for f in task_files:
        if "task:" + f not in seen:
            fail[F].append(f"documented task file {f} was written by no task")
# every plot drawn is named in the report section (`NAME`, `plots/NAME` or `NAME*`)
rep_tok = set()
for b in B["report"]:
    for s in spans(b["text"]):
        rep_tok.add(s.strip().replace("plots/", "").split(".")[0])
plots = sorted({os.path.basename(f)[:-4] for fo in folders if fo["report"] for f in files_in(fo["dir"])
                if f.startswith("plots/") and f.endswith(".svg")})
info.append(f"plots drawn: {plots}")
for p in plots:
    if p not in rep_tok and not any(t.endswith("*") and p.startswith(t[:-1]) for t in rep_tok):
        fail[F].append(f"plot plots/{p}.svg is not named in '## report'")
# claims "`CMD` does not write `FILE`" and "writes N files"
for cmd, f in re.findall(r"`(\w+)` does not write `([\w./]+)`", text):
    for fo in folders:
        if fo["kind"] == cmd and os.path.exists(os.path.join(fo["dir"], f)):
            fail[F].append(f"README says `{cmd}` does not write `{f}`, but {fo['dir']}/{f} exists")
WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
for b in B["run"]:
    m = re.search(r"`hifusim run CONFIG`.*? writes (\w+) files", b["text"])
    if m:
        if WORDS.get(m.group(1), -1) != len(run_always):
            fail[F].append(f"run says it writes {m.group(1)} files; its table lists {len(run_always)}")
        break
else:
    fail["readme parsed"].append("no '`hifusim run CONFIG` ... writes N files' sentence")

# ---- summary.json median_os vs estimates.csv q500 ----
M = "summary.json median_os = estimates.csv median_os q500"
nulls = compared = 0
for fo in folders:
    if fo["kind"] != "run":
        continue
    d = fo["dir"]
    with open(os.path.join(d, "summary.json"), encoding="utf-8") as fh:
        sj = json.load(fh)
    q = {}
    with open(os.path.join(d, "estimates.csv"), encoding="utf-8") as fh:
        hdr = fh.readline().strip().split(",")
        for line in fh:
            r = dict(zip(hdr, line.strip().split(",")))
            if r["quantity"] == "median_os":
                q[(int(r["scenario"]), r["arm"])] = r["q500"]
    for sc in sj["scenarios"]:
        for arm, v in sc["median_os"].items():
            e = q.get((sc["scenario"], arm))
            compared += 1
            if e is None:
                fail[M].append(f"{d}: no estimates.csv median_os row for scenario {sc['scenario']} {arm}")
            elif v is None or e == "NA":
                nulls += v is None
                if not (v is None and e == "NA"):
                    fail[M].append(f"{d}: scenario {sc['scenario']} {arm}: summary {v}, estimates q500 {e}")
            elif abs(v - float(e)) > 1e-9 * abs(v) + 1e-12:
                fail[M].append(f"{d}: scenario {sc['scenario']} {arm}: summary {v} != estimates q500 {e} (1e-9 rel)")
# ... and the README's median_os key says so (the relation checked here, and no "left out")
rows = [b for b in B["run"] if b["ctx"] == "summary.json" and b["kind"] == "row" and "`median_os`" in b["first"]]
if len(rows) != 1:
    fail[M].append(f"{len(rows)} summary.json rows document `median_os` (expected 1)")
else:
    t = rows[0]["text"]
    for need in ("`q500`", "`estimates.csv`", "`null`"):
        if need not in t:
            fail[M].append(f"summary.json `median_os` row does not name {need}: {t[:80]}")
    if re.search(r"(?<!not )left out", t):
        fail[M].append("summary.json `median_os` row says unreached medians are left out")
if compared == 0 or nulls == 0:
    fail[M].append(f"{compared} medians compared, {nulls} null: the not-reached case was not exercised")

for line in info:
    print("# " + line)
nf = 0
for c in CATS:
    print(("ok " if not fail[c] else "not ok ") + c)
    for x in fail[c][:25]:
        print("#   " + x)
    nf += bool(fail[c])
sys.exit(min(nf, 100))
PY

# check README: prints "ok CAT" / "not ok CAT" lines, diagnostics with #
check() { python3 "$tmp/check.py" "$1" "${folders[@]}"; }
check results/README.md > "$tmp/check.out" 2>&1
grep '^#' "$tmp/check.out"
ncat=0
while read -r st rest; do
    case $st in
        ok) ok 0 "$rest"; ncat=$((ncat + 1)) ;;
        not) ok 1 "${rest#ok }"; ncat=$((ncat + 1)) ;;
    esac
done < <(grep -E '^(ok|not ok) ' "$tmp/check.out")
[ $ncat -eq $NCHECK ] || { echo "# checker printed $ncat categories, expected $NCHECK:"; sed 's/^/#   /' "$tmp/check.out" | tail -5; }
while [ $ncat -lt $NCHECK ]; do ok 1 "checker category missing"; ncat=$((ncat + 1)); done

# Deliberate drifts on scratch copies: each must make its category fail.
drift() { # drift DESC CATEGORY PYTHON-REPLACEMENT-OLD NEW
    python3 - results/README.md "$tmp/drift.md" "$3" "$4" << 'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
if sys.argv[3] not in s:
    sys.exit(f"anchor not found: {sys.argv[3]}")
open(sys.argv[2], "w", encoding="utf-8").write(s.replace(sys.argv[3], sys.argv[4], 1))
PY
    local made=$?
    if [ $made -eq 0 ] && ! check "$tmp/drift.md" > "$tmp/drift.out" 2>&1; then
        grep -q "^not ok $2" "$tmp/drift.out"
    else false; fi
    ok $? "deliberate drift fails: $1"
}
drift "power.csv column power_se renamed power_sd" "csv: documented columns in real headers" \
    '| `power_se` | Monte Carlo SE' '| `power_sd` | Monte Carlo SE'
drift "summary.json key hr_q975 renamed hr_q99" "json run summary.json: real keys documented" \
    '| `hr_q025`, `hr_q975` |' '| `hr_q025`, `hr_q99` |'
drift "stages key look renamed stage_look" "json run summary.json: real keys documented" \
    '`look` from 1' '`stage_look` from 1'
drift "hist.csv renamed in the run file table" "files: documented files written" \
    '| `hist.csv` | per scenario' '| `histogram.csv` | per scenario'
drift "manifest key peak_rss_mb_per_rank renamed peak_rss_mb" "json manifest.json: real keys documented" \
    '| `peak_rss_mb_per_rank` |' '| `peak_rss_mb` |'
drift "the old summary.json median_os text (unreached left out)" "summary.json median_os" \
    'months): `estimates.csv`'"'"'s `q500` of `median_os`.' 'months; replicates whose median is not reached are left out).'
finish
