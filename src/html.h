/*
 * html.h - small helpers for the self-contained HTML pages Clerk writes
 * (aging, letters, the management report): escaping, the page frame and a
 * horizontal bar chart in inline SVG. Nothing is fetched from anywhere.
 */
#ifndef CLERK_HTML_H
#define CLERK_HTML_H

#include "compat.h"
#include "decimal.h"
#include "util/strbuf.h"

/** Appends s escaped for HTML: strbuf_addxml() (control characters dropped). */
void html_escape(struct strbuf *out, const char *s);
/** Appends the start of a page: doctype, charset, title, the shared style, <body>. */
void html_begin(struct strbuf *out, const char *title);
/** Appends </body></html>. */
void html_end(struct strbuf *out);

struct html_bar {
	const char *label; /* shown left of the bar */
	const char *value; /* the figure shown right of the bar, as formatted text */
	unsigned permille; /* length relative to the longest bar, 0..1000 */
};

/** v / max in thousandths, 0..1000 (0 when max is not positive or v is negative). */
unsigned html_permille(const struct dec *v, const struct dec *max);

/** Appends an inline SVG chart with one horizontal bar per entry; title names it for screen readers. */
void html_bar_chart(struct strbuf *out, const char *title, const struct html_bar *bars, size_t n);

#endif
