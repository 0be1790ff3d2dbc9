# The packs are kept as base64 (git keeps text better than zip files).
# 2026-01-31.zip, 2026-02-01.zip (chained to it) and other-chain.zip
# (previous: 64 zeros) were written by pack_builder_build() (src/pack.c);
# tampered.zip is 2026-01-31.zip with books.journal rewritten,
# reports/balance.txt deleted and notes.txt added by libzip; flipped.zip is
# 2026-01-31.zip with one byte of books.journal's deflated data changed.
for f in *.zip.b64; do
	base64 -d "$f" >"${f%.b64}"
done
