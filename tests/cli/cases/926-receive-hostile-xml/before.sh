# hostile XML: entities are never expanded (billion laughs), an external entity is
# never fetched (no /etc/passwd in any output): refused, exit 5, nothing written
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
