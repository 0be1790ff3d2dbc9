/*
 * cmd/camt.c - `clerk camt`: list what Clerk reads from ISO 20022 bank
 * statements (camt.052/053/054), one row per transaction, or one row per
 * statement with --summary. Columns: formats/camt.md.
 */
#include "compat.h"
#include "camt.h"
#include "cmd.h"
#include "currency.h"
#include "error.h"
#include "fsutil.h"
#include "json.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
	"usage: clerk camt [--summary] [-O text|csv|json] [-o OUT] FILE...\n\n"
	"Reads ISO 20022 bank statements (camt.052 account reports, camt.053 statements,\n"
	"camt.054 notifications; schema versions 001.01 to 001.13) and lists what was read:\n"
	"one row per transaction detail (an entry without details is one row), or with\n"
	"--summary one row per statement with its balances, the sums of its booked entries\n"
	"and whether they agree. Amounts are exact; debits are negative.\n\n"
	"      --summary        one row per statement\n"
	"  -O, --output FORMAT  text (default), csv (columns: formats/camt.md) or json\n"
	"                       (the CSV's rows as objects, formats/json.md)\n"
	"  -o, --out OUT        write the listing to the file OUT (atomically, mode 0644;\n"
	"                       never one of the statements) instead of standard output\n\n"
	"Every file is read. Errors are reported as FILE:LINE: error: ...; a statement\n"
	"or entry with an error is left out of the output, the rest is listed.\n"
	"Exit status: 0 all files read, 1 a file had errors, 2 usage (also -o naming a\n"
	"folder or one of the statements), 3 a file could not be read or OUT not written.\n";

/* Output is flushed to stdout in pieces of about this size. */
#define FLUSH_AT 65536

static const char detail_header[] =
	"file,statement_id,account,entry,booking_date,value_date,status,amount,currency,"
	"credit_debit,reversal,acct_svcr_ref,end_to_end_id,counterparty,counterparty_iban,"
	"remittance,creditor_ref,bank_tx_code,tx,entry_amount,instructed_amount,"
	"instructed_currency,exchange_rate,charges,return_reason,batch_pmt_inf_id,instr_id,uetr,"
	"tx_acct_svcr_ref,additional_info\n";

static const char summary_header[] =
	"file,statement_id,account,currency,seq,from,to,opening,closing,entries,credits,debits,"
	"balanced,kind,booked_entries,legal_seq\n";

struct camt_cmd {
	enum output_format fmt;
	bool summary;
	const char *base; /* base name of the current file */
	struct strbuf out;
	bool write_failed;
	struct json_table *json; /* -O json: the CSV is written as JSON */
	const char *path;	  /* -o OUT: the listing is kept in saved and written at the end */
	struct strbuf saved;
	char first_ccy[4]; /* currency of the statement's first booked entry */
};

/* Writes bytes to stdout unless a write failed before. */
static void write_out(struct camt_cmd *c, const struct strbuf *bytes)
{
	if (c->path)
		strbuf_add(&c->saved, bytes->buf, bytes->len);
	else if (!c->write_failed && cmd_write_stdout(bytes))
		c->write_failed = true;
}

/* -o OUT: refuses a folder and one of the statements (exit 2) before anything is read. */
static int check_out(const char *path, char **files, int n)
{
	struct strbuf canon = STRBUF_INIT, other = STRBUF_INIT;
	struct stat st;
	int rc = EXIT_OK;
	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "clerk: error: refusing to write to '%s': it is a folder; nothing was done\n",
			path);
		return EXIT_USAGE;
	}
	if (fsutil_canonical(&canon, path))
		rc = cmd_fail(CLERK_EIO);
	for (int i = 0; !rc && i < n; i++) {
		strbuf_reset(&other);
		if (!fsutil_canonical(&other, files[i]) && !strcmp(canon.buf, other.buf)) {
			fprintf(stderr, "clerk: error: refusing to write to '%s': it is one of the "
					"statements; nothing was done\n", path);
			rc = EXIT_USAGE;
		}
	}
	clerk_error_clear();
	strbuf_release(&canon);
	strbuf_release(&other);
	return rc;
}

/* Writes the rows gathered (whole rows: flushed after each entry and statement). */
static void flush(struct camt_cmd *c, bool force)
{
	struct strbuf js = STRBUF_INIT;
	if (c->out.len < FLUSH_AT && !force)
		return;
	if (!c->json) {
		write_out(c, &c->out);
	} else if (!c->write_failed && json_table_add(c->json, &js, c->out.buf, c->out.len)) {
		fprintf(stderr, "clerk: error: %s (a bug: the CSV cannot be written as JSON)\n",
			clerk_error_last()->message);
		clerk_error_clear();
		c->write_failed = true;
	} else {
		write_out(c, &js);
	}
	strbuf_release(&js);
	strbuf_reset(&c->out);
}

/* The end of the output: the JSON array's close. */
static void finish(struct camt_cmd *c)
{
	struct strbuf js = STRBUF_INIT;
	flush(c, true);
	if (c->json && !c->write_failed) {
		json_table_end(c->json, &js);
		write_out(c, &js);
	}
	strbuf_release(&js);
}

/* -o OUT: the listing kept, written atomically; sets write_failed when it cannot be. */
static void write_file(struct camt_cmd *c)
{
	int error;
	if (!c->path || c->write_failed)
		return;
	if ((error = fsutil_write_atomic(c->path, c->saved.buf, c->saved.len, 0644, "output"))) {
		fprintf(stderr, "clerk: error: %s\n", clerk_error_last()->message);
		clerk_error_clear();
		c->write_failed = true;
	}
}

static int scale_of(const char *ccy)
{
	const struct currency *cur = ccy && *ccy ? currency_find(ccy) : NULL;
	return cur && cur->exponent > 0 ? cur->exponent : 0;
}

/* a value, negated for debits */
static void add_signed(struct strbuf *out, const struct dec *v, enum camt_cdi cdi, const char *ccy)
{
	struct dec s = DEC_INIT;
	if (cdi == CAMT_DEBIT)
		dec_neg(&s, v);
	else
		dec_set(&s, v);
	dec_format_plain(out, &s, scale_of(ccy));
	dec_clear(&s);
}


/* text for one CSV field or a text column: NULL is empty */
static void add_field(struct camt_cmd *c, const char *s)
{
	if (!s)
		s = "";
	/* one line per row: line breaks and other control characters become spaces */
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			struct strbuf clean = STRBUF_INIT;
			for (p = s; *p; p++)
				strbuf_addch(&clean, (unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p);
			add_field(c, clean.buf);
			strbuf_release(&clean);
			return;
		}
	if (c->fmt == OUTPUT_CSV)
		strbuf_addcsv(&c->out, s);
	else
		strbuf_addstr(&c->out, s);
}

static const char *cdi_name(enum camt_cdi cdi)
{
	return cdi == CAMT_CREDIT ? "CRDT" : cdi == CAMT_DEBIT ? "DBIT" : "";
}

static void add_bank_tx_code(struct strbuf *sb, const struct camt_bank_tx_code *b)
{
	if (b->domain) {
		strbuf_addstr(sb, b->domain);
		if (b->family)
			strbuf_addf(sb, "/%s", b->family);
		if (b->subfamily)
			strbuf_addf(sb, "/%s", b->subfamily);
	} else if (b->proprietary) {
		strbuf_addstr(sb, b->proprietary);
	}
}

static bool has_bank_tx_code(const struct camt_bank_tx_code *b)
{
	return b->domain || b->proprietary;
}

/* The sum of the charge records (or the total), in the first record's currency. */
static void add_charges(struct strbuf *sb, const struct camt_charges *ch)
{
	if (ch->total.present) {
		dec_format_plain(sb, &ch->total.value, scale_of(ch->total.currency));
		return;
	}
	if (!ch->nrecords)
		return;
	struct dec sum = DEC_INIT;
	const char *ccy = NULL;
	for (size_t i = 0; i < ch->nrecords; i++) {
		if (!ch->records[i].amount.present)
			continue;
		if (!ccy)
			ccy = ch->records[i].amount.currency;
		dec_add(&sum, &sum, &ch->records[i].amount.value);
	}
	if (ccy)
		dec_format_plain(sb, &sum, scale_of(ccy));
	dec_clear(&sum);
}

static const char *first_rate(const struct camt_amount_details *d)
{
	if (d->transaction.fx.rate)
		return d->transaction.fx.rate;
	if (d->instructed.fx.rate)
		return d->instructed.fx.rate;
	return d->counter_value.fx.rate;
}

/* One row: for detail tx of e, or for e alone when tx is NULL. */
static void detail_row(struct camt_cmd *c, const struct camt_statement *st,
		       const struct camt_entry *e, const struct camt_tx *tx, size_t txno)
{
	struct strbuf f = STRBUF_INIT;
	const struct camt_amount *amt = tx ? camt_tx_amount(e, tx) : &e->amount;
	enum camt_cdi cdi = tx ? camt_tx_cdi(e, tx) : e->cdi;
	const struct camt_party *party = NULL, *ultimate = NULL;
	bool csv = c->fmt == OUTPUT_CSV;
	char sep = csv ? ',' : ' ';

	if (tx) {
		/* the other side: the debtor pays us, we pay the creditor; a reversal
		 * keeps the parties of the transaction it reverses */
		bool creditor_side = (cdi == CAMT_DEBIT) != e->reversal;
		party = creditor_side ? &tx->creditor : &tx->debtor;
		ultimate = creditor_side ? &tx->ultimate_creditor : &tx->ultimate_debtor;
	}
	if (!csv) {
		/* text: DATE STATUS AMOUNT CCY COUNTERPARTY | REMITTANCE */
		strbuf_addstr(&c->out, "  ");
		strbuf_reset(&f);
		date_append(&f, e->booking_date != DATE_NONE ? e->booking_date : e->value_date);
		strbuf_addf(&c->out, "%-10s %-4s ", f.buf, e->status ? e->status : "");
		strbuf_reset(&f);
		if (amt)
			add_signed(&f, &amt->value, cdi, amt->currency);
		strbuf_addf(&c->out, "%15s %-3s", f.buf, amt ? amt->currency : "");
		if (e->reversal)
			strbuf_addstr(&c->out, " (reversal)");
	} else {
		add_field(c, c->base);
		strbuf_addch(&c->out, ',');
		add_field(c, st->id);
		strbuf_addch(&c->out, ',');
		add_field(c, st->account);
		strbuf_addf(&c->out, ",%zu,", e->index);
		date_append(&c->out, e->booking_date);
		strbuf_addch(&c->out, ',');
		date_append(&c->out, e->value_date);
		strbuf_addch(&c->out, ',');
		add_field(c, e->status);
		strbuf_addch(&c->out, ',');
		if (amt)
			add_signed(&c->out, &amt->value, cdi, amt->currency);
		strbuf_addf(&c->out, ",%s,%s,%s,", amt ? amt->currency : "", cdi_name(cdi),
			    e->reversal ? "yes" : "no");
		add_field(c, e->acct_svcr_ref);
		strbuf_addch(&c->out, ',');
		add_field(c, tx ? tx->refs.end_to_end_id : NULL);
	}

	/* counterparty */
	const char *name = party ? (party->name ? party->name : ultimate->name) : NULL;
	const char *iban = party ? (party->iban ? party->iban : party->other) : NULL;
	if (csv || name) {
		strbuf_addch(&c->out, sep);
		if (!csv)
			strbuf_addch(&c->out, ' ');
		add_field(c, name);
	}
	if (csv) {
		strbuf_addch(&c->out, ',');
		add_field(c, iban);
	}

	/* remittance */
	strbuf_reset(&f);
	for (size_t i = 0; tx && i < tx->nunstructured; i++) {
		if (i)
			strbuf_addch(&f, ' ');
		strbuf_addstr(&f, tx->unstructured[i]);
	}
	if (!csv && !f.len && e->additional_info && !tx)
		strbuf_addstr(&f, e->additional_info);
	if (csv || f.len) {
		strbuf_addstr(&c->out, csv ? "," : "  | ");
		add_field(c, f.buf);
	}
	if (!csv) {
		if (tx && tx->ncreditor_refs && tx->creditor_refs[0].ref) {
			strbuf_addstr(&c->out, "  ref ");
			add_field(c, tx->creditor_refs[0].ref);
		}
		strbuf_addch(&c->out, '\n');
		goto cleanup;
	}
	strbuf_addch(&c->out, ',');
	add_field(c, tx && tx->ncreditor_refs ? tx->creditor_refs[0].ref : NULL);
	strbuf_addch(&c->out, ',');
	strbuf_reset(&f);
	add_bank_tx_code(&f, tx && has_bank_tx_code(&tx->bank_tx_code) ? &tx->bank_tx_code
									: &e->bank_tx_code);
	add_field(c, f.buf);

	/* extras */
	if (tx)
		strbuf_addf(&c->out, ",%zu,", txno);
	else
		strbuf_addstr(&c->out, ",,");
	add_signed(&c->out, &e->amount.value, e->cdi, e->amount.currency);
	strbuf_addch(&c->out, ',');
	const struct camt_amount *instd =
		tx ? &tx->amount_details.instructed.amount : &e->amount_details.instructed.amount;
	if (instd->present)
		add_signed(&c->out, &instd->value, cdi, instd->currency);
	strbuf_addf(&c->out, ",%s,", instd->present ? instd->currency : "");
	add_field(c, first_rate(tx ? &tx->amount_details : &e->amount_details));
	strbuf_addch(&c->out, ',');
	/* the detail's charges, else the entry's when it has at most this one detail */
	add_charges(&c->out, tx && (tx->charges.total.present || tx->charges.nrecords || e->ntxs > 1)
				     ? &tx->charges
				     : &e->charges);
	strbuf_addch(&c->out, ',');
	add_field(c, tx ? tx->return_reason : NULL);
	strbuf_addch(&c->out, ',');
	add_field(c, e->batch_pmt_inf_id);
	strbuf_addch(&c->out, ',');
	add_field(c, tx ? tx->refs.instr_id : NULL);
	strbuf_addch(&c->out, ',');
	add_field(c, tx ? tx->refs.uetr : NULL);
	strbuf_addch(&c->out, ',');
	add_field(c, tx ? tx->refs.acct_svcr_ref : NULL);
	strbuf_addch(&c->out, ',');
	add_field(c, tx && tx->additional_info ? tx->additional_info : e->additional_info);
	strbuf_addch(&c->out, '\n');
cleanup:
	strbuf_release(&f);
}

static void statement_title(struct camt_cmd *c, const struct camt_statement *st)
{
	strbuf_addf(&c->out, "%s: %s.001.%02d %s ", c->base, camt_kind_name(st->kind), st->version,
		    st->kind == CAMT_052 ? "report" : st->kind == CAMT_054 ? "notification"
									: "statement");
	add_field(c, st->id ? st->id : "(no Id)");
	strbuf_addstr(&c->out, ", account ");
	add_field(c, st->account ? st->account : "(none)");
	if (st->currency[0])
		strbuf_addf(&c->out, " %s", st->currency);
	if (st->from != DATE_NONE || st->to != DATE_NONE) {
		strbuf_addstr(&c->out, ", ");
		date_append(&c->out, st->from);
		strbuf_addstr(&c->out, " to ");
		date_append(&c->out, st->to);
	}
	if (st->electronic_seq) {
		strbuf_addstr(&c->out, ", sequence ");
		add_field(c, st->electronic_seq);
	}
	strbuf_addch(&c->out, '\n');
}

static int on_statement_begin(const struct camt_statement *st, void *ctx)
{
	struct camt_cmd *c = ctx;
	c->first_ccy[0] = '\0';
	if (!c->summary && c->fmt == OUTPUT_TEXT)
		statement_title(c, st);
	return 0;
}

static int on_entry(const struct camt_statement *st, const struct camt_entry *e, void *ctx)
{
	struct camt_cmd *c = ctx;
	if (e->booked && !c->first_ccy[0])
		memcpy(c->first_ccy, e->amount.currency, 4);
	if (c->summary)
		return 0;
	if (!e->ntxs)
		detail_row(c, st, e, NULL, 0);
	for (size_t i = 0; i < e->ntxs; i++)
		detail_row(c, st, e, &e->txs[i], i + 1);
	flush(c, false);
	return 0;
}

static void add_balance(struct strbuf *out, const struct camt_balance *b)
{
	if (b && b->amount.present)
		dec_format_plain(out, &b->amount.value, scale_of(b->amount.currency));
}

static const char *balanced_name(enum camt_balanced b)
{
	return b == CAMT_BALANCED_YES ? "yes" : b == CAMT_BALANCED_NO ? "no" : "unknown";
}

static void summary_text(struct camt_cmd *c, const struct camt_statement *st, int scale)
{
	const struct camt_balance *o = camt_opening(st), *cl = camt_closing(st);
	enum camt_balanced bal = camt_balanced(st);
	statement_title(c, st);
	strbuf_addf(&c->out, "  %zu %s, %zu booked: credits ", st->nentries,
		    st->nentries == 1 ? "entry" : "entries", st->nbooked);
	dec_format_plain(&c->out, &st->booked_credits, scale);
	strbuf_addstr(&c->out, ", debits ");
	dec_format_plain(&c->out, &st->booked_debits, scale);
	strbuf_addstr(&c->out, "\n  opening ");
	if (o)
		add_balance(&c->out, o), strbuf_addf(&c->out, " (%s)", o->type);
	else
		strbuf_addstr(&c->out, "none");
	strbuf_addstr(&c->out, ", closing ");
	if (cl)
		add_balance(&c->out, cl), strbuf_addf(&c->out, " (%s)", cl->type);
	else
		strbuf_addstr(&c->out, "none");
	if (bal == CAMT_BALANCED_YES) {
		strbuf_addstr(&c->out, ": balanced\n");
	} else if (bal == CAMT_BALANCED_NO) {
		struct dec v = DEC_INIT;
		dec_add(&v, &o->amount.value, &st->booked_credits);
		dec_sub(&v, &v, &st->booked_debits);
		strbuf_addstr(&c->out, ": not balanced (opening + credits - debits = ");
		dec_format_plain(&c->out, &v, scale);
		strbuf_addstr(&c->out, ")\n");
		dec_clear(&v);
	} else {
		strbuf_addstr(&c->out, ": balance unknown\n");
	}
}

static int on_statement_end(const struct camt_statement *st, void *ctx)
{
	struct camt_cmd *c = ctx;
	const struct camt_balance *o, *cl;
	int scale;

	if (!c->summary || st->nerrors)
		return 0; /* a statement with errors has no trustworthy totals */
	o = camt_opening(st);
	cl = camt_closing(st);
	scale = scale_of(st->currency[0] ? st->currency
			 : o && o->amount.present ? o->amount.currency
			 : cl && cl->amount.present ? cl->amount.currency
						    : c->first_ccy);
	if (c->fmt == OUTPUT_TEXT) {
		summary_text(c, st, scale);
		flush(c, false);
		return 0;
	}
	add_field(c, c->base);
	strbuf_addch(&c->out, ',');
	add_field(c, st->id);
	strbuf_addch(&c->out, ',');
	add_field(c, st->account);
	strbuf_addf(&c->out, ",%s,", st->currency);
	add_field(c, st->electronic_seq);
	strbuf_addch(&c->out, ',');
	date_append(&c->out, st->from);
	strbuf_addch(&c->out, ',');
	date_append(&c->out, st->to);
	strbuf_addch(&c->out, ',');
	add_balance(&c->out, o);
	strbuf_addch(&c->out, ',');
	add_balance(&c->out, cl);
	strbuf_addf(&c->out, ",%zu,", st->nentries);
	dec_format_plain(&c->out, &st->booked_credits, scale);
	strbuf_addch(&c->out, ',');
	dec_format_plain(&c->out, &st->booked_debits, scale);
	strbuf_addf(&c->out, ",%s,%s.001.%02d,%zu,", balanced_name(camt_balanced(st)),
		    camt_kind_name(st->kind), st->version, st->nbooked);
	add_field(c, st->legal_seq);
	strbuf_addch(&c->out, '\n');
	flush(c, false);
	return 0;
}

int cmd_camt(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "summary", no_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'O' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct camt_handler handler = { on_statement_begin, on_entry, on_statement_end };
	struct camt_cmd c = { OUTPUT_TEXT, false, NULL, STRBUF_INIT, false, NULL, NULL, STRBUF_INIT, "" };
	bool data_error = false, io_error = false, json = false;
	int ch, rc = EXIT_OK;

	while ((ch = getopt_long(argc, argv, "O:o:h", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			c.summary = true;
			break;
		case 'O':
			if (cmd_parse_table_format(optarg, &c.fmt, &json))
				return cmd_usage_error("camt", "unknown output format '%s' (text, csv or json)",
						       optarg);
			break;
		case 'o':
			c.path = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("camt", argv, "O:o:h");
		}
	}
	if (optind >= argc)
		return cmd_usage_error("camt", "no statement file given");
	if (c.path && (rc = check_out(c.path, argv + optind, argc - optind)))
		return rc;

	if (json)
		c.json = json_table_new(cmd_json_numbers("camt"));
	if (c.fmt == OUTPUT_CSV)
		strbuf_addstr(&c.out, c.summary ? summary_header : detail_header);
	for (int i = optind; i < argc && !c.write_failed; i++) {
		struct diag d = DIAG_INIT;
		const char *slash = strrchr(argv[i], '/');
		int error;
		d.max_errors = CMD_MAX_DIAGNOSTICS;
		c.base = slash ? slash + 1 : argv[i];
		error = camt_read_file(argv[i], &handler, &c, &d);
		flush(&c, true); /* what this file gave, before its diagnostics */
		if (d.n) {
			diag_sort(&d);
			cmd_print_diag(&d);
		}
		diag_release(&d);
		if (error == CLERK_ENOTFOUND || error == CLERK_EIO) {
			fprintf(stderr, "clerk: error: %s\n", clerk_error_last()->message);
			io_error = true;
		} else if (error == CLERK_EPARSE) {
			data_error = true;
		} else if (error) {
			rc = cmd_fail(error);
		}
	}
	finish(&c);
	write_file(&c);
	if (c.write_failed)
		rc = EXIT_IO;
	else if (rc == EXIT_OK)
		rc = io_error ? EXIT_IO : data_error ? EXIT_DATA : EXIT_OK;
	strbuf_release(&c.out);
	strbuf_release(&c.saved);
	json_table_free(c.json);
	return rc;
}
