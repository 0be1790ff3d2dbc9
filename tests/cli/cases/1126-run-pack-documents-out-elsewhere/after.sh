pack=out/packs/clerk-2026-11-30.zip
[ "$(grep -ho 'clerk-document: [^ ]*' books/posted/000002-invoice-*.journal | tr '\n' ' ')" = "clerk-document: ../sent/INV-2026-0094.xml clerk-document: ../sent/INV-2026-0094.html clerk-document: ../sent/CN-2026-0001.xml clerk-document: ../sent/CN-2026-0001.html " ] ||
	fail "recorded: $(grep -h 'clerk-document' books/posted/000002-invoice-*.journal)"
for f in CN-2026-0001.html CN-2026-0001.xml INV-2026-0094.html INV-2026-0094.xml; do
	unzip -p "$pack" "documents/$f" | cmp -s - "sent/$f" || fail "documents/$f is not sent/$f"
done
[ "$(unzip -p "$pack" documents.tsv | cut -f5 | sed 1d | tr '\n' ' ')" = "../sent/CN-2026-0001.html ../sent/CN-2026-0001.xml ../sent/INV-2026-0094.html ../sent/INV-2026-0094.xml " ] ||
	fail "documents.tsv: $(unzip -p "$pack" documents.tsv)"
"$CLERK" verify -f books/books.journal "$pack" >/dev/null || fail "verify"
