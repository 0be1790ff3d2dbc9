# out/packs is a symbolic link planted to elsewhere: refused before anything changes
cp -r "$top_srcdir/fixtures/demo/." .
mkdir -p out elsewhere && ln -s ../elsewhere out/packs
snapshot_save
