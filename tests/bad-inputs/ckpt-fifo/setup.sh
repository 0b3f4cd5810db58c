# the checkpoint is a FIFO: refused at once, never read
mkdir -p out && mkfifo out/.checkpoint
for f in summary.json power.csv; do echo "earlier result $f" > out/$f; done
