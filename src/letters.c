/*
 * letters.c - dunning letters in text and HTML (letters.h).
 */
#include "compat.h"
#include "letters.h"
#include "amount.h"
#include "html.h"
#include "util/utf8.h"

#include <string.h>

void letters_sender(struct letter_sender *s, const struct journal *j)
{
	s->name = "";
	s->iban = NULL;
	s->bic = NULL;
	for (size_t a = 0; a < j->accounts.n; a++) {
		if (j->accounts.v[a].role != ROLE_BANK)
			continue;
		const char *iban = journal_account_tag(j, (uint32_t)a, "iban");
		if (!iban)
			continue;
		const char *name = journal_account_tag(j, (uint32_t)a, "name");
		s->name = name ? name : "";
		s->iban = iban;
		s->bic = journal_account_tag(j, (uint32_t)a, "bic");
		return;
	}
}

void letters_file_name(struct strbuf *out, const struct dunning_row *r, const struct journal *j,
		       clerk_date date)
{
	char buf[11];
	date_format(date, buf);
	strbuf_addf(out, "%s-%u-", buf, r->level);
	/* the party account's last part, lower case, anything else as '-' */
	const char *acc = journal_account_name(j, r->account);
	const char *last = strrchr(acc, ':');
	last = last ? last + 1 : acc;
	bool dash = false;
	size_t start = out->len;
	for (const char *p = last; *p; p++) {
		char c = *p;
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
	if (out->len == start)
		strbuf_addstr(out, "party");
	strbuf_addch(out, '-');
	for (const char *p = commodity_symbol(&j->commodities, r->commodity); *p; p++)
		strbuf_addch(out, (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
					  (*p >= '0' && *p <= '9') ? *p : '_');
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
	date_format(date, buf);
	strbuf_addf(out, "%s\n%s\n\n", *s->name ? s->name : "(our company)", buf);
	strbuf_addf(out, "To: %s\n", party->name);
	if (party->email)
		strbuf_addf(out, "E-mail: %s\n", party->email);
	strbuf_addf(out, "Our account: %s\n\n", journal_account_name(j, r->account));
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
	if (s->iban) {
		strbuf_addf(out, "Please transfer it to %s\nIBAN: ", *s->name ? s->name : "us");
		add_iban(out, s->iban);
		strbuf_addch(out, '\n');
		if (s->bic)
			strbuf_addf(out, "BIC:  %s\n", s->bic);
	}
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
	strbuf_addf(out, "%s\n", *s->name ? s->name : "Accounts receivable");
	strbuf_release(&a);
}

void letters_html(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
		  const struct journal *j, const struct openitems *oi, const struct letter_sender *s,
		  clerk_date date)
{
	const struct openitems_party *party = openitems_party(oi, r->party);
	char buf[11];
	struct strbuf a = STRBUF_INIT;
	date_format(date, buf);
	html_begin(out, title_of(r->level));
	strbuf_addstr(out, "<p>");
	html_escape(out, *s->name ? s->name : "(our company)");
	strbuf_addf(out, "<br>%s</p>\n<p>To: ", buf);
	html_escape(out, party->name);
	if (party->email) {
		strbuf_addstr(out, "<br>E-mail: ");
		html_escape(out, party->email);
	}
	strbuf_addstr(out, "<br>Our account: ");
	html_escape(out, journal_account_name(j, r->account));
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
	if (s->iban) {
		strbuf_addstr(out, "<p>Please transfer it to ");
		html_escape(out, *s->name ? s->name : "us");
		strbuf_addstr(out, "<br>IBAN: ");
		strbuf_reset(&a);
		add_iban(&a, s->iban);
		html_escape(out, a.buf);
		if (s->bic) {
			strbuf_addstr(out, "<br>BIC: ");
			html_escape(out, s->bic);
		}
		strbuf_addstr(out, "</p>\n");
	}
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
	html_escape(out, *s->name ? s->name : "Accounts receivable");
	strbuf_addstr(out, "</p>\n");
	html_end(out);
	strbuf_release(&a);
}

int letters_each(const struct dunning *d, const struct journal *j, const struct openitems *oi,
		 clerk_date date, letters_emit_fn emit, void *ctx)
{
	struct letter_sender s;
	struct strbuf name = STRBUF_INIT, body = STRBUF_INIT;
	size_t stem;
	int error = 0;
	letters_sender(&s, j);
	for (size_t i = 0; !error && i < dunning_row_count(d); i++) {
		const struct dunning_row *r = dunning_row(d, i);
		if (!r->notice_due)
			continue;
		strbuf_reset(&name);
		letters_file_name(&name, r, j, date);
		stem = name.len;
		for (int html = 0; !error && html < 2; html++) {
			strbuf_reset(&body);
			strbuf_setlen(&name, stem);
			strbuf_addstr(&name, html ? ".html" : ".txt");
			if (html)
				letters_html(&body, d, r, j, oi, &s, date);
			else
				letters_text(&body, d, r, j, oi, &s, date);
			error = emit(ctx, name.buf, &body);
		}
	}
	strbuf_release(&name);
	strbuf_release(&body);
	return error;
}
