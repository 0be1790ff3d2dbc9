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
#include <sys/types.h>

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

/* A file read no further than the size it had when it was opened. */
struct xml_input {
	int fd;	      /* borrowed; -1 when the input is not a file */
	size_t left;  /* bytes of it not read yet */
	bool at_end;  /* read all of them, and checked that the file ends there */
	bool changed; /* it ended early or went on: changed while it was read */
	int io_errno; /* read(2) failure */
};

/**
 * Reads up to len bytes, never past in->left; there, one byte more checks
 * that the file ends. Returns the number of bytes, 0 at the end, or -1
 * (in->io_errno set, or in->changed).
 */
ssize_t xml_input_read(struct xml_input *in, char *buf, size_t len);

#endif
