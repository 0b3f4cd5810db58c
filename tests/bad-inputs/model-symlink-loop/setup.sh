# the model file is a symbolic link to itself: the loop is named, not "not found"
mkdir -p models && ln -s chemo.ini models/chemo.ini
