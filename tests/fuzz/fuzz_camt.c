/*
 * fuzz_camt.c - libFuzzer target for the camt.052/053/054 reader.
 *
 * The input is a whole file, read with camt_read_memory() (the same reader
 * as camt_read_file(), fed from memory). The callbacks touch every field of
 * every statement, entry and transaction detail (formatting amounts and
 * dates, calling the helpers), and the diagnostics are formatted, so that
 * ASan sees any dangling or uninitialised pointer handed out; then
 * everything is freed and LeakSanitizer checks the per-entry and
 * per-statement release.
 *
 * Invariants (abort() when broken, a real bug):
 *   - camt_read_memory returns 0 exactly when it reported no error;
 *   - an entry passed to the callback has an amount, a currency, a
 *     direction (CRDT or DBIT) and a non-negative value; its index follows
 *     the previous one's; its transaction details have lines;
 *   - at statement_end, nentries counts at least the entries passed, the
 *     booked sums equal the sums of the booked entries passed (when the
 *     statement had no error), and nbooked <= nentries;
 *   - statement_begin comes once per statement, before its entries, and
 *     statement_end after them.
 *
 * Built as a libFuzzer binary with --enable-fuzzers, otherwise linked with
 * replay.c to run the committed corpus under `make check`.
 */
#include "compat.h"
#include "camt.h"
#include "diag.h"
#include "error.h"
#include "util/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_state {
	struct strbuf out;
	bool in_statement;
	size_t statement_index, last_entry, entries_seen, booked_seen;
	struct dec credits, debits;
};

static NORETURN void broken(const char *what)
{
	fprintf(stderr, "fuzz_camt: invariant broken: %s\n", what);
	abort();
}

static void touch_str(struct strbuf *out, const char *s)
{
	if (s) {
		strbuf_addstr(out, s);
		strbuf_addch(out, '|');
	}
}

static void touch_amount(struct strbuf *out, const struct camt_amount *a)
{
	if (!a->present)
		return;
	if (strlen(a->currency) != 3)
		broken("an amount's currency is not three letters");
	if (dec_sgn(&a->value) < 0)
		broken("a camt amount is negative");
	dec_format_plain(out, &a->value, 0);
	strbuf_addstr(out, a->currency);
}

static void touch_date(struct strbuf *out, clerk_date d)
{
	char buf[11];
	if (d == DATE_NONE)
		return;
	date_format(d, buf);
	strbuf_addstr(out, buf);
}

static void touch_charges(struct strbuf *out, const struct camt_charges *c)
{
	touch_amount(out, &c->total);
	for (size_t i = 0; i < c->nrecords; i++) {
		touch_amount(out, &c->records[i].amount);
		touch_str(out, c->records[i].type);
		strbuf_addf(out, "%d%d", (int)c->records[i].cdi, c->records[i].included);
	}
}

static void touch_bktx(struct strbuf *out, const struct camt_bank_tx_code *b)
{
	touch_str(out, b->domain);
	touch_str(out, b->family);
	touch_str(out, b->subfamily);
	touch_str(out, b->proprietary);
	touch_str(out, b->issuer);
}

static void touch_details(struct strbuf *out, const struct camt_amount_details *d)
{
	const struct camt_amount_detail *all[] = { &d->instructed, &d->transaction,
						   &d->counter_value };
	for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
		touch_amount(out, &all[i]->amount);
		strbuf_addf(out, "%s%s%s", all[i]->fx.source, all[i]->fx.target, all[i]->fx.unit);
		touch_str(out, all[i]->fx.rate);
	}
}

static void touch_party(struct strbuf *out, const struct camt_party *p)
{
	touch_str(out, p->name);
	touch_str(out, p->iban);
	touch_str(out, p->other);
}

static void touch_statement(struct strbuf *out, const struct camt_statement *st)
{
	touch_str(out, st->file);
	strbuf_addf(out, "%s%d%zu%u", camt_kind_name(st->kind), st->version, st->index, st->line);
	touch_str(out, st->msg_id);
	touch_str(out, st->id);
	touch_str(out, st->electronic_seq);
	touch_str(out, st->legal_seq);
	touch_str(out, st->created);
	touch_date(out, st->from);
	touch_date(out, st->to);
	touch_str(out, st->account_iban);
	touch_str(out, st->account_other);
	touch_str(out, st->account);
	strbuf_addstr(out, st->currency);
	for (size_t i = 0; i < st->nbalances; i++) {
		const struct camt_balance *b = &st->balances[i];
		touch_str(out, b->type);
		touch_str(out, b->proprietary);
		if (b->amount.present)
			dec_format_plain(out, &b->amount.value, 0); /* signed */
		touch_date(out, b->date);
	}
}

static int on_begin(const struct camt_statement *st, void *ctx)
{
	struct fuzz_state *s = ctx;
	if (s->in_statement)
		broken("statement_begin twice");
	if (st->index != s->statement_index + 1)
		broken("statement index does not follow");
	s->in_statement = true;
	s->statement_index = st->index;
	s->last_entry = s->entries_seen = s->booked_seen = 0;
	dec_set_i64(&s->credits, 0, 0);
	dec_set_i64(&s->debits, 0, 0);
	touch_statement(&s->out, st);
	return 0;
}

static int on_entry(const struct camt_statement *st, const struct camt_entry *e, void *ctx)
{
	struct fuzz_state *s = ctx;
	if (!s->in_statement || st->index != s->statement_index)
		broken("entry outside its statement");
	if (!e->amount.present || (e->cdi != CAMT_CREDIT && e->cdi != CAMT_DEBIT))
		broken("an entry without amount or direction was passed on");
	if (e->index <= s->last_entry || e->index > st->nentries)
		broken("entry index out of order");
	s->last_entry = e->index;
	s->entries_seen++;
	if (e->booked) {
		struct dec *sum = e->cdi == CAMT_CREDIT ? &s->credits : &s->debits;
		dec_add(sum, sum, &e->amount.value);
		s->booked_seen++;
	}
	touch_amount(&s->out, &e->amount);
	touch_str(&s->out, e->status);
	touch_date(&s->out, e->booking_date);
	touch_date(&s->out, e->value_date);
	touch_str(&s->out, e->acct_svcr_ref);
	touch_bktx(&s->out, &e->bank_tx_code);
	touch_charges(&s->out, &e->charges);
	touch_details(&s->out, &e->amount_details);
	touch_str(&s->out, e->batch_msg_id);
	touch_str(&s->out, e->batch_pmt_inf_id);
	touch_str(&s->out, e->batch_nb_of_txs);
	touch_str(&s->out, e->additional_info);
	for (size_t i = 0; i < e->ntxs; i++) {
		const struct camt_tx *t = &e->txs[i];
		const struct camt_amount *a = camt_tx_amount(e, t);
		if (!t->line)
			broken("a transaction detail without line");
		if (a)
			touch_amount(&s->out, a);
		strbuf_addf(&s->out, "%d", (int)camt_tx_cdi(e, t));
		touch_amount(&s->out, &t->amount);
		touch_details(&s->out, &t->amount_details);
		touch_str(&s->out, t->refs.msg_id);
		touch_str(&s->out, t->refs.acct_svcr_ref);
		touch_str(&s->out, t->refs.pmt_inf_id);
		touch_str(&s->out, t->refs.instr_id);
		touch_str(&s->out, t->refs.end_to_end_id);
		touch_str(&s->out, t->refs.tx_id);
		touch_str(&s->out, t->refs.uetr);
		touch_str(&s->out, t->refs.mandate_id);
		touch_str(&s->out, t->refs.cheque_nb);
		touch_str(&s->out, t->refs.clr_sys_ref);
		touch_party(&s->out, &t->debtor);
		touch_party(&s->out, &t->creditor);
		touch_party(&s->out, &t->ultimate_debtor);
		touch_party(&s->out, &t->ultimate_creditor);
		for (size_t k = 0; k < t->nunstructured; k++)
			touch_str(&s->out, t->unstructured[k]);
		for (size_t k = 0; k < t->ncreditor_refs; k++) {
			touch_str(&s->out, t->creditor_refs[k].ref);
			touch_str(&s->out, t->creditor_refs[k].type);
			touch_str(&s->out, t->creditor_refs[k].issuer);
		}
		for (size_t k = 0; k < t->nreferred_docs; k++)
			touch_str(&s->out, t->referred_docs[k]);
		touch_str(&s->out, t->return_reason);
		touch_str(&s->out, t->additional_info);
		touch_bktx(&s->out, &t->bank_tx_code);
		touch_charges(&s->out, &t->charges);
	}
	/* keep the buffer small: only the reads matter */
	if (s->out.len > 65536)
		strbuf_reset(&s->out);
	return 0;
}

static int on_end(const struct camt_statement *st, void *ctx)
{
	struct fuzz_state *s = ctx;
	if (!s->in_statement || st->index != s->statement_index)
		broken("statement_end without statement_begin");
	if (st->nentries < s->entries_seen || st->nbooked > st->nentries)
		broken("entry counts");
	if (st->nerrors == 0 &&
	    (st->nbooked != s->booked_seen || dec_cmp(&st->booked_credits, &s->credits) ||
	     dec_cmp(&st->booked_debits, &s->debits)))
		broken("booked sums differ from the booked entries passed");
	touch_statement(&s->out, st);
	const struct camt_balance *o = camt_opening(st), *c = camt_closing(st);
	strbuf_addf(&s->out, "%d%d%d", o != NULL, c != NULL, (int)camt_balanced(st));
	s->in_statement = false;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct camt_handler handler = { on_begin, on_entry, on_end };
	struct fuzz_state s = { STRBUF_INIT, false, 0, 0, 0, 0, DEC_INIT, DEC_INIT };
	struct diag d = DIAG_INIT;
	int rc;

	d.max_errors = 100;
	rc = camt_read_memory("fuzz.xml", (const char *)data, size, &handler, &s, &d);
	if ((rc == 0) != (d.nerrors == 0)) {
		fprintf(stderr, "fuzz_camt: camt_read_memory returned %d with %zu errors\n", rc,
			d.nerrors);
		abort();
	}
	if (rc != 0 && rc != CLERK_EPARSE) {
		fprintf(stderr, "fuzz_camt: unexpected result %d\n", rc);
		abort();
	}
	diag_sort(&d);
	diag_format(&s.out, &d);
	strbuf_release(&s.out);
	dec_clear(&s.credits);
	dec_clear(&s.debits);
	diag_release(&d);
	return 0;
}
