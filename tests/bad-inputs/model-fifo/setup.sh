# the model file is a FIFO: refused at once, never read
mkdir -p models && mkfifo models/chemo.ini
