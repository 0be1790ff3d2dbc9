#include "compat.h"
#include "diag.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

uint32_t diag_column(const char *line, size_t off)
{
	uint32_t col = 1;
	for (size_t i = 0; i < off; col++) {
		/* a byte that is not valid UTF-8 counts as one character (it prints as U+FFFD) */
		uint32_t cp;
		size_t k = utf8_decode(line + i, off - i, &cp);
		i += k ? k : 1;
	}
	return col;
}

/* A copy of s[0..n) that is valid UTF-8 (bad bytes become U+FFFD). */
static char *sanitized_copy(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	utf8_add_sanitized(&sb, s, n);
	return strbuf_detach(&sb, NULL);
}

void diag_vadd(struct diag *d, enum diag_level level, const struct srcloc *loc,
	       const char *line_text, size_t line_len, const char *fmt, va_list ap)
{
	if (level == DIAG_ERROR)
		d->nerrors++;
	else if (level == DIAG_WARNING)
		d->nwarnings++;
	if (d->max_errors && d->n >= d->max_errors) {
		d->dropped++;
		return;
	}
	if (d->n == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 16;
		d->items = xrealloc(d->items, st_mult(d->alloc, sizeof(*d->items)));
	}
	struct diag_item *it = &d->items[d->n++];
	struct strbuf sb = STRBUF_INIT;
	strbuf_vaddf(&sb, fmt, ap);
	it->level = level;
	it->seq = d->n - 1;
	it->file = loc && loc->file ? xstrdup(loc->file) : NULL;
	it->line = loc ? loc->line : 0;
	it->col = loc ? loc->col : 0;
	it->message = sanitized_copy(sb.buf, sb.len);
	if (line_text && line_len && line_text[line_len - 1] == '\r')
		line_len--;
	it->source = line_text ? sanitized_copy(line_text, line_len) : NULL;
	strbuf_release(&sb);
}

void diag_add(struct diag *d, enum diag_level level, const struct srcloc *loc,
	      const char *line_text, size_t line_len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, level, loc, line_text, line_len, fmt, ap);
	va_end(ap);
}

static int cmp_item(const void *a, const void *b)
{
	const struct diag_item *x = a, *y = b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

void diag_sort(struct diag *d)
{
	/* qsort is not stable: ties are broken by the insertion sequence */
	if (d->n > 1)
		qsort(d->items, d->n, sizeof(*d->items), cmp_item);
}

static const char *level_name(enum diag_level l)
{
	switch (l) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	case DIAG_NOTE:
		return "note";
	}
	return "error";
}

void diag_format_item(struct strbuf *out, const struct diag_item *it)
{
	if (it->file) {
		strbuf_addstr(out, it->file);
		strbuf_addch(out, ':');
		if (it->line) {
			strbuf_addf(out, "%u:", it->line);
			if (it->col)
				strbuf_addf(out, "%u:", it->col);
		}
		strbuf_addch(out, ' ');
	}
	strbuf_addf(out, "%s: %s\n", level_name(it->level), it->message);
	if (it->source) {
		strbuf_addf(out, "%5u | %s\n", it->line, it->source);
		if (it->col) {
			strbuf_addstr(out, "      | ");
			const char *s = it->source;
			uint32_t col = 1;
			for (; *s && col < it->col; s++) {
				if (((unsigned char)*s & 0xC0) == 0x80)
					continue;
				strbuf_addch(out, *s == '\t' ? '\t' : ' ');
				col++;
			}
			strbuf_addstr(out, "^\n");
		}
	}
}

void diag_format(struct strbuf *out, const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		diag_format_item(out, &d->items[i]);
	if (d->dropped)
		strbuf_addf(out, "clerk: %zu further diagnostics not shown\n", d->dropped);
	if (d->nerrors + d->nwarnings > 1) {
		if (d->nerrors)
			strbuf_addf(out, "%zu error%s", d->nerrors, d->nerrors == 1 ? "" : "s");
		if (d->nwarnings)
			strbuf_addf(out, "%s%zu warning%s", d->nerrors ? ", " : "", d->nwarnings,
				    d->nwarnings == 1 ? "" : "s");
		strbuf_addch(out, '\n');
	}
}

void diag_release(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].message);
		free(d->items[i].source);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}
