. "$top_srcdir/tests/cli/pay-lib.sh"
assert_xsd pay.xml pain.001.001.09.xsd
assert_books_sound books.journal
"$CLERK" check -q --strict -f books.journal
