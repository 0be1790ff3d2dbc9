/*
 * open.c - `clerk open`: the open items (invoices, bills) as of a date,
 * with the unapplied money per party account (formats/open-items.md).
 */
#include "compat.h"
#include "util/utf8.h"
#include "cmd.h"
#include "openitems.h"
#include "render.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"usage: clerk open -f BOOKS [--date DATE] [--payables|--all] [--closed] [-O text|csv|json]\n\n"
	"Open items: the invoices (receivables) or bills (payables) on party accounts\n"
	"that are not settled as of DATE, with what each was opened for and what\n"
	"remains, plus the unapplied money (payments on account, credits) per party\n"
	"account and currency. Amounts are positive for what is owed (to us for\n"
	"receivables, by us for payables). The rows of a party add up to its\n"
	"account balance on DATE (negated for payables).\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"  -d, --date DATE      only postings dated on or before DATE (YYYY-MM-DD);\n"
	"                       default: today, said on standard error (docs/dates.md)\n"
	"  -p, --payables       vendor bills instead of customer invoices\n"
	"  -a, --all            both receivables and payables\n"
	"  -c, --closed         also list settled items (open 0)\n"
	"  -O, --output FORMAT  text (default), csv or json: party,account,invoice,date,due,\n"
	"                       currency,amount,open,kind,days_past_due,discount_until,\n"
	"                       discount_percent,ref,dispute\n";

enum { COL_PARTY, COL_INVOICE, COL_DATE, COL_DUE, COL_DAYS, COL_AMOUNT, COL_OPEN, COL_NOTE, NCOL };

static const char *const headings[NCOL] = { "Party", "Invoice", "Date", "Due",
					    "Days", "Amount", "Open", "Note" };
static const bool right_aligned[NCOL] = { false, false, false, false, true, true, true, false };

struct out_ctx {
	const struct journal *j;
	const struct openitems *oi;
	clerk_date as_of;
	enum output_format fmt;
	bool measure;      /* text: first pass, only column widths */
	size_t w[NCOL];
	struct strbuf *out;
	struct strbuf cell[NCOL];
	struct dec *totals; /* per side (receivable, payable) and commodity id: sum of open */
	bool *seen;
};


/* A text row: measured on the first pass, written on the second. */
static void text_line(struct out_ctx *c, const char *const cells[NCOL])
{
	if (c->measure)
		render_widen(c->w, cells, NCOL);
	else
		render_row(c->out, cells, c->w, right_aligned, NCOL);
}


static void add_amount(struct out_ctx *c, struct strbuf *sb, uint32_t commodity, const struct dec *v)
{
	if (c->fmt == OUTPUT_CSV)
		dec_format_plain(sb, v, c->j->commodities.v[commodity].precision);
	else
		amount_format(sb, &c->j->commodities, commodity, v);
}

/*
 * One output row. invoice/date/due may be NULL/DATE_NONE; kind is "item",
 * "unknown-invoice" or "unapplied".
 */
static void row(struct out_ctx *c, const struct openitems_party *party, uint32_t commodity,
		const char *kind, const char *invoice, clerk_date date, clerk_date due,
		const struct dec *amount, const struct dec *open, const struct openitem *it)
{
	const struct journal *j = c->j;
	for (int k = 0; k < NCOL; k++)
		strbuf_reset(&c->cell[k]);
	if (c->measure) { /* text, first pass: the totals per side and currency */
		size_t slot = (party->role == ROLE_PAYABLE ? j->commodities.n : 0) + commodity;
		if (!c->seen[slot]) {
			c->seen[slot] = true;
			dec_init(&c->totals[slot]);
		}
		dec_add(&c->totals[slot], &c->totals[slot], open);
	}
	bool days = it && c->as_of != DATE_NONE && dec_sgn(open) > 0;
	if (c->fmt == OUTPUT_CSV) {
		struct strbuf *o = c->out;
		strbuf_addcsv(o, party->name);
		strbuf_addch(o, ',');
		strbuf_addcsv(o, journal_account_name(j, party->account));
		strbuf_addch(o, ',');
		strbuf_addcsv(o, invoice ? invoice : "");
		strbuf_addch(o, ',');
		date_append(o, date);
		strbuf_addch(o, ',');
		date_append(o, due);
		strbuf_addch(o, ',');
		strbuf_addcsv(o, commodity_symbol(&j->commodities, commodity));
		strbuf_addch(o, ',');
		add_amount(c, o, commodity, amount);
		strbuf_addch(o, ',');
		add_amount(c, o, commodity, open);
		strbuf_addf(o, ",%s,", kind);
		if (days)
			strbuf_addf(o, "%ld", (long)c->as_of - (long)it->due);
		strbuf_addch(o, ',');
		if (it) {
			date_append(o, it->discount_until);
			strbuf_addch(o, ',');
			if (it->discount_pct)
				dec_format_plain(o, it->discount_pct, 0);
			strbuf_addch(o, ',');
			strbuf_addcsv(o, it->ref ? it->ref : "");
			strbuf_addch(o, ',');
			strbuf_addcsv(o, it->dispute ? it->dispute : "");
		} else {
			strbuf_addstr(o, ",,,");
		}
		strbuf_addch(o, '\n');
		return;
	}
	strbuf_addstr(&c->cell[COL_PARTY], party->name);
	if (invoice)
		strbuf_addstr(&c->cell[COL_INVOICE], invoice);
	date_append(&c->cell[COL_DATE], date);
	date_append(&c->cell[COL_DUE], due);
	if (days)
		strbuf_addf(&c->cell[COL_DAYS], "%ld", (long)c->as_of - (long)it->due);
	add_amount(c, &c->cell[COL_AMOUNT], commodity, amount);
	add_amount(c, &c->cell[COL_OPEN], commodity, open);
	struct strbuf *note = &c->cell[COL_NOTE];
	if (!it) {
		strbuf_addstr(note, strcmp(kind, "unapplied") ? "unknown invoice" : "unapplied");
	} else {
		if (dec_sgn(open) < 0)
			strbuf_addstr(note, "credit");
		if (it->dispute) {
			if (note->len)
				strbuf_addstr(note, "; ");
			strbuf_addf(note, "disputed: %s", it->dispute);
		}
	}
	const char *cells[NCOL];
	for (int k = 0; k < NCOL; k++)
		cells[k] = c->cell[k].buf;
	text_line(c, cells);
}

/* All rows, party by party: items, then unknown invoices, then unapplied money. */
static void walk(struct out_ctx *c)
{
	const struct openitems *oi = c->oi;
	size_t ni = openitems_count(oi), nk = openitems_unknown_count(oi),
	       nu = openitems_unapplied_count(oi);
	size_t i = 0, k = 0, u = 0;
	for (size_t p = 0; p < openitems_party_count(oi); p++) {
		const struct openitems_party *party = openitems_party(oi, p);
		for (; i < ni && openitems_item(oi, i)->party == p; i++) {
			const struct openitem *it = openitems_item(oi, i);
			row(c, party, it->commodity, "item", it->invoice, it->date, it->due, &it->amount,
			    &it->open, it);
		}
		for (; k < nk && openitems_unknown(oi, k)->party == p; k++) {
			const struct openitems_unknown *x = openitems_unknown(oi, k);
			row(c, party, x->commodity, "unknown-invoice", x->invoice, x->date, DATE_NONE,
			    &x->amount, &x->amount, NULL);
		}
		for (; u < nu && openitems_unapplied(oi, u)->party == p; u++) {
			const struct openitems_unapplied *x = openitems_unapplied(oi, u);
			if (dec_is_zero(&x->on_account) && !dec_is_zero(&x->unknown))
				continue; /* only unknown invoices, listed above */
			row(c, party, x->commodity, "unapplied", NULL, DATE_NONE, DATE_NONE,
			    &x->on_account, &x->on_account, NULL);
		}
	}
}

/*
 * Text: a header, the rows, a rule and the totals of `open` per currency
 * (per side and currency with --all: what is owed to us and what we owe
 * are not added up).
 */
static void format_text(struct out_ctx *c, bool both)
{
	const struct journal *j = c->j;
	size_t ncom = j->commodities.n, nslots = 2 * ncom;
	struct strbuf *amt = xcalloc(nslots ? nslots : 1, sizeof(*amt));
	uint32_t *order = xmalloc(st_mult(nslots ? nslots : 1, sizeof(*order)));
	const char **label = xcalloc(nslots ? nslots : 1, sizeof(*label));
	size_t nt = 0;
	c->measure = true;
	for (int k = 0; k < NCOL; k++)
		c->w[k] = utf8_width(headings[k]);
	walk(c);
	/* totals: receivables first, then by currency symbol; they must fit the columns too */
	for (size_t side = 0; side < 2; side++) {
		size_t first = nt;
		for (size_t i = 0; i < ncom; i++)
			if (c->seen[side * ncom + i])
				order[nt++] = (uint32_t)(side * ncom + i);
		for (size_t a = first + 1; a < nt; a++)
			for (size_t b = a; b > first &&
					   strcmp(commodity_symbol(&j->commodities, order[b - 1] % ncom),
						  commodity_symbol(&j->commodities, order[b] % ncom)) > 0;
			     b--) {
				uint32_t x = order[b];
				order[b] = order[b - 1];
				order[b - 1] = x;
			}
		if (nt > first)
			label[first] = !both ? "Total" : side ? "Total payables" : "Total receivables";
	}
	for (size_t t = 0; t < nt; t++) {
		strbuf_init(&amt[t], 0);
		amount_format(&amt[t], &j->commodities, order[t] % ncom, &c->totals[order[t]]);
		const char *cells[NCOL] = { label[t] ? label[t] : "", "", "", "", "", "", amt[t].buf, "" };
		text_line(c, cells);
	}
	c->measure = false;
	text_line(c, headings);
	walk(c);
	size_t total_w = 0;
	for (int k = 0; k < NCOL - 1; k++)
		total_w += c->w[k] + 2;
	total_w += c->w[NCOL - 1];
	strbuf_addchars(c->out, '-', total_w);
	strbuf_addch(c->out, '\n');
	for (size_t t = 0; t < nt; t++) {
		const char *cells[NCOL] = { label[t] ? label[t] : "", "", "", "", "", "", amt[t].buf, "" };
		text_line(c, cells);
		strbuf_release(&amt[t]);
	}
	if (!nt) {
		const char *cells[NCOL] = { "Total", "", "", "", "", "", "0", "" };
		text_line(c, cells);
	}
	free(label);
	free(amt);
	free(order);
}

int cmd_open(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },   { "date", required_argument, NULL, 'd' },
		{ "payables", no_argument, NULL, 'p' },	    { "all", no_argument, NULL, 'a' },
		{ "closed", no_argument, NULL, 'c' },	    { "output", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },	    { NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	enum output_format fmt = OUTPUT_TEXT;
	bool json = false;
	bool payables = false, all = false;
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:d:pacO:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'd':
			if ((rc = cmd_parse_date("open", optarg, &oo.as_of)))
				return rc;
			break;
		case 'p':
			payables = true;
			break;
		case 'a':
			all = true;
			break;
		case 'c':
			oo.include_closed = true;
			break;
		case 'O':
			if (cmd_parse_table_format(optarg, &fmt, &json))
				return cmd_usage_error("open", "unknown output format '%s'", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("open", argv, "f:d:O:");
		}
	}
	if (optind < argc)
		return cmd_usage_error("open", "unexpected argument '%s'", argv[optind]);
	if (payables && all)
		return cmd_usage_error("open", "give either --payables or --all, not both");
	oo.side = all ? OPENITEMS_BOTH : payables ? OPENITEMS_PAYABLES : OPENITEMS_RECEIVABLES;
	if ((rc = cmd_books_path("open", &file)))
		return rc;
	bool defaulted = oo.as_of == DATE_NONE;
	if (defaulted && (rc = cmd_today("open", &oo.as_of)))
		return rc;
	struct journal *j;
	rc = cmd_load_books(&j, file, false);
	if (rc)
		return rc;
	cmd_say_date("open", oo.as_of, defaulted, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	struct openitems *oi = NULL;
	int error = openitems_compute(&oi, j, &oo);
	if (error) {
		rc = cmd_fail(error);
		journal_free(j);
		return rc;
	}
	struct strbuf out = STRBUF_INIT;
	struct out_ctx ctx = { 0 };
	ctx.j = j;
	ctx.oi = oi;
	ctx.as_of = oo.as_of;
	ctx.fmt = fmt;
	ctx.out = &out;
	for (int k = 0; k < NCOL; k++)
		strbuf_init(&ctx.cell[k], 0);
	ctx.totals = xcalloc(j->commodities.n ? 2 * j->commodities.n : 1, sizeof(*ctx.totals));
	ctx.seen = xcalloc(j->commodities.n ? 2 * j->commodities.n : 1, sizeof(*ctx.seen));
	if (fmt == OUTPUT_CSV) {
		strbuf_addstr(&out, "party,account,invoice,date,due,currency,amount,open,kind,"
				    "days_past_due,discount_until,discount_percent,ref,dispute\n");
		walk(&ctx);
	} else {
		format_text(&ctx, oo.side == OPENITEMS_BOTH);
	}
	if (cmd_write_table(&out, json))
		rc = EXIT_IO;
	for (size_t i = 0; i < 2 * j->commodities.n; i++)
		if (ctx.seen[i])
			dec_clear(&ctx.totals[i]);
	free(ctx.totals);
	free(ctx.seen);
	for (int k = 0; k < NCOL; k++)
		strbuf_release(&ctx.cell[k]);
	strbuf_release(&out);
	openitems_free(oi);
	journal_free(j);
	return rc;
}
