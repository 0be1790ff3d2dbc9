sed -i 's/^account Assets:Suspense  ; role: suspense$/account Assets:Suspense  ; role: suspense, match-rules: reference guesswork/' books.journal
