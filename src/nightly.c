/*
 * nightly.c - the nightly run's work in memory (nightly.h, formats/run.md).
 */
#include "compat.h"
#include "nightly.h"
#include "aging.h"
#include "camt.h"
#include "dunning.h"
#include "error.h"
#include "import.h"
#include "letters.h"
#include "mreport.h"
#include "openitems.h"
#include "render.h"
#include "report.h"
#include "sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void json_add_string(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			strbuf_addstr(out, "\\\"");
			break;
		case '\\':
			strbuf_addstr(out, "\\\\");
			break;
		case '\n':
			strbuf_addstr(out, "\\n");
			break;
		case '\t':
			strbuf_addstr(out, "\\t");
			break;
		case '\r':
			strbuf_addstr(out, "\\r");
			break;
		default:
			if (*p < 0x20)
				strbuf_addf(out, "\\u%04x", *p);
			else
				strbuf_addch(out, (char)*p);
		}
	}
	strbuf_addch(out, '"');
}

/* The JSON string value of "key": in json (as nightly_compute writes it), unescaped; NULL if absent. */
static char *json_field(const char *json, size_t len, const char *key)
{
	struct strbuf k = STRBUF_INIT, v = STRBUF_INIT;
	strbuf_addf(&k, "\"%s\": \"", key);
	const char *p = NULL;
	for (size_t i = 0; i + k.len <= len; i++)
		if (!memcmp(json + i, k.buf, k.len)) {
			p = json + i + k.len;
			break;
		}
	strbuf_release(&k);
	if (!p)
		return NULL;
	const char *end = json + len;
	for (; p < end && *p != '"'; p++) {
		if (*p != '\\') {
			strbuf_addch(&v, *p);
			continue;
		}
		if (++p >= end)
			break;
		switch (*p) {
		case 'n':
			strbuf_addch(&v, '\n');
			break;
		case 't':
			strbuf_addch(&v, '\t');
			break;
		case 'r':
			strbuf_addch(&v, '\r');
			break;
		case 'u': {
			unsigned c = 0;
			for (int i = 1; i <= 4 && p + i < end; i++) {
				char h = p[i];
				c = c * 16 + (unsigned)(h >= 'a' ? h - 'a' + 10 : h >= 'A' ? h - 'A' + 10 : h - '0');
			}
			strbuf_addch(&v, (int)(c & 0x7f));
			p += 4;
			break;
		}
		default:
			strbuf_addch(&v, *p);
		}
	}
	if (p >= end) {
		strbuf_release(&v);
		return NULL;
	}
	return strbuf_detach(&v, NULL);
}

int nightly_read_params(const char *json, size_t len, clerk_date *date, char **run_id,
			char **books_name, char **version)
{
	char *d = json_field(json, len, "date");
	*run_id = json_field(json, len, "run");
	*books_name = json_field(json, len, "books");
	*version = json_field(json, len, "clerk_version");
	*date = d ? date_parse_iso(d) : DATE_NONE;
	free(d);
	if (*date == DATE_NONE || !*run_id || !*books_name || !*version) {
		free(*run_id);
		free(*books_name);
		free(*version);
		*run_id = *books_name = *version = NULL;
		return clerk_error_set(CLERK_EPARSE, "run.json: not the parameters of a clerk run");
	}
	return 0;
}

static struct strbuf *add_member(struct nightly *n, const char *name)
{
	struct nightly_member *m = VEC_GROW(&n->members);
	m->name = xstrdup(name);
	strbuf_init(&m->data, 0);
	return &m->data;
}

static int cmp_member(const void *a, const void *b)
{
	return strcmp(((const struct nightly_member *)a)->name, ((const struct nightly_member *)b)->name);
}

static int cmp_name_member(const void *key, const void *m)
{
	return strcmp(key, ((const struct nightly_member *)m)->name);
}

/* letters_emit_fn: a letter becomes the pack member letters/NAME */
static int add_letter(void *ctx, const char *name, const struct strbuf *body)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "letters/%s", name);
	strbuf_add(add_member(ctx, path.buf), body->buf, body->len);
	strbuf_release(&path);
	return 0;
}

const struct nightly_member *nightly_member(const struct nightly *n, const char *name)
{
	return n->members.n ? bsearch(name, n->members.v, n->members.n, sizeof(n->members.v[0]),
				      cmp_name_member)
			    : NULL;
}

void nightly_release(struct nightly *n)
{
	for (size_t i = 0; i < n->members.n; i++) {
		free(n->members.v[i].name);
		strbuf_release(&n->members.v[i].data);
	}
	VEC_FREE(&n->members);
	for (size_t i = 0; i < n->refused.n; i++) {
		free(n->refused.v[i].name);
		free(n->refused.v[i].reason);
	}
	VEC_FREE(&n->refused);
	strbuf_release(&n->import_text);
	strbuf_release(&n->dunning_text);
	strbuf_release(&n->posted_text);
}

/* ------------------------------------------------------------ statements */

/* What a statement file is, read in a first pass: to put the files in order. */
struct stmt_key {
	size_t input;
	char account[64];
	clerk_date from;
	int kind_rank;    /* 054 (notifications) first, then 052 reports, then 053 statements */
	unsigned long seq;
	bool seen;
};

static unsigned long seq_number(const char *s)
{
	unsigned long v = 0;
	if (!s)
		return 0;
	for (; *s; s++)
		if (*s >= '0' && *s <= '9' && v < 100000000000UL)
			v = v * 10 + (unsigned long)(*s - '0');
	return v;
}

static int key_begin(const struct camt_statement *st, void *ctx)
{
	struct stmt_key *k = ctx;
	if (k->seen)
		return 0;
	k->seen = true;
	snprintf(k->account, sizeof(k->account), "%s", st->account ? st->account : "");
	k->from = st->from != DATE_NONE ? st->from : st->to;
	k->kind_rank = st->kind == CAMT_054 ? 0 : st->kind == CAMT_052 ? 1 : 2;
	k->seq = seq_number(st->electronic_seq ? st->electronic_seq : st->legal_seq);
	return 0;
}

static int cmp_keys(const void *a, const void *b)
{
	const struct stmt_key *x = a, *y = b;
	int c = strcmp(x->account, y->account);
	if (c)
		return c;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->kind_rank != y->kind_rank)
		return x->kind_rank < y->kind_rank ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->input < y->input ? -1 : x->input > y->input;
}

/* Appends a line of the JSON log: {"event": EVENT, ...fields}. fields is "" or ",\"k\":v...". */
static void log_event(struct strbuf *log, const char *event, const char *fields)
{
	strbuf_addstr(log, "{\"event\":");
	json_add_string(log, event);
	strbuf_addstr(log, fields);
	strbuf_addstr(log, "}\n");
}

/* Sets a statement file aside with its diagnostics (or why) and logs it. */
static void refuse(struct nightly *n, struct strbuf *log, const char *name, const struct diag *d,
		   const char *why)
{
	struct nightly_refused *r = VEC_GROW(&n->refused);
	struct strbuf sb = STRBUF_INIT;
	r->name = xstrdup(name);
	if (d && d->n)
		diag_format(&sb, d);
	else
		strbuf_addf(&sb, "%s\n", why);
	r->reason = strbuf_detach(&sb, NULL);
	strbuf_addstr(&sb, ",\"file\":");
	json_add_string(&sb, name);
	strbuf_addstr(&sb, ",\"status\":\"refused\",\"reason\":");
	json_add_string(&sb, r->reason);
	log_event(log, "statement", sb.buf);
	strbuf_release(&sb);
}


static void trial_balance(struct strbuf *out, const struct journal *j, clerk_date date)
{
	struct balance_report r = BALANCE_REPORT_INIT;
	struct balance_options o = BALANCE_OPTIONS_INIT;
	o.end = date + 1; /* postings dated on or before the run date */
	report_balance(&r, j, &o);
	strbuf_addstr(out, "account,commodity,amount\n");
	for (size_t i = 0; i < r.n; i++) {
		strbuf_addcsv(out, journal_account_name(j, r.rows[i].account));
		strbuf_addch(out, ',');
		strbuf_addcsv(out, commodity_symbol(&j->commodities, r.rows[i].commodity));
		strbuf_addch(out, ',');
		render_plain(out, j, r.rows[i].commodity, &r.rows[i].amount);
		strbuf_addch(out, '\n');
	}
	balance_report_release(&r);
}

/* Loads the run's own journal text into j and checks the books with it; -1 with d on failure. */
static int load_text(struct journal *j, const char *name, const struct strbuf *text, struct diag *d)
{
	struct journal_load_options lo = { .batch = true, .allow_include = false };
	struct journal_check_options co = { .strict = false, .strict_batch = true, .batch_only = true };
	if (journal_load_buffer(j, name, text->buf, text->len, &lo, d) || d->nerrors ||
	    journal_check(j, &co, d) || d->nerrors)
		return clerk_error_set(CLERK_EINVALID, "the run's %s would not leave the books valid", name);
	return 0;
}

/*
 * Imports the accepted statements one file at a time, in account, date,
 * kind and sequence order, each against the books with the files before it
 * loaded: a return on Friday finds Tuesday's payment. A file the importer
 * refuses is set aside; the next file of that account then meets a gap and
 * is set aside too.
 */
static void stage(const struct nightly_options *o, const char *name)
{
	if (o->stage)
		o->stage(o->stage_ctx, name);
}

static int import_all(struct nightly *n, struct journal *j, const struct nightly_input *in,
		      const struct nightly_options *o, struct stmt_key *keys, size_t nk,
		      struct strbuf *decisions,
		      struct strbuf *exceptions, struct strbuf *log, struct diag *fatal)
{
	struct strbuf body = STRBUF_INIT, head = STRBUF_INIT, f = STRBUF_INIT, csv = STRBUF_INIT;
	int error = 0;
	strbuf_addstr(decisions, IMPORTER_DECISIONS_HEADER);
	for (size_t k = 0; k < nk && !error; k++) {
		const struct nightly_input *s = &in[keys[k].input];
		struct importer *im = importer_new(j);
		struct diag d = DIAG_INIT;
		d.max_errors = 100;
		stage(o, "import");
		int rc = importer_add_buffer(im, s->name, s->data, s->len, &d);
		stage(o, "match");
		if (!rc && !d.nerrors)
			(void)!importer_plan(im, &d);
		strbuf_reset(&f);
		strbuf_addstr(&f, ",\"file\":");
		json_add_string(&f, s->name);
		if (d.nerrors) {
			diag_sort(&d);
			refuse(n, log, s->name, &d, NULL);
			importer_free(im);
			diag_release(&d);
			continue;
		}
		diag_release(&d);
		const struct strbuf *text = importer_text(im);
		size_t posted = importer_posted(im), nx = importer_exceptions(im);
		strbuf_reset(&csv);
		importer_decisions_csv(im, &csv);
		const char *rows = strchr(csv.buf, '\n');
		strbuf_addstr(decisions, rows ? rows + 1 : "");
		importer_exceptions_text(im, exceptions);
		n->statements++;
		n->movements += posted;
		n->exceptions += nx;
		strbuf_addf(&f, ",\"status\":\"accepted\",\"posted\":%zu,\"exceptions\":%zu", posted, nx);
		log_event(log, "statement", f.buf);
		if (text->len) {
			strbuf_addf(&head, "; clerk-import-source: %s\n", s->name);
			strbuf_addf(&head, "; clerk-import-sha256: %s\n", importer_file_digests(im));
			if (load_text(j, s->name, text, fatal))
				error = CLERK_EINVALID;
			if (body.len)
				strbuf_addch(&body, '\n');
			strbuf_add(&body, text->buf, text->len);
		}
		importer_free(im);
	}
	if (!error && body.len) {
		strbuf_add(&n->import_text, head.buf, head.len);
		strbuf_addch(&n->import_text, '\n');
		strbuf_add(&n->import_text, body.buf, body.len);
	}
	strbuf_release(&body);
	strbuf_release(&head);
	strbuf_release(&f);
	strbuf_release(&csv);
	return error;
}

int nightly_compute(struct nightly *n, struct journal *j, const struct nightly_input *in, size_t nin,
		    const struct nightly_options *o, struct diag *d)
{
	struct strbuf log = STRBUF_INIT, f = STRBUF_INIT, decisions = STRBUF_INIT,
		      exceptions = STRBUF_INIT;
	struct openitems *ar = NULL, *ap = NULL;
	struct aging *aar = NULL, *aap = NULL;
	struct dunning *dn = NULL;
	struct stmt_key *keys = xcalloc(nin ? nin : 1, sizeof(*keys));
	size_t nk = 0;
	char date[11];
	int error = 0;
	date_format(o->date, date);

	/* the run's parameters */
	struct strbuf *run = add_member(n, "run.json");
	strbuf_addstr(run, "{\n  \"clerk_version\": ");
	json_add_string(run, o->version);
	strbuf_addstr(run, ",\n  \"date\": ");
	json_add_string(run, date);
	strbuf_addstr(run, ",\n  \"run\": ");
	json_add_string(run, o->run_id);
	strbuf_addstr(run, ",\n  \"books\": ");
	json_add_string(run, o->books_name);
	strbuf_addstr(run, ",\n  \"inputs\": [");
	for (size_t i = 0; i < nin; i++) {
		char hex[SHA256_HEX_LEN + 1];
		sha256_hex(in[i].data, in[i].len, hex);
		strbuf_addstr(run, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		json_add_string(run, in[i].name);
		strbuf_addf(run, ", \"size\": %zu, \"sha256\": \"%s\"}", in[i].len, hex);
	}
	strbuf_addstr(run, nin ? "\n  ]\n}\n" : "]\n}\n");
	strbuf_addstr(&f, ",\"date\":");
	json_add_string(&f, date);
	strbuf_addstr(&f, ",\"run\":");
	json_add_string(&f, o->run_id);
	strbuf_addf(&f, ",\"inputs\":%zu", nin);
	log_event(&log, "start", f.buf);

	/* the inputs exactly as received */
	for (size_t i = 0; i < nin; i++) {
		struct strbuf name = STRBUF_INIT;
		strbuf_addf(&name, "inputs/%s", in[i].name);
		strbuf_add(add_member(n, name.buf), in[i].data, in[i].len);
		strbuf_release(&name);
	}
	trial_balance(add_member(n, "trial-balance-before.csv"), j, o->date);

	/* first pass: what each file is, to put them in order; unreadable ones are set aside */
	for (size_t i = 0; i < nin; i++) {
		struct camt_handler h = { key_begin, NULL, NULL };
		struct diag pd = DIAG_INIT;
		struct stmt_key *k = &keys[nk];
		memset(k, 0, sizeof(*k));
		k->input = i;
		pd.max_errors = 20;
		int rc = camt_read_memory(in[i].name, in[i].data, in[i].len, &h, k, &pd);
		if (rc || pd.nerrors || !k->seen) {
			diag_sort(&pd);
			refuse(n, &log, in[i].name, pd.nerrors ? &pd : NULL,
			       rc && !pd.nerrors ? clerk_error_last()->message
						 : "no statement, report or notification in the file");
		} else {
			nk++;
		}
		diag_release(&pd);
	}
	qsort(keys, nk, sizeof(*keys), cmp_keys);
	if ((error = import_all(n, j, in, o, keys, nk, &decisions, &exceptions, &log, d)))
		goto out;
	strbuf_swap(add_member(n, "decisions.csv"), &decisions);

	/* dunning as of the run date: the collections list, the letters due, the notices */
	stage(o, "dunning");
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	oo.as_of = o->date;
	if ((error = openitems_compute(&ar, j, &oo)) || (error = dunning_compute(&dn, j, ar, NULL)))
		goto out;
	collections_csv(add_member(n, "collections.csv"), dn, j, ar);
	stage(o, "letters");
	(void)!letters_each(dn, j, ar, o->date, add_letter, n);
	n->notices = dunning_notices_due(dn);
	stage(o, "notices");
	if (n->notices) {
		dunning_notices_journal(&n->dunning_text, dn);
		if ((error = load_text(j, "dunning", &n->dunning_text, d)))
			goto out;
	}
	/* what the run posts: one file, so the books go from before to after in one step */
	if (n->import_text.len || n->dunning_text.len) {
		strbuf_addf(&n->posted_text, "; clerk-run: %s\n", o->run_id);
		if (n->import_text.len)
			strbuf_add(&n->posted_text, n->import_text.buf, n->import_text.len);
		if (n->import_text.len && n->dunning_text.len)
			strbuf_addch(&n->posted_text, '\n');
		if (n->dunning_text.len) {
			strbuf_addstr(&n->posted_text, "; dunning notices\n\n");
			strbuf_add(&n->posted_text, n->dunning_text.buf, n->dunning_text.len);
		}
	}
	strbuf_add(add_member(n, "posted.journal"), n->posted_text.buf, n->posted_text.len);
	strbuf_reset(&f);
	strbuf_addf(&f, ",\"collections\":%zu,\"notices\":%zu", dunning_row_count(dn), n->notices);
	log_event(&log, "dunning", f.buf);

	/*
	 * aging and the management report on the books after the run (the
	 * notices' fees and interest included), like the trial balance after:
	 * the figures of the page equal those of the aging files
	 */
	stage(o, "aging");
	struct openitems *ar_after = NULL;
	if (n->notices && (error = openitems_compute(&ar_after, j, &oo)))
		goto out;
	const struct openitems *arx = ar_after ? ar_after : ar;
	oo.side = OPENITEMS_PAYABLES;
	if ((error = openitems_compute(&ap, j, &oo)) || (error = aging_compute(&aar, j, arx, NULL)) ||
	    (error = aging_compute(&aap, j, ap, NULL))) {
		openitems_free(ar_after);
		goto out;
	}
	aging_csv(add_member(n, "aging-receivables.csv"), aar, j, arx);
	aging_csv(add_member(n, "aging-payables.csv"), aap, j, ap);
	n->ties_out = aging_ties_out(aar) && aging_ties_out(aap);
	strbuf_reset(&f);
	strbuf_addf(&f, ",\"receivables_tie_out\":%s,\"payables_tie_out\":%s",
		    aging_ties_out(aar) ? "true" : "false", aging_ties_out(aap) ? "true" : "false");
	log_event(&log, "aging", f.buf);
	stage(o, "report");
	trial_balance(add_member(n, "trial-balance-after.csv"), j, o->date);
	bool report_ties = true;
	const struct mreport_inputs mi = { arx, ap, aar, aap, dn };
	error = mreport_html_with(add_member(n, "report.html"), j, o->date, &mi, &report_ties);
	/* the agings point into ar_after: free them first */
	aging_free(aar);
	aar = NULL;
	openitems_free(ar_after);
	if (error)
		goto out;

	/* the files set aside, one name per line (`clerk run` finishes an interrupted archive step with it) */
	struct strbuf *rl = add_member(n, "refused.txt");
	for (size_t i = 0; i < n->refused.n; i++)
		strbuf_addf(rl, "%s\n", n->refused.v[i].name);

	/* the exceptions for a person */
	struct strbuf *ex = add_member(n, "exceptions.txt");
	if (n->refused.n) {
		strbuf_addf(ex, "%zu statement file%s set aside:\n", n->refused.n,
			    n->refused.n == 1 ? "" : "s");
		for (size_t i = 0; i < n->refused.n; i++)
			strbuf_addf(ex, "- %s:\n%s", n->refused.v[i].name, n->refused.v[i].reason);
		strbuf_addch(ex, '\n');
	}
	if (n->exceptions) {
		strbuf_addf(ex, "%zu decision%s for a person to look at:\n", n->exceptions,
			    n->exceptions == 1 ? "" : "s");
		strbuf_add(ex, exceptions.buf, exceptions.len);
		strbuf_addch(ex, '\n');
	}
	if (!n->ties_out)
		strbuf_addstr(ex, "The aging does not tie out to the control balance: see the aging "
				  "reports.\n");
	if (!ex->len)
		strbuf_addstr(ex, "No exceptions.\n");

	strbuf_reset(&f);
	strbuf_addf(&f, ",\"statements\":%zu,\"refused\":%zu,\"movements\":%zu,\"exceptions\":%zu,"
			"\"notices\":%zu",
		    n->statements, n->refused.n, n->movements, n->exceptions, n->notices);
	log_event(&log, "end", f.buf);
	strbuf_swap(add_member(n, "log.jsonl"), &log);
	qsort(n->members.v, n->members.n, sizeof(n->members.v[0]), cmp_member); /* by name, as documented */
	stage(o, "done");
out:
	dunning_free(dn);
	aging_free(aar);
	aging_free(aap);
	openitems_free(ar);
	openitems_free(ap);
	free(keys);
	strbuf_release(&log);
	strbuf_release(&f);
	strbuf_release(&decisions);
	strbuf_release(&exceptions);
	return error;
}
