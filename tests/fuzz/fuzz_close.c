/*
 * fuzz_close.c - libFuzzer target for clerk close's writers (src/close.h).
 *
 * The input is a whole journal file (like fuzz_journal); a `role: retained`
 * account is added when it has none. When it loads and checks without
 * errors (and nothing is dated after its last date), the books are
 * closed through the date of their last transaction: the closing
 * transaction is loaded into them, the new root is made, and the new root
 * is loaded and checked on its own. Its `clerk-seal:` tags are parsed too
 * (close_verify_seals), which is where clerk reads a seal from the books.
 *
 * Invariant (abort() when broken, a real bug): the closing transaction and
 * the new root Clerk writes always load and check without errors: the root
 * alone (as the night reads it) and, when the close writes a history file
 * (the settled items, the movements carried whole and their undo), the
 * root followed by that file's text.
 *
 * Built as a libFuzzer binary with --enable-fuzzers, otherwise linked with
 * replay.c to run the committed corpus under `make check`.
 */
#include "compat.h"
#include "close.h"
#include "diag.h"
#include "journal.h"
#include "util/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static NORETURN void invariant_failed(const char *what, const struct diag *d, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	diag_format(&sb, d);
	fprintf(stderr, "fuzz_close: invariant broken: %s does not load and check:\n%s\n--- text:\n%s",
		what, sb.buf, text);
	strbuf_release(&sb);
	abort();
}

/* Loads and checks text as one journal; aborts when it does not (what names it). */
static struct journal *load_checked(const char *what, const struct strbuf *text)
{
	struct diag d = DIAG_INIT;
	struct journal *n = journal_new();
	struct journal_check_options co = JOURNAL_CHECK_OPTIONS_INIT;
	struct journal_load_options lo = JOURNAL_LOAD_OPTIONS_INIT;
	if (journal_load_buffer(n, "new.journal", text->buf, text->len, &lo, &d) ||
	    journal_check(n, &co, &d))
		invariant_failed(what, &d, text->buf);
	diag_release(&d);
	return n;
}

/*
 * The new root, and with a history file: the root without its include line
 * (as the night reads it) and the root followed by the history file's text
 * (as every other command reads them).
 */
static void close_new_root(struct journal *j, clerk_date through)
{
	struct strbuf root = STRBUF_INIT, both = STRBUF_INIT;
	struct close_history h = CLOSE_HISTORY_INIT;
	struct diag d = DIAG_INIT;
	if (close_newroot_text(&root, j, through, "/nonexistent/new/books.journal", &h) == 0) {
		const char *inc = h.text.len ? strstr(root.buf, "\ninclude ") : NULL;
		if (h.text.len && !inc)
			invariant_failed("the new root (no include line for its history file)", &d,
					 root.buf);
		if (inc)
			strbuf_add(&both, root.buf, (size_t)(inc - root.buf) + 1);
		else
			strbuf_add(&both, root.buf, root.len);
		struct journal *n = load_checked("the new root", &both);
		(void)!close_verify_seals(n, &d);
		journal_free(n);
		if (h.text.len) {
			strbuf_add(&both, h.text.buf, h.text.len);
			journal_free(load_checked("the new root with its history file", &both));
		}
	}
	diag_release(&d);
	close_history_release(&h);
	strbuf_release(&root);
	strbuf_release(&both);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal *j = journal_new();
	struct diag d = DIAG_INIT;
	struct journal_check_options co = JOURNAL_CHECK_OPTIONS_INIT;
	struct journal_load_options lo = JOURNAL_LOAD_OPTIONS_INIT;
	d.max_errors = 100;
	static const char retained[] = "account Equity:Fuzz Retained  ; role: retained\n";
	int rc = journal_load_buffer(j, "fuzz.journal", (const char *)data, size, &lo, &d);
	/* books without a retained account get one, so that every input is closed */
	if (rc == 0 && journal_find_role(j, ROLE_RETAINED) == NO_ID)
		rc = journal_load_buffer(j, "retained.journal", retained, sizeof(retained) - 1, &lo, &d);
	if (rc == 0 && journal_check(j, &co, &d) == 0 && j->txns.n) {
		(void)!close_verify_seals(j, &d);
		clerk_date through = DATE_NONE;
		for (size_t t = 0; t < j->txns.n; t++)
			if (through == DATE_NONE || j->txns.v[t].date > through)
				through = j->txns.v[t].date;
		struct diag pd = DIAG_INIT;
		if (close_precheck(j, through, &pd) == 0) {
			struct strbuf closing = STRBUF_INIT;
			struct journal_load_options bo = { .batch = true, .allow_include = false };
			struct journal_check_options bc = { false, false, true }; /* as clerk close commits it */
			close_closing_text(&closing, j, through);
			if ((journal_load_buffer(j, "(close)", closing.buf, closing.len, &bo, &pd) ||
					    journal_check(j, &bc, &pd)))
				invariant_failed("the closing transaction", &pd, closing.buf);
			close_new_root(j, through);
			strbuf_release(&closing);
		}
		diag_release(&pd);
	}
	diag_release(&d);
	journal_free(j);
	return 0;
}
