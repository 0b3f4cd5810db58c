# the config is a FIFO (named pipe): refused at once, never read (would block forever)
mkfifo cfg.ini
