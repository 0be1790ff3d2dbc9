grep -q 'invoice: PN-46107-2, due: 2026-12-17, ref: PN-46107-2, accepted: probable-duplicate, einvoice-sha256: ' posted/000001-receive-*.journal || fail "not posted as accepted"
assert_hledger_agrees books.journal
assert_ledger_agrees books.journal
