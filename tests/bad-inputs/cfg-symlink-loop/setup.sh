# the config is a symbolic link to itself
ln -s cfg.ini cfg.ini
