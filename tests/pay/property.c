/*
 * property.c - the payment run's invariant, tested over random sequences
 * (formats/pay.md, "The invariant").
 *
 * Usage: pay_property CLERK SEED STEPS [WORKDIR]
 *
 * Plays a company and its bank against the clerk binary, in a fresh folder
 * (WORKDIR, else a temporary one removed at the end): from a seed, a random
 * sequence of steps, each one of
 *
 *   bills      new vendor bills (clerk post), some held or disputed
 *   credit     a credit note or money paid on account to a vendor
 *   pay        a payment run (clerk pay, sometimes --through); the
 *              transfers are read back from the pain.001 file it wrote
 *   kill       a payment run or an import killed at a crash point
 *              (CLERK_FAULT), then run again
 *   bank       the bank's day: it debits transfers due (a camt.053 with our
 *              end-to-end ids), returns some it debited, rejects others
 *              before debiting them (a pain.002), all given to clerk import
 *   day        the calendar moves on
 *
 * and after each step checks, reading the books with the library:
 *
 *   - the books load and check (every transaction balances);
 *   - no bill is paid more than its amount: every bill's open amount lies
 *     between 0 and what it was opened for;
 *   - every transfer the company sent is in the books once, with the
 *     amount of the file, and in the state the bank gave it: in transit
 *     until the bank reports it, then cleared, returned or rejected (no
 *     transit posting is left once the bank has reported);
 *   - the transit account holds exactly the transfers not reported yet, and
 *     the bank account what the bank says;
 *   - a run's file rewritten from the books (clerk pay --run) is the file
 *     it wrote, byte for byte, also after a kill, and validates against
 *     pain.001.001.09.xsd (when xmllint and ../shared/schemas are there);
 *   - hledger agrees with clerk on every total (at the end of the
 *     sequence, or after every step when PAY_PROPERTY_HLEDGER=every; skipped
 *     when hledger is not installed).
 *
 * Prints one line per step and "ok" at the end; on a broken invariant it
 * prints what broke, the seed and the step, keeps the folder and exits 1.
 */
#include "compat.h"
#include "error.h"
#include "journal.h"
#include "openitems.h"
#include "pay.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/xalloc.h"

#include <ftw.h>
#include <sys/wait.h>

#define NVENDORS 6
#define MAX_TRANSFERS 4096

enum tstate { T_PENDING, T_DEBITED, T_RETURNED, T_REJECTED };

struct transfer {
	char e2e[40], run[40];
	long cents;
	clerk_date exec;
	int state;
};

struct sim {
	const char *clerk;
	char dir[512];
	uint64_t rng;
	unsigned long seed;
	int step;
	clerk_date today, last_run;
	long bank;  /* cents */
	int seq;    /* statements imported */
	int bills, credits, files, reports;
	VEC(struct transfer) tx;
	VEC(bool) stopped; /* per bill number: held or disputed, never to be paid */
	bool hledger_every, have_hledger;
	char schema[512]; /* pain.001.001.09.xsd when xmllint and ../shared are there, else "" */
	bool settling;     /* the bank debits everything due, returns and rejects nothing */
};

static struct sim S;

/* ------------------------------------------------------------------ */
/* small things */

static uint64_t rnd(void)
{
	uint64_t z = (S.rng += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static int below(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

static NORETURN void PRINTF_LIKE(1, 2) broken(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "pay_property: seed %lu, step %d: ", S.seed, S.step);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n  the books are kept in %s\n", S.dir);
	exit(1);
}

static void day_text(char buf[11], clerk_date d)
{
	date_format(d, buf);
}

static void money(struct strbuf *sb, long cents)
{
	strbuf_addf(sb, "%s%ld.%02ld", cents < 0 ? "-" : "", labs(cents) / 100, labs(cents) % 100);
}

static void put(const char *name, const char *text)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", S.dir, name);
	FILE *f = fopen(path.buf, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		broken("cannot write %s", path.buf);
	strbuf_release(&path);
}

/* Runs clerk with args (NULL-terminated) in the folder, CLERK_FAULT=fault when set; its status. */
static int clerk(const char *fault, const char *const *args)
{
	pid_t pid = fork();
	if (pid < 0)
		broken("fork failed");
	if (!pid) {
		char *argv[32]; /* copies: execv wants them writable */
		size_t n = 0;
		argv[n++] = xstrdup(S.clerk);
		for (size_t i = 0; args[i] && n < 31; i++)
			argv[n++] = xstrdup(args[i]);
		argv[n] = NULL;
		if (chdir(S.dir))
			_exit(126);
		if (fault)
			setenv("CLERK_FAULT", fault, 1);
		else
			unsetenv("CLERK_FAULT");
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		if (!getenv("PAY_PROPERTY_VERBOSE"))
			dup2(null, 2);
		execv(S.clerk, argv);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

static char *slurp(const char *name)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", S.dir, name);
	if (strbuf_read_file(&sb, path.buf, 0))
		broken("cannot read %s", path.buf);
	strbuf_release(&path);
	return strbuf_detach(&sb, NULL);
}

/* ------------------------------------------------------------------ */
/* the books */

static const char *const ibans[NVENDORS] = {
	"DE11200700000012345678", "DE95370400440111222333", "DE25200300000077123499",
	"DE92210501700011223344", "DE41200505500055667788", "CH9300762011623852957",
};

static void start_books(void)
{
	struct strbuf b = STRBUF_INIT;
	strbuf_addstr(&b, "commodity 1,000.00 EUR\n"
			  "account Assets:Bank  ; role: bank, iban: DE89370400440532013000, name: Prop GmbH\n"
			  "account Assets:Transit  ; role: transit\n"
			  "account Assets:Suspense  ; role: suspense\n"
			  "account Income:Discounts  ; role: discount-received\n"
			  "account Liabilities:Payable  ; role: payable\n");
	for (int v = 0; v < NVENDORS; v++)
		strbuf_addf(&b, "account Liabilities:Payable:V%d  ; name: Vendor %d, iban: %s, terms: %s\n", v,
			    v, ibans[v], v % 3 == 0 ? "2/10 net 30" : "net 14");
	strbuf_addstr(&b, "account Expenses:Goods\naccount Equity:Opening\n\n"
			  "2026-01-01 * opening\n    Assets:Bank  1,000,000.00 EUR\n    Equity:Opening\n");
	put("books.journal", b.buf);
	S.bank = 100000000;
	S.today = date_from_ymd(2026, 1, 5);
	S.last_run = DATE_NONE;
	strbuf_release(&b);
}

static void post(const char *name, const char *text)
{
	put(name, text);
	const char *args[] = { "post", "-q", "-f", "books.journal", name, NULL };
	int rc = clerk(NULL, args);
	if (rc)
		broken("clerk post %s failed with status %d", name, rc);
}

static void step_bills(void)
{
	struct strbuf b = STRBUF_INIT, name = STRBUF_INIT;
	char day[11], due[11];
	int n = 1 + below(4);
	day_text(day, S.today);
	for (int i = 0; i < n; i++) {
		int v = below(NVENDORS);
		long cents = 100 + below(500000);
		const char *extra = below(12) == 0 ? ", hold: check delivery"
				    : below(15) == 0 ? ", dispute: wrong goods" : "";
		VEC_PUSH(&S.stopped, *extra != '\0');
		day_text(due, S.today + below(25));
		strbuf_addf(&b, "%s * (B-%d) bill\n    Liabilities:Payable:V%d  ", day, ++S.bills, v);
		money(&b, -cents);
		strbuf_addf(&b, " EUR  ; invoice: B-%d, due: %s%s\n    Expenses:Goods\n\n", S.bills, due, extra);
	}
	strbuf_addf(&name, "bills-%d.journal", S.bills);
	post(name.buf, b.buf);
	printf("  step %d: %d bill%s\n", S.step, n, n == 1 ? "" : "s");
	strbuf_release(&b);
	strbuf_release(&name);
}

static void step_credit(void)
{
	struct strbuf b = STRBUF_INIT, name = STRBUF_INIT;
	char day[11];
	int v = below(NVENDORS);
	long cents = 100 + below(50000);
	day_text(day, S.today);
	if (below(2)) {
		strbuf_addf(&b, "%s * (CN-%d) credit note\n    Liabilities:Payable:V%d  ", day, ++S.credits, v);
		money(&b, cents);
		strbuf_addf(&b, " EUR  ; invoice: CN-%d\n    Expenses:Goods\n", S.credits);
	} else {
		/* money on account: a credit the vendor gives without a number */
		strbuf_addf(&b, "%s * credit %d on account\n    Liabilities:Payable:V%d  ", day, ++S.credits, v);
		money(&b, cents);
		strbuf_addstr(&b, " EUR\n    Expenses:Goods\n");
	}
	strbuf_addf(&name, "credit-%d.journal", S.credits);
	post(name.buf, b.buf);
	printf("  step %d: a credit of vendor %d\n", S.step, v);
	strbuf_release(&b);
	strbuf_release(&name);
}

/* ------------------------------------------------------------------ */
/* payment runs */

static struct transfer *find_transfer(const char *e2e)
{
	for (size_t i = 0; i < S.tx.n; i++)
		if (!strcmp(S.tx.v[i].e2e, e2e))
			return &S.tx.v[i];
	return NULL;
}

/* Parses "<TAG>text</TAG>" at or after *p into out; advances *p; false when none. */
static bool next_text(const char **p, const char *tag, char *out, size_t size)
{
	char open[64], close[64];
	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	const char *s = strstr(*p, open), *e;
	if (!s || !(e = strstr(s, close)))
		return false;
	s += strlen(open);
	if ((size_t)(e - s) >= size)
		broken("%s too long in a payment file", tag);
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	*p = e;
	return true;
}

static long parse_cents(const char *s)
{
	long v = 0, frac = 0;
	int digits = 0;
	bool point = false;
	for (; *s; s++) {
		if (*s == '.') {
			point = true;
			continue;
		}
		if (*s < '0' || *s > '9')
			broken("bad amount in a payment file");
		if (point) {
			frac = frac * 10 + (*s - '0');
			digits++;
		} else {
			v = v * 10 + (*s - '0');
		}
	}
	while (digits < 2)
		frac *= 10, digits++;
	return v * 100 + frac;
}

/* Validates a payment file against the XSD (when xmllint and the schema are there). */
static void validate(const char *file)
{
	if (!S.schema[0])
		return;
	struct strbuf cmd = STRBUF_INIT;
	strbuf_addf(&cmd, "xmllint --noout --schema '%s' '%s/%s' >/dev/null 2>&1", S.schema, S.dir, file);
	int rc = system(cmd.buf);
	if (!WIFEXITED(rc) || WEXITSTATUS(rc))
		broken("%s does not validate against %s", file, S.schema);
	strbuf_release(&cmd);
}

/* Learns the transfers of a pain.001 file: the bank will execute them. */
static void learn(const char *file, const char *run)
{
	validate(file);
	char *xml = slurp(file);
	const char *p = xml, *blk;
	char msg[64], dt[16], e2e[40], amt[40];
	if (!next_text(&p, "MsgId", msg, sizeof(msg)) || strcmp(msg, run))
		broken("%s: MsgId '%s', expected %s", file, msg, run);
	while ((blk = strstr(p, "<PmtInf>"))) {
		p = blk;
		if (!next_text(&p, "Dt", dt, sizeof(dt)))
			broken("%s: a block without date", file);
		clerk_date exec = date_parse_iso(dt);
		const char *end = strstr(p, "</PmtInf>");
		while (next_text(&p, "EndToEndId", e2e, sizeof(e2e)) && p < end) {
			const char *a = strstr(p, "<InstdAmt Ccy=\"EUR\">");
			if (!a)
				broken("%s: no amount", file);
			a += strlen("<InstdAmt Ccy=\"EUR\">");
			size_t n = strcspn(a, "<");
			memcpy(amt, a, n < sizeof(amt) - 1 ? n : sizeof(amt) - 1);
			amt[n < sizeof(amt) - 1 ? n : sizeof(amt) - 1] = '\0';
			if (find_transfer(e2e))
				broken("%s: end-to-end id %s was sent before", file, e2e);
			if (S.tx.n >= MAX_TRANSFERS)
				broken("too many transfers");
			struct transfer *t = VEC_GROW(&S.tx);
			snprintf(t->e2e, sizeof(t->e2e), "%s", e2e);
			snprintf(t->run, sizeof(t->run), "%s", run);
			t->cents = parse_cents(amt);
			t->exec = exec;
			t->state = T_PENDING;
		}
		p = end;
	}
	free(xml);
}

/* The latest run of today in the books, or "" (the run a pay command made, if any). */
static void last_run(struct strbuf *out)
{
	struct journal *j = journal_new();
	struct diag d = DIAG_INIT;
	struct strbuf root = STRBUF_INIT;
	strbuf_addf(&root, "%s/books.journal", S.dir);
	if (journal_load_file(j, root.buf, NULL, &d))
		broken("the books do not load");
	pay_last_run(j, S.today, out);
	journal_free(j);
	diag_release(&d);
	strbuf_release(&root);
}

/* A payment run (killed first at fault, when set); learns its transfers. */
static void step_pay(const char *fault)
{
	char day[11], through[11];
	struct strbuf out = STRBUF_INIT, before = STRBUF_INIT, after = STRBUF_INIT;
	day_text(day, S.today);
	day_text(through, S.settling ? S.today + 60 : S.today + (below(3) ? 0 : below(10)));
	strbuf_addf(&out, "pay-%d.xml", ++S.files);
	last_run(&before);
	const char *args[] = { "pay", "-q", "-f", "books.journal", "--date", day, "--through", through,
			       "--out", out.buf, NULL };
	if (fault) {
		int rc = clerk(fault, args);
		if (rc != 137 && rc != 0)
			broken("clerk pay under CLERK_FAULT=%s: status %d", fault, rc);
	}
	int rc = clerk(NULL, args);
	if (rc)
		broken("clerk pay failed with status %d", rc);
	last_run(&after);
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", S.dir, out.buf);
	bool written = !access(path.buf, F_OK);
	if (after.len && strcmp(after.buf, before.buf) && written) {
		learn(out.buf, after.buf);
		/* the file rewritten from the books is the file written */
		const char *rw[] = { "pay", "-q", "-f", "books.journal", "--run", after.buf, "--out",
				     "rewrite.xml", NULL };
		if (clerk(NULL, rw))
			broken("clerk pay --run %s failed", after.buf);
		char *a = slurp(out.buf), *b = slurp("rewrite.xml");
		if (strcmp(a, b))
			broken("%s rewritten from the books differs from %s", after.buf, out.buf);
		free(a);
		free(b);
	} else if (written && !(after.len && !strcmp(after.buf, before.buf))) {
		broken("a payment file was written but no run posted");
	}
	printf("  step %d: pay %s%s%s -> %s\n", S.step, day, fault ? " killed at " : "",
	       fault ? fault : "", after.len && strcmp(after.buf, before.buf) ? after.buf : "nothing new");
	S.last_run = S.today;
	strbuf_release(&out);
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&path);
}

/* ------------------------------------------------------------------ */
/* the bank */

static void entry(struct strbuf *x, const char *ref, const char *cdi, long cents, const char *day,
		  const char *e2e, bool ret)
{
	strbuf_addf(x, "<Ntry><Amt Ccy=\"EUR\">");
	money(x, cents);
	strbuf_addf(x, "</Amt><CdtDbtInd>%s</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>%s</Dt></BookgDt>"
		       "<AcctSvcrRef>%s</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>%s</EndToEndId>"
		       "</Refs>%s</TxDtls></NtryDtls></Ntry>\n",
		    cdi, day, ref, e2e, ret ? "<RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf>" : "");
}

/* The bank's day: debits, returns and rejections, imported (killed first at fault, when set). */
static void step_bank(const char *fault)
{
	char day[11], name[64], rname[64];
	struct strbuf st = STRBUF_INIT, rj = STRBUF_INIT;
	long opening = S.bank, closing = S.bank;
	int nent = 0, nrej = 0;
	int *next = xcalloc(S.tx.n ? S.tx.n : 1, sizeof(*next));
	day_text(day, S.today);
	for (size_t i = 0; i < S.tx.n; i++) {
		struct transfer *t = &S.tx.v[i];
		next[i] = t->state;
		char ref[64];
		snprintf(ref, sizeof(ref), "S%d-%zu", S.seq + 1, i);
		if (t->state == T_PENDING && t->exec <= S.today) {
			int r = S.settling ? 0 : below(10);
			if (r < 7) {
				entry(&st, ref, "DBIT", t->cents, day, t->e2e, false);
				closing -= t->cents;
				next[i] = T_DEBITED;
				nent++;
			} else if (r < 9) {
				strbuf_addf(&rj, "<TxInfAndSts><OrgnlEndToEndId>%s</OrgnlEndToEndId><TxSts>RJCT"
						 "</TxSts><StsRsnInf><Rsn><Cd>AC01</Cd></Rsn></StsRsnInf>"
						 "</TxInfAndSts>\n",
					    t->e2e);
				next[i] = T_REJECTED;
				nrej++;
			}
		} else if (t->state == T_DEBITED && !S.settling && below(8) == 0) {
			entry(&st, ref, "CRDT", t->cents, day, t->e2e, true);
			closing += t->cents;
			next[i] = T_RETURNED;
			nent++;
		}
	}
	const char *args[8] = { "import", "-q", "-f", "books.journal", NULL, NULL, NULL, NULL };
	size_t na = 4;
	if (nent) {
		struct strbuf doc = STRBUF_INIT, o = STRBUF_INIT, c = STRBUF_INIT;
		money(&o, opening);
		money(&c, closing);
		strbuf_addf(&doc,
			    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:"
			    "tech:xsd:camt.053.001.08\"><BkToCstmrStmt><GrpHdr><MsgId>M%d</MsgId><CreDtTm>"
			    "%sT18:00:00</CreDtTm></GrpHdr>\n<Stmt><Id>S-%d</Id><ElctrncSeqNb>%d</ElctrncSeqNb>"
			    "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
			    "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">%s</Amt>"
			    "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>\n"
			    "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">%s</Amt>"
			    "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>\n%s</Stmt></BkToCstmrStmt>"
			    "</Document>\n",
			    S.seq + 1, day, S.seq + 1, S.seq + 1, o.buf, day, c.buf, day, st.buf);
		snprintf(name, sizeof(name), "statement-%d.xml", S.seq + 1);
		put(name, doc.buf);
		args[na++] = name;
		strbuf_release(&doc);
		strbuf_release(&o);
		strbuf_release(&c);
	}
	if (nrej) {
		struct strbuf doc = STRBUF_INIT;
		strbuf_addf(&doc,
			    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:"
			    "tech:xsd:pain.002.001.10\"><CstmrPmtStsRpt><GrpHdr><MsgId>R%d</MsgId><CreDtTm>"
			    "%sT07:00:00</CreDtTm></GrpHdr><OrgnlGrpInfAndSts><OrgnlMsgId>various"
			    "</OrgnlMsgId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>\n<OrgnlPmtInfAndSts>"
			    "<OrgnlPmtInfId>various</OrgnlPmtInfId>\n%s</OrgnlPmtInfAndSts></CstmrPmtStsRpt>"
			    "</Document>\n",
			    ++S.reports, day, rj.buf);
		snprintf(rname, sizeof(rname), "report-%d.xml", S.reports);
		put(rname, doc.buf);
		args[na++] = rname;
		strbuf_release(&doc);
	}
	if (na > 4) {
		if (fault) {
			int rc = clerk(fault, args);
			if (rc != 137 && rc != 0)
				broken("clerk import under CLERK_FAULT=%s: status %d", fault, rc);
		}
		int rc = clerk(NULL, args);
		if (rc)
			broken("clerk import failed with status %d", rc);
		for (size_t i = 0; i < S.tx.n; i++)
			S.tx.v[i].state = next[i];
		S.bank = closing;
		if (nent)
			S.seq++;
	}
	printf("  step %d: bank %s: %d entr%s, %d rejection%s%s%s\n", S.step, day, nent,
	       nent == 1 ? "y" : "ies", nrej, nrej == 1 ? "" : "s", fault ? ", killed at " : "",
	       fault ? fault : "");
	free(next);
	strbuf_release(&st);
	strbuf_release(&rj);
}

/* ------------------------------------------------------------------ */
/* the invariant */

static void check_items(const struct journal *j)
{
	struct openitems *oi;
	struct openitems_options o = OPENITEMS_OPTIONS_INIT;
	struct dec zero = DEC_INIT;
	o.side = OPENITEMS_PAYABLES;
	o.include_closed = true;
	if (openitems_compute(&oi, j, &o))
		broken("open items failed");
	for (size_t i = 0; i < openitems_count(oi); i++) {
		const struct openitem *it = openitems_item(oi, i);
		if (strncmp(it->invoice, "B-", 2))
			continue; /* credit notes */
		if (dec_cmp(&it->open, &zero) < 0)
			broken("bill %s is paid more than its amount", it->invoice);
		if (dec_cmp(&it->open, &it->amount) > 0)
			broken("bill %s is open for more than its amount", it->invoice);
	}
	/* credits are used once: a credit note or money on account never turns into a debt */
	for (size_t i = 0; i < openitems_unknown_count(oi); i++)
		if (dec_sgn(&openitems_unknown(oi, i)->amount) > 0)
			broken("credit note %s is used for more than it was", openitems_unknown(oi, i)->invoice);
	for (size_t i = 0; i < openitems_unapplied_count(oi); i++)
		if (dec_sgn(&openitems_unapplied(oi, i)->on_account) > 0)
			broken("money on account of %s is used for more than it was",
			       journal_account_name(j, openitems_unapplied(oi, i)->account));
	openitems_free(oi);
}

static long cents_of(const struct dec *v)
{
	struct dec c = DEC_INIT;
	long r;
	if (dec_rescale(&c, v, 2, DEC_ROUND_NEVER))
		broken("an amount with more than two decimals");
	struct strbuf sb = STRBUF_INIT;
	dec_format_plain(&sb, &c, 2);
	r = parse_cents(sb.buf[0] == '-' ? sb.buf + 1 : sb.buf);
	if (sb.buf[0] == '-')
		r = -r;
	strbuf_release(&sb);
	dec_clear(&c);
	return r;
}

static void check_transits(const struct journal *j)
{
	static const uint8_t want[] = { [T_PENDING] = PAY_TRANSIT_OPEN,
					[T_DEBITED] = PAY_TRANSIT_CLEARED,
					[T_RETURNED] = PAY_TRANSIT_RETURNED,
					[T_REJECTED] = PAY_TRANSIT_REJECTED };
	struct pay_transits *t = pay_transits_new(j);
	long pending = 0;
	if (pay_transits_count(t) != S.tx.n)
		broken("the books hold %zu transfers, the files %zu", pay_transits_count(t), S.tx.n);
	for (size_t i = 0; i < S.tx.n; i++) {
		const struct transfer *x = &S.tx.v[i];
		size_t k = pay_transits_find(t, x->e2e);
		if (k == SIZE_MAX)
			broken("transfer %s is not in the books", x->e2e);
		const struct pay_transit *tr = pay_transit_at(t, k);
		if (cents_of(&tr->amount) != x->cents)
			broken("transfer %s: %ld cents in the books, %ld in the file", x->e2e,
			       cents_of(&tr->amount), x->cents);
		if (tr->state != want[x->state])
			broken("transfer %s is in state %d in the books, the bank says %d", x->e2e,
			       (int)tr->state, x->state);
		if (x->state == T_PENDING)
			pending += x->cents;
		else if (!dec_is_zero(&tr->open))
			broken("transfer %s is left in transit after the bank reported it", x->e2e);
	}
	pay_transits_free(t);
	/* the accounts */
	uint32_t transit = journal_find_account(j, "Assets:Transit"),
		 bank = journal_find_account(j, "Assets:Bank");
	struct dec tb = DEC_INIT, bb = DEC_INIT;
	for (size_t i = 0; i < j->postings.n; i++) {
		const struct posting *p = &j->postings.v[i];
		if (p->account == transit)
			dec_add(&tb, &tb, &p->amount);
		else if (p->account == bank)
			dec_add(&bb, &bb, &p->amount);
	}
	if (cents_of(&tb) != -pending)
		broken("the transit account holds %ld cents, the transfers in transit are %ld",
		       cents_of(&tb), pending);
	if (cents_of(&bb) != S.bank)
		broken("the bank account holds %ld cents in the books, %ld at the bank", cents_of(&bb),
		       S.bank);
	dec_clear(&tb);
	dec_clear(&bb);
}

/* The number of a bill "B-N" (0 for anything else). */
static size_t bill_number(const char *inv)
{
	size_t n = 0;
	if (!inv || strncmp(inv, "B-", 2))
		return 0;
	for (const char *p = inv + 2; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (size_t)(*p - '0');
	return n;
}

/*
 * Each bill is paid at most once: of the runs' postings paying it, at most
 * one belongs to a transfer in transit or debited (the others were returned
 * or rejected, and written back). When settled, every bill that is not held
 * or disputed is paid exactly once: by such a transfer, or by credits
 * netted in a run without one.
 */
static void check_once(const struct journal *j, bool settled)
{
	uint32_t run_id = journal_tag_id(j, "pay-run"), inv_id = journal_tag_id(j, "invoice"),
		 e2e_id = journal_tag_id(j, "end-to-end");
	struct pay_transits *t = pay_transits_new(j);
	size_t n = S.stopped.n + 1;
	int *paid = xcalloc(n, sizeof(*paid)), *netted = xcalloc(n, sizeof(*netted));
	for (size_t ti = 0; run_id != NO_ID && ti < j->txns.n; ti++) {
		const struct txn *x = &j->txns.v[ti];
		if (!journal_txn_tag_id(j, x, run_id))
			continue;
		for (uint32_t k = 0; k < x->nposting; k++) {
			const struct posting *p = &j->postings.v[x->first_posting + k];
			size_t b = bill_number(inv_id != NO_ID ? journal_posting_tag_id(j, p, inv_id) : NULL);
			if (!b || b >= n || dec_sgn(&p->amount) <= 0)
				continue;
			const char *e2e = e2e_id != NO_ID ? journal_posting_tag_id(j, p, e2e_id) : NULL;
			if (!e2e) {
				netted[b]++;
				continue;
			}
			size_t i = pay_transits_find(t, e2e);
			if (i == SIZE_MAX)
				broken("bill B-%zu paid by %s, which is no transfer in the books", b, e2e);
			uint8_t st = pay_transit_at(t, i)->state;
			paid[b] += st == PAY_TRANSIT_OPEN || st == PAY_TRANSIT_CLEARED;
		}
	}
	for (size_t b = 1; b < n; b++) {
		if (paid[b] + netted[b] > 1)
			broken("bill B-%zu is paid %d times", b, paid[b] + netted[b]);
		if (settled && !S.stopped.v[b - 1] && paid[b] + netted[b] != 1)
			broken("bill B-%zu is not paid after the bank settled everything", b);
		if (S.stopped.v[b - 1] && paid[b] + netted[b])
			broken("bill B-%zu is held or disputed but paid", b);
	}
	free(paid);
	free(netted);
	pay_transits_free(t);
}

static void check_hledger(void)
{
	if (!S.have_hledger)
		return;
	struct strbuf cmd = STRBUF_INIT;
	strbuf_addf(&cmd, "cd '%s' && CLERK='%s' bash -c '. \"$0\"; assert_hledger_agrees books.journal' "
			  "'%s/tests/cli/lib.sh' >hledger.log 2>&1",
		    S.dir, S.clerk, getenv("top_srcdir") ? getenv("top_srcdir") : ".");
	int rc = system(cmd.buf);
	if (!WIFEXITED(rc) || (WEXITSTATUS(rc) != 0 && WEXITSTATUS(rc) != 77))
		broken("hledger disagrees with clerk (see hledger.log)");
	strbuf_release(&cmd);
}

static void check(bool hledger, bool settled)
{
	struct journal *j = journal_new();
	struct diag d = DIAG_INIT;
	struct strbuf root = STRBUF_INIT;
	strbuf_addf(&root, "%s/books.journal", S.dir);
	if (journal_load_file(j, root.buf, NULL, &d) || journal_check(j, NULL, &d)) {
		struct strbuf sb = STRBUF_INIT;
		diag_format(&sb, &d);
		broken("the books do not check:\n%s", sb.buf);
	}
	check_items(j);
	check_transits(j);
	check_once(j, settled);
	journal_free(j);
	diag_release(&d);
	strbuf_release(&root);
	if (hledger)
		check_hledger();
}

/* ------------------------------------------------------------------ */

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static const char *const pay_faults[] = { "commit:start", "commit:before-rename",
					  "commit:after-rename", "pay-file:before-rename",
					  "pay-file:after-rename" };
static const char *const import_faults[] = { "commit:before-rename", "commit:after-rename" };

static unsigned long number(const char *s)
{
	unsigned long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000UL) {
			fprintf(stderr, "pay_property: not a number: %s\n", s);
			exit(2);
		}
		v = v * 10 + (unsigned long)(*p - '0');
	}
	return v;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: pay_property CLERK SEED STEPS [WORKDIR]\n");
		return 2;
	}
	S.clerk = argv[1];
	S.seed = number(argv[2]);
	S.rng = S.seed * UINT64_C(0x2545F4914F6CDD1D) + 1;
	int steps = (int)number(argv[3]);
	bool keep = argc > 4;
	if (keep) {
		snprintf(S.dir, sizeof(S.dir), "%s", argv[4]);
		if (mkdir(S.dir, 0700) && errno != EEXIST)
			broken("cannot make %s", S.dir);
	} else {
		snprintf(S.dir, sizeof(S.dir), "%s/clerk-pay-property-XXXXXX",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(S.dir))
			broken("cannot make a temporary folder");
	}
	const char *h = getenv("PAY_PROPERTY_HLEDGER");
	S.hledger_every = h && !strcmp(h, "every");
	S.have_hledger = !(h && !strcmp(h, "no")) && system("command -v hledger >/dev/null 2>&1") == 0;
	const char *top = getenv("top_srcdir");
	snprintf(S.schema, sizeof(S.schema), "%s/../shared/schemas/iso20022/pain.001.001.09.xsd",
		 top ? top : ".");
	if (access(S.schema, R_OK) || system("command -v xmllint >/dev/null 2>&1") != 0)
		S.schema[0] = '\0';
	start_books();
	check(false, false);
	for (S.step = 1; S.step <= steps; S.step++) {
		int r = below(100);
		if (r < 22)
			step_bills();
		else if (r < 30)
			step_credit();
		else if (r < 50)
			step_pay(NULL);
		else if (r < 57)
			step_pay(pay_faults[below(ARRAY_SIZE(pay_faults))]);
		else if (r < 77)
			step_bank(NULL);
		else if (r < 82)
			step_bank(import_faults[below(ARRAY_SIZE(import_faults))]);
		else {
			S.today += 1 + below(3);
			printf("  step %d: day\n", S.step);
		}
		check(S.hledger_every, false);
	}
	/* settle: much later, pay everything and let the bank debit it all */
	S.settling = true;
	S.today += 40;
	for (int round = 0; round < 4; round++) {
		S.step++;
		step_pay(NULL);
		S.step++;
		step_bank(NULL);
		S.today += 1;
	}
	check(true, true);
	printf("ok: seed %lu, %d steps, %zu transfers\n", S.seed, steps, S.tx.n);
	VEC_FREE(&S.tx);
	VEC_FREE(&S.stopped);
	if (!keep)
		nftw(S.dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
