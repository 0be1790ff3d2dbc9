# A customer's account name typed on a system that writes letters decomposed
# (u followed by U+0308 COMBINING DIAERESIS, as macOS file names do): the
# letter's file name has it composed (NFC, one code point U+00FC), in lower
# case, so the same name always gives the same bytes. The invoice is 25 days
# past due on 28 November: a second reminder.
cp -r "$top_srcdir/fixtures/demo/." .
printf '\naccount Assets:Receivable:Mu\314\210hle R\304\253ga\n    ; name: M\303\274hle R\304\253ga SIA\n\n2026-10-20 * (INV-2026-0097) M\303\274hle\n    Assets:Receivable:Mu\314\210hle R\304\253ga  119.00 EUR  ; invoice: INV-2026-0097, due: 2026-11-03\n    Income:Printing  -100.00 EUR\n    Liabilities:VAT:Output  -19.00 EUR\n' >>books.journal
