# the checkpoint is a symbolic link to /dev/zero: refused, never read (it grew without bound)
mkdir -p out && ln -s /dev/zero out/.checkpoint
for f in summary.json power.csv; do echo "earlier result $f" > out/$f; done
