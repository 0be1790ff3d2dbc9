# The demo books, but the bank account does not say who holds it (no
# `name:`): a letter would have no sender, so `clerk check --strict` warns on the bank account (exit 0).
cp -r "$top_srcdir/fixtures/demo/." .
sed -i 's/^    ; name: Lumen & Letter Studio GmbH, bic: COBADEFFXXX$/    ; bic: COBADEFFXXX/' books.journal
! grep -q 'name: Lumen' books.journal
