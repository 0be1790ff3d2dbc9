. "$top_srcdir/tests/cli/pay-lib.sh"
assert_xsd pay.xml pain.001.001.03.xsd
grep -q 'xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"' pay.xml
grep -q '<ReqdExctnDt>2026-12-04</ReqdExctnDt>' pay.xml
grep -q '<BIC>DEUTDEDBHAM</BIC>' pay.xml
