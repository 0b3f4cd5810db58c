# chmod 000 cannot stop root from reading: skip (exit 77) when root
[ "$(id -u)" -eq 0 ] && exit 77
chmod 000 cfg.ini
