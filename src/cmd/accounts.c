#include "compat.h"
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: clerk accounts -f BOOKS [-O text|csv|json]\n\n"
	"List every account of the books (declared or used), sorted by name.\n"
	"The csv output has the columns account,declared,used,role,role_account.\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"  -O, --output FORMAT  text (default), csv or json (formats/json.md)\n";

static const struct journal *sort_j;

static int cmp_name(const void *a, const void *b)
{
	return strcmp(journal_account_name(sort_j, *(const uint32_t *)a),
		      journal_account_name(sort_j, *(const uint32_t *)b));
}

int cmd_accounts(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	enum output_format fmt = OUTPUT_TEXT;
	bool json = false;
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:O:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'O':
			if (cmd_parse_table_format(optarg, &fmt, &json))
				return cmd_usage_error("accounts", "unknown output format '%s'", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("accounts", argv, "f:O:h");
		}
	}
	if (optind < argc)
		return cmd_usage_error("accounts", "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_books_path("accounts", &file)))
		return rc;
	struct journal *j;
	rc = cmd_load_books(&j, file, false);
	if (rc)
		return rc;
	uint32_t *ids = xmalloc(st_mult(j->accounts.n ? j->accounts.n : 1, sizeof(*ids)));
	for (size_t i = 0; i < j->accounts.n; i++)
		ids[i] = (uint32_t)i;
	sort_j = j;
	qsort(ids, j->accounts.n, sizeof(*ids), cmp_name);
	struct strbuf out = STRBUF_INIT;
	if (fmt == OUTPUT_CSV)
		strbuf_addstr(&out, "account,declared,used,role,role_account\n");
	for (size_t i = 0; i < j->accounts.n; i++) {
		const struct account *a = &j->accounts.v[ids[i]];
		const char *name = journal_account_name(j, ids[i]);
		if (fmt == OUTPUT_CSV) {
			strbuf_addcsv(&out, name);
			strbuf_addf(&out, ",%s,%s,%s,", a->declared ? "yes" : "no", a->used ? "yes" : "no",
				    account_role_name(a->role));
			if (a->role_account != NO_ID)
				strbuf_addcsv(&out, journal_account_name(j, a->role_account));
			strbuf_addch(&out, '\n');
		} else {
			strbuf_addstr(&out, name);
			if (a->role)
				strbuf_addf(&out, "  (%s)", account_role_name(a->role));
			strbuf_addch(&out, '\n');
		}
	}
	if (cmd_write_table(&out, json))
		rc = EXIT_IO;
	strbuf_release(&out);
	free(ids);
	journal_free(j);
	return rc;
}
