# the output folder cannot be written (the command runs as nobody): a clear
# error before anything changes
mkdir d && cp -r "$top_srcdir/fixtures/demo/." d/
chmod -R a+rwX d
mkdir d/out && chmod 0555 d/out
snapshot_save
