# finding 1: --out equal to --inbox moved the previous audit pack into
# refused/; now refused before anything is touched
cp -r "$top_srcdir/fixtures/demo/." .
mkdir -p inbox/packs && printf "an earlier pack\n" >inbox/packs/clerk-2026-11-27.zip
snapshot_save
