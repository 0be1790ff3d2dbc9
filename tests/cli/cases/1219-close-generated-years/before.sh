# The benchmark's generated books (tests/bench/gen-match.c): 3000 invoices of 60
# customers from 2020-01-01 (the bank's opening on 2019-12-31) to 2022-09-26, and a statement of 300 movements in
# November 2026. Kept year by year: 2020 in y2020/, closed into y2021/, 2021
# posted there and closed into y2022/, 2022 posted there; beside them all/, the
# same books never closed. The statement is imported into both.
command -v "${CC:-cc}" >/dev/null || { echo "no C compiler to build gen-match"; exit 77; }
"${CC:-cc}" -O1 -std=c11 -o "$CASE_TMP/gen-match" "$top_srcdir/tests/bench/gen-match.c"
"$CASE_TMP/gen-match" gen.journal st.xml 3000 300 1 2026-11-27 > /dev/null
echo 'account Equity:Retained  ; role: retained' > retained.journal
awk '/^[0-9]/ { exit } { print }' gen.journal > head.journal
year() { awk -v y="$1" '/^[0-9]/ { keep = substr($0, 1, 4) == y } keep { print }' gen.journal; }
mkdir all y2020 y2021 y2022
cat head.journal retained.journal > all/books.journal
year 2019 >> all/books.journal; year 2020 >> all/books.journal; year 2021 >> all/books.journal; year 2022 >> all/books.journal
cat head.journal retained.journal > y2020/books.journal
year 2019 >> y2020/books.journal
year 2020 >> y2020/books.journal
"$CLERK" close -f y2020/books.journal --through 2020-12-31 --to y2021/books.journal > /dev/null
year 2021 > y2021.journal
"$CLERK" post -q -f y2021/books.journal y2021.journal
"$CLERK" close -f y2021/books.journal --through 2021-12-31 --to y2022/books.journal > /dev/null
year 2022 > y2022.journal
"$CLERK" post -q -f y2022/books.journal y2022.journal
"$CLERK" import -f all/books.journal -O csv st.xml > all-decisions.csv
