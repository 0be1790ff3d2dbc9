# an archive folder inside the inbox is refused (the archive, the inbox and
# the output folder never nest)
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
