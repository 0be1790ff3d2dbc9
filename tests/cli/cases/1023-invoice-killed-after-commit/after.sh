snapshot_check
"$CLERK" check -f books.journal --strict >/dev/null || fail "the books do not check"
