/*
 * fuzz_journal.c - libFuzzer target for the journal reader.
 *
 * The input is a whole journal file. It is loaded from memory (includes are
 * rejected there), checked twice (default options, then --strict into a
 * separate sink), reported on (trial balance, registers) and its diagnostics
 * are formatted, so that every stage that the CLI runs after parsing sees
 * fuzzed data. Then everything is freed: the fuzzer's LeakSanitizer and the
 * replay under valgrind/ASan see any leak.
 *
 * Invariant (abort() when broken, a real bug): when loading and checking
 * found no error, every transaction balanced, so for each commodity the sum
 * over all accounts in the trial balance is zero - except for commodities
 * that take part in a cost ('@'/'@@'), where the posting's own commodity and
 * the cost commodity are deliberately left unbalanced against each other.
 *
 * Built as a libFuzzer binary with --enable-fuzzers, otherwise linked with
 * replay.c to run the committed corpus under `make check`.
 */
#include "compat.h"
#include "diag.h"
#include "journal.h"
#include "report.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* at most this many accounts get a register report (keeps each run fast) */
#define MAX_REGISTERS 8
/* diagnostics kept per sink (see below) */
#define MAX_DIAGS 1000

static NORETURN void invariant_failed(const struct journal *j, const struct balance_report *r,
				      uint32_t commodity)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < r->ntotals; i++) {
		strbuf_addf(&sb, "  total '%s': ",
			    commodity_symbol(&j->commodities, r->totals[i].commodity));
		dec_format_plain(&sb, &r->totals[i].amount, 0);
		strbuf_addch(&sb, '\n');
	}
	fprintf(stderr,
		"fuzz_journal: invariant broken: the journal loaded and checked without errors, "
		"but commodity '%s' does not sum to zero over all accounts (no cost involved)\n%s",
		commodity_symbol(&j->commodities, commodity), sb.buf);
	strbuf_release(&sb);
	abort();
}

/*
 * Aborts unless every commodity that no cost touches totals zero. Totals
 * hold only the non-zero sums, so any total outside the cost set is a bug.
 */
static void check_balanced(const struct journal *j, const struct balance_report *r)
{
	bool *in_cost = xcalloc(j->commodities.n ? j->commodities.n : 1, sizeof(*in_cost));
	for (size_t i = 0; i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		if (!(p->flags & POSTING_COST))
			continue;
		in_cost[p->commodity] = true;
		in_cost[j->aux.v[j->extras.v[p->extra].aux].cost_commodity] = true;
	}
	for (size_t i = 0; i < r->ntotals; i++) {
		if (!dec_is_zero(&r->totals[i].amount) && !in_cost[r->totals[i].commodity]) {
			free(in_cost);
			invariant_failed(j, r, r->totals[i].commodity);
		}
	}
	free(in_cost);
}

/* Formats the report rows the way `clerk balance` does. */
static void format_balance(struct strbuf *out, const struct journal *j,
			   const struct balance_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		strbuf_addstr(out, journal_account_name(j, r->rows[i].account));
		strbuf_addch(out, '\t');
		amount_format(out, &j->commodities, r->rows[i].commodity, &r->rows[i].amount);
		strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < r->ntotals; i++) {
		amount_format(out, &j->commodities, r->totals[i].commodity, &r->totals[i].amount);
		strbuf_addch(out, '\n');
	}
}

static void exercise_registers(struct strbuf *out, const struct journal *j)
{
	size_t n = j->accounts.n < MAX_REGISTERS ? j->accounts.n : MAX_REGISTERS;
	for (size_t a = 0; a < n; a++) {
		struct register_report reg = REGISTER_REPORT_INIT;
		report_register(&reg, j, (uint32_t)a, NULL);
		for (size_t i = 0; i < reg.n; i++) {
			const struct posting *p = &j->postings.v[reg.rows[i].posting];
			amount_format(out, &j->commodities, p->commodity, &reg.rows[i].balance);
			strbuf_addch(out, '\n');
		}
		register_report_release(&reg);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal *j = journal_new();
	struct diag d = DIAG_INIT, strict_d = DIAG_INIT;
	struct journal_check_options strict = JOURNAL_CHECK_OPTIONS_INIT;
	struct balance_report rep = BALANCE_REPORT_INIT;
	struct balance_options all = BALANCE_OPTIONS_INIT;
	struct strbuf out = STRBUF_INIT;
	int load_rc, check_rc, strict_rc;
	size_t load_errors;

	/*
	 * Keep at most MAX_DIAGS diagnostics, as the commands do (the rest are
	 * only counted, which exercises that path too).
	 */
	d.max_errors = MAX_DIAGS;
	strict_d.max_errors = MAX_DIAGS;
	load_rc = journal_load_buffer(j, "fuzz.journal", (const char *)data, size, NULL, &d);
	if ((load_rc == 0) != (d.nerrors == 0)) {
		fprintf(stderr, "fuzz_journal: journal_load_buffer returned %d with %zu errors\n",
			load_rc, d.nerrors);
		abort();
	}
	/* the CLI checks only loaded books; the checks must cope with partial ones too */
	load_errors = d.nerrors;
	check_rc = journal_check(j, NULL, &d);
	if ((check_rc == 0) != (d.nerrors == load_errors)) {
		fprintf(stderr, "fuzz_journal: journal_check returned %d after %zu new errors\n",
			check_rc, d.nerrors - load_errors);
		abort();
	}

	report_balance(&rep, j, NULL);
	if (load_rc == 0 && check_rc == 0 && d.nerrors == 0)
		check_balanced(j, &rep);
	format_balance(&out, j, &rep);
	balance_report_release(&rep);
	all.empty = true;
	report_balance(&rep, j, &all);
	format_balance(&out, j, &rep);
	exercise_registers(&out, j);

	strict.strict = true;
	strict.strict_batch = true;
	strict_rc = journal_check(j, &strict, &strict_d);
	if ((strict_rc == 0) != (strict_d.nerrors == 0)) {
		fprintf(stderr, "fuzz_journal: journal_check returned %d with %zu errors\n", strict_rc,
			strict_d.nerrors);
		abort();
	}

	diag_sort(&d);
	diag_format(&out, &d);
	diag_format(&out, &strict_d);

	balance_report_release(&rep);
	strbuf_release(&out);
	diag_release(&d);
	diag_release(&strict_d);
	journal_free(j);
	return 0;
}
