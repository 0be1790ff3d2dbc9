# the benchmark's generator (tests/bench/gen-einvoice.c): 120 documents, half UBL and
# half CII, from 200 vendors; the engine reads and verifies every one (none refused),
# one asks for a new IBAN (held), one repeats a number with another amount, one is a
# credit note for the bill before it
command -v "${CC:-cc}" >/dev/null || { echo "no C compiler to build gen-einvoice"; exit 77; }
"${CC:-cc}" -O1 -std=c11 -o "$CASE_TMP/gen-einvoice" "$top_srcdir/tests/bench/gen-einvoice.c"
"$CASE_TMP/gen-einvoice" 120 gen 1
