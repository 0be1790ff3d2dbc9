#include "compat.h"
#include "fault.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * CLERK_FAULT=NAME kills the process at the first fault_point(NAME);
 * CLERK_FAULT=NAME#N at the Nth (a run commits twice, writes many files).
 */
void fault_point(const char *name)
{
#ifdef CLERK_FAULT_INJECTION
	static unsigned long hits;
	const char *want = getenv("CLERK_FAULT");
	if (!want)
		return;
	const char *hash = strchr(want, '#');
	size_t n = hash ? (size_t)(hash - want) : strlen(want);
	if (strlen(name) != n || memcmp(want, name, n))
		return;
	unsigned long nth = hash ? strtoul(hash + 1, NULL, 10) : 1;
	if (++hits == nth)
		kill(getpid(), SIGKILL);
#else
	(void)name;
#endif
}
