/* bench.h - what the C baseline host's files share (bench_host.c). */
#ifndef MYPLUGLOAD_BENCH_H
#define MYPLUGLOAD_BENCH_H

/* Prints "bench_host: what: detail" and exits 1. */
void die(const char *what, const char *detail);

/* Runs fn(ctx, n) with growing n until it lasts the benchtime, as
   testing.B does, and prints a BenchmarkC/<name> line (MB/s when bytes > 0). */
void bench(const char *name, void (*fn)(void *, long), void *ctx, long bytes);

/* The server_audit path (bench_server_audit.c): path is server_audit.so. */
void bench_server_audit(const char *path);

#endif
