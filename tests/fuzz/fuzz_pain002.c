/*
 * fuzz_pain002.c - libFuzzer target for the pain.002 payment status report
 * reader (pain002_read_memory).
 *
 * The input is a whole file. Everything the reader returns is touched
 * (formatted into a buffer), the diagnostics are formatted, then all is
 * freed, so that ASan and LeakSanitizer see a dangling pointer or a leak.
 *
 * Invariants (abort() when broken, a real bug):
 *   - pain002_read_memory returns 0 exactly when it reported no error, and
 *     otherwise CLERK_EPARSE with *out NULL;
 *   - a report read without error has a version from 3 to 14, a message id,
 *     a creation date and the id of the message it reports on;
 *   - its payment blocks hold consecutive, non-overlapping runs of its
 *     transactions that together are all of them;
 *   - a rejected transaction (TxSts RJCT) names its end-to-end id;
 *   - an amount read has a three-letter currency and is not negative;
 *   - pain002_sniff() says yes to every input read without error (a report
 *     the reader takes is one the importer would give to it).
 *
 * Built as a libFuzzer binary with --enable-fuzzers, otherwise linked with
 * replay.c to run the committed corpus under `make check`.
 */
#include "compat.h"
#include "diag.h"
#include "error.h"
#include "pain.h"
#include "util/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static NORETURN void broken(const char *what)
{
	fprintf(stderr, "fuzz_pain002: invariant broken: %s\n", what);
	abort();
}

static void touch(struct strbuf *out, const char *s)
{
	if (s) {
		strbuf_addstr(out, s);
		strbuf_addch(out, '|');
	}
}

static void check_report(const struct pain002 *p, const uint8_t *data, size_t size,
			 struct strbuf *out)
{
	char day[11];
	if (p->version < 3 || p->version > 14 || !p->msg_id || !p->orig_msg_id ||
	    p->created == DATE_NONE)
		broken("a report read without error lacks its version, ids or date");
	date_format(p->created, day);
	strbuf_addstr(out, day);
	touch(out, p->file);
	touch(out, p->msg_id);
	touch(out, p->orig_msg_id);
	touch(out, p->orig_msg_name);
	touch(out, p->group_status);
	touch(out, p->group_reason);
	size_t next = 0;
	for (size_t b = 0; b < p->nblocks; b++) {
		const struct pain002_block *blk = &p->blocks[b];
		if (blk->first_tx != next || blk->first_tx + blk->ntx > p->ntxs || !blk->pmt_inf_id)
			broken("payment blocks do not partition the transactions");
		next += blk->ntx;
		touch(out, blk->pmt_inf_id);
		touch(out, blk->status);
		touch(out, blk->reason);
		strbuf_addf(out, "%u", blk->line);
	}
	if (next != p->ntxs)
		broken("transactions outside every payment block");
	for (size_t t = 0; t < p->ntxs; t++) {
		const struct pain002_tx *tx = &p->txs[t];
		if (tx->status && !strcmp(tx->status, "RJCT") && !tx->end_to_end)
			broken("a rejected transaction without end-to-end id");
		if (tx->has_amount && (strlen(tx->currency) != 3 || dec_sgn(&tx->amount) < 0))
			broken("an amount without currency, or negative");
		touch(out, tx->end_to_end);
		touch(out, tx->status);
		touch(out, tx->reason);
		if (tx->has_amount)
			dec_format_plain(out, &tx->amount, 0);
	}
	if (!pain002_sniff((const char *)data, size))
		broken("a report the reader takes does not sniff as one");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT;
	struct pain002 *p = NULL;
	d.max_errors = 100;
	int rc = pain002_read_memory(&p, "fuzz.xml", (const char *)data, size, &d);
	if ((rc == 0) != (d.nerrors == 0)) {
		fprintf(stderr, "fuzz_pain002: read returned %d with %zu errors\n", rc, d.nerrors);
		abort();
	}
	if (rc != 0 && (rc != CLERK_EPARSE || p))
		broken("a failed read returns something other than CLERK_EPARSE and no report");
	if (p)
		check_report(p, data, size, &out);
	diag_sort(&d);
	diag_format(&out, &d);
	pain002_free(p);
	strbuf_release(&out);
	diag_release(&d);
	return 0;
}
