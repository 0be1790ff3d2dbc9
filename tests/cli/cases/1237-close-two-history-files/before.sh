# A second history file included by hand (a close writes one): the night
# has no keys for both, so it reads them (it would otherwise leave the
# second unread). A payment naming the second one's settled INV-2026-0003
# is `overpaid` as when the same file is an ordinary journal.
old_settled_books
sed -e 's/INV-2026-0001/INV-2026-0003/g' -e 's/, ref: RF18539007547034//' \
	-e 's/^2026-12-01 \* Settled items carried/2026-12-01 * More settled items carried/' \
	new/books.history.journal > new/more.history.journal
echo 'include more.history.journal' >> new/books.journal
cp -r new plain
sed -i '1d' plain/more.history.journal
history_statement st.xml 500.00
sed -i 's/INV-2026-0001 again/INV-2026-0003/' st.xml
