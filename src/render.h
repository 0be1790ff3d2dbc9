/*
 * render.h - the aging and collections reports as text, CSV and HTML,
 * written into a strbuf. Shared by `clerk aging`, `clerk collections`,
 * `clerk report` and `clerk run` (formats/aging.md, formats/dunning.md).
 * Never prints, never fails.
 */
#ifndef CLERK_RENDER_H
#define CLERK_RENDER_H

#include "compat.h"
#include "aging.h"
#include "dunning.h"
#include "util/strbuf.h"

void aging_csv(struct strbuf *out, const struct aging *a, const struct journal *j,
	       const struct openitems *oi);
void aging_text(struct strbuf *out, const struct aging *a, const struct journal *j,
		const struct openitems *oi, clerk_date date);
/** The aging table and its chart as an HTML fragment (no page frame). */
void aging_html(struct strbuf *out, const struct aging *a, const struct journal *j,
		const struct openitems *oi, clerk_date date);
/** A whole page around aging_html(). */
void aging_html_page(struct strbuf *out, const struct aging *a, const struct journal *j,
		     const struct openitems *oi, clerk_date date);

void collections_csv(struct strbuf *out, const struct dunning *d, const struct journal *j,
		     const struct openitems *oi);
void collections_text(struct strbuf *out, const struct dunning *d, const struct journal *j,
		      const struct openitems *oi, clerk_date date);

/*
 * Text tables: render_widen() grows the column widths w (in display
 * columns) to fit a row of ncol cells; render_row() writes a row padded to
 * them, two spaces between columns, right-aligned where right[k], without
 * trailing blanks, and a newline.
 */
void render_widen(size_t *w, const char *const *cells, size_t ncol);
void render_row(struct strbuf *out, const char *const *cells, const size_t *w, const bool *right,
		size_t ncol);

/** A plain decimal at the commodity's precision ("1234.50"), as in CSV files. */
void render_plain(struct strbuf *out, const struct journal *j, uint32_t commodity, const struct dec *v);
/** A number in the commodity's style without its symbol ("1,234.50"). */
void render_number(struct strbuf *out, const struct journal *j, uint32_t commodity, const struct dec *v);

#endif
