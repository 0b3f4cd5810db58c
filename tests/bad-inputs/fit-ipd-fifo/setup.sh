# the IPD CSV is a FIFO: refused at once, never read
mkfifo data.csv
