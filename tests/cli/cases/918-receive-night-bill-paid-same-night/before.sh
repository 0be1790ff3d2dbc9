# Kontorhaus's rent bill KV-2026-12 arrives as an e-invoice in the same inbox
# as the Saturday statement that pays it: the night receives the bills before
# it imports, so the payment finds the bill open and settles it exactly
# (without the bill it would be money on account)
cp -r "$top_srcdir/fixtures/demo/." .
cp bills-inbox/2026-11-28-kontorhaus-KV-2026-12.xml inbox/
mv 2026-11-28-camt053.xml inbox/
