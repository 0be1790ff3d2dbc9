# A FIFO given as the pack: refused at once as not a regular file (exit 3,
# like a pack that cannot be read), never waited on.
mkfifo pack.zip
