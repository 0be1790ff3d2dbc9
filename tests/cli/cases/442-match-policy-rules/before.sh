sed -i 's/^account Assets:Suspense  ; role: suspense$/account Assets:Suspense  ; role: suspense, match-rules: reference amount, match-max-items: 2/' books.journal
