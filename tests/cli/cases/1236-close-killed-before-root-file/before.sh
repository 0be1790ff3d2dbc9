# Killed after the history file and its keys are written, before the new
# root: the rerun finds them and writes the root, the same files as an
# uninterrupted close.
CLOSE=no old_settled_books
