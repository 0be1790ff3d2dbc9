/*
 * date.h - calendar dates as day numbers (days since 1970-01-01, proleptic
 * Gregorian). No time zones: Clerk's dates are accounting dates.
 */
#ifndef CLERK_DATE_H
#define CLERK_DATE_H

#include "compat.h"

typedef int32_t clerk_date;

#define DATE_NONE INT32_MIN

/** Returns the day number of y-m-d, or DATE_NONE when it is not a real date. */
clerk_date date_from_ymd(int y, int m, int d);
void date_to_ymd(clerk_date date, int *y, int *m, int *d);
/** Writes "YYYY-MM-DD" plus NUL into buf (at least 11 bytes). */
void date_format(clerk_date date, char buf[static 11]);
struct strbuf;
/** Appends YYYY-MM-DD to out; nothing for DATE_NONE. */
void date_append(struct strbuf *out, clerk_date date);
/**
 * Parses a date at *p: YYYY-MM-DD, also with '/' or '.' (the same separator
 * twice), month and day of one or two digits. Advances *p past it.
 * Returns NULL on success or a static message describing the problem.
 */
const char *date_parse(const char **p, const char *end, clerk_date *out);
/** Parses a whole string as an ISO date (YYYY-MM-DD only); DATE_NONE if bad. */
clerk_date date_parse_iso(const char *s);
/** Adds n months, clamping the day to the month's length. */
clerk_date date_add_months(clerk_date date, int n);
/** The day of the week: 0 Monday ... 6 Sunday. */
int date_weekday(clerk_date date);
/**
 * The n-th banking day (Monday to Friday; no holidays) before date (n = 1:
 * Friday for a Saturday, a Sunday or a Monday), or for n = 0 the last
 * banking day on or before it.
 */
clerk_date date_banking_days_before(clerk_date date, int n);

#endif
