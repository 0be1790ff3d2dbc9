[ -f invoices/INV-2026-0098.xml ] || fail "no INV-2026-0098.xml"
grep -q "<CreditNote " invoices/INV-2026-0098.xml || fail "INV-2026-0098.xml is not a credit note"
