# the German and Latvian letters, whole, and an English one unchanged
diff -u "$CASE_DIR/expected-credit-de.txt" letters/2026-11-28-2-credit-EUR.txt
diff -u "$CASE_DIR/expected-d14-lv.html" letters/2026-11-28-1-d14-EUR.html
grep -q '<html lang="en">' letters/2026-11-28-1-d01-EUR.html
grep -q '^Payment reminder (level 1)$' letters/2026-11-28-1-d01-EUR.txt
