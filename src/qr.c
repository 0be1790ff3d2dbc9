/*
 * qr.c - the EPC069-12 payload and its QR code as inline SVG (qr.h).
 */
#include "compat.h"
#include "qr.h"
#include "error.h"
#include "html.h"
#include "refs.h"

#include <qrencode.h>

int qr_epc_payload(struct strbuf *out, const char *bic, const char *name, const char *iban,
		   const struct dec *amount, const char *ref)
{
	return qr_epc_payload_text(out, bic, name, iban, amount, ref, NULL);
}

int qr_epc_payload_text(struct strbuf *out, const char *bic, const char *name, const char *iban,
			const struct dec *amount, const char *ref, const char *text)
{
	struct dec min = DEC_INIT, max = DEC_INIT;
	struct strbuf sb = STRBUF_INIT, ib = STRBUF_INIT;
	int rc = 0;
	dec_set_i64(&min, 1, 2);
	dec_set_i64(&max, 99999999999, 2);
	if (!name || !*name || strlen(name) > QR_EPC_MAX_NAME || strchr(name, '\n'))
		rc = clerk_error_set(CLERK_EINVALID, "the payee name must have 1 to %d bytes on one line",
				     QR_EPC_MAX_NAME);
	else if (!iban || !iban_valid(iban))
		rc = clerk_error_set(CLERK_EINVALID, "the payee account is not a valid IBAN");
	else if (dec_cmp(amount, &min) < 0 || dec_cmp(amount, &max) > 0 ||
		 dec_needed_scale(amount) > 2)
		rc = clerk_error_set(CLERK_EINVALID,
				     "the amount is not from 0.01 to 999999999.99 with at most 2 decimals");
	else if (ref && (strlen(ref) > QR_EPC_MAX_REF || strchr(ref, '\n')))
		rc = clerk_error_set(CLERK_EINVALID, "the reference has more than %d characters",
				     QR_EPC_MAX_REF);
	else if (ref && *ref && text && *text)
		rc = clerk_error_set(CLERK_EINVALID, "a structured reference and a text together");
	else if (text && (strlen(text) > QR_EPC_MAX_TEXT || strchr(text, '\n')))
		rc = clerk_error_set(CLERK_EINVALID, "the text has more than %d characters",
				     QR_EPC_MAX_TEXT);
	else if (bic && strchr(bic, '\n'))
		rc = clerk_error_set(CLERK_EINVALID, "the BIC holds a line break");
	if (!rc) {
		refs_normalize(&ib, iban);
		strbuf_addf(&sb, "BCD\n002\n1\nSCT\n%s\n%s\n%s\nEUR", bic ? bic : "", name, ib.buf);
		dec_format_plain(&sb, amount, 2);
		if (ref && *ref)
			strbuf_addf(&sb, "\n\n%s", ref);
		else if (text && *text)
			strbuf_addf(&sb, "\n\n\n%s", text);
		if (sb.len > QR_EPC_MAX_PAYLOAD)
			rc = clerk_error_set(CLERK_EINVALID, "the payload has more than %d bytes",
					     QR_EPC_MAX_PAYLOAD);
		else
			strbuf_add(out, sb.buf, sb.len);
	}
	strbuf_release(&sb);
	strbuf_release(&ib);
	dec_clear(&min);
	dec_clear(&max);
	return rc;
}

/* Appends v (0 .. 999) in decimal: the SVG path has thousands of them. */
static void add_int(struct strbuf *out, int v)
{
	char buf[4];
	int n = 0;
	do
		buf[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0 && n < 3);
	while (n)
		strbuf_addch(out, buf[--n]);
}

int qr_svg(struct strbuf *out, const char *text, unsigned px, const char *title)
{
	QRcode *q = QRcode_encodeData((int)strlen(text), (const unsigned char *)text, 0, QR_ECLEVEL_M);
	if (!q)
		return clerk_error_set(CLERK_EINVALID, "the text cannot be drawn as a QR code");
	int n = q->width, quiet = 4, side = n + 2 * quiet;
	strbuf_addf(out,
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%u\" "
		    "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" role=\"img\">"
		    "<title>",
		    px, px, side, side);
	html_escape(out, title);
	strbuf_addf(out, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		    side, side);
	/* one rectangle per horizontal run of dark modules */
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n;) {
			if (!(q->data[y * n + x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < n && (q->data[y * n + x + run] & 1))
				run++;
			strbuf_addch(out, 'M');
			add_int(out, x + quiet);
			strbuf_addch(out, ' ');
			add_int(out, y + quiet);
			strbuf_addch(out, 'h');
			add_int(out, run);
			strbuf_addstr(out, "v1h-");
			add_int(out, run);
			strbuf_addch(out, 'z');
			x += run;
		}
	strbuf_addstr(out, "\"/></svg>");
	QRcode_free(q);
	return 0;
}
