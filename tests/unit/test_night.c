/*
 * test_night.c - the pieces of the night's trust rules: canonical paths
 * and containment (the run's folders), Clerk's own temporary names,
 * banking days and the completeness of bank statements (bankfeed), held
 * dunning, and the inbox record (inbox.tsv) written and read back.
 */
#include "helpers.h"

#include "bankfeed.h"
#include "dunning.h"
#include "fsutil.h"
#include "nightly.h"
#include "openitems.h"
#include "render.h"

static clerk_date D(const char *s)
{
	clerk_date d = date_parse_iso(s);
	cr_assert_neq(d, DATE_NONE, "bad test date %s", s);
	return d;
}

/* ------------------------------------------------------------------ */
/* paths */

Test(night, canonical_paths, TMPDIR_FIXTURE)
{
	struct strbuf a = STRBUF_INIT, want = STRBUF_INIT;
	char *real = realpath(tdir, NULL);
	write_file("books/books.journal", "");
	cr_assert_eq(chdir(tdir), 0);
	/* an existing folder, through "." and ".." */
	cr_assert_eq(fsutil_canonical(&a, "books/../books/./"), 0);
	strbuf_addf(&want, "%s/books", real);
	cr_assert_str_eq(a.buf, want.buf);
	/* folders that do not exist yet: by their nearest existing parent, then by name */
	strbuf_reset(&a);
	cr_assert_eq(fsutil_canonical(&a, "out/new/../x"), 0);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/out/x", real);
	cr_assert_str_eq(a.buf, want.buf);
	strbuf_reset(&a);
	cr_assert_eq(fsutil_canonical(&a, "books/missing/.."), 0);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/books", real);
	cr_assert_str_eq(a.buf, want.buf);
	/* a symbolic link resolves to its target */
	cr_assert_eq(symlink("books", "link"), 0);
	strbuf_reset(&a);
	cr_assert_eq(fsutil_canonical(&a, "link"), 0);
	cr_assert_str_eq(a.buf, want.buf);
	strbuf_reset(&a);
	cr_assert_eq(fsutil_canonical(&a, "."), 0);
	cr_assert_str_eq(a.buf, real);
	free(real);
	strbuf_release(&a);
	strbuf_release(&want);
	ASSERT_NO_LEAKS();
}

Test(night, within)
{
	cr_assert(fsutil_within("/a/b", "/a"));
	cr_assert(fsutil_within("/a", "/a"));
	cr_assert(fsutil_within("/a/b/c", "/a/b"));
	cr_assert(!fsutil_within("/ab", "/a"), "a prefix that is not a whole component");
	cr_assert(!fsutil_within("/a", "/a/b"));
	cr_assert(fsutil_within("/x", "/"));
	ASSERT_NO_LEAKS();
}

Test(night, temporary_names)
{
	cr_assert(fsutil_is_temporary(".report.html.tmp.123", NULL));
	cr_assert(fsutil_is_temporary(".report.html.tmp.123", "report.html"));
	cr_assert(!fsutil_is_temporary(".report.html.tmp.123", "report"));
	cr_assert(!fsutil_is_temporary(".draft.tmp.v2", NULL), "not digits");
	cr_assert(!fsutil_is_temporary(".draft.tmp.", NULL));
	cr_assert(!fsutil_is_temporary("report.html.tmp.1", NULL), "no leading dot");
	cr_assert(fsutil_is_temporary(".a.tmp.b.tmp.77", "a.tmp.b"), "the last .tmp. counts");
	ASSERT_NO_LEAKS();
}

Test(night, remove_only_own_temporaries, TMPDIR_FIXTURE)
{
	write_file("d/.report.html.tmp.42", "x");
	write_file("d/.notes.txt.tmp.42", "mine");
	write_file("d/.report.html.tmp.v2", "mine");
	write_file("d/report.html", "keep");
	char *dir = tpath("d");
	const char *bases[] = { "report.html", "run.json" };
	cr_assert_eq(fsutil_remove_temporaries(dir, bases, 2), 0);
	/* fsutil_list_dir leaves dot files out: look with stat */
	char *p1 = tpath("d/.report.html.tmp.42"), *p2 = tpath("d/.notes.txt.tmp.42"),
	     *p3 = tpath("d/.report.html.tmp.v2");
	struct stat st;
	cr_assert_neq(stat(p1, &st), 0, "Clerk's own leftover is removed");
	cr_assert_eq(stat(p2, &st), 0, "a temporary of a file Clerk does not write stays");
	cr_assert_eq(stat(p3, &st), 0, "a name that is not Clerk's pattern stays");
	char *missing = tpath("missing");
	cr_assert_eq(fsutil_remove_temporaries(missing, bases, 2), 0);
	free(missing);
	free(p1);
	free(p2);
	free(p3);
	free(dir);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* banking days */

Test(night, banking_days)
{
	cr_assert_eq(date_weekday(D("2026-11-28")), 5, "a Saturday");
	cr_assert_eq(date_weekday(D("1970-01-01")), 3, "a Thursday");
	cr_assert_eq(date_weekday(D("1969-12-29")), 0, "a Monday before day 0");
	cr_assert_eq(date_banking_days_before(D("2026-11-28"), 1), D("2026-11-27"));
	cr_assert_eq(date_banking_days_before(D("2026-11-29"), 1), D("2026-11-27"));
	cr_assert_eq(date_banking_days_before(D("2026-11-30"), 1), D("2026-11-27"), "Monday: Friday");
	cr_assert_eq(date_banking_days_before(D("2026-12-01"), 1), D("2026-11-30"));
	cr_assert_eq(date_banking_days_before(D("2026-11-28"), 2), D("2026-11-26"));
	cr_assert_eq(date_banking_days_before(D("2026-11-28"), 0), D("2026-11-27"));
	cr_assert_eq(date_banking_days_before(D("2026-11-27"), 0), D("2026-11-27"));
	cr_assert_eq(date_banking_days_before(D("2026-11-30"), 6), D("2026-11-20"));
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* complete bank data */

#define BANKS(lag_tag)                                                                     \
	"commodity 1,000.00 EUR\n"                                                         \
	"account Assets:Bank  ; role: bank, iban: DE89370400440532013000" lag_tag "\n"     \
	"account Assets:Cash  ; role: bank\n"                                              \
	"account Assets:Suspense  ; role: suspense\n"                                      \
	"account Equity\n\n"                                                               \
	"2026-11-01 opening\n    Assets:Bank  100.00 EUR\n    Assets:Cash  5.00 EUR\n    Equity\n\n" \
	"2026-11-23 * closing balance of camt.053 7  ; statement: 7, statement-kind: camt.053, statement-seq: 7\n" \
	"    Assets:Bank  0.00 EUR = 100.00 EUR\n    Assets:Suspense  0.00 EUR\n"

static size_t gaps_on(const char *text, const char *date, struct bankfeed_gap **g)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	size_t n = 0;
	*g = NULL;
	cr_assert_eq(bankfeed_gaps(g, &n, j, D(date)), 0, "%s", clerk_error_last()->message);
	journal_free(j);
	diag_release(&d);
	return n;
}

Test(night, statements_complete_or_not)
{
	struct bankfeed_gap *g = NULL;
	/* statements to Monday the 23rd: complete for a Tuesday night, not for Saturday */
	cr_assert_eq(gaps_on(BANKS(""), "2026-11-24", &g), 0);
	free(g);
	cr_assert_eq(gaps_on(BANKS(""), "2026-11-25", &g), 1);
	free(g);
	cr_assert_eq(gaps_on(BANKS(""), "2026-11-28", &g), 1);
	cr_assert_eq(g[0].last, D("2026-11-23"));
	cr_assert_eq(g[0].needed, D("2026-11-27"));
	cr_assert_eq(g[0].lag, 1);
	free(g);
	/* a lag of 5 banking days: Monday is enough up to the next Monday; Assets:Cash never had a statement */
	cr_assert_eq(gaps_on(BANKS(", statement-lag: 5"), "2026-11-28", &g), 0);
	free(g);
	cr_assert_eq(gaps_on(BANKS(", statement-lag: 5"), "2026-11-30", &g), 0);
	free(g);
	cr_assert_eq(gaps_on(BANKS(", statement-lag: 4"), "2026-11-28", &g), 1);
	free(g);
	cr_assert_eq(gaps_on(BANKS(", statement-lag: 5"), "2026-12-01", &g), 1);
	free(g);
	ASSERT_NO_LEAKS();
}

Test(night, bad_statement_lag)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(BANKS(", statement-lag: soon"), &d);
	struct bankfeed_gap *g = NULL;
	size_t n = 0;
	cr_assert_eq(bankfeed_gaps(&g, &n, j, D("2026-11-28")), CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, "statement-lag: 'soon'"), "%s",
		  clerk_error_last()->message);
	free(g);
	journal_free(j);
	diag_release(&d);
	j = load_str(BANKS(", statement-lag: 61"), &d);
	cr_assert_eq(bankfeed_gaps(&g, &n, j, D("2026-11-28")), CLERK_EINVALID);
	free(g);
	journal_free(j);
	diag_release(&d);
	clerk_error_clear();
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* held dunning */

Test(night, dunning_hold)
{
	static const char text[] =
		"commodity 1,000.00 EUR\n"
		"account Assets:Receivable  ; role: receivable\n"
		"account Assets:Receivable:Acme  ; name: Acme GmbH\n"
		"account Assets:Receivable:Bolt  ; name: Bolt AG\n"
		"account Income\n\n"
		"2026-10-01 Invoice\n    Assets:Receivable:Acme  100.00 EUR  ; invoice: A-1, due: 2026-10-15\n    Income\n\n"
		"2026-10-01 Invoice\n    Assets:Receivable:Bolt  50.00 EUR  ; invoice: B-1, due: 2026-11-20\n    Income\n";
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(text, &d);
	assert_no_diag(&d);
	struct openitems *oi = NULL;
	struct dunning *du = NULL;
	struct openitems_options oo = OPENITEMS_OPTIONS_INIT;
	oo.as_of = D("2026-11-28");
	cr_assert_eq(openitems_compute(&oi, j, &oo), 0);
	cr_assert_eq(dunning_compute(&du, j, oi, NULL), 0);
	cr_assert_eq(dunning_notices_due(du), 2);
	cr_assert_null(dunning_held(du));
	dunning_hold(du, "a statement was set aside");
	dunning_hold(du, "the statements end on 2026-11-23");
	cr_assert_eq(dunning_notices_due(du), 0, "nothing is due once held");
	cr_assert_eq(dunning_notices_held(du), 2);
	cr_assert_str_eq(dunning_held(du), "a statement was set aside; the statements end on 2026-11-23");
	struct strbuf sb = STRBUF_INIT;
	dunning_notices_journal(&sb, du);
	cr_assert_eq(sb.len, 0, "no notice is recorded");
	collections_csv(&sb, du, j, oi);
	cr_assert(strstr(sb.buf, ",held,"), "%s", sb.buf);
	cr_assert(!strstr(sb.buf, ",yes,"), "%s", sb.buf);
	strbuf_release(&sb);
	dunning_free(du);
	openitems_free(oi);
	journal_free(j);
	diag_release(&d);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------------ */
/* inbox.tsv */

Test(night, inbox_names_round_trip)
{
	static const char *const names[] = { "plain.xml", "tab\there.xml", "line\nbreak.xml",
					     "back\\slash.xml", "bell\a.xml", "M\xc3\xbcller.xml",
					     "bad\xff\xfe.xml", "\\x41.xml" };
	struct strbuf tsv = STRBUF_INIT;
	strbuf_addstr(&tsv, "name\tstatus\tsize\tsha256\twhy\n");
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		nightly_escape_name(&tsv, names[i]);
		strbuf_addstr(&tsv, i % 2 ? "\tleft\t-\t-\ta FIFO\n"
					  : "\twaiting\t12\t"
					    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
					    "\treaches 2026-11-29\n");
	}
	cr_assert(strstr(tsv.buf, "M\xc3\xbcller.xml"), "UTF-8 letters are kept");
	cr_assert(strstr(tsv.buf, "bad\\xff\\xfe.xml"), "bytes that are not UTF-8 are escaped");
	struct nightly_entry *rows = NULL;
	size_t n = 0;
	cr_assert_eq(nightly_read_inbox(&rows, &n, tsv.buf, tsv.len), 0, "%s", clerk_error_last()->message);
	cr_assert_eq(n, ARRAY_SIZE(names));
	for (size_t i = 0; i < n; i++) {
		cr_assert_str_eq(rows[i].name, names[i]);
		cr_assert_eq(rows[i].status, i % 2 ? NIGHTLY_LEFT : NIGHTLY_WAITING);
		cr_assert_eq(rows[i].sha256[0] != 0, !(i % 2));
		if (!(i % 2))
			cr_assert_eq(rows[i].size, 12);
		nightly_entry_release(&rows[i]);
	}
	free(rows);
	/* not as written: refused */
	static const char *const bad[] = {
		"name\tstatus\n",
		"name\tstatus\tsize\tsha256\twhy\nx\tgone\t-\t-\t\n",
		"name\tstatus\tsize\tsha256\twhy\nx\tleft\t-\t-\t",
		"name\tstatus\tsize\tsha256\twhy\nx\\q\tleft\t-\t-\t\n",
		"name\tstatus\tsize\tsha256\twhy\n\tleft\t-\t-\t\n",
		"name\tstatus\tsize\tsha256\twhy\nx\ttaken\t1\tnothex\t\n",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		rows = NULL;
		n = 0;
		cr_assert_eq(nightly_read_inbox(&rows, &n, bad[i], strlen(bad[i])), CLERK_EPARSE, "%zu", i);
		for (size_t k = 0; k < n; k++)
			nightly_entry_release(&rows[k]);
		free(rows);
	}
	bool clean = true;
	const char log[] = "{\"event\":\"start\"}\n{\"event\":\"end\",\"refused\":0,\"clean\":false}\n";
	cr_assert_eq(nightly_read_clean(&clean, log, sizeof(log) - 1), 0);
	cr_assert(!clean);
	cr_assert_eq(nightly_read_clean(&clean, "{\"event\":\"start\"}\n", 18), CLERK_EPARSE);
	clerk_error_clear();
	strbuf_release(&tsv);
	ASSERT_NO_LEAKS();
}
