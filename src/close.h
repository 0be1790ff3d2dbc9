/*
 * close.h - closing a period (formats/close.md): the closing transaction
 * that carries every income and expense account to the `role: retained`
 * account, and the root journal of the new period (the same declarations,
 * one opening transaction with every balance-sheet balance, party accounts
 * split into their open items, the dunning notices still relevant and the
 * seal of the closed books' files).
 *
 * The core computes text and never writes: src/cmd/close.c commits the
 * closing transaction through books_commit() and writes the new root.
 *
 * Ownership: every function appends to a caller's strbuf; nothing here
 * keeps a pointer to the journal after it returns.
 */
#ifndef CLERK_CLOSE_H
#define CLERK_CLOSE_H

#include "compat.h"
#include "date.h"
#include "diag.h"
#include "journal.h"
#include "util/strbuf.h"

/* how many days before the close (through D) bank movement identities are carried */
#define CLOSE_MOVEMENT_DAYS 62
/* how many days before the close settled items are carried (their numbers, for duplicates and series) */
#define CLOSE_SETTLED_DAYS 400

/** True for an income or expense account (formats/close.md, "Income and expenses"). */
bool close_is_pl(const struct journal *j, uint32_t account);

/**
 * Checks that the books j (loaded and checked) can be closed through D:
 * a `role: retained` account exists, it is not an income or expense
 * account, and no transaction is dated after D. Errors go to d; returns
 * CLERK_EINVALID when there were any.
 */
int close_precheck(struct journal *j, clerk_date through, struct diag *d) WARN_UNUSED;

/** Index of the closing transaction for D already in j (`clerk-close: D`), or NO_ID. */
uint32_t close_find_closing(const struct journal *j, clerk_date through);

/**
 * Checks the transactions of j from first_txn on (a batch to post) against
 * the books' closing transactions (`clerk-close: D`, those before
 * first_txn): each dated on or before the latest D is an error in d (the
 * closed period is sealed). Returns CLERK_EINVALID when there was any.
 */
int close_check_batch(struct journal *j, size_t first_txn, struct diag *d);

/**
 * Appends the closing transaction dated D to out: per income/expense
 * account and commodity the opposite of its balance through D, and per
 * commodity their sum to the retained account. Appends nothing when every
 * such balance is zero.
 */
void close_closing_text(struct strbuf *out, const struct journal *j, clerk_date through);
/**
 * The same, recording the new root on its first line (`clerk-new-root:
 * PATH`, new_root as made by close_new_root_path()) so that the refusal of
 * a commit to the sealed books can name it (books_check_open()); new_root
 * NULL: no such tag.
 */
void close_closing_text_to(struct strbuf *out, const struct journal *j, clerk_date through,
			   const char *new_root);

/**
 * Appends the path of newroot relative to the posted/ folder of the books
 * (where the closing transaction's file is): both folders must exist.
 * Returns 0, CLERK_EIO/CLERK_ENOTFOUND (a folder cannot be resolved) or
 * CLERK_EINVALID (the path has a comma or a control character).
 */
int close_new_root_path(struct strbuf *out, const char *books, const char *newroot) WARN_UNUSED;

/*
 * The history file of a new root (formats/close.md, "Settled items: the
 * history file"): its name beside NEWROOT, its text and its keys file's
 * text. Empty text: no history file (nothing to move, or a NEWROOT whose
 * name cannot be included). Init with CLOSE_HISTORY_INIT, release with
 * close_history_release().
 */
struct close_history {
	struct strbuf name; /* NEWROOT's name without ".journal", then ".history.journal" */
	struct strbuf text;
	struct strbuf keys;
};
#define CLOSE_HISTORY_INIT { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT }
void close_history_release(struct close_history *h);
/**
 * The paths of the history file and its keys file of newroot (beside it).
 * Returns false when newroot's name makes none (the settled items stay in
 * the new root).
 */
bool close_history_paths(struct strbuf *path, struct strbuf *keys, const char *newroot);

/**
 * Appends the new root journal to out, from the books j closed through D
 * (the closing transaction already in them). newroot is its path: the
 * sealed files are recorded relative to its folder. Returns 0, or
 * CLERK_EIO / CLERK_EINVALID with the error set (a file of the books
 * cannot be read, or a path cannot be written as a tag). With hist, the
 * older settled receivable items go to hist's history file, which the
 * new root includes; NULL keeps them in the new root.
 */
int close_newroot_text(struct strbuf *out, struct journal *j, clerk_date through,
		       const char *newroot, struct close_history *hist) WARN_UNUSED;

/**
 * Checks every `clerk-seal:` tag of j (size, SHA-256, path relative to
 * the folder of the file holding it): a missing, changed or unreadable
 * sealed file is an error at the tag. Returns CLERK_EINVALID when d got
 * errors.
 */
int close_verify_seals(struct journal *j, struct diag *d) WARN_UNUSED;

/**
 * Checks the keys file of every history file read into j (formats/close.md):
 * it must hold the keys of the items the history file opens, for its size.
 * A missing or different keys file is an error at the history file's
 * first line. Returns CLERK_EINVALID when d got errors.
 */
int close_verify_history(struct journal *j, struct diag *d) WARN_UNUSED;

#endif
