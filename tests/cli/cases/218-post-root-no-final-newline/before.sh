# the root's last line has no newline
printf '%s' "$(cat books.journal)" >root.tmp
mv root.tmp books.journal
printf '%s' "$(cat books.journal)" >"$CASE_TMP/root.orig"
