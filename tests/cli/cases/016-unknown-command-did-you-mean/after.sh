# a misspelt command is named with the nearest one (at most two edits away,
# one for short names); a word far from every command gets no guess
rc=0; "$CLERK" blance >b.out 2>&1 || rc=$?
[ $rc = 2 ] && grep -q "^clerk: error: unknown command 'blance'; did you mean 'balance'?$" b.out
rc=0; "$CLERK" help rnu >b.out 2>&1 || rc=$?
[ $rc = 2 ] && grep -q "did you mean 'run'?" b.out
rc=0; "$CLERK" xyz >b.out 2>&1 || rc=$?
[ $rc = 2 ] && grep -q "^clerk: error: unknown command 'xyz'$" b.out
rm b.out
