# three movements with digest identities, none with the placeholder
f=$(ls posted/000002-import-*.journal)
[ "$(grep -c "bank-id: sha:" "$f")" = 3 ]
! grep -q "NONREF" "$f"
# and importing it again posts nothing
"$CLERK" import -q -f books.journal statement.xml
[ ! -e posted/000003-* ]
