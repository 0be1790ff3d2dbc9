/*
 * terms.h - payment terms as written in a party's `terms:` tag:
 * "net 30" (due 30 days after the invoice date) or "2/10 net 30"
 * (2 % discount when paid within 10 days, else due in 30).
 */
#ifndef CLERK_TERMS_H
#define CLERK_TERMS_H

#include "compat.h"
#include "decimal.h"

struct terms {
	int net_days;
	int discount_days;    /* 0 when no discount */
	struct dec discount_pct; /* percent, e.g. 2 or 1.5; 0 when none */
};

#define TERMS_INIT { 0, 0, DEC_INIT }

/** Parses s into out; returns NULL or a static message. */
const char *terms_parse(const char *s, struct terms *out);
void terms_release(struct terms *t);

#endif
