/*
 * main.c - clerk's entry point: global options, then the command table.
 */
#include "compat.h"
#include "cmd.h"
#include "error.h"
#include "util/near.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const struct cmd commands[] = {
	{ "check", cmd_check, "load the books and validate everything" },
	{ "balance", cmd_balance, "trial balance per account and commodity" },
	{ "accounts", cmd_accounts, "list the accounts, with their roles" },
	{ "register", cmd_register, "postings of the accounts matching patterns, with running totals" },
	{ "bs", cmd_bs, "balance sheet: assets, liabilities, equity and the current result" },
	{ "is", cmd_is, "income statement: revenue, expenses and the net result of a period" },
	{ "post", cmd_post, "validate journal batches and commit them to the books" },
	{ "camt", cmd_camt, "read ISO 20022 bank statements (camt.052/053/054)" },
	{ "import", cmd_import, "import bank statements into the books, each movement once" },
	{ "invoice", cmd_invoice, "invoice customers from billing lines: gapless numbers, exact sums" },
	{ "receive", cmd_receive, "receive vendors' e-invoices: verify them, post only what is right" },
	{ "open", cmd_open, "open invoices or bills as of a date, and unapplied money" },
	{ "pay", cmd_pay, "pay the bills due, once each: SEPA credit transfers (pain.001)" },
	{ "aging", cmd_aging, "aged receivables or payables, tied out to the control balance" },
	{ "collections", cmd_collections, "overdue customers with their dunning level and action" },
	{ "statement", cmd_statement, "statements of account for customers and vendors, with open items" },
	{ "letters", cmd_letters, "write the reminders due (and record them with --record)" },
	{ "report", cmd_report, "the management report as one self-contained HTML page" },
	{ "close", cmd_close, "close a period: income and expenses to retained, new books sealed" },
	{ "run", cmd_run, "the nightly batch: import, reconcile, dun, report, audit pack" },
	{ "verify", cmd_verify, "check an audit pack against its manifest, chain and a re-run" },
	{ "explain", cmd_explain, "the story of an invoice, a bank entry or a run, from the books" },
	{ "diff", cmd_diff, "what changed between two audit packs: members and CSV rows" },
	{ "keygen", cmd_keygen, "make a key pair for signing audit packs (minisign's format)" },
};

/* "unknown command 'balanc'; did you mean 'balance'?" when one is near enough. */
static int unknown_command(const char *name)
{
	const char *names[ARRAY_SIZE(commands)];
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		names[i] = commands[i].name;
	const char *near = near_closest(name, names, ARRAY_SIZE(names), strlen(name) >= 5 ? 2 : 1);
	if (near)
		return cmd_usage_error(NULL, "unknown command '%s'; did you mean '%s'?", name, near);
	return cmd_usage_error(NULL, "unknown command '%s'", name);
}

static void usage(FILE *f)
{
	fputs("usage: clerk [--version] [--help] COMMAND [OPTIONS] [ARGS]\n\n"
	      "Clerk keeps double-entry books in plain-text journal files.\n\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'clerk COMMAND --help' for a command's options.\n"
	      "The books are given with -f FILE, or the CLERK_BOOKS environment variable.\n"
	      "Exit status: 0 ok, 1 invalid data, 2 usage, 3 I/O error, 4 books locked,\n"
	      "5 done with exceptions for a person (clerk run), 6 unsigned and\n"
	      "7 signed by another key (clerk verify --pubkey), 70 internal error\n"
	      "(docs/exit-codes.md).\n",
	      f);
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	opterr = 0; /* commands report bad options themselves */
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
		printf("clerk %s\n", PACKAGE_VERSION);
		return cmd_finish_stdout(EXIT_OK);
	}
	if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
		if (argc > 2 && strcmp(name, "help") == 0) {
			for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
				if (!strcmp(argv[2], commands[i].name)) {
					static char help_opt[] = "--help";
					char *hargv[] = { argv[2], help_opt, NULL };
					return cmd_finish_stdout(commands[i].fn(2, hargv));
				}
			return unknown_command(argv[2]);
		}
		usage(stdout);
		return cmd_finish_stdout(EXIT_OK);
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(name, commands[i].name)) {
			int rc = commands[i].fn(argc - 1, argv + 1);
			clerk_error_clear();
			return cmd_finish_stdout(rc);
		}
	if (name[0] == '-')
		return cmd_usage_error(NULL, "unknown option '%s' (options follow the command)", name);
	return unknown_command(name);
}
