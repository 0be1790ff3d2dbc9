/*
 * run.c - `clerk run`: the nightly batch (formats/run.md). Checks its
 * folders, takes the books' lock, lists the inbox, computes the night in
 * memory (src/nightly.h) with the statements streamed from the inbox,
 * commits the postings, writes the reports, letters and the audit pack,
 * then moves the statements it read to the archive. Every step can be
 * killed and the rerun finishes the job with the same books and the same
 * pack; the run only ever moves the regular files it read from the inbox.
 */
#include "compat.h"
#include "books.h"
#include "cmd.h"
#include "error.h"
#include "fault.h"
#include "fsutil.h"
#include "nightly.h"
#include "pack.h"
#include "sha256.h"
#include "sign.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: clerk run -f BOOKS --inbox DIR --out DIR [--date DATE] [--archive DIR]\n"
	"                 [--pay [--pay-from ACCOUNT]] [--sign KEY] [-q]\n\n"
	"The nightly batch: takes the books' lock, reads every statement in the\n"
	"inbox (in account and sequence order), reconciles and posts them, computes\n"
	"aging, dunning and the collections list, records the notices, writes the\n"
	"letters, the reports and the audit pack, then moves the statements to the\n"
	"archive. Killed at any point, running it again finishes the same job with\n"
	"the same result; run twice, the second run posts nothing and says so.\n\n"
	"  -f, --file BOOKS     the root journal (default: $CLERK_BOOKS)\n"
	"  -i, --inbox DIR      where the bank's statements arrive\n"
	"  -o, --out DIR        where the run writes: DIR/RUN/ (reports, letters),\n"
	"                       DIR/packs/clerk-RUN.zip (the audit pack), DIR/archive/RUN/\n"
	"                       (statements processed), DIR/refused/RUN/ (set aside)\n"
	"  -d, --date DATE      the run date (YYYY-MM-DD); default: today, said on standard\n"
	"                       error (docs/dates.md). Everything is computed as of this\n"
	"                       date, never from the clock otherwise\n"
	"  -a, --archive DIR    archive folder instead of DIR/archive\n"
	"      --pay            make the payment run of the night (clerk pay): pay the\n"
	"                       bills due by the run date, once each; the pain.001 goes\n"
	"                       to DIR/RUN/payments/ and into the pack. Not when the\n"
	"                       night's bank data are incomplete\n"
	"      --pay-from ACCOUNT  the bank account to pay from (default: the only one\n"
	"                       with an IBAN)\n"
	"  -S, --sign KEY       sign the audit pack with this secret key (clerk keygen):\n"
	"                       PACK.zip.minisig beside it and MANIFEST.minisig in it\n"
	"  -q, --quiet          no summary line, and no date line\n"
	"      --timings        print the seconds each stage took to stderr (load, import,\n"
	"                       match, dunning, letters, notices, aging, report, post,\n"
	"                       outputs, pack, archive)\n\n"
	"Exit status: 0 clean; 5 done, with exceptions for a person (suspense,\n"
	"overpayments, statements set aside, an aging that does not tie out);\n"
	"1 input refused, nothing posted; 2 usage; 3 I/O; 4 the books are locked.\n";

/* ------------------------------------------------------ the earlier attempt */

/*
 * Commits text as KIND unless an earlier attempt of this run already did:
 * then its file must hold exactly the same text.
 */
static int commit_once(const char *books, const char *kind, const struct strbuf *text,
		       const books_run_files *earlier, const char **what)
{
	for (size_t i = 0; i < earlier->n; i++) {
		const struct books_run_file *e = &earlier->v[i];
		if (e->text.len == text->len && !memcmp(e->text.buf, text->buf, text->len)) {
			*what = "already posted by the interrupted run";
			return 0;
		}
		return clerk_error_set(CLERK_EINVALID,
				       "'%s' was posted by an earlier attempt of this run but differs from "
				       "what the run computes now (were the books or the inbox changed?); "
				       "a person must look at it",
				       e->path);
	}
	if (!text->len) {
		*what = "nothing to post";
		return 0;
	}
	char hash[SHA256_HEX_LEN + 1];
	char *posted = NULL;
	sha256_hex(text->buf, text->len, hash);
	int error = books_prepare(books);
	if (!error)
		error = books_commit(books, kind, hash, text->buf, text->len, &posted);
	free(posted);
	*what = "posted";
	return error;
}

/* -------------------------------------------------------------- timings */

/* Seconds per stage, for --timings: measuring only, never part of a result. */
struct timings {
	const char *names[16];
	double secs[16];
	size_t n;
	struct timespec last;
	const char *current;
};

static void timings_stage(void *ctx, const char *name)
{
	struct timings *t = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (t->current) {
		double s = (double)(now.tv_sec - t->last.tv_sec) + (double)(now.tv_nsec - t->last.tv_nsec) / 1e9;
		size_t i = 0;
		while (i < t->n && strcmp(t->names[i], t->current))
			i++;
		if (i == t->n && t->n < 16)
			t->names[t->n++] = t->current;
		if (i < 16)
			t->secs[i] += s;
	}
	t->last = now;
	t->current = strcmp(name, "done") ? name : NULL;
}

/* -------------------------------------------------------------- progress */

static bool progress_on;

static void progress(const char *step)
{
	if (progress_on)
		fprintf(stderr, "\rclerk run: %-40s", step);
}

static void progress_done(void)
{
	if (progress_on)
		fprintf(stderr, "\r%50s\r", "");
}

/* ------------------------------------------------------------ the run */

/* An inbox entry and what this run does with it. */
struct entry {
	char *name;
	char *path;  /* INBOX/NAME */
	char *left;  /* why the run does not read it (not a regular file...), or NULL */
	dev_t dev;
	ino_t ino;
	uint64_t size;
	bool hashed;
	char sha256[SHA256_HEX_LEN + 1];
	char *dest;  /* a finished run of this date took it: the folder it goes to, or "" when it stays */
};

struct run {
	const char *file, *inbox, *outdir, *archive_opt, *sign;
	clerk_date date;
	bool quiet, show_timings, pay;
	const char *pay_from;
	struct strbuf books_c, posted_c, inbox_c, out_c, archive_c; /* canonical, for the checks */
	int k;
	struct strbuf id, pack, archive, refused, rundir;
	VEC(struct entry) in;
	bool done_clean; /* the latest finished run of this date was clean */
	size_t moved;
};

static void run_release(struct run *r)
{
	for (size_t i = 0; i < r->in.n; i++) {
		free(r->in.v[i].name);
		free(r->in.v[i].path);
		free(r->in.v[i].left);
		free(r->in.v[i].dest);
	}
	VEC_FREE(&r->in);
	struct strbuf *sbs[] = { &r->books_c, &r->posted_c, &r->inbox_c, &r->out_c, &r->archive_c,
				 &r->id, &r->pack, &r->archive, &r->refused, &r->rundir };
	for (size_t i = 0; i < ARRAY_SIZE(sbs); i++)
		strbuf_release(sbs[i]);
}

/* ---------------------------------------------------- the folders' safety */

/* How canonical path a stands to b: "is", "lies inside", "contains", or NULL. */
static const char *relation(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return "is";
	if (fsutil_within(a, b))
		return "lies inside";
	if (fsutil_within(b, a))
		return "contains";
	return NULL;
}

static int folder_refused(const char *what, const char *given, const char *rel, const char *other)
{
	fprintf(stderr,
		"clerk: error: the %s '%s' %s %s: a run moves and writes files there, and must never "
		"touch the books or mix its inbox, output and archive; nothing was changed\n",
		what, given, rel, other);
	return EXIT_USAGE;
}

/*
 * Before anything changes: the inbox must be a folder; the inbox, the
 * output and the archive folder must not be, contain or lie inside one
 * another, and must not be or contain the books' folder, nor lie inside
 * its posted/ folder (formats/run.md, "Folders").
 */
static int check_folders(struct run *r)
{
	struct stat st;
	if (stat(r->inbox, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "clerk: error: the inbox '%s' is not a folder%s%s\n", r->inbox,
			errno ? ": " : "", errno ? strerror(errno) : "");
		return EXIT_IO;
	}
	struct strbuf root = STRBUF_INIT;
	int error = fsutil_canonical(&root, r->file);
	if (!error) {
		fsutil_dirname(&r->books_c, root.buf);
		strbuf_addf(&r->posted_c, "%s/posted", r->books_c.len > 1 ? r->books_c.buf : "");
	}
	strbuf_release(&root);
	if (error || (error = fsutil_canonical(&r->inbox_c, r->inbox)) ||
	    (error = fsutil_canonical(&r->out_c, r->outdir)) ||
	    (r->archive_opt && (error = fsutil_canonical(&r->archive_c, r->archive_opt))))
		return cmd_fail(error);
	struct {
		const char *what, *given;
		const struct strbuf *c;
	} f[] = { { "inbox", r->inbox, &r->inbox_c },
		  { "output folder", r->outdir, &r->out_c },
		  { "archive folder", r->archive_opt, &r->archive_c } };
	size_t nf = r->archive_opt ? 3 : 2;
	struct strbuf other = STRBUF_INIT;
	int rc = EXIT_OK;
	for (size_t i = 0; i < nf && !rc; i++) {
		const char *rel = relation(f[i].c->buf, r->books_c.buf);
		strbuf_reset(&other);
		if (rel && strcmp(rel, "lies inside")) {
			strbuf_addf(&other, "the books' folder '%s'", r->books_c.buf);
			rc = folder_refused(f[i].what, f[i].given, rel, other.buf);
		} else if ((rel = relation(f[i].c->buf, r->posted_c.buf))) {
			strbuf_addf(&other, "the books' posted folder '%s'", r->posted_c.buf);
			rc = folder_refused(f[i].what, f[i].given, rel, other.buf);
		}
	}
	for (size_t i = 0; i < nf && !rc; i++)
		for (size_t k = i + 1; k < nf && !rc; k++) {
			const char *rel = relation(f[i].c->buf, f[k].c->buf);
			if (rel) {
				strbuf_reset(&other);
				strbuf_addf(&other, "the %s '%s'", f[k].what, f[k].given);
				rc = folder_refused(f[i].what, f[i].given, rel, other.buf);
			}
		}
	strbuf_release(&other);
	return rc;
}

/* After loading: no folder of the run may be or contain a folder holding a journal of the books. */
static int check_book_folders(struct run *r, const struct journal *j)
{
	const struct strbuf *f[] = { &r->inbox_c, &r->out_c, &r->archive_c };
	const char *what[] = { "inbox", "output folder", "archive folder" };
	const char *given[] = { r->inbox, r->outdir, r->archive_opt };
	struct strbuf dir = STRBUF_INIT, other = STRBUF_INIT;
	int rc = EXIT_OK;
	for (size_t i = 0; i < j->files.n && !rc; i++) {
		const char *real = j->files.v[i].realpath;
		if (!real || j->files.v[i].batch)
			continue;
		strbuf_reset(&dir);
		fsutil_dirname(&dir, real);
		for (size_t k = 0; k < ARRAY_SIZE(f) && !rc; k++) {
			const char *rel = f[k]->len ? relation(f[k]->buf, dir.buf) : NULL;
			if (!rel || !strcmp(rel, "lies inside"))
				continue;
			strbuf_reset(&other);
			strbuf_addf(&other, "the folder '%s' of the books' journal '%s'", dir.buf,
				    j->files.v[i].path);
			rc = folder_refused(what[k], given[k], rel, other.buf);
		}
	}
	strbuf_release(&dir);
	strbuf_release(&other);
	return rc;
}

/* ------------------------------------------------------------ the inbox */

/*
 * Lists the inbox: every entry but dot files, sorted by name, never
 * through a symbolic link and without reading anything yet. An entry that
 * is not a regular file, or whose name a pack cannot keep, is left where
 * it is (and recorded by the night).
 */
static int read_inbox(struct run *r)
{
	struct fsutil_names names = FSUTIL_NAMES_INIT;
	if (fsutil_list_dir(r->inbox, &names))
		return clerk_error_set_errno(errno == ENOENT ? CLERK_ENOTFOUND : CLERK_EIO,
					     "cannot read the inbox '%s'", r->inbox);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < names.n; i++) {
		struct entry *e = VEC_GROW(&r->in);
		memset(e, 0, sizeof(*e));
		e->name = names.v[i];
		names.v[i] = NULL;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", r->inbox, e->name);
		e->path = xstrdup(sb.buf);
		struct stat st;
		strbuf_reset(&sb);
		if (lstat(e->path, &st))
			strbuf_addf(&sb, "cannot be read: %s", strerror(errno));
		else if (!S_ISREG(st.st_mode))
			strbuf_addf(&sb, "%s, not a statement file: left in the inbox", fsutil_kind(&st));
		if (!sb.len) {
			struct strbuf member = STRBUF_INIT;
			strbuf_addf(&member, "inputs/%s", e->name);
			const char *why = pack_name_problem(member.buf, member.len);
			if (why)
				strbuf_addf(&sb, "its name cannot be kept in the audit pack (it %s): left in "
						 "the inbox; rename it",
					    why);
			strbuf_release(&member);
		}
		if (sb.len)
			e->left = xstrdup(sb.buf);
		e->dev = st.st_dev;
		e->ino = st.st_ino;
		e->size = (uint64_t)st.st_size;
	}
	strbuf_release(&sb);
	fsutil_names_release(&names);
	return 0;
}

/* Takes the SHA-256 and size of a regular inbox file (once), streamed. */
static int entry_hash(struct entry *e)
{
	if (e->hashed)
		return 0;
	int fd;
	struct stat st;
	int error = fsutil_open_regular(&fd, &st, e->path, FSUTIL_NOFOLLOW);
	if (error)
		return error;
	struct sha256 *h = sha256_new();
	char buf[65536];
	ssize_t n;
	uint64_t size = 0, want = (uint64_t)st.st_size;
	while (size < want) {
		size_t chunk = want - size < sizeof(buf) ? (size_t)(want - size) : sizeof(buf);
		if ((n = read(fd, buf, chunk)) < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error = n ? clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", e->path)
				  : fsutil_changed_error(e->path, &st);
			break;
		}
		sha256_update(h, buf, (size_t)n);
		size += (uint64_t)n;
	}
	if (!error)
		error = fsutil_check_end(fd, &st, e->path); /* no further than the size it had */
	close(fd);
	sha256_final_hex(h, e->sha256);
	sha256_free(h);
	if (!error && (st.st_dev != e->dev || st.st_ino != e->ino))
		error = clerk_error_set(CLERK_EIO, "'%s' was replaced while the run read the inbox",
					e->path);
	e->size = size;
	e->hashed = !error;
	return error;
}

/* ------------------------------------------------------------ run ids */

static void run_id(struct strbuf *out, clerk_date date, int k)
{
	char buf[11];
	date_format(date, buf);
	strbuf_addstr(out, buf);
	if (k > 1)
		strbuf_addf(out, ".%d", k);
}

/* The run id of a pack file name "clerk-ID.zip", into id; false when it is not one. */
static bool pack_name_id(const char *name, struct strbuf *id)
{
	size_t len = strlen(name);
	if (len < 20 || strncmp(name, "clerk-", 6) || strcmp(name + len - 4, ".zip"))
		return false;
	char ds[11];
	memcpy(ds, name + 6, 10);
	ds[10] = '\0';
	if (date_parse_iso(ds) == DATE_NONE)
		return false;
	if (len != 20) {
		if (name[16] != '.' || len < 22)
			return false;
		for (size_t i = 17; i < len - 4; i++)
			if (name[i] < '0' || name[i] > '9')
				return false;
	}
	strbuf_reset(id);
	strbuf_add(id, name + 6, len - 10);
	return true;
}

/*
 * The latest pack in OUT/packs before run `id`, by date then run number,
 * or "" when none: the previous link of the chain. With id NULL, the
 * latest of all.
 */
static void previous_pack(struct strbuf *out, const char *outdir, const char *id)
{
	struct fsutil_names names = FSUTIL_NAMES_INIT;
	struct strbuf dir = STRBUF_INIT, best = STRBUF_INIT, pid = STRBUF_INIT;
	strbuf_addf(&dir, "%s/packs", outdir);
	if (!fsutil_list_dir(dir.buf, &names)) {
		for (size_t i = 0; i < names.n; i++) {
			if (!pack_name_id(names.v[i], &pid) || (id && books_run_id_cmp(pid.buf, id) >= 0))
				continue;
			if (!best.len || books_run_id_cmp(pid.buf, best.buf) > 0) {
				strbuf_reset(&best);
				strbuf_addstr(&best, pid.buf);
				strbuf_reset(out);
				strbuf_addf(out, "%s/%s", dir.buf, names.v[i]);
			}
		}
	}
	fsutil_names_release(&names);
	strbuf_release(&dir);
	strbuf_release(&best);
	strbuf_release(&pid);
}

/* Sets r's run id and its files for run number k of the date. */
static void set_run(struct run *r, int k)
{
	r->k = k;
	strbuf_reset(&r->id);
	run_id(&r->id, r->date, k);
	strbuf_reset(&r->pack);
	strbuf_addf(&r->pack, "%s/packs/clerk-%s.zip", r->outdir, r->id.buf);
	strbuf_reset(&r->archive);
	if (r->archive_opt)
		strbuf_addf(&r->archive, "%s/%s", r->archive_opt, r->id.buf);
	else
		strbuf_addf(&r->archive, "%s/archive/%s", r->outdir, r->id.buf);
	strbuf_reset(&r->refused);
	strbuf_addf(&r->refused, "%s/refused/%s", r->outdir, r->id.buf);
	strbuf_reset(&r->rundir);
	strbuf_addf(&r->rundir, "%s/%s", r->outdir, r->id.buf);
}

/* The row of name in a finished pack's inbox.tsv, or NULL. */
static const struct nightly_entry *tsv_row(const struct nightly_entry *rows, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].name, name))
			return &rows[i];
	return NULL;
}

/* The rows of an earlier Clerk's refused.txt (plain names, one per line) as refused entries. */
static void refused_rows(struct nightly_entry **rows, size_t *n, const struct strbuf *txt)
{
	for (const char *s = txt->buf; s && *s;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		*rows = xrealloc(*rows, (*n + 1) * sizeof(**rows));
		struct nightly_entry *row = &(*rows)[(*n)++];
		memset(row, 0, sizeof(*row));
		row->name = xmalloc(len + 1);
		memcpy(row->name, s, len);
		row->name[len] = '\0';
		row->why = xstrdup("");
		row->status = NIGHTLY_REFUSED;
		s = e ? e + 1 : NULL;
	}
}

/*
 * The pack of this run id exists: that run is done but for (perhaps)
 * moving its statements. Marks the inbox entries it took (those it holds
 * byte for byte) with the folder they go to, and those it recorded as
 * left, waiting or held (the same bytes) as staying; reads whether it was
 * clean.
 */
static int plan_finished(struct run *r)
{
	struct pack *p = NULL;
	const struct pack_manifest *m = NULL;
	struct strbuf tsv = STRBUF_INIT, log = STRBUF_INIT, member = STRBUF_INIT;
	struct nightly_entry *rows = NULL;
	size_t nrows = 0;
	int error = pack_open(&p, r->pack.buf);
	if (!error)
		error = pack_manifest(&m, p);
	if (!error && !pack_member_read(&tsv, p, "inbox.tsv", 1u << 26))
		error = nightly_read_inbox(&rows, &nrows, tsv.buf, tsv.len);
	else if (!error && !pack_member_read(&tsv, p, "refused.txt", 1u << 26))
		refused_rows(&rows, &nrows, &tsv); /* a pack of an earlier Clerk */
	/* whether that night was clean; an earlier Clerk's pack does not say: not clean */
	r->done_clean = false;
	if (!error && !pack_member_read(&log, p, "log.jsonl", 1u << 26) &&
	    nightly_read_clean(&r->done_clean, log.buf, log.len))
		r->done_clean = false;
	if (error) {
		struct strbuf msg = STRBUF_INIT;
		strbuf_addstr(&msg, clerk_error_last()->message);
		error = clerk_error_set(CLERK_EINVALID,
					"the audit pack '%s' of an earlier run of this date cannot be read "
					"(%s): a person must look at it",
					r->pack.buf, msg.buf);
		strbuf_release(&msg);
		goto out;
	}
	for (size_t i = 0; i < r->in.n && !error; i++) {
		struct entry *e = &r->in.v[i];
		const struct nightly_entry *row = tsv_row(rows, nrows, e->name);
		if (e->dest)
			continue;
		if (row && (row->status == NIGHTLY_LEFT || row->status == NIGHTLY_WAITING ||
			    row->status == NIGHTLY_HELD)) {
			if (!row->sha256[0] ? e->left != NULL
					    : !e->left && !(error = entry_hash(e)) && !strcmp(row->sha256, e->sha256))
				e->dest = xstrdup("");
			continue;
		}
		if (e->left)
			continue;
		strbuf_reset(&member);
		strbuf_addf(&member, "inputs/%s", e->name);
		for (size_t k = 0; k < m->nentries && !error; k++) {
			const struct pack_entry *pe = &m->entries[k];
			if (strcmp(pe->name, member.buf) || pe->size != e->size)
				continue;
			if ((error = entry_hash(e)) || strcmp(pe->sha256, e->sha256))
				break;
			bool refused = row && row->status == NIGHTLY_REFUSED;
			e->dest = xstrdup(refused ? r->refused.buf : r->archive.buf);
		}
	}
out:
	for (size_t i = 0; i < nrows; i++)
		nightly_entry_release(&rows[i]);
	free(rows);
	pack_free(p);
	strbuf_release(&tsv);
	strbuf_release(&log);
	strbuf_release(&member);
	return error;
}

/* Finds this run's id: the first of the date without a pack; plans what the finished ones left to do. */
static int find_run(struct run *r)
{
	for (int k = 1;; k++) {
		set_run(r, k);
		struct stat st;
		if (lstat(r->pack.buf, &st))
			return 0;
		int error = plan_finished(r);
		if (error)
			return error;
	}
}

/*
 * Runs go forward in time: a date before the latest run of the books or
 * of the output folder, or before the books' latest dunning notice, is
 * refused (j NULL: the runs only).
 */
static int check_date(struct run *r, const struct journal *j)
{
	struct strbuf last = STRBUF_INIT, pack = STRBUF_INIT, pid = STRBUF_INIT;
	char date[11], when[11];
	int rc = EXIT_OK;
	date_format(r->date, date);
	if (!j) {
		books_last_run(&last, r->file);
		previous_pack(&pack, r->outdir, NULL);
		const char *base = strrchr(pack.buf, '/');
		if (pack.len && pack_name_id(base + 1, &pid) &&
		    (!last.len || books_run_id_cmp(pid.buf, last.buf) > 0)) {
			strbuf_reset(&last);
			strbuf_addstr(&last, pid.buf);
		}
		if (last.len && strncmp(last.buf, date, 10) > 0) {
			fprintf(stderr,
				"clerk: error: the run date %s is before the last run, %s: nights are "
				"run in date order; nothing was changed\n",
				date, last.buf);
			rc = EXIT_USAGE;
		}
	} else {
		uint32_t tag = journal_tag_id(j, "dunning-notice");
		clerk_date latest = DATE_NONE;
		for (size_t t = 0; tag != NO_ID && t < j->txns.n; t++)
			if (j->txns.v[t].date > latest && journal_txn_tag_id(j, &j->txns.v[t], tag))
				latest = j->txns.v[t].date;
		if (latest != DATE_NONE && latest > r->date) {
			date_format(latest, when);
			fprintf(stderr,
				"clerk: error: the run date %s is before the books' last dunning notice, "
				"of %s: nights are run in date order; nothing was changed\n",
				date, when);
			rc = EXIT_USAGE;
		}
	}
	strbuf_release(&last);
	strbuf_release(&pack);
	strbuf_release(&pid);
	return rc;
}

/* ----------------------------------------------------------- moving files */

/* Makes path and its missing parents (each with fsutil_mkdir: never through a symbolic link). */
static int mkdir_p(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0 || !strchr(path + 1, '/'))
		return fsutil_mkdir(path);
	struct strbuf parent = STRBUF_INIT;
	fsutil_dirname(&parent, path);
	int error = mkdir_p(parent.buf);
	strbuf_release(&parent);
	return error ? error : fsutil_mkdir(path);
}

/* Copies the regular file from to the new file to, durably (a move across file systems). */
static int copy_file(const char *from, const char *to)
{
	struct strbuf tmp = STRBUF_INIT, dir = STRBUF_INIT;
	const char *base = strrchr(to, '/');
	int in = -1, out = -1, error = 0;
	struct stat st;
	fsutil_dirname(&dir, to);
	strbuf_addf(&tmp, "%s/.%s.tmp.%ld", dir.buf, base ? base + 1 : to, (long)getpid());
	if ((error = fsutil_open_regular(&in, &st, from, FSUTIL_NOFOLLOW)))
		goto out;
	(void)unlink(tmp.buf);
	out = open(tmp.buf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0) {
		error = clerk_error_set_errno(CLERK_EIO, "cannot create '%s'", tmp.buf);
		goto out;
	}
	char buf[65536];
	ssize_t n;
	off_t left = st.st_size;
	while (!error && left > 0) {
		size_t chunk = left < (off_t)sizeof(buf) ? (size_t)left : sizeof(buf);
		if ((n = read(in, buf, chunk)) < 0 && errno == EINTR)
			continue;
		if (n <= 0 || write(out, buf, (size_t)n) != n)
			error = n == 0 ? fsutil_changed_error(from, &st)
				       : clerk_error_set_errno(CLERK_EIO, "cannot copy '%s' to '%s'", from, tmp.buf);
		else
			left -= n;
	}
	if (!error)
		error = fsutil_check_end(in, &st, from);
	if (!error && fsync(out))
		error = clerk_error_set_errno(CLERK_EIO, "cannot sync '%s'", tmp.buf);
	if (close(out) && !error)
		error = clerk_error_set_errno(CLERK_EIO, "cannot write '%s'", tmp.buf);
	out = -1;
	if (!error && rename(tmp.buf, to))
		error = clerk_error_set_errno(CLERK_EIO, "cannot rename '%s' to '%s'", tmp.buf, to);
	if (error)
		(void)unlink(tmp.buf);
out:
	if (in >= 0)
		close(in);
	strbuf_release(&tmp);
	strbuf_release(&dir);
	return error;
}

/*
 * Moves the inbox file of e into todir/NAME: only a regular file, the one
 * the run listed (same device and inode); a file already there is kept
 * only when it holds the same bytes (an earlier, killed move), else the
 * move is refused. Moved files get mode 0600.
 */
static int move_entry(struct entry *e, const char *todir)
{
	struct strbuf to = STRBUF_INIT;
	struct stat st, there;
	int error = 0;
	strbuf_addf(&to, "%s/%s", todir, e->name);
	if (e->left || lstat(e->path, &st) || !S_ISREG(st.st_mode) || st.st_dev != e->dev ||
	    st.st_ino != e->ino) {
		error = clerk_error_set(CLERK_EIO, "'%s' is not the file the run read: it stays where it is",
					e->path);
		goto out;
	}
	if ((error = mkdir_p(todir)))
		goto out;
	if (!lstat(to.buf, &there)) {
		struct entry copy = { .name = e->name, .path = to.buf, .dev = there.st_dev,
				      .ino = there.st_ino };
		if ((error = entry_hash(e)) || (error = entry_hash(&copy)))
			goto out;
		if (copy.size != e->size || strcmp(copy.sha256, e->sha256)) {
			error = clerk_error_set(CLERK_EIO,
						"'%s' exists and holds other bytes than '%s': refusing to "
						"overwrite it",
						to.buf, e->path);
			goto out;
		}
		if (unlink(e->path) && errno != ENOENT)
			error = clerk_error_set_errno(CLERK_EIO, "cannot remove '%s'", e->path);
	} else if (rename(e->path, to.buf)) {
		if (errno != EXDEV) {
			error = clerk_error_set_errno(CLERK_EIO, "cannot move '%s' to '%s'", e->path, to.buf);
			goto out;
		}
		if (!(error = copy_file(e->path, to.buf)) && unlink(e->path))
			error = clerk_error_set_errno(CLERK_EIO, "cannot remove '%s'", e->path);
	}
	if (!error) {
		/* statements hold banking data: owner only */
		int fd = open(to.buf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0) {
			(void)!fchmod(fd, 0600);
			close(fd);
		}
		error = fsutil_fsync_dir(todir);
	}
	if (!error) {
		struct strbuf dir = STRBUF_INIT;
		fsutil_dirname(&dir, e->path);
		error = fsutil_fsync_dir(dir.buf);
		strbuf_release(&dir);
	}
out:
	strbuf_release(&to);
	return error;
}

/* Moves the entries finished runs of this date took to where those runs put them. */
static int finish_moves(struct run *r)
{
	int error = 0;
	for (size_t i = 0; i < r->in.n && !error; i++) {
		struct entry *e = &r->in.v[i];
		if (e->dest && e->dest[0] && !(error = move_entry(e, e->dest)))
			r->moved++;
	}
	return error;
}

/* ---------------------------------------------------------- the night's files */

/* Removes what killed writes of this run's files left: only Clerk's own temporaries of the files it writes. */
static int clean_temporaries(struct run *r, const struct nightly *night)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
	const char **bases = xcalloc(night->members.n + night->inbox.n * 2 + 2, sizeof(*bases));
	char **owned = xcalloc(night->inbox.n + 1, sizeof(*owned));
	size_t nb = 0;
	int error = 0;
	/* OUT/RUN, OUT/RUN/letters and OUT/RUN/payments: the members but the inputs */
	const char *subs[] = { "", "letters/", "payments/" };
	for (size_t s = 0; s < ARRAY_SIZE(subs) && !error; s++) {
		nb = 0;
		for (size_t i = 0; i < night->members.n; i++) {
			const char *name = night->members.v[i].name, *rest = name + strlen(subs[s]);
			if (!strncmp(name, subs[s], strlen(subs[s])) && !strchr(rest, '/'))
				bases[nb++] = rest;
		}
		strbuf_reset(&dir);
		strbuf_addf(&dir, "%s/%s", r->rundir.buf, subs[s]);
		error = fsutil_remove_temporaries(dir.buf, bases, nb);
	}
	/* OUT/packs: this run's pack */
	strbuf_reset(&path);
	strbuf_addf(&path, "clerk-%s.zip", r->id.buf);
	bases[0] = path.buf;
	strbuf_reset(&dir);
	strbuf_addf(&dir, "%s/packs", r->outdir);
	if (!error)
		error = fsutil_remove_temporaries(dir.buf, bases, 1);
	/* the archive and refused folders: the statements and their reasons */
	nb = 0;
	for (size_t i = 0; i < night->inbox.n; i++) {
		struct strbuf reason = STRBUF_INIT;
		strbuf_addf(&reason, "%s.reason.txt", night->inbox.v[i].name);
		owned[i] = strbuf_detach(&reason, NULL);
		bases[nb++] = night->inbox.v[i].name;
		bases[nb++] = owned[i];
	}
	if (!error)
		error = fsutil_remove_temporaries(r->archive.buf, bases, nb);
	if (!error)
		error = fsutil_remove_temporaries(r->refused.buf, bases, nb);
	for (size_t i = 0; i < night->inbox.n; i++)
		free(owned[i]);
	free(owned);
	free(bases);
	strbuf_release(&dir);
	strbuf_release(&path);
	return error;
}

/* The reports and letters, for people: OUT/RUN/... (every member but the inputs and documents), flushed once. */
static int write_outputs(struct run *r, const struct nightly *night)
{
	struct strbuf path = STRBUF_INIT, dir = STRBUF_INIT;
	int error = mkdir_p(r->rundir.buf);
	for (size_t i = 0; !error && i < night->members.n; i++) {
		const struct nightly_member *m = &night->members.v[i];
		if (!strncmp(m->name, "inputs/", 7) || !strncmp(m->name, "documents/", 10))
			continue; /* the documents stay where clerk invoice wrote them */
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", r->rundir.buf, m->name);
		strbuf_reset(&dir);
		fsutil_dirname(&dir, path.buf); /* letters/ and the like */
		if (!(error = mkdir_p(dir.buf)))
			error = fsutil_write_atomic_flags(path.buf, m->data.buf, m->data.len, 0600,
							  "run-output", FSUTIL_NO_SYNC);
	}
	if (!error)
		error = fsutil_sync_fs(r->rundir.buf);
	strbuf_release(&path);
	strbuf_release(&dir);
	return error;
}

/* NAME.reason.txt beside each statement set aside, written before the pack says the run is done. */
static int write_reasons(struct run *r, const struct nightly *night)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int error = 0;
	for (size_t i = 0; i < night->refused.n && !error; i++) {
		const struct nightly_refused *x = &night->refused.v[i];
		if (!(error = mkdir_p(r->refused.buf))) {
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s.reason.txt", r->refused.buf, x->name);
			strbuf_reset(&text);
			strbuf_addstr(&text, x->reason);
			if (text.len && text.buf[text.len - 1] != '\n')
				strbuf_addch(&text, '\n');
			error = fsutil_write_atomic(path.buf, text.buf, text.len, 0600, "refused");
		}
	}
	strbuf_release(&path);
	strbuf_release(&text);
	return error;
}

/* The audit pack, chained to the previous one; inputs streamed from the inbox. */
static int write_pack(struct run *r, struct nightly *night)
{
	struct strbuf prev = STRBUF_INIT;
	struct pack_builder *b = NULL;
	char prev_hex[SHA256_HEX_LEN + 1] = "", hex[SHA256_HEX_LEN + 1];
	int error = 0;
	previous_pack(&prev, r->outdir, r->id.buf);
	if (prev.len) {
		struct pack *pp = NULL;
		const struct pack_manifest *pm = NULL;
		if ((error = pack_open(&pp, prev.buf)) || (error = pack_manifest(&pm, pp))) {
			pack_free(pp);
			error = clerk_error_set(CLERK_EINVALID, "the previous audit pack '%s' cannot be read: %s",
						prev.buf, clerk_error_last()->message);
			goto out;
		}
		memcpy(prev_hex, pm->sha256, sizeof(prev_hex));
		pack_free(pp);
	}
	if ((error = pack_builder_new(&b, r->date)) ||
	    (error = pack_builder_set_previous(b, prev_hex[0] ? prev_hex : NULL)) ||
	    (error = pack_builder_add_header(b, "clerk-version", PACKAGE_VERSION)) ||
	    (error = pack_builder_add_header(b, "run", r->id.buf)))
		goto out;
	/*
	 * every member is streamed from a file: the inputs from the inbox, the
	 * others from OUT/RUN/, where write_outputs() put the same bytes; each
	 * is hashed and released here, so the pack holds none of them
	 */
	struct strbuf path = STRBUF_INIT;
	for (size_t i = 0; !error && i < night->members.n; i++) {
		struct nightly_member *m = &night->members.v[i];
		if (m->path) {
			error = pack_builder_add_file(b, m->name, m->path, m->size, m->sha256);
			continue;
		}
		if (!strncmp(m->name, "inputs/", 7)) { /* not in OUT/RUN/: held as given */
			error = pack_builder_add_strbuf(b, m->name, &m->data);
			continue;
		}
		char sha[SHA256_HEX_LEN + 1];
		sha256_hex(m->data.buf, m->data.len, sha);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", r->rundir.buf, m->name);
		error = pack_builder_add_file(b, m->name, path.buf, m->data.len, sha);
		strbuf_release(&m->data);
	}
	strbuf_release(&path);
	if (!error)
		error = pack_builder_write(hex, b, r->pack.buf);
out:
	pack_builder_free(b);
	strbuf_release(&prev);
	return error;
}

/*
 * The books files the previous pack's books.tsv lists into listed (*have:
 * whether there is such a pack with a books.tsv). Returns 0 or an error
 * (the pack cannot be read).
 */
static int previous_books(const struct run *r, bookfiles *listed, bool *have)
{
	struct strbuf prev = STRBUF_INIT, tsv = STRBUF_INIT;
	struct pack *p = NULL;
	int error = 0;
	*have = false;
	previous_pack(&prev, r->outdir, r->id.buf);
	if (prev.len && !(error = pack_open(&p, prev.buf))) {
		error = pack_member_read(&tsv, p, "books.tsv", 1u << 26);
		if (error == CLERK_ENOTFOUND) { /* an older pack: it held no documents */
			clerk_error_clear();
			error = 0;
		} else if (!error && !(error = bookfiles_parse(listed, tsv.buf, tsv.len))) {
			*have = true;
		}
	}
	if (error)
		error = clerk_error_set(CLERK_EINVALID, "the previous audit pack '%s' cannot be read: %s",
					prev.buf, clerk_error_last()->message);
	pack_free(p);
	strbuf_release(&prev);
	strbuf_release(&tsv);
	return error;
}

/*
 * The documents for the pack (formats/run.md, "The audit pack"): those
 * recorded in the books' files the previous pack did not list (every one
 * without such a pack), each checked against its file. Returns 0 or an error.
 */
static int night_documents(const struct run *r, const struct journal *j, documents *docs)
{
	bookfiles listed = VEC_INIT;
	bool have;
	int error = previous_books(r, &listed, &have);
	if (!error) {
		documents_of_journal(docs, j, have ? &listed : NULL);
		documents_check(docs);
	}
	bookfiles_release(&listed);
	return error;
}

/* Last: the statements the night read leave the inbox; those left or waiting stay. */
static int archive_inputs(struct run *r, const struct nightly *night)
{
	int error = 0;
	for (size_t i = 0; !error && i < r->in.n; i++) {
		struct entry *e = &r->in.v[i];
		const struct nightly_entry *ne = e->dest ? NULL : nightly_inbox_entry(night, e->name);
		if (!ne || (ne->status != NIGHTLY_TAKEN && ne->status != NIGHTLY_REFUSED))
			continue;
		error = move_entry(e, ne->status == NIGHTLY_REFUSED ? r->refused.buf : r->archive.buf);
		if (!error)
			fault_point("run:archived-one");
	}
	return error;
}

static void print_timings(const struct timings *tm)
{
	double total = 0;
	for (size_t i = 0; i < tm->n; i++) {
		fprintf(stderr, "clerk run: timing: %-8s %8.3f s\n", tm->names[i], tm->secs[i]);
		total += tm->secs[i];
	}
	fprintf(stderr, "clerk run: timing: %-8s %8.3f s\n", "total", total);
}

static void print_summary(const struct run *r, const struct nightly *night, const char *posted_what)
{
	size_t set_aside = night->refused_statements + night->left;
	printf("clerk run %s: %zu statement%s read, %zu set aside, %zu movement%s posted, "
	       "%zu exception%s, %zu notice%s",
	       r->id.buf, night->statements, night->statements == 1 ? "" : "s", set_aside,
	       night->movements, night->movements == 1 ? "" : "s", night->exceptions,
	       night->exceptions == 1 ? "" : "s", night->notices, night->notices == 1 ? "" : "s");
	if (night->held.len && night->held_notices)
		printf(", %zu held", night->held_notices);
	else if (night->held.len)
		printf(", dunning held");
	printf(" (%s)", posted_what);
	if (night->bills)
		printf(", %zu bill%s received (%zu posted, %zu held, %zu refused)", night->bills,
		       night->bills == 1 ? "" : "s", night->bills_posted, night->bills_held,
		       night->bills_refused);
	if (night->waiting)
		printf(", %zu waiting for a later night", night->waiting);
	printf("; pack %s\n", r->pack.buf);
	if (night->pay.len) { /* its first line, the details are in exceptions.txt */
		const char *nl = strchr(night->pay.buf, '\n');
		int len = nl ? (int)(nl - night->pay.buf) : (int)night->pay.len;
		if (len && night->pay.buf[len - 1] == ':')
			len--;
		printf("%.*s\n", len, night->pay.buf);
	}
	if (!night->clean)
		printf("exceptions for a person: %s/exceptions.txt\n", r->rundir.buf);
}

static int parse_options(struct run *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },    { "inbox", required_argument, NULL, 'i' },
		{ "out", required_argument, NULL, 'o' },     { "date", required_argument, NULL, 'd' },
		{ "archive", required_argument, NULL, 'a' }, { "quiet", no_argument, NULL, 'q' },
		{ "timings", no_argument, NULL, 'T' },	     { "help", no_argument, NULL, 'h' },
		{ "pay", no_argument, NULL, 'P' },	     { "pay-from", required_argument, NULL, 'F' },
		{ "sign", required_argument, NULL, 'S' },    { NULL, 0, NULL, 0 },
	};
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:i:o:d:a:S:qTh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			r->file = optarg;
			break;
		case 'i':
			r->inbox = optarg;
			break;
		case 'o':
			r->outdir = optarg;
			break;
		case 'd':
			if ((rc = cmd_parse_date("run", optarg, &r->date)))
				return rc;
			break;
		case 'a':
			r->archive_opt = optarg;
			break;
		case 'q':
			r->quiet = true;
			break;
		case 'T':
			r->show_timings = true;
			break;
		case 'P':
			r->pay = true;
			break;
		case 'F':
			r->pay_from = optarg;
			break;
		case 'S': /* the key is read now: a run that cannot sign changes nothing */
			if ((rc = sign_seckey_check(r->sign = optarg)))
				return cmd_fail(rc);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		default:
			return cmd_bad_option("run", argv, "f:i:o:d:a:S:");
		}
	}
	if (optind < argc)
		return cmd_usage_error("run", "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_books_path("run", &r->file)))
		return rc;
	if (!r->inbox)
		return cmd_usage_error("run", "no inbox given (use --inbox DIR)");
	if (!r->outdir)
		return cmd_usage_error("run", "no output folder given (use --out DIR)");
	if (r->pay_from && !r->pay)
		return cmd_usage_error("run", "--pay-from needs --pay");
	if (r->date == DATE_NONE) { /* today, said aloud; no note on the books' last date: the
				       night's statements come later (docs/dates.md) */
		if ((rc = cmd_today("run", &r->date)))
			return rc;
		if (!r->quiet)
			cmd_say_date("run", r->date, true, NULL, 0);
	}
	return EXIT_OK;
}

/* The output folder must be there and writable before anything is posted. */
static int prepare_out(struct run *r)
{
	struct stat st;
	struct strbuf path = STRBUF_INIT;
	int error = 0;
	errno = 0;
	if (!stat(r->outdir, &st) && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "clerk: error: the output folder '%s' is not a folder\n", r->outdir);
		return EXIT_IO;
	}
	if ((stat(r->outdir, &st) && (error = mkdir_p(r->outdir))) ||
	    (!error && access(r->outdir, W_OK | X_OK))) {
		if (!error)
			fprintf(stderr, "clerk: error: cannot write to the output folder '%s': %s\n",
				r->outdir, strerror(errno));
		return error ? cmd_fail(error) : EXIT_IO;
	}
	strbuf_addf(&path, "%s/packs", r->outdir);
	error = fsutil_mkdir(path.buf);
	strbuf_release(&path);
	return error ? cmd_fail(error) : EXIT_OK;
}

/* Nothing new in the inbox: the run of this date is done; only moving its statements may be left. */
static int report_done(struct run *r)
{
	struct strbuf done = STRBUF_INIT, pack = STRBUF_INIT;
	run_id(&done, r->date, r->k - 1);
	strbuf_addf(&pack, "%s/packs/clerk-%s.zip", r->outdir, done.buf);
	int error = r->sign ? sign_pack(pack.buf, r->sign) : 0; /* a pack left unsigned by a killed run */
	strbuf_release(&pack);
	if (!error)
		error = finish_moves(r);
	if (error) {
		strbuf_release(&done);
		return cmd_fail(error);
	}
	if (!r->quiet) {
		printf("clerk run: nothing new in the inbox: the run of %s is done (pack %s/packs/clerk-%s.zip)%s; nothing posted\n",
		       done.buf, r->outdir, done.buf,
		       r->moved ? ", its statements are now archived" : "");
		if (!r->done_clean)
			printf("exceptions for a person: %s/%s/exceptions.txt\n", r->outdir, done.buf);
	}
	strbuf_release(&done);
	return r->done_clean ? EXIT_OK : EXIT_EXCEPTIONS;
}

/* The night's inputs (the inbox files not yet taken) and the entries it does not read. */
static void night_inputs(struct run *r, struct nightly_input *ni, size_t *nin,
			 struct nightly_left *nl, size_t *nleft)
{
	for (size_t i = 0; i < r->in.n; i++) {
		struct entry *e = &r->in.v[i];
		if (e->dest)
			continue;
		if (e->left)
			nl[(*nleft)++] = (struct nightly_left){ e->name, NIGHTLY_LEFT, e->left, NULL, 0 };
		else
			ni[(*nin)++] = (struct nightly_input){ e->name, e->path, NULL, 0 };
	}
}

int cmd_run(int argc, char **argv)
{
	struct run r = { .date = DATE_NONE };
	struct timings tm = { { NULL }, { 0 }, 0, { 0, 0 }, NULL };
	struct books_lock *lock = NULL;
	struct journal *j = NULL;
	struct nightly night = NIGHTLY_INIT;
	struct diag d = DIAG_INIT;
	books_run_files earlier = VEC_INIT;
	const char **skip = NULL;
	struct nightly_input *ni = NULL;
	struct nightly_left *nl = NULL;
	documents docs = VEC_INIT;
	const char *posted_what = NULL;
	size_t nin = 0, nleft = 0;
	int error = 0;
	int rc = parse_options(&r, argc, argv);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	progress_on = isatty(STDERR_FILENO);
	d.max_errors = CMD_MAX_DIAGNOSTICS;

	/* before anything changes: the folders, the lock, the inbox, the run and its date */
	if ((rc = check_folders(&r)))
		goto out;
	if ((error = books_lock(&lock, r.file))) {
		rc = cmd_fail(error);
		goto out;
	}
	progress("reading the inbox");
	if ((error = read_inbox(&r)) || (error = find_run(&r))) {
		rc = cmd_fail(error);
		goto out;
	}
	if ((rc = check_date(&r, NULL)))
		goto out;
	bool anything_new = false;
	for (size_t i = 0; i < r.in.n; i++)
		anything_new |= !r.in.v[i].dest;
	if (r.k > 1 && !anything_new) {
		rc = report_done(&r);
		goto out;
	}

	/* the books as they were before this run (an interrupted attempt's postings left out) */
	timings_stage(&tm, "load");
	progress("loading the books");
	books_find_run(&earlier, r.file, r.id.buf);
	skip = xcalloc(earlier.n + 1, sizeof(*skip));
	for (size_t i = 0; i < earlier.n; i++)
		skip[i] = earlier.v[i].real;
	if ((rc = cmd_load_books_night(&j, r.file, false, skip, true))) {
		if (rc == EXIT_DATA)
			fprintf(stderr, "clerk: error: the books do not check; nothing was posted\n");
		goto out;
	}
	if ((rc = check_book_folders(&r, j)) || (rc = check_date(&r, j)) || (rc = prepare_out(&r)))
		goto out;
	books_clean_temporaries(r.file);
	if ((error = finish_moves(&r))) {
		rc = cmd_fail(error);
		goto out;
	}

	/* the night, in memory; the statements are streamed from the inbox */
	progress("importing and reconciling");
	ni = xcalloc(r.in.n + 1, sizeof(*ni));
	nl = xcalloc(r.in.n + 1, sizeof(*nl));
	night_inputs(&r, ni, &nin, nl, &nleft);
	const char *base = strrchr(r.file, '/');
	if ((error = night_documents(&r, j, &docs))) {
		rc = cmd_fail(error);
		goto out;
	}
	struct nightly_options no = { r.date, r.id.buf, base ? base + 1 : r.file, PACKAGE_VERSION,
				      nl, nleft, timings_stage, &tm, r.pay, r.pay_from, &docs };
	if ((error = nightly_compute(&night, j, ni, nin, &no, &d))) {
		if (d.n) {
			diag_sort(&d);
			cmd_print_diag(&d);
		}
		fprintf(stderr, "clerk: error: %s; nothing was posted\n", clerk_error_last()->message);
		rc = error == CLERK_EIO || error == CLERK_ENOTFOUND ? EXIT_IO : EXIT_DATA;
		goto out;
	}

	/* commit: the import, then the notices */
	timings_stage(&tm, "post");
	progress("posting");
	if ((error = commit_once(r.file, "run", nightly_posted(&night), &earlier, &posted_what))) {
		rc = cmd_fail(error);
		goto out;
	}
	fault_point("run:after-commit");
	journal_free(j); /* the books are not needed any more: free them before the pack */
	j = NULL;

	/* the reports and letters, the reasons, then the pack that says the run is done */
	timings_stage(&tm, "outputs");
	progress("writing reports and letters");
	if ((error = clean_temporaries(&r, &night)) || (error = write_outputs(&r, &night))) {
		rc = cmd_fail(error);
		goto out;
	}
	fault_point("run:after-outputs");
	if ((error = write_reasons(&r, &night))) {
		rc = cmd_fail(error);
		goto out;
	}
	timings_stage(&tm, "pack");
	progress("writing the audit pack");
	if ((error = write_pack(&r, &night))) {
		rc = cmd_fail(error);
		goto out;
	}
	fault_point("run:after-pack");
	if (r.sign && (error = sign_pack(r.pack.buf, r.sign))) {
		rc = cmd_fail(error);
		goto out;
	}

	timings_stage(&tm, "archive");
	progress("archiving the statements");
	if ((error = archive_inputs(&r, &night))) {
		rc = cmd_fail(error);
		goto out;
	}
	progress_done();
	timings_stage(&tm, "done");
	if (r.show_timings)
		print_timings(&tm);
	if (!r.quiet)
		print_summary(&r, &night, posted_what);
	rc = night.clean ? EXIT_OK : EXIT_EXCEPTIONS;
out:
	progress_done();
	free(ni);
	free(nl);
	free(skip);
	books_run_files_release(&earlier);
	nightly_release(&night);
	documents_release(&docs);
	diag_release(&d);
	journal_free(j);
	books_unlock(lock);
	run_release(&r);
	return rc == EXIT_OK || rc == EXIT_EXCEPTIONS ? cmd_finish_stdout(rc) : rc;
}
