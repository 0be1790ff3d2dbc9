/*
 * lang.c - languages of the customer's documents (lang.h,
 * formats/languages.md).
 */
#include "compat.h"
#include "lang.h"
#include "util/near.h"

#include <string.h>

int lang_parse(const char *code)
{
	for (int l = 0; l < LANG_COUNT; l++)
		if (!strcmp(code, lang_codes[l]))
			return l;
	return -1;
}

const char *lang_code(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? lang_codes[l] : "en";
}

const char *lang_near(const char *code)
{
	return near_closest(code, lang_codes, LANG_COUNT, 2);
}

static int lang_tag(const struct journal *j, uint32_t a)
{
	const char *v = a == NO_ID ? NULL : journal_account_tag(j, a, "lang");
	return v ? lang_parse(v) : -1;
}

enum lang lang_of_account(const struct journal *j, uint32_t a)
{
	int l = lang_tag(j, a);
	if (l < 0 && a != NO_ID)
		l = lang_tag(j, j->accounts.v[a].role_account);
	if (l < 0)
		l = lang_tag(j, journal_find_role(j, ROLE_RECEIVABLE));
	return l < 0 ? LANG_EN : (enum lang)l;
}

const char *lang_text(enum lang l, enum lang_key k)
{
	return lang_texts[(unsigned)l < LANG_COUNT ? l : LANG_EN][k];
}

static void add_text(struct strbuf *out, const char *s, size_t n, bool html)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!html)
			strbuf_addch(out, c);
		else if (c == '&')
			strbuf_addstr(out, "&amp;");
		else if (c == '<')
			strbuf_addstr(out, "&lt;");
		else if (c == '>')
			strbuf_addstr(out, "&gt;");
		else if (c == '"')
			strbuf_addstr(out, "&quot;");
		else if (c == '\'')
			strbuf_addstr(out, "&#39;");
		else
			strbuf_addch(out, c);
	}
}

void lang_fill(struct strbuf *out, enum lang l, enum lang_key k, const char *const *args, size_t n, bool html)
{
	const char *s = lang_text(l, k), *start = s;
	while (*s) {
		if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}' && (size_t)(s[1] - '1') < n) {
			add_text(out, start, (size_t)(s - start), html);
			strbuf_addstr(out, args[s[1] - '1']);
			s += 3;
			start = s;
		} else
			s++;
	}
	add_text(out, start, (size_t)(s - start), html);
}

void lang_date(struct strbuf *out, enum lang l, clerk_date d)
{
	if (l == LANG_EN) {
		date_append(out, d);
		return;
	}
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	strbuf_addf(out, "%02d.%02d.%04d", day, m, y);
}

void lang_number(struct strbuf *out, enum lang l, const struct dec *v, int32_t scale)
{
	switch (l) {
	case LANG_DE:
		dec_format(out, v, scale, ',', '.');
		break;
	case LANG_LV:
		dec_format(out, v, scale, ',', ' ');
		break;
	default:
		dec_format(out, v, scale, '.', ',');
		break;
	}
}
