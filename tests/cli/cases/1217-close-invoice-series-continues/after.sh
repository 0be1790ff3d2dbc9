"$CLERK" invoice --dry-run -f old/books.journal old/billing/2026-12.csv > "$CASE_TMP/old.out"
diff -u "$CASE_TMP/old.out" "$OUT" || fail "the old books number differently"
