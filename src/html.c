/*
 * html.c - HTML helpers (html.h).
 */
#include "compat.h"
#include "html.h"

#include <gmp.h>
#include <stdio.h>

unsigned html_permille(const struct dec *v, const struct dec *max)
{
	if (dec_sgn(max) <= 0 || dec_sgn(v) <= 0)
		return 0;
	mpq_t a, b;
	mpz_t q;
	mpq_init(a);
	mpq_init(b);
	mpz_init(q);
	dec_get_mpq(a, v);
	dec_get_mpq(b, max);
	mpq_div(a, a, b);
	mpz_mul_ui(mpq_numref(a), mpq_numref(a), 1000);
	mpz_fdiv_q(q, mpq_numref(a), mpq_denref(a)); /* explicit: rounded down */
	unsigned r = mpz_cmp_ui(q, 1000) > 0 ? 1000 : (unsigned)mpz_get_ui(q);
	mpq_clear(a);
	mpq_clear(b);
	mpz_clear(q);
	return r;
}

void html_escape(struct strbuf *out, const char *s)
{
	strbuf_addxml(out, s);
}

static const char style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:60em;"
	"color:#222;padding:0 1em}\n"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}\n"
	"table{border-collapse:collapse;margin:0.5em 0}th,td{padding:0.2em 0.7em;text-align:left;"
	"border-bottom:1px solid #eee}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"tr.total td{font-weight:bold;border-top:2px solid #888}\n"
	".note{color:#555;font-size:0.9em}.bad{color:#a00;font-weight:bold}.ok{color:#070}\n"
	"svg text{font-size:12px;font-family:inherit}\n";

void html_begin(struct strbuf *out, const char *title)
{
	strbuf_addstr(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			   "<meta name=\"generator\" content=\"clerk\">\n<title>");
	html_escape(out, title);
	strbuf_addstr(out, "</title>\n<style>\n");
	strbuf_addstr(out, style);
	strbuf_addstr(out, "</style>\n</head>\n<body>\n");
}

void html_end(struct strbuf *out)
{
	strbuf_addstr(out, "</body>\n</html>\n");
}

void html_bar_chart(struct strbuf *out, const char *title, const struct html_bar *bars, size_t n)
{
	const int label_w = 130, bar_w = 360, value_w = 150, row_h = 24;
	int height = (int)n * row_h + 8;
	strbuf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%d\" "
			 "viewBox=\"0 0 %d %d\"><title>",
		    label_w + bar_w + value_w, height, label_w + bar_w + value_w, height);
	html_escape(out, title);
	strbuf_addstr(out, "</title>\n");
	for (size_t i = 0; i < n; i++) {
		unsigned w = bars[i].permille > 1000 ? 1000 : bars[i].permille;
		int y = (int)i * row_h + 4;
		int len = (int)((w * (unsigned)bar_w + 500) / 1000);
		if (w > 0 && len < 1)
			len = 1;
		strbuf_addf(out, "<text x=\"0\" y=\"%d\">", y + 15);
		html_escape(out, bars[i].label);
		strbuf_addf(out, "</text><rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" "
				 "fill=\"#4a7bb7\"/><text class=\"value\" x=\"%d\" y=\"%d\">",
			    label_w, y, len, label_w + len + 6, y + 15);
		html_escape(out, bars[i].value);
		strbuf_addstr(out, "</text>\n");
	}
	strbuf_addstr(out, "</svg>\n");
}
