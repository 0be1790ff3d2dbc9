/*
 * render.c - aging and collections as text, CSV and HTML (render.h).
 */
#include "compat.h"
#include "util/utf8.h"
#include "render.h"
#include "html.h"

#include <stdio.h>
#include <string.h>

void render_plain(struct strbuf *out, const struct journal *j, uint32_t commodity, const struct dec *v)
{
	dec_format_plain(out, v, j->commodities.v[commodity].precision);
}

void render_number(struct strbuf *out, const struct journal *j, uint32_t commodity, const struct dec *v)
{
	const struct commodity *c = &j->commodities.v[commodity];
	dec_format(out, v, c->precision, c->mark ? c->mark : '.', c->group);
}



/* ------------------------------------------------------------ a text table */

struct table {
	size_t ncol;
	const bool *right;
	VEC(char *) cells; /* row-major */
};

static void table_add(struct table *t, const char *s)
{
	VEC_PUSH(&t->cells, xstrdup(s));
}

void render_widen(size_t *w, const char *const *cells, size_t ncol)
{
	for (size_t k = 0; k < ncol; k++) {
		size_t n = utf8_width(cells[k]);
		if (n > w[k])
			w[k] = n;
	}
}

void render_row(struct strbuf *out, const char *const *cells, const size_t *w, const bool *right,
		size_t ncol)
{
	size_t start = out->len;
	for (size_t k = 0; k < ncol; k++) {
		size_t pad = w[k] - utf8_width(cells[k]);
		if (k)
			strbuf_addstr(out, "  ");
		if (right[k])
			strbuf_addchars(out, ' ', pad);
		strbuf_addstr(out, cells[k]);
		if (!right[k])
			strbuf_addchars(out, ' ', pad);
	}
	size_t len = out->len;
	while (len > start && out->buf[len - 1] == ' ')
		len--;
	strbuf_setlen(out, len);
	strbuf_addch(out, '\n');
}

static void table_render(struct strbuf *out, struct table *t, size_t rule_before_row)
{
	size_t nrow = t->cells.n / t->ncol;
	size_t *w = xcalloc(t->ncol, sizeof(*w));
	for (size_t r = 0; r < nrow; r++)
		render_widen(w, (const char *const *)t->cells.v + r * t->ncol, t->ncol);
	size_t total = 0;
	for (size_t k = 0; k < t->ncol; k++)
		total += w[k] + (k ? 2 : 0);
	for (size_t r = 0; r < nrow; r++) {
		if (r == rule_before_row) {
			strbuf_addchars(out, '-', total);
			strbuf_addch(out, '\n');
		}
		render_row(out, (const char *const *)t->cells.v + r * t->ncol, w, t->right, t->ncol);
	}
	for (size_t i = 0; i < t->cells.n; i++)
		free(t->cells.v[i]);
	VEC_FREE(&t->cells);
	free(w);
}

/* ---------------------------------------------------------------- aging */

static const char *party_name(const struct openitems *oi, const struct aging_row *r)
{
	return r->party == NO_ID ? "Total" : openitems_party(oi, r->party)->name;
}

void aging_csv(struct strbuf *out, const struct aging *a, const struct journal *j,
	       const struct openitems *oi)
{
	size_t nb = aging_bucket_count(a);
	strbuf_addstr(out, "party,account,currency");
	for (size_t k = 0; k < nb; k++)
		strbuf_addf(out, ",%s", aging_bucket_name(a, k));
	strbuf_addstr(out, ",credits,total,disputed,items,oldest_due\n");
	for (size_t i = 0; i < aging_row_count(a); i++) {
		const struct aging_row *r = aging_row(a, i);
		strbuf_addcsv(out, party_name(oi, r));
		strbuf_addch(out, ',');
		strbuf_addcsv(out, journal_account_name(j, r->account));
		strbuf_addch(out, ',');
		strbuf_addcsv(out, commodity_symbol(&j->commodities, r->commodity));
		for (size_t k = 0; k < nb; k++) {
			strbuf_addch(out, ',');
			render_plain(out, j, r->commodity, &r->bucket[k]);
		}
		strbuf_addch(out, ',');
		render_plain(out, j, r->commodity, &r->credits);
		strbuf_addch(out, ',');
		render_plain(out, j, r->commodity, &r->total);
		strbuf_addch(out, ',');
		render_plain(out, j, r->commodity, &r->disputed);
		strbuf_addf(out, ",%u,", r->nitems);
		date_append(out, r->oldest_due);
		strbuf_addch(out, '\n');
	}
}

static void tie_text(struct strbuf *out, const struct aging *a, const struct journal *j, clerk_date date)
{
	struct strbuf s = STRBUF_INIT;
	const char *side = aging_side(a) == OPENITEMS_PAYABLES ? "payable" : "receivable";
	strbuf_addf(out, "\nTie-out to the %s control balance on ", side);
	date_append(out, date);
	strbuf_addstr(out, ":\n");
	for (size_t i = 0; i < aging_total_count(a); i++) {
		const struct aging_tie *t = aging_tie(a, i);
		strbuf_addf(out, "  %s: rows ", commodity_symbol(&j->commodities, t->commodity));
		render_number(out, j, t->commodity, &t->rows);
		strbuf_addstr(out, ", control ");
		render_number(out, j, t->commodity, &t->control);
		if (t->ok) {
			strbuf_addstr(out, ": ties out\n");
		} else {
			struct dec diff = DEC_INIT;
			dec_sub(&diff, &t->control, &t->rows);
			strbuf_reset(&s);
			render_number(&s, j, t->commodity, &diff);
			strbuf_addf(out, ": DOES NOT TIE OUT, difference %s\n", s.buf);
			dec_clear(&diff);
		}
	}
	if (!aging_total_count(a))
		strbuf_addstr(out, "  nothing open, control balance zero: ties out\n");
	strbuf_release(&s);
}

void aging_text(struct strbuf *out, const struct aging *a, const struct journal *j,
		const struct openitems *oi, clerk_date date)
{
	size_t nb = aging_bucket_count(a), ncol = nb + 4;
	bool *right = xcalloc(ncol, sizeof(*right));
	for (size_t k = 2; k < ncol; k++)
		right[k] = true;
	struct table t = { ncol, right, VEC_INIT };
	struct strbuf s = STRBUF_INIT;
	strbuf_addf(out, "Aged %s as of ", aging_side(a) == OPENITEMS_PAYABLES ? "payables" : "receivables");
	date_append(out, date);
	strbuf_addstr(out, "\n\n");
	table_add(&t, "Party");
	table_add(&t, "Currency");
	for (size_t k = 0; k < nb; k++)
		table_add(&t, aging_bucket_label(a, k));
	table_add(&t, "Credits");
	table_add(&t, "Total");
	for (int pass = 0; pass < 2; pass++) {
		size_t n = pass ? aging_total_count(a) : aging_row_count(a);
		for (size_t i = 0; i < n; i++) {
			const struct aging_row *r = pass ? aging_total(a, i) : aging_row(a, i);
			table_add(&t, party_name(oi, r));
			table_add(&t, commodity_symbol(&j->commodities, r->commodity));
			for (size_t k = 0; k < nb + 2; k++) {
				const struct dec *v = k < nb ? &r->bucket[k] : k == nb ? &r->credits : &r->total;
				strbuf_reset(&s);
				render_number(&s, j, r->commodity, v);
				table_add(&t, s.buf);
			}
		}
	}
	table_render(out, &t, 1 + aging_row_count(a));
	tie_text(out, a, j, date);
	bool disputed = false;
	for (size_t i = 0; i < aging_total_count(a); i++)
		if (!dec_is_zero(&aging_total(a, i)->disputed))
			disputed = true;
	if (disputed) {
		strbuf_addstr(out, "\nDisputed amounts included above:");
		for (size_t i = 0; i < aging_row_count(a); i++) {
			const struct aging_row *r = aging_row(a, i);
			if (dec_is_zero(&r->disputed))
				continue;
			strbuf_addf(out, "\n  %s: ", party_name(oi, r));
			render_number(out, j, r->commodity, &r->disputed);
			strbuf_addf(out, " %s", commodity_symbol(&j->commodities, r->commodity));
		}
		strbuf_addch(out, '\n');
	}
	strbuf_release(&s);
	free(right);
}

void aging_html(struct strbuf *out, const struct aging *a, const struct journal *j,
		const struct openitems *oi, clerk_date date)
{
	size_t nb = aging_bucket_count(a);
	const char *side = aging_side(a) == OPENITEMS_PAYABLES ? "payables" : "receivables";
	struct strbuf s = STRBUF_INIT;
	strbuf_addf(out, "<section id=\"aging-%s\">\n<h2>Aged %s as of ", side, side);
	date_append(out, date);
	strbuf_addstr(out, "</h2>\n");
	/* a chart per currency: the totals by bucket */
	for (size_t i = 0; i < aging_total_count(a); i++) {
		const struct aging_row *t = aging_total(a, i);
		const char *sym = commodity_symbol(&j->commodities, t->commodity);
		struct html_bar *bars = xcalloc(nb, sizeof(*bars));
		struct strbuf *vals = xcalloc(nb, sizeof(*vals));
		const struct dec *max = &t->bucket[0];
		for (size_t k = 1; k < nb; k++)
			if (dec_cmp(&t->bucket[k], max) > 0)
				max = &t->bucket[k];
		for (size_t k = 0; k < nb; k++) {
			strbuf_init(&vals[k], 0);
			render_number(&vals[k], j, t->commodity, &t->bucket[k]);
			strbuf_addf(&vals[k], " %s", sym);
			bars[k].label = aging_bucket_label(a, k);
			bars[k].value = vals[k].buf;
			bars[k].permille = html_permille(&t->bucket[k], max);
		}
		strbuf_reset(&s);
		strbuf_addf(&s, "Aged %s in %s by days past due", side, sym);
		html_bar_chart(out, s.buf, bars, nb);
		for (size_t k = 0; k < nb; k++)
			strbuf_release(&vals[k]);
		free(vals);
		free(bars);
	}
	strbuf_addstr(out, "<table class=\"aging\">\n<tr><th>Party</th><th>Currency</th>");
	for (size_t k = 0; k < nb; k++) {
		strbuf_addstr(out, "<th class=\"num\">");
		html_escape(out, aging_bucket_label(a, k));
		strbuf_addstr(out, "</th>");
	}
	strbuf_addstr(out, "<th class=\"num\">Credits</th><th class=\"num\">Total</th></tr>\n");
	for (int pass = 0; pass < 2; pass++) {
		size_t n = pass ? aging_total_count(a) : aging_row_count(a);
		for (size_t i = 0; i < n; i++) {
			const struct aging_row *r = pass ? aging_total(a, i) : aging_row(a, i);
			strbuf_addstr(out, pass ? "<tr class=\"total\"><td>" : "<tr><td>");
			html_escape(out, party_name(oi, r));
			strbuf_addstr(out, "</td><td>");
			html_escape(out, commodity_symbol(&j->commodities, r->commodity));
			strbuf_addstr(out, "</td>");
			for (size_t k = 0; k < nb + 2; k++) {
				const struct dec *v = k < nb ? &r->bucket[k] : k == nb ? &r->credits : &r->total;
				strbuf_reset(&s);
				render_plain(&s, j, r->commodity, v);
				strbuf_addf(out, "<td class=\"num\" data-value=\"%s\">", s.buf);
				strbuf_reset(&s);
				render_number(&s, j, r->commodity, v);
				html_escape(out, s.buf);
				strbuf_addstr(out, "</td>");
			}
			strbuf_addstr(out, "</tr>\n");
		}
	}
	strbuf_addstr(out, "</table>\n<p class=\"note\">");
	strbuf_reset(&s);
	tie_text(&s, a, j, date);
	html_escape(out, s.buf + 1);
	strbuf_addstr(out, "</p>\n</section>\n");
	strbuf_release(&s);
}

void aging_html_page(struct strbuf *out, const struct aging *a, const struct journal *j,
		     const struct openitems *oi, clerk_date date)
{
	char buf[11];
	struct strbuf title = STRBUF_INIT;
	date_format(date, buf);
	strbuf_addf(&title, "Aged %s %s", aging_side(a) == OPENITEMS_PAYABLES ? "payables" : "receivables",
		    buf);
	html_begin(out, title.buf);
	aging_html(out, a, j, oi, date);
	html_end(out);
	strbuf_release(&title);
}

/* ---------------------------------------------------------- collections */

static void item_list(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
		      const struct openitems *oi)
{
	for (uint32_t k = 0; k < r->nitems; k++) {
		const struct openitem *it = openitems_item(oi, dunning_row_item(d, r, k)->item);
		if (k)
			strbuf_addch(out, ';');
		strbuf_addstr(out, it->invoice);
	}
}

void collections_csv(struct strbuf *out, const struct dunning *d, const struct journal *j,
		     const struct openitems *oi)
{
	struct strbuf s = STRBUF_INIT;
	strbuf_addstr(out, "party,account,currency,overdue,oldest_due,days_past_due,level,action,items,"
			   "email,credits,notice_due,last_notice,fee,interest,why_held\n");
	for (size_t i = 0; i < dunning_row_count(d); i++) {
		const struct dunning_row *r = dunning_row(d, i);
		const struct openitems_party *p = openitems_party(oi, r->party);
		strbuf_addcsv(out, p->name);
		strbuf_addch(out, ',');
		strbuf_addcsv(out, journal_account_name(j, r->account));
		strbuf_addch(out, ',');
		strbuf_addcsv(out, commodity_symbol(&j->commodities, r->commodity));
		strbuf_addch(out, ',');
		render_plain(out, j, r->commodity, &r->overdue);
		strbuf_addch(out, ',');
		date_append(out, r->oldest_due);
		strbuf_addf(out, ",%ld,%u,%s,", r->days, r->level, dunning_action(r->level));
		strbuf_reset(&s);
		item_list(&s, d, r, oi);
		strbuf_addcsv(out, s.buf);
		strbuf_addch(out, ',');
		strbuf_addcsv(out, p->email ? p->email : "");
		strbuf_addch(out, ',');
		render_plain(out, j, r->commodity, &r->credits);
		strbuf_addf(out, ",%s,", r->notice_due ? "yes" : r->held ? "held" : "no");
		date_append(out, r->last_notice);
		strbuf_addch(out, ',');
		render_plain(out, j, r->commodity, &r->fee);
		strbuf_addch(out, ',');
		render_plain(out, j, r->commodity, &r->interest);
		strbuf_addch(out, ',');
		if (r->held)
			strbuf_addcsv(out, dunning_held(d));
		strbuf_addch(out, '\n');
	}
	strbuf_release(&s);
}

static const char *why_text(enum dunning_exclusion why)
{
	switch (why) {
	case DUNNING_DISPUTED:
		return "disputed";
	case DUNNING_PARTY_OPTED_OUT:
		return "dunning: no";
	default:
		return "covered by credits";
	}
}

void collections_text(struct strbuf *out, const struct dunning *d, const struct journal *j,
		      const struct openitems *oi, clerk_date date)
{
	static const bool right[] = { false, false, true, false, true, true, false, false, false };
	struct table t = { ARRAY_SIZE(right), right, VEC_INIT };
	struct strbuf s = STRBUF_INIT;
	strbuf_addstr(out, "Collections list as of ");
	date_append(out, date);
	strbuf_addstr(out, "\n\n");
	static const char *const head[] = { "Party", "Currency", "Overdue", "Oldest due", "Days",
					    "Level", "Action", "Notice", "Items" };
	for (size_t k = 0; k < ARRAY_SIZE(head); k++)
		table_add(&t, head[k]);
	for (size_t i = 0; i < dunning_row_count(d); i++) {
		const struct dunning_row *r = dunning_row(d, i);
		table_add(&t, openitems_party(oi, r->party)->name);
		table_add(&t, commodity_symbol(&j->commodities, r->commodity));
		strbuf_reset(&s);
		render_number(&s, j, r->commodity, &r->overdue);
		table_add(&t, s.buf);
		strbuf_reset(&s);
		date_append(&s, r->oldest_due);
		table_add(&t, s.buf);
		strbuf_reset(&s);
		strbuf_addf(&s, "%ld", r->days);
		table_add(&t, s.buf);
		strbuf_reset(&s);
		strbuf_addf(&s, "%u", r->level);
		table_add(&t, s.buf);
		table_add(&t, dunning_action(r->level));
		strbuf_reset(&s);
		if (r->notice_due)
			strbuf_addstr(&s, "due now");
		else if (r->held)
			strbuf_addstr(&s, "held");
		else if (r->last_notice != DATE_NONE) {
			strbuf_addstr(&s, "sent ");
			date_append(&s, r->last_notice);
		}
		table_add(&t, s.buf);
		strbuf_reset(&s);
		item_list(&s, d, r, oi);
		table_add(&t, s.buf);
	}
	if (!dunning_row_count(d))
		strbuf_addstr(out, "Nobody is overdue.\n");
	else
		table_render(out, &t, SIZE_MAX);
	if (dunning_row_count(d) == 0)
		table_render(&s, &t, SIZE_MAX); /* frees the headings */
	size_t nx = dunning_excluded_count(d);
	if (nx) {
		strbuf_addstr(out, "\nLeft out of dunning:\n");
		for (size_t i = 0; i < nx; i++) {
			const struct dunning_excluded *x = dunning_excluded(d, i);
			const struct openitems_party *p = openitems_party(oi, x->party);
			strbuf_addf(out, "  %s: ", p->name);
			if (x->item != NO_ID) {
				const struct openitem *it = openitems_item(oi, x->item);
				strbuf_addf(out, "%s ", it->invoice);
			}
			render_number(out, j, x->commodity, &x->amount);
			strbuf_addf(out, " %s overdue, %s", commodity_symbol(&j->commodities, x->commodity),
				    why_text(x->why));
			if (x->why == DUNNING_DISPUTED)
				strbuf_addf(out, " (%s)", openitems_item(oi, x->item)->dispute);
			strbuf_addch(out, '\n');
		}
	}
	size_t due = dunning_notices_due(d), held = dunning_notices_held(d);
	if (dunning_held(d))
		strbuf_addf(out, "\n%zu notice%s held: %s.\n", held, held == 1 ? "" : "s",
			    dunning_held(d));
	else
		strbuf_addf(out, "\n%zu notice%s due now.\n", due, due == 1 ? "" : "s");
	strbuf_release(&s);
}
