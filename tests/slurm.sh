#!/usr/bin/env bash
# slurm.sh — TAP test of jobs/ on a real single-node Slurm, brought up from
# the Debian packages (slurmctld slurmd slurm-client munge; libpmix-dev for
# srun --mpi=pmix) in a temporary folder: its own munge key and socket, its
# own slurm.conf and ports, daemons started by hand (no systemd) and stopped
# by PID at exit. Checks:
#   - jobs/run.sbatch under srun (2 ranks) = a direct mpirun, byte for byte
#     (every result file except manifest.json and report.html, which carry
#     the run's time, host and rank count);
#   - jobs/submit-sweep.sh (array of 3 + afterok merge) = a one-process sweep;
#   - a job signalled mid-run (scancel --signal=USR1 -b) saves its
#     checkpoint, requeues itself, resumes, and ends with identical results;
#     the job names its output with an override (--set run.name=...), which
#     the script must honour (it asks hifusim check --print-out);
#   - srun itself sent SIGTERM mid-run: the step ends, no partial results;
#     srun's own exit code is printed as a diagnostic.
# Skips (1..0 # SKIP) only when the Slurm packages are absent or not root.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
SRC=$HS_SRC

for p in slurmctld slurmd munged; do
    if [ ! -x /usr/sbin/$p ]; then
        skip_all "Slurm packages absent (/usr/sbin/$p; scripts/install-deps.sh --with-tests)"
    fi
done
for p in sbatch squeue scancel scontrol sinfo munge; do
    if ! command -v $p > /dev/null; then
        skip_all "Slurm packages absent ($p)"
    fi
done
if [ "$(id -u)" -ne 0 ] || ! id munge > /dev/null 2>&1; then
    skip_all "needs root and the munge user to start munged and slurmd"
fi

# A clean Slurm environment: nothing inherited from an enclosing job.
for v in $(env | sed -n 's/^\(SLURM_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
T=$(mktemp -d /tmp/hs-slurm.XXXXXX)
chmod 755 "$T"
export SLURM_CONF=$T/slurm.conf

stop_pid() { # stop_pid PIDFILE: TERM, wait up to 10 s, then KILL
    local f=$1 pid i
    [ -f "$f" ] || return 0
    pid=$(cat "$f" 2>/dev/null)
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null
}
cleanup() {
    if [ -f "$T/slurmctld.pid" ]; then
        scancel --quiet --full -u root 2>/dev/null
        for ((i = 0; i < 50; i++)); do
            [ -z "$(squeue -h 2>/dev/null)" ] && break
            sleep 0.2
        done
    fi
    stop_pid "$T/slurmd.pid"
    stop_pid "$T/slurmctld.pid"
    stop_pid "$T/munge/pid"
    if [ -n "${KEEP_SLURM_TMP:-}" ]; then echo "# kept $T" >&2; else rm -rf "$T"; fi
}
at_exit cleanup

plan 11

# ---- munge: own key and socket, run as the munge user
mkdir -p "$T/munge" "$T/state" "$T/spool" "$T/out"
chown munge:munge "$T/munge"
chmod 700 "$T/munge"
dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 2> /dev/null
chown munge:munge "$T/munge/munge.key"
chmod 600 "$T/munge/munge.key"
runuser -u munge -- /usr/sbin/munged --socket="$T/munge/sock" --key-file="$T/munge/munge.key" \
    --log-file="$T/munge/log" --pid-file="$T/munge/pid" --seed-file="$T/munge/seed" --force
munge -S "$T/munge/sock" -n 2> /dev/null | unmunge -S "$T/munge/sock" > /dev/null 2>&1
ok $? "munged runs with its own key and socket"

# ---- slurm.conf: one node (this machine), free ports
port_free() { ! (ss -ltn 2> /dev/null || true) | awk '{print $4}' | grep -q ":$1\$"; }
for ((i = 0; i < 50; i++)); do
    P=$((20000 + RANDOM % 30000))
    port_free $P && port_free $((P + 1)) && break
done
host=$(hostname -s)
node=$(/usr/sbin/slurmd -C | head -1 | sed 's/ RealMemory=[0-9]*//')
cat > "$SLURM_CONF" <<EOF
ClusterName=hstest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge/sock,cred_expire=5
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldPort=$P
SlurmdPort=$((P + 1))
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=pmix
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=5
EnforcePartLimits=ALL
JobRequeue=1
KillWait=10
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
EOF
/usr/sbin/slurmctld -f "$SLURM_CONF" && /usr/sbin/slurmd -f "$SLURM_CONF"
up=1
for ((i = 0; i < 150; i++)); do
    case "$(sinfo -h -o %T 2> /dev/null)" in idle*) up=0; break ;; esac
    sleep 0.2
done
ok $up "slurmctld and slurmd up, node idle"
if [ $up -ne 0 ]; then
    tail -n 5 "$T/slurmctld.log" "$T/slurmd.log" 2> /dev/null | sed 's/^/# /'
    while [ "$hs_n" -lt 11 ]; do ok 1 "Slurm is not up"; done
    finish
fi

same_results() { # same_results DIR_A DIR_B: every result file except manifest.json, report.html
    local a=$1 b=$2 f count=0
    [ -f "$a/power.csv" ] && [ -f "$b/power.csv" ] || return 1
    while IFS= read -r f; do
        cmp -s "$a/$f" "$b/$f" || { echo "# differs: $f"; return 1; }
        count=$((count + 1))
    done < <(cd "$a" && find . -type f ! -name manifest.json ! -name report.html ! -name '.*')
    [ $count -ge 4 ]
}

# ---- 1. run.sbatch = direct mpirun
cd "$T/out" || exit 1
sbatch --wait -n 2 -o "$T/out/run-%j.log" "$SRC/jobs/run.sbatch" "$SRC/configs/default.ini" \
    --replicates 1500 --out "$T/out/run" --quiet > /dev/null 2>&1
ok $? "sbatch --wait -n 2 jobs/run.sbatch exits 0"
mpirun --oversubscribe -n 2 "$HIFUSIM" run "$SRC/configs/default.ini" --replicates 1500 \
    --out "$T/out/direct" --quiet > /dev/null 2>&1
same_results "$T/out/run" "$T/out/direct"
ok $? "srun --mpi=pmix results = direct mpirun results, byte for byte"
grep -q '"ranks": 2' "$T/out/run/manifest.json"
ok $? "the Slurm job ran 2 MPI ranks"

# ---- 2. array sweep + merge = one-process sweep
OUT=$T/out/sweep TASKS=3 WAIT=1 sh "$SRC/jobs/submit-sweep.sh" "$SRC/configs/sensitivity_mets.ini" \
    --replicates 200 --quiet > "$T/out/submit.log" 2>&1
ok $? "sh jobs/submit-sweep.sh (3 array tasks, afterok merge) exits 0"
"$HIFUSIM" sweep "$SRC/configs/sensitivity_mets.ini" --replicates 200 --quiet --out "$T/out/sweep1" > /dev/null 2>&1
s=0
for f in sweep.csv tornado.csv summary.json; do cmp -s "$T/out/sweep/$f" "$T/out/sweep1/$f" || s=1; done
ok $s "array sweep + merge = one-process sweep (sweep.csv, tornado.csv, summary.json)"

# ---- 3. preemption: USR1 mid-run -> checkpoint -> requeue -> resume
# R large enough that the job is still running 2 s after it starts (about
# 5 s of work on 2 ranks at ~20 us a replicate; 150000 finished first once
# the engine got faster)
R=500000
# no --out: the folder comes from the override, results/hsrequeue (not the
# config's [run] name, default)
sbatch --wait -n 2 -o "$T/out/pre.log" "$SRC/jobs/run.sbatch" "$SRC/configs/default.ini" \
    --replicates $R --set run.name=hsrequeue --quiet > "$T/out/pre.sub" 2>&1 &
sb=$!
jid=""
for ((i = 0; i < 100; i++)); do
    jid=$(sed -n 's/^Submitted batch job \([0-9]*\).*/\1/p' "$T/out/pre.sub")
    [ -n "$jid" ] && [ "$(squeue -h -j "$jid" -o %T 2> /dev/null)" = RUNNING ] && break
    sleep 0.2
done
sleep 2
scancel --signal=USR1 -b "$jid"
wait $sb
rc=$?
grep -q 'checkpoint saved' "$T/out/pre.log" && grep -q 'requeueing' "$T/out/pre.log" &&
    grep -q 'resuming from' "$T/out/pre.log"
ok $? "signalled job $jid (--set run.name=hsrequeue) saved its checkpoint, requeued itself and resumed"
[ $rc -eq 0 ] && [ ! -e "$T/out/results/hsrequeue/.checkpoint" ] && [ ! -e "$T/out/results/default" ]
ok $? "the resumed job finished (sbatch --wait rc $rc) and removed its checkpoint"
mpirun --oversubscribe -n 2 "$HIFUSIM" run "$SRC/configs/default.ini" --replicates $R \
    --set run.name=hsrequeue --out "$T/out/pre_direct" --quiet > /dev/null 2>&1
same_results "$T/out/results/hsrequeue" "$T/out/pre_direct"
ok $? "interrupted + resumed results = uninterrupted results, byte for byte"
if [ -n "${VERBOSE:-}" ]; then sed 's/^/# /' "$T/out/pre.log"; fi
# ---- 4. srun itself signalled: what it returns (diagnostic). Measured with
# Slurm 22.05: srun forces the step's termination (the tasks are killed,
# srun exits 137), so no checkpoint is promised; the job scripts signal the
# tasks instead (--signal=B:USR1, forwarded by the script).
srun -n 2 --mpi=pmix "$HIFUSIM" run "$SRC/configs/default.ini" --replicates 400000 --checkpoint-every 0 \
    --chunk 64 --out "$T/out/srun" --quiet --no-report > /dev/null 2> "$T/out/srun.err" &
sp=$!
for ((i = 0; i < 600; i++)); do
    [ -e "$T/out/srun/.checkpoint" ] && break
    kill -0 $sp 2> /dev/null || break
    sleep 0.1
done
sleep 0.3
t0=$SECONDS
kill -TERM $sp
wait $sp
rc=$?
diag "srun -n 2 sent SIGTERM mid-run: srun exit $rc after $((SECONDS - t0)) s; checkpoint after: $([ -s "$T/out/srun/.checkpoint" ] && echo present || echo absent)"
grep -E 'signal received|srun' "$T/out/srun.err" | head -n 3 | sed 's/^/# /'
[ $rc -ne 0 ] && [ $((SECONDS - t0)) -le 20 ] && [ ! -e "$T/out/srun/power.csv" ]
ok $? "SIGTERM to srun mid-run: the step ends within 20 s, nonzero (srun exit $rc), no result files"
finish
