#!/usr/bin/env bash
# jobs_mpi_env.sh — TAP tests of the Open MPI start-up defaults of jobs/*.sbatch
# (the "mpi-env" block; issue 18 item 2):
#   - run, sweep and merge carry the same block, and bench/run.sh item 2
#     evaluates it from run.sbatch;
#   - on one node: PMIX_MCA_gds=hash, OMPI_MCA_pml=ob1, OMPI_MCA_btl=self,vader,
#     HWLOC_COMPONENTS=-pci,-linuxio;
#   - on more nodes (or an unknown count): only PMIX_MCA_gds=hash; pml and
#     btl (and hwloc's device discovery) stay Open MPI's (the network is the
#     site's);
#   - a value already in the environment wins, and an empty one leaves Open
#     MPI's default (the variable is unset);
#   - an empty MPI program starts under these settings (mpirun -n 2).
# Exit status: the number of failed tests (0 when all pass).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
plan 8

block() { sed -n '/^# >>> mpi-env/,/^# <<< mpi-env/p' "$1"; }
block jobs/run.sbatch > "$tmp/run.blk"
[ -s "$tmp/run.blk" ] && block jobs/sweep.sbatch | cmp -s - "$tmp/run.blk" &&
    block jobs/merge.sbatch | cmp -s - "$tmp/run.blk"
ok $? "run, sweep and merge.sbatch carry the same mpi-env block"
grep -q "mpi-env/p' jobs/run.sbatch" bench/run.sh
ok $? "bench/run.sh item 2 evaluates the block from jobs/run.sbatch"

# env_after ASSIGNMENTS...: the MCA variables after hs_mpi_env, in a clean sh
env_after() {
    env -i PATH="$PATH" "$@" sh -c '. "$1"; hs_mpi_env > /dev/null; env | grep -E "^((PMIX|OMPI)_MCA_|HWLOC_COMPONENTS=)" | sort' sh "$tmp/run.blk"
}
[ "$(env_after SLURM_NNODES=1 | tr '\n' ' ')" = "HWLOC_COMPONENTS=-pci,-linuxio OMPI_MCA_btl=self,vader OMPI_MCA_pml=ob1 PMIX_MCA_gds=hash " ]
ok $? "one node (Slurm): gds hash, pml ob1, btl self,vader, hwloc without PCI and I/O discovery"
[ "$(env_after HS_NODES=1 | tr '\n' ' ')" = "HWLOC_COMPONENTS=-pci,-linuxio OMPI_MCA_btl=self,vader OMPI_MCA_pml=ob1 PMIX_MCA_gds=hash " ]
ok $? "one node (HS_NODES=1, as bench/run.sh): the same"
[ "$(env_after SLURM_JOB_NUM_NODES=4 SLURM_NNODES=4 | tr '\n' ' ')" = "PMIX_MCA_gds=hash " ] &&
    [ "$(env_after | tr '\n' ' ')" = "PMIX_MCA_gds=hash " ]
ok $? "four nodes, or no node count: gds hash only (pml and btl Open MPI's)"
[ "$(env_after SLURM_NNODES=1 OMPI_MCA_btl=self,vader,tcp PMIX_MCA_gds=ds21 HWLOC_COMPONENTS=-pci | tr '\n' ' ')" = \
    "HWLOC_COMPONENTS=-pci OMPI_MCA_btl=self,vader,tcp OMPI_MCA_pml=ob1 PMIX_MCA_gds=ds21 " ]
ok $? "values already in the environment win"
[ "$(env_after SLURM_NNODES=1 OMPI_MCA_pml= PMIX_MCA_gds= HWLOC_COMPONENTS= | tr '\n' ' ')" = "OMPI_MCA_btl=self,vader " ]
ok $? "an empty value leaves Open MPI's default (unset)"

if command -v mpirun > /dev/null; then
    out=$(env_after HS_NODES=1 | sed 's/^/export /')
    (eval "$out" && timeout 60 mpirun -n 2 "$HIFUSIM" check tests/bad-inputs/good/cfg.ini > "$tmp/check.out" 2>&1)
    ok $? "hifusim check under mpirun -n 2 with the one-node settings"
else
    skip "no mpirun"
fi
finish
