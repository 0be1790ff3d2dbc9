/*
 * letters.c - dunning letters in text and HTML (letters.h).
 */
#include "compat.h"
#include "letters.h"
#include "amount.h"
#include "error.h"
#include "html.h"
#include "lang.h"
#include "qr.h"
#include "util/utf8.h"
#include "util/symtab.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

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

const char *letters_address_line(const struct journal *j, uint32_t a, size_t *i)
{
	const struct account *acc = &j->accounts.v[a];
	uint32_t id = journal_tag_id(j, "address");
	while (id != NO_ID && *i < acc->ntags) {
		const struct tag *t = &j->tags.v[acc->tags_start + (*i)++];
		if (t->name != id)
			continue;
		for (const char *p = t->value; *p; p++)
			if (*p != ' ' && *p != '\t')
				return t->value;
	}
	if (*i <= acc->ntags) {
		*i = acc->ntags + 1; /* the country once, after the lines */
		const char *country = tag_or_null(j, a, "country");
		if (country)
			return country;
	}
	return NULL;
}

/* At most this many bytes of the party's name go into a file name (255 is the usual limit). */
#define PARTY_MAX_BYTES 100

/* Bytes that are not UTF-8 as spaces: they separate words, as in the rule. */
static void valid_utf8(struct strbuf *out, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, (const uint8_t *)s + i, n - i);
		if (len < 0) {
			strbuf_addch(out, ' ');
			i++;
			continue;
		}
		strbuf_add(out, s + i, (size_t)len);
		i += (size_t)len;
	}
}

/* Whether uc is kept in a file name: a-z and 0-9, other letters and decimal digits, and marks. */
static bool kept(ucs4_t uc)
{
	if (uc < 0x80)
		return (uc >= 'a' && uc <= 'z') || (uc >= '0' && uc <= '9');
	return uc_is_general_category(uc, UC_CATEGORY_L) || uc_is_general_category(uc, UC_CATEGORY_Nd) ||
	       uc_is_general_category(uc, UC_CATEGORY_M);
}

/*
 * The party part of a letter's file name (formats/dunning.md, "File
 * names"): last in lower case and NFC, letters, marks and digits kept,
 * every run of anything else one '-', none at either end, at most
 * PARTY_MAX_BYTES bytes, "party" when nothing is left.
 */
static void party_part(struct strbuf *out, const char *last)
{
	struct strbuf clean = STRBUF_INIT;
	size_t n = 0, start = out->len;
	valid_utf8(&clean, last);
	uint8_t *low = u8_tolower((const uint8_t *)clean.buf, clean.len, NULL, UNINORM_NFC, NULL, &n);
	if (!low)
		abort(); /* valid UTF-8 in, so only memory can fail: as xmalloc() does */
	bool dash = false;
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, low + i, n - i);
		const uint8_t *c = low + i;
		i += len > 0 ? (size_t)len : 1;
		/* a mark only right after what it marks, never opening a word */
		if (len <= 0 || !kept(uc) ||
		    (uc_is_general_category(uc, UC_CATEGORY_M) && (dash || out->len == start))) {
			dash = true;
			continue;
		}
		size_t add = (size_t)len + (dash && out->len > start);
		if (out->len - start + add > PARTY_MAX_BYTES)
			break;
		if (dash && out->len > start)
			strbuf_addch(out, '-');
		strbuf_add(out, c, (size_t)len);
		dash = false;
	}
	if (out->len == start)
		strbuf_addstr(out, "party");
	free(low);
	strbuf_release(&clean);
}

/*
 * DATE-LEVEL-party-CUR, or DATE-LEVEL-party-N-CUR when n > 1: party is the
 * party account's last part as party_part() makes it; CUR the
 * currency symbol with anything but ASCII letters and digits as '_'.
 */
static void file_stem(struct strbuf *out, const struct dunning_row *r, const struct journal *j,
		      clerk_date date, unsigned n)
{
	char buf[11];
	date_format(date, buf);
	strbuf_addf(out, "%s-%u-", buf, r->level);
	const char *acc = journal_account_name(j, r->account);
	const char *last = strrchr(acc, ':');
	last = last ? last + 1 : acc;
	party_part(out, last);
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

/* The letter's title and first paragraph by level, in the party's language (lang/\*.tsv). */
static const char *title_of(enum lang lg, unsigned level)
{
	static const enum lang_key k[] = { LK_LETTER_TITLE_1, LK_LETTER_TITLE_2, LK_LETTER_TITLE_3, LK_LETTER_TITLE_4 };
	return lang_text(lg, k[level >= 1 && level <= 3 ? level - 1 : 3]);
}

static const char *body_of(enum lang lg, unsigned level)
{
	static const enum lang_key k[] = { LK_LETTER_BODY_1, LK_LETTER_BODY_2, LK_LETTER_BODY_3, LK_LETTER_BODY_4 };
	return lang_text(lg, k[level >= 1 && level <= 3 ? level - 1 : 3]);
}

/* key's text with one argument, plain (html false) or escaped around an argument given escaped */
static void fill1(struct strbuf *out, enum lang lg, enum lang_key k, const char *arg, bool html)
{
	const char *args[] = { arg };
	lang_fill(out, lg, k, args, 1, html);
}

/* An amount: as the books write it in English, else the language's way with the currency code. */
static void letter_amount(struct strbuf *out, enum lang lg, const struct journal *j, uint32_t c,
			  const struct dec *v)
{
	if (lg == LANG_EN) {
		amount_format(out, &j->commodities, c, v);
		return;
	}
	int32_t prec = j->commodities.v[c].precision;
	lang_number(out, lg, v, prec < 0 ? 0 : prec);
	strbuf_addf(out, " %s", commodity_symbol(&j->commodities, c));
}

static void letter_date(char buf[static 11], enum lang lg, clerk_date d)
{
	struct strbuf sb = STRBUF_INIT;
	lang_date(&sb, lg, d);
	memcpy(buf, sb.buf, sb.len < 10 ? sb.len + 1 : 11);
	buf[10] = '\0';
	strbuf_release(&sb);
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

static void interest_label(struct strbuf *out, const struct dunning *d, enum lang lg)
{
	struct strbuf pct = STRBUF_INIT;
	if (lg == LANG_EN)
		dec_format_plain(&pct, &dunning_policy(d)->interest_pct, 0);
	else
		lang_number(&pct, lg, &dunning_policy(d)->interest_pct, 0);
	fill1(out, lg, LK_LETTER_INTEREST, pct.buf, false);
	strbuf_release(&pct);
}

/* What the letter asks for: overdue + fee + interest + credits. */
static void amount_to_pay(struct dec *total, const struct dunning_row *r)
{
	dec_add(total, &r->overdue, &r->fee);
	dec_add(total, total, &r->interest);
	dec_add(total, total, &r->credits);
}

/* The lines under the items: fee, interest, credit (those not zero), then the amount to pay. */
struct summary_line {
	struct strbuf label, amount;
};

#define SUMMARY_MAX 4

static size_t summary_lines(struct summary_line *sl, const struct dunning *d,
			    const struct dunning_row *r, const struct journal *j, enum lang lg)
{
	struct strbuf il = STRBUF_INIT;
	struct dec total = DEC_INIT;
	interest_label(&il, d, lg);
	const struct { const char *label; const struct dec *v; } extra[] = {
		{ lang_text(lg, LK_LETTER_FEE), &r->fee },
		{ il.buf, &r->interest },
		{ lang_text(lg, LK_LETTER_LESS_CREDIT), &r->credits },
		{ lang_text(lg, LK_LETTER_AMOUNT_TO_PAY), &total },
	};
	amount_to_pay(&total, r);
	size_t n = 0;
	for (size_t k = 0; k < ARRAY_SIZE(extra); k++) {
		if (k + 1 < ARRAY_SIZE(extra) && dec_is_zero(extra[k].v))
			continue;
		strbuf_init(&sl[n].label, 0);
		strbuf_init(&sl[n].amount, 0);
		strbuf_addstr(&sl[n].label, extra[k].label);
		letter_amount(&sl[n].amount, lg, j, r->commodity, extra[k].v);
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

/* Appends text wrapped at 76 display columns (utf8_width). */
static void add_wrapped(struct strbuf *out, const char *text)
{
	size_t col = 0;
	const char *p = text;
	while (*p) {
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		size_t n = (size_t)(e - p), w = utf8_width_n(p, n);
		if (col && col + 1 + w > 76) {
			strbuf_addch(out, '\n');
			col = 0;
		} else if (col) {
			strbuf_addch(out, ' ');
			col++;
		}
		strbuf_add(out, p, n);
		col += w;
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
	size_t n = utf8_width(s);
	strbuf_addchars(out, ' ', w > n ? w - n : 0);
	strbuf_addstr(out, s);
}

/* The text letter's column widths: English's, wider where a language's label needs it. */
struct text_cols {
	size_t invoice, date, due, days, ref, open;
};

static size_t at_least(size_t w, const char *label, size_t gap)
{
	size_t n = utf8_width(label) + gap;
	return n > w ? n : w;
}

static void text_cols(struct text_cols *c, enum lang lg)
{
	c->invoice = at_least(18, lang_text(lg, LK_COL_INVOICE), 1);
	c->date = at_least(12, lang_text(lg, LK_COL_DATE), 1);
	c->due = at_least(12, lang_text(lg, LK_COL_DUE), 1);
	c->days = at_least(9, lang_text(lg, LK_COL_DAYS_LATE), 0);
	c->ref = at_least(20, lang_text(lg, LK_COL_REFERENCE), 1);
	c->open = at_least(16, lang_text(lg, LK_COL_OPEN), 1);
}

/* The text letter's table head: the column labels at the columns' widths. */
static void text_head(struct strbuf *out, enum lang lg, const struct text_cols *c)
{
	struct strbuf h = STRBUF_INIT;
	pad_right(&h, lang_text(lg, LK_COL_INVOICE), c->invoice);
	pad_right(&h, lang_text(lg, LK_COL_DATE), c->date);
	pad_right(&h, lang_text(lg, LK_COL_DUE), c->due);
	pad_left(&h, lang_text(lg, LK_COL_DAYS_LATE), c->days);
	strbuf_addstr(&h, "  ");
	pad_right(&h, lang_text(lg, LK_COL_REFERENCE), c->ref);
	pad_left(&h, lang_text(lg, LK_COL_OPEN), c->open);
	strbuf_addf(out, "%s\n", h.buf);
	strbuf_release(&h);
}

/* The sender, the date, the addressee, the title and the first paragraph of the text letter. */
static void text_opening(struct strbuf *out, const struct dunning_row *r, const struct openitems_party *party,
			 const struct journal *j, const struct letter_sender *s, clerk_date date, enum lang lg)
{
	char buf[11];
	const char *line;
	size_t i = 0;
	letter_date(buf, lg, date);
	strbuf_addf(out, "%s\n", s->name);
	while ((line = letters_address_line(j, s->account, &i)))
		strbuf_addf(out, "%s\n", line);
	strbuf_addf(out, "%s\n\n", buf);
	fill1(out, lg, LK_LETTER_TO, party->name, false);
	strbuf_addch(out, '\n');
	for (i = 0; (line = letters_address_line(j, r->account, &i));)
		strbuf_addf(out, "%s\n", line);
	if (party->email) {
		fill1(out, lg, LK_LETTER_EMAIL, party->email, false);
		strbuf_addch(out, '\n');
	}
	strbuf_addch(out, '\n');
	char level[16];
	snprintf(level, sizeof(level), "%u", r->level);
	const char *args[] = { title_of(lg, r->level), level };
	lang_fill(out, lg, LK_LETTER_LEVEL, args, 2, false);
	strbuf_addstr(out, "\n\n");
	fill1(out, lg, LK_LETTER_DEAR, party->name, false);
	strbuf_addstr(out, "\n\n");
	add_wrapped(out, body_of(lg, r->level));
	strbuf_addch(out, '\n');
}

/* Where to pay and what to quote, and the closing, of the text letter. */
static void text_closing(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
			 const struct openitems *oi, const struct letter_sender *s, enum lang lg)
{
	struct strbuf t = STRBUF_INIT;
	fill1(out, lg, LK_LETTER_TRANSFER_TO, s->name, false);
	strbuf_addstr(out, "\nIBAN: ");
	add_iban(out, s->iban);
	strbuf_addch(out, '\n');
	if (s->bic)
		strbuf_addf(out, "BIC:  %s\n", s->bic);
	size_t nref;
	const char *ref = single_ref(d, r, oi, &nref);
	if (ref) {
		fill1(out, lg, LK_LETTER_REFERENCE, ref, false);
		strbuf_addf(out, "\n%s\n", lang_text(lg, LK_LETTER_QUOTE_EXACTLY_TEXT));
	} else if (nref)
		add_wrapped(out, lang_text(lg, LK_LETTER_QUOTE_EACH));
	else
		strbuf_addf(out, "%s\n", lang_text(lg, LK_LETTER_QUOTE_NUMBERS));
	strbuf_addch(out, '\n');
	add_wrapped(&t, lang_text(lg, LK_LETTER_DISAGREE));
	/* the English paragraph has always broken after "while we" */
	if (lg == LANG_EN)
		strbuf_addstr(out, "If you disagree with an item, please tell us: we will hold it while we\n"
				   "look into it.\n");
	else
		strbuf_addstr(out, t.buf);
	strbuf_addf(out, "\n%s\n%s\n", lang_text(lg, LK_LETTER_REGARDS), s->name);
	strbuf_release(&t);
}

void letters_text(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
		  const struct journal *j, const struct openitems *oi, const struct letter_sender *s,
		  clerk_date date)
{
	const struct openitems_party *party = openitems_party(oi, r->party);
	enum lang lg = lang_of_account(j, r->account);
	char buf[11];
	struct strbuf a = STRBUF_INIT;
	if (letters_sender_problem(s))
		BUG("a letter without a sender: %s", letters_sender_problem(s));
	struct text_cols c;
	text_cols(&c, lg);
	text_opening(out, r, party, j, s, date, lg);
	text_head(out, lg, &c);
	for (uint32_t k = 0; k < r->nitems; k++) {
		const struct dunning_item *di = dunning_row_item(d, r, k);
		const struct openitem *it = openitems_item(oi, di->item);
		pad_right(out, it->invoice, c.invoice);
		letter_date(buf, lg, it->date);
		pad_right(out, buf, c.date);
		letter_date(buf, lg, it->due);
		pad_right(out, buf, c.due);
		char days[24];
		snprintf(days, sizeof(days), "%ld", di->days);
		pad_left(out, days, c.days);
		strbuf_addstr(out, "  ");
		pad_right(out, it->ref ? it->ref : (di->charge ? lang_text(lg, LK_LETTER_CHARGE) : "-"), c.ref);
		strbuf_reset(&a);
		letter_amount(&a, lg, j, r->commodity, &it->open);
		pad_left(out, a.buf, c.open);
		strbuf_addch(out, '\n');
	}
	struct summary_line sl[SUMMARY_MAX];
	size_t nsl = summary_lines(sl, d, r, j, lg);
	for (size_t k = 0; k < nsl; k++) {
		pad_right(out, sl[k].label.buf, c.invoice + c.date + c.due + c.days + 2 + c.ref);
		pad_left(out, sl[k].amount.buf, c.open);
		if (k + 1 < nsl)
			strbuf_addch(out, '\n');
	}
	summary_release(sl, nsl);
	strbuf_addstr(out, "\n\n");
	text_closing(out, d, r, oi, s, lg);
	strbuf_release(&a);
}

/* Appends key's text for HTML with one argument, escaped here. */
static void html_fill1(struct strbuf *out, enum lang lg, enum lang_key k, const char *arg)
{
	struct strbuf e = STRBUF_INIT;
	html_escape(&e, arg);
	fill1(out, lg, k, e.buf, true);
	strbuf_release(&e);
}

static void html_text(struct strbuf *out, enum lang lg, enum lang_key k)
{
	lang_fill(out, lg, k, NULL, 0, true);
}

/* Account a's address lines and country, each after a <br>, escaped. */
static void html_address(struct strbuf *out, const struct journal *j, uint32_t a)
{
	const char *line;
	for (size_t i = 0; (line = letters_address_line(j, a, &i));) {
		strbuf_addstr(out, "<br>");
		html_escape(out, line);
	}
}

/* The head of the HTML letter: sender, date, addressee, title, salutation, first paragraph, table head. */
static void html_opening(struct strbuf *out, const struct dunning_row *r, const struct openitems_party *party,
			 const struct journal *j, const struct letter_sender *s, clerk_date date, enum lang lg)
{
	static const enum lang_key head[] = { LK_COL_INVOICE, LK_COL_DATE, LK_COL_DUE, LK_COL_DAYS_LATE,
					      LK_COL_REFERENCE, LK_COL_OPEN };
	char buf[11];
	letter_date(buf, lg, date);
	size_t start = out->len;
	html_begin(out, title_of(lg, r->level));
	const char *en = strstr(out->buf + start, "<html lang=\"en\">");
	if (en && lg != LANG_EN) /* html_begin() says English: the letter's own language */
		memcpy(out->buf + (en - out->buf) + 12, lang_code(lg), 2);
	strbuf_addstr(out, "<p>");
	html_escape(out, s->name);
	html_address(out, j, s->account);
	strbuf_addf(out, "<br>%s</p>\n<p>", buf);
	html_fill1(out, lg, LK_LETTER_TO, party->name);
	html_address(out, j, r->account);
	if (party->email) {
		strbuf_addstr(out, "<br>");
		html_fill1(out, lg, LK_LETTER_EMAIL, party->email);
	}
	struct strbuf t = STRBUF_INIT;
	html_escape(&t, title_of(lg, r->level));
	char level[16];
	snprintf(level, sizeof(level), "%u", r->level);
	const char *args[] = { t.buf, level };
	strbuf_addstr(out, "</p>\n<h1>");
	lang_fill(out, lg, LK_LETTER_LEVEL, args, 2, true);
	strbuf_addstr(out, "</h1>\n<p>");
	html_fill1(out, lg, LK_LETTER_DEAR, party->name);
	strbuf_addstr(out, "</p>\n<p>");
	html_escape(out, body_of(lg, r->level));
	strbuf_addstr(out, "</p>\n<table>\n<tr>");
	for (size_t k = 0; k < ARRAY_SIZE(head); k++) {
		strbuf_addstr(out, k == 3 || k == 5 ? "<th class=\"num\">" : "<th>");
		html_text(out, lg, head[k]);
		strbuf_addstr(out, "</th>");
	}
	strbuf_addstr(out, "</tr>\n");
	strbuf_release(&t);
}

/*
 * The invoice numbers of the letter's items, separated by spaces, into out
 * when they fit the EPC069-12 text (140 bytes); else out stays empty.
 */
static void invoice_numbers(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
			    const struct openitems *oi)
{
	for (uint32_t k = 0; k < r->nitems; k++) {
		const struct openitem *it = openitems_item(oi, dunning_row_item(d, r, k)->item);
		if (out->len)
			strbuf_addch(out, ' ');
		strbuf_addstr(out, it->invoice);
	}
	if (out->len > QR_EPC_MAX_TEXT || strchr(out->buf, '\n'))
		strbuf_reset(out);
}

/*
 * The EPC069-12 QR code of a EUR letter: the amount to pay to the sender,
 * with the one reference to quote, else the invoice numbers as text. A
 * letter whose code cannot be made (a name longer than 70 bytes, an amount
 * out of range) is written without it: its bank details are in words.
 */
static void html_qr(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
		    const struct journal *j, const struct openitems *oi, const struct letter_sender *s,
		    const char *ref, enum lang lg)
{
	if (strcmp(commodity_symbol(&j->commodities, r->commodity), "EUR"))
		return;
	struct dec total = DEC_INIT;
	struct strbuf payload = STRBUF_INIT, text = STRBUF_INIT, svg = STRBUF_INIT;
	amount_to_pay(&total, r);
	if (!ref)
		invoice_numbers(&text, d, r, oi);
	if (!qr_epc_payload_text(&payload, s->bic, s->name, s->iban, &total, ref, text.buf) &&
	    !qr_svg(&svg, payload.buf, 160, lang_text(lg, LK_SCAN_TO_PAY_TITLE))) {
		strbuf_addf(out, "<figure class=\"qr\">%s<figcaption>", svg.buf);
		html_text(out, lg, LK_SCAN_TO_PAY);
		strbuf_addstr(out, "</figcaption></figure>\n");
	} else
		clerk_error_clear();
	dec_clear(&total);
	strbuf_release(&payload);
	strbuf_release(&text);
	strbuf_release(&svg);
}

/* Where to pay and what to quote, and the closing, of the HTML letter. */
static void html_closing(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
			 const struct journal *j, const struct openitems *oi, const struct letter_sender *s,
			 enum lang lg)
{
	struct strbuf a = STRBUF_INIT;
	strbuf_addstr(out, "<p>");
	html_fill1(out, lg, LK_LETTER_TRANSFER_TO, s->name);
	strbuf_addstr(out, "<br>IBAN: ");
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
		strbuf_reset(&a);
		strbuf_addstr(&a, "<strong>");
		html_escape(&a, ref);
		strbuf_addstr(&a, "</strong>");
		fill1(out, lg, LK_LETTER_REFERENCE, a.buf, true);
		strbuf_addch(out, ' ');
		html_text(out, lg, LK_LETTER_QUOTE_EXACTLY_HTML);
	} else
		html_text(out, lg, nref ? LK_LETTER_QUOTE_EACH : LK_LETTER_QUOTE_NUMBERS);
	strbuf_addstr(out, "</p>\n");
	html_qr(out, d, r, j, oi, s, ref, lg);
	strbuf_addstr(out, "<p>");
	html_text(out, lg, LK_LETTER_DISAGREE);
	strbuf_addstr(out, "</p>\n<p>");
	html_text(out, lg, LK_LETTER_REGARDS);
	strbuf_addstr(out, "<br>");
	html_escape(out, s->name);
	strbuf_addstr(out, "</p>\n");
	strbuf_release(&a);
}

void letters_html(struct strbuf *out, const struct dunning *d, const struct dunning_row *r,
		  const struct journal *j, const struct openitems *oi, const struct letter_sender *s,
		  clerk_date date)
{
	const struct openitems_party *party = openitems_party(oi, r->party);
	enum lang lg = lang_of_account(j, r->account);
	char buf[11];
	struct strbuf a = STRBUF_INIT;
	if (letters_sender_problem(s))
		BUG("a letter without a sender: %s", letters_sender_problem(s));
	html_opening(out, r, party, j, s, date, lg);
	for (uint32_t k = 0; k < r->nitems; k++) {
		const struct dunning_item *di = dunning_row_item(d, r, k);
		const struct openitem *it = openitems_item(oi, di->item);
		strbuf_addstr(out, "<tr><td>");
		html_escape(out, it->invoice);
		letter_date(buf, lg, it->date);
		strbuf_addf(out, "</td><td>%s</td>", buf);
		letter_date(buf, lg, it->due);
		strbuf_addf(out, "<td>%s</td><td class=\"num\">%ld</td><td>", buf, di->days);
		html_escape(out, it->ref ? it->ref : (di->charge ? lang_text(lg, LK_LETTER_CHARGE) : "-"));
		strbuf_reset(&a);
		letter_amount(&a, lg, j, r->commodity, &it->open);
		strbuf_addstr(out, "</td><td class=\"num\">");
		html_escape(out, a.buf);
		strbuf_addstr(out, "</td></tr>\n");
	}
	struct summary_line sl[SUMMARY_MAX];
	size_t nsl = summary_lines(sl, d, r, j, lg);
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
	html_closing(out, d, r, j, oi, s, lg);
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
