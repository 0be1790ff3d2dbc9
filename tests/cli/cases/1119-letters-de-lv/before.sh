# reminders in the customer's language: Credit (fee, interest, credit) in
# German, Day 14 in Latvian; the others stay English
sed -i 's/^\(account Assets:Receivable:Credit  *;\)/\1 lang: de,/; s/^\(account Assets:Receivable:D14  *;\)/\1 lang: lv,/' books.journal
grep -q 'lang: de' books.journal && grep -q 'lang: lv' books.journal
