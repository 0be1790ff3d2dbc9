/*
 * test_cmd.c - the default date of the commands and the line that says it
 * (cmd_today(), cmd_say_date() in src/cmd.c; docs/dates.md).
 */
#include "helpers.h"

#include "cmd.h"

#include <criterion/redirect.h>

#include <stdlib.h>
#include <time.h>

static const char books[] = "2026-11-01 Opening\n"
			    "    Assets:Bank  100.00 EUR\n"
			    "    Equity:Opening\n"
			    "\n"
			    "2026-11-28 Sale\n"
			    "    Assets:Bank  50.00 EUR\n"
			    "    Revenue:Sales\n"
			    "\n"
			    "2026-11-20 Entered later, dated earlier\n"
			    "    Assets:Bank  5.00 EUR\n"
			    "    Revenue:Sales\n";

static struct journal *load_books(void)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str(books, &d);
	cr_assert_eq(d.nerrors, 0);
	diag_release(&d);
	return j;
}

Test(cmd_today, clerk_today_replaces_the_clock)
{
	clerk_date d = DATE_NONE;
	setenv("CLERK_TODAY", "2026-12-05", 1);
	cr_assert_eq(cmd_today("aging", &d), EXIT_OK);
	cr_assert_eq(d, date_from_ymd(2026, 12, 5));
	setenv("CLERK_TODAY", "2024-02-29", 1); /* a leap day is a day */
	cr_assert_eq(cmd_today("aging", &d), EXIT_OK);
	cr_assert_eq(d, date_from_ymd(2024, 2, 29));
	unsetenv("CLERK_TODAY");
	ASSERT_NO_LEAKS();
}

/* unset or empty: the local calendar day of the clock */
Test(cmd_today, the_clock_without_clerk_today)
{
	const char *values[] = { NULL, "" };
	for (size_t i = 0; i < 2; i++) {
		if (values[i])
			setenv("CLERK_TODAY", values[i], 1);
		else
			unsetenv("CLERK_TODAY");
		clerk_date d = DATE_NONE;
		time_t before = time(NULL);
		cr_assert_eq(cmd_today("open", &d), EXIT_OK);
		struct tm tm;
		localtime_r(&before, &tm);
		clerk_date then = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		cr_assert(d == then || d == then + 1, "not today"); /* midnight may pass */
	}
	unsetenv("CLERK_TODAY");
	ASSERT_NO_LEAKS();
}

Test(cmd_today, bad_values_are_a_usage_error, .init = cr_redirect_stderr)
{
	const char *bad[] = { "2026-11-31", "2026-13-01", "2026-02-29", "2026/12/05", "2026-1-5",
			      "26-12-05",   "20261205",   "today",      " 2026-12-05", "2026-12-05 ",
			      "2026-12-05x" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		clerk_date d = 7;
		setenv("CLERK_TODAY", bad[i], 1);
		cr_assert_eq(cmd_today("pay", &d), EXIT_USAGE, "'%s' accepted", bad[i]);
		cr_assert_eq(d, 7, "'%s': the date was changed", bad[i]);
	}
	unsetenv("CLERK_TODAY");
	fflush(stderr);
	cr_assert_stderr_neq_str("");
	ASSERT_NO_LEAKS();
}

Test(cmd_today, the_message_names_the_variable_and_the_command, .init = cr_redirect_stderr)
{
	clerk_date d;
	setenv("CLERK_TODAY", "2026-11-31", 1);
	cr_assert_eq(cmd_today("letters", &d), EXIT_USAGE);
	unsetenv("CLERK_TODAY");
	fflush(stderr);
	cr_assert_stderr_eq_str("clerk: error: bad CLERK_TODAY '2026-11-31', the default date of clerk "
				"letters (expected YYYY-MM-DD)\n");
	ASSERT_NO_LEAKS();
}

Test(cmd_say_date, defaulted_on_the_last_day, .init = cr_redirect_stderr)
{
	struct journal *j = load_books();
	cmd_say_date("aging", date_from_ymd(2026, 11, 28), true, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	journal_free(j);
	fflush(stderr);
	cr_assert_stderr_eq_str("clerk aging: as of 2026-11-28 (today)\n");
	ASSERT_NO_LEAKS();
}

/* the last transaction is the latest date, not the last one read */
Test(cmd_say_date, defaulted_after_the_last_transaction, .init = cr_redirect_stderr)
{
	struct journal *j = load_books();
	cmd_say_date("open", date_from_ymd(2026, 12, 5), true, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	journal_free(j);
	fflush(stderr);
	cr_assert_stderr_eq_str("clerk open: as of 2026-12-05 (today); the books' last transaction is "
				"dated 2026-11-28\n");
	ASSERT_NO_LEAKS();
}

Test(cmd_say_date, given_date_said_only_after_the_last_transaction, .init = cr_redirect_stderr)
{
	struct journal *j = load_books();
	cmd_say_date("bs", date_from_ymd(2026, 11, 28), false, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	cmd_say_date("bs", date_from_ymd(2026, 11, 2), false, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	cmd_say_date("bs", date_from_ymd(2026, 11, 29), false, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	journal_free(j);
	fflush(stderr);
	cr_assert_stderr_eq_str("clerk bs: as of 2026-11-29; the books' last transaction is dated "
				"2026-11-28\n");
	ASSERT_NO_LEAKS();
}

Test(cmd_say_date, later_transactions_counted_when_defaulted, .init = cr_redirect_stderr)
{
	struct journal *j = load_books();
	cmd_say_date("is", date_from_ymd(2026, 11, 19), true, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	cmd_say_date("is", date_from_ymd(2026, 11, 27), true, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	cmd_say_date("is", date_from_ymd(2026, 11, 19), false, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	journal_free(j);
	fflush(stderr);
	cr_assert_stderr_eq_str("clerk is: as of 2026-11-19 (today); 2 transactions dated after it are "
				"left out\n"
				"clerk is: as of 2026-11-27 (today); 1 transaction dated after it is left out\n");
	ASSERT_NO_LEAKS();
}

Test(cmd_say_date, flags_leave_notes_out, .init = cr_redirect_stderr)
{
	struct journal *j = load_books();
	cmd_say_date("pay", date_from_ymd(2026, 11, 19), true, j, CMD_SAY_FUTURE);
	cmd_say_date("run", date_from_ymd(2026, 12, 5), true, NULL, 0);
	cmd_say_date("run", date_from_ymd(2026, 12, 5), true, j, 0);
	cmd_say_date("run", date_from_ymd(2026, 12, 5), false, j, 0);
	journal_free(j);
	fflush(stderr);
	cr_assert_stderr_eq_str("clerk pay: as of 2026-11-19 (today)\n"
				"clerk run: as of 2026-12-05 (today)\n"
				"clerk run: as of 2026-12-05 (today)\n");
	ASSERT_NO_LEAKS();
}

Test(cmd_say_date, books_without_transactions, .init = cr_redirect_stderr)
{
	struct diag d = DIAG_INIT;
	struct journal *j = load_str("account Assets:Bank\n", &d);
	diag_release(&d);
	cmd_say_date("aging", date_from_ymd(2026, 12, 5), true, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	cmd_say_date("aging", date_from_ymd(2026, 12, 5), false, j, CMD_SAY_FUTURE | CMD_SAY_LATER);
	journal_free(j);
	fflush(stderr);
	cr_assert_stderr_eq_str("clerk aging: as of 2026-12-05 (today); the books have no transactions\n"
				"clerk aging: as of 2026-12-05; the books have no transactions\n");
	ASSERT_NO_LEAKS();
}
