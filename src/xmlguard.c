/*
 * xmlguard.c - the bounded file read and the prolog scan shared by the XML
 * readers (xmlguard.h).
 */
#include "xmlguard.h"

#include "diag.h"
#include "error.h"
#include "fsutil.h"
#include "sha256.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

enum { P_TEXT, P_LT, P_BANG, P_PI, P_PI_Q, P_COMMENT, P_DONE };

#define DASH_SEEN 100 /* match value: "<!-" seen */

void xml_prolog_init(struct xml_prolog *p, enum xml_prolog_policy policy)
{
	*p = (struct xml_prolog){.policy = policy, .state = P_TEXT, .line = 1};
}

bool xml_prolog_done(const struct xml_prolog *p)
{
	return p->state == P_DONE;
}

static bool name_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0x80;
}

static void refuse(struct xml_prolog *p)
{
	p->refused = true;
	p->state = P_DONE;
}

/* After "<!": a comment, "ENTITY", or another declaration. */
static void scan_bang(struct xml_prolog *p, unsigned char c)
{
	static const char entity[] = "ENTITY";
	if (p->match == 0 && c == '-') {
		p->match = DASH_SEEN;
	} else if (p->match == DASH_SEEN && c == '-') {
		p->state = P_COMMENT;
		p->match = 0;
	} else if (p->policy == XML_PROLOG_REFUSE_DECLARATION) {
		refuse(p); /* <!DOCTYPE, <!ENTITY, <![CDATA[ before the root */
	} else if (p->match < 6 && c == (unsigned char)entity[p->match]) {
		if (++p->match == 6)
			refuse(p);
	} else {
		/* another declaration (DOCTYPE, ELEMENT) passes */
		p->state = c == '<' ? P_LT : P_TEXT;
		p->match = 0;
	}
}

static void scan_byte(struct xml_prolog *p, unsigned char c)
{
	switch (p->state) {
	case P_TEXT:
		if (c == '<') {
			p->state = P_LT;
			p->saw_markup = true;
		}
		break;
	case P_LT:
		p->match = 0;
		if (c == '!')
			p->state = P_BANG;
		else if (c == '?')
			p->state = P_PI;
		else if (name_start(c))
			p->state = P_DONE;
		else
			p->state = c == '<' ? P_LT : P_TEXT;
		break;
	case P_BANG:
		scan_bang(p, c);
		break;
	case P_PI:
		if (c == '?')
			p->state = P_PI_Q;
		break;
	case P_PI_Q:
		p->state = c == '>' ? P_TEXT : c == '?' ? P_PI_Q : P_PI;
		break;
	case P_COMMENT:
		if (c == '-')
			p->match++;
		else if (c == '>' && p->match >= 2)
			p->state = P_TEXT;
		else
			p->match = 0;
		break;
	}
}

void xml_prolog_scan(struct xml_prolog *p, const char *buf, size_t n)
{
	for (size_t i = 0; i < n && p->state != P_DONE; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == '\n')
			p->line++;
		if (++p->scanned > XML_PROLOG_SCAN_MAX) {
			p->state = P_DONE;
			break;
		}
		scan_byte(p, c);
	}
}

static ssize_t read_retry(int fd, void *buf, size_t len)
{
	ssize_t got;
	do
		got = read(fd, buf, len);
	while (got < 0 && errno == EINTR);
	return got;
}

void xml_input_memory(struct xml_input *in, const char *buf, size_t len)
{
	memset(in, 0, sizeof(*in));
	in->fd = -1;
	in->mem = buf;
	in->left = len;
}

int xml_input_file(struct xml_input *in, int fd, const struct stat *st, const char *name)
{
	memset(in, 0, sizeof(*in));
	in->fd = -1;
	off_t at = lseek(fd, 0, SEEK_CUR);
	if (at < 0 || at > st->st_size || (uintmax_t)(st->st_size - at) > SIZE_MAX)
		return clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", name);
	in->fd = fd;
	in->st = *st;
	in->left = (size_t)(st->st_size - at);
	return 0;
}

/* xml_input_read() of an input in memory. */
static ssize_t memory_read(struct xml_input *in, char *buf, size_t len)
{
	if (len > in->left)
		len = in->left;
	if (len)
		memcpy(buf, in->mem, len);
	in->mem += len;
	in->left -= len;
	in->at_end = !in->left;
	return (ssize_t)len;
}

ssize_t xml_input_read(struct xml_input *in, char *buf, size_t len)
{
	ssize_t got;
	char probe;
	if (in->fd < 0)
		return memory_read(in, buf, len);
	if (!in->left) {
		if (in->at_end)
			return 0;
		got = read_retry(in->fd, &probe, 1);
		if (got < 0) {
			in->io_errno = errno;
			return -1;
		}
		in->at_end = true;
		in->changed = got > 0;
		return got > 0 ? -1 : 0;
	}
	if (len > in->left)
		len = in->left;
	got = read_retry(in->fd, buf, len);
	if (got < 0) {
		in->io_errno = errno;
		return -1;
	}
	if (!got) {
		in->changed = true; /* shorter than it was */
		return -1;
	}
	in->left -= (size_t)got;
	return got;
}

void xml_error_diag(struct diag *d, const char *name, const xmlError *err, size_t nread,
		    bool saw_markup)
{
	const char *msg = err->message ? err->message : "unknown error";
	size_t n = strcspn(msg, "\n");
	while (n && (msg[n - 1] == ' ' || msg[n - 1] == '\r'))
		n--;
	struct srcloc loc = { name, err->line > 0 ? (uint32_t)err->line : 0,
			      err->int2 > 0 ? (uint32_t)err->int2 : 0 };
	if (!nread)
		diag_add(d, DIAG_ERROR, &loc, NULL, 0, "empty file (not an XML document)");
	else if ((err->code == XML_ERR_DOCUMENT_EMPTY || err->code == XML_ERR_DOCUMENT_END) &&
		 !saw_markup)
		/* libxml2 says "Document is empty" also when the text is no XML at all */
		diag_add(d, DIAG_ERROR, &loc, NULL, 0, "not an XML document (no root element)");
	else
		diag_add(d, DIAG_ERROR, &loc, NULL, 0, "not well-formed XML: %.*s", (int)n, msg);
}

void xml_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

uint32_t xml_reader_line(xmlTextReaderPtr xr)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(xr);
	long line = n ? xmlGetLineNo(n) : -1;
	if (line <= 0 || line == 65535)
		line = xmlTextReaderGetParserLineNumber(xr);
	return line > 0 && line <= (long)UINT32_MAX ? (uint32_t)line : 0;
}

int xml_reader_each(xmlTextReaderPtr xr, const struct xml_events *ev, void *ctx)
{
	int ret = 1;
	while (!ev->stopped(ctx) && (ret = xmlTextReaderRead(xr)) == 1) {
		switch (xmlTextReaderNodeType(xr)) {
		case XML_READER_TYPE_ELEMENT:
			ev->element(ctx);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			ev->end_element(ctx);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			ev->text(ctx);
			break;
		case XML_READER_TYPE_DOCUMENT_TYPE:
			ev->doctype(ctx);
			break;
		case XML_READER_TYPE_ENTITY_REFERENCE:
		case XML_READER_TYPE_ENTITY: {
			const char *name = (const char *)xmlTextReaderConstName(xr);
			ev->entity(ctx, xml_reader_line(xr), name ? name : "");
			break;
		}
		default:
			break;
		}
	}
	return ret;
}

int xml_input_error(const struct xml_input *in, const char *name)
{
	if (in->changed)
		return fsutil_changed_error(name, &in->st);
	errno = in->io_errno;
	return clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", name);
}

int xml_input_digest_rest(struct xml_input *in, struct sha256 *h, const char *name)
{
	char buf[65536];
	for (;;) {
		ssize_t got = xml_input_read(in, buf, sizeof(buf));
		if (got < 0)
			return xml_input_error(in, name);
		if (!got)
			return 0;
		sha256_update(h, buf, (size_t)got);
	}
}

xmlTextReaderPtr xml_reader_for_io(xmlInputReadCallback io, void *ctx, const char *name)
{
	return xmlReaderForIO(io, NULL, ctx, name, NULL,
			      XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
				      XML_PARSE_BIG_LINES);
}
