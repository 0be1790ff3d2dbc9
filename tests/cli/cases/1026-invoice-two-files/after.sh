assert_posted_dir '000000-clerk.journal' '000001-invoice-*.journal'
[ "$(grep -c '^; clerk-batch-sha256: ' posted/000001-invoice-*.journal)" = 2 ] || fail "two digests expected"
