# Kontorhaus is on hold (hold: on its account): its bill is held with the reason
cp -r "$top_srcdir/fixtures/demo/." .
sed -i 's/^\(    ; name: Kontorhaus Vermietung KG.*\)$/\1\n    ; hold: rent reduced while the roof is repaired; agree the amount first/' books.journal
grep -q "hold: rent" books.journal || fail "sed did not add the hold"
snapshot_save
