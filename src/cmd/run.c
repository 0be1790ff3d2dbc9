/*
 * run.c - `clerk run`: the nightly batch (formats/run.md). Takes the books'
 * lock, reads the inbox, computes the night in memory (src/nightly.h),
 * commits the postings, writes the reports, letters and the audit pack,
 * then moves the statements to the archive. Every step can be killed and
 * the rerun finishes the job with the same books and the same pack.
 */
#include "compat.h"
#include "books.h"
#include "cmd.h"
#include "error.h"
#include "fault.h"
#include "fsutil.h"
#include "nightly.h"
#include "pack.h"

#include <dirent.h>
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
	"usage: clerk run -f BOOKS --inbox DIR --out DIR [--date DATE] [--archive DIR] [-q]\n\n"
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
	"  -d, --date DATE      the run date (YYYY-MM-DD); default: today. Everything is\n"
	"                       computed as of this date, never from the clock otherwise\n"
	"  -a, --archive DIR    archive folder instead of DIR/archive\n"
	"  -q, --quiet          no summary line\n"
	"      --timings        print the seconds each stage took to stderr (load, import,\n"
	"                       match, dunning, letters, notices, aging, report, post,\n"
	"                       outputs, pack, archive)\n\n"
	"Exit status: 0 clean; 5 done, with exceptions for a person (suspense,\n"
	"overpayments, statements set aside, an aging that does not tie out);\n"
	"1 input refused, nothing posted; 2 usage; 3 I/O; 4 the books are locked.\n";

struct input_file {
	char *name;        /* file name in the inbox */
	struct strbuf data;
	bool ok;           /* read as a regular file */
	char *problem;     /* why it cannot go into the run, or NULL */
};

typedef VEC(struct input_file) input_vec;

static void inputs_release(input_vec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->v[i].name);
		free(v->v[i].problem);
		strbuf_release(&v->v[i].data);
	}
	VEC_FREE(v);
}

/* Reads the inbox: every entry but dot files, sorted by name; never follows a symbolic link. */
static int read_inbox(const char *inbox, input_vec *out)
{
	struct fsutil_names names = FSUTIL_NAMES_INIT;
	if (fsutil_list_dir(inbox, &names))
		return clerk_error_set_errno(errno == ENOENT ? CLERK_ENOTFOUND : CLERK_EIO,
					     "cannot read the inbox '%s'", inbox);
	struct strbuf path = STRBUF_INIT;
	for (size_t i = 0; i < names.n; i++) {
		struct input_file *f = VEC_GROW(out);
		f->name = xstrdup(names.v[i]);
		strbuf_init(&f->data, 0);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", inbox, names.v[i]);
		int fd = open(path.buf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
			f->problem = xstrdup(fd < 0 && errno == ELOOP ? "a symbolic link, not a statement file"
								    : "not a regular file");
			if (fd >= 0)
				close(fd);
			continue;
		}
		char buf[65536];
		ssize_t r;
		while ((r = read(fd, buf, sizeof(buf))) != 0) {
			if (r < 0) {
				if (errno == EINTR)
					continue;
				int e = errno;
				close(fd);
				fsutil_names_release(&names);
				strbuf_release(&path);
				errno = e;
				return clerk_error_set_errno(CLERK_EIO, "cannot read '%s/%s'", inbox,
							     f->name);
			}
			strbuf_add(&f->data, buf, (size_t)r);
		}
		close(fd);
		strbuf_reset(&path);
		strbuf_addf(&path, "inputs/%s", f->name);
		const char *why = pack_name_problem(path.buf, path.len);
		if (why) {
			struct strbuf p = STRBUF_INIT;
			strbuf_addf(&p, "its name cannot be kept in the audit pack: %s", why);
			f->problem = strbuf_detach(&p, NULL);
			continue;
		}
		f->ok = true;
	}
	fsutil_names_release(&names);
	strbuf_release(&path);
	return 0;
}

/* Removes the temporary files a killed write left in dir and its folders (".NAME.tmp.PID"). */
static void clean_temporaries(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	struct strbuf p = STRBUF_INIT;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(p.buf, &st))
			continue;
		if (S_ISDIR(st.st_mode) && depth < 3)
			clean_temporaries(p.buf, depth + 1);
		else if (S_ISREG(st.st_mode) && e->d_name[0] == '.' && strstr(e->d_name, ".tmp."))
			(void)unlink(p.buf);
	}
	closedir(d);
	strbuf_release(&p);
}

/* ---------------------------------------------------------- run ids, packs */

static void run_id(struct strbuf *out, clerk_date date, int k)
{
	char buf[11];
	date_format(date, buf);
	strbuf_addstr(out, buf);
	if (k > 1)
		strbuf_addf(out, ".%d", k);
}

static void pack_file(struct strbuf *out, const char *outdir, const char *id)
{
	strbuf_addf(out, "%s/packs/clerk-%s.zip", outdir, id);
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/*
 * The latest pack in OUT/packs before (date, k), by date then run number,
 * or "" when none: the previous link of the chain.
 */
static void previous_pack(struct strbuf *out, const char *outdir, clerk_date date, int k)
{
	struct fsutil_names names = FSUTIL_NAMES_INIT;
	struct strbuf dir = STRBUF_INIT;
	strbuf_addf(&dir, "%s/packs", outdir);
	clerk_date best_d = DATE_NONE;
	int best_k = 0;
	if (!fsutil_list_dir(dir.buf, &names)) {
		for (size_t i = 0; i < names.n; i++) {
			const char *s = names.v[i];
			size_t len = strlen(s);
			if (len < 20 || strncmp(s, "clerk-", 6) || strcmp(s + len - 4, ".zip"))
				continue;
			char ds[11];
			memcpy(ds, s + 6, 10);
			ds[10] = 0;
			clerk_date d = date_parse_iso(ds);
			int kk = 1;
			if (d == DATE_NONE)
				continue;
			if (s[16] == '.' && len > 20) {
				kk = 0;
				for (const char *q = s + 17; *q >= '0' && *q <= '9' && kk < 100000; q++)
					kk = kk * 10 + (*q - '0');
				if (kk < 2)
					continue;
			} else if (len != 20) {
				continue;
			}
			if (d > date || (d == date && kk >= k))
				continue;
			if (best_d == DATE_NONE || d > best_d || (d == best_d && kk > best_k)) {
				best_d = d;
				best_k = kk;
				strbuf_reset(out);
				strbuf_addf(out, "%s/%s", dir.buf, s);
			}
		}
	}
	fsutil_names_release(&names);
	strbuf_release(&dir);
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

/* Moves dir/name into todir/name (rename, or copy and remove across file systems). */
static int move_file(const char *dir, const char *name, const char *todir)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	int error = 0;
	strbuf_addf(&from, "%s/%s", dir, name);
	strbuf_addf(&to, "%s/%s", todir, name);
	if ((error = mkdir_p(todir)))
		goto out;
	if (exists(to.buf)) {
		/* an earlier, killed move: keep the archived copy */
		if (unlink(from.buf) && errno != ENOENT)
			error = clerk_error_set_errno(CLERK_EIO, "cannot remove '%s'", from.buf);
		goto sync;
	}
	if (rename(from.buf, to.buf)) {
		if (errno != EXDEV) {
			error = clerk_error_set_errno(CLERK_EIO, "cannot move '%s' to '%s'", from.buf, to.buf);
			goto out;
		}
		struct strbuf data = STRBUF_INIT;
		if (strbuf_read_file(&data, from.buf, 0)) {
			error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", from.buf);
		} else if (!(error = fsutil_write_atomic(to.buf, data.buf, data.len, 0600, "archive")) &&
			   unlink(from.buf)) {
			error = clerk_error_set_errno(CLERK_EIO, "cannot remove '%s'", from.buf);
		}
		strbuf_release(&data);
		if (error)
			goto out;
	}
sync:
	if (!error) {
		/* statements hold banking data: owner only (a symbolic link is left as it is) */
		int fd = open(to.buf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0) {
			(void)!fchmod(fd, 0600);
			close(fd);
		}
		error = fsutil_fsync_dir(todir);
	}
	if (!error)
		error = fsutil_fsync_dir(dir);
out:
	strbuf_release(&from);
	strbuf_release(&to);
	return error;
}

/*
 * A pack for this run id exists: the run finished but for (perhaps) moving
 * the statements. Files in the inbox that the pack holds byte for byte are
 * moved to where the run would have put them. Returns 0 or an error.
 */
static int finish_archive(const char *packfile, input_vec *in, const char *inbox,
			  const char *archive, const char *refused_dir, size_t *moved)
{
	struct pack *p = NULL;
	struct strbuf data = STRBUF_INIT, refused = STRBUF_INIT, member = STRBUF_INIT;
	int error = pack_open(&p, packfile);
	if (error)
		return error;
	if (pack_member_read(&refused, p, "refused.txt", 1u << 24))
		strbuf_reset(&refused);
	for (size_t i = 0; !error && i < in->n; i++) {
		struct input_file *f = &in->v[i];
		if (!f->ok)
			continue;
		strbuf_reset(&member);
		strbuf_addf(&member, "inputs/%s", f->name);
		strbuf_reset(&data);
		if (pack_member_read(&data, p, member.buf, f->data.len + 1) || data.len != f->data.len ||
		    memcmp(data.buf, f->data.buf, data.len))
			continue;
		/* refused.txt: one name per line */
		bool was_refused = false;
		for (const char *s = refused.buf; s && *s;) {
			const char *e = strchr(s, '\n');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			if (n == strlen(f->name) && !memcmp(s, f->name, n))
				was_refused = true;
			s = e ? e + 1 : NULL;
		}
		error = move_file(inbox, f->name, was_refused ? refused_dir : archive);
		if (!error) {
			f->ok = false;
			free(f->problem);
			f->problem = NULL;
			f->name[0] = 0; /* handled */
			(*moved)++;
		}
	}
	clerk_error_clear();
	pack_free(p);
	strbuf_release(&data);
	strbuf_release(&refused);
	strbuf_release(&member);
	return error;
}

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

static clerk_date today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },    { "inbox", required_argument, NULL, 'i' },
		{ "out", required_argument, NULL, 'o' },     { "date", required_argument, NULL, 'd' },
		{ "archive", required_argument, NULL, 'a' }, { "quiet", no_argument, NULL, 'q' },
		{ "timings", no_argument, NULL, 'T' },	     { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *inbox = NULL, *outdir = NULL, *archive_opt = NULL;
	clerk_date date = DATE_NONE;
	bool quiet = false, show_timings = false;
	struct timings tm = { { NULL }, { 0 }, 0, { 0, 0 }, NULL };
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:i:o:d:a:qTh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'i':
			inbox = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'd':
			if ((rc = cmd_parse_date("run", optarg, &date)))
				return rc;
			break;
		case 'a':
			archive_opt = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'T':
			show_timings = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("run", argv, "f:i:o:d:a:");
		}
	}
	if (optind < argc)
		return cmd_usage_error("run", "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_books_path("run", &file)))
		return rc;
	if (!inbox)
		return cmd_usage_error("run", "no inbox given (use --inbox DIR)");
	if (!outdir)
		return cmd_usage_error("run", "no output folder given (use --out DIR)");
	if (date == DATE_NONE)
		date = today(); /* the only use of the clock */
	progress_on = isatty(STDERR_FILENO);

	struct books_lock *lock = NULL;
	struct journal *j = NULL;
	struct nightly night = NIGHTLY_INIT;
	struct diag d = DIAG_INIT;
	struct strbuf id = STRBUF_INIT, pk = STRBUF_INIT, archive = STRBUF_INIT,
		      refused_dir = STRBUF_INIT, rundir = STRBUF_INIT, path = STRBUF_INIT,
		      prev = STRBUF_INIT, dir = STRBUF_INIT;
	input_vec in = VEC_INIT;
	books_run_files earlier = VEC_INIT;
	const char **skip = NULL;
	struct nightly_input *ni = NULL;
	struct pack_builder *b = NULL;
	int error = 0, k = 1;
	rc = EXIT_OK;
	d.max_errors = CMD_MAX_DIAGNOSTICS;

	/* the output folder must be there and writable before anything changes */
	struct stat st;
	if (stat(inbox, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "clerk: error: the inbox '%s' is not a folder%s%s\n", inbox,
			errno ? ": " : "", errno ? strerror(errno) : "");
		rc = EXIT_IO;
		goto out;
	}
	if ((error = books_lock(&lock, file))) {
		rc = cmd_fail(error);
		goto out;
	}
	books_clean_temporaries(file);
	errno = 0;
	if (!stat(outdir, &st) && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "clerk: error: the output folder '%s' is not a folder\n", outdir);
		rc = EXIT_IO;
		goto out;
	}
	if ((stat(outdir, &st) && (error = fsutil_mkdir(outdir))) ||
	    (!error && access(outdir, W_OK | X_OK))) {
		if (!error)
			fprintf(stderr, "clerk: error: cannot write to the output folder '%s': %s\n",
				outdir, strerror(errno));
		rc = error ? cmd_fail(error) : EXIT_IO;
		goto out;
	}
	clean_temporaries(outdir, 0);
	if (archive_opt)
		clean_temporaries(archive_opt, 1);
	strbuf_addf(&path, "%s/packs", outdir);
	if ((error = fsutil_mkdir(path.buf))) {
		rc = cmd_fail(error);
		goto out;
	}
	progress("reading the inbox");
	if ((error = read_inbox(inbox, &in))) {
		rc = cmd_fail(error);
		goto out;
	}

	/* which run: the first of this date without a pack; finish moving files of done ones */
	size_t moved = 0;
	for (;; k++) {
		strbuf_reset(&id);
		run_id(&id, date, k);
		strbuf_reset(&pk);
		pack_file(&pk, outdir, id.buf);
		strbuf_reset(&archive);
		if (archive_opt)
			strbuf_addf(&archive, "%s/%s", archive_opt, id.buf);
		else
			strbuf_addf(&archive, "%s/archive/%s", outdir, id.buf);
		strbuf_reset(&refused_dir);
		strbuf_addf(&refused_dir, "%s/refused/%s", outdir, id.buf);
		if (!exists(pk.buf))
			break;
		if ((error = finish_archive(pk.buf, &in, inbox, archive.buf, refused_dir.buf, &moved))) {
			rc = cmd_fail(error);
			goto out;
		}
	}
	size_t waiting = 0;
	for (size_t i = 0; i < in.n; i++)
		waiting += in.v[i].name[0] != 0;
	if (k > 1 && !waiting) {
		progress_done();
		if (!quiet) {
			strbuf_reset(&pk);
			run_id(&pk, date, k - 1);
			printf("clerk run: nothing new in the inbox: the run of %s is done (pack %s/packs/clerk-%s.zip)%s; nothing posted\n",
			       pk.buf, outdir, pk.buf,
			       moved ? ", its statements are now archived" : "");
		}
		goto out;
	}

	/* the books as they were before this run (an interrupted attempt's postings left out) */
	timings_stage(&tm, "load");
	progress("loading the books");
	books_find_run(&earlier, file, id.buf);
	skip = xcalloc(earlier.n + 1, sizeof(*skip));
	for (size_t i = 0; i < earlier.n; i++)
		skip[i] = earlier.v[i].real;
	if ((rc = cmd_load_books_skip(&j, file, false, skip))) {
		if (rc == EXIT_DATA)
			fprintf(stderr, "clerk: error: the books do not check; nothing was posted\n");
		goto out;
	}

	/* the night, in memory */
	progress("importing and reconciling");
	size_t nin = 0;
	ni = xcalloc(in.n ? in.n : 1, sizeof(*ni));
	for (size_t i = 0; i < in.n; i++)
		if (in.v[i].ok)
			ni[nin++] = (struct nightly_input){ in.v[i].name, in.v[i].data.buf, in.v[i].data.len };
	const char *base = strrchr(file, '/');
	struct nightly_options no = { date, id.buf, base ? base + 1 : file, PACKAGE_VERSION,
				      timings_stage, &tm };
	if ((error = nightly_compute(&night, j, ni, nin, &no, &d))) {
		if (d.n) {
			diag_sort(&d);
			cmd_print_diag(&d);
		}
		fprintf(stderr, "clerk: error: %s; nothing was posted\n", clerk_error_last()->message);
		rc = EXIT_DATA;
		goto out;
	}

	/* commit: the import, then the notices */
	timings_stage(&tm, "post");
	progress("posting");
	const char *posted_what = NULL;
	if ((error = commit_once(file, "run", &night.posted_text, &earlier, &posted_what))) {
		rc = cmd_fail(error);
		goto out;
	}
	fault_point("run:after-commit");

	/* the reports and letters, for people: OUT/RUN/... */
	timings_stage(&tm, "outputs");
	progress("writing reports and letters");
	strbuf_addf(&rundir, "%s/%s", outdir, id.buf);
	error = fsutil_mkdir(rundir.buf);
	for (size_t i = 0; !error && i < night.members.n; i++) {
		const struct nightly_member *m = &night.members.v[i];
		if (!strncmp(m->name, "inputs/", 7))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", rundir.buf, m->name);
		strbuf_reset(&dir);
		fsutil_dirname(&dir, path.buf); /* letters/ and the like */
		if (!(error = mkdir_p(dir.buf)))
			error = fsutil_write_atomic_flags(path.buf, m->data.buf, m->data.len, 0600,
							  "run-output", FSUTIL_NO_SYNC);
	}
	/* one flush for all of them, before the pack says the run is done */
	if (!error)
		error = fsutil_sync_fs(rundir.buf);
	if (error) {
		rc = cmd_fail(error);
		goto out;
	}
	fault_point("run:after-outputs");

	/* the audit pack, chained to the previous one */
	timings_stage(&tm, "pack");
	progress("writing the audit pack");
	previous_pack(&prev, outdir, date, k);
	char prev_hex[SHA256_HEX_LEN + 1] = "", hex[SHA256_HEX_LEN + 1];
	if (prev.len) {
		struct pack *pp = NULL;
		const struct pack_manifest *pm = NULL;
		if ((error = pack_open(&pp, prev.buf)) || (error = pack_manifest(&pm, pp))) {
			pack_free(pp);
			fprintf(stderr, "clerk: error: the previous audit pack '%s' cannot be read: %s\n",
				prev.buf, clerk_error_last()->message);
				rc = EXIT_DATA;
			goto out;
		}
		memcpy(prev_hex, pm->sha256, sizeof(prev_hex));
		pack_free(pp);
	}
	if (!(error = pack_builder_new(&b, date)) &&
	    !(error = pack_builder_set_previous(b, prev_hex[0] ? prev_hex : NULL)) &&
	    !(error = pack_builder_add_header(b, "clerk-version", PACKAGE_VERSION)) &&
	    !(error = pack_builder_add_header(b, "run", id.buf)))
		error = 0;
	for (size_t i = 0; !error && i < night.members.n; i++) {
		error = pack_builder_add(b, night.members.v[i].name, night.members.v[i].data.buf,
					 night.members.v[i].data.len);
		strbuf_release(&night.members.v[i].data); /* the builder has its copy: halve the peak */
	}
	if (!error)
		error = pack_builder_write(hex, b, pk.buf);
	if (error) {
		rc = cmd_fail(error);
		goto out;
	}
	fault_point("run:after-pack");

	/* last: the statements leave the inbox */
	timings_stage(&tm, "archive");
	progress("archiving the statements");
	for (size_t i = 0; !error && i < in.n; i++) {
		struct input_file *f = &in.v[i];
		if (!f->name[0])
			continue;
		bool was_refused = !f->ok;
		for (size_t r = 0; !was_refused && r < night.refused.n; r++)
			was_refused = !strcmp(night.refused.v[r].name, f->name);
		if (was_refused) {
			const char *reason = f->problem;
			for (size_t r = 0; !reason && r < night.refused.n; r++)
				if (!strcmp(night.refused.v[r].name, f->name))
					reason = night.refused.v[r].reason;
			if (!(error = mkdir_p(refused_dir.buf))) {
				strbuf_reset(&path);
				strbuf_addf(&path, "%s/%s.reason.txt", refused_dir.buf, f->name);
				struct strbuf rs = STRBUF_INIT;
				strbuf_addf(&rs, "%s", reason ? reason : "set aside\n");
				if (rs.len && rs.buf[rs.len - 1] != '\n')
					strbuf_addch(&rs, '\n');
				error = fsutil_write_atomic(path.buf, rs.buf, rs.len, 0600, "refused");
				strbuf_release(&rs);
			}
			if (!error)
				error = move_file(inbox, f->name, refused_dir.buf);
		} else {
			error = move_file(inbox, f->name, archive.buf);
		}
		if (!error)
			fault_point("run:archived-one");
	}
	if (error) {
		rc = cmd_fail(error);
		goto out;
	}
	progress_done();
	timings_stage(&tm, "done");
	if (show_timings) {
		double total = 0;
		for (size_t i = 0; i < tm.n; i++) {
			fprintf(stderr, "clerk run: timing: %-8s %8.3f s\n", tm.names[i], tm.secs[i]);
			total += tm.secs[i];
		}
		fprintf(stderr, "clerk run: timing: %-8s %8.3f s\n", "total", total);
	}

	size_t set_aside = night.refused.n;
	for (size_t i = 0; i < in.n; i++)
		set_aside += in.v[i].name[0] && !in.v[i].ok;
	if (!quiet) {
		printf("clerk run %s: %zu statement%s read, %zu set aside, %zu movement%s posted, "
		       "%zu exception%s, %zu notice%s (%s); pack %s\n",
		       id.buf, night.statements, night.statements == 1 ? "" : "s", set_aside,
		       night.movements, night.movements == 1 ? "" : "s", night.exceptions,
		       night.exceptions == 1 ? "" : "s", night.notices, night.notices == 1 ? "" : "s",
		       posted_what, pk.buf);
		if (set_aside || night.exceptions || !night.ties_out)
			printf("exceptions for a person: %s/exceptions.txt\n", rundir.buf);
	}
	rc = set_aside || night.exceptions || !night.ties_out ? EXIT_EXCEPTIONS : EXIT_OK;
out:
	progress_done();
	pack_builder_free(b);
	free(ni);
	free(skip);
	books_run_files_release(&earlier);
	inputs_release(&in);
	nightly_release(&night);
	diag_release(&d);
	journal_free(j);
	books_unlock(lock);
	strbuf_release(&id);
	strbuf_release(&pk);
	strbuf_release(&archive);
	strbuf_release(&refused_dir);
	strbuf_release(&rundir);
	strbuf_release(&path);
	strbuf_release(&prev);
	strbuf_release(&dir);
	return rc == EXIT_OK ? cmd_finish_stdout(rc) : rc;
}
