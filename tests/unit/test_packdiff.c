/*
 * test_packdiff.c - two packs compared: members added, removed, changed and
 * the same; the rows of CSV members by their natural key (a changed row
 * gives one entry per column), whole rows when there is no key, the columns
 * differ or a key repeats; quoted fields, CRLF; what is not CSV.
 */
#include "helpers.h"

#include "date.h"
#include "pack.h"
#include "packdiff.h"

#define assert_ok(expr)                                                                    \
	do {                                                                               \
		int assert_ok_rc_ = (expr);                                                \
		cr_assert_eq(assert_ok_rc_, 0, "%s: %d: %s", #expr, assert_ok_rc_,         \
			     clerk_error_last()->message);                                 \
	} while (0)

static struct pack *make(const char *date, const char *const *members)
{
	struct pack_builder *b;
	char *data, hex[SHA256_HEX_LEN + 1];
	size_t len;
	struct pack *p;
	assert_ok(pack_builder_new(&b, date_parse_iso(date)));
	assert_ok(pack_builder_add_header(b, "run", date));
	for (size_t i = 0; members[i]; i += 2)
		assert_ok(pack_builder_add(b, members[i], members[i + 1], strlen(members[i + 1])));
	assert_ok(pack_builder_build(&data, &len, hex, b));
	assert_ok(pack_open_buffer(&p, data, len, date));
	free(data);
	pack_builder_free(b);
	return p;
}

static const struct packdiff_member *find(const struct packdiff *d, const char *name)
{
	for (size_t i = 0; i < d->members.n; i++)
		if (!strcmp(d->members.v[i].name, name))
			return &d->members.v[i];
	cr_assert_fail("no member %s", name);
	return NULL;
}

Test(packdiff, members_and_rows)
{
	const char *const a[] = {
		"report.html", "<p>1</p>",
		"same.txt", "x",
		"gone.txt", "bye",
		"aging-receivables.csv",
		"party,account,currency,total\r\n"
		"A,Assets:Receivable:A,EUR,10.00\r\n"
		"B,Assets:Receivable:B,EUR,20.00\r\n"
		"\"C, Ltd\",Assets:Receivable:C,USD,5.00\r\n",
		NULL,
	};
	const char *const b[] = {
		"report.html", "<p>2</p>",
		"same.txt", "x",
		"new.txt", "hi",
		"aging-receivables.csv",
		"party,account,currency,total\r\n"
		"A,Assets:Receivable:A,EUR,10.00\r\n"
		"\"C, Ltd\",Assets:Receivable:C,USD,7.50\r\n"
		"\"D \"\"the\"\" shop\",Assets:Receivable:D,EUR,1.00\r\n",
		NULL,
	};
	struct pack *pa = make("2026-11-24", a), *pb = make("2026-11-26", b);
	struct packdiff d = PACKDIFF_INIT;
	assert_ok(packdiff_compute(&d, pa, pb));
	cr_assert_eq(d.members.n, 4);
	cr_assert_eq(d.same, 1);
	cr_assert_str_eq(d.old_run, "2026-11-24");
	cr_assert_str_eq(d.new_date, "2026-11-26");
	cr_assert_eq(find(&d, "gone.txt")->change, PACKDIFF_REMOVED);
	cr_assert_eq(find(&d, "new.txt")->change, PACKDIFF_ADDED);
	cr_assert_eq(find(&d, "report.html")->change, PACKDIFF_CHANGED);
	cr_assert(!find(&d, "report.html")->rows_compared);
	const struct packdiff_member *m = find(&d, "aging-receivables.csv");
	cr_assert(m->rows_compared);
	cr_assert_str_eq(m->key, "account, currency");
	cr_assert_eq(m->rows.n, 3);
	/* sorted by key: A unchanged, B removed, C changed (total), D added */
	cr_assert_eq(m->rows.v[0].change, PACKDIFF_REMOVED);
	cr_assert_str_eq(m->rows.v[0].key, "Assets:Receivable:B, EUR");
	cr_assert_str_eq(m->rows.v[0].old, "B,Assets:Receivable:B,EUR,20.00");
	cr_assert_eq(m->rows.v[1].change, PACKDIFF_CHANGED);
	cr_assert_str_eq(m->rows.v[1].key, "Assets:Receivable:C, USD");
	cr_assert_str_eq(m->rows.v[1].column, "total");
	cr_assert_str_eq(m->rows.v[1].old, "5.00");
	cr_assert_str_eq(m->rows.v[1].new, "7.50");
	cr_assert_eq(m->rows.v[2].change, PACKDIFF_ADDED);
	cr_assert_str_eq(m->rows.v[2].new, "\"D \"\"the\"\" shop\",Assets:Receivable:D,EUR,1.00");
	struct strbuf t = STRBUF_INIT;
	packdiff_format_text(&t, &d);
	cr_assert_str_eq(t.buf,
			 "members: 1 added, 1 removed, 2 changed, 1 the same\n"
			 "~ aging-receivables.csv (135 -> 149 bytes): rows by account, currency: 1 added, 1 removed, "
			 "1 changed\n"
			 "    - B,Assets:Receivable:B,EUR,20.00\n"
			 "    ~ Assets:Receivable:C, USD: total 5.00 -> 7.50\n"
			 "    + \"D \"\"the\"\" shop\",Assets:Receivable:D,EUR,1.00\n"
			 "- gone.txt (3 bytes)\n"
			 "+ new.txt (2 bytes)\n"
			 "~ report.html (8 -> 8 bytes)\n");
	strbuf_reset(&t);
	packdiff_format_csv(&t, &d);
	cr_assert(strstr(t.buf, "member,change,key,column,old,new\n"
				"aging-receivables.csv,changed,,bytes,135,149\n"
				"aging-receivables.csv,removed,\"Assets:Receivable:B, EUR\",,"
				"\"B,Assets:Receivable:B,EUR,20.00\",\n"),
		  "%s", t.buf);
	cr_assert(strstr(t.buf, "gone.txt,removed,,bytes,3,\nnew.txt,added,,bytes,,2\n"), "%s", t.buf);
	strbuf_release(&t);
	packdiff_release(&d);
	pack_free(pa);
	pack_free(pb);
	ASSERT_NO_LEAKS();
}

static struct packdiff_member *csv(struct packdiff_member *m, const char *key, const char *a, const char *b)
{
	memset(m, 0, sizeof(*m));
	m->name = xstrdup("x.csv");
	assert_ok(packdiff_csv(m, key, a, strlen(a), b, strlen(b)));
	return m;
}

static void member_release(struct packdiff_member *m)
{
	struct packdiff d = PACKDIFF_INIT;
	VEC_PUSH(&d.members, *m);
	packdiff_release(&d);
}

Test(packdiff, a_changed_row_gives_each_column)
{
	struct packdiff_member m;
	csv(&m, "entry", "entry,amount,note\nE1,1.00,a\nE2,2.00,b\n", "entry,amount,note\nE1,1.50,c\nE2,2.00,b");
	cr_assert_eq(m.rows.n, 2);
	cr_assert_str_eq(m.rows.v[0].column, "amount");
	cr_assert_str_eq(m.rows.v[1].column, "note");
	cr_assert_str_eq(m.rows.v[1].key, "E1");
	cr_assert_null(m.note);
	member_release(&m);
	ASSERT_NO_LEAKS();
}

Test(packdiff, whole_rows_without_a_key_or_when_it_cannot_be_used)
{
	struct packdiff_member m;
	/* no key: a changed row is one removed and one added; a repeated row counts twice */
	csv(&m, NULL, "a,b\n1,2\n1,2\n3,4\n", "a,b\n1,2\n3,5\n");
	cr_assert_eq(m.rows.n, 3);
	cr_assert_null(m.key);
	cr_assert_eq(m.rows.v[0].change, PACKDIFF_REMOVED);
	cr_assert_str_eq(m.rows.v[0].old, "1,2");
	cr_assert_eq(m.rows.v[1].change, PACKDIFF_REMOVED);
	cr_assert_str_eq(m.rows.v[1].old, "3,4");
	cr_assert_eq(m.rows.v[2].change, PACKDIFF_ADDED);
	member_release(&m);
	/* the columns differ */
	csv(&m, "entry", "entry,amount\nE1,1\n", "entry,amount,note\nE1,1,x\n");
	cr_assert_null(m.key);
	cr_assert(strstr(m.note, "columns differ"));
	cr_assert_eq(m.rows.n, 2);
	member_release(&m);
	/* a key column missing */
	csv(&m, "account, currency", "account,amount\nA,1\n", "account,amount\nA,2\n");
	cr_assert(strstr(m.note, "not all there"));
	member_release(&m);
	/* a key repeats */
	csv(&m, "entry", "entry,amount\nE1,1\nE1,2\n", "entry,amount\nE1,1\n");
	cr_assert(strstr(m.note, "repeats"));
	cr_assert_eq(m.rows.n, 1);
	cr_assert_eq(m.rows.v[0].change, PACKDIFF_REMOVED);
	member_release(&m);
	ASSERT_NO_LEAKS();
}

Test(packdiff, what_is_not_csv)
{
	const char *bad[] = { "a,b\n\"open,2\n", "a,b\nx\"y,2\n", "a,b\n\"q\"z,2\n" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct packdiff_member m;
		memset(&m, 0, sizeof(m));
		m.name = xstrdup("x.csv");
		cr_assert_eq(packdiff_csv(&m, NULL, "a,b\n", 4, bad[i], strlen(bad[i])), CLERK_EPARSE, "%s", bad[i]);
		cr_assert_eq(m.rows.n, 0);
		member_release(&m);
	}
	/* a quoted field holding a line end and a comma is one field */
	struct packdiff_member m;
	csv(&m, "k", "k,v\n1,\"x\"\n", "k,v\r\n1,\"two\r\nlines, one field\"\r\n");
	cr_assert_eq(m.rows.n, 1);
	cr_assert_str_eq(m.rows.v[0].new, "two\r\nlines, one field");
	member_release(&m);
	ASSERT_NO_LEAKS();
}

Test(packdiff, natural_keys)
{
	cr_assert_str_eq(packdiff_key("decisions.csv"), "entry");
	cr_assert_str_eq(packdiff_key("aging-payables.csv"), "account, currency");
	cr_assert_str_eq(packdiff_key("trial-balance-after.csv"), "account, commodity");
	cr_assert_null(packdiff_key("inbox.tsv"));
}
