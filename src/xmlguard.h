/*
 * xmlguard.h - what every XML reader of Clerk does before libxml2 sees a
 * byte: read a file no further than the size it had when it was opened,
 * and scan the prolog (the bytes before the root element) for declarations
 * that are refused before any entity could be expanded. Shared by the camt,
 * pain.002 and e-invoice readers (formats/camt.md, formats/pay.md,
 * formats/einvoice.md: "Hostile input").
 *
 * Never prints, never allocates.
 */
#ifndef CLERK_XMLGUARD_H
#define CLERK_XMLGUARD_H

#include "compat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

struct diag;
struct sha256;

/* Give up looking for the root element after this many bytes. */
#define XML_PROLOG_SCAN_MAX (1u << 20)

enum xml_prolog_policy {
	/* refuse "<!ENTITY" before the root (a DOCTYPE without entities passes) */
	XML_PROLOG_REFUSE_ENTITY,
	/* refuse every "<!" before the root that does not start a comment */
	XML_PROLOG_REFUSE_DECLARATION,
};

struct xml_prolog {
	enum xml_prolog_policy policy;
	int state;	   /* private */
	unsigned match;	   /* private */
	size_t scanned;	   /* bytes scanned */
	uint32_t line;	   /* line of the last byte scanned: the refusal's line */
	bool saw_markup;   /* a '<' at all: else the input is no XML */
	bool refused;	   /* what the policy refuses was seen */
};

/** Starts a scan at line 1. */
void xml_prolog_init(struct xml_prolog *p, enum xml_prolog_policy policy);
/**
 * Scans the next n bytes. Stops (and ignores further bytes) at the root's
 * first name character, at a refusal, or after XML_PROLOG_SCAN_MAX bytes.
 */
void xml_prolog_scan(struct xml_prolog *p, const char *buf, size_t n);
/** Whether the scan has stopped. */
bool xml_prolog_done(const struct xml_prolog *p);

/*
 * The input of a reader: a file read no further than the size it had when
 * it was opened, or bytes in memory.
 */
struct xml_input {
	int fd;		 /* borrowed; -1 when the input is in memory */
	const char *mem; /* borrowed; the input when fd is -1 */
	struct stat st;	 /* the file's fstat when it was opened */
	size_t left;	 /* bytes of it not read yet */
	bool at_end;	 /* read all of them, and checked that the file ends there */
	bool changed;	 /* it ended early or went on: changed while it was read */
	int io_errno;	 /* read(2) failure */
};

/** Starts an input of the len bytes at buf (borrowed). */
void xml_input_memory(struct xml_input *in, const char *buf, size_t len);
/**
 * Starts an input of the regular file open at fd (borrowed), whose fstat is
 * st, from where it stands to the size it had then. 0, or CLERK_EIO (set)
 * when its offset cannot be read, shown as name.
 */
int xml_input_file(struct xml_input *in, int fd, const struct stat *st, const char *name) WARN_UNUSED;
/**
 * Reads up to len bytes, never past in->left; at the end of a file, one
 * byte more checks that it ends there. Returns the number of bytes, 0 at
 * the end, or -1 (in->io_errno set, or in->changed).
 */
ssize_t xml_input_read(struct xml_input *in, char *buf, size_t len);
/** The error of a failed xml_input_read() on the input shown as name: CLERK_EIO, set. */
int xml_input_error(const struct xml_input *in, const char *name);
/**
 * Reads what is left of the input into the digest h (a digest covers every
 * byte, also those after a parse error). 0 or the error of the read.
 */
int xml_input_digest_rest(struct xml_input *in, struct sha256 *h, const char *name) WARN_UNUSED;

/**
 * libxml2's streaming reader on io(ctx) with Clerk's one set of parser
 * options: no network (XML_PARSE_NONET), entities not substituted (no
 * XML_PARSE_NOENT), no DTD loaded or validated, blanks and CDATA folded
 * into text, exact line numbers beyond 65535 (XML_PARSE_BIG_LINES). NULL
 * when libxml2 cannot start one. Every XML reader of Clerk starts here.
 */
xmlTextReaderPtr xml_reader_for_io(xmlInputReadCallback io, void *ctx, const char *name);

/**
 * Adds libxml2's error err on the input name to d as a diagnostic at its
 * line and column: "empty file" when nothing was read (nread 0), "not an
 * XML document" when libxml2 found no root in text without markup
 * (saw_markup false), else "not well-formed XML: " and libxml2's first line.
 */
void xml_error_diag(struct diag *d, const char *name, const xmlError *err, size_t nread,
		    bool saw_markup);
/** A generic error handler that says nothing: the core never prints. */
void xml_silent(void *ctx, const char *msg, ...);
/**
 * The 1-based line of the reader's current node (0 when unknown). libxml2
 * stores lines up to 65534 in the node; beyond, XML_PARSE_BIG_LINES keeps
 * the exact line of text nodes only, and xmlGetLineNo() gives an element
 * the line of the first text inside it. Failing that, the parser's
 * position (a little ahead) is the best there is.
 */
uint32_t xml_reader_line(xmlTextReaderPtr xr);

/** What a reader does with the nodes xml_reader_each() reads; ctx is its own. */
struct xml_events {
	void (*element)(void *ctx);     /* a start tag (and an empty element) */
	void (*end_element)(void *ctx); /* an end tag */
	void (*text)(void *ctx);        /* text, CDATA and significant whitespace */
	void (*doctype)(void *ctx);     /* a document type declaration */
	/* an entity or entity reference, at its line: always refused (none is expanded) */
	void (*entity)(void *ctx, uint32_t line, const char *name);
	bool (*stopped)(void *ctx); /* true: read no further (a fatal error, a refusal) */
};

/**
 * Reads xr node by node, handing each to ev, until the end of the
 * document, libxml2's error or ev->stopped(ctx) (asked before every read).
 * Returns the last result of xmlTextReaderRead(): 0 at the end, -1 on an
 * error, 1 when stopped. The one reading loop of camt, pain.002 and the
 * e-invoice readers.
 */
int xml_reader_each(xmlTextReaderPtr xr, const struct xml_events *ev, void *ctx);

#endif
