/*
 * bankfeed.c - the completeness of each bank account's statements in the
 * books (bankfeed.h).
 */
#include "compat.h"
#include "bankfeed.h"
#include "error.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

int bankfeed_lag(int *lag, const struct journal *j, uint32_t account)
{
	*lag = BANKFEED_DEFAULT_LAG;
	for (uint32_t a = account; a != NO_ID; a = j->accounts.v[a].parent) {
		const char *v = journal_account_tag(j, a, "statement-lag");
		if (!v)
			continue;
		int n = 0;
		size_t len = strlen(v);
		bool ok = len > 0 && len <= 2;
		for (size_t i = 0; ok && i < len; i++) {
			ok = v[i] >= '0' && v[i] <= '9';
			n = n * 10 + (v[i] - '0');
		}
		if (!ok || n > BANKFEED_MAX_LAG)
			return clerk_error_set(CLERK_EINVALID,
					       "'%s': statement-lag: '%s' is not a number of banking days "
					       "from 0 to %d",
					       journal_account_name(j, a), v, BANKFEED_MAX_LAG);
		*lag = n;
		break;
	}
	return 0;
}

/* The end of the latest statement per account (DATE_NONE: none), indexed by account id. */
static clerk_date *last_statements(const struct journal *j)
{
	clerk_date *last = xmalloc((j->accounts.n ? j->accounts.n : 1) * sizeof(*last));
	for (size_t a = 0; a < j->accounts.n; a++)
		last[a] = DATE_NONE;
	uint32_t kind = journal_tag_id(j, "statement-kind");
	if (kind == NO_ID)
		return last;
	for (size_t t = 0; t < j->txns.n; t++) {
		const struct txn *tx = &j->txns.v[t];
		if (!tx->nposting || !journal_txn_tag_id(j, tx, kind))
			continue;
		/* the closing-balance transaction's first posting is the bank account's */
		uint32_t a = j->postings.v[tx->first_posting].account;
		if (j->accounts.v[a].role == ROLE_BANK && (last[a] == DATE_NONE || tx->date > last[a]))
			last[a] = tx->date;
	}
	return last;
}

int bankfeed_gaps(struct bankfeed_gap **gaps, size_t *ngaps, const struct journal *j,
		  clerk_date date)
{
	clerk_date *last = last_statements(j);
	int error = 0;
	for (uint32_t a = 0; a < j->accounts.n && !error; a++) {
		if (last[a] == DATE_NONE)
			continue;
		int lag;
		if ((error = bankfeed_lag(&lag, j, a)))
			break;
		clerk_date needed = date_banking_days_before(date, lag);
		if (last[a] >= needed)
			continue;
		*gaps = xrealloc(*gaps, (*ngaps + 1) * sizeof(**gaps));
		(*gaps)[(*ngaps)++] = (struct bankfeed_gap){ a, last[a], needed, lag };
	}
	free(last);
	return error;
}

void bankfeed_describe(struct strbuf *out, const struct journal *j, const struct bankfeed_gap *g)
{
	char last[11], needed[11];
	date_format(g->last, last);
	date_format(g->needed, needed);
	strbuf_addf(out,
		    "the statements of '%s' end on %s, but they must reach %s "
		    "(statement-lag: %d banking day%s)",
		    journal_account_name(j, g->account), last, needed, g->lag, g->lag == 1 ? "" : "s");
}

int bankfeed_why(struct strbuf *out, const struct journal *j, clerk_date date)
{
	struct bankfeed_gap *gaps = NULL;
	size_t n = 0;
	int error = bankfeed_gaps(&gaps, &n, j, date);
	for (size_t i = 0; !error && i < n; i++) {
		if (out->len)
			strbuf_addstr(out, "; ");
		bankfeed_describe(out, j, &gaps[i]);
	}
	free(gaps);
	return error;
}
