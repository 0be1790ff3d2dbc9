# a run killed after its commit; before the rerun someone removes Friday's
# statement from the inbox: the night no longer computes what was posted,
# so the rerun refuses (exit 1) instead of guessing, and changes nothing
cp -r "$top_srcdir/fixtures/demo/." .
CLERK_FAULT=run:after-commit "$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || [ $? -eq 137 ]
ls posted | grep -q -- '-run-'
mv inbox/2026-11-27-camt053.xml .
snapshot_save
