/*
 * letters.c - dunning letters in text and HTML (letters.h).
 */
#include "compat.h"
#include "letters.h"
#include "amount.h"
#include "error.h"
#include "html.h"
#include "util/utf8.h"
#include "util/symtab.h"
#include "util/xalloc.h"

#include <string.h>

/* A tag value that says something: not missing, not blank. */
static const char *tag_or_null(const struct journal *j, uint32_t a, const char *name)
{
	const char *v = journal_account_tag(j, a, name);
	if (!v)
		return NULL;
	for (const char *p = v; *p; p++)
		if (*p != ' ' && *p != '\t')
			return v;
	return NULL;
}

void letters_sender(struct letter_sender *s, const struct journal *j)
{
	/* best: the first with iban and name; else the first with an iban; else the first */
	uint32_t first = NO_ID, with_iban = NO_ID;
	s->name = NULL;
	s->iban = NULL;
	s->bic = NULL;
	s->account = NO_ID;
	for (size_t i = 0; i < j->accounts.n; i++) {
		uint32_t a = (uint32_t)i;
		if (j->accounts.v[a].role != ROLE_BANK)
			continue;
		if (first == NO_ID)
			first = a;
		if (!tag_or_null(j, a, "iban"))
			continue;
		if (with_iban == NO_ID)
			with_iban = a;
		if (tag_or_null(j, a, "name")) {
			with_iban = a;
			break;
		}
	}
	s->account = with_iban != NO_ID ? with_iban : first;
	if (s->account == NO_ID)
		return;
	s->name = tag_or_null(j, s->account, "name");
	s->iban = tag_or_null(j, s->account, "iban");
	s->bic = tag_or_null(j, s->account, "bic");
}

const char *letters_sender_problem(const struct letter_sender *s)
{
	if (s->account == NO_ID)
		return "no account with 'role: bank' has an 'iban:' and a 'name:' (our bank details "
		       "and our company's name, which every letter needs)";
	if (!s->iban)
		return "no account with 'role: bank' has an 'iban:', so the letters could not say "
		       "where to pay";
	if (!s->name)
		return "the bank account has no 'name:' (the account holder, our company), so the "
		       "letters would have no sender";
	return NULL;
}

/*
 * Latin letters as ASCII, lower case, for file names: U+00C0-U+017F (Latin-1
 * Supplement and Latin Extended-A), as runs of code points sharing one
 * transliteration; NULL for the two signs among them (multiplication and
 * division), which are no letters.
 */
static const struct {
	uint16_t from, to;
	const char *ascii;
} latin[] = {
	{ 0xC0, 0xC3, "a" },   { 0xC4, 0xC4, "ae" },  { 0xC5, 0xC5, "a" },   { 0xC6, 0xC6, "ae" },
	{ 0xC7, 0xC7, "c" },   { 0xC8, 0xCB, "e" },   { 0xCC, 0xCF, "i" },   { 0xD0, 0xD0, "d" },
	{ 0xD1, 0xD1, "n" },   { 0xD2, 0xD5, "o" },   { 0xD6, 0xD6, "oe" },  { 0xD7, 0xD7, NULL },
	{ 0xD8, 0xD8, "o" },   { 0xD9, 0xDB, "u" },   { 0xDC, 0xDC, "ue" },  { 0xDD, 0xDD, "y" },
	{ 0xDE, 0xDE, "th" },  { 0xDF, 0xDF, "ss" },  { 0xE0, 0xE3, "a" },   { 0xE4, 0xE4, "ae" },
	{ 0xE5, 0xE5, "a" },   { 0xE6, 0xE6, "ae" },  { 0xE7, 0xE7, "c" },   { 0xE8, 0xEB, "e" },
	{ 0xEC, 0xEF, "i" },   { 0xF0, 0xF0, "d" },   { 0xF1, 0xF1, "n" },   { 0xF2, 0xF5, "o" },
	{ 0xF6, 0xF6, "oe" },  { 0xF7, 0xF7, NULL },  { 0xF8, 0xF8, "o" },   { 0xF9, 0xFB, "u" },
	{ 0xFC, 0xFC, "ue" },  { 0xFD, 0xFD, "y" },   { 0xFE, 0xFE, "th" },  { 0xFF, 0xFF, "y" },
	{ 0x100, 0x105, "a" }, { 0x106, 0x10D, "c" }, { 0x10E, 0x111, "d" }, { 0x112, 0x11B, "e" },
	{ 0x11C, 0x123, "g" }, { 0x124, 0x127, "h" }, { 0x128, 0x131, "i" }, { 0x132, 0x133, "ij" },
	{ 0x134, 0x135, "j" }, { 0x136, 0x138, "k" }, { 0x139, 0x142, "l" }, { 0x143, 0x14B, "n" },
	{ 0x14C, 0x151, "o" }, { 0x152, 0x153, "oe" }, { 0x154, 0x159, "r" }, { 0x15A, 0x161, "s" },
	{ 0x162, 0x167, "t" }, { 0x168, 0x173, "u" }, { 0x174, 0x175, "w" }, { 0x176, 0x178, "y" },
	{ 0x179, 0x17E, "z" }, { 0x17F, 0x17F, "s" },
};

/*
 * The ASCII for the character at *p (advancing *p past it): the character
 * itself for ASCII, the transliteration of a Latin letter, or NULL (any
 * other character, or bytes that are not valid UTF-8: they separate words).
 */
static const char *ascii_of(const char **p, char one[static 2])
{
	const unsigned char *u = (const unsigned char *)*p;
	if (u[0] < 0x80) {
		one[0] = (char)u[0];
		one[1] = '\0';
		(*p)++;
		return one;
	}
	/* a whole sequence is skipped, whatever it is; only two-byte ones can be Latin letters */
	size_t n = 1;
	while (n < 4 && (u[n] & 0xC0) == 0x80)
		n++;
	*p += n;
	if (n != 2 || u[0] < 0xC3 || u[0] > 0xC5)
		return NULL;
	uint32_t cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
	for (size_t k = 0; k < ARRAY_SIZE(latin); k++)
		if (cp >= latin[k].from && cp <= latin[k].to)
			return latin[k].ascii;
	return NULL;
}

/*
 * DATE-LEVEL-party-CUR, or DATE-LEVEL-party-N-CUR when n > 1: party is the
 * party account's last part, Latin letters made ASCII, lower case, every
 * run of other characters one '-' ("party" when nothing is left); CUR the
 * currency symbol with anything but ASCII letters and digits as '_'.
 */
static void file_stem(struct strbuf *out, const struct dunning_row *r, const struct journal *j,
		      clerk_date date, unsigned n)
{
	char buf[11], one[2];
	date_format(date, buf);
	strbuf_addf(out, "%s-%u-", buf, r->level);
	const char *acc = journal_account_name(j, r->account);
	const char *last = strrchr(acc, ':');
	last = last ? last + 1 : acc;
	bool dash = false;
	size_t start = out->len;
	for (const char *p = last; *p;) {
		const char *a = ascii_of(&p, one);
		if (!a) {
			dash = true;
			continue;
		}
		for (; *a; a++) {
			char c = *a;
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				if (dash && out->len > start)
					strbuf_addch(out, '-');
				strbuf_addch(out, c);
				dash = false;
			} else {
				dash = true;
			}
		}
	}
	if (out->len == start)
		strbuf_addstr(out, "party");
	if (n > 1)
		strbuf_addf(out, "-%u", n);
	strbuf_addch(out, '-');
	for (const char *p = commodity_symbol(&j->commodities, r->commodity); *p; p++)
		strbuf_addch(out, (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
					  (*p >= '0' && *p <= '9') ? *p : '_');
}

void letters_file_name(struct strbuf *out, const struct dunning_row *r, const struct journal *j,
		       clerk_date date)
{
	file_stem(out, r, j, date, 1);
}

struct stem {
	size_t row;
	char *base;
	const char *account, *currency;
};

static int cmp_stem(const void *pa, const void *pb)
{
	const struct stem *a = pa, *b = pb;
	int c = strcmp(a->base, b->base);
	if (!c)
		c = strcmp(a->account, b->account);
	if (!c)
		c = strcmp(a->currency, b->currency);
	return c;
}

char **letters_file_names(const struct dunning *d, const struct journal *j, clerk_date date)
{
	size_t nrows = dunning_row_count(d), n = 0;
	char **names = xcalloc(nrows ? nrows : 1, sizeof(*names));
	struct stem *st = xcalloc(nrows ? nrows : 1, sizeof(*st));
	struct symtab used = SYMTAB_INIT; /* every name given or to be given */
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < nrows; i++) {
		const struct dunning_row *r = dunning_row(d, i);
		if (!r->notice_due)
			continue;
		strbuf_reset(&sb);
		file_stem(&sb, r, j, date, 1);
		st[n] = (struct stem){ i, xstrdup(sb.buf), journal_account_name(j, r->account),
				       commodity_symbol(&j->commodities, r->commodity) };
		symtab_intern(&used, sb.buf, sb.len, NULL);
		n++;
	}
	qsort(st, n, sizeof(*st), cmp_stem);
	unsigned num = 2;
	for (size_t k = 0; k < n; k++) {
		if (!k || strcmp(st[k].base, st[k - 1].base)) {
			names[st[k].row] = xstrdup(st[k].base); /* the first of its name keeps it */
			num = 2;
			continue;
		}
		/* the next number whose name no letter of the day has or will have */
		for (;; num++) {
			int is_new;
			strbuf_reset(&sb);
			file_stem(&sb, dunning_row(d, st[k].row), j, date, num);
			symtab_intern(&used, sb.buf, sb.len, &is_new);
			if (is_new)
				break;
		}
		names[st[k].row] = xstrdup(sb.buf);
		num++;
	}
	for (size_t k = 0; k < n; k++)
		free(st[k].base);
	free(st);
	symtab_release(&used);
	strbuf_release(&sb);
	return names;
}

void letters_file_names_free(char **names, const struct dunning *d)
{
	if (!names)
		return;
	for (size_t i = 0; i < dunning_row_count(d); i++)
		free(names[i]);
	free(names);
}

static const char *title_of(unsigned level)
{
	switch (level) {
	case 1:
		return "Payment reminder";
	case 2:
		return "Second reminder";
	case 3:
		return "Final notice";
	default:
		return "Notice of transfer to collections";
	}
}

static const char *body_of(unsigned level)
{
	switch (level) {
	case 1:
		return "Perhaps this has escaped your attention: according to our books the invoices "
		       "below are past due. Please pay the amount shown within 7 days. If you have "
		       "paid in the meantime, please disregard this letter.";
	case 2:
		return "We have not yet received payment for the invoices below, which are now well "
		       "past due. Please pay the amount shown within 7 days.";
	case 3:
		return "The invoices below remain unpaid long after they fell due. This is our final "
		       "notice: unless we receive the amount shown within 7 days, we will hand the "
		       "matter to a collection agency without further notice.";
	default:
		return "The invoices below remain unpaid long after they fell due. We are handing "
		       "the matter to a collection agency, which will contact you. Paying the amount "
		       "shown at once can still avoid further costs.";
	}
}

/* IBAN in groups of four, as printed on paper. */
static void add_iban(struct strbuf *out, const char *iban)
{
	size_t k = 0;
	for (const char *p = iban; *p; p++) {
		if (*p == ' ')
			continue;
		if (k && k % 4 == 0)
			strbuf_addch(out, ' ');
		strbuf_addch(out, *p);
		k++;
	}
}

static void interest_label(struct strbuf *out, const struct dunning *d)
{
	strbuf_addstr(out, "Interest at ");
	dec_format_plain(out, &dunning_policy(d)->interest_pct, 0);
	strbuf_addstr(out, " % a year");
}

/* The lines under the items: fee, interest, credit (those not zero), then the amount to pay. */
struct summary_line {
	struct strbuf label, amount;
};

#define SUMMARY_MAX 4

static size_t summary_lines(struct summary_line *sl, const struct dunning *d,
			    const struct dunning_row *r, const struct journal *j)
{
	struct strbuf il = STRBUF_INIT;
	struct dec total = DEC_INIT;
	interest_label(&il, d);
	const struct { const char *label; const struct dec *v; } extra[] = {
		{ "Dunning fee", &r->fee },
		{ il.buf, &r->interest },
		{ "Less your credit with us", &r->credits },
		{ "Amount to pay", &total },
	};
	/* what the letter asks for: overdue + fee + interest + credits */
	dec_add(&total, &r->overdue, &r->fee);
	dec_add(&total, &total, &r->interest);
	dec_add(&total, &total, &r->credits);
	size_t n = 0;
	for (size_t k = 0; k < ARRAY_SIZE(extra); k++) {
		if (k + 1 < ARRAY_SIZE(extra) && dec_is_zero(extra[k].v))
			continue;
		strbuf_init(&sl[n].label, 0);
		strbuf_init(&sl[n].amount, 0);
		strbuf_addstr(&sl[n].label, extra[k].label);
		amount_format(&sl[n].amount, &j->commodities, r->commodity, extra[k].v);
		n++;
	}
	strbuf_release(&il);
	dec_clear(&total);
	return n;
}

static void summary_release(struct summary_line *sl, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		strbuf_release(&sl[k].label);
		strbuf_release(&sl[k].amount);
	}
}

/* The one structured reference to quote: the single principal item's, else NULL. */
static const char *single_ref(const struct dunning *d, const struct dunning_row *r,
			      const struct openitems *oi, size_t *nref)
{
	const char *ref = NULL;
	*nref = 0;
	for (uint32_t k = 0; k < r->nitems; k++) {
		const struct openitem *it = openitems_item(oi, dunning_row_item(d, r, k)->item);
		if (it->ref) {
			ref = it->ref;
			(*nref)++;
		}
	}
	return *nref == 1 ? ref : NULL;
}

/* Appends text wrapped at 76 columns (counted in bytes: the letters' own text is ASCII). */
static void add_wrapped(struct strbuf *out, const char *text)
{
	size_t col = 0;
	const char *p = text;
	while (*p) {
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		size_t n = (size_t)(e - p);
		if (col && col + 1 + n > 76) {
			strbuf_addch(out, '\n');
			col = 0;
		} else if (col) {
			strbuf_addch(out, ' ');
			col++;
		}
		strbuf_add(out, p, n);
		col += n;
		p = *e ? e + 1 : e;
	}
	strbuf_addch(out, '\n');
}

static void pad_right(struct strbuf *out, const char *s, size_t w)
{
	size_t n = utf8_width(s);
	strbuf_addstr(out, s);
	strbuf_addchars(out, ' ', w > n ? w - n : 1);
}

static void pad_left(struct strbuf *out, const char *s, size_t w)
{
	size_t n = strlen(s);
	strbuf_addchars(out, ' ', w > n ? w - n : 0);
	strbuf_addstr(out, s);
}

void letters_text(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
		  const struct journal *j, const struct openitems *oi, const struct letter_sender *s,
		  clerk_date date)
{
	const struct openitems_party *party = openitems_party(oi, r->party);
	char buf[11];
	struct strbuf a = STRBUF_INIT;
	if (letters_sender_problem(s))
		BUG("a letter without a sender: %s", letters_sender_problem(s));
	date_format(date, buf);
	strbuf_addf(out, "%s\n%s\n\n", s->name, buf);
	strbuf_addf(out, "To: %s\n", party->name);
	if (party->email)
		strbuf_addf(out, "E-mail: %s\n", party->email);
	strbuf_addch(out, '\n');
	strbuf_addf(out, "%s (level %u)\n\n", title_of(r->level), r->level);
	strbuf_addf(out, "Dear %s,\n\n", party->name);
	add_wrapped(out, body_of(r->level));
	strbuf_addch(out, '\n');
	strbuf_addstr(out, "Invoice           Date        Due         Days late  Reference                       Open\n");
	for (uint32_t k = 0; k < r->nitems; k++) {
		const struct dunning_item *di = dunning_row_item(d, r, k);
		const struct openitem *it = openitems_item(oi, di->item);
		pad_right(out, it->invoice, 18);
		date_format(it->date, buf);
		pad_right(out, buf, 12);
		date_format(it->due, buf);
		pad_right(out, buf, 12);
		char days[24];
		snprintf(days, sizeof(days), "%ld", di->days);
		pad_left(out, days, 9);
		strbuf_addstr(out, "  ");
		pad_right(out, it->ref ? it->ref : (di->charge ? "(charge)" : "-"), 20);
		strbuf_reset(&a);
		amount_format(&a, &j->commodities, r->commodity, &it->open);
		pad_left(out, a.buf, 16);
		strbuf_addch(out, '\n');
	}
	struct summary_line sl[SUMMARY_MAX];
	size_t nsl = summary_lines(sl, d, r, j);
	for (size_t k = 0; k < nsl; k++) {
		pad_right(out, sl[k].label.buf, 73);
		pad_left(out, sl[k].amount.buf, 16);
		if (k + 1 < nsl)
			strbuf_addch(out, '\n');
	}
	summary_release(sl, nsl);
	strbuf_addstr(out, "\n\n");
	strbuf_addf(out, "Please transfer it to %s\nIBAN: ", s->name);
	add_iban(out, s->iban);
	strbuf_addch(out, '\n');
	if (s->bic)
		strbuf_addf(out, "BIC:  %s\n", s->bic);
	size_t nref;
	const char *ref = single_ref(d, r, oi, &nref);
	if (ref)
		strbuf_addf(out, "Reference: %s\n(please quote it exactly: it lets us apply your payment "
				 "automatically)\n", ref);
	else if (nref)
		add_wrapped(out, "Reference: please quote the reference of each invoice you pay "
				 "(one transfer per invoice), or all invoice numbers.");
	else
		strbuf_addstr(out, "Reference: please quote the invoice numbers.\n");
	strbuf_addstr(out, "\nIf you disagree with an item, please tell us: we will hold it while we\n"
			   "look into it.\n\nKind regards,\n");
	strbuf_addf(out, "%s\n", s->name);
	strbuf_release(&a);
}

void letters_html(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
		  const struct journal *j, const struct openitems *oi, const struct letter_sender *s,
		  clerk_date date)
{
	const struct openitems_party *party = openitems_party(oi, r->party);
	char buf[11];
	struct strbuf a = STRBUF_INIT;
	if (letters_sender_problem(s))
		BUG("a letter without a sender: %s", letters_sender_problem(s));
	date_format(date, buf);
	html_begin(out, title_of(r->level));
	strbuf_addstr(out, "<p>");
	html_escape(out, s->name);
	strbuf_addf(out, "<br>%s</p>\n<p>To: ", buf);
	html_escape(out, party->name);
	if (party->email) {
		strbuf_addstr(out, "<br>E-mail: ");
		html_escape(out, party->email);
	}
	strbuf_addf(out, "</p>\n<h1>%s (level %u)</h1>\n<p>Dear ", title_of(r->level), r->level);
	html_escape(out, party->name);
	strbuf_addf(out, ",</p>\n<p>%s</p>\n", body_of(r->level));
	strbuf_addstr(out, "<table>\n<tr><th>Invoice</th><th>Date</th><th>Due</th>"
			   "<th class=\"num\">Days late</th><th>Reference</th><th class=\"num\">Open</th></tr>\n");
	for (uint32_t k = 0; k < r->nitems; k++) {
		const struct dunning_item *di = dunning_row_item(d, r, k);
		const struct openitem *it = openitems_item(oi, di->item);
		strbuf_addstr(out, "<tr><td>");
		html_escape(out, it->invoice);
		date_format(it->date, buf);
		strbuf_addf(out, "</td><td>%s</td>", buf);
		date_format(it->due, buf);
		strbuf_addf(out, "<td>%s</td><td class=\"num\">%ld</td><td>", buf, di->days);
		html_escape(out, it->ref ? it->ref : (di->charge ? "(charge)" : "-"));
		strbuf_reset(&a);
		amount_format(&a, &j->commodities, r->commodity, &it->open);
		strbuf_addstr(out, "</td><td class=\"num\">");
		html_escape(out, a.buf);
		strbuf_addstr(out, "</td></tr>\n");
	}
	struct summary_line sl[SUMMARY_MAX];
	size_t nsl = summary_lines(sl, d, r, j);
	for (size_t k = 0; k < nsl; k++) {
		bool total = k + 1 == nsl;
		strbuf_addstr(out, total ? "<tr class=\"total\"><td colspan=\"5\">" : "<tr><td colspan=\"5\">");
		html_escape(out, sl[k].label.buf);
		strbuf_addstr(out, total ? "</td><td class=\"num\" id=\"amount-to-pay\">" : "</td><td class=\"num\">");
		html_escape(out, sl[k].amount.buf);
		strbuf_addstr(out, "</td></tr>\n");
	}
	summary_release(sl, nsl);
	strbuf_addstr(out, "</table>\n");
	strbuf_addstr(out, "<p>Please transfer it to ");
	html_escape(out, s->name);
	strbuf_addstr(out, "<br>IBAN: ");
	strbuf_reset(&a);
	add_iban(&a, s->iban);
	html_escape(out, a.buf);
	if (s->bic) {
		strbuf_addstr(out, "<br>BIC: ");
		html_escape(out, s->bic);
	}
	strbuf_addstr(out, "</p>\n");
	size_t nref;
	const char *ref = single_ref(d, r, oi, &nref);
	strbuf_addstr(out, "<p>");
	if (ref) {
		strbuf_addstr(out, "Reference: <strong>");
		html_escape(out, ref);
		strbuf_addstr(out, "</strong> (please quote it exactly, it lets us apply your payment "
				   "automatically)");
	} else if (nref) {
		strbuf_addstr(out, "Reference: please quote the reference of each invoice you pay (one "
				   "transfer per invoice), or all invoice numbers.");
	} else {
		strbuf_addstr(out, "Reference: please quote the invoice numbers.");
	}
	strbuf_addstr(out, "</p>\n<p>If you disagree with an item, please tell us: we will hold it "
			   "while we look into it.</p>\n<p>Kind regards,<br>");
	html_escape(out, s->name);
	strbuf_addstr(out, "</p>\n");
	html_end(out);
	strbuf_release(&a);
}

int letters_each(const struct dunning *d, const struct journal *j, const struct openitems *oi,
		 clerk_date date, letters_emit_fn emit, void *ctx)
{
	struct letter_sender s;
	struct strbuf name = STRBUF_INIT, body = STRBUF_INIT;
	char **names = NULL;
	const char *problem;
	int error = 0;
	if (!dunning_notices_due(d))
		return 0;
	letters_sender(&s, j);
	if ((problem = letters_sender_problem(&s)))
		return clerk_error_set(CLERK_EINVALID, "cannot write letters: %s", problem);
	names = letters_file_names(d, j, date);
	for (size_t i = 0; !error && i < dunning_row_count(d); i++) {
		const struct dunning_row *r = dunning_row(d, i);
		if (!r->notice_due)
			continue;
		for (int html = 0; !error && html < 2; html++) {
			strbuf_reset(&body);
			strbuf_reset(&name);
			strbuf_addf(&name, "%s%s", names[i], html ? ".html" : ".txt");
			if (html)
				letters_html(&body, d, r, j, oi, &s, date);
			else
				letters_text(&body, d, r, j, oi, &s, date);
			error = emit(ctx, name.buf, &body);
		}
	}
	letters_file_names_free(names, d);
	strbuf_release(&name);
	strbuf_release(&body);
	return error;
}
