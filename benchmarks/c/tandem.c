/*
 * The reference loop Headroom's engine is measured against: a plain C discrete-event simulation
 * of Poisson arrivals through a tandem of FIFO multi-server stations with exponential service
 * (M/M/1 is the one-station case), written the way a competent C programmer would write it in an
 * afternoon: a binary min-heap of value events ordered by (time, insertion sequence), ring-buffer
 * queues, xoshiro256** random numbers and -log(U) exponentials, the mean response time
 * accumulated after a warm-up. No statistics beyond the mean, no allocation in the loop.
 *
 *   cc -O2 -o tandem benchmarks/c/tandem.c -lm
 *   ./tandem CUSTOMERS RATE SERVERS:MEAN [SERVERS:MEAN ...]
 *   ./tandem 10000000 0.8 1:1              # M/M/1, rho 0.8
 *   ./tandem 10000000 0.8 1:1 4:4 2:2      # the three-station Jackson tandem
 *
 * Prints customers completed, events and the mean response time (seconds), so the caller can
 * check it against theory and against Headroom's figure for the same run.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct { double time; uint64_t seq; int32_t kind; int32_t station; int64_t customer; } event;

static event *heap; static size_t heap_n, heap_cap; static uint64_t next_seq;

static inline int before(const event *a, const event *b) {
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}
static void push(double time, int kind, int station, int64_t customer) {
    if (heap_n == heap_cap) { heap_cap = heap_cap ? heap_cap * 2 : 64; heap = realloc(heap, heap_cap * sizeof *heap); }
    event e = { time, next_seq++, kind, station, customer };
    size_t hole = heap_n++;
    while (hole > 0) {
        size_t parent = (hole - 1) / 2;
        if (!before(&e, &heap[parent])) break;
        heap[hole] = heap[parent]; hole = parent;
    }
    heap[hole] = e;
}
static event pop(void) {
    event top = heap[0], last = heap[--heap_n];
    size_t hole = 0;
    for (;;) {
        size_t child = 2 * hole + 1;
        if (child >= heap_n) break;
        if (child + 1 < heap_n && before(&heap[child + 1], &heap[child])) child++;
        if (!before(&heap[child], &last)) break;
        heap[hole] = heap[child]; hole = child;
    }
    if (heap_n) heap[hole] = last;
    return top;
}

static uint64_t s[4];
static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static inline uint64_t next(void) {
    uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    return r;
}
static inline double exponential(double mean) {
    double u = ((double)(next() >> 12) + 0.5) * 0x1p-52;
    return -mean * log(u);
}

typedef struct { int servers, busy; double mean; int64_t *ring; size_t head, n, cap; } station;
enum { ARRIVAL, DEPARTURE };

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: %s CUSTOMERS RATE SERVERS:MEAN...\n", argv[0]); return 2; }
    int64_t customers = (int64_t)atof(argv[1]);
    double rate = atof(argv[2]);
    int k = argc - 3;
    station *st = calloc(k, sizeof *st);
    for (int i = 0; i < k; i++) {
        if (sscanf(argv[3 + i], "%d:%lf", &st[i].servers, &st[i].mean) != 2) { fprintf(stderr, "bad station %s\n", argv[3 + i]); return 2; }
        st[i].cap = 1024; st[i].ring = malloc(st[i].cap * sizeof(int64_t));
    }
    /* Per-customer arrival time, in a ring indexed by customer number (customers in the system at
       once stay far below its size at any stable load). */
    size_t slots = 1 << 20; double *born = malloc(slots * sizeof(double));
    s[0] = 0x9e3779b97f4a7c15ull; s[1] = 0xbf58476d1ce4e5b9ull; s[2] = 0x94d049bb133111ebull; s[3] = 1;

    double warmup = 10000.0, end = customers / rate, sum = 0; int64_t done = 0, arrived = 0; uint64_t events = 0;
    push(exponential(1 / rate), ARRIVAL, 0, 0);
    while (heap_n) {
        event e = pop();
        if (e.time > end) break;
        events++;
        int at; int64_t c = e.customer;
        if (e.kind == ARRIVAL) {
            c = arrived++; born[c & (slots - 1)] = e.time; at = 0;
            push(e.time + exponential(1 / rate), ARRIVAL, 0, 0);
        } else {
            station *x = &st[e.station];
            if (x->n) {          /* the next in line starts at once */
                int64_t w = x->ring[x->head]; x->head = (x->head + 1) & (x->cap - 1); x->n--;
                push(e.time + exponential(x->mean), DEPARTURE, e.station, w);
            } else x->busy--;
            at = e.station + 1;
            if (at == k) {
                double t0 = born[c & (slots - 1)];
                if (t0 >= warmup) { sum += e.time - t0; done++; }
                continue;
            }
        }
        station *x = &st[at];
        if (x->busy < x->servers) { x->busy++; push(e.time + exponential(x->mean), DEPARTURE, at, c); }
        else {
            if (x->n == x->cap) {
                int64_t *r = malloc(2 * x->cap * sizeof(int64_t));
                for (size_t i = 0; i < x->n; i++) r[i] = x->ring[(x->head + i) & (x->cap - 1)];
                free(x->ring); x->ring = r; x->head = 0; x->cap *= 2;
            }
            x->ring[(x->head + x->n) & (x->cap - 1)] = c; x->n++;
        }
    }
    printf("customers %lld events %llu mean_response %.6f\n", (long long)done, (unsigned long long)events, sum / done);
    return 0;
}
