# a report written over one of the books' journals would destroy them:
# refused before anything is written (found while looking for the same class
# of fault as the run's)
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
