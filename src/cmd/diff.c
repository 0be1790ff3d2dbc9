/*
 * diff.c - `clerk diff`: what changed between two audit packs (two nights):
 * members added, removed and changed, and the rows of the CSV members that
 * differ, keyed by their natural key (formats/pack.md, src/packdiff.h).
 */
#include "compat.h"
#include "cmd.h"
#include "error.h"
#include "pack.h"
#include "packdiff.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"usage: clerk diff [-O text|csv] OLD.zip NEW.zip\n\n"
	"What changed between two audit packs, from OLD to NEW: the members added,\n"
	"removed and changed (by their MANIFEST entries), and for the CSV members\n"
	"(decisions, aging, collections, trial balances) the rows added, removed and\n"
	"changed, keyed by each one's natural key (decisions.csv by entry; aging and\n"
	"collections by account and currency; the trial balances by account and\n"
	"commodity), with the columns that changed. It does not verify the packs:\n"
	"run 'clerk verify' on each for that.\n\n"
	"  -O, --output FMT  text (default) or csv: member,change,key,column,old,new\n\n"
	"Exit status: 0 compared (whether or not anything changed), 1 a file is not\n"
	"a pack with a readable MANIFEST, 2 usage, 3 a pack cannot be read.\n";

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TEXT;
	int c;
	while ((c = getopt_long(argc, argv, "O:h", opts, NULL)) != -1) {
		switch (c) {
		case 'O':
			if (cmd_parse_format(optarg, &fmt) || (fmt != OUTPUT_TEXT && fmt != OUTPUT_CSV))
				return cmd_usage_error("diff", "bad output format '%s' (text or csv)", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("diff", argv, "O:");
		}
	}
	if (argc - optind < 2)
		return cmd_usage_error("diff", "two packs are needed, the older first");
	if (argc - optind > 2)
		return cmd_usage_error("diff", "unexpected argument '%s'", argv[optind + 2]);
	const char *old = argv[optind], *new = argv[optind + 1];
	struct pack *a = NULL, *b = NULL;
	struct packdiff d = PACKDIFF_INIT;
	struct strbuf out = STRBUF_INIT;
	int rc = EXIT_OK, error = pack_open(&a, old);
	if (!error)
		error = pack_open(&b, new);
	if (!error)
		error = packdiff_compute(&d, a, b);
	if (error) {
		rc = cmd_fail(error);
		goto out;
	}
	if (fmt == OUTPUT_CSV)
		packdiff_format_csv(&out, &d);
	else {
		strbuf_addf(&out, "clerk diff: %s (run %s of %s) -> %s (run %s of %s)\n", old,
			    d.old_run ? d.old_run : "?", d.old_date, new, d.new_run ? d.new_run : "?", d.new_date);
		packdiff_format_text(&out, &d);
	}
	fwrite(out.buf, 1, out.len, stdout);
	rc = cmd_finish_stdout(EXIT_OK);
out:
	strbuf_release(&out);
	packdiff_release(&d);
	pack_free(a);
	pack_free(b);
	return rc;
}
