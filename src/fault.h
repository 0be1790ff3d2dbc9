/*
 * fault.h - named crash points for durability tests.
 *
 * fault_point("post:after-posted-rename") kills the process with SIGKILL
 * when the environment variable CLERK_FAULT names that point. Tests use it
 * to prove that a kill at any step leaves the books before or after a
 * commit, never in between. Built in unless configured with
 * --disable-fault-injection.
 */
#ifndef CLERK_FAULT_H
#define CLERK_FAULT_H

void fault_point(const char *name);

#endif
