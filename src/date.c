#include "compat.h"
#include "date.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
static int32_t days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

clerk_date date_from_ymd(int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return DATE_NONE;
	return days_from_civil(y, (unsigned)m, (unsigned)d);
}

void date_to_ymd(clerk_date z, int *yp, int *mp, int *dp)
{
	z += 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int y = (int)yoe + era * 400;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp_ = (5 * doy + 2) / 153;
	const unsigned d = doy - (153 * mp_ + 2) / 5 + 1;
	const unsigned m = mp_ < 10 ? mp_ + 3 : mp_ - 9;
	*yp = y + (m <= 2);
	*mp = (int)m;
	*dp = (int)d;
}

void date_format(clerk_date date, char buf[static 11])
{
	int y, m, d;
	date_to_ymd(date, &y, &m, &d);
	snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
}

static int digits(const char **p, const char *end, int min, int max, int *out)
{
	int n = 0, v = 0;
	const char *s = *p;
	while (s < end && *s >= '0' && *s <= '9' && n < max) {
		v = v * 10 + (*s - '0');
		s++;
		n++;
	}
	if (n < min)
		return -1;
	if (s < end && *s >= '0' && *s <= '9')
		return -1;
	*p = s;
	*out = v;
	return 0;
}

const char *date_parse(const char **p, const char *end, clerk_date *out)
{
	const char *s = *p;
	int y, m, d;
	char sep;
	if (digits(&s, end, 4, 4, &y))
		return "expected a date YYYY-MM-DD";
	if (s >= end || (*s != '-' && *s != '/' && *s != '.'))
		return "expected a date YYYY-MM-DD";
	sep = *s++;
	if (digits(&s, end, 1, 2, &m))
		return "expected a date YYYY-MM-DD";
	if (s >= end || *s != sep)
		return "expected a date YYYY-MM-DD (the same separator twice)";
	s++;
	if (digits(&s, end, 1, 2, &d))
		return "expected a date YYYY-MM-DD";
	if (m < 1 || m > 12)
		return "invalid date: month out of range";
	clerk_date r = date_from_ymd(y, m, d);
	if (r == DATE_NONE)
		return "invalid date: no such day";
	*out = r;
	*p = s;
	return NULL;
}

clerk_date date_parse_iso(const char *s)
{
	size_t n = strlen(s);
	const char *p = s;
	clerk_date r;
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return DATE_NONE;
	if (date_parse(&p, s + n, &r) || p != s + n)
		return DATE_NONE;
	return r;
}

clerk_date date_add_months(clerk_date date, int n)
{
	int y, m, d;
	date_to_ymd(date, &y, &m, &d);
	int total = y * 12 + (m - 1) + n;
	if (total < 12 || total >= 10000 * 12)
		return DATE_NONE;
	y = total / 12;
	m = total % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return date_from_ymd(y, m, d);
}

void date_append(struct strbuf *out, clerk_date date)
{
	char buf[11];
	if (date == DATE_NONE)
		return;
	date_format(date, buf);
	strbuf_addstr(out, buf);
}

int date_weekday(clerk_date date)
{
	int w = (int)((date + 3) % 7); /* 1970-01-01 was a Thursday */
	return w < 0 ? w + 7 : w;
}

clerk_date date_banking_days_before(clerk_date date, int n)
{
	if (n <= 0) {
		while (date_weekday(date) > 4)
			date--;
		return date;
	}
	for (int k = 0; k < n;)
		if (date_weekday(--date) <= 4)
			k++;
	return date;
}
