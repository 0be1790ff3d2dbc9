/*
 * packdiff.h - what changed between two audit packs (formats/pack.md,
 * "Comparing two nights: clerk diff"): the members added, removed and
 * changed, by their MANIFEST entries, and for the CSV members the rows
 * that differ, keyed by each member's natural key. Never prints.
 */
#ifndef CLERK_PACKDIFF_H
#define CLERK_PACKDIFF_H

#include "compat.h"
#include "pack.h"
#include "util/strbuf.h"
#include "util/vec.h"

/* A CSV member larger than this is reported as changed, its rows not compared. */
#define PACKDIFF_MAX_CSV (64u * 1024 * 1024)

enum packdiff_change {
	PACKDIFF_ADDED = 1,
	PACKDIFF_REMOVED,
	PACKDIFF_CHANGED,
};

/*
 * A row that differs: added or removed (whole, in `new`/`old`), or changed
 * (one entry per column that differs, with the column's name, old and new
 * values). key is the row's natural key, its columns joined with ", ".
 */
struct packdiff_row {
	enum packdiff_change change;
	char *key;
	char *column; /* changed only */
	char *old;    /* removed: the whole row as CSV; changed: the old value */
	char *new;    /* added: the whole row as CSV; changed: the new value */
};

struct packdiff_member {
	char *name;
	enum packdiff_change change;
	uint64_t old_size, new_size;
	bool rows_compared;      /* a CSV member whose rows were compared */
	const char *key;         /* the key columns ("account, currency"), or NULL: whole rows */
	char *note;              /* why rows were not compared, or compared as whole rows, or NULL */
	VEC(struct packdiff_row) rows;
};

struct packdiff {
	VEC(struct packdiff_member) members; /* sorted by name */
	size_t same;                         /* members the same in both */
	char old_date[11], new_date[11];
	char *old_run, *new_run;             /* the `run:` headers, or NULL */
};

#define PACKDIFF_INIT { VEC_INIT, 0, "", "", NULL, NULL }

/**
 * The natural key of a CSV member of a pack: its columns joined with ", ",
 * or NULL when it has none (its rows are compared whole).
 */
const char *packdiff_key(const char *member);

/**
 * Compares packs a (the older) and b by their MANIFESTs, then the rows of
 * every changed CSV member (".csv") read from both. Returns 0, or an error
 * of pack_manifest() (the message names the pack); a CSV member that
 * cannot be read or parsed is reported with a note, not as an error.
 */
int packdiff_compute(struct packdiff *out, struct pack *a, struct pack *b) WARN_UNUSED;

/**
 * Compares the CSV texts a and b into m->rows, keyed by key (columns joined
 * with ", "; NULL: whole rows). When the header rows differ, a key column
 * is missing or a key repeats, the rows are compared whole and m->note says
 * why. Returns 0, or CLERK_EPARSE when either text is not CSV (an
 * unterminated quote, a quote inside an unquoted field): then m->rows is
 * left empty.
 */
int packdiff_csv(struct packdiff_member *m, const char *key, const char *a, size_t alen, const char *b,
		 size_t blen) WARN_UNUSED;

void packdiff_release(struct packdiff *d);

/** The report for people: a line per member, the rows under each CSV member. */
void packdiff_format_text(struct strbuf *out, const struct packdiff *d);
/** member,change,key,column,old,new: a row per member and per row (or column) that differs. */
void packdiff_format_csv(struct strbuf *out, const struct packdiff *d);

#endif
