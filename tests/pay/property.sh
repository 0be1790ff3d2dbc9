#!/bin/sh
# tests/pay/property.sh - the payment run's invariant as a property over
# random sequences (tests/pay/property.c), for `make check` (TAP: one test
# per seed).
#
# Quick by default (a few seconds): seeds 1 to 3, 40 steps each, hledger
# compared at the end of each sequence. Longer:
#
#   PAY_PROPERTY_SEEDS=50 PAY_PROPERTY_STEPS=200 PAY_PROPERTY_HLEDGER=every \
#       sh tests/pay/property.sh
#
# PAY_PROPERTY_FIRST_SEED picks where the seeds start; PAY_PROPERTY_HLEDGER=no
# leaves hledger out. A failing seed prints what broke and keeps its folder;
# run it alone with tests/pay/pay_property CLERK SEED STEPS DIR to look.
top_builddir=${top_builddir:-.}
CLERK=${CLERK:-$top_builddir/src/clerk}
prog=$top_builddir/tests/pay/pay_property
seeds=${PAY_PROPERTY_SEEDS:-3}
steps=${PAY_PROPERTY_STEPS:-40}
first=${PAY_PROPERTY_FIRST_SEED:-1}
export top_srcdir

if [ ! -x "$prog" ] || [ ! -x "$CLERK" ]; then
	echo "1..0 # SKIP $prog or $CLERK not built"
	exit 0
fi
echo "1..$seeds"
i=0
while [ "$i" -lt "$seeds" ]; do
	seed=$((first + i))
	i=$((i + 1))
	out=$("$prog" "$CLERK" "$seed" "$steps" 2>&1)
	if [ $? -eq 0 ]; then
		echo "ok $i - seed $seed: $(printf '%s\n' "$out" | tail -n 1)"
	else
		echo "not ok $i - seed $seed"
		printf '%s\n' "$out" | tail -n 30 | sed 's/^/# /'
	fi
done
exit 0
