/*
 * Benchmark support: an audit list of no-op plugins and a dispatch loop
 * run entirely in C, the baseline the Go benchmarks of the audit driver
 * are compared with (make bench).
 */
#include <string.h>

#include "host.h"

static int bench_notify(void *thd, int cls, const void *ev) {
  (void)thd;
  (void)cls;
  (void)ev;
  return 0;
}

void myp_bench_audit_list(struct myp_audit_list *l, int n) {
  if (n > MYP_MAX_AUDIT) n = MYP_MAX_AUDIT;
  memset(l, 0, sizeof *l);
  l->n = n;
  for (int i = 0; i < n; i++) {
    l->p[i].notify = (void *)bench_notify;
    l->p[i].api = MYP_AUDIT_MYSQL;
    l->p[i].nmasks = 13;
    l->p[i].active = 1;
    for (int c = 0; c < 13; c++) l->p[i].masks[c] = ~0UL;
  }
}

/* Dispatches a GENERAL LOG event iters times, as a C host would. */
void myp_bench_audit_c(const struct myp_audit_list *l, struct myp_thd *t, long long iters) {
  struct myp_event ev;
  memset(&ev, 0, sizeof ev);
  ev.command = "Query";
  ev.query = "SELECT 1";
  ev.sql_command_name = "select";
  for (long long i = 0; i < iters; i++) myp_audit_dispatch(l, t, MYP_AUDIT_GENERAL, MYP_GENERAL_LOG, &ev, NULL);
}

/* Runs iters statements of "SELECT 1" as Session.StartQuery and EndQuery
   do under a MariaDB profile (GENERAL LOG, RESULT, STATUS; then the end
   of the statement), entirely in C: inside the Go process, the C side's
   own cost of a statement, without the crossings. */
void myp_bench_statement_c(const struct myp_audit_list *l, struct myp_thd *t, long long iters) {
  static const int subs[] = {MYP_GENERAL_LOG, MYP_GENERAL_RESULT, MYP_GENERAL_STATUS};
  for (long long i = 0; i < iters; i++) {
    t->query = "SELECT 1";
    t->query_id++;
    t->sql_command = 0;
    for (int k = 0; k < 3; k++) {
      struct myp_event ev;
      memset(&ev, 0, sizeof ev);
      ev.command = "Query";
      ev.query = "SELECT 1";
      myp_audit_dispatch(l, t, MYP_AUDIT_GENERAL, subs[k], &ev, NULL);
    }
    myp_thd_end_statement(t);
  }
}
