# the customer's letter, as the customer reads it
diff expected-letter.txt letters/2026-11-28-2-bäckerei-müller-EUR.txt
[ -f letters/2026-11-28-2-bäckerei-müller-EUR.html ]
# no letter shows our own account names or a made-up sender
! grep -l 'Assets:\|Liabilities:\|Income:\|Our account\|(our company)' letters/*
# every letter is signed by the company named on the bank account
for f in letters/*.txt; do
	head -n 1 "$f" | grep -qx 'Lumen & Letter Studio GmbH' || fail "$f: sender"
	tail -n 1 "$f" | grep -qx 'Lumen & Letter Studio GmbH' || fail "$f: signature"
done
